"""stancegraph: who stands where in a political debate, as a typed, queryable knowledge graph.

>>> import stancegraph as sg
>>> g = sg.load(NATO_YAML)
>>> sg.holders(g, "abandon-founding-act", "opposes")
['germany', 'olaf-scholz']

The drawings are ``sg.draw`` (imported, with matplotlib, on first use):

>>> ax = sg.draw.coalition_graph(g)
"""

from typing import TYPE_CHECKING

from ._lazy import attach
from ._presenters import provide
from .errors import (
    ArgumentError,
    BadRowsError,
    DuplicateIdError,
    IntegrityError,
    InvalidRecordError,
    MissingExtraError,
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
from .graph import Coded, RefusedRow, StanceGraph, StanceRows
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
from .progress import progress_shown, show_progress
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

# The one place the version is written: pyproject.toml reads it ([tool.setuptools.dynamic]),
# and CITATION.cff and the ontology's owl:versionInfo are checked against it.
__version__ = "0.1.0"

__all__ = [
    "Affiliation",
    "Agreement",
    "AgreementScore",
    "ArgumentError",
    "BadRowsError",
    "Bloc",
    "Claim",
    "Coalition",
    "CoalitionResult",
    "Coded",
    "DnaNetwork",
    "DnaStatements",
    "DuplicateIdError",
    "EffectiveStance",
    "FORMATS",
    "ImportReport",
    "IntegrityError",
    "InvalidRecordError",
    "MissingExtraError",
    "Organization",
    "ParseError",
    "Person",
    "PolicyOption",
    "QueryError",
    "QueryTimeoutError",
    "RefusedRow",
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
    "StanceRows",
    "State",
    "StatementTables",
    "StoreError",
    "UnknownFormatError",
    "UnknownIdError",
    "UnmappedTriplesWarning",
    "actors",
    "affiliation",
    "affiliation_from_tables",
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
    "dna_network",
    "dna_time_windows",
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
    "progress_shown",
    "read_dna_statements",
    "read_statements",
    "save",
    "show_progress",
    "signed_network",
    "sparql",
    "stance_date",
    "stances",
    "stances_of",
    "to_records",
    "validate_rdf",
    "write_statements",
]


# The analysis (scipy) and the formats (rdflib, pyoxigraph, pyarrow, pandas, sqlite3) are
# imported on first use, and so are the drawings (matplotlib): ``sg.coalitions``, ``sg.load``
# and ``sg.draw`` work as names of this module, and ``import stancegraph`` stays light.
_ANALYSIS = (
    "Affiliation", "Coalition", "CoalitionResult", "DnaNetwork", "DnaStatements",
    "SignedNetwork", "affiliation",
    "balance_ratio", "coalitions", "coalitions_from_affiliation", "coalitions_over_time",
    "conflict_network", "congruence_network", "count_camps", "frustration_index",
    "outliers", "polarisation", "signed_network",
)
_IO = (
    "FORMATS", "ImportReport", "ShaclReport", "SparqlResult", "SparqlStore", "StatementTables",
    "affiliation_from_tables", "dna_network",
    "dna_time_windows", "dumps", "import_table", "load", "loads", "read_dna_statements",
    "read_statements", "save", "sparql", "to_records", "validate_rdf", "write_statements",
)
if TYPE_CHECKING:
    from . import draw as draw
    from .analysis import (
        Affiliation,
        Coalition,
        CoalitionResult,
        DnaNetwork,
        DnaStatements,
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
    from .io import (
        FORMATS,
        ImportReport,
        ShaclReport,
        SparqlResult,
        SparqlStore,
        StatementTables,
        affiliation_from_tables,
        dna_network,
        dna_time_windows,
        dumps,
        import_table,
        load,
        loads,
        read_dna_statements,
        read_statements,
        save,
        sparql,
        to_records,
        validate_rdf,
        write_statements,
    )

# What the graph's and a coalition result's conveniences hand over to the layers above them.
for _job, _target in {
    "graph frame": "stancegraph.frames:graph_frame",
    "graph html": "stancegraph.notebook:graph_html",
    "graph rdf": "stancegraph.io.rdf.export:to_rdflib",
    "graph sparql": "stancegraph.io.rdf.sparql:sparql",
    "coalition frame": "stancegraph.frames:coalition_frame",
    "coalition html": "stancegraph.notebook:coalition_html",
    "dna network frame": "stancegraph.frames:dna_network_frame",
    "signed network frame": "stancegraph.frames:signed_network_frame",
    "affiliation frame": "stancegraph.frames:affiliation_frame",
}.items():
    provide(_job, _target)
del _job, _target

__getattr__, __dir__ = attach(__name__, {"analysis": _ANALYSIS, "io": _IO},
                              eager=__all__, modules=["draw"])
