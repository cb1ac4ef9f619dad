"""Indices of a signed network that need no solver: balance ratio and polarisation.

See :mod:`stancegraph.analysis.balance` for their definitions and references. Each takes a
:class:`~stancegraph.analysis.signed.SignedNetwork` or a stance graph: for a graph, the signed
network is built as :func:`~stancegraph.analysis.coalitions` builds it (every option at its
default, ``level`` and ``as_of`` as given), so ``balance_ratio(g)`` is
``coalitions(g).balance_ratio`` and ``polarisation(g)`` is ``coalitions(g).polarisation``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..errors import ArgumentError, UnknownIdError, closest
from ..graph import StanceGraph
from ..options import Level
from .networks import signed_network
from .signed import Labels, SignedNetwork, triangle_traces

__all__ = ["balance_ratio", "polarisation"]


def balance_ratio(network: SignedNetwork | StanceGraph, *, level: Level = "state",
                  as_of: dt.date | str | None = None) -> float | None:
    """Share of the network's triangles that are balanced; None if it has no triangle, or if
    the network is factored (a projection of that size has too many triangles to count).

    ``network`` may be a stance graph: its signed network is built with the defaults of
    :func:`~stancegraph.analysis.signed_network` at ``level``, as of ``as_of`` (both only
    for a graph), the network :func:`~stancegraph.analysis.coalitions` measures.

    >>> net = SignedNetwork.from_edges("abc", [("a", "b", 1), ("b", "c", -1), ("a", "c", -1)])
    >>> balance_ratio(net)
    1.0
    >>> balance_ratio(SignedNetwork.from_edges("abc", [("a", "b", -1), ("b", "c", -1),
    ...                                                ("a", "c", -1)]))
    0.0
    >>> round(balance_ratio(nato), 9) == sg.coalitions(nato).balance_ratio
    True
    """
    network = _network(network, level, as_of, "balance_ratio")
    if network.is_factored:
        return None  # too many ties to enumerate triangles; see the docstring
    signed, total = triangle_traces(network)  # tr(M³) and tr(|M|³)
    if total == 0:
        return None
    return (total + signed) / (2 * total)


def polarisation(network: SignedNetwork | StanceGraph, labels: Any = None, *,
                 level: Level = "state", as_of: dt.date | str | None = None) -> float:
    """Normalised polarity of the two largest camps of ``labels`` (see the module docstring).

    ``labels`` gives each actor's camp: a sequence in the order of ``network.ids``, or a
    mapping of actor id to camp (actors it leaves out are each a camp of their own). With a
    stance graph, ``labels`` may be left out: the camps are those
    :func:`~stancegraph.analysis.coalitions` finds at ``level``, as of ``as_of``, and the
    value is that result's ``polarisation``.

    >>> net = SignedNetwork.from_edges("abcd", [("a", "b", 1), ("c", "d", 1), ("a", "c", -1),
    ...                                         ("b", "d", -1)])
    >>> polarisation(net, [0, 0, 1, 1]), polarisation(net, [0, 0, 0, 0])
    (1.0, 0.0)
    >>> polarisation(net, {"a": "west", "b": "west", "c": "east", "d": "east"})
    1.0
    >>> polarisation(nato) == sg.coalitions(nato).polarisation
    True
    """
    if isinstance(network, StanceGraph) and labels is None:
        from .coalitions import coalitions  # coalitions imports this module

        return coalitions(network, level=level, as_of=as_of).polarisation
    network = _network(network, level, as_of, "polarisation")
    if labels is None:
        raise ArgumentError("polarisation of a network needs its camps", field="labels",
                            expected="a camp per actor (a sequence in the order of "
                                     "network.ids, or a mapping of actor id to camp), or a "
                                     "stance graph instead of its network")
    lab = _labels(network, labels)
    active = network.degree() > 1e-12
    sizes = np.bincount(lab[active]) if active.any() else np.zeros(0, dtype=np.int64)
    if np.count_nonzero(sizes) < 2:
        return 0.0
    first, second = np.argsort(-sizes, kind="stable")[:2]
    x = np.where(lab == first, 1.0, np.where(lab == second, -1.0, 0.0))
    numerator = float(x @ network.net_product(x))
    denominator = float(np.abs(x) @ network.tie_product(np.abs(x)))
    return round(numerator / denominator, 9) if denominator > 0 else 0.0


def _network(network: SignedNetwork | StanceGraph, level: Level,
             as_of: dt.date | str | None, what: str) -> SignedNetwork:
    """The signed network to measure: ``network`` itself, or the one a graph's
    :func:`~stancegraph.analysis.coalitions` partitions."""
    if isinstance(network, StanceGraph):
        return signed_network(network, level=level, as_of=as_of)
    if not isinstance(network, SignedNetwork):
        raise ArgumentError(f"{what} measures a signed network or a stance graph",
                            id=type(network).__name__,
                            expected="a StanceGraph or a SignedNetwork (sg.signed_network(g))")
    if level != "state" or as_of is not None:
        raise ArgumentError("level and as_of choose how a graph's network is built; a "
                            "network is measured as it is", field="level" if
                            level != "state" else "as_of",
                            expected="no level or as_of with a SignedNetwork")
    return network


def _labels(network: SignedNetwork, labels: Any) -> Labels:
    """``labels`` as one integer camp per actor of ``network``, in its order."""
    n = len(network)
    if isinstance(labels, Mapping):
        codes: dict[Any, int] = {}
        out = np.full(n, -1, dtype=np.int64)
        for actor, camp in labels.items():
            i = network.index.get(actor)
            if i is None:
                raise UnknownIdError("not an actor of the network", field="labels",
                                     id=str(actor), suggestion=closest(str(actor),
                                                                       network.index))
            out[i] = codes.setdefault(camp, len(codes))
        alone = np.flatnonzero(out < 0)
        out[alone] = len(codes) + np.arange(len(alone))
        return out
    lab = np.asarray(labels)
    if lab.shape != (n,) or (n and not np.issubdtype(lab.dtype, np.integer)):
        raise ArgumentError("labels do not give one camp per actor", field="labels",
                            id=f"shape {lab.shape}, {lab.dtype}",
                            expected=f"{n} integers in the order of network.ids, or a "
                                     "mapping of actor id to camp")
    return lab.astype(np.int64, copy=False)
