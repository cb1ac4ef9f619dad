"""Exact coalitions: the partition of least frustration, proven optimal by integer programming.

The *frustration* of a partition (see :func:`~stancegraph.analysis.signed.frustration`) is the
weight of negative ties inside coalitions plus the weight of positive ties between them. Finding
the partition that minimises it, with the number of coalitions left free, is correlation
clustering (Bansal, Blum & Chawla 2004), a clique partitioning problem. It is NP-hard, but
networks of a few dozen actors are solved to proven optimality by a mixed-integer program
(HiGHS, through :func:`scipy.optimize.milp`).

Formulation
-----------
Write ``w_ij = P_ij - N_ij`` for the net tie. For a partition with ``x_ij = 1`` when ``i`` and
``j`` share a coalition, the frustration is ``sum_{i<j} P_ij - sum_{i<j} w_ij x_ij``, so we
minimise ``sum c_ij x_ij`` with ``c_ij = -w_ij`` over binary ``x_ij`` (``i < j``) subject to the
transitivity constraints of Grötschel & Wakabayashi (1989),
``x_ij + x_jk - x_ik <= 1`` ("if i~j and j~k then i~k"), one for each apex ``j`` of each
triple.

Reductions (each one exact; the tests compare with brute force over all partitions)
------------------------------------------------------------------------------------
1. *Positive components.* Let ``G+`` be the graph of net-positive ties (``w_ij > 0``). Splitting
   a coalition into the parts that ``G+`` connects inside it only separates pairs with
   ``w <= 0``, which never raises the frustration; so some optimal partition has every
   coalition inside one connected component of ``G+``, and each component is solved on its
   own (components of one or two actors directly). Actors without a net-positive tie are
   singletons. This is finer than splitting by ties of any sign: negative ties *between*
   components of ``G+`` are never frustrated. Ties whose two parts cancel (``w = 0``) cost the
   same either way.
2. *Transitivity only next to a positive tie.* Inside a component only the constraints
   ``x_ij + x_jk - x_ik <= 1`` with ``w_ij > 0`` or ``w_jk > 0`` are kept. This follows
   Miyauchi & Sukegawa (2015, "Redundant constraints in the standard formulation for the
   clique partitioning problem", *Optim. Lett.* 9:199-207) and Miyauchi, Sonobe & Sukegawa
   (2018, AAAI), who drop transitivity constraints by the signs of the weights; the rule here
   also drops those next to pairs with ``w = 0`` (most pairs of a sparse network), and its
   proof below is self-contained. A solution ``x`` of the reduced program need not be
   transitive, so it is turned into a partition by the connected components of the pairs with
   ``x_ij = 1`` *and* ``w_ij > 0``. Proof that this is exact: along a path
   ``v0, v1, ..., vm`` of such pairs, the kept constraint with apex ``v_t`` and positive pair
   ``v_t v_{t+1}`` gives ``x_{v0 v_{t+1}} = 1`` by induction, so every pair inside a component
   has ``x = 1`` and costs what it costs under ``x``; a pair split between components has
   ``x = 0`` or ``w <= 0`` (else it would join them), so costs under ``x`` at least the
   ``0`` it costs in the partition. The partition therefore costs no more than ``x``, and as
   every partition satisfies all constraints, both programs have the same optimum. The same
   argument makes any feasible ``x`` found before a time limit a partition at least as good.

With at most ``k`` coalitions
-----------------------------
Reduction 1 no longer holds (a bound may force actors with no positive tie together), but
coalitions of different *groups* -- actors joined by ties with ``w != 0`` -- still share no
tie and can be merged at no cost, so each group is solved on its own under the same bound
``k`` and the coalitions of all groups, in order (groups by their first actor, coalitions in
canonical order inside a group), are dealt into ``min(#coalitions, k)`` coalitions
round-robin; the coalitions of one group are consecutive and at most ``k``, so they never
share one. Inside a group:

- ``k = 1``: one coalition, nothing to solve.
- ``k = 2``: a binary side ``s_i`` per actor (the first actor's fixed) and ``y_ij`` ("sides
  differ") per tie, minimising ``sum w_ij y_ij`` with ``y_ij >= |s_i - s_j|`` for ``w > 0`` and
  ``y_ij <= s_i + s_j``, ``y_ij <= 2 - s_i - s_j`` for ``w < 0``: O(ties) constraints, the model
  of the frustration index of Aref, Mason & Wilson (2018/2020). Much faster than the one below.
- ``k >= 3``: the free optimum is found first (reductions 1 and 2) and kept if it has at most
  ``k`` coalitions. Otherwise the group is solved with *all* transitivity constraints
  (reduction 2 does not combine with a count of coalitions) and a count of representatives:
  the first actor of each coalition has ``x_ji = 0`` for every ``j < i``, so
  ``z_i >= 1 - sum_{j<i} x_ji``, ``z_i >= 0``, ``sum_i z_i <= k``.

Exactly k coalitions
--------------------
With ``exactly=True`` (what :func:`~stancegraph.analysis.coalitions` asks for), the partition
must have ``k`` non-empty coalitions. The groups are first solved under at most ``k`` as
above; if their coalitions number ``k`` or more in all, dealing them into ``k`` fills every
one, and no partition into exactly ``k`` can beat the optimum under at most ``k``. Otherwise
each group ``g`` with ``c_g`` coalitions is also solved with exactly ``c`` coalitions for each
``c`` from ``c_g + 1`` to ``min(size, k)`` (the program above with ``z_i <= 1 - x_ji`` for
``j < i``, which makes ``z_i`` the indicator of the first actor of a coalition, and
``sum_i z_i = c``), and a dynamic program over the groups picks the counts that reach ``k``
in all at the least frustration. Fewer than ``c_g`` coalitions in a group never help: they
cost no less than the optimum under at most ``k`` and add fewer coalitions.

Time limit
----------
One limit is shared by all parts, handed out in proportion to ``n**3`` (``n`` actors of the
part), smallest parts first; time a part leaves unused passes on to the next, and building a
program counts against its part. (HiGHS may overrun its share by up to about a second on the
largest programs.) A part stopped by the limit keeps the best of the solver's solution and of
local searches -- moving single actors while that lowers the frustration -- started from it,
from one coalition and from singletons (``status="time limit"``); a part for which the solver
found no solution at all gets only the local searches (``status="time limit, heuristic"``).
Its lower bound is HiGHS's dual bound or, where there is none, ``sum_{i<j} min(P_ij, N_ij)``,
which no partition beats (with ``k >= 3``, also the free optimum's bound).
"""

