"""Signed actor networks and the frustration of a partition of one.

A :class:`SignedNetwork` keeps the positive and the negative weight of every tie apart, so that
two actors who agree on some targets and disagree on others keep an *ambivalent* tie (both parts
non-zero) instead of a misleading zero. Coalition detection partitions such a network; the
*frustration* of a partition is the weight of negative ties inside coalitions plus the weight of
positive ties between them (the correlation-clustering objective; Bansal, Blum & Chawla 2004).

A network comes in one of two forms with the same interface, each its own type:

- :class:`SignedNetwork` itself holds the positive and negative matrices;
- :class:`FactoredNetwork` holds the actor × target matrices ``A+`` and ``A-`` it is
  projected from (see
  :mod:`~stancegraph.analysis.networks`), plus direct ties. A million statements about popular
  targets project onto billions of actor pairs, but every computation the algorithms need --
  products with the net tie matrix ``W = A Aᵀ - diag + D`` (``A = A+ - A-``), degrees, sums
  inside a group -- costs one pass over the statements. ``positive`` and ``negative`` are
  materialised only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .._presenters import present
from ..errors import InvalidRecordError, MissingExtraError, UnknownIdError, closest

__all__ = ["FactoredNetwork", "SignedNetwork", "beyond_expectation", "canonical_labels",
           "frustration",
           "nonzero_cells", "require_igraph", "values_at"]

Labels = npt.NDArray[np.int64]
Vector = npt.NDArray[np.float64]


class SignedNetwork:
    """An undirected network of actors whose ties have a positive and a negative part.

    Parameters
    ----------
    ids : sequence of str
        Actor ids; row and column ``i`` of the matrices is ``ids[i]``.
    positive, negative : scipy.sparse matrix
        Symmetric, non-negative, zero diagonal: the weight of agreement and of conflict
        between each pair of actors.

    Use :meth:`factored` for a network given by its actor × target matrices (a
    :class:`FactoredNetwork`, with the same interface).
    """

    def __init__(self, ids: Sequence[str], positive: Any, negative: Any) -> None:
        self._set(ids, positive, negative, check_symmetry=True)

    def _set(self, ids: Sequence[str], positive: Any, negative: Any, *,
             check_symmetry: bool) -> None:
        self.ids: tuple[str, ...] = tuple(ids)
        self.index: dict[str, int] = _index(self.ids)
        n = len(self.ids)
        matrices = []
        for name, matrix in (("positive", positive), ("negative", negative)):
            matrix = sp.csr_array(matrix, dtype=np.float64)
            if matrix.shape != (n, n):
                raise InvalidRecordError(f"{name} matrix has shape {matrix.shape}",
                                         expected=f"({n}, {n}) for {n} ids")
            if matrix.nnz and not np.isfinite(matrix.data).all():
                raise InvalidRecordError(f"{name} matrix holds weights that are not finite",
                                         expected="finite weights >= 0")
            if matrix.nnz and matrix.data.min() < 0:
                raise InvalidRecordError(f"{name} matrix holds negative weights",
                                         expected="weights >= 0")
            if matrix.nnz and np.any(matrix.diagonal() != 0):
                raise InvalidRecordError(f"{name} matrix ties actors to themselves",
                                         expected="a zero diagonal")
            if check_symmetry and matrix.nnz and \
                    abs(matrix - matrix.T).max() > 1e-9 * max(1.0, matrix.max()):
                raise InvalidRecordError(f"{name} matrix is not symmetric",
                                         expected="the same weight for (i, j) and (j, i)")
            matrices.append(matrix)
        self._explicit: tuple[sp.csr_array, sp.csr_array] | None = (matrices[0], matrices[1])

    @staticmethod
    def _symmetric_by_construction(ids: Sequence[str], positive: Any,
                                   negative: Any) -> SignedNetwork:
        """A network whose matrices are symmetric by how they were made (a projection
        ``X Xᵀ``, the part of a symmetric network among some actors): checked as by the
        constructor, but for the symmetry, whose check costs more than the rest together."""
        network = SignedNetwork.__new__(SignedNetwork)
        network._set(ids, positive, negative, check_symmetry=False)
        return network

    @staticmethod
    def factored(ids: Sequence[str], plus: Any, minus: Any, direct_positive: Any = None,
                 direct_negative: Any = None) -> FactoredNetwork:
        """The network projected from actor × target matrices ``plus`` (``A+``) and ``minus``
        (``A-``), plus direct ties: a :class:`FactoredNetwork`."""
        return FactoredNetwork(ids, plus, minus, direct_positive, direct_negative)

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
            if not np.isfinite(w):
                raise InvalidRecordError(f"tie {a!r}-{b!r} has a weight that is not finite",
                                         id=str(w), expected="a finite number")
            rows.append(index[a])
            cols.append(index[b])
            pos.append(max(w, 0.0))
            neg.append(max(-w, 0.0))
        n = len(ids)
        return SignedNetwork(tuple(ids), _symmetric(rows, cols, pos, n),
                             _symmetric(rows, cols, neg, n))

    # -- form -----------------------------------------------------------------------------
    @property
    def is_factored(self) -> bool:
        """True for a :class:`FactoredNetwork` (see the module docstring)."""
        return False

    @property
    def factors(self) -> tuple[sp.csr_array, sp.csr_array, sp.csr_array, sp.csr_array] | None:
        """A factored network's ``(A+, A-, direct positive, direct negative)`` (see
        :meth:`factored`), None for one held as its tie matrices. Do not modify them."""
        return None

    def __len__(self) -> int:
        return len(self.ids)

    def tie_bound(self) -> int:
        """The number of ties (pairs with a non-zero part), or for a factored network an upper
        bound on it that costs one pass over the factors and materialises nothing.

        >>> SignedNetwork.from_edges("abc", [("a", "b", 1), ("b", "c", -2)]).tie_bound()
        2
        """
        positive, negative = self._materialised()
        return int(sp.triu(positive + negative, k=1).nnz)

    @property
    def positive(self) -> sp.csr_array:
        """Agreement between each pair (materialised on first use for a factored network)."""
        return self._materialised()[0]

    @property
    def negative(self) -> sp.csr_array:
        """Conflict between each pair (materialised on first use for a factored network)."""
        return self._materialised()[1]

    @property
    def difference(self) -> sp.csr_array:
        """Positive minus negative weight: the net tie between each pair (computed once;
        do not modify it)."""
        cached = getattr(self, "_difference", None)
        if cached is None:
            positive, negative = self._materialised()
            cached = self._difference = (positive - negative).tocsr()
        return cached

    def _materialised(self) -> tuple[sp.csr_array, sp.csr_array]:
        assert self._explicit is not None  # always held by this form
        return self._explicit

    def _upper_ties(self) -> tuple[sp.coo_array, sp.coo_array]:
        """The upper triangles of ``positive`` and ``negative`` (each tie once), computed once:
        every :func:`frustration` of a partition sums over them."""
        cached = getattr(self, "_upper", None)
        if cached is None:
            positive, negative = self._materialised()
            cached = self._upper = (sp.triu(positive, k=1).tocoo(),
                                    sp.triu(negative, k=1).tocoo())
        return cached

    # -- products --------------------------------------------------------------------------
    def net_product(self, m: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """``W @ m`` for the net tie matrix ``W = positive - negative`` (a vector or columns)."""
        cached = getattr(self, "_net_operator", None)
        if cached is None:
            cached = self._net_operator = _operator(self.difference)
        return np.asarray(cached @ np.asarray(m, dtype=np.float64))

    def tie_product(self, m: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """``(positive + negative) @ m``: products with the total tie weight."""
        cached = getattr(self, "_total", None)
        if cached is None:
            positive, negative = self._materialised()
            cached = self._total = _operator((positive + negative).tocsr())
        return np.asarray(cached @ np.asarray(m, dtype=np.float64))

    def positive_sums(self) -> Vector:
        """Total agreement of each actor (row sums of ``positive``)."""
        return np.asarray(self._materialised()[0].sum(axis=1)).ravel()

    def degree(self) -> Vector:
        """Total tie weight (positive plus negative) of each actor."""
        return self.tie_product(np.ones(len(self)))

    def net_at(self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]) -> Vector:
        """The net tie (positive minus negative) of each pair ``(rows[k], cols[k])``, without
        materialising a factored network's tie matrices.

        >>> net = SignedNetwork.from_edges("abc", [("a", "b", 1), ("b", "c", -2)])
        >>> net.net_at(np.array([0, 1, 0]), np.array([1, 2, 2])).tolist()
        [1.0, -2.0, 0.0]
        """
        return values_at(self.difference, rows, cols)

    def within(self, members: Sequence[int] | npt.NDArray[np.integer[Any]]) -> tuple[float, float]:
        """(agreement, conflict) summed over the pairs inside a group, each pair once."""
        return self.within_each([members])[0]

    def within_each(self, groups: Sequence[Sequence[int] | npt.NDArray[np.integer[Any]]]
                    ) -> list[tuple[float, float]]:
        """:meth:`within` of each group, from two products with the groups' indicators
        rather than two per group.

        >>> net = SignedNetwork.from_edges("abc", [("a", "b", 2), ("b", "c", -1)])
        >>> net.within_each([[0, 1], [0, 1, 2]])
        [(2.0, 0.0), (2.0, 1.0)]
        """
        indicator = np.zeros((len(self), len(groups)))
        for column, members in enumerate(groups):
            indicator[np.asarray(members, dtype=np.int64), column] = 1.0
        totals = np.einsum("ij,ij->j", indicator, self.tie_product(indicator)) / 2
        nets = np.einsum("ij,ij->j", indicator, self.net_product(indicator)) / 2
        return [((total + net) / 2, (total - net) / 2)
                for total, net in zip(totals.tolist(), nets.tolist(), strict=True)]

    # -- structure -------------------------------------------------------------------------
    def isolated(self) -> list[str]:
        """Ids of actors with no tie at all, sorted."""
        return sorted(self.ids[i] for i in np.flatnonzero(self.degree() <= 1e-12))

    def parts(self) -> Labels:
        """Connected part of each actor (ties of either sign connect), numbered canonically."""
        cached = getattr(self, "_parts", None)
        if cached is None:  # computed once: each partition by method "auto" asks
            positive, negative = self._materialised()
            _, parts = connected_components((positive + negative).tocsr(), directed=False)
            cached = self._parts = canonical_labels(parts)
        return np.array(cached)

    def largest_part(self) -> int:
        """Number of actors in the largest connected part that has at least one tie."""
        if not len(self):
            return 0
        parts = self.parts()
        tied = np.bincount(parts, weights=self.degree() > 1e-12)
        sizes = np.bincount(parts)
        return int(sizes[tied > 0].max()) if np.any(tied > 0) else 0

    def subnetwork(self, keep: Sequence[int] | npt.NDArray[np.integer[Any]]) -> SignedNetwork:
        """The network among the actors at positions ``keep`` (in that order), in this form."""
        idx = np.asarray(keep, dtype=np.int64)
        positive, negative = self._materialised()
        return SignedNetwork._symmetric_by_construction(
            tuple(self.ids[i] for i in idx), positive[idx][:, idx], negative[idx][:, idx])

    def to_networkx(self) -> nx.Graph[str]:
        """An undirected networkx graph: one node per actor, one edge per tie.

        Edge attributes: ``positive``, ``negative``, ``weight`` (their difference), ``sign``
        (+1, -1 or 0) and ``ambivalent`` (both parts non-zero).
        """
        positive, negative = self._materialised()
        graph: nx.Graph[str] = nx.Graph()
        graph.add_nodes_from(self.ids)
        pos = sp.triu(positive, k=1).todok()
        neg = sp.triu(negative, k=1).todok()
        for i, j in sorted(set(pos.keys()) | set(neg.keys())):
            p, q = float(pos.get((i, j), 0.0)), float(neg.get((i, j), 0.0))
            graph.add_edge(self.ids[i], self.ids[j], positive=p, negative=q, weight=p - q,
                           sign=int(np.sign(p - q)), ambivalent=bool(p > 0 and q > 0))
        return graph

    def to_igraph(self) -> Any:
        """An undirected python-igraph ``Graph`` (needs the ``igraph`` extra): vertex ``i`` is
        actor ``ids[i]`` (its id the vertex attribute ``name``), one edge per tie, in the order
        of :meth:`to_networkx`, with the same attributes: ``positive``, ``negative``, ``weight``
        (their difference, negative for conflict: give igraph's algorithms that need
        non-negative weights ``positive`` or ``negative``), ``sign`` and ``ambivalent``.

        >>> net = SignedNetwork.from_edges("abc", [("a", "b", 1), ("b", "c", -2)])
        >>> graph = net.to_igraph()
        >>> graph.vs["name"], graph.es["sign"], graph.es[graph.get_eid("c", "b")]["weight"]
        (['a', 'b', 'c'], [1, -1], -2.0)
        """
        ig = require_igraph()
        i, j, p, q = self._ties()
        weight = p - q
        return ig.Graph(n=len(self.ids), edges=list(zip(i.tolist(), j.tolist(), strict=True)),
                        directed=False, vertex_attrs={"name": list(self.ids)},
                        edge_attrs={"positive": p.tolist(), "negative": q.tolist(),
                                    "weight": weight.tolist(),
                                    "sign": np.sign(weight).astype(np.int64).tolist(),
                                    "ambivalent": ((p > 0) & (q > 0)).tolist()})

    def to_frame(self, part: str = "net", *, sparse: bool = False) -> Any:
        """The ties as a square pandas DataFrame, rows and columns labelled by actor id
        (needs the ``pandas`` extra).

        ``part`` is ``"net"`` (agreement minus conflict, :attr:`difference`), ``"positive"``
        or ``"negative"``. A dense frame of ``n`` actors holds ``n²`` numbers (a factored
        network is materialised first); ``sparse=True`` gives pandas' sparse columns instead.

        >>> net = SignedNetwork.from_edges("abc", [("a", "b", 1), ("b", "c", -2)])
        >>> net.to_frame().loc["b"].tolist(), net.to_frame("negative").loc["b", "c"]
        ([1.0, 0.0, -2.0], np.float64(2.0))
        """
        return present("signed network frame")(self, part, sparse=sparse)

    def _ties(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], Vector, Vector]:
        """Each tie once (``i < j``, sorted): ``(i, j, positive part, negative part)``."""
        positive, negative = self._materialised()
        pos, neg = sp.triu(positive, k=1), sp.triu(negative, k=1)
        i, j = nonzero_cells(abs(pos) + abs(neg))
        return i, j, values_at(pos, i, j), values_at(neg, i, j)

    def __repr__(self) -> str:
        positive, negative = self._materialised()
        ties = sp.triu(positive + negative, k=1).nnz
        return f"<SignedNetwork: {len(self.ids)} actors, {ties} ties>"


class FactoredNetwork(SignedNetwork):
    """A signed network held as the actor × target matrices it is projected from.

    Agreement ``X Xᵀ`` and conflict ``X Yᵀ`` with ``X = [A+ | A-]`` and ``Y = [A- | A+]``,
    diagonals removed, plus the direct ties (symmetric, n × n). Every product the algorithms
    need costs one pass over the statements; ``positive`` and ``negative`` are materialised
    only when asked for.

    >>> import numpy as np
    >>> net = FactoredNetwork("abc", np.array([[1, 0], [1, 0], [0, 1]]),
    ...                       np.array([[0, 1], [0, 0], [1, 0]]))
    >>> net.net_product(np.ones(3)).tolist()  # a: +1 (b) -2 (c); b: +1 (a) -1 (c); c: -2 -1
    [-1.0, 0.0, -3.0]
    >>> net.tie_bound(), net.is_factored, net.positive.toarray().tolist()
    (3, True, [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    """

    def __init__(self, ids: Sequence[str], plus: Any, minus: Any,
                 direct_positive: Any = None, direct_negative: Any = None) -> None:
        self.ids = tuple(ids)
        self.index = _index(self.ids)
        n = len(self.ids)
        empty = sp.csr_array((n, n))
        a_plus, a_minus = sp.csr_array(plus, dtype=np.float64), sp.csr_array(minus, dtype=np.float64)
        if a_plus.shape[0] != n or a_plus.shape != a_minus.shape:
            raise InvalidRecordError(f"factor shapes {a_plus.shape} and {a_minus.shape}",
                                     expected=f"two matrices of {n} rows and as many columns")
        self._factors = (a_plus, a_minus,
                         sp.csr_array(direct_positive if direct_positive is not None
                                      else empty, dtype=np.float64),
                         sp.csr_array(direct_negative if direct_negative is not None
                                      else empty, dtype=np.float64))
        self._explicit = None

    @property
    def is_factored(self) -> bool:
        return True

    @property
    def factors(self) -> tuple[sp.csr_array, sp.csr_array, sp.csr_array, sp.csr_array]:
        """``(A+, A-, direct positive, direct negative)``. Do not modify them."""
        return self._factors

    def tie_bound(self) -> int:
        a_plus, a_minus, d_pos, d_neg = self._factors
        holders = np.diff(sp.csc_array(abs(a_plus) + abs(a_minus)).indptr).astype(np.int64)
        pairs = int((holders * (holders - 1) // 2).sum())
        return min(pairs + int(sp.triu(d_pos + d_neg, k=1).nnz), len(self) * (len(self) - 1) // 2)

    def _materialised(self) -> tuple[sp.csr_array, sp.csr_array]:
        if self._explicit is None:
            a_plus, a_minus, d_pos, d_neg = self._factors
            x = sp.hstack([a_plus, a_minus]).tocsr()
            y = sp.hstack([a_minus, a_plus]).tocsr()
            self._explicit = (_without_diagonal(x @ x.T + d_pos),
                              _without_diagonal(x @ y.T + d_neg))
        return self._explicit

    def factor_products(self) -> tuple[sp.csr_array, sp.csr_array, Vector, Vector]:
        """(A, S, |x_i|², x_i·y_i), computed once: the net and total affiliation, and the
        diagonals the factored products must leave out."""
        cached = getattr(self, "_derived_cache", None)
        if cached is None:
            a_plus, a_minus, _, _ = self._factors
            square = np.asarray(a_plus.multiply(a_plus).sum(axis=1) +
                                a_minus.multiply(a_minus).sum(axis=1)).ravel()
            cross = 2 * np.asarray(a_plus.multiply(a_minus).sum(axis=1)).ravel()
            cached = ((a_plus - a_minus).tocsr(), (a_plus + a_minus).tocsr(), square, cross)
            self._derived_cache = cached
        return cached

    def net_product(self, m: npt.ArrayLike) -> npt.NDArray[np.float64]:
        m = np.asarray(m, dtype=np.float64)
        _, _, d_pos, d_neg = self._factors
        a, _, square, cross = self.factor_products()
        own = (square - cross)[:, None] if m.ndim == 2 else square - cross
        return np.asarray(a @ (a.T @ m) - own * m + d_pos @ m - d_neg @ m)

    def tie_product(self, m: npt.ArrayLike) -> npt.NDArray[np.float64]:
        m = np.asarray(m, dtype=np.float64)
        _, _, d_pos, d_neg = self._factors
        _, s, square, cross = self.factor_products()
        own = (square + cross)[:, None] if m.ndim == 2 else square + cross
        return np.asarray(s @ (s.T @ m) - own * m + d_pos @ m + d_neg @ m)

    def positive_sums(self) -> Vector:
        cached = getattr(self, "_positive_sums", None)
        if cached is None:  # computed once: every frustration of a partition needs it
            ones = np.ones(len(self))
            cached = self._positive_sums = (self.tie_product(ones) + self.net_product(ones)) / 2
        return np.array(cached)

    def net_at(self, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]) -> Vector:
        # The net tie of i and j is a_i . a_j (A = A+ - A-) plus the direct ties' difference.
        a, _, _, _ = self.factor_products()
        _, _, d_pos, d_neg = self._factors
        shared = np.asarray(a[rows].multiply(a[cols]).sum(axis=1)).ravel()
        net = shared + values_at(d_pos - d_neg, rows, cols)
        return np.where(rows == cols, 0.0, net)

    def parts(self) -> Labels:
        # Actors sharing a target are tied: components of the actor–target graph.
        n = len(self)
        a_plus, a_minus, d_pos, d_neg = self._factors
        s = (abs(a_plus) + abs(a_minus)).tocsr()
        m = s.shape[1]
        ties = sp.block_array([[d_pos + d_neg, s], [s.T, sp.csr_array((m, m))]]).tocsr()
        _, parts = connected_components(ties, directed=False)
        return canonical_labels(parts[:n])

    def subnetwork(self, keep: Sequence[int] | npt.NDArray[np.integer[Any]]) -> FactoredNetwork:
        idx = np.asarray(keep, dtype=np.int64)
        a_plus, a_minus, d_pos, d_neg = self._factors
        return FactoredNetwork(tuple(self.ids[i] for i in idx), a_plus[idx], a_minus[idx],
                               d_pos[idx][:, idx], d_neg[idx][:, idx])

    def __repr__(self) -> str:
        if self._explicit is None:
            return f"<SignedNetwork: {len(self.ids)} actors, factored>"
        return super().__repr__()


def nonzero_cells(matrix: Any) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The rows and columns of a sparse matrix's non-zero cells, in row-major order.

    >>> rows, cols = nonzero_cells(sp.csr_array([[0, 2], [3, 0]]))
    >>> rows.tolist(), cols.tolist()
    ([0, 1], [1, 0])
    """
    coo = sp.coo_array(matrix)
    keep = coo.data != 0
    rows, cols = coo.row[keep].astype(np.int64), coo.col[keep].astype(np.int64)
    order = np.lexsort((cols, rows))
    return rows[order], cols[order]


def values_at(matrix: Any, rows: npt.NDArray[np.int64], cols: npt.NDArray[np.int64]) -> Vector:
    """A sparse matrix's cells at ``(rows[k], cols[k])`` (0 where it holds none).

    >>> values_at(sp.csr_array([[0, 2], [3, 0]]), np.array([1, 0]), np.array([0, 0])).tolist()
    [3.0, 0.0]
    """
    coo = sp.coo_array(matrix)
    coo.sum_duplicates()
    width = max(coo.shape[1], 1)
    keys = coo.row.astype(np.int64) * width + coo.col
    order = np.argsort(keys)
    keys, data = keys[order], coo.data[order].astype(np.float64)
    wanted = rows * width + cols
    if not len(keys):
        return np.zeros(len(wanted))
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, data[at], 0.0)


def require_igraph() -> Any:
    """Import python-igraph, or say how to install it."""
    try:
        import igraph
    except ImportError as err:
        raise MissingExtraError.of("igraph", "an igraph Graph") from err
    return igraph


def _index(ids: tuple[str, ...]) -> dict[str, int]:
    index = {id: i for i, id in enumerate(ids)}
    if len(index) != len(ids):
        raise InvalidRecordError("ids repeat", expected="each id once")
    return index


def _without_diagonal(m: Any) -> sp.csr_array:
    m = sp.csr_array(m)
    m.setdiag(0)
    m.eliminate_zeros()
    m.sort_indices()
    return m


def _symmetric(rows: list[int], cols: list[int], data: list[float], n: int) -> sp.csr_array:
    r = np.asarray(rows, dtype=np.int64)
    c = np.asarray(cols, dtype=np.int64)
    d = np.asarray(data, dtype=np.float64)
    upper = sp.coo_array((d, (r, c)), shape=(n, n)).tocsr()
    matrix = (upper + upper.T).tocsr()
    matrix.eliminate_zeros()
    matrix.sort_indices()
    return matrix


def beyond_expectation(network: SignedNetwork) -> SignedNetwork:
    """The network of agreement beyond what the two actors' overall agreement predicts: what
    the camps are found on.

    Each positive tie between ``i`` and ``j`` loses ``k_i k_j / 2m``, the agreement expected
    between them if each actor's total agreement ``k`` (its row sum of ``positive``; ``2m``
    their sum) were spread over the others in proportion to theirs -- the configuration null
    of modularity (Newman & Girvan 2004), as signed modularity applies it to positive ties
    (Gómez, Jensen & Arenas 2009; Traag & Bruggeman 2009). What is left is the tie's positive
    part; a shortfall joins its negative part. Negative ties count in full: a conflict is
    evidence of two camps whatever the actors' other ties. Only tied pairs change, so a sparse
    network stays sparse; minimising frustration on the result maximises that signed
    modularity over the tied pairs.

    Why: a stand that (nearly) every actor takes -- an alliance's consensus, rolled up to all
    its members -- ties every pair, and a minimum-frustration partition then keeps every actor
    in one camp however clearly the debate divides on the rest. The consensus is what every
    actor's agreement consists of, so it is what the null expects; two actors stay tied by the
    agreement they share beyond it. On a sparse network (a few ties per actor among many) the
    expected agreement is tiny and the ties barely change.

    A factored network (:class:`FactoredNetwork`, too large to list its ties) is returned
    as it is.

    Two pairs that each agree on three targets, and all four actors on one (a consensus):
    one camp has no frustration, two camps cut four agreements; beyond the consensus (each
    actor's expected agreement with another, 5 × 5 / 20 = 1.25, exceeds the one target two
    actors of different pairs share) the two pairs are two camps.

    >>> net = SignedNetwork.from_edges("abcd", [("a", "b", 3), ("c", "d", 3), ("a", "c", 1),
    ...     ("a", "d", 1), ("b", "c", 1), ("b", "d", 1)])
    >>> one, two = [0, 0, 0, 0], [0, 0, 1, 1]
    >>> frustration(net, one), frustration(net, two)
    (0.0, 4.0)
    >>> adjusted = beyond_expectation(net)
    >>> adjusted.difference.toarray()[0].tolist()  # a's ties
    [0.0, 1.75, -0.25, -0.25]
    >>> frustration(adjusted, one), frustration(adjusted, two)
    (1.0, 0.0)
    """
    if network.is_factored:
        return network
    positive = sp.csr_array(network.positive)
    degree = np.asarray(positive.sum(axis=1)).ravel()
    total = float(degree.sum())
    if total <= 0:
        return network
    coo = positive.tocoo()
    residual = coo.data - degree[coo.row] * degree[coo.col] / total
    n = len(network)
    kept = sp.csr_array((np.maximum(residual, 0.0), (coo.row, coo.col)), shape=(n, n))
    short = sp.csr_array((np.maximum(-residual, 0.0), (coo.row, coo.col)), shape=(n, n))
    kept.eliminate_zeros()
    negative = sp.csr_array(network.negative) + short
    negative.eliminate_zeros()
    return SignedNetwork._symmetric_by_construction(network.ids, kept, negative)


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
    if not network.is_factored:
        total = 0.0
        for coo, inside in zip(network._upper_ties(), (False, True), strict=True):
            same = lab[coo.row] == lab[coo.col]
            total += float(coo.data[same == inside].sum())
        return total
    # Σ_between P + Σ_inside N = Σ P - Σ_inside (P - N): two products with the camps' indicators.
    camps = canonical_labels(lab)
    onehot = sp.csr_array((np.ones(len(lab)), (np.arange(len(lab)), camps)),
                          shape=(len(lab), int(camps.max()) + 1 if len(lab) else 0))
    net_inside = float((onehot.multiply(network.net_product(onehot.toarray()))).sum()) / 2
    return max(0.0, float(network.positive_sums().sum()) / 2 - net_inside)


def triangle_traces(network: SignedNetwork) -> tuple[float, float]:
    """``(tr(M³), tr(|M|³))`` for ``M`` the sign matrix of the net ties (materialises a
    factored network): six times the balanced minus the unbalanced triangles, and six times
    all triangles. The balance ratio is ``(total + signed) / (2 total)``.

    One product of the upper triangle with itself counts each triangle once, at a fraction of
    the cost of ``M @ M``; the traces are then exactly those ``M @ M`` gives (sums of
    integers). A sign matrix that is not exactly symmetric (a net tie on the edge of zero one
    way only) is taken as it is, through ``M @ M``.

    >>> net = SignedNetwork.from_edges("abcd", [("a", "b", 1), ("b", "c", -1), ("a", "c", -1),
    ...                                         ("c", "d", 1), ("b", "d", 1)])
    >>> triangle_traces(net)  # one balanced triangle (a, b, c), one unbalanced (b, c, d)
    (0.0, 12.0)
    """
    signs = network.difference.sign()
    signs.eliminate_zeros()
    n = len(network)
    dense = n <= DENSE_TRIANGLES_MAX and signs.nnz >= DENSE_TRIANGLES_SHARE * n * n
    if (signs != signs.T).nnz:
        return _traced(signs, 1.0, dense), _traced(abs(signs), 1.0, dense)
    upper = sp.triu(signs, k=1, format="csr").astype(np.int64)
    return _traced(upper, 6.0, dense), _traced(abs(upper), 6.0, dense)


def _traced(m: Any, times: float, dense: bool) -> float:
    """``times`` the sum of ``m * (m @ m)``: by BLAS on the dense matrix when ``dense`` (sums
    of integers far below 2**53, so exact in floating point, at a small fraction of a sparse
    product's time), else by sparse products. The dense product is taken in single precision:
    each entry of ``m @ m`` (a sign matrix) and every partial sum of it is an integer of at
    most the number of actors (at most ``DENSE_TRIANGLES_MAX``, far below 2**24), so exact
    there too, at half the cost."""
    if dense:
        full = m.toarray()
        single = full.astype(np.float32)
        square = (single @ single).astype(np.float64)
        return times * round(float(np.sum(full.astype(np.float64) * square)))
    return times * int(m.multiply(m @ m).sum())


#: :func:`triangle_traces` multiplies dense matrices for networks of at most this many actors
#: with ties between at least this share of its pairs.
DENSE_TRIANGLES_MAX, DENSE_TRIANGLES_SHARE = 6_000, 0.1


#: A network of at most this many actors whose ties fill at least ``DENSE_SHARE`` of the pairs
#: (a projection of a debate where most actors state most positions) takes its products with
#: a dense copy of the tie matrix: BLAS on a full matrix is many times quicker than a sparse
#: product with as many entries, for at most 32 MB per matrix.
DENSE_PRODUCTS_MAX = 2000
DENSE_SHARE = 0.25


def _operator(matrix: sp.csr_array) -> sp.csr_array | npt.NDArray[np.float64]:
    """``matrix`` for products: a dense copy when it is small and dense enough (see
    :data:`DENSE_PRODUCTS_MAX`), else itself."""
    n = matrix.shape[0]
    if n <= DENSE_PRODUCTS_MAX and matrix.nnz >= DENSE_SHARE * n * n:
        return np.asarray(matrix.toarray(), dtype=np.float64)
    return matrix


def canonical_labels(labels: Any) -> Labels:
    """Renumber labels 0, 1, 2, ... in order of first appearance (a canonical form).

    >>> canonical_labels([5, 5, 2, 9, 2]).tolist()
    [0, 0, 1, 2, 1]
    """
    lab = np.asarray(labels)
    if lab.ndim == 1 and len(lab) and np.issubdtype(lab.dtype, np.integer) and \
            0 <= lab.min() and lab.max() < _FEW_LABELS:
        # A few small labels (camps): each one's first position without sorting the actors.
        present = np.flatnonzero(np.bincount(lab))
        first = np.array([np.argmax(lab == v) for v in present.tolist()])
        renumber = np.zeros(int(present[-1]) + 1, dtype=np.int64)
        renumber[present[np.argsort(first)]] = np.arange(len(present))
        return np.asarray(renumber[lab], dtype=np.int64)
    _, first, inverse = np.unique(lab, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))
    return np.asarray(order[inverse], dtype=np.int64)


#: :func:`canonical_labels` finds the first position of each label by a pass per label when
#: every label is below this (camps), by sorting otherwise (many singletons).
_FEW_LABELS = 32
