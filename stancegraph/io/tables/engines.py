"""The SQL engines that aggregate statement tables too large for memory: DuckDB and Spark.

An engine sees the dataset as one view, ``statements``, and runs the SQL that
:mod:`~stancegraph.io.tables.aggregate` writes. The few places where the two dialects differ
(quoting, the text type, day arithmetic, regular expressions, the file a row came from) are
methods here, so the queries themselves are written once.

DuckDB runs in this process, out of core: it spills to disk beyond its ``memory_limit``.
Spark runs wherever its session points: ``local[*]`` in this process's JVM, a standalone or
YARN or Kubernetes cluster (docs/scale.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ...errors import MissingExtraError, ParseError, check_choice
from ...options import ENGINES

__all__ = ["ENGINES", "Column", "DuckDBEngine", "Engine", "SparkEngine", "open_engine"]

#: The type of a column of a table sent to an engine: ``"int"``, ``"float"``, ``"bool"``,
#: ``"date"``, ``"text"``, or ``("like", name)``: the type of the dataset's column ``name``.
Column = str | tuple[str, str]


class Engine:
    """What the aggregation asks of an engine. Subclasses: :class:`DuckDBEngine`,
    :class:`SparkEngine`."""

    name: str
    text: str  # the SQL name of the text type

    def scan(self, files: Sequence[str], format: str, base: str | None) -> None:
        """Make the view ``statements`` of ``files`` (all of ``format``: parquet, csv, tsv
        or jsonl); ``base``, a directory, gives partition columns (``year=2022/``)."""
        raise NotImplementedError

    def columns(self) -> dict[str, str]:
        """The view's columns and the kind of each: text, int, float, bool, date, datetime,
        list or other."""
        raise NotImplementedError

    def register(self, name: str, columns: dict[str, Column], rows: list[tuple[Any, ...]]) -> None:
        """A small table of ``rows`` as the view ``name``."""
        raise NotImplementedError

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows a query returns, as Python values."""
        raise NotImplementedError

    def quote(self, name: str) -> str:
        """``name`` as an identifier."""
        raise NotImplementedError

    def literal(self, text: str) -> str:
        """``text`` as a string literal."""
        raise NotImplementedError

    def fetch_arrow(self, sql: str) -> Any:
        """The rows a query returns, as a :class:`pyarrow.Table`."""
        raise NotImplementedError

    def day_number(self, date: str) -> str:
        """The proleptic ordinal of a date expression (``date.toordinal()``)."""
        raise NotImplementedError

    def full_match(self, text: str, pattern: str) -> str:
        """True where the whole of ``text`` matches ``pattern`` (no quotes in it)."""
        raise NotImplementedError

    def file_column(self) -> str:
        """An expression for the file a row of ``statements`` comes from."""
        raise NotImplementedError

    def close(self) -> None:
        """Let go of what :meth:`scan` and :meth:`register` made (not of a connection or a
        session the caller gave)."""

    @staticmethod
    def date_literal(day: dt.date) -> str:
        return f"DATE '{day.isoformat()}'"


def open_engine(name: str, connection: Any = None) -> Engine:
    """The engine ``name``: on ``connection`` (a DuckDB connection or a Spark session) if
    given, else on a new DuckDB connection or the active (or a new local) Spark session."""
    if name == "duckdb":
        return DuckDBEngine(connection)
    check_choice(name, ENGINES, "engine")
    return SparkEngine(connection)


_DUCK_KINDS = (("VARCHAR", "text"), ("BIGINT", "int"), ("INTEGER", "int"), ("SMALLINT", "int"),
               ("TINYINT", "int"), ("UBIGINT", "int"), ("UINTEGER", "int"), ("HUGEINT", "int"),
               ("DOUBLE", "float"), ("FLOAT", "float"), ("DECIMAL", "float"),
               ("BOOLEAN", "bool"), ("DATE", "date"), ("TIMESTAMP WITH TIME ZONE", "other"),
               ("TIMESTAMP", "datetime"))


