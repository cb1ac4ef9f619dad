"""Pydantic models of stancegraph's nodes and edges: types only, no I/O, no networkx."""

from ._types import (
    ACTOR_TYPES,
    ATTRIBUTIONS,
    POSITION_TYPES,
    RELATION_KINDS,
    STANCE_RELATIONS,
    Attribution,
    RelationKind,
    StanceRelation,
    is_id,
    is_url,
)
from .datafile import SECTIONS, DataFile, data_file_schema
from .edges import Relation, Stance
from .nodes import (
    Actor,
    Agreement,
    Bloc,
    Claim,
    Node,
    Organization,
    Person,
    PolicyOption,
    Position,
    Source,
    State,
)

__all__ = [
    "ACTOR_TYPES",
    "ATTRIBUTIONS",
    "Actor",
    "Agreement",
    "Attribution",
    "Bloc",
    "Claim",
    "DataFile",
    "Node",
    "Organization",
    "POSITION_TYPES",
    "Person",
    "PolicyOption",
    "Position",
    "RELATION_KINDS",
    "Relation",
    "RelationKind",
    "SECTIONS",
    "STANCE_RELATIONS",
    "Source",
    "Stance",
    "StanceRelation",
    "State",
    "data_file_schema",
    "is_id",
    "is_url",
]
