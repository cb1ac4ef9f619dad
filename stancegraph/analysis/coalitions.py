"""Coalitions: who is in which camp, what unites each camp, and what divides the camps.

:func:`coalitions` builds the signed actor network of a debate (see
:mod:`~stancegraph.analysis.networks`) and partitions it so that the frustration -- the weight
of conflict inside camps plus agreement between them -- is as small as possible:

- ``"exact"`` solves this correlation-clustering problem to proven optimality with a MILP
  (:mod:`~stancegraph.analysis.exact`), for networks of up to about a hundred actors;
- ``"spectral"`` scales to tens of thousands (:mod:`~stancegraph.analysis.spectral`);
- ``"auto"`` (default) takes ``exact`` when every connected part of the network is small enough
  to solve quickly, ``spectral`` otherwise.

The number of camps comes from the data unless ``k`` is given. A camp is a group of actors held
together by agreement: unless ``k`` is given, a camp whose members split into parts with no
positive tie between them is reported as separate camps (this never adds frustration). Actors
with no signed tie at all are *unaligned*. Once partitioned, each member of a camp is seated
with the camp whose line it shares most (:mod:`~stancegraph.analysis.camp_lines`): the
network's pull favours large camps, a camp's line counts once per target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .._presenters import present
from ..errors import ArgumentError, InvalidRecordError, UnknownIdError, check_choice, closest
from ..graph import StanceGraph
from ..model import ACTOR_TYPES, STANCE_RELATIONS
from ..options import METHODS, Method, as_date
from ..progress import stepped
from ..queries import RollUp
from ..queries import as_of as as_of_view
from .camp_lines import line_agreement, seat_by_lines
from .dna_network import DnaNetwork
from .exact import exact_partition
from .indices import balance_ratio, polarisation
from .networks import (
    ActorTargets,
    Affiliation,
    Normalization,
    affiliation,
    network_inputs,
    network_of_inputs,
    profile_affiliation,
    signed_network,
)
from .signed import Labels, SignedNetwork, beyond_expectation, canonical_labels, frustration
from .spectral import spectral_partition
from .statements import Broader, Dedupe, Level, Statements, statements

__all__ = [
    "EXACT_MAX_ACTORS",
    "METHODS",
    "Coalition",
    "CoalitionResult",
    "Divide",
    "Method",
    "Stand",
    "camps_of",
    "coalitions",
    "coalitions_from_affiliation",
    "partition",
    "splits_camps",
    "turns_agreement",
]

#: ``auto`` uses the exact solver when no connected part of the network is larger than this.
EXACT_MAX_ACTORS = 60


@dataclass(frozen=True)
class Stand:
    """A target and the direction some actors of a camp take on it, with the statements behind
    it, how much it sets the camp apart, and whether every camp shares it.

    Attributes
    ----------
    target : str
    relation : "supports", "opposes" or "skeptical-of"
        What the members state: ``"skeptical-of"`` when most of the members leaning against
        the target only doubt it (no ``opposes`` statement), ``"opposes"`` otherwise. Without
        the statements (:func:`coalitions_from_affiliation`) skepticism cannot be told from
        opposition and the relation is the direction.
    members : tuple of str
        The actors of the camp taking that direction, sorted (at most 50).
    share : float
        Their share of the camp.
    evidence : tuple of dict
        Statements behind it, each ``{"actor", "stance", "holder", "relation", "quote",
        "source", "date", "via"}``: ``actor`` is the camp member, ``stance`` the statement's
        id, ``holder`` who made it, and ``via`` the narrower position the statement is about
        when it counts for the target through ``broader`` (None when it is about the target).
    direction : "supports" or "opposes"
        The sign of the stand: skepticism counts on the side of opposition (by default, the
        sign of ``relation``).
    skeptical : int or None
        How many of the members leaning against the target only doubt it (0 for support);
        None when the statements are not at hand.
    distinctiveness : float
        How much the stand sets the camp apart, in [-1, 1]: half the difference between the
        camp's mean leaning on the target (+1 support, -1 opposition or skepticism, 0 no
        stance, per member) and that of all actors of the other camps, taken in the stand's
        direction. Stands are listed by it, highest first.
    shared : bool
        Every camp of two or more members (at least two such camps) takes this direction on
        the target: some of its members take it and, on balance, none lean the other way. A
        member of an organisation or bloc that takes it counts as taking it (for this flag
        only; so an alliance's stand is its members'), when the statements are at hand.
    via : tuple of str
        When no member states the stand on the target itself, only on narrower positions
        that count toward it (``broader``): those positions, sorted; empty otherwise, and
        when the statements are not at hand.

    Examples
    --------
    >>> result = coalitions(nato)
    >>> eastern = result.coalitions[result.coalition_of("united-kingdom")]
    >>> stand = next(s for s in eastern.unites if s.target == "putin-serious-about-negotiating")
    >>> stand.phrase, stand.direction, stand.skeptical, stand.distinctiveness
    ('skeptical of', 'opposes', 5, 0.357143)
    >>> western = result.coalitions[result.coalition_of("france")]
    >>> [s.target for s in western.unites if s.shared]  # NATO's, so its members' too
    ['direct-nato-military-involvement']
    """

    target: str
    relation: str
    members: tuple[str, ...]
    share: float
    evidence: tuple[dict[str, Any], ...]
    direction: str = ""
    skeptical: int | None = None
    distinctiveness: float = 0.0
    shared: bool = False
    via: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.direction:  # not given: the sign of the relation
            object.__setattr__(self, "direction",
                               "supports" if self.relation == "supports" else "opposes")

    @property
    def phrase(self) -> str:
        """The relation as words: ``"supports"``, ``"opposes"`` or ``"skeptical of"``."""
        return "skeptical of" if self.relation == "skeptical-of" else self.relation

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "relation": self.relation, "members": list(self.members),
                "share": self.share, "evidence": [dict(e) for e in self.evidence],
                "direction": self.direction, "skeptical": self.skeptical,
                "distinctiveness": self.distinctiveness, "shared": self.shared,
                "via": list(self.via)}


@dataclass(frozen=True)
class Coalition:
    """One camp: its members, how cohesive it is, and the stands its members share.

    ``cohesion`` is the share of the tie weight inside the camp that is agreement (1: no
    internal conflict); None for a camp of one.
    """

    members: tuple[str, ...]
    cohesion: float | None
    unites: tuple[Stand, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"members": list(self.members), "cohesion": self.cohesion,
                "unites": [s.to_dict() for s in self.unites]}


@dataclass(frozen=True)
class Divide:
    """A target on which two camps lean opposite ways.

    Attributes
    ----------
    target : str
    a, b : "supports", "opposes" or "skeptical-of"
        What the members of the first and second camp state, as for :attr:`Stand.relation`:
        ``"skeptical-of"`` when most of the camp's members leaning against the target only
        doubt it (no ``opposes`` statement). Without the statements
        (:func:`coalitions_from_affiliation`) it is the direction.
    score : float
        In (0, 1]: half the difference of the camps' net leanings (1: all of one camp
        supports, all of the other opposes or doubts).
    a_members, b_members : tuple of str
        The members of each camp with a stance on the target, sorted (at most 50).
    a_direction, b_direction : "supports" or "opposes"
        The signs: skepticism counts on the side of opposition (by default, the sign of
        ``a`` and ``b``).

    Examples
    --------
    >>> result = coalitions(nato)
    >>> _, _, divides = result.divides[0]
    >>> d = divides[0]
    >>> d.target, d.a, d.b, d.a_direction, d.b_direction
    ('dialogue-with-putin', 'supports', 'opposes', 'supports', 'opposes')
    >>> d.phrases
    ('supports', 'opposes')
    """

    target: str
    a: str
    b: str
    score: float
    a_members: tuple[str, ...]
    b_members: tuple[str, ...]
    a_direction: str = ""
    b_direction: str = ""

    def __post_init__(self) -> None:
        for side in ("a", "b"):  # not given: the sign of the relation
            if not getattr(self, f"{side}_direction"):
                object.__setattr__(self, f"{side}_direction",
                                   "supports" if getattr(self, side) == "supports" else "opposes")

    @property
    def phrases(self) -> tuple[str, str]:
        """``a`` and ``b`` as words: ``"supports"``, ``"opposes"`` or ``"skeptical of"``."""
        def words(relation: str) -> str:
            return "skeptical of" if relation == "skeptical-of" else relation

        return words(self.a), words(self.b)

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "a": self.a, "b": self.b,
                "a_direction": self.a_direction, "b_direction": self.b_direction,
                "score": self.score, "a_members": list(self.a_members),
                "b_members": list(self.b_members)}


@dataclass(frozen=True, eq=False)
class CoalitionResult:
    """The camps of a debate and their explanation; :meth:`to_dict` is the CLI's JSON."""

    coalitions: tuple[Coalition, ...]
    divides: tuple[tuple[int, int, tuple[Divide, ...]], ...]
    unaligned: tuple[str, ...]
    frustration: float
    method: str
    level: str
    optimal: bool | None
    gap: float | None
    polarisation: float
    balance_ratio: float | None
    network: SignedNetwork = field(repr=False)
    labels: Labels = field(repr=False)
    #: The day the debate was analysed as of (``coalitions(..., as_of=)``), or None: the
    #: drawings of this result draw the debate as it stood that day.
    as_of: dt.date | None = None
    #: The statements the camps were found from (None for :func:`coalitions_from_affiliation`).
    statements: Statements | None = field(default=None, repr=False)
    #: The graph (the view as of :attr:`as_of`) the camps were found on; None for
    #: :func:`coalitions_from_affiliation`.
    graph: StanceGraph | None = field(default=None, repr=False)

    def coalition_of(self, actor: str) -> int | None:
        """Index of the actor's coalition in :attr:`coalitions`, None if unaligned.

        At ``level="state"`` an actor whose statements roll up (a spokesperson, a leader, a
        bloc: see :mod:`~stancegraph.queries.rollup`) is not itself an actor of the
        analysis. It is given the camp of the actors its statements count for, the ends of
        its roll-up paths (:meth:`~stancegraph.queries.RollUp.paths`, with the relations that
        hold on :attr:`as_of` when it is set, else every relation): a spokesperson or leader
        the camp of the state they speak for or lead, a bloc that of its members. Unaligned
        ends are passed over (None when every end is unaligned); ends in two or more camps
        (a bloc split between camps) raise :class:`~stancegraph.errors.InvalidRecordError`
        naming the camps and the actors to ask about instead. An id that is not an actor of
        the analysed graph raises :class:`~stancegraph.errors.UnknownIdError` naming it, with
        the closest id.

        Examples
        --------
        >>> result = coalitions(nato)
        >>> result.coalition_of("olaf-scholz") == result.coalition_of("germany")  # he leads it
        True
        >>> result.coalition_of("germny")
        Traceback (most recent call last):
        ...
        stancegraph.errors.UnknownIdError: not an actor of this analysis 'germny' (expected an actor id of the analysed graph; did you mean 'germany'?)
        """
        where = self._camp_of_actor
        if actor in where:
            return where[actor]
        g = self.graph
        node = g.nodes.get(actor) if g is not None else None
        if g is None or node is None or node.type not in ACTOR_TYPES:
            known = list(where) if g is None else \
                [id for id, n in g.nodes.items() if n.type in ACTOR_TYPES]
            raise UnknownIdError("not an actor of this analysis", id=actor,
                                 expected="an actor id of the analysed graph" if g is not None
                                 else "an actor id at the analysed level",
                                 suggestion=closest(actor, known))
        ends = sorted({p.path[-1] for p in RollUp(g).paths(actor, self.as_of) if p.terminal})
        camps = sorted({c for e in ends if (c := where.get(e)) is not None})
        if len(camps) > 1:
            listed = ", ".join(ends[:10]) + (", ..." if len(ends) > 10 else "")
            raise InvalidRecordError(
                f"statements roll up into {len(camps)} camps "
                f"({', '.join(str(c) for c in camps)}) from", id=actor,
                expected=f"one of the actors they count for: {listed}")
        return camps[0] if camps else None

    @cached_property
    def _camp_of_actor(self) -> dict[str, int | None]:
        """Each actor of the analysis and the index of its coalition (None: unaligned)."""
        where: dict[str, int | None] = dict.fromkeys(self.unaligned)
        for i, c in enumerate(self.coalitions):
            where.update(dict.fromkeys(c.members, i))
        return where

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``stancegraph coalitions --format json`` (see ``docs/cli.md``)."""
        return {
            "coalitions": [c.to_dict() for c in self.coalitions],
            "divides": [{"between": [a, b], "targets": [d.to_dict() for d in ds]}
                        for a, b, ds in self.divides],
            "unaligned": list(self.unaligned),
            "frustration": self.frustration,
            "method": self.method,
            "level": self.level,
            "optimal": self.optimal,
            "gap": self.gap,
            "polarisation": self.polarisation,
            "balance_ratio": self.balance_ratio,
        }

    def camp_labels(self) -> tuple[str, ...]:
        """A label for each coalition, in order: its number, size and first three members by
        the agreement they have inside the camp (ties by id), as the drawings' legends name
        camps (with ids rather than names).

        >>> coalitions(nato).camp_labels()[:2]
        ('Camp 1 (7): france, germany, ukraine, …', 'Camp 2 (7): united-kingdom, estonia, latvia, …')
        """
        labels = []
        for i, members in enumerate(self.ranked_members(), start=1):
            more = ", …" if len(members) > 3 else ""
            labels.append(f"Camp {i} ({len(members)}): {', '.join(members[:3])}{more}")
        return tuple(labels)

    def ranked_members(self) -> tuple[tuple[str, ...], ...]:
        """Each coalition's members, those with the most agreement inside it first (ties by
        id): the members that best stand for their camp come first.

        >>> coalitions(nato).ranked_members()[1][:3]
        ('united-kingdom', 'estonia', 'latvia')
        """
        network = self.network
        if not self.coalitions:
            return ()
        indicator = np.zeros((len(network), len(self.coalitions)))
        for c, camp in enumerate(self.coalitions):
            indicator[[network.index[m] for m in camp.members], c] = 1.0
        # positive @ indicator, without materialising a factored network: (total + net) / 2
        inside = (network.tie_product(indicator) + network.net_product(indicator)) / 2
        ranked = []
        for c, camp in enumerate(self.coalitions):
            score = {m: round(float(inside[network.index[m], c]), 9) for m in camp.members}
            ranked.append(tuple(sorted(camp.members, key=lambda m: (-score[m], m))))
        return tuple(ranked)

    def to_frame(self) -> Any:
        """One row per actor of the analysis: ``actor``, ``coalition`` (index, -1 when
        unaligned), ``camp`` (its label), ``size`` and ``cohesion`` of the camp (a pandas
        DataFrame; needs ``pip install 'stancegraph[pandas]'``).

        >>> coalitions(nato).to_frame().set_index("actor").loc["france", "camp"]
        'Camp 1 (7): france, germany, ukraine, …'
        """
        return present("coalition frame")(self)

    def _repr_html_(self) -> str:
        """The camps as HTML for Jupyter, with a picture of the signed network."""
        html: str = present("coalition html")(self)
        return html

    def __repr__(self) -> str:
        def camp(c: Coalition) -> str:
            shown = ", ".join(c.members[:4])
            return shown + (f", ... ({len(c.members)})" if len(c.members) > 4 else "")

        camps = "; ".join(camp(c) for c in self.coalitions[:3] if len(c.members) > 1)
        more = "; ..." if len(self.coalitions) > 3 else ""
        return (f"<CoalitionResult: {len(self.coalitions)} coalitions ({camps}{more}), "
                f"{len(self.unaligned)} unaligned, frustration {self.frustration:g}>")


def partition(
    network: SignedNetwork,
    *,
    method: Method = "auto",
    k: int | None = None,
    seed: int = 0,
    time_limit: float = 10.0,
) -> tuple[Labels, str, bool | None, float | None]:
    """Partition a signed network: ``(labels, method used, optimal, gap)``.

    ``optimal`` and ``gap`` come from the exact solver (None for ``spectral``). With ``auto``,
    a solve that hits the time limit is compared with the spectral result and the better one
    is kept.

    With ``k``, the actors with ties are put in exactly ``k`` non-empty camps, by either
    method (the exact one finds the least frustrated such partition); actors without ties
    stay alone. Fewer than ``k`` actors with ties is an error.

    Examples
    --------
    >>> net = SignedNetwork.from_edges("abcde", [("a", "b", 1), ("b", "c", 1), ("d", "e", 1),
    ...                                          ("a", "d", -1)])
    >>> for method in ("exact", "spectral"):
    ...     print(method, partition(net, method=method, k=3)[0].tolist())
    exact [0, 1, 1, 2, 2]
    spectral [0, 1, 1, 2, 2]
    >>> partition(net, k=6)
    Traceback (most recent call last):
    ...
    stancegraph.errors.InvalidRecordError: ... 6 camps asked for, but only 5 actors have ties ...
    """
    check_choice(method, METHODS, "method")
    tied = np.flatnonzero(network.degree() > 1e-12)
    if k is not None and not isinstance(k, bool) and isinstance(k, int) and k > len(tied):
        raise InvalidRecordError(
            f"{k} camps asked for, but only {len(tied)} actors have ties", field="k",
            expected=f"k <= {len(tied)}, the number of actors with ties")
    if method == "auto":
        method = "exact" if network.largest_part() <= EXACT_MAX_ACTORS else "spectral"
        fallback = True
    else:
        fallback = False
    if method == "spectral":
        return (spectral_partition(network, k, seed=seed, exactly=True), "spectral", None,
                None)
    if k is None:
        solution = exact_partition(network, time_limit=time_limit)
        labels = solution.labels
    else:  # exactly k camps of the actors with ties; the others alone
        solution = exact_partition(network.subnetwork(tied), time_limit=time_limit, k=k,
                                   exactly=True)
        labels = np.arange(len(network), dtype=np.int64) + len(network)
        labels[tied] = solution.labels
        labels = canonical_labels(labels)
    if fallback and not solution.optimal:
        spectral = spectral_partition(network, k, seed=seed, exactly=True)
        if frustration(network, spectral) < solution.frustration:
            return spectral, "spectral", None, None
    return labels, "exact", solution.optimal, solution.gap


def splits_camps(network: SignedNetwork, stated: Labels, beyond: Labels) -> bool:
    """Whether the camps ``beyond`` (of the agreement beyond expectation) split camps of
    ``stated`` (of the ties as stated) and do nothing else: more camps held together by
    agreement (two or more actors, some two of them agreeing on balance), each inside one
    such camp of ``stated`` (actors ``stated`` puts in no such camp may join any). The
    expectation may separate what a consensus held together; it never regroups actors the
    ties as stated put in different camps."""
    held_before, held_after = _held(network, stated), _held(network, beyond)
    if np.count_nonzero(held_after) <= np.count_nonzero(held_before):
        return False
    grouped = held_before[stated]  # actors in a stated camp held together by agreement
    for camp in np.flatnonzero(held_after):
        if len(np.unique(stated[(beyond == camp) & grouped])) > 1:
            return False
    return True


def _held(network: SignedNetwork, labels: Labels) -> npt.NDArray[np.bool_]:
    """For each label, whether its camp holds two actors that agree on balance."""
    ties = sp.triu(sp.csr_array(network.difference), k=1).tocoo()
    inside = (ties.data > 0) & (labels[ties.row] == labels[ties.col])
    held = np.zeros(int(labels.max()) + 1 if len(labels) else 0, dtype=bool)
    held[labels[ties.row[inside]]] = True
    return held


def turns_agreement(network: SignedNetwork, adjusted: SignedNetwork) -> bool:
    """Whether some tie that is agreement on balance in ``network`` is conflict on balance in
    ``adjusted`` (its :func:`~stancegraph.analysis.signed.beyond_expectation`): the only
    case in which the camps beyond expectation are looked for. On a sparse network, where
    each actor's expected agreement with another is a small share of any one tie, none is,
    and the ties as stated decide at no extra cost."""
    if adjusted is network:
        return False
    before, after = sp.csr_array(network.difference), sp.csr_array(adjusted.difference)
    return bool(((before > 0).multiply(after < 0)).count_nonzero())


def camps_of(network: SignedNetwork, *, method: Method = "auto", k: int, seed: int = 0,
             time_limit: float = 10.0, profiles: Any = None
             ) -> tuple[Labels, str, bool | None, float | None]:
    """The ``k`` camps of a debate's network: :func:`partition`'s, of the ties as stated, or
    of the agreement beyond expectation
    (:func:`~stancegraph.analysis.signed.beyond_expectation`) -- a consensus every actor
    shares may be holding camps together.

    Without ``profiles``, those beyond expectation are taken when they split the camps of
    the ties as stated (:func:`splits_camps`), or when each of them is held together by
    agreement while the ties as stated hold fewer (they merged two camps that agree on
    balance and made up the number with a camp of one or of strangers). Nothing more is
    computed when the expectation turns no agreement into conflict (a sparse network: see
    :func:`turns_agreement`), nor when each of the ``k`` camps of the ties as stated is held
    together. Whether to take them is seen first with the spectral method (quick on any
    network); only then is the adjusted network partitioned by ``method``.

    With ``profiles`` (the actor × target net stance weight whose projection the network's
    ties are, as :func:`~stancegraph.analysis.networks.profile_affiliation` gives it; rows in the
    network's order), the members of each partition are seated by their camps' lines
    (:func:`~stancegraph.analysis.camp_lines.seat_by_lines`), and the camps beyond
    expectation are taken when their members hold to their own camps' lines more
    (:func:`~stancegraph.analysis.camp_lines.line_agreement`): the same test for a
    consensus that merged camps and for one that hid a camp of strangers. A partition the
    exact solver proved least frustrated and that seating changed is no longer reported
    optimal.

    >>> camp = lambda labels: labels.tolist()
    >>> net = SignedNetwork.from_edges("abcde", [("a", "b", 3), ("c", "d", 3), ("a", "c", 1),
    ...     ("a", "d", 1), ("b", "c", 1), ("b", "d", 1), ("e", "a", -1)])
    >>> camp(partition(net, k=2)[0])  # the ties as stated: everyone together, e against a
    [0, 0, 0, 0, 1]
    >>> camp(camps_of(net, k=3)[0])  # beyond the shared one, two pairs: a-b and c-d
    [0, 0, 1, 1, 2]
    """
    stances = None if profiles is None else sp.csr_array(profiles, dtype=np.float64)
    if stances is not None and stances.nnz == 0:
        stances = None  # none projected: the ties decide alone

    def seated(found: tuple[Labels, str, bool | None, float | None]
               ) -> tuple[Labels, str, bool | None, float | None]:
        return found if stances is None else _seated(stances, found)

    stated = seated(partition(network, method=method, k=k, seed=seed, time_limit=time_limit))
    adjusted = beyond_expectation(network)
    if not turns_agreement(network, adjusted):
        return stated
    if stances is None and np.count_nonzero(_held(network, stated[0])) >= k:
        return stated  # every camp is held together: k camps cannot split one of them

    def better(beyond: Labels) -> bool:
        if stances is None:
            return _better_camps(network, stated[0], beyond, k)
        return line_agreement(stances, beyond) > line_agreement(stances, stated[0]) + 1e-9

    # A quick look first: the exact solver is slow on the dense networks where the
    # expectation turns many weak agreements into conflicts, and there it rarely matters.
    beyond = seated(partition(adjusted, method="spectral", k=k, seed=seed))
    if not better(beyond[0]):
        return stated
    if method != "spectral":
        beyond = seated(partition(adjusted, method=method, k=k, seed=seed,
                                  time_limit=time_limit))
    return beyond if better(beyond[0]) else stated


def _seated(profiles: sp.csr_array, found: tuple[Labels, str, bool | None, float | None]
            ) -> tuple[Labels, str, bool | None, float | None]:
    """``partition``'s tuple with the members seated by lines (see :func:`camps_of`)."""
    labels, used, optimal, gap = found
    seated = canonical_labels(seat_by_lines(profiles, labels))
    if optimal and not np.array_equal(seated, canonical_labels(labels)):
        # The exact solver's least frustrated partition, then seated by lines: no longer
        # the partition its optimality and gap are about.
        optimal, gap = False, None
    return seated, used, optimal, gap


def _better_camps(network: SignedNetwork, stated: Labels, beyond: Labels, k: int) -> bool:
    """Whether the ``k`` camps ``beyond`` (of the agreement beyond expectation) are the
    answer rather than ``stated`` (of the ties as stated, fewer than ``k`` of them held
    together by agreement), without profiles: see :func:`camps_of`."""
    return splits_camps(network, stated, beyond) or \
        bool(np.count_nonzero(_held(network, beyond)) >= k)


@stepped("finding camps")
def coalitions(
    g: StanceGraph | DnaNetwork,
    *,
    level: Level = "state",
    method: Method = "auto",
    k: int | None = None,
    as_of: dt.date | str | None = None,
    seed: int = 0,
    dedupe: Dedupe = "document",
    normalization: Normalization = "none",
    time_limit: float = 10.0,
    evidence: int = 3,
    broader: Broader = "supports",
    actor_targets: ActorTargets = "direct",
) -> CoalitionResult:
    """Find the camps of a debate and explain them.

    The camps are the least frustrated partition of the signed network (see
    :func:`partition`), into the number of camps :func:`~stancegraph.analysis.count_camps`
    finds unless ``k`` is given, or that of its agreement beyond expectation when a consensus
    holds camps together (see :func:`camps_of`); then each member of a camp is seated with the
    camp whose line (the way most of its members' stances on each target go) it shares most
    (:func:`~stancegraph.analysis.camp_lines.seat_by_lines`: the network's pull favours large
    camps; a line counts once per target). The result's frustration and polarisation are
    those of the network as stated. The stands that unite a camp and the targets that divide
    two count the statements of confidence
    :data:`HEADLINE_CONFIDENCE` or more (or none given): an inference counts toward the camps,
    never toward their headline.

    ``g`` is a stance graph, or a two-mode ``subtract`` network of DNA
    (:func:`~stancegraph.dna_network`), whose cells are each actor's net agreement with each
    concept (the camps are then those of :func:`coalitions_from_affiliation`).

    Parameters
    ----------
    level : "state" or "stated"
        Roll statements up to states (and other actors nothing rolls further from), or keep
        them with the actors who made them.
    method : "auto", "exact" or "spectral"
    k : int, optional
        The number of camps: exactly ``k`` non-empty camps of the actors with ties, by either
        method (see :func:`partition`); fewer than ``k`` actors with ties raises
        :class:`~stancegraph.errors.InvalidRecordError`. When None, the number
        :func:`~stancegraph.analysis.count_camps` finds.
    as_of : date, optional
        Analyse the debate as it stood on this day (see :func:`~stancegraph.as_of`).
    seed : int
        Seeds the spectral method; the same input and seed give the same result.
    dedupe, normalization
        How repeated statements count and how ties are normalised (see
        :func:`~stancegraph.analysis.signed_network`).
    time_limit : float
        Seconds the exact solver may take.
    evidence : int
        Statements quoted per member for each stand that unites a camp.
    broader : "supports", "all" or "none"
        Which statements on a narrower position also count toward the positions it is a case
        of: support (default; "supports grants (via the €500bn fund)"), every relation, or
        none (see :mod:`~stancegraph.analysis.statements`).
    actor_targets : "direct" or "both"
        Stances on actors as direct ties only (default), or also projected like stances on
        positions (see :func:`~stancegraph.analysis.signed_network`).

    Returns
    -------
    CoalitionResult
        Coalitions sorted by size (largest first), then by their first member's id; members
        sorted by id.

    Examples
    --------
    >>> result = coalitions(nato)
    >>> camp = result.coalition_of
    >>> camp("france") == camp("germany")
    True
    >>> len({camp(a) for a in ["united-kingdom", "poland", "estonia", "latvia", "lithuania"]})
    1
    >>> camp("russia") in (camp("france"), camp("united-kingdom"))  # in neither camp
    False
    >>> camp("nato") is None  # NATO itself takes no side: unaligned
    True
    """
    if isinstance(g, DnaNetwork):  # DNA's network of a .dna file: its signed affiliation
        if as_of is not None:
            raise ArgumentError("a DNA network has its own time span: compute it with "
                                "start= and stop= instead", id=str(as_of), field="as_of",
                                expected="no as_of with a DNA network")
        return coalitions_from_affiliation(g.to_affiliation(), method=method, k=k, seed=seed,
                                           normalization=normalization,
                                           time_limit=time_limit, actor_targets=actor_targets)
    day = as_date(as_of, "as_of") if as_of is not None else None
    view = as_of_view(g, day) if day is not None else g
    rows = statements(view, level=level, dedupe=dedupe, broader=broader)
    # signed_network(rows, normalization=..., actor_targets=...), keeping its affiliation for
    # _explain
    aff, direct_ties = network_inputs(rows, level, dedupe, normalization)
    network = network_of_inputs(aff, direct_ties, normalization, actor_targets=actor_targets)
    labels, used, optimal, gap = _found_camps(aff, network, normalization, method, k, seed,
                                              time_limit, actor_targets)
    isolated = network.degree() <= 1e-12
    camps = _camps(network, labels, isolated)
    stated = None
    confidence = view.stance_columns(copy=False).confidence
    if np.any(confidence < HEADLINE_CONFIDENCE):  # inferences: left out
        stated = affiliation(view, level=level, dedupe=dedupe, broader=broader,
                             min_confidence=HEADLINE_CONFIDENCE)
    found = _explain(aff, rows.level, _Evidence(view, rows, evidence, confidence), network,
                     camps, used, optimal, gap, signs=headline_signs(aff, stated))
    return replace(found, as_of=day, statements=rows, graph=view)


def coalitions_from_affiliation(
    aff: Affiliation,
    *,
    method: Method = "auto",
    k: int | None = None,
    seed: int = 0,
    normalization: Normalization = "none",
    time_limit: float = 10.0,
    actor_targets: ActorTargets = "direct",
    stated: Affiliation | None = None,
) -> CoalitionResult:
    """Find the camps from actor × target matrices already summed, such as those a SPARQL
    store aggregates (:meth:`stancegraph.SparqlStore.stance_matrix`).

    ``stated`` is the affiliation of the statements of confidence :data:`HEADLINE_CONFIDENCE`
    or more (``affiliation(g, min_confidence=HEADLINE_CONFIDENCE)``), which the stands and
    divides count, as :func:`coalitions` does; by default they count ``aff``.

    The camps, cohesion, stands, divides and measures are those :func:`coalitions` finds on
    the graph the matrices were summed from, at the same level and de-duplication; only the
    quoted evidence is missing (each stand's ``evidence`` is empty), since the statements
    themselves are not at hand. ``actor_targets`` is that of :func:`coalitions`.

    Examples
    --------
    >>> from stancegraph.analysis import affiliation
    >>> result = coalitions_from_affiliation(affiliation(nato, level="state"))
    >>> result.coalition_of("france") == result.coalition_of("germany")
    True
    >>> result.coalitions[0].members == coalitions(nato).coalitions[0].members
    True
    """
    network = signed_network(aff, normalization=normalization, actor_targets=actor_targets)
    labels, used, optimal, gap = _found_camps(aff, network, normalization, method, k, seed,
                                              time_limit, actor_targets)
    camps = _camps(network, labels, network.degree() <= 1e-12)
    return _explain(aff, aff.level or "unknown", None, network, camps, used, optimal, gap,
                    signs=headline_signs(aff, stated))


def _found_camps(aff: Affiliation, network: SignedNetwork, normalization: Normalization,
                 method: Method, k: int | None, seed: int, time_limit: float,
                 actor_targets: ActorTargets) -> tuple[Labels, str, bool | None, float | None]:
    """The camps of :func:`coalitions` as :func:`partition`'s tuple: the partition into the
    camps counted (``k`` None) or into ``k`` (:func:`camps_of`), then each member seated with
    the camp whose line it shares most (:func:`~stancegraph.analysis.camp_lines.seat_by_lines`,
    on the stances projected onto actor pairs, as stated whatever the ``normalization`` of
    the ties: with lines weighing targets by popularity, the Zipf-like debate of
    ``tests/test_scale_smoke.py``'s popularity test falls below its bar)."""
    profiles = profile_affiliation(aff, actor_targets).net
    if k is not None:
        return camps_of(network, method=method, k=k, seed=seed, time_limit=time_limit,
                        profiles=profiles)
    # count the camps, then partition into them (see camp_count)
    return _seated(profiles, _counted_camps(aff, network, normalization, method, seed,
                                            time_limit, actor_targets))


def _counted_camps(aff: Affiliation, network: SignedNetwork, normalization: Normalization,
                   method: Method, seed: int, time_limit: float,
                   actor_targets: ActorTargets = "direct"
                   ) -> tuple[Labels, str, bool | None, float | None]:
    """The partition into the camps :func:`~stancegraph.analysis.count_camps` counts (the
    default, ``k=None``), as :func:`partition`'s tuple."""
    from .camp_count import count_and_partition  # camp_count imports this module

    return count_and_partition(aff, network, normalization=normalization, method=method, seed=seed,
                    time_limit=time_limit, actor_targets=actor_targets)[1]


def _camps(network: SignedNetwork, labels: Labels, isolated: np.ndarray) -> list[list[int]]:
    """The camps of the tied actors: each sorted by id; largest first, then by first id."""
    tied = np.flatnonzero(~np.asarray(isolated, dtype=bool))
    order = tied[np.argsort(labels[tied], kind="stable")]  # by label, then by position
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    ids = network.ids
    by_id = all(a < b for a, b in zip(ids, ids[1:], strict=False))  # position order = id order
    camps = [part.tolist() if by_id else sorted(part.tolist(), key=ids.__getitem__)
             for part in np.split(order, cuts)] if len(order) else []
    camps.sort(key=lambda m: (-len(m), ids[m[0]]))
    return camps


#: At most this many stands per coalition and dividing targets per pair are reported, and at
#: most this many member ids are listed for each.
MAX_LISTED = 25
MAX_MEMBERS = 50
#: A stand unites a camp when at least this share of its members with a stance on the target
#: lean the same way.
UNITY = 0.75
#: Statements less confident than this (inferences: a characterisation by a third party, a
#: reading between the lines) count toward the camps but not toward the stands and divides
#: that explain them: the headline rests on what was stated.
HEADLINE_CONFIDENCE = 0.5


def headline_signs(aff: Affiliation, stated: Affiliation | None) -> sp.csr_array:
    """Each actor's leaning (+1, -1) on each target that the stands and divides count, over
    ``aff``'s actors and targets: by ``stated``, the affiliation of the statements of
    confidence :data:`HEADLINE_CONFIDENCE` or more, when given (an actor or target it lacks
    has no leaning); else by ``aff``."""
    if stated is None:
        return _signs(aff)
    signs = _signs(stated).tocoo()
    actor = {a: i for i, a in enumerate(aff.actors)}
    target = {t: j for j, t in enumerate(aff.targets)}
    rows = np.array([actor.get(a, -1) for a in stated.actors], dtype=np.int64)[signs.row]
    cols = np.array([target.get(t, -1) for t in stated.targets], dtype=np.int64)[signs.col]
    ok = (rows >= 0) & (cols >= 0)
    return sp.csr_array((signs.data[ok], (rows[ok], cols[ok])),
                        shape=(len(aff.actors), len(aff.targets)))


def _signs(aff: Affiliation) -> sp.csr_array:
    signs = aff.net.sign().tocsr()
    signs.eliminate_zeros()
    return signs


def _explain(
    aff: Affiliation, level: str, quotes: _Evidence | None, network: SignedNetwork,
    camps: list[list[int]], used: str, optimal: bool | None, gap: float | None,
    signs: sp.csr_array | None = None,
) -> CoalitionResult:
    """The coalitions explained: ``signs`` (default: ``aff``'s) is each actor's leaning on
    each target that the stands and divides count; aff's rows and columns are the statements'
    actors and targets."""
    if signs is None:
        signs = _signs(aff)
    final = np.full(len(network), -1, dtype=np.int64)
    for c, members in enumerate(camps):
        final[members] = c
    unaligned = tuple(sorted(network.ids[i] for i in np.flatnonzero(final < 0)))
    # Unaligned actors have no ties: as singletons they add no frustration.
    singles = np.flatnonzero(final < 0)
    final[singles] = len(camps) + np.arange(len(singles))
    leaning = [_Leaning(signs, members) for members in camps]
    # Net leaning of all actors in camps on each target, to compare each camp with the rest.
    everyone = np.zeros(len(aff.targets), dtype=np.float64)
    for lean in leaning:
        everyone += lean.support - lean.oppose
    in_camps = sum(lean.size for lean in leaning)
    shared = _Shared(signs, leaning, final, quotes, network)
    found = tuple(
        Coalition(tuple(network.ids[i] for i in members), cohesion,
                  _unites(aff, network, lean, quotes, everyone, in_camps, shared))
        for members, lean, cohesion in zip(camps, leaning, _cohesions(network, camps),
                                           strict=True)
    )
    if quotes is not None:
        quotes.fill()
    divides = []
    big = [c for c in range(len(camps)) if len(camps[c]) > 1][:10]
    for x in range(len(big)):
        for y in range(x + 1, len(big)):
            a, b = big[x], big[y]
            ds = _divides(aff, network, leaning[a], leaning[b], quotes)
            if ds:
                divides.append((a, b, ds))
    ratio = balance_ratio(network)
    return CoalitionResult(found, tuple(divides), unaligned, round(frustration(network, final), 9),
                           used, level, optimal, gap, polarisation(network, final),
                           None if ratio is None else round(ratio, 9), network, final)


class _Leaning:
    """How a camp's members lean on each target (+1 or -1), kept sparse."""

    def __init__(self, signs: sp.csr_array, members: list[int]) -> None:
        self.members = np.asarray(members, dtype=np.int64)
        sub = signs[self.members]
        self.support = np.asarray((sub > 0).sum(axis=0)).ravel()
        self.oppose = np.asarray((sub < 0).sum(axis=0)).ravel()
        self.columns = sub.tocsc()

    @property
    def size(self) -> int:
        return len(self.members)

    def net(self) -> npt.NDArray[np.float64]:
        """Mean leaning of the camp on each target, in [-1, 1]."""
        return np.asarray((self.support - self.oppose) / self.size, dtype=np.float64)

    def leaning_counts(self) -> npt.NDArray[np.int64]:
        """Number of members leaning either way on each target (``len(who(t))``)."""
        return np.asarray(np.diff(self.columns.indptr), dtype=np.int64)

    def who(self, target: int, direction: int | None = None) -> list[int]:
        """Members leaning on ``target`` (in ``direction`` if given), in id order."""
        lo, hi = self.columns.indptr[target], self.columns.indptr[target + 1]
        rows, values = self.columns.indices[lo:hi], self.columns.data[lo:hi]
        picked = rows if direction is None else rows[values == direction]
        return sorted(self.members[picked].tolist())


_Rows = npt.NDArray[np.int64]


class _Evidence:
    """The statements behind an actor's stance on a target, found by binary search."""

    def __init__(self, g: StanceGraph, rows: Statements, per_stand: int,
                 confidence: npt.NDArray[np.float64] | None = None) -> None:
        """``confidence``: that of each of ``g``'s stances (``stance_columns``), if at hand."""
        self.g, self.rows, self.per_stand = g, rows, per_stand
        # The records handed out, with the stance row each quotes, until :meth:`fill`.
        self._unfilled: list[tuple[dict[str, Any], int]] = []
        self.sign = rows.sign  # computed once: the property builds a new array each time
        if confidence is None:
            confidence = g.stance_columns(copy=False).confidence
        stated = confidence[rows.stance] if len(rows) else np.empty(0)
        self.confidence = np.where(np.isnan(stated), 1.0, stated)
        width = max(len(rows.targets), 1)
        self.keys = rows.holder * width + rows.target
        n = len(self.keys)
        if n and (int(self.keys.max()) + 1) * n < 2**62:
            # Sort (key, row) pairs packed in one integer: as a stable argsort, but faster.
            packed = np.sort(self.keys * n + np.arange(n, dtype=np.int64))
            self.order, self.sorted_keys = packed % n, packed // n
        else:
            self.order = np.argsort(self.keys, kind="stable")
            self.sorted_keys = self.keys[self.order]
        self.width = width
        # Running count of "opposes" rows in key order: which members only doubt a target.
        opposes = rows.relation[self.order] == STANCE_RELATIONS.index("opposes")
        self.opposes_before = np.concatenate([[0], np.cumsum(opposes)])
        # Running counts of rows on the target itself (not through ``broader``), per sign.
        self.derived = bool((rows.via >= 0).any())
        if self.derived:
            direct, signs = rows.via[self.order] < 0, self.sign[self.order]
            self.direct_before = {s: np.concatenate([[0], np.cumsum(direct & (signs == s))])
                                  for s in (1, -1)}

    def _bounds(self, actors: list[int], target: int) -> tuple[_Rows, _Rows]:
        """Where each actor's rows on ``target`` start and end in ``order``."""
        keys = np.asarray(actors, dtype=np.int64) * self.width + target
        return (np.searchsorted(self.sorted_keys, keys),
                np.searchsorted(self.sorted_keys, keys + 1))

    def _rows_within(self, lo: _Rows, hi: _Rows) -> tuple[_Rows, _Rows]:
        """The rows between each ``lo`` and ``hi`` and the position of the actor of each."""
        lengths = hi - lo
        owner = np.repeat(np.arange(len(lo), dtype=np.int64), lengths)
        at = np.repeat(lo, lengths) + np.arange(int(lengths.sum()), dtype=np.int64) - \
            np.repeat(np.cumsum(lengths) - lengths, lengths)
        return self.order[at], owner

    def via(self, actors: list[int], target: int, sign: int) -> tuple[str, ...]:
        """The narrower positions through which ``actors`` (who lean ``sign`` on ``target``)
        hold their stance, when none of them states it on the target itself; else ()."""
        if not self.derived or not actors:
            return ()
        lo, hi = self._bounds(actors, target)
        before = self.direct_before[sign]
        if np.any(before[hi] > before[lo]):
            return ()
        picked, _ = self._rows_within(lo, hi)
        picked = picked[self.sign[picked] == sign]
        targets = self.rows.targets
        return tuple(sorted(targets[v] for v in np.unique(self.rows.via[picked]).tolist()
                            if v >= 0))

    def skeptical(self, actors: list[int], target: int) -> int:
        """How many of ``actors`` (who lean against ``target``) have no ``opposes`` statement
        on it: their opposition is skepticism only."""
        lo, hi = self._bounds(actors, target)
        return int(np.count_nonzero(self.opposes_before[hi] == self.opposes_before[lo]))

    def __call__(self, actors: list[int], target: int, sign: int,
                 names: tuple[str, ...]) -> tuple[dict[str, Any], ...]:
        """Up to ``per_stand`` statements behind the stand, one per member: each member's most
        confident statement (a statement with no confidence counts as 1), the most confident
        members first, then in the order of ``actors``; an inference never comes before a
        statement on record of the same stand."""
        if not actors or self.per_stand <= 0:
            return ()
        lo, hi = self._bounds(actors, target)
        picked, owner = self._rows_within(lo, hi)
        keep = self.sign[picked] == sign
        picked, owner = picked[keep], owner[keep]
        if not len(picked):
            return ()
        confidence = self.confidence[picked]
        # Most confident first; among equals the member's first statement, members in order.
        ranked = np.lexsort((np.arange(len(picked)), owner, -confidence))
        _, first = np.unique(owner[ranked], return_index=True)
        chosen = ranked[np.sort(first)][: self.per_stand]
        found: list[dict[str, Any]] = []
        for c in chosen.tolist():
            r = int(picked[c])
            day, via = self.rows.date[r], int(self.rows.via[r])
            record = {"actor": names[actors[int(owner[c])]], "stance": None, "holder": None,
                      "relation": None, "quote": None, "source": None,
                      "date": dt.date.fromordinal(int(day)).isoformat() if day else None,
                      "via": self.rows.targets[via] if via >= 0 else None,
                      "confidence": None}
            self._unfilled.append((record, int(self.rows.stance[r])))
            found.append(record)
        return tuple(found)

    def fill(self) -> None:
        """Write the statements' own fields into the records made since the last call: their
        stances are read together (:meth:`~stancegraph.graph.StanceView.take`, which spells a
        large graph's made ids for these stances only)."""
        unfilled, self._unfilled = self._unfilled, []
        stances = self.g.stances.take([row for _, row in unfilled])
        for (record, _), stance in zip(unfilled, stances, strict=True):
            record.update(stance=stance.id, holder=stance.holder, relation=stance.relation,
                          quote=stance.quote, source=stance.source,
                          confidence=stance.confidence)


def _cohesions(network: SignedNetwork, camps: list[list[int]]) -> list[float | None]:
    """Each camp's share of agreement in the tie weight inside it (None for a camp of one or
    without ties inside)."""
    big = [c for c, members in enumerate(camps) if len(members) > 1]
    found: list[float | None] = [None] * len(camps)
    for c, (pos, neg) in zip(big, network.within_each([camps[c] for c in big]) if big else [],
                             strict=True):
        found[c] = round(float(pos / (pos + neg)), 6) if pos + neg > 1e-12 else None
    return found


class _Shared:
    """Whether every camp of two or more members takes a direction on a target (see
    :attr:`Stand.shared`)."""

    def __init__(self, signs: sp.csr_array, leaning: list[_Leaning], final: Labels,
                 quotes: _Evidence | None, network: SignedNetwork) -> None:
        self.camps = [(c, lean) for c, lean in enumerate(leaning) if lean.size > 1]
        self.final = final
        self.columns = signs.tocsc()
        # Organisations and blocs among the actors, with their members among the actors.
        self.groups: dict[int, list[int]] = {}
        if quotes is not None and len(self.camps) > 1:
            index = network.index
            g = quotes.g
            # The objects of member-of relations (asked about, not each of the actors).
            for group in {r.object for r in g.relations.values() if r.relation == "member-of"}:
                members = [index[r.subject] for r in g.member_relations(group)
                           if r.subject in index]
                if members and group in index:
                    self.groups[index[group]] = members

    def __call__(self, target: int, direction: int) -> bool:
        if len(self.camps) < 2:
            return False
        through: npt.NDArray[np.int64] | None = None
        for c, lean in self.camps:
            net = direction * (int(lean.support[target]) - int(lean.oppose[target]))
            if net > 0:
                continue
            if net < 0 or not self.groups:
                return False
            if through is None:  # members of the groups that take the direction themselves
                lo, hi = self.columns.indptr[target], self.columns.indptr[target + 1]
                rows = self.columns.indices[lo:hi][self.columns.data[lo:hi] == direction]
                through = np.asarray([m for r in rows.tolist() for m in self.groups.get(r, ())],
                                     dtype=np.int64)
            if not np.any(self.final[through] == c):
                return False
        return True


def _unites(aff: Affiliation, network: SignedNetwork, lean: _Leaning,
            quotes: _Evidence | None, everyone: npt.NDArray[np.float64], in_camps: int,
            shared: _Shared) -> tuple[Stand, ...]:
    needed = min(2, lean.size)
    own = (lean.support - lean.oppose).astype(np.float64)
    others = in_camps - lean.size
    rest = (everyone - own) / others if others else np.zeros_like(own)
    apart = (own / lean.size - rest) / 2  # distinctiveness of support; negated for opposition
    found: list[tuple[float, int, str, str, int, int]] = []
    for direction, name, agree, other in ((1, "supports", lean.support, lean.oppose),
                                          (-1, "opposes", lean.oppose, lean.support)):
        for col in np.flatnonzero((agree >= needed) & (agree >= UNITY * (agree + other))):
            found.append((-round(direction * float(apart[col]), 6), -int(agree[col]),
                          aff.targets[col], name, direction, int(col)))
    found.sort()  # most distinctive first; then most members, target id
    stands = []
    for minus_apart, minus_count, target, name, direction, t in found[:MAX_LISTED]:
        members = lean.who(t, direction)
        count = -minus_count
        doubting = None
        if quotes is not None:
            doubting = 0 if direction > 0 else quotes.skeptical(members, t)
        relation = "skeptical-of" if doubting is not None and 2 * doubting > count else name
        stands.append(Stand(target, relation, tuple(network.ids[i] for i in members[:MAX_MEMBERS]),
                            round(count / lean.size, 6),
                            quotes(members, t, direction, network.ids) if quotes is not None
                            else (), name, doubting, -minus_apart + 0.0, shared(t, direction),
                            quotes.via(members, t, direction) if quotes is not None else ()))
    return tuple(stands)


def _divides(aff: Affiliation, network: SignedNetwork, a: _Leaning, b: _Leaning,
             quotes: _Evidence | None = None) -> tuple[Divide, ...]:
    x, y = a.net(), b.net()
    # Rank the targets first, then list the members of the MAX_LISTED reported only.
    apart = np.flatnonzero(x * y < 0)
    scores = np.round(np.abs(x[apart] - y[apart]) / 2, 6)  # as round() of each, vectorised
    listed = (np.minimum(a.leaning_counts()[apart], MAX_MEMBERS)
              + np.minimum(b.leaning_counts()[apart], MAX_MEMBERS))
    if len(apart) > MAX_LISTED:  # keep those ahead of the MAX_LISTED-th, and its ties
        order = np.lexsort((-listed, -scores))
        last = order[MAX_LISTED - 1]
        keep = (scores > scores[last]) | ((scores == scores[last]) & (listed >= listed[last]))
        apart, scores, listed = apart[keep], scores[keep], listed[keep]
    ranked = sorted((-float(score), -int(count), aff.targets[t], int(t))
                    for score, count, t in zip(scores, listed, apart, strict=True))

    def relation(camp: _Leaning, t: int, direction: str) -> str:
        """What the camp states: skepticism when most of its members against only doubt."""
        if quotes is None or direction == "supports":
            return direction
        against = camp.who(t, -1)
        return "skeptical-of" if 2 * quotes.skeptical(against, t) > len(against) else direction

    found = []
    for score, _, target, t in ranked[:MAX_LISTED]:
        a_direction = "supports" if x[t] > 0 else "opposes"
        b_direction = "supports" if y[t] > 0 else "opposes"
        found.append(Divide(target, relation(a, t, a_direction), relation(b, t, b_direction),
                            -score, tuple(network.ids[i] for i in a.who(t)[:MAX_MEMBERS]),
                            tuple(network.ids[i] for i in b.who(t)[:MAX_MEMBERS]),
                            a_direction, b_direction))
    return tuple(found)
