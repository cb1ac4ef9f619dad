"""Stances handed over as columns: the bulk path into a graph's stance table.

A reader with many stances (an RDF file, a statement table) can pass them as plain columns
instead of one pydantic model each. :func:`check_rows` accepts the rows it can prove valid
under the same rules the :class:`~stancegraph.model.Stance` model and the graph's integrity
checks apply, for the common shape only: a stance with an id, holder, relation, target and
at most a date, confidence, source, speaker, quote and attribution. Any other row is returned
to the caller, who adds it through the model path -- where it is accepted, or reported with
the usual clear error. The bulk path therefore never decides that a row is wrong; it only
decides that a row is certainly right.

>>> import datetime as dt
>>> rows = StanceRows.empty()
>>> rows.append("s1", "germany", "opposes", "founding-act", date=dt.date(2022, 3, 24))
>>> rows.append("s2", "germany", "opposes", "germany")  # a stance on itself: not accepted
>>> len(rows)
2
"""

from __future__ import annotations

import datetime as dt
import gc
import math
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import numpy.typing as npt

from .model import ACTOR_TYPES, ATTRIBUTIONS, STANCE_RELATIONS, Node, all_ids, is_id, is_url

__all__ = ["CheckedRows", "StanceRows", "check_rows", "collector_paused"]

_RELATION_CODES: dict[str, int] = {name: code for code, name in enumerate(STANCE_RELATIONS)}
_ATTRIBUTIONS = frozenset(ATTRIBUTIONS)


@dataclass
class StanceRows:
    """Candidate stances as parallel lists, one entry per stance; None where a field is absent."""

    id: list[str]
    holder: list[str]
    relation: list[str]
    target: list[str]
    date: list[dt.date | None]
    confidence: list[float | None]
    source: list[str | None]
    speaker: list[str | None]
    quote: list[str | None]
    attribution: list[str | None]

    @classmethod
    def empty(cls) -> StanceRows:
        return cls(*([] for _ in fields(cls)))

    def __len__(self) -> int:
        return len(self.id)

    def append(self, id: str, holder: str, relation: str, target: str, *,
               date: dt.date | None = None, confidence: float | None = None,
               source: str | None = None, speaker: str | None = None,
               quote: str | None = None, attribution: str | None = None) -> None:
        for name, value in (("id", id), ("holder", holder), ("relation", relation),
                            ("target", target), ("date", date), ("confidence", confidence),
                            ("source", source), ("speaker", speaker), ("quote", quote),
                            ("attribution", attribution)):
            getattr(self, name).append(value)

    def fields_of(self, i: int) -> dict[str, Any]:
        """Row ``i`` as the fields of a Stance model (absent fields left out)."""
        values = {f.name: getattr(self, f.name)[i] for f in fields(self)}
        return {name: value for name, value in values.items() if value is not None}


@dataclass(frozen=True)
class CheckedRows:
    """The rows :func:`check_rows` accepted, encoded for the stance table."""

    accepted: npt.NDArray[np.intp]  # row numbers, ascending
    rejected: list[int]
    holder: npt.NDArray[np.int64]
    target: npt.NDArray[np.int64]
    relation: npt.NDArray[np.int8]
    date: npt.NDArray[np.int64]
    confidence: npt.NDArray[np.float64]


def check_rows(
    rows: StanceRows,
    *,
    nodes: Mapping[str, Node],
    codes: Mapping[str, int],
    code_ids: list[str],
    taken: Mapping[str, Any] | set[str],
    relations: Mapping[str, Any],
) -> CheckedRows:
    """Split ``rows`` into those certainly valid in a graph with these nodes, and the rest.

    ``codes`` numbers the graph's actors and positions (``code_ids`` is its inverse);
    ``taken`` holds the ids of its stances, ``relations`` those of its relations.
    """
    n = len(rows)
    ok = _ids_ok(rows.id, nodes, relations, taken)
    is_actor = np.fromiter((nodes[id].type in ACTOR_TYPES for id in code_ids), dtype=bool,
                           count=len(code_ids))
    holder = np.fromiter((codes.get(h, -1) if type(h) is str else -1 for h in rows.holder),
                         dtype=np.int64, count=n)
    target = np.fromiter((codes.get(t, -1) if type(t) is str else -1 for t in rows.target),
                         dtype=np.int64, count=n)
    ok &= (holder >= 0) & (target >= 0) & (holder != target)
    ok &= is_actor[np.where(holder >= 0, holder, 0)] if len(code_ids) else False
    relation = np.fromiter((_RELATION_CODES.get(r, -1) if type(r) is str else -1
                            for r in rows.relation), dtype=np.int8, count=n)
    ok &= relation >= 0
    date = np.fromiter((0 if d is None else d.toordinal() if type(d) is dt.date else -1
                        for d in rows.date), dtype=np.int64, count=n)
    ok &= date >= 0
    confidence = np.fromiter((math.nan if c is None else c if type(c) is float and c == c else -1.0
                              for c in rows.confidence), dtype=np.float64, count=n)
    ok &= np.isnan(confidence) | ((confidence >= 0.0) & (confidence <= 1.0))
    ok &= _column_ok(rows.source, lambda s: _is_type(nodes, s, "Source") or is_url(s))
    ok &= _column_ok(rows.speaker, lambda s: _is_type(nodes, s, "Person"))
    ok &= _column_ok(rows.quote, lambda q: q.strip() == q and q != "")
    ok &= _column_ok(rows.attribution, lambda a: a in _ATTRIBUTIONS)

    accepted = np.flatnonzero(ok)
    return CheckedRows(accepted=accepted, rejected=np.flatnonzero(~ok).tolist(),
                       holder=holder[accepted], target=target[accepted],
                       relation=relation[accepted], date=date[accepted],
                       confidence=confidence[accepted])


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a bulk reader keeps millions of values.

    They form no cycles, but each allocation counts toward a collection that scans everything
    kept so far: at a million stances the collector alone took a third of an import.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _ids_ok(ids: list[str], *taken: Any) -> npt.NDArray[np.bool_]:
    """Per row: the id is shaped like an id, used by no other row and taken in no mapping."""
    n = len(ids)
    distinct = set(ids)
    shaped = all(type(id) is str for id in distinct) and all_ids(ids)
    ok = (np.ones(n, dtype=bool) if shaped else
          np.fromiter((type(id) is str and is_id(id) for id in ids), dtype=bool, count=n))
    used = {id for mapping in taken for id in distinct.intersection(mapping)}
    if len(distinct) < n:
        counts = Counter(ids)
        used.update(id for id, count in counts.items() if count > 1)
    if used:
        ok &= np.fromiter((id not in used for id in ids), dtype=bool, count=n)
    return ok


def _is_type(nodes: Mapping[str, Node], id: str, type: str) -> bool:
    node = nodes.get(id)
    return node is not None and node.type == type


def _column_ok(values: list[str | None], test: Any) -> npt.NDArray[np.bool_]:
    """Per row: the value is absent, or a string passing ``test`` (memoised per distinct value)."""
    memo: dict[str, bool] = {}
    out = np.ones(len(values), dtype=bool)
    for i, value in enumerate(values):
        if value is None:
            continue
        if type(value) is not str:
            out[i] = False
            continue
        passed = memo.get(value)
        if passed is None:
            passed = memo[value] = bool(test(value))
        out[i] = passed
    return out
