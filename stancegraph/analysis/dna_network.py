"""Discourse Network Analyzer's networks (DNA 3's ``dna_network()``), computed in Python.

:func:`dna_network` takes DNA's arguments (snake_case for rDNA's camelCase) and follows DNA 3's
``Exporter.java`` cell for cell: the same statements (:mod:`.dna_statements`), labels sorted as
Java sorts strings, qualifier levels taken from every loaded statement, and DNA's own formulas
for each aggregation and normalisation -- which are not the textbook ones (DNA's cosine divides
by the product of the two actors' statement counts; its jaccard works on (concept, qualifier
level) cells). The reading of the Java, rule by rule: docs/dna-networks.md.

>>> table = DnaStatements.from_rows(
...     [{"organization": "A", "concept": "x", "agreement": 1},
...      {"organization": "B", "concept": "x", "agreement": 1},
...      {"organization": "C", "concept": "x", "agreement": 0}],
...     kinds={"organization": "short text", "concept": "short text", "agreement": "boolean"})
>>> net = dna_network(table, network_type="onemode", qualifier_aggregation="subtract")
>>> net.row_labels, net.matrix.tolist()
(('A', 'B', 'C'), [[0.0, 1.0, -1.0], [1.0, 0.0, -1.0], [-1.0, -1.0, 0.0]])
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .._presenters import present
from ..errors import ArgumentError, check_choice
from .dna_matrices import (
    count_array,
    labels_of,
    one_mode_matrix,
    qualifier_levels,
    two_mode_matrix,
)
from .dna_statements import (
    DOCUMENT_VARIABLES,
    DUPLICATES,
    DnaStatements,
    Duplicates,
    Weeks,
    in_range,
    select,
)
from .networks import Affiliation

__all__ = ["AGGREGATIONS", "DNA_NORMALIZATIONS", "DOCUMENT_VARIABLES", "TIME_WINDOWS",
           "DnaNetwork", "DnaStatements", "dna_network", "dna_time_windows"]

NetworkType = Literal["onemode", "twomode"]
Aggregation = Literal["ignore", "congruence", "conflict", "subtract", "combine"]
AGGREGATIONS: tuple[Aggregation, ...] = ("ignore", "congruence", "conflict", "subtract",
                                         "combine")
DnaNormalization = Literal["no", "average", "jaccard", "cosine", "activity", "prominence"]
DNA_NORMALIZATIONS: tuple[DnaNormalization, ...] = ("no", "average", "jaccard", "cosine",
                                                    "activity", "prominence")
_ONE_MODE = {"ignore", "congruence", "conflict", "subtract"}
_TWO_MODE = {"ignore", "subtract", "combine"}


@dataclass(frozen=True)
class DnaNetwork:
    """A network as ``dna_network()`` returns it: the matrix with its row and column labels,
    the time span and the number of statements it was computed from.

    ``matrix`` is dense (one-mode: n × n, symmetric, zero diagonal; two-mode: rows × columns);
    ``integer`` is DNA's flag for writing the cells as integers.
    """

    network_type: NetworkType
    matrix: npt.NDArray[np.float64]
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    start: dt.datetime | None
    stop: dt.datetime | None
    num_statements: int
    integer: bool
    #: The qualifier aggregation the network was computed with.
    aggregation: str = "ignore"
    #: The middle of a time window's span (:func:`dna_time_windows`); None otherwise.
    middle: dt.datetime | None = None

    @property
    def signed(self) -> bool:
        """Whether the cells carry signs (``subtract``)."""
        return self.aggregation == "subtract"

    def to_frame(self) -> Any:
        """The matrix as a pandas DataFrame labelled as DNA labels it (needs pandas)."""
        return present("dna network frame")(self)

    def to_dict(self) -> dict[str, Any]:
        """The network as JSON-ready values (``stancegraph network --format json``): the
        labels, the matrix (NaN as null), the span and the number of statements.

        >>> DnaNetwork("twomode", np.array([[2.0]]), ("A",), ("x",), None, None, 2, True
        ...            ).to_dict()["matrix"]
        [[2.0]]
        """
        return {
            "network_type": self.network_type,
            "rows": list(self.row_labels), "columns": list(self.column_labels),
            "matrix": [[None if v != v else v for v in row] for row in self.matrix.tolist()],
            "start": None if self.start is None else self.start.isoformat(),
            "stop": None if self.stop is None else self.stop.isoformat(),
            "statements": self.num_statements, "integer": self.integer,
        }

    def to_affiliation(self) -> Affiliation:
        """A two-mode ``subtract`` network as the actor × target matrices the coalition
        analysis takes (:func:`~stancegraph.analysis.coalitions_from_affiliation`): positive
        cells as support, negative ones as opposition.

        >>> table = DnaStatements.from_rows(
        ...     [{"organization": "A", "concept": "x", "agreement": 1},
        ...      {"organization": "B", "concept": "x", "agreement": 0}],
        ...     kinds={"organization": "short text", "concept": "short text",
        ...            "agreement": "boolean"})
        >>> aff = dna_network(table, qualifier_aggregation="subtract").to_affiliation()
        >>> aff.actors, aff.net.toarray().tolist()
        (('A', 'B'), [[1.0], [-1.0]])
        """
        if self.network_type != "twomode" or not self.signed:
            raise ArgumentError("only a two-mode subtract network has signs to find camps by",
                                id=f"{self.network_type} {self.aggregation}",
                                expected="dna_network(..., network_type='twomode', "
                                         "qualifier_aggregation='subtract')")
        rows = [(self.row_labels[i], self.column_labels[j],
                 "supports" if value > 0 else "opposes", abs(value))
                for (i, j), value in np.ndenumerate(self.matrix) if value != 0 and value == value]
        return Affiliation.from_rows(self.row_labels, self.column_labels, rows, level="stated")

    def to_sparse(self) -> sp.csr_array:
        """The matrix as a scipy sparse array."""
        return sp.csr_array(self.matrix)

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        return self.matrix if dtype is None else self.matrix.astype(dtype)

    def cell(self, row: str, column: str) -> float:
        """The cell of these two labels.

        >>> DnaNetwork("twomode", np.array([[2.0]]), ("A",), ("x",), None, None, 2, True).cell(
        ...     "A", "x")
        2.0
        """
        for labels, label, what in ((self.row_labels, row, "row"),
                                    (self.column_labels, column, "column")):
            if label not in labels:
                raise ArgumentError(f"no {what} labelled", id=label,
                                    expected=f"one of the {len(labels)} {what} labels")
        return float(self.matrix[self.row_labels.index(row), self.column_labels.index(column)])


def dna_network(
    statements: DnaStatements,
    *,
    network_type: NetworkType = "twomode",
    variable1: str = "organization",
    variable1_document: bool = False,
    variable2: str = "concept",
    variable2_document: bool = False,
    qualifier: str | None = "agreement",
    qualifier_document: bool = False,
    qualifier_aggregation: Aggregation = "ignore",
    normalization: DnaNormalization = "no",
    isolates: bool = False,
    duplicates: Duplicates = "include",
    start: dt.date | dt.datetime | str | None = None,
    stop: dt.date | dt.datetime | str | None = None,
    exclude_values: Mapping[str, Sequence[Any]] | None = None,
    exclude_authors: Sequence[str] = (),
    exclude_sources: Sequence[str] = (),
    exclude_sections: Sequence[str] = (),
    exclude_types: Sequence[str] = (),
    invert_values: bool = False,
    invert_authors: bool = False,
    invert_sources: bool = False,
    invert_sections: bool = False,
    invert_types: bool = False,
    weeks: Weeks = "dna-iso",
) -> DnaNetwork:
    """DNA 3's one-mode or two-mode network of ``statements``, as rDNA's ``dna_network()``.

    The arguments are rDNA's (``networkType`` is ``network_type``, ``start.date`` and
    ``start.time`` are ``start``, a date meaning its first second and, for ``stop``, its last).
    Where DNA silently replaces an argument that does not fit (``congruence`` for a two-mode
    network, ``average`` for a two-mode one, a qualifier equal to a variable), this raises an
    :class:`~stancegraph.errors.ArgumentError` instead. ``weeks`` says how ``duplicates="week"``
    and ``"month"`` compare periods: ``"dna-iso"`` as DNA on a machine with a UK or European
    locale, ``"dna-us"`` as DNA with a US locale (both compare the week or month number only,
    without the year: DNA's behaviour), or ``"calendar"`` (the year too).
    """
    spec, loaded, chosen, low, high = _prepared(
        statements, network_type=network_type, variable1=variable1,
        variable1_document=variable1_document, variable2=variable2,
        variable2_document=variable2_document, qualifier=qualifier,
        qualifier_document=qualifier_document, qualifier_aggregation=qualifier_aggregation,
        normalization=normalization, isolates=isolates, duplicates=duplicates, start=start,
        stop=stop, exclude_values=exclude_values, exclude_authors=exclude_authors,
        exclude_sources=exclude_sources, exclude_sections=exclude_sections,
        exclude_types=exclude_types, invert_values=invert_values, invert_authors=invert_authors,
        invert_sources=invert_sources, invert_sections=invert_sections,
        invert_types=invert_types, weeks=weeks)
    return _network(statements, spec, loaded, chosen, low, high)


def _prepared(statements: DnaStatements, *, network_type: NetworkType = "twomode",
              variable1: str = "organization", variable1_document: bool = False,
              variable2: str = "concept", variable2_document: bool = False,
              qualifier: str | None = "agreement", qualifier_document: bool = False,
              qualifier_aggregation: str = "ignore", normalization: str = "no",
              isolates: bool = False, duplicates: Duplicates = "include",
              start: dt.date | dt.datetime | str | None = None,
              stop: dt.date | dt.datetime | str | None = None,
              exclude_values: Mapping[str, Sequence[Any]] | None = None,
              exclude_authors: Sequence[str] = (), exclude_sources: Sequence[str] = (),
              exclude_sections: Sequence[str] = (), exclude_types: Sequence[str] = (),
              invert_values: bool = False, invert_authors: bool = False,
              invert_sources: bool = False, invert_sections: bool = False,
              invert_types: bool = False, weeks: Weeks = "dna-iso"
              ) -> tuple[_Spec, npt.NDArray[np.bool_], npt.NDArray[np.intp],
                         dt.datetime | None, dt.datetime | None]:
    """The checked options, the loaded and the chosen statements, and the span."""
    if not isinstance(statements, DnaStatements):
        raise ArgumentError("dna_network here takes DnaStatements", id=type(statements).__name__,
                            expected="DnaStatements, or sg.dna_network(path) for a .dna file")
    check_choice(network_type, ("onemode", "twomode"), "network_type", field="network_type")
    check_choice(qualifier_aggregation, AGGREGATIONS, "qualifier_aggregation",
                 field="qualifier_aggregation")
    check_choice(normalization, DNA_NORMALIZATIONS, "normalization", field="normalization")
    check_choice(duplicates, DUPLICATES, "duplicates", field="duplicates")
    _check_fit(statements, network_type, variable1, variable1_document, variable2,
               variable2_document, qualifier, qualifier_document, qualifier_aggregation,
               normalization)
    low, high = _bound(start, False), _bound(stop, True)
    loaded = in_range(statements, low, high, {
        "author": (exclude_authors, invert_authors), "source": (exclude_sources, invert_sources),
        "section": (exclude_sections, invert_sections), "type": (exclude_types, invert_types)})
    chosen = select(statements, variable1=variable1, variable2=variable2, qualifier=qualifier,
                    aggregation=qualifier_aggregation, duplicates=duplicates,
                    variable1_document=variable1_document,
                    variable2_document=variable2_document,
                    qualifier_document=qualifier_document, loaded=loaded,
                    exclude_values=exclude_values, invert_values=invert_values, weeks=weeks)
    default_low, default_high = statements.date_range or (None, None)
    spec = _Spec(network_type, variable1, variable1_document, variable2, variable2_document,
                 qualifier, qualifier_document, qualifier_aggregation, normalization, isolates)
    return spec, loaded, chosen, low or default_low, high or default_high


@dataclass(frozen=True)
class _Spec:
    """What a network is of: the options that shape its matrix."""

    network_type: NetworkType
    variable1: str
    variable1_document: bool
    variable2: str
    variable2_document: bool
    qualifier: str | None
    qualifier_document: bool
    aggregation: str
    normalization: str
    isolates: bool


def _network(statements: DnaStatements, spec: _Spec, loaded: npt.NDArray[np.bool_],
             chosen: npt.NDArray[np.intp], start: dt.datetime | None,
             stop: dt.datetime | None) -> DnaNetwork:
    """The network of the ``chosen`` statements (labels and qualifier levels as DNA takes
    them: from the ``loaded`` statements where DNA does)."""
    first = statements.column(spec.variable1, spec.variable1_document)
    second = statements.column(spec.variable2, spec.variable2_document)
    label_rows = np.flatnonzero(loaded) if spec.isolates else chosen
    rows, row_of = labels_of(first, label_rows)
    columns, column_of = labels_of(second, label_rows)
    qualifier = spec.qualifier
    kind = ("short text" if spec.qualifier_document else statements.kinds[qualifier]
            ) if qualifier is not None else None
    levels, level_of, spread = qualifier_levels(statements, qualifier,
                                                spec.qualifier_document, kind,
                                                np.flatnonzero(loaded), chosen)
    counts = count_array(row_of[first.codes[chosen]], column_of[second.codes[chosen]],
                         level_of[chosen] if level_of is not None else None, len(rows),
                         len(columns), len(levels))
    if spec.network_type == "onemode":
        matrix = one_mode_matrix(counts, levels, spread, kind, spec.aggregation,
                                 spec.normalization)
        integer = spec.normalization == "no" and (spec.aggregation == "ignore"
                                                  or kind in ("boolean", "short text"))
        labels = (rows, rows)
    else:
        matrix = two_mode_matrix(counts, levels, kind, spec.aggregation, spec.normalization)
        integer = spec.normalization == "no"
        labels = (rows, columns)
    return DnaNetwork(spec.network_type, matrix, labels[0], labels[1], start, stop,
                      len(chosen), integer, spec.aggregation)


def _check_fit(table: DnaStatements, network_type: str, variable1: str, document1: bool,
               variable2: str, document2: bool, qualifier: str | None, qualifier_document: bool,
               aggregation: str, normalization: str) -> None:
    """Refuse what DNA would silently replace (each named with what DNA would do)."""
    for name, document in ((variable1, document1), (variable2, document2)):
        if not document and table.kinds.get(name) not in (None, "short text"):
            raise ArgumentError("a network variable must be short text (or a document "
                                "variable)", id=name, expected="a short text variable")
    if (variable1, document1) == (variable2, document2):
        raise ArgumentError("variable1 and variable2 are the same", id=variable1,
                            expected="two different variables (DNA would replace variable2)")
    if qualifier is not None and not qualifier_document:
        if qualifier not in table.kinds:
            raise ArgumentError(f"the statement type {table.statement_type!r} has no "
                                "qualifier variable", id=qualifier, field="qualifier",
                                expected="one of: " + ", ".join(sorted(table.kinds)))
        if table.kinds[qualifier] == "long text" or qualifier in (variable1, variable2):
            raise ArgumentError("the qualifier must be a short text, boolean or integer "
                                "variable other than variable1 and variable2", id=qualifier,
                                field="qualifier", expected="another variable, or None")
    if qualifier_document:
        check_choice(qualifier, DOCUMENT_VARIABLES, "document qualifier", field="qualifier")
        if aggregation != "ignore":
            raise ArgumentError("DNA cannot aggregate a document-level qualifier (its export "
                                "stops with a NullPointerException)", id=aggregation,
                                field="qualifier_aggregation", expected="'ignore'")
    if qualifier is None and aggregation != "ignore":
        raise ArgumentError("an aggregation needs a qualifier", id=aggregation,
                            field="qualifier_aggregation", expected="'ignore' without one")
    allowed = _ONE_MODE if network_type == "onemode" else _TWO_MODE
    if aggregation not in allowed:
        raise ArgumentError(f"a {network_type} network cannot use this qualifier "
                            "aggregation", id=aggregation, field="qualifier_aggregation",
                            expected="one of: " + ", ".join(sorted(allowed)))
    norms = ("no", "average", "jaccard", "cosine") if network_type == "onemode" else (
        "no", "activity", "prominence")
    if normalization not in norms:
        raise ArgumentError(f"a {network_type} network cannot use this normalization",
                            id=normalization, field="normalization",
                            expected="one of: " + ", ".join(norms))
    if network_type == "twomode" and aggregation == "combine" and normalization == "prominence":
        raise ArgumentError("DNA's combine with prominence reads the matrix transposed (and "
                            "stops on a non-square one)", id=normalization,
                            field="normalization", expected="'no' or 'activity' with combine")


def _bound(value: dt.date | dt.datetime | str | None, end: bool) -> dt.datetime | None:
    """A start or stop as a datetime: a date's first (or last) second."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value
        try:
            value = (dt.date.fromisoformat(text) if len(text) == 10
                     else dt.datetime.fromisoformat(text))
        except ValueError as err:
            raise ArgumentError("not a date or date and time", id=text,
                                field="stop" if end else "start",
                                expected="ISO text such as 2005-02-16 or 2005-02-16T12:00:00"
                                ) from err
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(23, 59, 59) if end else dt.time())
    raise ArgumentError("not a date", id=str(value), field="stop" if end else "start",
                        expected="a date, a datetime or ISO text")


