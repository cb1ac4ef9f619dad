"""Tables as columns of cells: reading and writing CSV, TSV, JSON Lines and Parquet.

This module knows the file formats only: it turns a file into named columns of cell values
(and back), with the line each row starts on. What the cells mean is for
:mod:`.rows`. CSV and TSV cells are text; JSON Lines and Parquet cells keep their
types (numbers, booleans, lists, dates). Blank lines are not rows.

>>> table = read_table("holder,relation,target\\ngermany,opposes,abandon-founding-act\\n",
...                    "csv", "s.csv")
>>> table.columns, table.cells["holder"].tolist(), table.line_of(0)
(['holder', 'relation', 'target'], ['germany'], 2)
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import math
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..._stance_rows import Coded
from ...errors import InvalidRecordError, MissingExtraError, ParseError, RowProblem
from .._files import decode_utf8
from .._json import MAY_HOLD_SURROGATE, StrictJSONError, escaped, loads, lone_surrogate
from .._suffixes import TABLE_SUFFIXES

__all__ = ["TABLE_FORMATS", "Table", "read_table", "write_table"]

#: The table formats: name -> file suffixes.
TABLE_FORMATS = TABLE_SUFFIXES
_DELIMITERS = {"csv": ",", "tsv": "\t"}
_HEADER_LINE = re.compile(r"[\r\n]*([^\r\n]*)")  # the first line that is not blank
_NOT_BLANK = re.compile(r"[^\r\n]")


@dataclass
class Table:
    """A table read from a file: its columns in order, and each column's cells.

    ``cells[name][i]`` is row ``i``'s cell (rows count from 0 here; messages count from 1);
    None where a row has no such cell (JSON Lines) or the cell is null (Parquet, JSON). Each
    column is :class:`~stancegraph._stance_rows.Coded`: its distinct cells, and a code per row.
    ``problems`` lists the rows that could not be read at all (a CSV row with the wrong number
    of cells, a JSON line that is not an object); their cells are all None.
    """

    file: str | None
    columns: list[str]
    cells: dict[str, Coded]
    rows: int
    problems: list[RowProblem] = field(default_factory=list)
    lines: Callable[[], list[int] | None] = lambda: None

    def line_of(self, row: int) -> int | None:
        """The line of the file row ``row`` (from 0) starts on; None for Parquet."""
        lines = self.lines()
        return None if lines is None else lines[row]


def read_table(data: str | bytes, format: str, file: str | None) -> Table:
    """Read ``data`` (text for CSV, TSV and JSON Lines; bytes for Parquet) as a table."""
    if format in _DELIMITERS:
        return _read_delimited(_text(data, file), _DELIMITERS[format], file)
    if format == "jsonl":
        return _read_json_lines(_text(data, file), file)
    if format == "parquet":
        if isinstance(data, str):
            raise ParseError("a Parquet table is binary: pass bytes or a file", file=file)
        return _read_parquet(data, file)
    raise AssertionError(format)


def _text(data: str | bytes, file: str | None) -> str:
    if isinstance(data, bytes):
        return decode_utf8(data, file)  # UTF-8 holds no surrogates
    surrogate = _RAW_SURROGATE.search(data)  # text from a text stream may
    if surrogate is not None:
        raise ParseError("the text holds a lone surrogate (half of a UTF-16 pair, not a "
                         "character):", id=escaped(surrogate[0]), file=file,
                         line=data.count("\n", 0, surrogate.start()) + 1,
                         expected="text that can be written as UTF-8")
    return data


_RAW_SURROGATE = re.compile(r"[\ud800-\udfff]")


# -- CSV and TSV ------------------------------------------------------------------------------
# The csv module refuses a cell longer than csv.field_size_limit() (131,072 characters by
# default), a process-wide setting; the writer writes cells of any length. Reading raises the
# limit to the length of the text (no cell can be longer), under a lock, and puts it back.
_FIELD_LIMIT_LOCK = threading.RLock()


@contextlib.contextmanager
def _cells_up_to(length: int) -> Iterator[None]:
    """csv.field_size_limit at least ``length`` within the block, as it was after."""
    with _FIELD_LIMIT_LOCK:
        before = csv.field_size_limit()
        csv.field_size_limit(max(before, length))
        try:
            yield
        finally:
            csv.field_size_limit(before)


def _read_delimited(text: str, delimiter: str, file: str | None) -> Table:
    text = text.removeprefix("\ufeff")  # a byte order mark, in text from a text stream
    fast = _arrow_delimited(text, delimiter, file)
    if fast is not None:
        return fast

    def reader() -> Any:
        return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)

    def record_lines() -> list[int]:
        with _cells_up_to(len(text)):
            return _record_lines(reader())

    lines = functools.cache(record_lines)
    try:
        with _cells_up_to(len(text)):
            records = [r for r in reader() if r]  # blank lines are not rows
    except csv.Error as err:
        with _cells_up_to(len(text)):
            line = _csv_error_line(text, delimiter)
        raise ParseError(f"not valid {'CSV' if delimiter == ',' else 'TSV'}: {err}",
                         file=file, line=line) from err
    if not records:
        raise ParseError("the table is empty: it has no header row", file=file,
                         expected="a first row naming the columns, such as "
                                  "holder, relation, target")
    header = [name.strip() for name in records[0]]
    _check_header(header, file)
    body = records[1:]
    width = len(header)
    table = Table(file, header, {}, len(body), lines=lines)
    if all(len(r) == width for r in body):
        columns = list(zip(*body, strict=True)) if body else [() for _ in header]
        table.cells = {name: Coded.from_list(column)
                       for name, column in zip(header, columns, strict=True)}
        return table
    cells: list[list[Any]] = [[] for _ in header]
    for i, record in enumerate(body):
        if len(record) != width:
            table.problems.append(RowProblem(
                i + 1, f"the row has {len(record)} cells, the header {width}",
                line=table.line_of(i),
                expected=f"one cell per column ({', '.join(header)})"))
            record = [None] * width
        for column, value in zip(cells, record, strict=True):
            column.append(value)
    table.cells = {name: Coded.from_list(column) for name, column in zip(header, cells, strict=True)}
    return table


def _arrow_delimited(text: str, delimiter: str, file: str | None) -> Table | None:
    """The table as Arrow's CSV reader reads it, where that is exactly how the csv module
    reads it: a text with no NUL and no byte order mark (Arrow would drop it), whose quote
    characters (if any) all open, double or close a quoted cell as RFC 4180 has it (see
    :func:`_quotes`), every row as wide as the header. None otherwise, or without pyarrow:
    the csv module then reads it (and reports what is wrong). The rows' lines are counted as
    the csv module counts them (:func:`_record_starts`).
    """
    if _NOT_BLANK.search(text) is None or "\0" in text or text.startswith("\ufeff"):
        return None
    try:
        import pyarrow as pa
        import pyarrow.csv
    except ImportError:
        return None
    data = text.encode("utf-8")
    quoted = '"' in text
    if quoted and _quotes(data, delimiter) is None:
        return None
    width = _header_width(text, delimiter, quoted)
    if width is None:
        return None
    try:
        table = pa.csv.read_csv(
            pa.py_buffer(data),
            read_options=pa.csv.ReadOptions(autogenerate_column_names=True),
            parse_options=pa.csv.ParseOptions(
                delimiter=delimiter, quote_char='"' if quoted else False, double_quote=True,
                newlines_in_values=quoted, ignore_empty_lines=True),
            convert_options=pa.csv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)}, null_values=[],
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowException:  # a row of another width, say
        return None
    if table.num_columns != width:
        return None
    del data
    header = [table.column(i)[0].as_py().strip() for i in range(width)]
    _check_header(header, file)
    body = table.slice(1)
    cells = {name: _arrow_coded(pa, body.column(i)) for i, name in enumerate(header)}
    return Table(file, header, cells, body.num_rows,
                 lines=functools.cache(lambda: _record_starts(text)))


def _header_width(text: str, delimiter: str, quoted: bool) -> int | None:
    """The number of cells in the first row that is not blank; None if the csv module cannot
    read that row."""
    if not quoted:
        first = _HEADER_LINE.match(text)
        return first[1].count(delimiter) + 1 if first is not None else None
    physical = (m[0] for m in _PHYSICAL_LINE.finditer(text))
    try:
        return next((len(r) for r in csv.reader(physical, delimiter=delimiter, strict=True)
                     if r), None)
    except csv.Error:  # such as a header cell over the csv module's limit
        return None


# A line as io.StringIO(newline="") hands it to the csv module: ends at "\r\n", "\r" or "\n".
_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_QUOTE, _CR, _LF = 0x22, 0x0D, 0x0A


def _quotes(data: bytes, delimiter: str) -> npt.NDArray[np.intp] | None:
    """Where the quote characters of ``data`` (UTF-8) are; None unless the csv module
    (``strict``) and Arrow read every one of them alike.

    Both read a quoted cell as RFC 4180 writes it: it opens with a quote at a cell's start (the
    text's start, or after a delimiter or a line end), holds ``""`` for each quote in it, and
    closes with a quote. A doubled quote leaves the count of quotes seen even or odd as it was,
    so the text is inside a quoted cell exactly where an odd number of quotes lie before it,
    and it is enough to look at runs of consecutive quotes: each run that starts outside a
    cell must start at a cell's start, each run that ends outside one must be followed by a
    delimiter, a line end or the end of the text, and the text must end outside. Where that
    fails (a quote inside an unquoted cell, text after a closing quote, an unclosed quote), the
    csv module refuses the text or reads it otherwise than Arrow does.
    """
    codes = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(codes == _QUOTE)
    if len(quotes) % 2:
        return None
    if not len(quotes):
        return quotes
    breaks = np.flatnonzero(np.diff(quotes) != 1) + 1
    first = np.concatenate(([0], breaks))  # each run's first quote, counted in quotes
    after = np.concatenate((breaks, [len(quotes)]))  # the count after each run
    ends = np.zeros(256, dtype=bool)  # the bytes a cell ends at
    ends[[ord(delimiter), _CR, _LF]] = True
    opening = quotes[first[first % 2 == 0]]
    if not np.all(ends[codes[opening[opening > 0] - 1]]):  # one at 0 opens at the start
        return None
    closing = quotes[after[after % 2 == 0] - 1] + 1  # just after the run
    if not np.all(ends[codes[closing[closing < len(codes)]]]):  # or at the end of the text
        return None
    return quotes


def _record_starts(text: str) -> list[int]:
    """The line each data row starts on, counted as the csv module counts it (what
    :func:`_record_lines` gives) for a text whose quotes are well formed (:func:`_quotes`).

    Lines end at "\\r\\n", "\\r" or "\\n"; a line end inside a quoted cell ends a line but not a
    row; a row starts after the line end that ended the one before, and an empty one (a blank
    line) is not a row.
    """
    codes = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    quotes = np.flatnonzero(codes == _QUOTE)
    cr = codes == _CR
    ending = codes == _LF
    ending[1:] &= ~cr[:-1]  # CR LF ends one line, at its CR
    ending |= cr
    at = np.flatnonzero(ending)  # where each line end begins
    size = np.ones(len(at), dtype=np.intp)
    pair = at[cr[at] & (at + 1 < len(codes))]
    size[np.searchsorted(at, pair[codes[pair + 1] == _LF])] = 2
    line_end = at + size  # where the next line begins
    # A line end with an even number of quotes before it is outside every quoted cell.
    row_end = np.searchsorted(quotes, at) % 2 == 0
    begins = np.concatenate(([0], line_end[row_end]))  # where each row begins
    finishes = np.concatenate((at[row_end], [len(codes)]))  # where its text ends
    begins = begins[finishes > begins]  # blank lines (and the text's end) are not rows
    lines: list[int] = (np.searchsorted(line_end, begins, side="right") + 1).tolist()
    return lines[1:]  # not the header's


def _record_lines(records: Any) -> list[int]:
    """The line each data row starts on (the header's row is dropped)."""
    starts, previous = [], 0
    for record in records:
        start, previous = previous + 1, records.line_num
        if record:
            starts.append(start)
    return starts[1:]


def _csv_error_line(text: str, delimiter: str) -> int | None:
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for _ in records:
            pass
    except csv.Error:
        return records.line_num
    return None


#: The name a first column without one gets: R's ``write.csv`` and pandas' ``to_csv`` write
#: the row names or index there, under an empty header.
ROW_NAMES = "(row names)"


def _check_header(header: list[str], file: str | None) -> None:
    """Refuse a header with an unnamed or repeated column; a first column without a name is
    R's (or pandas') row names, named :data:`ROW_NAMES` (and left unused)."""
    if header and header[0] == "" and ROW_NAMES not in header:
        header[0] = ROW_NAMES
    seen: set[str] = set()
    for i, name in enumerate(header):
        if not name:
            raise ParseError(f"column {i + 1} of the header has no name", file=file, line=1,
                             expected="a name for every column")
        if name in seen:
            raise ParseError("two columns have the same name", id=name, file=file, line=1,
                             expected="a different name for every column")
        seen.add(name)


# -- JSON Lines -------------------------------------------------------------------------------
def _read_json_lines(text: str, file: str | None) -> Table:
    # Lines end at "\n" only: str.splitlines would also split at characters such as U+2028
    # that JSON allows inside strings.
    # JSON is read strictly (docs/tables.md): a key twice in one object, NaN or Infinity, and
    # text with a lone surrogate (a "\ud800" escape) make the row bad, naming the key.
    columns: dict[str, list[Any]] = {}
    lines: list[int] = []
    problems: list[RowProblem] = []
    rows = 0
    check_surrogates = MAY_HOLD_SURROGATE.search(text) is not None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        rows += 1
        lines.append(number)
        try:
            record = loads(line)
        except StrictJSONError as err:
            record = _leniently(line)
            problems.append(RowProblem(
                rows, f"not valid JSON ({err})", line=number,
                field=err.key if err.key is not None else _non_finite_key(record),
                expected="each key once per line" if err.key is not None else
                "a number, or null for no value (JSON has no NaN or Infinity)"))
            record = dict.fromkeys(record)  # no values, but still the table's columns
        except (ValueError, RecursionError) as err:
            problems.append(RowProblem(rows, f"not valid JSON ({_json_reason(err)})",
                                       line=number, expected="one JSON object per line"))
            record = {}
        if not isinstance(record, dict):
            problems.append(RowProblem(rows, f"the line holds a JSON {type(record).__name__}",
                                       line=number, expected="one JSON object per line"))
            record = {}
        if check_surrogates and MAY_HOLD_SURROGATE.search(line):
            record = _without_surrogates(record, rows, number, problems)
        for name, value in record.items():
            column = columns.get(name)
            if column is None:
                column = columns[name] = [None] * (rows - 1)
            column.append(value)
        for column in columns.values():
            if len(column) < rows:
                column.append(None)
    return Table(file, list(columns), {name: Coded.from_list(column)
                                       for name, column in columns.items()},
                 rows, problems, lines=lambda: lines)


def _without_surrogates(record: dict[str, Any], row: int, line: int,
                        problems: list[RowProblem]) -> dict[str, Any]:
    """The record with no value where a value holds a lone surrogate, and without the keys
    that hold one; each a problem of the row."""
    kept = {}
    for key, value in record.items():
        if lone_surrogate(key) is not None:
            problems.append(RowProblem(row, "a key holds a lone surrogate (half of a UTF-16 "
                                       "pair, not a character):", line=line, value=escaped(key),
                                       expected="text that can be written as UTF-8"))
            continue
        bad = lone_surrogate(value)
        if bad is not None:
            problems.append(RowProblem(row, "the text holds a lone surrogate (half of a UTF-16 "
                                       "pair, not a character):", line=line, field=key,
                                       value=escaped(bad),
                                       expected="text that can be written as UTF-8"))
            value = None
        kept[key] = value
    return kept


def _leniently(line: str) -> dict[str, Any]:
    """A line the strict reading refused, read as Python's json reads it (an empty record if
    that fails too, or gives no object): to find its keys."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return {}
    return record if isinstance(record, dict) else {}


def _non_finite_key(record: dict[str, Any]) -> str | None:
    """The first key whose value holds NaN or an infinity, at any depth."""
    for key, value in record.items():
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, float) and not math.isfinite(item):
                return key
            if isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    return None


def _json_reason(err: BaseException) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"{err.msg} at column {err.colno}"
    return "nested too deeply" if isinstance(err, RecursionError) else str(err)


# -- Parquet ----------------------------------------------------------------------------------
def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as err:
        raise MissingExtraError.of("parquet", "a Parquet table") from err
    return pyarrow


def _read_parquet(data: bytes, file: str | None) -> Table:
    pa = _pyarrow()
    try:
        source = pa.BufferReader(data)
        schema = pa.parquet.read_schema(source)
        # Text columns come coded as Parquet stores them: one dictionary per row group.
        text = [f.name for f in schema if pa.types.is_string(f.type)
                or pa.types.is_large_string(f.type)]
        table = pa.parquet.read_table(source, read_dictionary=text)
    except (pa.ArrowException, OSError, ValueError) as err:
        raise ParseError(f"not a readable Parquet file ({' '.join(str(err).split())})",
                         file=file) from err
    header = list(table.column_names)
    if not header:
        raise ParseError("the Parquet file has no columns", file=file,
                         expected="a table with the columns holder, relation and target")
    _check_header(header, file)
    problems: list[RowProblem] = []
    cells = {name: _parquet_column(pa, name, table.column(name), problems) for name in header}
    problems.sort(key=lambda p: p.row)
    return Table(file, header, cells, table.num_rows, problems)


def _parquet_column(pa: Any, name: str, column: Any, problems: list[RowProblem]) -> Coded:
    """The column coded; where some cells cannot become Python values (a date past 9999, a
    timestamp in an unknown time zone, text that is not UTF-8), cell by cell, each such cell
    a problem of its row and no value."""
    try:
        return _arrow_coded(pa, column)
    except (ArithmeticError, ValueError, TypeError, LookupError, pa.ArrowException):
        pass
    values: list[Any] = []
    for chunk in column.chunks:
        for k in range(len(chunk)):
            scalar = chunk[k]
            try:
                values.append(scalar.as_py())
            except (ArithmeticError, ValueError, TypeError, LookupError,
                    pa.ArrowException) as err:
                problems.append(_unreadable(pa, len(values) + 1, name, scalar, err))
                values.append(None)
    return Coded.from_list(values)


def _unreadable(pa: Any, row: int, name: str, scalar: Any, err: BaseException) -> RowProblem:
    """The problem of a Parquet cell that cannot become a Python value."""
    if pa.types.is_dictionary(scalar.type):
        scalar = scalar.value  # the dictionary's value (text columns come coded)
    type = scalar.type
    if isinstance(err, UnicodeDecodeError):
        try:
            raw = scalar.cast(pa.binary()).as_py()
        except pa.ArrowException:
            raw = b""
        return RowProblem(row, "text that is not UTF-8:", field=name,
                          value=raw.decode("utf-8", "backslashreplace") or None,
                          expected="UTF-8 text")
    if pa.types.is_timestamp(type) and type.tz is not None and not isinstance(
            err, OverflowError):
        return RowProblem(row, f"a {type} value in a time zone Python does not know "
                          f"({type.tz!r}):", field=name, value=_stored(pa, scalar),
                          expected="a time zone of the IANA database, or an offset (+05:30)")
    if pa.types.is_temporal(type) and isinstance(err, OverflowError):
        return RowProblem(row, f"a {type} value out of the range of Python dates (years 1 to "
                          "9999):", field=name, value=_stored(pa, scalar),
                          expected="a date from 0001-01-01 to 9999-12-31")
    return RowProblem(row, f"a {type} value that cannot be read ({' '.join(str(err).split())}):",
                      field=name, value=_stored(pa, scalar), expected="text, a number, a "
                      "boolean, a date or a list of text")


def _stored(pa: Any, scalar: Any) -> str | None:
    """A cell's value as stored (a date as days since 1970-01-01, a timestamp in its unit)."""
    for integer in (pa.int64(), pa.int32()):
        try:
            return str(scalar.cast(integer).as_py())
        except (pa.ArrowException, ArithmeticError, ValueError, TypeError):
            continue
    return None


def _arrow_coded(pa: Any, column: Any) -> Coded:
    """A Parquet column coded: its distinct cells as Python values, a code per row."""
    if column.null_count == len(column):
        return Coded.constant(None, len(column))
    if pa.types.is_dictionary(column.type):  # each chunk with its dictionary
        values: list[Any] = []
        codes = []
        dictionary, offset = None, 0
        for chunk in column.chunks:
            if dictionary is None or not chunk.dictionary.equals(dictionary):
                dictionary, offset = chunk.dictionary, len(values)  # a new row group's
                values.extend(dictionary.to_pylist())
            indices = _indices(pa, chunk.indices)
            codes.append(np.where(indices >= 0, indices + offset, -1))
        joined = np.concatenate(codes) if codes else np.empty(0, dtype=np.intp)
        return Coded.canonical(values, joined.astype(np.intp, copy=False))
    try:
        encoded = column.combine_chunks().dictionary_encode()
    except pa.ArrowNotImplementedError:  # lists, nested values: code them in Python
        return Coded.from_list(column.to_pylist())
    return Coded(encoded.dictionary.to_pylist(), _indices(pa, encoded.indices))


def _indices(pa: Any, indices: Any) -> npt.NDArray[np.intp]:
    """A dictionary's indices (an Arrow integer array) as codes, -1 where null. Read from the
    array's buffers: Arrow's own conversions (to_numpy, fill_null) import pandas."""
    validity, data = indices.buffers()[:2]
    width = indices.type.bit_width // 8
    kind = "i" if pa.types.is_signed_integer(indices.type) else "u"
    codes = np.frombuffer(data, dtype=f"<{kind}{width}", count=len(indices),
                          offset=indices.offset * width).astype(np.intp)
    if indices.null_count:
        valid = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
        codes[valid[indices.offset:indices.offset + len(indices)] == 0] = -1
    return codes


# -- writing ----------------------------------------------------------------------------------
def write_table(columns: dict[str, list[Any]], format: str, *,
                types: dict[str, str] | None = None) -> str | bytes:
    """The table as file contents: text for CSV, TSV and JSON Lines, bytes for Parquet.

    Cells are text, a float, a bool, a date or a list of text, or None for no value. CSV and
    TSV write None as an empty cell, lists as JSON arrays and floats in full (``repr``); JSON
    Lines leaves None out; Parquet columns get the ``types`` given (``"text"``, ``"date"``,
    ``"float"``, ``"bool"``, ``"list"``; text by default).
    """
    if format in _DELIMITERS:
        return _write_delimited(columns, _DELIMITERS[format])
    if format == "jsonl":
        return _write_json_lines(columns)
    if format == "parquet":
        return _write_parquet(columns, types or {})
    raise AssertionError(format)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False) if value else ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _write_delimited(columns: dict[str, list[Any]], delimiter: str) -> str:
    out = io.StringIO(newline="")
    # CRLF line ends (RFC 4180): the csv module then quotes any cell holding "\r" or "\n".
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    texts = [_column_text(values) for values in columns.values()]
    writer.writerows(zip(*texts, strict=True))
    return out.getvalue()


