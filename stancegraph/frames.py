"""A stance graph's records, a coalition result and the networks as pandas DataFrames.

:meth:`StanceGraph.to_frame <stancegraph.StanceGraph.to_frame>`,
:meth:`CoalitionResult.to_frame <stancegraph.CoalitionResult.to_frame>`,
:meth:`SignedNetwork.to_frame <stancegraph.SignedNetwork.to_frame>` and
:meth:`Affiliation.to_frame <stancegraph.Affiliation.to_frame>` call these functions.
pandas is optional (``pip install 'stancegraph[pandas]'``) and imported when a frame is asked
for. Every frame has a plain ``RangeIndex`` and an ``id`` (or ``actor``) column, rows in the
order the records were added (actors of a coalition result sorted by id); a network's matrix
is labelled instead, its index and columns the ids of its rows and columns. Dates are
``datetime64[s]`` columns (``NaT`` when unknown), lists are tuples, and absent values are
missing (``isna()``; pandas shows None or NaN).

>>> nato.to_frame("stances").loc[0, ["holder", "relation", "target"]].tolist()
['joe-biden', 'supports', 'putin-cannot-remain-in-power']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .analysis import Affiliation, CoalitionResult, DnaNetwork, SignedNetwork
from .errors import MissingExtraError, check_choice
from .graph import StanceGraph
from .model import STANCE_RELATIONS
from .queries import source_date

__all__ = ["FRAMES", "PARTS", "affiliation_frame", "coalition_frame", "dna_network_frame",
           "graph_frame", "require_pandas", "signed_network_frame"]

#: The tables :func:`graph_frame` makes, with their columns.
FRAMES: dict[str, tuple[str, ...]] = {
    "stances": ("id", "holder", "relation", "target", "date", "effective_date", "source",
                "speaker", "quote", "attribution", "confidence", "intensity", "conditions",
                "except", "retracted", "retracted_on", "superseded_by", "current", "note"),
    "actors": ("id", "type", "name", "aliases", "description", "wikidata", "tags", "role",
               "members"),
    "positions": ("id", "type", "name", "aliases", "description", "wikidata", "tags",
                  "broader", "signed", "parties"),
    "targets": ("id", "kind", "type", "name", *STANCE_RELATIONS, "holders"),
    "relations": ("id", "subject", "relation", "object", "about", "date", "start", "end",
                  "source", "quote", "attribution", "note"),
    "sources": ("id", "title", "publisher", "author", "date", "url", "reported_in",
                "description", "tags"),
}
#: The parts of a network's ties a frame can hold.
PARTS = ("net", "positive", "negative")
_DATES = {"date", "effective_date", "retracted_on", "signed", "start", "end"}
_EPOCH = dt.date(1970, 1, 1).toordinal()


def require_pandas() -> Any:
    """Import pandas, or say how to install it."""
    try:
        import pandas
    except ImportError as err:
        raise MissingExtraError.of("pandas", "a DataFrame") from err
    return pandas


def graph_frame(g: StanceGraph, kind: str = "stances") -> Any:
    """One of the graph's tables (the keys of :data:`FRAMES`) as a pandas DataFrame.

    ``stances`` has one row per stance as stated, with its provenance; ``effective_date`` is
    its date or else its source's (:func:`~stancegraph.stance_date`) and ``current`` says it
    is neither retracted nor superseded. ``targets`` has one row per node some stance is
    about, with the number of stances of each relation and of distinct ``holders``.

    Examples
    --------
    >>> graph_frame(nato, "actors").query("type == 'Person'")["id"].tolist()[:3]
    ['joe-biden', 'vladimir-putin', 'emmanuel-macron']
    >>> targets = graph_frame(nato, "targets").set_index("id")
    >>> targets.loc["abandon-founding-act", ["supports", "opposes", "holders"]].tolist()
    [0, 2, 2]
    >>> graph_frame(nato, "stance")
    Traceback (most recent call last):
    ...
    stancegraph.errors.ArgumentError: unknown table 'stance' (expected one of: stances, actors, positions, targets, relations, sources; did you mean 'stances'?)
    """
    check_choice(kind, FRAMES, "table")
    pd = require_pandas()
    if kind == "stances":
        data = _stances(g)
    elif kind == "targets":
        data = _targets(g)
    else:
        records = {"actors": g.actors, "positions": g.positions, "relations": g.relations,
                   "sources": g.sources}[kind].values()
        data = _records(records, FRAMES[kind])
    columns = {name: _dates(pd, data[name]) if name in _DATES else data[name]
               for name in FRAMES[kind]}
    return pd.DataFrame(columns, columns=list(FRAMES[kind]))


def _records(models: Iterable[Any], columns: Sequence[str]) -> dict[str, list[Any]]:
    data: dict[str, list[Any]] = {name: [] for name in columns}
    for model in models:
        fields = model.model_dump(by_alias=True)
        for name in columns:
            data[name].append(fields.get(name))
    return data


def _stances(g: StanceGraph) -> dict[str, Any]:
    fields = g.stance_fields()  # every field, decoded once (no model per stance)
    source_dates = {s: source_date(g, s) for s in set(fields["source"]) if s is not None}
    effective = [day if day is not None else
                 source_dates[source] if source is not None else None
                 for day, source in zip(fields["date"], fields["source"], strict=True)]
    retracted = np.array(fields["retracted"], dtype=bool)
    superseded = np.array([s is not None for s in fields["superseded_by"]], dtype=bool)
    return {
        **{name: fields[name] for name in ("id", "holder", "relation", "target", "date",
                                           "source", "speaker", "quote", "attribution",
                                           "intensity", "conditions", "retracted_on",
                                           "superseded_by", "note")},
        "effective_date": effective,
        "confidence": np.array([np.nan if c is None else c for c in fields["confidence"]],
                               dtype=np.float64),
        "except": fields["except_"],
        "retracted": retracted,
        "current": ~retracted & ~superseded,
    }


def _targets(g: StanceGraph) -> dict[str, list[Any]]:
    cols = g.stance_columns()
    n = len(cols.node_ids)
    counts = {name: np.bincount(cols.target[cols.relation == code], minlength=n)
              for code, name in enumerate(STANCE_RELATIONS)}
    pairs = np.unique(cols.target * max(n, 1) + cols.holder) if len(cols) else np.empty(0)
    holders = np.bincount((pairs // max(n, 1)).astype(np.int64), minlength=n)
    data: dict[str, list[Any]] = {name: [] for name in FRAMES["targets"]}
    for code in np.flatnonzero(holders):
        node = g.node(cols.node_ids[code])
        data["id"].append(node.id)
        data["kind"].append("position" if node.id in g.positions else "actor")
        data["type"].append(node.type)
        data["name"].append(getattr(node, "name", node.id))
        for name in STANCE_RELATIONS:
            data[name].append(int(counts[name][code]))
        data["holders"].append(int(holders[code]))
    return data


def _dates(pd: Any, values: Sequence[dt.date | None]) -> Any:
    """ISO dates as a ``datetime64[s]`` Series (NaT when unknown): years 1 to 9999 fit."""
    days = np.array([_EPOCH - 1 if d is None else d.toordinal() for d in values],
                    dtype=np.int64) - _EPOCH
    stamps = days.astype("datetime64[D]").astype("datetime64[s]")
    stamps[np.array([d is None for d in values], dtype=bool)] = np.datetime64("NaT")
    return pd.Series(stamps, dtype="datetime64[s]")


def coalition_frame(result: CoalitionResult) -> Any:
    """One row per actor of a coalition analysis, sorted by id: ``actor``, ``coalition``
    (index into ``result.coalitions``, -1 for the unaligned), ``camp`` (its label, or
    ``"unaligned"``), ``size`` of the camp and its ``cohesion`` (NaN for a camp of one or the
    unaligned).

    >>> frame = coalition_frame(sg.coalitions(nato))
    >>> frame.groupby("coalition")["actor"].count().tolist()
    [2, 7, 7, 1, 1, 1]
    """
    pd = require_pandas()
    labels = result.camp_labels()
    rows: dict[str, tuple[int, str, int, float]] = {}
    for i, c in enumerate(result.coalitions):
        cohesion = np.nan if c.cohesion is None else float(c.cohesion)
        for actor in c.members:
            rows[actor] = (i, labels[i], len(c.members), cohesion)
    for actor in result.unaligned:
        rows[actor] = (-1, "unaligned", 0, np.nan)
    actors = sorted(rows)
    return pd.DataFrame({
        "actor": actors,
        "coalition": np.array([rows[a][0] for a in actors], dtype=np.int64),
        "camp": [rows[a][1] for a in actors],
        "size": np.array([rows[a][2] for a in actors], dtype=np.int64),
        "cohesion": np.array([rows[a][3] for a in actors], dtype=np.float64),
    }, columns=["actor", "coalition", "camp", "size", "cohesion"])


def dna_network_frame(network: DnaNetwork) -> Any:
    """A DNA network's matrix as a DataFrame, rows and columns labelled as DNA labels them.

    >>> from stancegraph.analysis import DnaStatements, dna_network
    >>> table = DnaStatements.from_rows([{"organization": "A", "concept": "x"}],
    ...                                 kinds={"organization": "short text",
    ...                                        "concept": "short text"})
    >>> dna_network_frame(dna_network(table, qualifier=None)).loc["A", "x"]
    np.float64(1.0)
    """
    pd = require_pandas()
    return pd.DataFrame(network.matrix, index=list(network.row_labels),
                        columns=list(network.column_labels))


def signed_network_frame(network: SignedNetwork, part: str = "net", *,
                         sparse: bool = False) -> Any:
    """A signed network's ties (``part``: one of :data:`PARTS`) as a square DataFrame, index
    and columns the actor ids (named ``actor``); pandas' sparse columns with ``sparse``.

    >>> network = sg.SignedNetwork.from_edges(["a", "b", "c"], [("a", "b", 1), ("b", "c", -2)])
    >>> signed_network_frame(network)
    actor    a    b    c
    actor
    a      0.0  1.0  0.0
    b      1.0  0.0 -2.0
    c      0.0 -2.0  0.0
    >>> frame = signed_network_frame(sg.signed_network(nato))
    >>> list(frame.index) == list(frame.columns) == sorted(sg.signed_network(nato).ids)
    True
    >>> signed_network_frame(network, "nett")
    Traceback (most recent call last):
    ...
    stancegraph.errors.ArgumentError: unknown part 'nett' (expected one of: net, positive, negative; did you mean 'net'?)
    """
    check_choice(part, PARTS, "part")
    matrix = {"net": network.difference, "positive": network.positive,
              "negative": network.negative}[part]
    return _labelled(matrix, network.ids, network.ids, ("actor", "actor"), sparse)


def affiliation_frame(affiliation: Affiliation, part: str = "net", *,
                      sparse: bool = False) -> Any:
    """Actor × target stance weight (``part``: one of :data:`PARTS`) as a DataFrame, index the
    actor ids (named ``actor``), columns the target ids (named ``target``).

    >>> frame = affiliation_frame(sg.affiliation(nato), "negative")
    >>> frame.loc["germany", "abandon-founding-act"], frame.columns.name
    (np.float64(1.0), 'target')
    >>> sparse = affiliation_frame(sg.affiliation(nato), "negative", sparse=True)
    >>> bool(sparse.sparse.density < 0.5), sparse.sparse.to_dense().equals(frame)
    (True, True)
    """
    check_choice(part, PARTS, "part")
    matrix = {"net": affiliation.net, "positive": affiliation.positive,
              "negative": affiliation.negative}[part]
    return _labelled(matrix, affiliation.actors, affiliation.targets, ("actor", "target"),
                     sparse)


def _labelled(matrix: Any, rows: Sequence[str], columns: Sequence[str],
              names: tuple[str, str], sparse: bool) -> Any:
    pd = require_pandas()
    index = pd.Index(list(rows), name=names[0])
    header = pd.Index(list(columns), name=names[1])
    if sparse:
        return pd.DataFrame.sparse.from_spmatrix(matrix.tocsc(), index=index, columns=header)
    return pd.DataFrame(matrix.toarray(), index=index, columns=header)
