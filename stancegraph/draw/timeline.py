"""Stances over time: one row per actor and target, a marker per statement, retractions marked."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InvalidRecordError
from ..graph import StanceGraph
from ..model import STANCE_RELATIONS, Stance
from ..queries import source_date
from ._style import (
    CONFIDENCE_BANDS,
    FIRM,
    LABEL,
    RELATION_COLORS,
    SMALL,
    TITLE,
    confidence_band,
    display_name,
    new_axes,
    nothing_to_draw,
    paler,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["timeline"]

#: The fewest days the time axis spans.
MIN_SPAN = 6.0
#: Marker of a stance, and of the end of one (retracted, superseded).
STANCE, RETRACTED, SUPERSEDED = "o", "X", "|"


@dataclass(frozen=True)
class _Point:
    row: int
    stance: Stance
    day: dt.date | None  # None: no date known
    from_source: bool  # the date is the source's


def timeline(
    g: StanceGraph,
    *,
    actors: Iterable[str] | None = None,
    targets: Iterable[str] | None = None,
    ax: Axes | None = None,
    max_rows: int | None = 30,
    page: int = 1,
) -> Axes:
    """Draw stances over time: a row for each holder and target, a marker for each stance.

    Stances are shown as stated (by the actor who made them; see
    :func:`~stancegraph.stances`), retracted and superseded ones included. A marker's colour
    is its relation; it is filled when the stance has a date of its own and hollow when the
    date is its source's (see :func:`~stancegraph.stance_date`); stances with no date at all
    stand in an "undated" column on the right. A retracted stance is struck through with a
    black cross, at the retraction's date when known (joined to the stance by a dotted line)
    and on the stance otherwise; a superseded one ends with a bar at its successor's date. A
    stance below confidence 0.8 is paler (palest below 0.5, an inference), its confidence
    written beside it.

    When there are more holder–target pairs than ``max_rows``, the rows are shown a page at
    a time, in this order: first the pairs whose stance changed (one retracted or superseded,
    or a holder taking different relations on the target over time), then the most stated,
    then the earliest (ties by id); within a page, holder by holder. The title says which
    rows of how many are shown, and a note under the picture what the other pages hold.

    Parameters
    ----------
    g : StanceGraph
    actors, targets : iterables of ids, optional
        Only stances held by these actors and on these targets (default: all).
    ax : matplotlib Axes, optional
        Where to draw; a new figure sized to the rows when None.
    max_rows : int or None
        Rows on a page (None: every row on one page).
    page : int
        Which page to draw, from 1 (the pairs that changed come first; see above).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = timeline(nato, actors=["joe-biden", "germany"])
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['Germany · Abandon the NATO-Russia Found…', 'Germany · A cease-fire now, then the wi…']
    >>> any(c.get_label() == "retracted" for c in ax.collections)
    True
    >>> ax = timeline(nato, max_rows=10, page=2)
    >>> ax.get_title(loc="left").splitlines()[1].split(" of ")[0]
    'rows 11–20'
    """
    if max_rows is not None and max_rows < 1:
        raise InvalidRecordError("cannot draw timeline pages of max_rows", id=str(max_rows),
                                 expected="1 or more rows a page, or None for all")
    wanted_actors = None if actors is None else set(actors)
    wanted_targets = None if targets is None else set(targets)
    for id in (wanted_actors or set()) | (wanted_targets or set()):
        g.node(id)  # unknown ids are an error, with the closest known id
    chosen = [s for s in g.stances
              if (wanted_actors is None or s.holder in wanted_actors)
              and (wanted_targets is None or s.target in wanted_targets)]
    dated = _dated(g, chosen)
    ranked = _ranked(dated)
    per_page = max(len(ranked), 1) if max_rows is None else max_rows
    pages = max(1, -(-len(ranked) // per_page))
    if not 1 <= page <= pages:
        raise InvalidRecordError(
            "cannot draw timeline page", id=str(page),
            expected=f"a page from 1 to {pages}: {len(ranked)} rows, {per_page} a page")
    first = (page - 1) * per_page
    rows = _page(dated, ranked[first:first + per_page])
    points = [_Point(r, s, day, day is not None and from_source)
              for r, key in enumerate(rows) for day, from_source, s in dated[key]]
    ax = new_axes(ax, (11.0, max(4.0, 2.8 + 0.32 * len(rows))))
    title = "Stances over time, as stated"
    if not points:
        return nothing_to_draw(ax, title, "no stance matches")
    every = [_Point(0, s, day, False) for stances in dated.values() for day, _, s in stances]
    undated_x = _draw(ax, g, points, rows, every)
    shown = ""
    if len(rows) < len(ranked):
        shown = (f"\nrows {first + 1}–{first + len(rows)} of {len(ranked)} holder–target pairs "
                 f"(page {page} of {pages}; those that changed first)")
    ax.set_title(f"{title}: colour = relation; hollow = dated by its source; × = retracted"
                 f"{shown}", fontsize=TITLE, loc="left", wrap=True)
    note = _left_out(dated, ranked, first, len(rows), page, pages) \
        if len(rows) < len(ranked) else None
    _legend(ax, undated_x is not None, note)
    return ax


Dated = dict[tuple[str, str], list[tuple[dt.date | None, bool, Stance]]]


def _dated(g: StanceGraph, stances: list[Stance]) -> Dated:
    """The stances of each (holder, target) pair, each with its date (its own, else its
    source's) and whether that date is the source's."""
    dated: Dated = {}
    for s in stances:
        day = s.date if s.date is not None else source_date(g, s.source)
        dated.setdefault((s.holder, s.target), []).append((day, s.date is None, s))
    return dated


def _changed(stances: list[tuple[dt.date | None, bool, Stance]]) -> bool:
    """Whether a pair's stance changed: one retracted or superseded, or several relations."""
    return any(s.retracted or s.superseded_by is not None for _, _, s in stances) \
        or len({s.relation for _, _, s in stances}) > 1


def _ranked(dated: Dated) -> list[tuple[str, str]]:
    """The pairs in the order pages take them: those that changed, then the most stated,
    then the earliest, then by id."""
    def key(pair: tuple[str, str]) -> tuple[bool, int, bool, dt.date, str, str]:
        days = [d for d, _, _ in dated[pair] if d is not None]
        return (not _changed(dated[pair]), -len(dated[pair]), not days,
                min(days) if days else dt.date.min, *pair)

    return sorted(dated, key=key)


def _page(dated: Dated, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A page's rows in the order drawn: holder by holder, each holder's earliest first."""
    def first(pair: tuple[str, str]) -> tuple[bool, dt.date]:
        days = [d for d, _, _ in dated[pair] if d is not None]
        return (not days, min(days) if days else dt.date.min)

    return sorted(pairs, key=lambda pair: (pair[0], *first(pair), pair[1]))


def _left_out(dated: Dated, ranked: list[tuple[str, str]], first: int, shown: int,
              page: int, pages: int) -> str:
    """What the rows not drawn hold, and where to find them (for the legend)."""
    out = ranked[:first] + ranked[first + shown:]
    stances = sum(len(dated[pair]) for pair in out)
    changed = sum(_changed(dated[pair]) for pair in out)
    others = [p for p in range(1, pages + 1) if p != page]
    where = f"page {others[0]}" if len(others) == 1 else \
        f"pages {', '.join(map(str, others[:-1]))} and {others[-1]}" if len(others) < 5 else \
        f"the other pages (1–{pages})"
    return textwrap.fill(
        f"Not shown: {len(out)} holder–target pairs with {stances} stance"
        f"{'s' * (stances != 1)}, {changed or 'none'} of them changed (retracted, superseded "
        f"or flipped); {where} (page=) show{'s' * (len(others) == 1)} them.", 44)


def _sure(stance: Stance) -> float:
    """A stance's confidence, 1 when not given."""
    return 1.0 if stance.confidence is None else stance.confidence


def _draw(ax: Axes, g: StanceGraph, points: list[_Point], rows: list[tuple[str, str]],
          every: list[_Point]) -> float | None:
    """Markers, retraction marks and axes, the days those of ``every`` stance selected (so
    that every page has the same); returns the x of the undated column, if any."""
    days = [p.day for p in every if p.day is not None]
    days += [p.stance.retracted_on for p in every if p.stance.retracted_on is not None]
    successors = {p.stance.id: p.day for p in points}
    first = _number(min(days)) if days else 0.0
    last = _number(max(days)) if days else 0.0
    span = max(last - first, 2.0)
    undated_x = last + 0.18 * span if any(p.day is None for p in every) else None

    def x_of(day: dt.date | None) -> float:
        return _number(day) if day is not None else float(undated_x or 0.0)

    for relation in STANCE_RELATIONS:
        for hollow in (False, True):
            chosen = [p for p in points if p.stance.relation == relation
                      and p.from_source == hollow]
            if chosen:
                colour = [paler(RELATION_COLORS[relation], confidence_band(_sure(p.stance)))
                          for p in chosen]
                ax.scatter([x_of(p.day) for p in chosen], [p.row for p in chosen], s=90,
                           marker=STANCE, facecolors="white" if hollow else colour,
                           edgecolors=colour, linewidths=2.0, zorder=3, label=relation)
    for p in points:  # how sure, beside each stance below FIRM
        if _sure(p.stance) < FIRM:
            ax.annotate(f"{_sure(p.stance):g}", (x_of(p.day), p.row), xytext=(7, 5),
                        textcoords="offset points", fontsize=SMALL - 1.5, color="#444444",
                        ha="left", va="bottom", zorder=5)
    ends: dict[str, list[tuple[float, float]]] = {RETRACTED: [], SUPERSEDED: []}
    for p in points:
        s = p.stance
        end: dt.date | None = None
        if s.retracted:
            end, kind = s.retracted_on, RETRACTED
        elif s.superseded_by is not None:
            end, kind = successors.get(s.superseded_by), SUPERSEDED
        else:
            continue
        at = x_of(end) if end is not None else x_of(p.day)
        if end is not None and at != x_of(p.day):
            ax.plot([x_of(p.day), at], [p.row, p.row], color="#333333", linestyle=":",
                    linewidth=1.2, zorder=2)
        ends[kind].append((at, p.row))
    for kind, label, size in ((RETRACTED, "retracted", 50), (SUPERSEDED, "superseded", 260)):
        if ends[kind]:
            xs, ys = zip(*ends[kind], strict=True)
            ax.scatter(xs, ys, marker=kind, s=size, c="#1A1A1A", zorder=4, label=label,
                       linewidths=1.5 if kind == SUPERSEDED else 0.8, edgecolors="white"
                       if kind == RETRACTED else None)
    _axes(ax, g, rows, first, last, undated_x, bool(days))
    return undated_x


def _number(day: dt.date) -> float:
    """matplotlib's number for a day (on its date axis)."""
    import matplotlib.dates as mdates

    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def _axes(ax: Axes, g: StanceGraph, rows: list[tuple[str, str]], first: float, last: float,
          undated_x: float | None, dated: bool) -> None:
    import matplotlib.dates as mdates

    ax.set_yticks(range(len(rows)), [f"{display_name(g, h, 24)} · {display_name(g, t, 30)}"
                                     for h, t in rows], fontsize=SMALL)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # the first row on top
    for r in range(1, len(rows)):
        if rows[r][0] != rows[r - 1][0]:
            ax.axhline(r - 0.5, color="#CCCCCC", linewidth=0.8, zorder=0)
    span = max(last - first, 2.0)
    right = undated_x if undated_x is not None else last
    low, high = first - 0.08 * span, right + 0.08 * span
    wider = max(MIN_SPAN - (high - low), 0.0) / 2 if dated else 0.0
    ax.set_xlim(low - wider, high + wider)
    if dated:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=10)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(
            mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    else:
        ax.set_xticks([])
    if undated_x is not None:
        ax.axvline((last + undated_x) / 2 if dated else undated_x - 0.04 * span,
                   color="#999999", linestyle="--", linewidth=0.8)
        ax.text(undated_x, -0.5, "undated", ha="center", va="bottom", fontsize=SMALL,
                color="#555555")
    ax.tick_params(axis="x", labelsize=SMALL)
    ax.grid(axis="x", color="#E5E5E5", linewidth=0.8)
    ax.set_axisbelow(True)


def _legend(ax: Axes, undated: bool, note: str | None) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker=STANCE, linestyle="none", markersize=9,
                      markerfacecolor=RELATION_COLORS[r], markeredgecolor=RELATION_COLORS[r],
                      label=r.replace("-", " ")) for r in STANCE_RELATIONS]
    handles += [
        Line2D([], [], marker=STANCE, linestyle="none", markersize=9,
               markerfacecolor=paler(RELATION_COLORS["supports"], band),
               markeredgecolor=paler(RELATION_COLORS["supports"], band),
               label=meaning + ("" if band == 0 else ", value beside"))
        for band, (_, _, meaning) in enumerate(CONFIDENCE_BANDS)]
    handles += [
        Line2D([], [], marker=STANCE, linestyle="none", markersize=9, markerfacecolor="white",
               markeredgecolor="#555555", markeredgewidth=2, label="dated by its source"),
        Line2D([], [], marker=RETRACTED, linestyle=":", color="#1A1A1A", markersize=7,
               label="retracted (on the day, if known)"),
        Line2D([], [], marker=SUPERSEDED, linestyle=":", color="#1A1A1A", markersize=12,
               markeredgewidth=1.5, label="superseded (on the day)"),
    ]
    if undated:
        handles.append(Line2D([], [], color="none", label="right of the dashed line: no date"))
    if note is not None:
        handles.append(Line2D([], [], color="none", label=note))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=SMALL,
              title="Stance", title_fontsize=LABEL, frameon=False, alignment="left")
