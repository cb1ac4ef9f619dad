"""The public surface is explicit: a sorted, pinned __all__ whose names all exist."""

from __future__ import annotations

import importlib

import pytest

import stancegraph as sg

EXPECTED = [
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


def test_all_is_pinned() -> None:
    assert sg.__all__ == EXPECTED


@pytest.mark.parametrize("module", ["stancegraph", "stancegraph.model", "stancegraph.queries",
                                    "stancegraph.io", "stancegraph.errors",
                                    "stancegraph.io.rdf", "stancegraph.analysis",
                                    "stancegraph.draw"])
def test_all_is_sorted_and_exists(module: str) -> None:
    mod = importlib.import_module(module)
    assert list(mod.__all__) == sorted(mod.__all__)
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.{name}"


def test_draw_is_reached_lazily_and_kept_out_of_all() -> None:
    # ``from stancegraph import *`` must not import matplotlib; ``sg.draw`` works all the same.
    assert "draw" not in sg.__all__
    assert sg.draw.coalition_graph is importlib.import_module("stancegraph.draw").coalition_graph


def test_version() -> None:
    assert sg.__version__.count(".") == 2


def test_sparql_is_the_function_after_its_module_is_imported() -> None:
    import subprocess
    import sys

    code = ("import stancegraph.io.rdf.sparql, stancegraph as sg, inspect; "
            "print(inspect.isfunction(sg.sparql), inspect.isfunction(sg.io.sparql))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]