class DuckDBEngine(Engine):
    """DuckDB, in this process. A connection of one's own can set ``memory_limit``,
    ``threads`` and ``temp_directory`` (where it spills); a new one keeps DuckDB's defaults
    (80% of the memory, every core)."""

    name = "duckdb"
    text = "VARCHAR"

    def __init__(self, connection: Any = None) -> None:
        try:
            import duckdb
        except ImportError as err:
            raise MissingExtraError.of("duckdb", "aggregating statement tables with DuckDB") \
                from err
        self._own = connection is None
        self.con = duckdb.connect() if connection is None else connection
        self._views: list[str] = []
        self._arrow: Any = None
        self._files: Sequence[str] = ()
        self._format = "parquet"
        self._base: str | None = None

    def _reader(self, with_file: bool) -> str:
        """The table function reading the files (every CSV cell as text, as the in-memory
        reader reads it, and no sniffing of the dialect)."""
        files = "[" + ", ".join(self.literal(f) for f in self._files) + "]"
        options = [f"hive_partitioning = {str(self._base is not None).lower()}"]
        if with_file:
            options.append("filename = '__sg_file'")
        if self._format == "parquet":
            function = "read_parquet"
            options.append("union_by_name = true")
        elif self._format == "jsonl":
            function = "read_json"
            options.append("format = 'newline_delimited'")
        else:
            function = "read_csv"
            delimiter = "\\t" if self._format == "tsv" else ","
            options += ["header = true", "all_varchar = true", "quote = '\"'",
                        "escape = '\"'", f"delim = '{delimiter}'"]
        return f"{function}({files}, {', '.join(options)})"

    def scan(self, files: Sequence[str], format: str, base: str | None) -> None:
        self._files, self._format, self._base = list(files), format, base
        try:
            self.con.execute("CREATE OR REPLACE TEMP VIEW statements AS SELECT * FROM "
                             + self._reader(False))
            self.con.execute("SELECT * FROM statements LIMIT 0")
        except Exception as err:  # duckdb's errors: IOException, InvalidInputException, ...
            raise ParseError(f"DuckDB cannot read the dataset: {_first_line(err)}",
                             file=files[0] if len(files) == 1 else None,
                             expected=f"{format} files") from err
        self._views.append("statements")

    def scan_with_files(self) -> None:
        """The view ``statements_files``: ``statements`` and each row's file."""
        self.con.execute("CREATE OR REPLACE TEMP VIEW statements_files AS SELECT * FROM "
                         + self._reader(True))
        self._views.append("statements_files")

    def columns(self) -> dict[str, str]:
        described = self.con.sql("DESCRIBE statements").fetchall()
        return {name: _kind(str(type), _DUCK_KINDS) for name, type, *_ in described}

    def register(self, name: str, columns: dict[str, Column], rows: list[tuple[Any, ...]]) -> None:
        import pyarrow as pa

        if self._arrow is None:
            self._arrow = self.fetch_arrow("SELECT * FROM statements LIMIT 0").schema
        types = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
                 "date": pa.date32(), "text": pa.string()}
        arrays = {}
        for k, (column, kind) in enumerate(columns.items()):
            type = self._arrow.field(kind[1]).type if isinstance(kind, tuple) else types[kind]
            arrays[column] = pa.array([_cell(row[k]) for row in rows], type=type)
        table = pa.table(arrays) if arrays else pa.table({})
        self.con.register(name, table)
        self._views.append(name)

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        return list(self.con.sql(sql).fetchall())

    def quote(self, name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def literal(self, text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    def fetch_arrow(self, sql: str) -> Any:
        relation = self.con.sql(sql)
        if hasattr(relation, "to_arrow_table"):  # DuckDB 1.4 on; fetch_arrow_table before
            return relation.to_arrow_table()
        return relation.fetch_arrow_table()

    def day_number(self, date: str) -> str:
        return f"(date_diff('day', DATE '0001-01-01', {date}) + 1)"

    def full_match(self, text: str, pattern: str) -> str:
        return f"regexp_full_match({text}, '{pattern}')"

    def file_column(self) -> str:
        return "__sg_file"

    def close(self) -> None:
        for view in reversed(self._views):
            try:
                self.con.execute(f"DROP VIEW IF EXISTS {self.quote(view)}")
            except Exception:  # a registered table is not a view: unregister it
                self.con.unregister(view)
        self._views.clear()
        if self._own:
            self.con.close()


_SPARK_KINDS = (("string", "text"), ("varchar", "text"), ("char", "text"), ("bigint", "int"),
                ("int", "int"), ("smallint", "int"), ("tinyint", "int"), ("double", "float"),
                ("float", "float"), ("decimal", "float"), ("boolean", "bool"),
                ("date", "date"), ("timestamp_ntz", "datetime"), ("timestamp", "other"),
                ("array", "list"))


class SparkEngine(Engine):
    """Apache Spark, through a :class:`pyspark.sql.SparkSession`: the one given, else the
    active one, else a new local one (``local[*]``). Point a session at a cluster to run there
    (docs/scale.md)."""

    name = "spark"
    text = "STRING"

    def __init__(self, session: Any = None) -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError as err:
            raise MissingExtraError.of("spark", "aggregating statement tables with Spark") \
                from err
        if session is None:
            session = SparkSession.getActiveSession() or SparkSession.builder \
                .appName("stancegraph").config("spark.ui.showConsoleProgress", "false") \
                .getOrCreate()
        self.spark = session
        self._views: list[str] = []
        self._frame: Any = None

    def scan(self, files: Sequence[str], format: str, base: str | None) -> None:
        reader = self.spark.read
        if base is not None:
            reader = reader.option("basePath", base)
        try:
            if format == "parquet":
                frame = reader.parquet(*files)
            elif format == "jsonl":
                frame = reader.json(list(files))
            else:
                frame = reader.option("header", True).option("quote", '"') \
                    .option("escape", '"').option("multiLine", True) \
                    .option("sep", "\t" if format == "tsv" else ",").csv(list(files))
        except Exception as err:  # AnalysisException and the like
            raise ParseError(f"Spark cannot read the dataset: {_first_line(err)}",
                             file=files[0] if len(files) == 1 else None,
                             expected=f"{format} files") from err
        self._frame = frame
        frame.createOrReplaceTempView("statements")
        self._views.append("statements")

    def scan_with_files(self) -> None:
        from pyspark.sql.functions import input_file_name

        self._frame.withColumn("__sg_file", input_file_name()) \
            .createOrReplaceTempView("statements_files")
        self._views.append("statements_files")

    def columns(self) -> dict[str, str]:
        return {f.name: _kind(f.dataType.simpleString(), _SPARK_KINDS)
                for f in self._frame.schema.fields}

    def register(self, name: str, columns: dict[str, Column], rows: list[tuple[Any, ...]]) -> None:
        from pyspark.sql import types as T

        kinds = {"int": T.LongType(), "float": T.DoubleType(), "bool": T.BooleanType(),
                 "date": T.DateType(), "text": T.StringType()}
        fields = [T.StructField(column, self._frame.schema[kind[1]].dataType
                                if isinstance(kind, tuple) else kinds[kind])
                  for column, kind in columns.items()]
        rows = [tuple(_cell(x) for x in row) for row in rows]
        self.spark.createDataFrame(rows, T.StructType(fields)).createOrReplaceTempView(name)
        self._views.append(name)

    def fetch(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.spark.sql(sql).collect()]

    def quote(self, name: str) -> str:
        return "`" + name.replace("`", "``") + "`"

    def literal(self, text: str) -> str:
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"

    def fetch_arrow(self, sql: str) -> Any:
        return self.spark.sql(sql).toArrow()

    def day_number(self, date: str) -> str:
        return f"(datediff({date}, DATE '0001-01-01') + 1)"

    def full_match(self, text: str, pattern: str) -> str:
        return f"({text} RLIKE '^(?:{pattern})$')"

    def file_column(self) -> str:
        return "__sg_file"

    def close(self) -> None:
        for view in reversed(self._views):
            self.spark.catalog.dropTempView(view)
        self._views.clear()


def _cell(value: Any) -> Any:
    """A cell for an engine: a list cell, kept as a tuple to be a key, as a list again."""
    return list(value) if isinstance(value, tuple) else value


def _kind(type: str, kinds: tuple[tuple[str, str], ...]) -> str:
    upper = type.upper()
    if upper.endswith("[]") or upper.startswith(("ARRAY", "LIST", "STRUCT", "MAP")):
        return "list" if not upper.startswith(("STRUCT", "MAP")) else "other"
    for prefix, kind in kinds:
        if upper.startswith(prefix.upper()):
            return kind
    return "other"


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
