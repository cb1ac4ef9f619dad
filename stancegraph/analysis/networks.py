"""Affiliation matrices and signed actor networks, built with sparse linear algebra.

As in discourse network analysis (Leifeld 2017, "Discourse network analysis: policy debates as
dynamic networks"), two actors are tied by *congruence* when they take the same stance on a
target and by *conflict* when they take opposite stances. With ``X = [A+ | A-]`` the actor
rows of the positive and negative affiliation matrices side by side, and ``Y = [A- | A+]``:

- congruence ``C = X Xᵀ = A+ A+ᵀ + A- A-ᵀ``,
- conflict ``K = X Yᵀ = A+ A-ᵀ + A- A+ᵀ``,
- difference ``C - K``,

each with the diagonal removed and optionally normalised by the squared norms of the actors'
rows, ``|x_i|² = Σ_t (A+_it² + A-_it²)`` (for statements of weight 1, one per target, the
number of targets actor ``i`` takes a stance on). With ``w_ij`` the tie being normalised (the
pair's congruence, or its conflict):

- ``"average"``: ``w_ij / ((|x_i|² + |x_j|²) / 2)``,
- ``"jaccard"``: ``w_ij / (|x_i|² + |x_j|² - w_ij)`` (the Tanimoto coefficient; for the
  congruence of 0/1 rows, the Jaccard index of the two actors' sets of stances),
- ``"cosine"``: ``w_ij / (|x_i| |x_j|)``.

These are stancegraph's normalisations. They are named after, but are **not**, those of DNA
(Leifeld's Discourse Network Analyzer, whose exporter divides congruence and conflict alike by
one denominator per pair built from statement counts): with ``c_ik`` actor ``i``'s count of
statements on concept and qualifier level ``k`` and its activity ``n_i = Σ_k c_ik``, DNA's
``"average"`` divides by ``(n_i + n_j) / 2``, its ``"cosine"`` by ``n_i n_j``, and its
``"jaccard"`` by ``m10 + m01 + m11`` (``m10``: ``i``'s counts where ``j`` has none, ``m01``
the reverse, ``m11 = Σ_k c_ik c_jk`` where both have some). Counts are not squared norms,
so the values differ from DNA's exports (and, for ``"cosine"``, even scale differently);
DNA's own normalisations are not offered yet.

``"popularity"`` instead weighs each target by the inverse of its popularity, the total stance weight ``w_t`` on it: ``C = A+ W⁻¹ A+ᵀ + A- W⁻¹ A-ᵀ`` and likewise
``K``, with ``W = diag(w_t)`` (as Newman 2001, "Scientific collaboration networks. II", weighs
a paper's co-authorships by its number of authors). Without it a target's share of all ties
grows with the *square* of its popularity, so in a debate where a few targets draw most
statements those few decide every tie; it keeps the network factorable.

Stances on actors ("A opposes B") are *direct* ties: they add to the conflict (or congruence)
of the pair, with the weight of the statements, and by default that is all they do
(``actor_targets="direct"``). They are not projected like stances on positions: "A opposes C"
and "B opposes C" do not make A and B agree. That inference is structural balance ("the enemy
of my enemy is my friend"), which the partitioner draws from the direct ties themselves;
projecting it beforehand counts each such stance again, through every other actor tied to the
same actor, and in a debate made of who-allies-with-whom the projection (quadratic in an
actor's degree) drowns the direct ties it came from. So a debate of actor-to-actor stances
only is exactly its direct signed network. ``actor_targets="both"`` also projects stances on
actors as co-affiliation, for debates where a shared stance on an actor is a shared position
(all condemning the same government). In a mixed debate, stances on positions are projected
and stances on actors added directly, both at the weight of their statements: a shared stance
on a position and a direct stance between two actors are each one piece of evidence about the
pair, and neither kind is discounted because the other is present. The normalisations divide
the projection by the norms of the projected (position) columns only; direct ties are not
normalised. Ambivalent pairs keep both parts.

A statement on a narrower position also counts toward the positions it is a case of (its
``broader`` chain) before the projection: by default support only (``broader="supports"``), so
that an actor backing a €500bn grants fund and one opposing grants are in conflict; see
:mod:`~stancegraph.analysis.statements` for the reasoning and the other choices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .._presenters import present
from ..errors import InvalidRecordError, check_choice
from ..graph import StanceGraph
from ..options import ACTOR_TARGETS, NORMALIZATIONS, ActorTargets, Normalization
from .signed import SignedNetwork, nonzero_cells, require_igraph, values_at
from .statements import STRENGTH, Broader, Dedupe, Level, Statements, statements

__all__ = [
    "FACTOR_ABOVE",
    "NORMALIZATIONS",
    "ACTOR_TARGETS",
    "ActorTargets",
    "Affiliation",
    "Normalization",
    "affiliation",
    "conflict_network",
    "congruence_network",
    "projected_ties",
    "signed_network",
]

_FACTORABLE = ("none", "cosine", "popularity")
#: ``signed_network`` keeps a network factored when its projection would tie more pairs.
FACTOR_ABOVE = 5_000_000


@dataclass(frozen=True, eq=False)
class Affiliation:
    """Actor × target matrices of stance weight: ``positive`` (support), ``negative``
    (opposition and skepticism), and their difference ``net``.

    Rows follow ``actors``, columns ``targets`` (both sorted by id); ``level`` is the level of
    analysis of the statements summed (None when not known). A target that is also in
    ``actors`` is a direct stance on that actor.

    Built from a graph by :func:`affiliation`, or inside a SPARQL store by
    :meth:`stancegraph.SparqlStore.stance_matrix`; :func:`signed_network` and
    :func:`~stancegraph.analysis.coalitions_from_affiliation` take either.
    """

    actors: tuple[str, ...]
    targets: tuple[str, ...]
    positive: sp.csr_array
    negative: sp.csr_array
    level: Level | None = None

    @classmethod
    def from_rows(cls, actors: Iterable[str], targets: Iterable[str],
                  rows: Iterable[tuple[str, str, str, float]], *,
                  level: Level | None = None) -> Affiliation:
        """Matrices from ``(actor, target, relation, weight)`` rows, such as a store's
        aggregate query returns: support adds to ``positive``, opposition and skepticism to
        ``negative``, and rows for the same cell add up. ``actors`` and ``targets`` are sorted.

        >>> aff = Affiliation.from_rows(["a", "b"], ["t"], [("a", "t", "supports", 1.0),
        ...                             ("b", "t", "skeptical-of", 0.5)], level="stated")
        >>> aff.net.toarray().tolist()
        [[1.0], [-0.5]]
        """
        actor_ids, target_ids = tuple(sorted(set(actors))), tuple(sorted(set(targets)))
        row_of = {a: i for i, a in enumerate(actor_ids)}
        col_of = {t: j for j, t in enumerate(target_ids)}
        cells: dict[tuple[int, int, bool], float] = {}
        for actor, target, relation, weight in rows:
            if relation not in STRENGTH:
                raise InvalidRecordError("unknown stance relation", id=str(relation),
                                         expected=" or ".join(STRENGTH))
            try:
                key = (row_of[actor], col_of[target], relation == "supports")
            except KeyError as err:
                raise InvalidRecordError("a row names an actor or target not listed",
                                         id=str(err.args[0])) from err
            cells[key] = cells.get(key, 0.0) + float(weight)
        shape = (len(actor_ids), len(target_ids))

        def matrix(support: bool) -> sp.csr_array:
            keys = [k for k in cells if k[2] is support]
            data = np.array([cells[k] for k in keys], dtype=np.float64)
            i = np.array([k[0] for k in keys], dtype=np.int64)
            j = np.array([k[1] for k in keys], dtype=np.int64)
            return sp.coo_array((data, (i, j)), shape=shape).tocsr()

        return cls(actor_ids, target_ids, matrix(True), matrix(False), level)

    @classmethod
    def from_arrays(cls, actors: tuple[str, ...], targets: tuple[str, ...],
                    row: npt.ArrayLike, column: npt.ArrayLike, support: npt.ArrayLike,
                    weight: npt.ArrayLike, *, level: Level | None = None) -> Affiliation:
        """Matrices from arrays, one entry per summed row: the ``row`` (index into
        ``actors``) and ``column`` (into ``targets``), whether it is support, and its weight;
        entries of the same cell add up. ``actors`` and ``targets`` must be sorted: what a
        SQL engine returns for millions of cells, without a Python object for each.

        >>> aff = Affiliation.from_arrays(("a", "b"), ("t",), [0, 1, 1], [0, 0, 0],
        ...                               [True, False, False], [1.0, 0.5, 0.25])
        >>> aff.net.toarray().tolist()
        [[1.0], [-0.75]]
        """
        if list(actors) != sorted(set(actors)) or list(targets) != sorted(set(targets)):
            raise InvalidRecordError("actors and targets are listed once each, sorted",
                                     expected="sorted ids")
        i, j = np.asarray(row, dtype=np.int64), np.asarray(column, dtype=np.int64)
        up, w = np.asarray(support, dtype=bool), np.asarray(weight, dtype=np.float64)
        shape = (len(actors), len(targets))

        def matrix(keep: npt.NDArray[np.bool_]) -> sp.csr_array:
            return sp.coo_array((w[keep], (i[keep], j[keep])), shape=shape).tocsr()

        return cls(tuple(actors), tuple(targets), matrix(up), matrix(~up), level)

    @property
    def net(self) -> sp.csr_array:
        """Support minus opposition, per actor and target."""
        return (self.positive - self.negative).tocsr()

    def to_networkx(self) -> nx.Graph[str]:
        """A bipartite networkx graph: actors (``bipartite=0``) and targets (``bipartite=1``),
        edges with ``positive``, ``negative`` and ``weight`` (their difference)."""
        graph: nx.Graph[str] = nx.Graph()
        graph.add_nodes_from(self.actors, bipartite=0)
        graph.add_nodes_from((t for t in self.targets if t not in self.actors), bipartite=1)
        pos, neg = self.positive.todok(), self.negative.todok()
        for i, j in sorted(set(pos.keys()) | set(neg.keys())):
            p, q = float(pos.get((i, j), 0.0)), float(neg.get((i, j), 0.0))
            graph.add_edge(self.actors[i], self.targets[j], positive=p, negative=q, weight=p - q)
        return graph

    def to_igraph(self) -> Any:
        """An undirected python-igraph ``Graph`` as :meth:`to_networkx` builds it (needs the
        ``igraph`` extra): the actors, then the targets that are not actors, each id the
        vertex attribute ``name``, the kind igraph's bipartite functions read as ``type``
        (False for an actor, True for a target); one edge per non-zero cell, in the order of
        :meth:`to_networkx`, with ``positive``, ``negative`` and ``weight`` (their difference).
        A direct stance on an actor ties two actors.

        >>> aff = Affiliation.from_rows(["a", "b"], ["t"], [("a", "t", "supports", 1.0),
        ...                             ("b", "t", "opposes", 0.5)])
        >>> graph = aff.to_igraph()
        >>> graph.vs["name"], graph.vs["type"], graph.es["weight"]
        (['a', 'b', 't'], [False, False, True], [1.0, -0.5])
        """
        ig = require_igraph()
        actors = {a: i for i, a in enumerate(self.actors)}
        others = [t for t in self.targets if t not in actors]
        vertex = {**{t: len(actors) + k for k, t in enumerate(others)}, **actors}
        column = np.array([vertex[t] for t in self.targets], dtype=np.int64)
        i, j = nonzero_cells(abs(self.positive) + abs(self.negative))
        p, q = values_at(self.positive, i, j), values_at(self.negative, i, j)
        return ig.Graph(n=len(vertex),
                        edges=list(zip(i.tolist(), column[j].tolist(), strict=True)),
                        directed=False,
                        vertex_attrs={"name": [*self.actors, *others],
                                      "type": [False] * len(actors) + [True] * len(others)},
                        edge_attrs={"positive": p.tolist(), "negative": q.tolist(),
                                    "weight": (p - q).tolist()})

    def to_frame(self, part: str = "net", *, sparse: bool = False) -> Any:
        """The matrix as a pandas DataFrame, rows labelled by actor id and columns by target
        id (needs the ``pandas`` extra): ``part`` is ``"net"`` (support minus opposition),
        ``"positive"`` or ``"negative"``; ``sparse=True`` gives pandas' sparse columns.

        >>> aff = Affiliation.from_rows(["a", "b"], ["t", "u"], [("a", "t", "supports", 1.0),
        ...                             ("b", "u", "skeptical-of", 0.5)])
        >>> aff.to_frame()
        target    t    u
        actor
        a       1.0  0.0
        b       0.0 -0.5
        """
        return present("affiliation frame")(self, part, sparse=sparse)


def affiliation(
    g: StanceGraph | Statements, *, level: Level = "state", dedupe: Dedupe = "document",
    broader: Broader = "supports", as_of: dt.date | str | None = None,
    min_confidence: float | None = None,
) -> Affiliation:
    """Return the actor × target matrices of the graph's current statements.

    Each statement adds its weight (relation strength times confidence; see
    :mod:`~stancegraph.analysis.statements`) to ``positive`` for support, ``negative`` otherwise.
    With ``broader="supports"`` (default) support of a narrower position also adds to the
    positions it is a case of; ``"all"`` carries every relation up, ``"none"`` none. ``as_of``
    analyses the debate as it stood on that day; ``min_confidence`` leaves out the statements
    less confident than that (see :func:`~stancegraph.analysis.statements`). ``level``,
    ``dedupe``, ``broader``, ``as_of`` and ``min_confidence`` are not used when ``g`` is
    already :class:`Statements`.

    Examples
    --------
    >>> aff = affiliation(nato)
    >>> fr, t = aff.actors.index("france"), aff.targets.index("send-tanks")
    >>> float(aff.net[fr, t])
    -1.0
    >>> aid = aff.targets.index("military-aid-to-ukraine")  # the UK: more weapons are aid
    >>> float(aff.net[aff.actors.index("united-kingdom"), aid])
    1.0
    >>> none = affiliation(nato, broader="none")
    >>> float(none.net[none.actors.index("united-kingdom"), none.targets.index(
    ...     "military-aid-to-ukraine")])
    0.0
    """
    rows = g if isinstance(g, Statements) else statements(
        g, level=level, dedupe=dedupe, broader=broader, as_of=as_of,
        min_confidence=min_confidence)
    shape = (len(rows.actors), len(rows.targets))
    sign = rows.sign

    def matrix(mask: np.ndarray) -> sp.csr_array:
        m = sp.coo_array((rows.weight[mask], (rows.holder[mask], rows.target[mask])), shape=shape)
        return m.tocsr()  # duplicates add up

    return Affiliation(rows.actors, rows.targets, matrix(sign > 0), matrix(sign < 0),
                       rows.level)


def _rows(g: StanceGraph | Statements, level: Level, dedupe: Dedupe,
          normalization: Normalization, broader: Broader = "supports",
          as_of: dt.date | str | None = None) -> Statements:
    check_choice(normalization, NORMALIZATIONS, "normalization")
    return g if isinstance(g, Statements) else statements(g, level=level, dedupe=dedupe,
                                                          broader=broader, as_of=as_of)


def _direct(rows: Statements) -> tuple[sp.csr_array, sp.csr_array]:
    """Direct support and opposition between actors (symmetric): stances on actor targets."""
    column_actor = _actor_columns(rows.actors, rows.targets)
    other = column_actor[rows.target] if len(rows) else np.empty(0, dtype=np.int64)
    direct = (other >= 0) & (other != rows.holder)
    n = len(rows.actors)

    def ties(mask: np.ndarray) -> sp.csr_array:
        m = sp.coo_array((rows.weight[mask], (rows.holder[mask], other[mask])), shape=(n, n))
        return (m + m.T).tocsr()

    sign = rows.sign
    return ties(direct & (sign > 0)), ties(direct & (sign < 0))


def _actor_columns(actors: tuple[str, ...], targets: tuple[str, ...]) -> npt.NDArray[np.int64]:
    """For each target, its position among the ``actors``, -1 when not an actor (a dict of
    the few actors that are targets, not of every actor).

    >>> _actor_columns(("a", "b", "c"), ("b", "t", "c")).tolist()
    [1, -1, 2]
    """
    targeted = set(targets)
    position = {a: i for i, a in enumerate(actors) if a in targeted}
    return np.array([position.get(t, -1) for t in targets], dtype=np.int64)


def _direct_of(aff: Affiliation) -> tuple[sp.csr_array, sp.csr_array]:
    """Direct support and opposition between actors (symmetric), read from the columns of
    ``aff`` that are actors: the same sums as :func:`_direct` over the statements."""
    actor_pos = {a: i for i, a in enumerate(aff.actors)}
    columns = np.array([j for j, t in enumerate(aff.targets) if t in actor_pos], dtype=np.int64)
    other = np.array([actor_pos[aff.targets[j]] for j in columns], dtype=np.int64)
    n = len(aff.actors)

    def ties(m: sp.csr_array) -> sp.csr_array:
        coo = sp.csr_array(m[:, columns]).tocoo()
        rows, cols = coo.row, other[coo.col]
        keep = rows != cols
        m2 = sp.coo_array((coo.data[keep], (rows[keep], cols[keep])), shape=(n, n))
        return (m2 + m2.T).tocsr()

    if not len(columns):
        empty = sp.csr_array((n, n))
        return empty, empty.copy()
    return ties(aff.positive), ties(aff.negative)


def network_inputs(g: StanceGraph | Statements | Affiliation, level: Level, dedupe: Dedupe,
            normalization: Normalization, broader: Broader = "supports",
            as_of: dt.date | str | None = None
            ) -> tuple[Affiliation, tuple[sp.csr_array, sp.csr_array]]:
    """The affiliation matrices and the direct ties of a graph, statements or affiliation
    (``level``, ``dedupe`` and ``broader`` are used for a graph only)."""
    if isinstance(g, Affiliation):
        check_choice(normalization, NORMALIZATIONS, "normalization")
        return g, _direct_of(g)
    rows = _rows(g, level, dedupe, normalization, broader, as_of)
    return affiliation(rows), _direct(rows)


def by_popularity(aff: Affiliation) -> Affiliation:
    """``aff`` with each target's column divided by the square root of its total weight, so
    that the projection weighs each target by the inverse of its popularity."""
    popularity = np.asarray((aff.positive + aff.negative).sum(axis=0)).ravel()
    scale = sp.diags_array(np.divide(1.0, np.sqrt(popularity), out=np.zeros_like(popularity),
                                     where=popularity > 0))
    return Affiliation(aff.actors, aff.targets, (aff.positive @ scale).tocsr(),
                       (aff.negative @ scale).tocsr(), aff.level)


def profile_affiliation(aff: Affiliation, actor_targets: ActorTargets) -> Affiliation:
    """The part of ``aff`` that is projected onto actor pairs: every target for ``"both"``;
    for ``"direct"``, the targets that are not actors (stances on actors are direct ties)."""
    check_choice(actor_targets, ACTOR_TARGETS, "actor_targets")
    if actor_targets == "both":
        return aff
    actors = set(aff.actors)
    keep = [j for j, t in enumerate(aff.targets) if t not in actors]
    if len(keep) == len(aff.targets):
        return aff
    columns = np.array(keep, dtype=np.int64)
    return Affiliation(aff.actors, tuple(aff.targets[j] for j in keep),
                       sp.csr_array(aff.positive[:, columns]),
                       sp.csr_array(aff.negative[:, columns]), aff.level)


def _parts(
    aff: Affiliation, direct: tuple[sp.csr_array, sp.csr_array], normalization: Normalization,
    actor_targets: ActorTargets = "direct",
) -> tuple[tuple[str, ...], sp.csr_array, sp.csr_array, sp.csr_array, sp.csr_array]:
    """(actors, congruence, conflict, direct support, direct opposition), normalised."""
    aff = profile_affiliation(aff, actor_targets)
    if normalization == "popularity":
        aff = by_popularity(aff)
    x = sp.hstack([aff.positive, aff.negative]).tocsr()
    y = sp.hstack([aff.negative, aff.positive]).tocsr()
    congruence = _offdiagonal(x @ x.T)
    conflict = _offdiagonal(x @ y.T)
    if normalization not in ("none", "popularity"):
        norms = np.asarray(x.multiply(x).sum(axis=1)).ravel()
        congruence = _normalise(congruence, norms, normalization)
        conflict = _normalise(conflict, norms, normalization)
    support, opposition = direct
    return aff.actors, congruence, conflict, support, opposition


def projected_ties(aff: Affiliation) -> int:
    """An upper bound on the actor pairs the projection of ``aff`` ties: the sum over targets
    of the squared number of actors holding a stance on each."""
    held = sp.csr_array(aff.positive + aff.negative)
    counts = np.bincount(held.indices, minlength=held.shape[1]).astype(np.int64)
    return int((counts * counts).sum())


def _offdiagonal(m: sp.csr_array) -> sp.csr_array:
    m = sp.csr_array(m)
    m.setdiag(0)
    m.eliminate_zeros()
    return m


def _normalise(m: sp.csr_array, norms: np.ndarray, how: Normalization) -> sp.csr_array:
    coo = m.tocoo()
    a, b, w = norms[coo.row], norms[coo.col], coo.data
    if how == "average":
        denominator = (a + b) / 2
    elif how == "jaccard":
        denominator = a + b - w
    else:
        denominator = np.sqrt(a * b)
    data = np.divide(w, denominator, out=np.zeros_like(w), where=denominator > 0)
    return sp.coo_array((data, (coo.row, coo.col)), shape=m.shape).tocsr()


def congruence_network(
    g: StanceGraph | Statements | Affiliation,
    *,
    level: Level = "state",
    dedupe: Dedupe = "document",
    normalization: Normalization = "none",
    actor_targets: ActorTargets = "direct",
    broader: Broader = "supports",
    as_of: dt.date | str | None = None,
) -> SignedNetwork:
    """Ties of agreement only: shared stances on targets plus direct support between actors.

    Always built explicitly (all pairs); for debates whose projection is very large use
    :func:`signed_network`, which can stay factored. ``actor_targets``, ``broader`` and
    ``as_of`` as there.

    >>> net = congruence_network(nato)
    >>> net.to_networkx().has_edge("france", "germany")
    True
    """
    actors, congruence, _, support, _ = _parts(
        *network_inputs(g, level, dedupe, normalization, broader, as_of), normalization, actor_targets)
    empty = sp.csr_array((len(actors), len(actors)))
    return SignedNetwork(actors, (congruence + support).tocsr(), empty)


def conflict_network(
    g: StanceGraph | Statements | Affiliation,
    *,
    level: Level = "state",
    dedupe: Dedupe = "document",
    normalization: Normalization = "none",
    actor_targets: ActorTargets = "direct",
    broader: Broader = "supports",
    as_of: dt.date | str | None = None,
) -> SignedNetwork:
    """Ties of conflict only, kept in ``negative``: opposite stances plus direct opposition.

    Always built explicitly, like :func:`congruence_network`.

    >>> conflict_network(nato).to_networkx().has_edge("france", "united-kingdom")
    True
    """
    actors, _, conflict, _, opposition = _parts(
        *network_inputs(g, level, dedupe, normalization, broader, as_of), normalization, actor_targets)
    empty = sp.csr_array((len(actors), len(actors)))
    return SignedNetwork(actors, empty, (conflict + opposition).tocsr())


def signed_network(
    g: StanceGraph | Statements | Affiliation,
    *,
    level: Level = "state",
    dedupe: Dedupe = "document",
    normalization: Normalization = "none",
    direct: float = 1.0,
    form: Literal["auto", "explicit", "factored"] = "auto",
    actor_targets: ActorTargets = "direct",
    broader: Broader = "supports",
    as_of: dt.date | str | None = None,
) -> SignedNetwork:
    """The signed actor network: congruence as the positive part, conflict as the negative.

    Both parts are kept, so a pair that agrees on some targets and disagrees on others has an
    ambivalent tie; :attr:`SignedNetwork.difference` gives the net tie.

    Stances on other actors ("A opposes B") are direct ties between the two, added with the
    factor ``direct`` (0 leaves them out). With ``actor_targets="direct"`` (the default) that
    is all they are: "A opposes C" and "B opposes C" do not tie A and B, since whether the
    enemy of an enemy is a friend is for the partitioner to infer, not for the network to
    assume; a debate of stances on actors only is its direct signed network.
    ``actor_targets="both"`` also projects them like stances on positions (a shared stance on
    an actor counts as agreement, opposite stances as conflict). In a mixed debate the
    projection of the positions and the direct ties add up, each statement at its weight (see
    :mod:`~stancegraph.analysis.networks`).

    ``form="auto"`` keeps the network *factored* (see :class:`SignedNetwork`) when the
    projection would tie more than :data:`FACTOR_ABOVE` pairs and the normalisation allows it
    (``"none"``, ``"cosine"`` or ``"popularity"``); ``"explicit"`` or ``"factored"`` force one
    form.

    A stance on a narrower position also counts toward the positions it is a case of
    (``broader``): by default support only, since supporting a case of X is supporting X in
    that form while opposing one case is not opposing X; ``"all"`` carries every relation up,
    ``"none"`` nothing (see :mod:`~stancegraph.analysis.statements`). ``as_of`` builds the
    network of the debate as it stood on that day.

    ``g`` may also be an :class:`Affiliation` (such as one a SPARQL store aggregated) or
    :class:`~stancegraph.analysis.statements.Statements`; its level, de-duplication,
    ``broader`` and day are the ones it was built with, so ``level``, ``dedupe``, ``broader``
    and ``as_of`` are not used.

    Examples
    --------
    >>> ties = signed_network(nato).to_networkx()
    >>> ties.edges["france", "germany"]["sign"], ties.edges["germany", "united-kingdom"]["sign"]
    (1, -1)
    >>> ties.edges["france", "ukraine"]["ambivalent"]  # agree on some targets, not on others
    True
    >>> both = signed_network(nato, actor_targets="both").to_networkx()
    >>> ties.number_of_edges() <= both.number_of_edges()  # stances on actors projected too
    True
    """
    check_choice(form, ("auto", "explicit", "factored"), "form")
    aff, direct_ties = network_inputs(g, level, dedupe, normalization, broader, as_of)
    return network_of_inputs(aff, direct_ties, normalization, direct, form, actor_targets)


def network_of_inputs(aff: Affiliation, direct_ties: tuple[sp.csr_array, sp.csr_array],
             normalization: Normalization, direct: float = 1.0,
             form: Literal["auto", "explicit", "factored"] = "auto",
             actor_targets: ActorTargets = "direct") -> SignedNetwork:
    """:func:`signed_network` of the affiliation and direct ties :func:`network_inputs` returns
    (``aff`` whole: the columns that are not projected are dropped here)."""
    aff = profile_affiliation(aff, actor_targets)
    if form == "auto":
        large = projected_ties(aff) > FACTOR_ABOVE
        form = "factored" if large and normalization in _FACTORABLE else "explicit"
    if form == "factored":
        if normalization not in _FACTORABLE:
            raise InvalidRecordError("a factored network cannot be normalised by",
                                     id=normalization, expected="none, cosine or popularity")
        if normalization == "popularity":
            aff = by_popularity(aff)
        plus, minus = aff.positive, aff.negative
        if normalization == "cosine":
            norms = np.sqrt(np.asarray(plus.multiply(plus).sum(axis=1) +
                                       minus.multiply(minus).sum(axis=1)).ravel())
            scale = sp.diags_array(np.divide(1.0, norms, out=np.zeros_like(norms),
                                             where=norms > 0))
            plus, minus = (scale @ plus).tocsr(), (scale @ minus).tocsr()
        support, opposition = direct_ties
        return SignedNetwork.factored(aff.actors, plus, minus, direct * support,
                                      direct * opposition)
    actors, congruence, conflict, support, opposition = _parts(aff, direct_ties, normalization,
                                                               "both")  # already projected
    positive = (congruence + direct * support).tocsr()
    negative = (conflict + direct * opposition).tocsr()
    positive.eliminate_zeros()
    negative.eliminate_zeros()
    return SignedNetwork._symmetric_by_construction(actors, positive, negative)
