"""Hostile statement tables (issue 12): every one loads, or is refused with a StanceGraphError
naming the file, row, line and column -- never a raw OverflowError, UnicodeDecodeError or
pydantic error, never a value silently taken for another.

Parquet cells Python cannot hold (dates past 9999, NaT, text that is not UTF-8) and odd Arrow
types; Parquet files without the columns; lone surrogates, repeated keys and NaN/Infinity in
JSON Lines (and in JSON data files); CSV cells longer than the csv module's default limit.
The small files are also in ``corpus/tables/``.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.io._json import StrictJSONError
from stancegraph.io._json import loads as strict_loads
from stancegraph.io.tables import rows as _table_rows

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

BASE = {"holder": ["germany"], "relation": ["supports"], "target": ["founding-act"]}


def parquet(folder: Path, columns: dict[str, Any], **options: Any) -> Path:
    path = folder / "statements.parquet"
    pq.write_table(pa.table(columns), path, **options)
    return path


def bad_rows(source: Any, **options: Any) -> sg.BadRowsError:
    with pytest.raises(sg.BadRowsError, match=r"not (a )?valid statements?") as caught:
        sg.read_statements(source, **options)
    return caught.value


def only_problem(err: sg.BadRowsError) -> sg.RowProblem:
    assert len(err.problems) == 1, err.problems
    return err.problems[0]


# -- Parquet: cells Python cannot hold ----------------------------------------------------------

FAR = 2**62  # past 9999 in any unit


@pytest.mark.parametrize("array", [
    pa.array([2**31 - 1], pa.int32()).cast(pa.date32()),
    pa.array([FAR], pa.int64()).cast(pa.date64()),
    pa.array([FAR], pa.int64()).cast(pa.timestamp("us")),
    pa.array([FAR], pa.int64()).cast(pa.timestamp("us", tz="UTC")),
    pa.array([-FAR], pa.int64()).cast(pa.timestamp("ms")),
], ids=["date32", "date64", "timestamp", "timestamp-tz", "timestamp-before-year-1"])
def test_a_parquet_date_out_of_pythons_range_is_a_bad_row(tmp_path: Path, array: Any) -> None:
    err = bad_rows(parquet(tmp_path, {**BASE, "date": array}))  # was an OverflowError
    p = only_problem(err)
    assert (p.row, p.field) == (1, "date")
    assert "out of the range of Python dates" in p.message and p.value is not None
    assert "statements.parquet" in str(err)


@pytest.mark.parametrize("column", ["date", "quote", "holder", "confidence"])
def test_a_parquet_date_out_of_range_in_any_column_is_a_bad_row(tmp_path: Path,
                                                                column: str) -> None:
    far = pa.array([FAR], pa.int64()).cast(pa.date64())
    p = only_problem(bad_rows(parquet(tmp_path, {**BASE, column: far})))
    assert (p.row, p.field) == (1, column)


def test_the_bad_parquet_cell_is_found_in_a_later_row_group(tmp_path: Path) -> None:
    days = [19075 + i for i in range(25)]
    days[17] = 2**31 - 1
    holders = [f"actor-{i}" for i in range(25)]
    path = parquet(tmp_path, {"holder": holders, "relation": ["supports"] * 25,
                              "target": ["founding-act"] * 25,
                              "date": pa.array(days, pa.int32()).cast(pa.date32())},
                   row_group_size=10)
    assert [(p.row, p.field, p.value) for p in bad_rows(path).problems] == [
        (18, "date", "2147483647")]
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        g = sg.read_statements(path, on_error="skip")
    assert len(g.stances) == 24
    assert g.stances[0].date == dt.date(2022, 3, 24)


def test_nat_is_a_bad_row_not_a_date_or_a_text(tmp_path: Path) -> None:
    pytest.importorskip("pandas")  # pyarrow gives pandas' NaT for nanosecond timestamps
    nat = pa.array([-(2**63)], pa.int64()).cast(pa.timestamp("ns"))
    for column in ("date", "quote"):  # was a TypeError, and the quote 'NaT'
        p = only_problem(bad_rows(parquet(tmp_path, {**BASE, column: nat})))
        assert (p.field, p.message) == (column, "NaT (not a time) is not a value")


def test_a_timezone_aware_timestamp_gives_the_date_in_its_zone(tmp_path: Path) -> None:
    late = pa.array([dt.datetime(2022, 3, 25, 3, 30)], pa.timestamp("s")).cast(
        pa.timestamp("s", tz="-05:00"))  # 23:30 on the 24th, five hours behind UTC
    g = sg.read_statements(parquet(tmp_path, {**BASE, "date": late}))
    assert g.stances[0].date == dt.date(2022, 3, 24)


def test_a_timestamp_in_an_unknown_time_zone_is_a_bad_row(tmp_path: Path) -> None:
    mars = pa.array([0], pa.int64()).cast(pa.timestamp("s", tz="Mars/Olympus"))
    p = only_problem(bad_rows(parquet(tmp_path, {**BASE, "date": mars})))
    assert (p.row, p.field) == (1, "date") and "time zone Python does not know" in p.message


def test_parquet_text_that_is_not_utf8_is_a_bad_row(tmp_path: Path) -> None:
    offsets = pa.array([0, 2], pa.int32()).buffers()[1]
    not_utf8 = pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(b"\xff\xfe")])
    for column in ("quote", "holder"):  # was a UnicodeDecodeError
        p = only_problem(bad_rows(parquet(tmp_path, {**BASE, column: not_utf8})))
        assert (p.field, p.message, p.value) == (column, "text that is not UTF-8:",
                                                 "\\xff\\xfe")


@pytest.mark.parametrize("column", ["confidence", "quote", "holder", "date", "relation"])
def test_a_parquet_nan_is_a_bad_row_not_no_value(tmp_path: Path, column: str) -> None:
    # A NaN confidence was read as "no confidence", which weighs a stance in full.
    p = only_problem(bad_rows(parquet(tmp_path, {**BASE, column: [float("nan")]})))
    assert (p.field, p.message) == (column, "NaN (not a number) is not a value")


def test_a_parquet_null_is_still_no_value(tmp_path: Path) -> None:
    g = sg.read_statements(parquet(tmp_path, {**BASE, "confidence": pa.array([None],
                                                                             pa.float64())}))
    assert g.stances[0].confidence is None


@pytest.mark.parametrize(("array", "column"), [
    (pa.array([decimal.Decimal("0.60")], pa.decimal128(3, 2)), "holder"),
    (pa.array([b"\xff\x00"], pa.binary()), "holder"),
    (pa.array([b"germany"], pa.large_binary()), "holder"),
    (pa.array([[1, 2]], pa.list_(pa.int64())), "target"),
    (pa.array([{"a": 1}], pa.struct([("a", pa.int64())])), "quote"),
    (pa.array([[("a", 1)]], pa.map_(pa.string(), pa.int64())), "quote"),
    (pa.array([dt.time(1, 2)], pa.time64("us")), "date"),
    (pa.array([dt.timedelta(days=1)], pa.duration("s")), "date"),
    (pa.array([[{"a": 1}]], pa.large_list(pa.struct([("a", pa.int64())]))), "conditions"),
    (pa.array([3]).dictionary_encode(), "relation"),
    (pa.array([True]), "confidence"),
], ids=lambda value: str(getattr(value, "type", value)))
def test_odd_parquet_types_are_bad_rows_naming_the_column(tmp_path: Path, array: Any,
                                                          column: str) -> None:
    p = only_problem(bad_rows(parquet(tmp_path, {**BASE, column: array})))
    assert (p.row, p.field) == (1, column)


def test_a_parquet_decimal_confidence_and_a_dictionary_of_ints_are_read(tmp_path: Path) -> None:
    g = sg.read_statements(
        parquet(tmp_path, {**BASE, "relation": pa.array([1]).dictionary_encode(),
                           "confidence": pa.array([decimal.Decimal("0.60")],
                                                  pa.decimal128(3, 2))}),
        relations={1: "supports"})
    assert (g.stances[0].relation, g.stances[0].confidence) == ("supports", 0.6)


# -- Parquet: files without the columns ----------------------------------------------------------

def test_a_parquet_file_with_no_columns_is_refused(tmp_path: Path) -> None:
    # was an empty graph
    with pytest.raises(sg.ParseError, match=r"statements\.parquet: the Parquet file has no "
                                            r"columns"):
        sg.read_statements(parquet(tmp_path, {}))


@pytest.mark.parametrize("columns", [
    {"a": pa.array([], pa.string())},
    {"holder": pa.array([], pa.string()), "relation": pa.array([], pa.string())},
    {"a": ["x"]},
])
def test_a_parquet_file_without_the_required_columns_is_refused(tmp_path: Path,
                                                                columns: dict[str, Any]) -> None:
    with pytest.raises(sg.ParseError, match=r"statements\.parquet: the table has no \w+ "
                                            r"column"):
        sg.read_statements(parquet(tmp_path, columns))


@pytest.mark.parametrize(("fmt", "text"), [("csv", ""), ("tsv", "\n\n"), ("csv", "\ufeff")])
def test_an_empty_delimited_file_has_no_header(tmp_path: Path, fmt: str, text: str) -> None:
    path = tmp_path / f"s.{fmt}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(sg.ParseError, match=r"the table is empty: it has no header row"):
        sg.read_statements(path)


def test_json_lines_whose_every_row_is_unreadable_report_the_rows(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"holder": "a", "relation": "supports", "target": "x", '
                    '"confidence": NaN}\n', encoding="utf-8")
    p = only_problem(bad_rows(path))  # not "the table has no holder column"
    assert (p.row, p.line, p.field) == (1, 1, "confidence")


# -- JSON Lines: lone surrogates, repeated keys, NaN -----------------------------------------------

ROW = {"holder": "germany", "relation": "supports", "target": "founding-act"}


def jsonl(folder: Path, *lines: str) -> Path:
    path = folder / "statements.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def with_field(key: str, raw: str) -> str:
    """ROW as a JSON line with one more key, its value written as is (raw JSON)."""
    return json.dumps(ROW)[:-1] + f', "{key}": {raw}}}'


@pytest.mark.parametrize("field", ["holder", "quote", "note", "source", "date"])
def test_a_lone_surrogate_in_json_lines_is_a_bad_row(tmp_path: Path, field: str) -> None:
    line = json.dumps({**ROW, field: "a\\ud800"}).replace("\\\\ud800", "\\ud800")
    path = jsonl(tmp_path, json.dumps(ROW), line)
    err = bad_rows(path)  # the holder was a raw pydantic error, the quote was taken
    p = only_problem(err)
    assert (p.row, p.line, p.field, p.value) == (2, 2, field, "a\\ud800")
    assert "lone surrogate" in p.message
    str(err).encode("utf-8")  # the message itself can be printed


def test_a_lone_surrogate_in_a_json_lines_key_or_list_is_a_bad_row(tmp_path: Path) -> None:
    path = jsonl(tmp_path, with_field("x\\udc00", '"y"'),
                 with_field("conditions", '["ok", "\\udfff"]'), with_field("quote", '"\\ud83d"'))
    err = bad_rows(path)
    assert [(p.row, p.field, p.value) for p in err.problems] == [
        (1, None, "x\\udc00"), (2, "conditions", "\\udfff"), (3, "quote", "\\ud83d")]


def test_a_lone_surrogate_in_a_csv_list_cell_is_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text('holder,relation,target,conditions\ngermany,supports,x,"[""\\ud800""]"\n',
                    encoding="utf-8")
    p = only_problem(bad_rows(path))
    assert (p.field, p.value) == ("conditions", '["\\ud800"]') and "surrogate" in p.message


def test_a_surrogate_pair_in_json_lines_is_one_character(tmp_path: Path) -> None:
    g = sg.read_statements(jsonl(tmp_path, with_field("quote", '"smile \\ud83d\\ude00"')))
    assert g.stances[0].quote == "smile \U0001f600"


def test_a_lone_surrogate_in_a_text_stream_is_refused(tmp_path: Path) -> None:
    text = "holder,relation,target\ngermany,supports,founding-act\na\ud800,opposes,x\n"
    for fmt in ("csv", "tsv", "jsonl"):
        with pytest.raises(sg.ParseError, match=r"<stream>, line 3: the text holds a lone "
                                                r"surrogate"):
            sg.read_statements(io.StringIO(text), format=fmt)


def test_a_repeated_key_in_json_lines_is_a_bad_row(tmp_path: Path) -> None:
    # json kept the last value: "germany" silently became "france"
    path = jsonl(tmp_path, json.dumps(ROW)[:-1] + ', "holder": "france"}')
    p = only_problem(bad_rows(path))
    assert (p.row, p.line, p.field) == (1, 1, "holder")
    assert p.message == "not valid JSON (key 'holder' appears twice in one object)"


_keys = st.sampled_from(["a", "b", "x:", "{", '"', "\\", " "])
_scalars = st.integers() | st.text(alphabet=':{}"\\ ab', max_size=4) | st.none()
_json_trees = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3).map(tuple)  # an array
    | st.lists(st.tuples(_keys, inner), max_size=4),  # an object, as its pairs
    max_leaves=10)


def _render(tree: Any, space: str) -> str:
    if isinstance(tree, tuple):
        return "[" + ",".join(_render(item, space) for item in tree) + "]"
    if isinstance(tree, list):
        return "{" + ",".join(f"{json.dumps(key)}{space}:{space}{_render(value, space)}"
                              for key, value in tree) + "}"
    return json.dumps(tree)


def _repeats(tree: Any) -> bool:
    if isinstance(tree, tuple):
        return any(_repeats(item) for item in tree)
    if isinstance(tree, list):
        keys = [key for key, _ in tree]
        return len(set(keys)) < len(keys) or any(_repeats(value) for _, value in tree)
    return False


@settings(max_examples=300, deadline=None)
@given(tree=_json_trees, space=st.sampled_from(["", " ", "\n"]))
def test_strict_json_refuses_exactly_the_texts_with_a_repeated_key(tree: Any,
                                                                  space: str) -> None:
    # loads counts keys to skip the slow pair-by-pair reading: that must never miss one
    text = _render(tree, space)
    if _repeats(tree):
        with pytest.raises(StrictJSONError, match="appears twice in one object"):
            strict_loads(text)
    else:
        assert strict_loads(text) == json.loads(text)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("field", ["confidence", "quote", "holder", "date"])
def test_nan_and_infinity_in_json_lines_are_bad_rows(tmp_path: Path, constant: str,
                                                     field: str) -> None:
    # a NaN confidence was "no confidence": the stance weighed in full
    line = json.dumps({k: v for k, v in ROW.items() if k != field})[:-1] + \
        f', "{field}": {constant}}}'
    p = only_problem(bad_rows(jsonl(tmp_path, json.dumps(ROW), line)))
    assert (p.row, p.line, p.field) == (2, 2, field)
    assert p.message == f"not valid JSON ({constant} is not JSON)"


def test_nan_written_out_in_csv_is_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("holder,relation,target,confidence\ngermany,supports,x,nan\n"
                    "france,supports,x,NaN\n", encoding="utf-8")
    err = bad_rows(path)
    assert [(p.row, p.field) for p in err.problems] == [(1, "confidence"), (2, "confidence")]


def test_a_json_data_file_refuses_nan_and_lone_surrogates_naming_the_record() -> None:
    data = {"actors": [{"id": "germany", "type": "State", "name": "Germany"}],
            "positions": [{"id": "x", "type": "PolicyOption", "name": "X"}],
            "stances": [{"id": "s1", "holder": "germany", "relation": "supports",
                         "target": "x", "quote": "Q"}]}
    text = json.dumps(data, indent=1)
    with pytest.raises(sg.ParseError, match=r"^line \d+, stances\[0\], field 'quote': not "
                                            r"valid JSON: NaN is not JSON"):
        sg.loads(text.replace('"Q"', "NaN"), format="json")
    with pytest.raises(sg.ParseError, match=r"^line \d+, actors\[0\], field 'name': not valid "
                                            r"JSON text: a string holds a lone surrogate"):
        sg.loads(text.replace('"Germany"', '"G\\udc80"'), format="json")
    with pytest.raises(sg.ParseError, match=r"^line 1: not valid JSON text: a string holds a "
                                            r"lone surrogate"):
        sg.loads('{"\\ud800": []}', format="json")  # no record holds it


# -- CSV: cells longer than the csv module's default limit -----------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_a_one_megabyte_quote_round_trips(tmp_path: Path, fmt: str) -> None:
    # sg.save wrote it; sg.load refused the file it wrote (field larger than field limit)
    limit = csv.field_size_limit()
    quote = ('He said, "no",\r\nand then\t"yes"; ' * 40_000)[:1_000_000].strip()
    g = sg.loads("actors: [{id: germany, type: State, name: Germany}]\n"
                 "positions: [{id: x, type: PolicyOption, name: X}]\n")
    g.add_stance(id="s1", holder="germany", relation="supports", target="x", quote=quote)
    path = tmp_path / f"big.{fmt}"
    sg.save(g, path)
    back = sg.load(path)
    assert back.stances[0].quote == quote
    assert csv.field_size_limit() == limit  # put back


def test_a_long_unquoted_cell_is_read_past_arrows_block_size(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    quote = "x" * 2_500_000  # no quote characters: Arrow's reader first, in 1 MiB blocks
    path.write_text(f"holder,relation,target,quote\ngermany,supports,y,{quote}\n",
                    encoding="utf-8")
    assert sg.read_statements(path).stances[0].quote == quote


def test_a_malformed_csv_still_names_its_line_with_long_cells(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text('holder,relation,target,quote\ngermany,supports,y,"' + "x" * 200_000 +
                    '"z\n', encoding="utf-8")
    with pytest.raises(sg.ParseError, match=r"s\.csv, line 2: not valid CSV"):
        sg.read_statements(path)


# -- nodes a model refuses -------------------------------------------------------------------------

def test_a_node_its_model_refuses_makes_bad_rows(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever the models come to refuse in a name, a table reports it as bad rows.
    from pydantic import field_validator

    class Picky(sg.Organization):
        @field_validator("name")
        @classmethod
        def _no_z(cls, name: str) -> str:
            if "z" in name.lower():
                raise ValueError("no z in names")
            return name

    monkeypatch.setitem(_table_rows._MODELS, "Organization", Picky)
    path = tmp_path / "s.csv"
    path.write_text("holder,relation,target\nGermany,supports,x\nZed,opposes,x\n"
                    "Zed,supports,y\n", encoding="utf-8")
    err = bad_rows(path)
    assert [(p.row, p.field, p.value) for p in err.problems] == [(2, "holder", "zed"),
                                                                 (3, "holder", "zed")]
    assert "no z in names" in err.problems[0].message


def test_a_nul_in_a_name_loads_or_is_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("holder,relation,target\nGer\x00many,supports,x\n", encoding="utf-8")
    try:
        g = sg.read_statements(path)
    except sg.BadRowsError as err:
        assert [(p.row, p.field) for p in err.problems] == [(1, "holder")]
    else:
        assert len(g.stances) == 1
