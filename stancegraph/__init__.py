"""stancegraph: who stands where in a political debate, as a typed, queryable knowledge graph.

>>> import stancegraph as sg
>>> g = sg.load(NATO_YAML)
>>> sg.holders(g, "abandon-founding-act", "opposes")
['germany', 'olaf-scholz']
"""

from .errors import (
    DuplicateIdError,
    IntegrityError,
    InvalidRecordError,
    ParseError,
    StanceGraphError,
    UnknownFormatError,
    UnknownIdError,
)
from .graph import StanceGraph
from .io import FORMATS, dumps, load, loads, save, to_records
from .model import (
    Agreement,
    Bloc,
    Claim,
    Organization,
    Person,
    PolicyOption,
    Relation,
    Source,
    Stance,
    State,
    data_file_schema,
)
from .queries import (
    AgreementScore,
    EffectiveStance,
    actors,
    agreement,
    as_of,
    effective_stances,
    holders,
    members,
    narrower,
    positions,
    stance_date,
    stances,
    stances_of,
)

__version__ = "0.1.0"

__all__ = [
    "Agreement",
    "AgreementScore",
    "Bloc",
    "Claim",
    "DuplicateIdError",
    "EffectiveStance",
    "FORMATS",
    "IntegrityError",
    "InvalidRecordError",
    "Organization",
    "ParseError",
    "Person",
    "PolicyOption",
    "Relation",
    "Source",
    "Stance",
    "StanceGraph",
    "StanceGraphError",
    "State",
    "UnknownFormatError",
    "UnknownIdError",
    "actors",
    "agreement",
    "as_of",
    "data_file_schema",
    "dumps",
    "effective_stances",
    "holders",
    "load",
    "loads",
    "members",
    "narrower",
    "positions",
    "save",
    "stance_date",
    "stances",
    "stances_of",
    "to_records",
]
