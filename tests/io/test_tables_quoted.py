"""Quoted CSV and TSV go through Arrow's reader (when pyarrow is installed) exactly where it reads
them as the csv module does: the same table, the same rows' lines (a quoted cell may hold line
breaks), the same errors; anything else (a quote inside an unquoted cell, text after a closing
quote, an unclosed quote) is left to the csv module.
"""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.io.tables import files

pytest.importorskip("pyarrow")

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def read(text: str, fmt: str, arrow: bool) -> Any:
    """The table as one reader reads it (with each row's line), or the error's message."""
    reader = files._arrow_delimited if arrow else (lambda *args: None)
    with mock.patch.object(files, "_arrow_delimited", reader):
        try:
            table = files.read_table(text, fmt, "t.csv")
        except sg.StanceGraphError as err:
            return str(err)
    return (table.columns, table.rows, {c: v.tolist() for c, v in table.cells.items()},
            [str(p) for p in table.problems], [table.line_of(i) for i in range(table.rows)])


def written(rows: list[list[str]], delimiter: str, ending: str,
            quoting: Any = csv.QUOTE_ALL) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator=ending, quoting=quoting).writerows(rows)
    return out.getvalue()


_CELL = st.text(st.sampled_from(['"', ",", "\t", "\n", "\r", " ", "a", "é", "東"]), max_size=5)
_PIECES = st.sampled_from(['"', '""', ",", "\t", "\n", "\r", "\r\n", " ", "a", "b,c", '"x"',
                           '"y,z"', '"\n"', "é"])


@st.composite
def quoted_tables(draw: st.DrawFn) -> list[list[str]]:
    """A header and rows as wide as it, but perhaps one row of another width."""
    header = draw(st.lists(st.text("abcxyz_ ", min_size=1, max_size=4), min_size=1,
                           max_size=4, unique=True))
    rows = draw(st.lists(st.lists(_CELL, min_size=len(header), max_size=len(header)),
                         max_size=6))
    another_width: bool = draw(st.booleans())
    if rows and another_width:
        odd = draw(st.lists(_CELL, min_size=1, max_size=5))
        rows[draw(st.integers(0, len(rows) - 1))] = odd
    return [header, *rows]


@SETTINGS
@given(rows=quoted_tables(), ending=st.sampled_from(["\n", "\r\n", "\r"]),
       delimiter=st.sampled_from([",", "\t"]), blank=st.sampled_from(["", "\n", "\r\n\r\n"]),
       quoting=st.sampled_from([csv.QUOTE_ALL, csv.QUOTE_MINIMAL]))
def test_quoted_tables_read_alike(rows: list[list[str]], ending: str, delimiter: str,
                                  blank: str, quoting: Any) -> None:
    # cells holding quotes, delimiters and line breaks; perhaps a row of another width
    text = blank.join(written([row], delimiter, ending, quoting) for row in rows)
    fmt = "csv" if delimiter == "," else "tsv"
    assert read(text, fmt, arrow=True) == read(text, fmt, arrow=False)


@SETTINGS
@given(pieces=st.lists(_PIECES, max_size=30), delimiter=st.sampled_from([",", "\t"]))
@example(pieces=['"x"', "a", "\n", "b"], delimiter=",")  # text after a closing quote
@example(pieces=["a", '"', "\n", "b"], delimiter=",")  # a quote inside a cell
@example(pieces=["a", ",", '"', "b", "\n"], delimiter=",")  # an unclosed quote
def test_any_text_reads_alike(pieces: list[str], delimiter: str) -> None:
    text = "h,i\n" + "".join(pieces)
    fmt = "csv" if delimiter == "," else "tsv"
    assert read(text, fmt, arrow=True) == read(text, fmt, arrow=False)


@SETTINGS
@given(rows=st.lists(st.lists(_CELL, min_size=1, max_size=3), min_size=1, max_size=8),
       ending=st.sampled_from(["\n", "\r\n", "\r"]), blanks=st.lists(st.booleans()))
def test_rows_lines_are_counted_as_the_csv_module_counts_them(
        rows: list[list[str]], ending: str, blanks: list[bool]) -> None:
    parts = [written([row], ",", ending) + (ending if i < len(blanks) and blanks[i] else "")
             for i, row in enumerate(rows)]
    text = "".join(parts)
    assert files._quotes(text.encode(), ",") is not None
    expected = files._record_lines(csv.reader(io.StringIO(text, newline=""), strict=True))
    assert files._record_starts(text) == expected


def test_quoted_csv_goes_through_arrow() -> None:
    text = 'holder,relation,target\n"Scholz, Olaf",supports,"x ""y""\nz"\n'
    table = files._arrow_delimited(text, ",", "t.csv")
    assert table is not None
    assert {c: v.tolist() for c, v in table.cells.items()} == {
        "holder": ["Scholz, Olaf"], "relation": ["supports"], "target": ['x "y"\nz']}


@pytest.mark.parametrize("text", ['h,i\n"ab"c,d\n', 'h,i\nab"c,d\n', 'h,i\nx,"y\n',
                                  '\ufeffh,i\na,b\n', '\ufeff"h",i\na,b\n'])
def test_what_the_readers_read_differently_is_left_to_the_csv_module(text: str) -> None:
    assert files._arrow_delimited(text, ",", "t.csv") is None
    assert read(text, "csv", arrow=True) == read(text, "csv", arrow=False)


def test_a_bad_row_after_a_cell_with_line_breaks_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "statements.csv"
    path.write_text('holder,relation,target,quote\n'
                    'a,supports,x,"one\ntwo\r\nthree"\n'
                    '\n'
                    '"b, c",agrees,x,"four"\n', encoding="utf-8")
    with pytest.raises(sg.BadRowsError, match=r"line 6, row 2, field 'relation': unknown "
                                              r"relation value 'agrees'"):
        sg.read_statements(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.SkippedRowsWarning)
        g = sg.read_statements(path, on_error="skip")
    assert [s.quote for s in g.stances] == ["one\ntwo\r\nthree"]


def test_a_malformed_quote_is_reported_by_the_csv_module(tmp_path: Path) -> None:
    path = tmp_path / "statements.csv"
    path.write_text('holder,relation,target\n"a" b,supports,x\n', encoding="utf-8")
    with pytest.raises(sg.ParseError, match=r"statements.csv, line 2: not valid CSV: ',' "
                                            r"expected after '\"'"):
        sg.read_statements(path)


@pytest.mark.parametrize("arrow", [True, False])
def test_a_byte_order_mark_in_text_is_dropped_by_both_readers(arrow: bool) -> None:
    # as one is in a file (tests/io/test_tables.py); in text from a text stream it stays
    for text in ('\ufeffh,i\na,b\n', '\ufeff"h",i\n"a",b\n'):
        table = read(text, "csv", arrow)
        assert table[0] == ["h", "i"] and table[2] == {"h": ["a"], "i": ["b"]}
