"""Signed actor networks and the frustration of a partition of one.

A :class:`SignedNetwork` keeps the positive and the negative weight of every tie apart, so that
two actors who agree on some targets and disagree on others keep an *ambivalent* tie (both parts
non-zero) instead of a misleading zero. Coalition detection partitions such a network; the
*frustration* of a partition is the weight of negative ties inside coalitions plus the weight of
positive ties between them (the correlation-clustering objective; Bansal, Blum & Chawla 2004).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from ..errors import InvalidRecordError, UnknownIdError, closest

__all__ = ["SignedNetwork", "canonical_labels", "frustration"]

Labels = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class SignedNetwork:
    """An undirected network of actors whose ties have a positive and a negative part.

    Attributes
    ----------
    ids : tuple of str
        Actor ids; row and column ``i`` of the matrices is ``ids[i]``.
    positive, negative : scipy.sparse.csr_array
        Symmetric, non-negative, zero diagonal: the weight of agreement and of conflict
        between each pair of actors.
    """

    ids: tuple[str, ...]
    positive: sp.csr_array
    negative: sp.csr_array
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = len(self.ids)
        for name in ("positive", "negative"):
            matrix = getattr(self, name)
            if matrix.shape != (n, n):
                raise InvalidRecordError(f"{name} matrix has shape {matrix.shape}",
                                         expected=f"({n}, {n}) for {n} ids")
            if matrix.nnz and matrix.data.min() < 0:
                raise InvalidRecordError(f"{name} matrix holds negative weights",
                                         expected="weights >= 0")
        object.__setattr__(self, "index", {id: i for i, id in enumerate(self.ids)})
        if len(self.index) != n:
            raise InvalidRecordError("ids repeat", expected="each id once")

    @classmethod
    def from_edges(
        cls, ids: Sequence[str], edges: Iterable[tuple[str, str, float]]
    ) -> SignedNetwork:
        """Build a network from ``(a, b, weight)`` ties: weight > 0 agrees, < 0 conflicts.

        Ties are undirected; repeated ties add up (a pair can be ambivalent).

        >>> net = SignedNetwork.from_edges("abc", [("a", "b", 1), ("b", "c", -2), ("a", "b", -0.5)])
        >>> net.to_networkx().edges["a", "b"]
        {'positive': 1.0, 'negative': 0.5, 'weight': 0.5, 'sign': 1, 'ambivalent': True}
        """
        index = {id: i for i, id in enumerate(ids)}
        rows, cols, pos, neg = [], [], [], []
        for a, b, w in edges:
            for end in (a, b):
                if end not in index:
                    raise UnknownIdError("unknown actor", id=end,
                                         suggestion=closest(end, index))
            if a == b:
                continue
            rows.append(index[a])
            cols.append(index[b])
            pos.append(max(w, 0.0))
            neg.append(max(-w, 0.0))
        n = len(ids)
        return cls(tuple(ids), _symmetric(rows, cols, pos, n), _symmetric(rows, cols, neg, n))

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def difference(self) -> sp.csr_array:
        """Positive minus negative weight: the net tie between each pair."""
        return (self.positive - self.negative).tocsr()

    def degree(self) -> npt.NDArray[np.float64]:
        """Total tie weight (positive plus negative) of each actor."""
        return np.asarray(self.positive.sum(axis=1) + self.negative.sum(axis=1)).ravel()

    def isolated(self) -> list[str]:
        """Ids of actors with no tie at all, sorted."""
        return sorted(self.ids[i] for i in np.flatnonzero(self.degree() == 0))

    def parts(self) -> Labels:
        """Connected part of each actor (ties of either sign connect), numbered canonically."""
        ties = (self.positive + self.negative).tocsr()
        _, parts = connected_components(ties, directed=False)
        return canonical_labels(parts)

    def largest_part(self) -> int:
        """Number of actors in the largest connected part that has at least one tie."""
        parts = self.parts()
        tied = np.bincount(parts, weights=self.degree() > 0, minlength=int(parts.max()) + 1) \
            if len(parts) else np.zeros(0)
        sizes = np.bincount(parts) if len(parts) else np.zeros(0, dtype=np.int64)
        return int(sizes[tied > 0].max()) if np.any(tied > 0) else 0

    def subnetwork(self, keep: Sequence[int] | npt.NDArray[np.integer[Any]]) -> SignedNetwork:
        """The network among the actors at positions ``keep`` (in that order)."""
        idx = np.asarray(keep, dtype=np.int64)
        return SignedNetwork(tuple(self.ids[i] for i in idx),
                             self.positive[idx][:, idx].tocsr(), self.negative[idx][:, idx].tocsr())

    def to_networkx(self) -> nx.Graph[str]:
        """An undirected networkx graph: one node per actor, one edge per tie.

        Edge attributes: ``positive``, ``negative``, ``weight`` (their difference), ``sign``
        (+1, -1 or 0) and ``ambivalent`` (both parts non-zero).
        """
        graph: nx.Graph[str] = nx.Graph()
        graph.add_nodes_from(self.ids)
        pos = sp.triu(self.positive, k=1).todok()
        neg = sp.triu(self.negative, k=1).todok()
        for i, j in sorted(set(pos.keys()) | set(neg.keys())):
            p, q = float(pos.get((i, j), 0.0)), float(neg.get((i, j), 0.0))
            graph.add_edge(self.ids[i], self.ids[j], positive=p, negative=q, weight=p - q,
                           sign=int(np.sign(p - q)), ambivalent=bool(p > 0 and q > 0))
        return graph

    def __repr__(self) -> str:
        ties = sp.triu(self.positive + self.negative, k=1).nnz
        return f"<SignedNetwork: {len(self.ids)} actors, {ties} ties>"


def _symmetric(rows: list[int], cols: list[int], data: list[float], n: int) -> sp.csr_array:
    r = np.asarray(rows, dtype=np.int64)
    c = np.asarray(cols, dtype=np.int64)
    d = np.asarray(data, dtype=np.float64)
    upper = sp.coo_array((d, (r, c)), shape=(n, n)).tocsr()
    matrix = (upper + upper.T).tocsr()
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return matrix


def frustration(network: SignedNetwork, labels: Any) -> float:
    """The weight of negative ties inside coalitions plus positive ties between them.

    ``labels[i]`` is the coalition of ``network.ids[i]``. Each undirected tie counts once.

    >>> net = SignedNetwork.from_edges("abc", [("a", "b", 1), ("b", "c", -2), ("a", "c", 0.5)])
    >>> frustration(net, [0, 0, 1]), frustration(net, [0, 0, 0])
    (0.5, 2.0)
    """
    lab = np.asarray(labels)
    if lab.shape != (len(network.ids),):
        raise InvalidRecordError(f"{lab.size} labels for {len(network.ids)} actors",
                                 expected="one label per actor")
    total = 0.0
    for matrix, inside in ((network.positive, False), (network.negative, True)):
        coo = sp.triu(matrix, k=1).tocoo()
        same = lab[coo.row] == lab[coo.col]
        total += float(coo.data[same == inside].sum())
    return total


def canonical_labels(labels: Any) -> Labels:
    """Renumber labels 0, 1, 2, ... in order of first appearance (a canonical form).

    >>> canonical_labels([5, 5, 2, 9, 2]).tolist()
    [0, 0, 1, 2, 1]
    """
    lab = np.asarray(labels)
    _, first, inverse = np.unique(lab, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))
    return np.asarray(order[inverse], dtype=np.int64)
