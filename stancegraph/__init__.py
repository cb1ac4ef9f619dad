"""stancegraph: who stands where in a political debate, as a typed, queryable knowledge graph.

>>> import stancegraph as sg
>>> g = sg.load(NATO_YAML)
>>> sg.holders(g, "abandon-founding-act", "opposes")
['germany', 'olaf-scholz']

The drawings are ``sg.draw`` (imported, with matplotlib, on first use):

>>> ax = sg.draw.coalition_graph(g)
"""

from types import ModuleType

from .analysis import (
    Affiliation,
    Coalition,
    CoalitionResult,
    SignedNetwork,
    affiliation,
    balance_ratio,
    coalitions,
    coalitions_from_affiliation,
    coalitions_over_time,
    conflict_network,
    congruence_network,
    count_camps,
    frustration_index,
    outliers,
    polarisation,
    signed_network,
)
from .errors import (
    BadRowsError,
    DuplicateIdError,
    IntegrityError,
    InvalidRecordError,
    ParseError,
    QueryError,
    QueryTimeoutError,
    RowProblem,
    SkippedRowsWarning,
    SkippedStatementsWarning,
    StanceGraphError,
    StanceGraphWarning,
    StoreError,
    UnknownFormatError,
    UnknownIdError,
    UnmappedTriplesWarning,
)
from .graph import StanceGraph
from .io import (
    FORMATS,
    ImportReport,
    ShaclReport,
    SparqlResult,
    SparqlStore,
    dumps,
    import_table,
    load,
    loads,
    read_statements,
    save,
    sparql,
    to_records,
    validate_rdf,
    write_statements,
)
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
    "Affiliation",
    "Agreement",
    "AgreementScore",
    "BadRowsError",
    "Bloc",
    "Claim",
    "Coalition",
    "CoalitionResult",
    "DuplicateIdError",
    "EffectiveStance",
    "FORMATS",
    "ImportReport",
    "IntegrityError",
    "InvalidRecordError",
    "Organization",
    "ParseError",
    "Person",
    "PolicyOption",
    "QueryError",
    "QueryTimeoutError",
    "Relation",
    "RowProblem",
    "ShaclReport",
    "SignedNetwork",
    "SkippedRowsWarning",
    "SkippedStatementsWarning",
    "Source",
    "SparqlResult",
    "SparqlStore",
    "Stance",
    "StanceGraph",
    "StanceGraphError",
    "StanceGraphWarning",
    "State",
    "StoreError",
    "UnknownFormatError",
    "UnknownIdError",
    "UnmappedTriplesWarning",
    "actors",
    "affiliation",
    "agreement",
    "as_of",
    "balance_ratio",
    "coalitions",
    "coalitions_from_affiliation",
    "coalitions_over_time",
    "conflict_network",
    "congruence_network",
    "count_camps",
    "data_file_schema",
    "dumps",
    "effective_stances",
    "frustration_index",
    "holders",
    "import_table",
    "load",
    "loads",
    "members",
    "narrower",
    "outliers",
    "polarisation",
    "positions",
    "read_statements",
    "save",
    "signed_network",
    "sparql",
    "stance_date",
    "stances",
    "stances_of",
    "to_records",
    "validate_rdf",
    "write_statements",
]


def __getattr__(name: str) -> ModuleType:
    """``sg.draw``: the drawings, imported on first use so that ``import stancegraph`` does not
    import matplotlib."""
    if name == "draw":
        import importlib

        return importlib.import_module(".draw", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