TimeWindow = Literal["seconds", "minutes", "hours", "days", "weeks", "months", "years"]
TIME_WINDOWS: tuple[TimeWindow, ...] = ("seconds", "minutes", "hours", "days", "weeks",
                                        "months", "years")


def dna_time_windows(statements: DnaStatements, *, time_window: TimeWindow = "days",
                     window_size: int = 100, **options: Any) -> list[DnaNetwork]:
    """DNA's networks over a moving time window (rDNA's ``timeWindow`` and ``windowSize``),
    one per step of one ``time_window`` unit from the start to the stop, as DNA 3 computes
    them (docs/dna-networks.md, section 8.2): each window spans ``2 * round((window_size - 1)
    / 2) + 1`` units centred on its step (``middle``), only windows wholly inside the span are
    kept, and the statements are chosen (duplicates included) over the whole span first.
    ``options`` are those of :func:`dna_network`. DNA's event windows (``"events"``) and
    kernel smoothing are not computed.

    >>> import datetime as dt
    >>> table = DnaStatements.from_rows(
    ...     [{"organization": o, "concept": "x", "agreement": 1, "time": dt.date(2020, 1, d)}
    ...      for o, d in (("A", 1), ("B", 2), ("C", 3))],
    ...     kinds={"organization": "short text", "concept": "short text",
    ...            "agreement": "boolean"})
    >>> [(w.middle.day, w.row_labels) for w in dna_time_windows(table, window_size=1)]
    [(1, ('A',)), (2, ('B',)), (3, ('C',))]
    >>> [w.row_labels for w in dna_time_windows(table, window_size=3)]  # 1-3 January
    [('A', 'B', 'C')]
    """
    check_choice(time_window, TIME_WINDOWS, "time_window", field="time_window")
    if isinstance(window_size, bool) or not isinstance(window_size, int) or window_size < 1:
        raise ArgumentError("not a window size", id=str(window_size), field="window_size",
                            expected="a whole number of units, at least 1")
    spec, loaded, chosen, low, high = _prepared(statements, **options)
    if low is None or high is None:
        return []
    addition = math.floor((window_size - 1) / 2 + 0.5)  # Java's Math.round
    times = np.array([statements.times[k] for k in chosen.tolist()], dtype="datetime64[us]")
    windows = []
    step = low
    while step <= high:
        first, last = _shift(step, -addition, time_window), _shift(step, addition, time_window)
        middle, step = step, _shift(step, 1, time_window)
        if first >= low and last <= high:
            inside = (times >= np.datetime64(first, "us")) & (times <= np.datetime64(last, "us"))
            network = _network(statements, spec, loaded, chosen[inside], first, last)
            windows.append(replace(network, middle=middle))
    return windows


def _shift(when: dt.datetime, n: int, unit: str) -> dt.datetime:
    """``when`` moved by ``n`` units, months and years as Java moves them (the day of the
    month cut to the month's last)."""
    if unit in ("months", "years"):
        months = when.year * 12 + when.month - 1 + (n if unit == "months" else 12 * n)
        year, month = divmod(months, 12)
        last_day = calendar.monthrange(year, month + 1)[1]
        return when.replace(year=year, month=month + 1, day=min(when.day, last_day))
    return when + dt.timedelta(**{unit: n})
