"""Structural balance and polarisation of a signed actor network.

- :func:`balance_ratio`: the share of signed triangles that are balanced — an even number of
  negative ties, "the enemy of my enemy is my friend" (Cartwright & Harary 1956, "Structural
  balance: a generalization of Heider's theory"). Computed from the signs of the net ties as
  ``(tr(|S|³) + tr(S³)) / (2 tr(|S|³))``, with sparse products.
- :func:`frustration_index`: the least weight of ties that must change sign for the network to
  split into two internally agreeing, mutually opposed camps (Harary's strong balance), and its
  normalised form ``1 - L / (W / 2)`` with ``W`` the total net tie weight: 1 for a perfectly
  balanced network, 0 for the worst possible (Aref & Wilson 2018, "Measuring partial balance in
  signed networks", Journal of Complex Networks).
- :func:`polarisation`: how sharply the two largest camps of a partition divide the network —
  the *polarity* of Bonchi et al. (2019, "Discovering polarized communities in signed graphs",
  CIKM), ``xᵀWx`` with ``W`` the net ties, ``x = +1`` on one camp and ``-1`` on the other,
  normalised by the total tie weight among the two camps, ``|x|ᵀ(P + N)|x|``, so that it lies
  in [-1, 1]: 1 when each camp agrees inside and opposes the other, 0 when ties run across the
  divide as much as along it (ambivalent ties pull it toward 0), and 0 by definition for a
  debate with fewer than two camps (consensus is not polarisation).

Each takes a :class:`~stancegraph.analysis.signed.SignedNetwork` or a stance graph, whose
signed network is then built as :func:`~stancegraph.analysis.coalitions` builds it (the
defaults of :func:`~stancegraph.analysis.signed_network`, at ``level`` and as of ``as_of``):
``balance_ratio(g)`` is ``coalitions(g).balance_ratio``, and ``polarisation(g)``, with no
labels, ``coalitions(g).polarisation`` (the camps ``coalitions`` finds).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import scipy.sparse as sp

from ..graph import StanceGraph
from ..options import Level
from .coalitions import EXACT_MAX_ACTORS
from .exact import exact_partition
from .indices import _network, balance_ratio, polarisation
from .signed import SignedNetwork, frustration
from .spectral import spectral_partition

__all__ = ["FrustrationIndex", "balance_ratio", "frustration_index", "polarisation"]

# balance_ratio and polarisation live with the solver-free indices; they are part of this topic.


@dataclass(frozen=True)
class FrustrationIndex:
    """The frustration index of a network and its normalised form.

    ``exact`` tells whether ``value`` is proven minimal (the MILP solver) or an upper bound
    (the spectral method, for large networks).
    """

    value: float
    normalised: float | None
    exact: bool

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "normalised": self.normalised, "exact": self.exact}


def frustration_index(network: SignedNetwork | StanceGraph, *, time_limit: float = 10.0,
                      seed: int = 0, level: Level = "state",
                      as_of: dt.date | str | None = None) -> FrustrationIndex:
    """Least tie weight whose sign must change for two opposed, internally agreeing camps.

    ``network`` may be a stance graph (its signed network at ``level``, as of ``as_of``; see
    the module docstring).

    >>> net = SignedNetwork.from_edges("abcd", [("a", "b", 1), ("c", "d", 1), ("a", "c", -1),
    ...                                         ("b", "d", -1), ("a", "d", 1)])
    >>> frustration_index(net)
    FrustrationIndex(value=1.0, normalised=0.6, exact=True)
    >>> frustration_index(nato).exact
    True
    """
    network = _network(network, level, as_of, "frustration_index")
    if network.largest_part() <= EXACT_MAX_ACTORS:
        solution = exact_partition(network, time_limit=time_limit, k=2)
        value, exact = solution.frustration, solution.optimal
    else:
        value, exact = frustration(network, spectral_partition(network, 2, seed=seed)), False
    # The normalisation needs the total |net tie|, which a factored network does not give
    # without materialising it: left out there.
    total = 0.0 if network.is_factored else float(abs(sp.triu(network.difference, k=1)).sum())
    normalised = 1 - value / (total / 2) if total > 0 else None
    return FrustrationIndex(round(value, 9), None if normalised is None else
                            round(normalised, 9), exact)