from __future__ import annotations

import math
import numbers
import time
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse.csgraph import connected_components

from ..errors import InvalidRecordError
from .signed import Labels, SignedNetwork, canonical_labels, frustration

__all__ = ["ExactSolution", "exact_partition"]

Matrix = npt.NDArray[np.float64]

#: Statuses of a solution, from best to worst.
STATUSES = ("optimal", "time limit", "time limit, heuristic")
#: Below this many seconds the solver is not started and the heuristic is used at once.
_MIN_BUDGET = 1e-3
_TINY = 1e-12


@dataclass(frozen=True, eq=False)
class ExactSolution:
    """The result of :func:`exact_partition`.

    Attributes
    ----------
    labels : numpy.ndarray of int64
        ``labels[i]`` is the coalition of ``network.ids[i]``, numbered 0, 1, 2, ... in order of
        first appearance (:func:`~stancegraph.analysis.signed.canonical_labels`). Read-only.
    frustration : float
        The frustration of ``labels``.
    lower_bound : float
        No partition has a lower frustration; equals ``frustration`` when ``optimal``.
    gap : float
        ``(frustration - lower_bound) / frustration`` (0.0 when optimal).
    optimal : bool
        Whether ``labels`` is proven to minimise the frustration (within HiGHS's tolerance,
        an absolute gap of 1e-6 times the largest net tie of a part).
    status : str
        ``"optimal"``; ``"time limit"`` (the solver stopped with a solution, not proven
        optimal); or ``"time limit, heuristic"`` (for some part the solver found no solution
        in time and a local-search heuristic filled in).
    """

    labels: Labels
    frustration: float
    lower_bound: float
    gap: float
    optimal: bool
    status: str

    def __repr__(self) -> str:
        n = int(self.labels.max()) + 1 if self.labels.size else 0
        return (f"<ExactSolution: {self.labels.size} actors in {n} coalitions, "
                f"frustration {self.frustration:g}, {self.status}>")


class _Part(NamedTuple):
    """The solution of one part: local labels, frustration above the lower bound, status."""

    labels: Labels
    slack: float
    status: str