def _column_text(values: list[Any]) -> list[str]:
    """The cells of a column as text; a column of text and None cells quickly."""
    if set(map(type, values)) <= {str, type(None)}:
        return ["" if value is None else value for value in values]
    return [_cell_text(value) for value in values]


def _write_json_lines(columns: dict[str, list[Any]]) -> str:
    names = list(columns)
    lines = []
    for row in zip(*columns.values(), strict=True):
        record = {name: _json_value(value) for name, value in zip(names, row, strict=True)
                  if value is not None and value != []}
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _write_parquet(columns: dict[str, list[Any]], types: dict[str, str]) -> bytes:
    pa = _pyarrow()
    arrow_types = {"text": pa.string(), "date": pa.date32(), "float": pa.float64(),
                   "bool": pa.bool_(), "list": pa.list_(pa.string())}
    try:
        arrays = [pa.array([list(v) if isinstance(v, tuple) else v for v in values]
                           if types.get(name) == "list" else values,
                           type=arrow_types[types.get(name, "text")])
                  for name, values in columns.items()]
    except UnicodeEncodeError as err:  # a lone surrogate: not text UTF-8 can hold
        raise InvalidRecordError(
            "cannot write the table as Parquet: a text holds a lone surrogate (half of a "
            "UTF-16 pair, not a character):", id=escaped(str(err.object)[err.start:err.end]),
            expected="text without lone surrogates") from err
    table = pa.Table.from_arrays(arrays, names=list(columns))
    sink = pa.BufferOutputStream()
    pa.parquet.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())
