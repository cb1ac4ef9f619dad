"""The ties the coalition graph draws, and which of them come mostly from skepticism.

A tie's weight is a sum over the statement pairs behind it (see
:mod:`~stancegraph.analysis.networks`): agreement pairs statements in the same direction,
conflict statements in opposite directions, and a direct stance on an actor ties the two.
The projection is bilinear, so the weight that skeptical statements bring is exactly the
network's weight minus the weight of the same network built without them. A tie is drawn as
*skeptical* when more than half of the weight that gives it its sign involves a
``skeptical-of`` statement, and as *inferred* when more than half of it involves a statement
below confidence :data:`~stancegraph.draw._style.FIRM` (a stance read from a source rather
than stated in it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..analysis import SignedNetwork, Statements, signed_network, statements
from ..analysis.statements import Level
from ..graph import StanceGraph
from ..model import STANCE_RELATIONS
from ._style import FIRM

__all__ = ["Tie", "ties"]

_SKEPTICAL = STANCE_RELATIONS.index("skeptical-of")


@dataclass(frozen=True)
class Tie:
    """A drawn tie between actors ``a`` and ``b`` (positions in the drawn network)."""

    a: int
    b: int
    weight: float  # net: agreement minus conflict
    skeptical: bool
    inferred: bool = False


def ties(network: SignedNetwork, graph: StanceGraph | None, level: Level,
         limit: int) -> list[Tie]:
    """The non-zero net ties of ``network`` (a small, drawn network), strongest ``limit``
    first, each marked skeptical and inferred or not (never without the graph to tell)."""
    net = network.difference.tocoo()
    upper = (net.row < net.col) & (np.abs(net.data) > 1e-12)
    rows, cols, weight = net.row[upper], net.col[upper], net.data[upper]
    order = np.lexsort((cols, rows, -np.abs(weight)))[:limit]
    skeptical, inferred = _shares(network, graph, level)
    found = []
    for k in order:
        i, j, w = int(rows[k]), int(cols[k]), float(weight[k])
        sign = int(w < 0)
        found.append(Tie(i, j, w, bool(skeptical[sign][i, j] > 0.5),
                         bool(inferred[sign][i, j] > 0.5)))
    return found


Shares = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]


def _shares(network: SignedNetwork, graph: StanceGraph | None, level: Level
            ) -> tuple[Shares, Shares]:
    """The (positive, negative) shares of each tie's weight that involve skeptical
    statements, and statements below confidence FIRM."""
    n = len(network)
    nothing = (np.zeros((n, n)), np.zeros((n, n)))
    if graph is None or n == 0:
        return nothing, nothing
    rows = statements(graph, level=level)
    stated = graph.stance_columns().confidence[rows.stance] if len(rows) else np.zeros(0)
    unsure = stated < FIRM  # NaN (not given) is full confidence: never below
    return (_share(network, rows, rows.relation == _SKEPTICAL),
            _share(network, rows, unsure))


def _share(network: SignedNetwork, rows: Statements, marked: npt.NDArray[np.bool_]) -> Shares:
    """(positive, negative) share of each tie's weight that involves a ``marked`` row."""
    n = len(network)
    nothing = (np.zeros((n, n)), np.zeros((n, n)))
    drawn = {a: i for i, a in enumerate(network.ids)}
    at = np.array([drawn.get(a, -1) for a in rows.actors], dtype=np.int64)
    # A tie between two drawn actors depends only on their own statements.
    own = at[rows.holder] >= 0 if len(rows) else np.zeros(0, dtype=bool)
    if not (own & marked).any():
        return nothing
    keep = np.flatnonzero(at >= 0)
    keep = keep[np.argsort(at[keep])]  # rows of the drawn actors, in drawn order
    where = np.ix_(at[keep], at[keep])
    with_all = _network(rows, own, keep)
    without = _network(rows, own & ~marked, keep)
    shares = []
    for total, rest in ((with_all.positive, without.positive),
                        (with_all.negative, without.negative)):
        full, part = total.toarray(), rest.toarray()
        share = np.zeros((n, n))
        share[where] = np.divide(full - part, full, out=np.zeros_like(full), where=full > 1e-12)
        shares.append(share)
    return shares[0], shares[1]


def _network(rows: Statements, mask: npt.NDArray[np.bool_],
             keep: npt.NDArray[np.int64]) -> SignedNetwork:
    """The explicit network of the statements in ``mask``, among the actors ``keep``."""
    part = dataclasses.replace(rows, holder=rows.holder[mask], target=rows.target[mask],
                               relation=rows.relation[mask], weight=rows.weight[mask],
                               stance=rows.stance[mask], date=rows.date[mask])
    return signed_network(part, form="explicit").subnetwork(keep)
