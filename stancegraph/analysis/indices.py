"""Indices of a signed network that need no solver: balance ratio and polarisation.

See :mod:`stancegraph.analysis.balance` for their definitions and references.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .signed import SignedNetwork, triangle_traces

__all__ = ["balance_ratio", "polarisation"]


def balance_ratio(network: SignedNetwork) -> float | None:
    """Share of the network's triangles that are balanced; None if it has no triangle, or if
    the network is factored (a projection of that size has too many triangles to count).

    >>> net = SignedNetwork.from_edges("abc", [("a", "b", 1), ("b", "c", -1), ("a", "c", -1)])
    >>> balance_ratio(net)
    1.0
    >>> balance_ratio(SignedNetwork.from_edges("abc", [("a", "b", -1), ("b", "c", -1),
    ...                                                ("a", "c", -1)]))
    0.0
    """
    if network.is_factored:
        return None  # too many ties to enumerate triangles; see the docstring
    signed, total = triangle_traces(network)  # tr(M³) and tr(|M|³)
    if total == 0:
        return None
    return (total + signed) / (2 * total)


def polarisation(network: SignedNetwork, labels: Any) -> float:
    """Normalised polarity of the two largest camps of ``labels`` (see the module docstring).

    >>> net = SignedNetwork.from_edges("abcd", [("a", "b", 1), ("c", "d", 1), ("a", "c", -1),
    ...                                         ("b", "d", -1)])
    >>> polarisation(net, [0, 0, 1, 1]), polarisation(net, [0, 0, 0, 0])
    (1.0, 0.0)
    """
    lab = np.asarray(labels)
    active = network.degree() > 1e-12
    sizes = np.bincount(lab[active]) if active.any() else np.zeros(0, dtype=np.int64)
    if np.count_nonzero(sizes) < 2:
        return 0.0
    first, second = np.argsort(-sizes, kind="stable")[:2]
    x = np.where(lab == first, 1.0, np.where(lab == second, -1.0, 0.0))
    numerator = float(x @ network.net_product(x))
    denominator = float(np.abs(x) @ network.tie_product(np.abs(x)))
    return round(numerator / denominator, 9) if denominator > 0 else 0.0