class _Clock:
    """Shares one deadline among parts in proportion to their weight."""

    def __init__(self, seconds: float, pending: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.pending = pending

    def share(self, weight: float) -> float:
        remaining = max(self.deadline - time.monotonic(), 0.0)
        budget = remaining * min(weight / self.pending, 1.0) if self.pending > 0 else remaining
        self.release(weight)
        return budget

    def release(self, weight: float) -> None:
        self.pending = max(self.pending - weight, 0.0)


def exact_partition(
    network: SignedNetwork,
    *,
    time_limit: float = 10.0,
    k: int | None = None,
    exactly: bool = False,
    max_nodes: int = 120,
) -> ExactSolution:
    """Find the partition of least frustration, proven optimal by integer programming.

    See the module docstring for the formulation and why its reductions are exact.

    Parameters
    ----------
    network : SignedNetwork
        The signed actor network.
    time_limit : float, default 10.0
        Seconds for the whole network, shared by its parts. When it runs out the best
        partition found is returned with ``optimal=False`` and a lower bound.
    k : int, optional
        At most this many coalitions (exactly this many with ``exactly``). By default their
        number is free.
    exactly : bool, default False
        With ``k``: exactly ``k`` non-empty coalitions, the least frustrated partition under
        that constraint (see "Exactly k coalitions" in the module docstring). The network
        must have at least ``k`` actors.
    max_nodes : int, default 120
        The most actors one part may have: a component of net-positive ties or, when ``k``
        is given and binds, a group of actors joined by ties. A part of ``n`` actors has a
        program of up to ``n**3 / 2`` constraints.

    Returns
    -------
    ExactSolution
        Labels in canonical form, their frustration, a lower bound and the solver status.
        Actors without a net-positive tie are singletons (when ``k`` allows). Components are
        kept apart and numbered in order of their first actor.

    Raises
    ------
    InvalidRecordError
        For weights that are not finite, a time limit that is not a positive number, ``k`` or
        ``max_nodes`` that is not a positive integer, a part with more than ``max_nodes``
        actors, or ``exactly`` with fewer than ``k`` actors.

    Examples
    --------
    Two camps, with one friendly tie across:

    >>> from stancegraph.analysis.signed import SignedNetwork
    >>> net = SignedNetwork.from_edges("abcd", [("a", "b", 1), ("c", "d", 1), ("a", "c", -1),
    ...                                         ("b", "d", -1), ("a", "d", 0.5)])
    >>> sol = exact_partition(net)
    >>> sol.labels.tolist(), sol.frustration, sol.optimal, sol.status
    ([0, 0, 1, 1], 0.5, True, 'optimal')
    >>> exact_partition(net, k=1).labels.tolist()
    [0, 0, 0, 0]
    >>> sol = exact_partition(net, k=3, exactly=True)  # a third camp costs a tie of weight 1
    >>> sol.labels.tolist(), sol.frustration, sol.optimal
    ([0, 1, 2, 2], 1.5, True)
    """
    _check_arguments(network, time_limit, k, max_nodes)
    n = len(network)
    if exactly and k is not None and k > n:
        raise InvalidRecordError(
            f"{k} coalitions asked for, but the network has only {n} actors",
            field="k", expected=f"k <= {n}, the number of actors")
    if n == 0:
        return ExactSolution(_frozen(np.zeros(0, dtype=np.int64)), 0.0, 0.0, 0.0, True, "optimal")
    # The net tie of each pair, read from the upper triangle as frustration() reads it.
    upper = sp.triu(network.positive - network.negative, k=1)
    net = (upper + upper.T).tocsr()
    net.eliminate_zeros()
    positive = _component_labels(net, net.data > 0)
    if k is None:
        labels, slack, status = _solve_free(net, positive, time_limit, max_nodes)
    else:
        labels, slack, status = _solve_bounded(net, positive, k, time_limit, max_nodes,
                                               exactly=exactly)
    labels = canonical_labels(labels)
    value = frustration(network, labels)
    lower = min(max(value - slack, 0.0), value)
    optimal = status == "optimal" or lower >= value
    if optimal:
        lower, status = value, "optimal"
    gap = 0.0 if optimal else (value - lower) / max(value, _TINY)
    return ExactSolution(_frozen(labels), value, lower, gap, optimal, status)


# ---------------------------------------------------------------------------------- checks


def _check_arguments(network: SignedNetwork, time_limit: float, k: int | None,
                     max_nodes: int) -> None:
    if not isinstance(network, SignedNetwork):
        raise InvalidRecordError(f"cannot partition a {type(network).__name__}",
                                 expected="a SignedNetwork")
    for name in ("positive", "negative"):
        if not np.all(np.isfinite(getattr(network, name).data)):
            raise InvalidRecordError(f"the {name} matrix holds weights that are not finite",
                                     expected="finite weights")
    if (isinstance(time_limit, bool) or not isinstance(time_limit, numbers.Real)
            or not math.isfinite(time_limit) or time_limit <= 0):
        raise InvalidRecordError(f"time_limit {time_limit!r} is not a positive number",
                                 field="time_limit", expected="seconds > 0")
    for name, value in (("k", k), ("max_nodes", max_nodes)):
        if value is None and name == "k":
            continue
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise InvalidRecordError(f"{name} {value!r} is not a positive integer",
                                     field=name, expected="an integer >= 1")


def _check_size(size: int, max_nodes: int, what: str) -> None:
    if size > max_nodes:
        raise InvalidRecordError(
            f"{size} actors form one {what}, too many for the exact solver",
            field="max_nodes",
            expected=f"at most max_nodes={max_nodes} actors per part; use method='spectral' "
                     "for networks this large, or raise max_nodes",
        )


# -------------------------------------------------------------------------------- drivers


def _solve_free(net: sp.csr_array, positive: Labels, seconds: float,
                max_nodes: int) -> tuple[Labels, float, str]:
    """Every component of net-positive ties on its own; components kept apart."""
    parts = _groups(positive)
    for nodes in parts:
        _check_size(nodes.size, max_nodes, "component of net-positive ties")
    clock = _Clock(seconds, sum(_weight(nodes.size) for nodes in parts))
    labels = np.zeros(net.shape[0], dtype=np.int64)
    slack, statuses, offset = 0.0, {"optimal"}, 0
    for nodes, part in _solve_parts(net, parts, clock):
        labels[nodes] = part.labels + offset
        offset += int(part.labels.max()) + 1
        slack += part.slack
        statuses.add(part.status)
    return labels, slack, _worst(statuses)


def _solve_bounded(net: sp.csr_array, positive: Labels, k: int, seconds: float,
                   max_nodes: int, *, exactly: bool = False) -> tuple[Labels, float, str]:
    """Every group of tied actors on its own under the bound k; coalitions dealt into k.

    With ``exactly``, groups whose coalitions number fewer than k in all are given more (see
    :func:`_enough_coalitions`), so that dealing fills all k."""
    groups = _groups(_component_labels(net, net.data != 0))
    # With k <= 2 each group goes straight to its program (one coalition, or two sides);
    # otherwise its free optimum is found first and often already has at most k coalitions.
    direct = k <= 2
    for nodes in groups if direct else _groups(positive):
        _check_size(nodes.size, max_nodes,
                    "group of tied actors" if direct else "component of net-positive ties")
    pending = sum(_weight(nodes.size) for nodes in groups)
    if not direct:
        pending += sum(_weight(nodes.size) for nodes in _groups(positive))
    clock = _Clock(seconds, pending)
    order = sorted(range(len(groups)), key=lambda g: (groups[g].size, groups[g][0]))
    results: dict[int, _Part] = {}
    for g in order:
        nodes = groups[g]
        if direct:
            w = net[nodes][:, nodes].toarray()
            results[g] = _bounded_part(w, k, None, -np.inf, clock.share(_weight(nodes.size)))
            continue
        parts = _groups(positive[nodes])
        free = np.zeros(nodes.size, dtype=np.int64)
        slack, statuses, offset = 0.0, {"optimal"}, 0
        for local, part in _solve_parts(net[nodes][:, nodes].tocsr(), parts, clock):
            free[local] = part.labels + offset
            offset += int(part.labels.max()) + 1
            slack += part.slack
            statuses.add(part.status)
        if offset <= k:
            clock.release(_weight(nodes.size))
            results[g] = _Part(free, slack, _worst(statuses))
            continue
        _check_size(nodes.size, max_nodes, "group of tied actors")
        w = net[nodes][:, nodes].toarray()
        # The free optimum (or its lower bound) bounds the bounded optimum from below.
        free_bound = _cost(w, free) - slack
        results[g] = _bounded_part(w, k, free, free_bound, clock.share(_weight(nodes.size)))
    if exactly and sum(int(part.labels.max()) + 1 for part in results.values()) < k:
        for nodes in groups:
            _check_size(nodes.size, max_nodes, "group of tied actors")
        results = _enough_coalitions(net, groups, results, k, clock.deadline)
    labels = np.zeros(net.shape[0], dtype=np.int64)
    slack, statuses, piece = 0.0, {"optimal"}, 0
    for g, nodes in enumerate(groups):
        part = results[g]
        labels[nodes] = (part.labels + piece) % k
        piece += int(part.labels.max()) + 1
        slack += part.slack
        statuses.add(part.status)
    return labels, slack, _worst(statuses)


def _enough_coalitions(net: sp.csr_array, groups: list[npt.NDArray[np.int64]],
                       results: dict[int, _Part], k: int, deadline: float) -> dict[int, _Part]:
    """Raise the groups' coalition counts to k in all, at the least cost.

    ``results`` hold each group's optimum under at most k coalitions, ``c_g`` of them, fewer
    than k in all. A group given fewer than ``c_g`` coalitions costs no less and adds fewer,
    so each group ``g`` takes some count ``c`` in ``c_g .. min(size, k)``, solved exactly (see
    :func:`_exactly_part`), and the counts are chosen by dynamic programming over the groups
    (counts summed, capped at k) to reach k at the least cost; coalitions of different groups
    share no tie, so any total of at least k deals into exactly k at no cost. Counts that
    could not reach k even with every other group at its most are not solved.
    """
    options: list[list[tuple[int, _Part, float]]] = []  # per group: (count, part, cost)
    most = [min(nodes.size, k) for nodes in groups]
    # A group needs at least k minus what all the others could give (a lone group: k).
    least = [max(int(results[g].labels.max()) + 2, k - (sum(most) - most[g]))
             for g in range(len(groups))]
    todo = sum(max(most[g] - least[g] + 1, 0) for g in range(len(groups)))
    for g, nodes in enumerate(groups):
        base = results[g]
        w = net[nodes][:, nodes].toarray()
        start = int(base.labels.max()) + 1
        found = [(start, base, _cost(w, base.labels))]
        for c in range(least[g], most[g] + 1):
            budget = max(deadline - time.monotonic(), 0.0) / max(todo, 1)
            todo -= 1
            part = _exactly_part(w, c, base, budget)
            found.append((c, part, _cost(w, part.labels)))
        options.append(found)
    # best[s]: (cost, choice per group) with s = min(k, coalitions so far); bounds[s]: the
    # least lower bound of any choice reaching s
    best: dict[int, tuple[float, tuple[int, ...]]] = {0: (0.0, ())}
    bounds: dict[int, float] = {0: 0.0}
    for found in options:
        step: dict[int, tuple[float, tuple[int, ...]]] = {}
        step_bounds: dict[int, float] = {}
        for s, (cost, choice) in best.items():
            for i, (c, _, value) in enumerate(found):
                t = min(k, s + c)
                if t not in step or cost + value < step[t][0] - _TINY:
                    step[t] = (cost + value, (*choice, i))
        for s, low in bounds.items():
            for c, part, value in found:
                t = min(k, s + c)
                step_bounds[t] = min(step_bounds.get(t, np.inf), low + value - part.slack)
        best, bounds = step, step_bounds
    cost, choice = best[k]
    chosen = {g: options[g][i][1] for g, i in enumerate(choice)}
    # Carry the slack of the whole choice on the parts: cost above the least bound reaching k.
    spare = max(cost - bounds[k], 0.0)
    total = sum(part.slack for part in chosen.values())
    if total > 0 or spare > 0:
        first = next(iter(chosen))
        chosen = {g: part._replace(slack=0.0) for g, part in chosen.items()}
        status = chosen[first].status
        if spare > _TINY and status == "optimal":  # the bound comes from an unsolved option
            status = "time limit"
        chosen[first] = chosen[first]._replace(slack=spare, status=status)
    return chosen


def _exactly_part(w: Matrix, c: int, base: _Part, budget: float) -> _Part:
    """One group of tied actors in exactly c coalitions (``c`` at most its size)."""
    n = w.shape[0]
    if c >= n:
        return _Part(np.arange(n, dtype=np.int64), 0.0, "optimal")
    if c == 1:
        return _Part(np.zeros(n, dtype=np.int64), 0.0, "optimal")
    # Any partition into c coalitions has at most c <= k, so the base's bound holds.
    bound = max(_cost(w, base.labels) - base.slack, _trivial_bound(w))
    solved = None
    if budget >= _MIN_BUDGET:
        solved = _representatives(w, c, time.monotonic() + budget, exactly=True)
    if solved is not None and int(solved[0].max()) + 1 == c:
        values, x = solved
        if x.status == "optimal":
            return _Part(values, 0.0, "optimal")
        labels = _local_search_keeping(w, values)
        return _Part(labels, max(_cost(w, labels) - max(bound, x.bound), 0.0), "time limit")
    labels = _local_search_keeping(w, _split_up(w, base.labels, c))
    return _Part(labels, max(_cost(w, labels) - bound, 0.0), "time limit, heuristic")


def _split_up(w: Matrix, labels: Labels, c: int) -> Labels:
    """Open coalitions until there are c: each time the actor (not alone) whose leaving its
    coalition costs least goes alone."""
    labels = canonical_labels(labels).copy()
    while int(labels.max()) + 1 < c:
        m = int(labels.max()) + 1
        size = np.bincount(labels, minlength=m)
        own = np.array([w[i, labels == labels[i]].sum() for i in range(labels.size)])
        own[size[labels] < 2] = np.inf
        labels[int(np.argmin(own))] = m
    return canonical_labels(labels)


def _local_search_keeping(w: Matrix, labels: Labels, passes: int = 100) -> Labels:
    """Move single actors between coalitions while that lowers the frustration, never
    emptying a coalition nor opening one (the number of coalitions stays)."""
    labels = canonical_labels(labels).copy()
    m = int(labels.max()) + 1
    tol = _TINY * max(float(np.abs(w).max()), 1.0)
    for _ in range(passes):
        moved = False
        for i in range(labels.size):
            size = np.bincount(labels, minlength=m)
            own = labels[i]
            if size[own] < 2:
                continue
            sums = np.bincount(labels, weights=w[i], minlength=m)
            delta = sums[own] - sums
            delta[own] = np.inf
            target = int(np.argmin(delta))
            if delta[target] < -tol:
                labels[i] = target
                moved = True
        if not moved:
            break
    return canonical_labels(labels)


def _solve_parts(net: sp.csr_array, parts: list[npt.NDArray[np.int64]],
                 clock: _Clock) -> list[tuple[npt.NDArray[np.int64], _Part]]:
    """Solve each component of net-positive ties (smallest first); return them in order."""
    solved: dict[int, _Part] = {}
    for p in sorted(range(len(parts)), key=lambda p: (parts[p].size, parts[p][0])):
        nodes = parts[p]
        if nodes.size <= 2:  # one actor, or two with a net-positive tie: together
            solved[p] = _Part(np.zeros(nodes.size, dtype=np.int64), 0.0, "optimal")
            continue
        w = net[nodes][:, nodes].toarray()
        solved[p] = _free_part(w, clock.share(_weight(nodes.size)))
    return [(parts[p], solved[p]) for p in range(len(parts))]


# ---------------------------------------------------------------------------- the programs


def _free_part(w: Matrix, budget: float) -> _Part:
    """Solve one component of net-positive ties with the reduced transitivity constraints."""
    if budget < _MIN_BUDGET:
        return _heuristic_part(w, None, _trivial_bound(w))
    deadline = time.monotonic() + budget
    n = w.shape[0]
    iu, ju = np.triu_indices(n, 1)
    pair = _pair_index(n, iu, ju)
    apex, end1, end2 = _triples(n, w > 0)
    m = iu.size
    x = _run(w, -w[iu, ju], np.ones(m), [_transitivity(pair, apex, end1, end2, m)], 0.0,
             deadline)
    if x is None:
        return _heuristic_part(w, None, _trivial_bound(w))
    labels = _decode(w, x.values, iu, ju)
    if x.status == "optimal":
        return _Part(labels, 0.0, "optimal")
    return _heuristic_part(w, None, x.bound, labels, status="time limit")


def _bounded_part(w: Matrix, k: int, free: Labels | None, free_bound: float,
                  budget: float) -> _Part:
    """Solve one group of tied actors with at most k coalitions."""
    n = w.shape[0]
    if k == 1 or n == 1:
        return _Part(np.zeros(n, dtype=np.int64), 0.0, "optimal")
    if n == 2:  # k >= 2: together if the tie is net positive
        return _Part(np.array([0, 0 if w[0, 1] > 0 else 1], dtype=np.int64), 0.0, "optimal")
    bound = max(free_bound, _trivial_bound(w))
    if budget < _MIN_BUDGET:
        return _heuristic_part(w, k, bound, *([] if free is None else [free]))
    deadline = time.monotonic() + budget
    solved = _two_sides(w, deadline) if k == 2 else _representatives(w, k, deadline)
    if solved is None:
        return _heuristic_part(w, k, bound, *([] if free is None else [free]))
    values, x = solved
    if int(values.max()) + 1 > k:  # cannot happen for a feasible solution; be safe
        return _heuristic_part(w, k, max(bound, x.bound), *([] if free is None else [free]))
    if x.status == "optimal":
        return _Part(values, 0.0, "optimal")
    starts = [values] if free is None else [values, free]
    return _heuristic_part(w, k, max(bound, x.bound), *starts, status="time limit")


def _representatives(w: Matrix, k: int, deadline: float, *, exactly: bool = False
                     ) -> tuple[Labels, _Result] | None:
    """All transitivity constraints; z_i >= 1 - sum_{j<i} x_ji, sum_i z_i <= k.

    With ``exactly``, also ``z_i <= 1 - x_ji`` for every ``j < i``, so that ``z_i`` is 1
    exactly for the first actor of each coalition, and ``sum_i z_i = k``.
    """
    n = w.shape[0]
    iu, ju = np.triu_indices(n, 1)
    pair = _pair_index(n, iu, ju)
    apex, end1, end2 = _triples(n, np.ones((n, n), dtype=bool))
    m = iu.size
    rows = np.concatenate([ju, np.arange(n), np.full(n, n)])
    cols = np.concatenate([pair[iu, ju], m + np.arange(n), m + np.arange(n)])
    count = LinearConstraint(
        sp.coo_array((np.ones(rows.size), (rows, cols)), shape=(n + 1, m + n)).tocsr(),
        np.r_[np.ones(n), k if exactly else -np.inf], np.r_[np.full(n, np.inf), k])
    constraints = [_transitivity(pair, apex, end1, end2, m + n), count]
    if exactly:  # z_i + x_ji <= 1 for each pair j < i
        first = sp.coo_array((np.ones(2 * m), (np.r_[np.arange(m), np.arange(m)],
                                               np.r_[pair[iu, ju], m + ju])),
                             shape=(m, m + n)).tocsr()
        constraints.append(LinearConstraint(first, -np.inf, 1.0))
    x = _run(w, np.r_[-w[iu, ju], np.zeros(n)], np.r_[np.ones(m), np.zeros(n)],
             constraints, 0.0, deadline)
    if x is None:
        return None
    together = x.values[:m] > 0.5
    return _labels_from_pairs(n, iu[together], ju[together]), x


def _two_sides(w: Matrix, deadline: float) -> tuple[Labels, _Result] | None:
    """At most two coalitions: a binary side s_i per actor, y_ij = [sides differ] per tie.

    The cost is ``-sum w + sum w_ij y_ij``; a tie with ``w > 0`` needs ``y >= |s_i - s_j|``,
    one with ``w < 0`` needs ``y <= s_i + s_j`` and ``y <= 2 - s_i - s_j``, so ``y`` may be
    continuous. The first actor's side is fixed. O(ties) constraints instead of O(n**3).
    """
    n = w.shape[0]
    iu, ju = np.nonzero(np.triu(w != 0, 1))
    m = iu.size
    tie = n + np.arange(m)
    pos, neg = np.flatnonzero(w[iu, ju] > 0), np.flatnonzero(w[iu, ju] < 0)
    # y - s_i + s_j >= 0, y + s_i - s_j >= 0 (w > 0); y - s_i - s_j <= 0, y + s_i + s_j <= 2
    blocks = [(pos, -1.0, 1.0, 0.0, np.inf), (pos, 1.0, -1.0, 0.0, np.inf),
              (neg, -1.0, -1.0, -np.inf, 0.0), (neg, 1.0, 1.0, -np.inf, 2.0)]
    rows, cols, data, low, high = [], [], [], [], []
    start = 0
    for e, a, b, lo, hi in blocks:
        r = start + np.arange(e.size)
        rows += [r, r, r]
        cols += [tie[e], iu[e], ju[e]]
        data += [np.ones(e.size), np.full(e.size, a), np.full(e.size, b)]
        low.append(np.full(e.size, lo))
        high.append(np.full(e.size, hi))
        start += e.size
    matrix = sp.coo_array((np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
                          shape=(start, n + m)).tocsr()
    upper = np.ones(n + m)
    upper[0] = 0.0
    x = _run(w, np.r_[np.zeros(n), w[iu, ju]], np.r_[np.ones(n), np.zeros(m)],
             [LinearConstraint(matrix, np.concatenate(low), np.concatenate(high))],
             -float(w[iu, ju].sum()), deadline, upper=upper)
    if x is None:
        return None
    return canonical_labels((x.values[:n] > 0.5).astype(np.int64)), x


def _transitivity(pair: npt.NDArray[np.int64], apex: npt.NDArray[np.intp],
                  end1: npt.NDArray[np.intp], end2: npt.NDArray[np.intp],
                  columns: int) -> LinearConstraint:
    """x_{apex,end1} + x_{apex,end2} - x_{end1,end2} <= 1 for each triple given."""
    t = apex.size
    rows = np.repeat(np.arange(t), 3)
    cols = np.stack([pair[apex, end1], pair[apex, end2], pair[end1, end2]], axis=1).ravel()
    data = np.tile(np.array([1.0, 1.0, -1.0]), t)
    matrix = sp.coo_array((data, (rows, cols)), shape=(t, columns)).tocsr()
    return LinearConstraint(matrix, -np.inf, 1.0)


class _Result(NamedTuple):
    values: Matrix
    bound: float  # lower bound on the cost (frustration minus the sum of positive parts)
    status: str  # "optimal" or "time limit"


def _run(w: Matrix, cost: Matrix, integrality: Matrix, constraints: list[LinearConstraint],
         offset: float, deadline: float, upper: Matrix | None = None) -> _Result | None:
    """Minimise offset + cost @ v over 0 <= v <= upper by the deadline; None if no solution.

    The cost is scaled to a largest net tie of 1 so that HiGHS's absolute gap tolerance
    (1e-6) is relative to the weights.
    """
    budget = deadline - time.monotonic()  # what building the program left
    if budget < _MIN_BUDGET:
        return None
    scale = float(np.abs(w).max()) or 1.0
    try:
        res = milp(cost / scale, integrality=integrality,
                   bounds=Bounds(0.0, 1.0 if upper is None else upper),
                   constraints=constraints, options={"time_limit": budget, "mip_rel_gap": 0.0})
    except ValueError as err:  # scipy's own input checks: a bug here, not in the network
        raise InvalidRecordError(f"the solver rejected the program: {err}",
                                 expected="a well-formed program") from err
    if res.x is None or res.status not in (0, 1):  # 1: the time limit
        return None
    dual = getattr(res, "mip_dual_bound", None)
    bound = offset + float(dual) * scale if dual is not None and np.isfinite(dual) else -np.inf
    return _Result(np.asarray(res.x, dtype=np.float64), max(bound, _trivial_bound(w)),
                   "optimal" if res.status == 0 else "time limit")


# ------------------------------------------------------------------------------ heuristics


def _heuristic_part(w: Matrix, k: int | None, bound: float, *starts: Labels,
                    status: str = "time limit, heuristic") -> _Part:
    """The best of a local search from each start, from one coalition and from singletons.

    With k, a start of more than k coalitions is first merged down to k.
    """
    n = w.shape[0]
    best: Labels | None = None
    for labels in (*starts, np.zeros(n, dtype=np.int64), np.arange(n, dtype=np.int64)):
        if k is not None:
            labels = _merge_down(w, labels, k)
        labels = _local_search(w, labels, k)
        if best is None or _cost(w, labels) < _cost(w, best) - _TINY:
            best = labels
    assert best is not None
    return _Part(best, max(_cost(w, best) - bound, 0.0), status)


def _merge_down(w: Matrix, labels: Labels, k: int) -> Labels:
    """Merge the pair of coalitions that costs least until at most k are left."""
    labels = canonical_labels(labels)
    m = int(labels.max()) + 1
    if m <= k:
        return labels
    member = np.zeros((labels.size, m))
    member[np.arange(labels.size), labels] = 1.0
    between = member.T @ w @ member  # net tie between coalitions
    np.fill_diagonal(between, -np.inf)
    target = np.arange(m)
    for _ in range(m - k):
        a, b = sorted(np.unravel_index(int(np.argmax(between)), between.shape))
        between[a] += between[b]
        between[:, a] += between[:, b]
        between[a, a] = -np.inf
        between[b], between[:, b] = -np.inf, -np.inf
        target[target == b] = a
    return canonical_labels(target[labels])


def _local_search(w: Matrix, labels: Labels, k: int | None, passes: int = 100) -> Labels:
    """Move single actors (in index order) while a move lowers the frustration."""
    labels = canonical_labels(labels).copy()
    n = labels.size
    tol = _TINY * max(float(np.abs(w).max()), 1.0)
    for _ in range(passes):
        moved = False
        for i in range(n):
            m = int(labels.max()) + 1
            sums = np.bincount(labels, weights=w[i], minlength=m)
            size = np.bincount(labels, minlength=m)
            own = labels[i]
            delta = sums[own] - sums  # cost change of moving i into each coalition
            delta[(size == 0) | (np.arange(m) == own)] = np.inf
            target = int(np.argmin(delta))
            # a coalition of its own: allowed if i is not alone and k leaves room
            alone = sums[own] if size[own] > 1 and (k is None or m < k) else np.inf
            if min(delta[target], alone) < -tol:
                labels[i] = m if alone < delta[target] else target
                moved = True
        labels = canonical_labels(labels)
        if not moved:
            break
    return labels


# --------------------------------------------------------------------------------- helpers


def _weight(n: int) -> float:
    """Time weight of a part of n actors (the program has about n**3 constraints)."""
    return float(n) ** 3 if n > 2 else 0.0


def _worst(statuses: set[str]) -> str:
    return max(statuses, key=STATUSES.index)


def _component_labels(net: sp.csr_array, mask: npt.NDArray[np.bool_]) -> Labels:
    """Connected components of the ties of ``net`` selected by ``mask``, canonical labels."""
    coo = net.tocoo()
    graph = sp.coo_array((np.ones(int(mask.sum())), (coo.row[mask], coo.col[mask])),
                         shape=net.shape)
    _, labels = connected_components(graph, directed=False)
    return canonical_labels(labels)


def _groups(labels: Labels) -> list[npt.NDArray[np.int64]]:
    """The positions of each label, labels in order (canonical labels: by first position)."""
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    if not labels.size:
        return []
    return [np.asarray(part, dtype=np.int64) for part in np.split(order, cuts)]


def _pair_index(n: int, iu: npt.NDArray[np.intp], ju: npt.NDArray[np.intp]
                ) -> npt.NDArray[np.int64]:
    pair = np.zeros((n, n), dtype=np.int64)
    pair[iu, ju] = np.arange(iu.size)
    pair[ju, iu] = np.arange(iu.size)
    return pair


def _triples(n: int, needed: npt.NDArray[np.bool_]
             ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """(apex, end1, end2) with end1 < end2, apex apart, and needed[apex, end1 or end2]."""
    r = np.arange(n)
    keep = (needed[:, :, None] | needed[:, None, :]) & (r[:, None] < r[None, :])[None, :, :]
    keep &= (r[:, None] != r[None, :])[:, :, None] & (r[:, None] != r[None, :])[:, None, :]
    apex, end1, end2 = np.nonzero(keep)
    return apex, end1, end2


def _decode(w: Matrix, x: Matrix, iu: npt.NDArray[np.intp], ju: npt.NDArray[np.intp]
            ) -> Labels:
    """A solution of the reduced program as a partition that costs no more (module docstring).

    Coalitions are the connected components of the pairs with ``x_ij = 1`` and ``w_ij > 0``;
    the pairs with ``x_ij = 1`` alone need not be transitive.
    """
    keep = (x > 0.5) & (w[iu, ju] > 0)
    return _labels_from_pairs(w.shape[0], iu[keep], ju[keep])


def _labels_from_pairs(n: int, i: npt.NDArray[np.intp], j: npt.NDArray[np.intp]) -> Labels:
    graph = sp.coo_array((np.ones(i.size), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return canonical_labels(labels)


def _cost(w: Matrix, labels: Labels) -> float:
    """sum over pairs in one coalition of -w: the frustration minus sum of P."""
    same = labels[:, None] == labels[None, :]
    return -0.5 * float(w[same].sum())


def _trivial_bound(w: Matrix) -> float:
    """No partition costs less than one with every net-positive pair together, none other."""
    return -0.5 * float(w[w > 0].sum())


def _frozen(labels: Labels) -> Labels:
    labels = np.array(labels, dtype=np.int64)
    labels.flags.writeable = False
    return labels
