"""GEXF and GraphML: a stance graph, a signed network or a coalition result for Gephi, Cytoscape
and yEd (docs/exchange.md).

Both formats are XML with typed attributes and no list or date type, so values are encoded:

- every field of every record becomes an attribute of the same name (``except`` for a stance's
  exceptions); dates are ISO strings (``"2022-03-24"``), confidence a float, ``retracted`` a
  boolean, and lists (``aliases``, ``tags``, ``members``, ``parties``, ``conditions``,
  ``except``) JSON arrays (``["estonia", "latvia"]``);
- an absent value (None, or an empty list) is left out, never written as ``"None"``;
- nodes are actors, positions and sources, told apart by ``kind`` (``actor``, ``position``,
  ``source``) and ``type``, with ``label`` their name (a source's title);
- edges carry ``kind``: ``stance`` (holder → target, keyed by the stance id, ``label`` its
  relation), ``relation`` (subject → object; GEXF keeps ``start`` and ``end`` as the edge's
  time interval), ``broader`` (position → broader position), ``member`` (member → bloc) and
  ``reported-in`` (source → the source reporting it).

A signed network is undirected: one node per actor, one edge per tie with ``positive``,
``negative``, ``weight`` (their difference: GEXF's edge weight, negative for conflict),
``sign`` (+1, -1, 0) and ``ambivalent``. A coalition result adds ``coalition`` (the camp's
index, -1 for unaligned actors) and ``camp`` (its label) to each actor.

XML 1.0 cannot hold control characters (other than tab and line breaks) or U+FFFE/U+FFFF: text
holding one is refused. Both formats are written, not read: the YAML, JSON and RDF formats are
the ones that load back.

>>> text = exchange_dumps(nato, "gexf")
>>> text.startswith("<?xml") and 'label="Olaf Scholz"' in text
True
"""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriter
from pydantic import BaseModel

from ..analysis import CoalitionResult, SignedNetwork
from ..errors import InvalidRecordError
from ..graph import StanceGraph
from ..model import ACTOR_TYPES
from ._suffixes import EXCHANGE_SUFFIXES

__all__ = ["EXCHANGE_FORMATS", "MAX_TIES", "Exchangeable", "exchange_dumps", "exchange_graph"]

#: The formats this module writes, with their file suffixes.
EXCHANGE_FORMATS = EXCHANGE_SUFFIXES
#: A signed network with more ties than this is not written (its file would not open).
MAX_TIES = 5_000_000

Exchangeable = StanceGraph | SignedNetwork | CoalitionResult
Value = str | float | int | bool

# Characters XML 1.0 cannot hold, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def exchange_dumps(obj: Exchangeable, format: str) -> str:
    """The graph, signed network or coalition result as GEXF 1.2 or GraphML text."""
    graph = exchange_graph(obj)
    if format == "gexf":
        if isinstance(graph, nx.MultiDiGraph):
            # GEXF's edge id is the stance or relation id (networkx also keeps it, as the
            # attribute networkx_key that its reader takes the key from).
            for _, _, key, data in graph.edges(keys=True, data=True):
                data["id"] = key
        gexf = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
        gexf.add_graph(graph)
        # The date networkx stamps would make each day's export differ: leave it out.
        body = re.sub(r' lastmodifieddate="[0-9-]*"', "", str(gexf), count=1)
    elif format == "graphml":
        graphml = _GraphMLWriter(encoding="utf-8", prettyprint=True)
        graphml.add_graph_element(graph)
        # ElementTree escapes a carriage return in attributes but not in text, where an XML
        # reader would turn it into a line feed; ids cannot hold one, so every raw one is text.
        body = str(graphml).replace("\r", "&#13;")
    else:
        raise InvalidRecordError("unknown exchange format", id=format,
                                 expected=" or ".join(EXCHANGE_FORMATS))
    return "<?xml version='1.0' encoding='utf-8'?>\n" + body + "\n"


