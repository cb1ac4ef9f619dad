"""A stance graph in a SPARQL store: push it, pull it back, and aggregate it where it lives.

:class:`SparqlStore` talks to an embedded pyoxigraph store (the default: in memory, or on disk
with ``path=``) or, given a URL, to any SPARQL 1.1 endpoint over HTTP -- Oxigraph, Fuseki,
GraphDB, Virtuoso, Neptune. A store built with a URL is the explicit opt-in to the network:
nothing else in stancegraph opens a connection. See docs/store.md.

- :meth:`SparqlStore.push` writes a graph's RDF (docs/rdf.md) into one named graph, in batches
  of SPARQL Update ``INSERT DATA`` into a temporary graph, then replaces the target in one
  update request: a push that fails leaves the previous graph as it was.
- :meth:`SparqlStore.pull` reads the named graph back (CONSTRUCT, parsed as it streams in).
- :meth:`SparqlStore.affiliation` aggregates the actor × target stance matrices *inside* the
  store -- one row per actor, target and relation comes back, never a statement -- and
  :meth:`SparqlStore.coalitions` finds the camps from it: the same camps as
  :func:`stancegraph.coalitions` on the pulled graph, without the quoted evidence.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
import warnings
from itertools import islice
from typing import Any

import pyoxigraph as ox

from ...analysis import Affiliation, CoalitionResult, coalitions_from_affiliation
from ...analysis.coalitions import HEADLINE_CONFIDENCE
from ...errors import InvalidRecordError, StoreError
from ...graph import StanceGraph
from ...model import iri_problem
from ...options import ActorTargets, Dedupe, Level, Method, Normalization
from ...progress import step
from ..rdf.export import quads
from ..rdf.read import from_quads
from ..rdf.vocabulary import DEFAULT_BASE
from . import aggregate as matrix
from .credentials import Auth, display_url
from .endpoint import Embedded, Endpoint, Http

__all__ = ["DEFAULT_GRAPH", "TEMPORARY_GRAPHS", "SparqlStore"]

#: The named graph a store reads and writes unless told otherwise.
DEFAULT_GRAPH = "https://w3id.org/stancegraph/graph/default"
#: Temporary graphs of a push are named this followed by a random UUID.
TEMPORARY_GRAPHS = "urn:x-stancegraph:push:"


class SparqlStore:
    """A SPARQL store holding stance graphs, one per named graph.

    Parameters
    ----------
    query_url : str, optional
        The SPARQL query endpoint (Oxigraph: ``http://HOST:PORT/query``). Without it, an
        embedded pyoxigraph store is used: in memory, or on disk at ``path``.
    update_url : str, optional
        The SPARQL Update endpoint where it differs from ``query_url`` (Oxigraph: ``/update``).
    graph : str, optional
        The named graph to use when a method is not given one; :data:`DEFAULT_GRAPH` if None.
    auth : (user, password) or str, optional
        HTTP Basic credentials, or a bearer token. If None: those in the URL
        (``http://user:password@host/...``), else the environment's --
        ``STANCEGRAPH_STORE_TOKEN``, or ``STANCEGRAPH_STORE_USER`` and
        ``STANCEGRAPH_STORE_PASSWORD``. Sent in an ``Authorization`` header only; never shown
        in a repr or an error message, and blanked out of what the server says
        (docs/store.md, "Credentials"). A URL that cannot be sent as meant (a password with
        an unencoded ``/``, ``?``, ``#`` or ``@``, a bad port or host, whitespace) is refused
        with an :class:`~stancegraph.errors.InvalidRecordError` showing it without
        credentials.
    timeout : float
        Seconds to wait for the server to answer a request (and between two reads of an
        answer).
    batch : int
        Triples sent per ``INSERT DATA`` request by :meth:`push`.
    path : str or path, optional
        For the embedded store: the directory holding it (created if needed).

    Examples
    --------
    >>> store = SparqlStore()                      # embedded, in memory: no server, no network
    >>> store.push(nato)                           # the number of triples written
    1038
    >>> store.pull() == nato
    True
    >>> store.coalitions().coalition_of("france") == store.coalitions().coalition_of("germany")
    True
    """

    def __init__(self, query_url: str | None = None, *, update_url: str | None = None,
                 graph: str | None = None, auth: Auth | None = None, timeout: float = 120.0,
                 batch: int = 20_000, path: str | os.PathLike[str] | None = None) -> None:
        if not (isinstance(timeout, (int, float)) and timeout > 0):
            raise InvalidRecordError("timeout must be a positive number of seconds",
                                     id=str(timeout))
        if not (isinstance(batch, int) and batch > 0):
            raise InvalidRecordError("batch must be a positive number of triples", id=str(batch))
        self.graph = _graph_iri(graph if graph is not None else DEFAULT_GRAPH)
        self.batch = batch
        self._endpoint: Endpoint
        if query_url is None:
            if update_url is not None or auth is not None:
                raise InvalidRecordError("update_url and auth need a query_url",
                                         expected="SparqlStore(query_url, update_url=..., "
                                                  "auth=...), or SparqlStore() for an "
                                                  "embedded store")
            self._endpoint = Embedded(path)
        else:
            if path is not None:
                raise InvalidRecordError("path is for an embedded store, not an endpoint",
                                         expected="SparqlStore(query_url) or "
                                                  "SparqlStore(path=...)")
            self._endpoint = Http(query_url, update_url, auth, float(timeout))

    def __repr__(self) -> str:
        endpoint = self._endpoint
        if isinstance(endpoint, Http):  # the URLs as shown: without credentials
            update = "" if endpoint.update_url == endpoint.query_url \
                else f", update_url={display_url(endpoint.update_url)!r}"
            return f"SparqlStore({endpoint.describe()!r}{update}, graph={self.graph!r})"
        where = "" if isinstance(endpoint, Embedded) and endpoint.path is None \
            else f"path={endpoint.describe()!r}, "
        return f"SparqlStore({where}graph={self.graph!r})"

    def describe(self) -> str:
        """Where the store is, fit to show: its query URL without credentials (see
        docs/store.md), its directory, or ``"in memory"``.

        >>> SparqlStore("http://analyst:s3cret@127.0.0.1:7878/query").describe()
        'http://127.0.0.1:7878/query'
        """
        return self._endpoint.describe()

    # -- writing ---------------------------------------------------------------------------
    def push(self, g: StanceGraph, *, graph: str | None = None, base: str = DEFAULT_BASE,
             derived: bool = False) -> int:
        """Write ``g``'s RDF into the named graph ``graph``, replacing what it held.

        The store holds the record: the stances as stated. ``derived=True`` also writes the
        stances rolled up to the actors they count for (``sg:DerivedStance`` nodes and their
        shortcut triples, docs/rdf.md), for SPARQL users of the store who ask "which states
        oppose X" without rolling up themselves. Nothing the library reads back changes:
        :meth:`pull` skips derived stances and :meth:`affiliation` never counts them (it rolls
        the statements up itself), so the coalitions are the same either way.

        The triples go in batches of ``batch`` into a temporary graph (named
        :data:`TEMPORARY_GRAPHS` + a UUID); one final update request then drops the target,
        adds the temporary graph to it and drops the temporary graph. A store applies an
        update request as a whole, so readers see the old graph or the new one, never a part.
        If anything fails before that, the temporary graph is dropped (best effort: if the
        store cannot be reached any more, it stays until the next :meth:`drop_temporary`) and
        the target is untouched.

        Returns the number of triples written.
        """
        target = _graph_iri(graph if graph is not None else self.graph)
        temporary = f"{TEMPORARY_GRAPHS}{uuid.uuid4()}"
        written = 0
        try:
            triples = (ox.Triple(s, p, o) for s, p, o, _ in quads(g, base=base,
                                                                    derived=derived))
            with step(f"pushing to {self.describe()}", unit="triples") as bar:
                while chunk := list(islice(triples, self.batch)):
                    self._endpoint.insert(temporary, chunk)
                    written += len(chunk)
                    bar.advance(len(chunk))
            self._endpoint.update(f"DROP SILENT GRAPH <{target}> ;\n"
                                  f"ADD SILENT GRAPH <{temporary}> TO GRAPH <{target}> ;\n"
                                  f"DROP SILENT GRAPH <{temporary}>")
        except BaseException:
            try:
                self._endpoint.update(f"DROP SILENT GRAPH <{temporary}>")
            except StoreError:
                pass  # the store is gone: drop_temporary() cleans up later
            raise
        return written

    def drop(self, *, graph: str | None = None) -> None:
        """Remove the named graph ``graph`` from the store (nothing happens if it is absent)."""
        target = _graph_iri(graph if graph is not None else self.graph)
        self._endpoint.update(f"DROP SILENT GRAPH <{target}>")

    def drop_temporary(self) -> list[str]:
        """Drop the temporary graphs that failed pushes could not clean up; return their names.

        Do not call it while another push to the same store is running: that push's
        temporary graph would go too, and it would fail.
        """
        found = [name for name in self.graphs() if name.startswith(TEMPORARY_GRAPHS)]
        if found:
            self._endpoint.update(" ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in found))
        return found

    # -- reading ---------------------------------------------------------------------------
    def graphs(self) -> list[str]:
        """The names of the store's named graphs that hold triples, sorted."""
        rows = self._endpoint.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    def pull(self, *, graph: str | None = None, strict: bool = True) -> StanceGraph:
        """Read the named graph ``graph`` back as a StanceGraph (as :func:`stancegraph.load`
        reads RDF; ``strict=False`` skips triples outside the mapping, with a warning)."""
        target = self._existing(graph)
        triples = self._endpoint.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }}")
        return from_quads(triples, file=f"<{target}> in {self._endpoint.describe()}",
                          strict=strict)

    def affiliation(self, *, graph: str | None = None, level: Level = "state",
                    dedupe: Dedupe = "document", as_of: dt.date | str | None = None,
                    broader: matrix.Broader = "supports",
                    min_confidence: float | None = None) -> Affiliation:
        """The actor × target affiliation matrices of ``graph``, summed inside the store.

        Equal to :func:`stancegraph.affiliation` on the pulled graph with the same ``level``,
        ``dedupe`` and ``broader`` (for ``as_of``, on ``sg.as_of(graph, day)``), up to the
        rounding of sums, but only one row per actor, target and relation crosses the wire:
        the statements and their provenance stay in the store. The nodes and actor relations
        (the graph without its stances) are read to apply the roll-up rules of
        ``level="state"`` and to follow the chains of ``broader`` positions. The query is
        shown in docs/store.md.

        ``broader="supports"`` (the default) counts a support of a position also as support
        of every position it is a case of (``sg:broader``, transitively), at the same weight,
        date, source and holder; opposition and skepticism stay where they are. ``"all"``
        counts every relation up the chain, ``"none"`` none. A derived row and a direct one
        (or two derived rows) of the same actor, target, relation and period count once, the
        strongest. ``min_confidence`` leaves out the statements less confident than that, as
        :func:`stancegraph.affiliation` does.

        >>> store = SparqlStore()
        >>> _ = store.push(nato)
        >>> aff = store.affiliation(level="state")
        >>> float(aff.net[aff.actors.index("france"), aff.targets.index("send-tanks")])
        -1.0

        The United Kingdom's support of more weapons counts as support of military aid:

        >>> uk, aid = aff.actors.index("united-kingdom"), aff.targets.index("military-aid-to-ukraine")
        >>> float(aff.positive[uk, aid])
        1.0
        >>> none = store.affiliation(level="state", broader="none")
        >>> float(none.positive[uk, none.targets.index("military-aid-to-ukraine")])
        0.0
        """
        matrix.check(level, dedupe, as_of, broader)
        target = self._existing(graph)
        skeleton, iris = matrix.read_skeleton(
            self._endpoint.construct(matrix.skeleton_query(target)))
        exceptions = list(self._endpoint.select(matrix.exceptions_query(target))) \
            if level == "state" else None
        plan = matrix.plan(target, skeleton, iris, level=level, dedupe=dedupe, as_of=as_of,
                           exceptions=exceptions, broader=broader)
        periods = None
        if dedupe in ("week", "month", "year"):
            days = {str(row["day"].value) for row in
                    self._endpoint.select(matrix.days_query(target)) if row["day"] is not None}
            days |= {day for _, day in plan.inherited}
            periods = matrix.period_rows(dedupe, sorted(days))
        rows = self._endpoint.select(matrix.matrix_query(plan, periods, min_confidence))
        return matrix.to_affiliation(plan, rows)

    def stance_matrix(self, **options: Any) -> Affiliation:
        """The former name of :meth:`affiliation` (it returns an ``sg.Affiliation``, like
        :func:`stancegraph.affiliation`; ``sg.draw.stance_matrix`` is a picture). Deprecated."""
        warnings.warn("SparqlStore.stance_matrix is now SparqlStore.affiliation",
                      DeprecationWarning, stacklevel=2)
        return self.affiliation(**options)

    def coalitions(self, *, graph: str | None = None, level: Level = "state",
                   dedupe: Dedupe = "document", as_of: dt.date | str | None = None,
                   method: Method = "auto", k: int | None = None, seed: int = 0,
                   normalization: Normalization = "none", time_limit: float = 10.0,
                   broader: matrix.Broader = "supports",
                   actor_targets: ActorTargets = "direct") -> CoalitionResult:
        """The camps of ``graph``, found from its :meth:`affiliation`.

        The same camps, stands, divides and measures as :func:`stancegraph.coalitions` on the
        pulled graph with the same arguments; each stand's ``evidence`` is empty, since the
        statements stay in the store.
        """
        aff = self.affiliation(graph=graph, level=level, dedupe=dedupe, as_of=as_of,
                                 broader=broader)
        stated = None  # the headline leaves inferences out, as in memory
        if self._endpoint.ask(matrix.inferences_query(self._existing(graph),
                                                      HEADLINE_CONFIDENCE)):
            stated = self.affiliation(graph=graph, level=level, dedupe=dedupe, as_of=as_of,
                                      broader=broader, min_confidence=HEADLINE_CONFIDENCE)
        return coalitions_from_affiliation(aff, method=method, k=k, seed=seed,
                                           normalization=normalization, time_limit=time_limit,
                                           actor_targets=actor_targets, stated=stated)

    def _existing(self, graph: str | None) -> str:
        target = _graph_iri(graph if graph is not None else self.graph)
        if not self._endpoint.ask(f"ASK {{ GRAPH <{target}> {{ ?s ?p ?o }} }}"):
            others = [name for name in self.graphs() if not name.startswith(TEMPORARY_GRAPHS)]
            shown = ", ".join(f"<{name}>" for name in others[:5]) or "none"
            shown += f" and {len(others) - 5} more" if len(others) > 5 else ""
            raise StoreError(f"the store holds no graph <{target}> (or it is empty); graphs "
                             f"it holds: {shown}", file=self._endpoint.describe(),
                             expected="the graph= a push wrote")
        return target


def _graph_iri(graph: str) -> str:
    """``graph`` if it is an absolute IRI that can go between ``<>`` in a query."""
    problem = iri_problem(graph) if isinstance(graph, str) else "not a string"
    if problem is not None:
        raise InvalidRecordError(f"not a graph IRI ({problem})", id=display_url(graph),
                                 expected="an absolute IRI such as "
                                          "'https://example.org/graphs/debate'")
    return graph