def exchange_graph(obj: Exchangeable) -> nx.Graph[str]:
    """The networkx graph that is written: attributes encoded as the module docstring says.

    A :class:`~stancegraph.StanceGraph` gives a ``MultiDiGraph`` keyed by stance and relation
    id; a :class:`~stancegraph.SignedNetwork` or
    :class:`~stancegraph.CoalitionResult` an undirected ``Graph`` of actors.

    >>> exchange_graph(nato).edges["germany", "abandon-founding-act",
    ...                            "germany.opposes.abandon-founding-act"]["attribution"]
    'anonymous'
    >>> camps = exchange_graph(sg.coalitions(nato))
    >>> camps.nodes["france"]["coalition"], camps.nodes["nato"]["camp"]
    (0, 'unaligned')
    """
    if isinstance(obj, StanceGraph):
        return _stance_graph(obj)
    if isinstance(obj, CoalitionResult):
        graph = _signed_graph(obj.network)
        labels = obj.camp_labels()
        for i, coalition in enumerate(obj.coalitions):
            for actor in coalition.members:
                graph.nodes[actor].update(coalition=i, camp=labels[i])
        for actor in obj.unaligned:
            graph.nodes[actor].update(coalition=-1, camp="unaligned")
        return graph
    if isinstance(obj, SignedNetwork):
        return _signed_graph(obj)
    raise InvalidRecordError(f"cannot write a {type(obj).__name__} as GEXF or GraphML",
                             expected="a StanceGraph, SignedNetwork or CoalitionResult")


def _stance_graph(g: StanceGraph) -> nx.MultiDiGraph[str]:
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for id, node in g.nodes.items():
        kind = ("source" if node.type == "Source" else
                "actor" if node.type in ACTOR_TYPES else "position")
        label = getattr(node, "name", None) or getattr(node, "title", id)
        graph.add_node(id, kind=kind, label=label, **_fields(node, kind, ("id",)))
    for id, node in g.nodes.items():
        broader = getattr(node, "broader", None)
        if broader is not None:
            graph.add_edge(id, broader, key=f"broader:{id}:{broader}", kind="broader",
                           label="broader")
        for member in getattr(node, "members", ()):
            graph.add_edge(member, id, key=f"member:{id}:{member}", kind="member",
                           label="member")
        reported_in = getattr(node, "reported_in", None)
        if reported_in is not None and reported_in in g.nodes:
            graph.add_edge(id, reported_in, key=f"reported-in:{id}:{reported_in}",
                           kind="reported-in", label="reported-in")
    for id, relation in g.relations.items():
        graph.add_edge(relation.subject, relation.object, key=id, kind="relation",
                       label=relation.relation,
                       **_fields(relation, "relation", ("id", "subject", "object")))
    for stance in g.stances:
        assert stance.id is not None
        graph.add_edge(stance.holder, stance.target, key=stance.id, kind="stance",
                       label=stance.relation,
                       **_fields(stance, "stance", ("id", "holder", "target")))
    return graph


def _fields(model: BaseModel, record: str, skip: tuple[str, ...]) -> dict[str, Value]:
    """The model's fields as attribute values: None and empty lists left out, lists as JSON."""
    values: dict[str, Value] = {}
    for name, value in model.model_dump(mode="json", by_alias=True).items():
        if name in skip or value is None or value == []:
            continue
        if isinstance(value, list):
            value = json.dumps(value, ensure_ascii=False)
        if isinstance(value, str):
            _check_xml(value, record, name, getattr(model, "id", None))
        values[name] = value
    return values


def _check_xml(text: str, record: str, field: str, id: str | None) -> None:
    bad = _NOT_XML.search(text)
    if bad:
        raise InvalidRecordError(
            f"GEXF and GraphML (XML 1.0) cannot hold the character U+{ord(bad.group()):04X} "
            f"in the {record}", record=record, field=field, id=id,
            expected="text without control characters, or another format (yaml, json, ttl)")


def _signed_graph(network: SignedNetwork) -> nx.Graph[str]:
    bound = network.tie_bound()
    if bound > MAX_TIES:
        raise InvalidRecordError(
            f"the signed network has up to {bound:,} ties, more than the {MAX_TIES:,} a GEXF or "
            f"GraphML file is written with", expected="a smaller network (network.subnetwork), "
            "or the stance graph itself, whose file keeps every statement")
    graph = network.to_networkx()
    for actor in graph:
        graph.nodes[actor]["label"] = actor
    return graph


class _GraphMLWriter(GraphMLWriter):
    """networkx's GraphML writer, writing booleans as XML Schema's ``true`` and ``false``."""

    def add_data(self, name: Any, element_type: Any, value: Any, scope: str = "all",
                 default: Any = None) -> Any:
        if element_type is bool:  # networkx passes str(value): "True" or "False"
            value = str(value).lower()
        return super().add_data(name, element_type, value, scope, default)
