"""Camps as the drawings show them: a colour and a name for each, and the actors in camp order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..analysis import CoalitionResult, coalitions
from ..analysis.statements import Level
from ..errors import InvalidRecordError
from ..graph import StanceGraph
from ..options import Method
from ..queries import as_of
from ._style import CAMP_COLORS, camp_color, display_name

__all__ = ["Camps", "camps_of", "resolve"]

#: Members named in a camp's legend entry (the rest counted: "+N more"), on lines of about
#: this many characters, each name shortened to at most NAME characters.
NAMED, WIDTH, NAME = 20, 48, 34


@dataclass(frozen=True)
class Camps:
    """The coalitions of a result with the colour index and legend name of each.

    Camps past the palette share one colour and one legend entry ("smaller camps"). A camp's
    name lists its members, most connected first: all of them, or the first ``NAMED`` and how
    many more.
    """

    result: CoalitionResult
    graph: StanceGraph | None
    colour_of_camp: tuple[int, ...]
    names: tuple[str, ...]
    ranked: tuple[tuple[str, ...], ...]
    index: Mapping[str, int]

    def colour_index(self, actor: str) -> int | None:
        """The colour index of the actor's camp; None if it is unaligned."""
        camp = self.index.get(actor)
        return None if camp is None else self.colour_of_camp[camp]

    def camp(self, actor: str) -> int | None:
        """The index of the actor's camp in ``result.coalitions``; None if unaligned."""
        return self.index.get(actor)

    def legend(self) -> list[tuple[str, str]]:
        """(label, colour) for each legend entry of the camps, in camp order."""
        entries: list[tuple[str, str]] = []
        seen: set[int] = set()
        for c, colour in enumerate(self.colour_of_camp):
            if colour in seen:
                continue
            seen.add(colour)
            entries.append((self.names[c], camp_color(colour)))
        return entries


def resolve(
    data: StanceGraph | CoalitionResult, graph: StanceGraph | None, level: Level, seed: int,
    as_of: dt.date | str | None = None, k: int | None = None, method: Method = "auto",
) -> tuple[StanceGraph | None, CoalitionResult]:
    """(graph, result) from a graph (coalitions are found, as of ``as_of`` if given) or a
    result (and its graph, if given); the graph as the result analysed it."""
    if isinstance(data, CoalitionResult):
        return (None if graph is None else as_analysed(graph, data)), data
    if isinstance(data, StanceGraph):
        return drawn(data, None, level, seed, as_of, k, method)
    raise InvalidRecordError(f"cannot draw a {type(data).__name__}",
                             expected="a StanceGraph or a CoalitionResult")


def drawn(g: StanceGraph, result: CoalitionResult | None, level: Level, seed: int,
          as_of_day: dt.date | str | None = None, k: int | None = None,
          method: Method = "auto") -> tuple[StanceGraph, CoalitionResult]:
    """The graph to draw and its camps: ``result`` and the debate as it analysed it, or else
    the debate as of ``as_of_day`` (once) and the camps found from it."""
    if result is not None:
        return as_analysed(g, result), result
    view = as_of(g, as_of_day) if as_of_day is not None else g
    return view, coalitions(view, level=level, seed=seed, k=k, method=method)


def as_analysed(graph: StanceGraph, result: CoalitionResult) -> StanceGraph:
    """The debate as ``result`` analysed it: as it stood on its ``as_of`` day, if it had one
    (a drawing of a result draws what the camps were found from, not the whole debate)."""
    return graph if result.as_of is None else as_of(graph, result.as_of)


def camps_of(result: CoalitionResult, graph: StanceGraph | None) -> Camps:
    """Colour and name the camps of ``result``.

    A camp is named by its members, the most connected first (the most agreement with the
    rest of the camp; ties by id), on lines of about ``WIDTH`` characters: every member up to
    ``NAMED``, then "+N more", so no member of a camp goes missing from its name unsaid.

    >>> g = sg.loads('''
    ... actors: [{id: a, type: State, name: Austria}, {id: b, type: State, name: Belgium},
    ...          {id: c, type: State, name: Croatia}, {id: w, type: Organization,
    ...           name: The Western European Union of Governments}]
    ... positions: [{id: x, type: Claim, name: X}]
    ... stances: [{holder: a, relation: supports, target: x},
    ...           {holder: b, relation: supports, target: x},
    ...           {holder: w, relation: supports, target: x},
    ...           {holder: c, relation: opposes, target: x}]
    ... ''')
    >>> print(camps_of(sg.coalitions(g, k=2), g).names[0])
    Camp 1 (3): Austria, Belgium,
    The Western European Union of Gov…
    """
    found = result.coalitions
    many = len(found) > len(CAMP_COLORS)
    last = len(CAMP_COLORS) - 1
    colour = tuple(min(c, last) if many else c for c in range(len(found)))
    ranked = result.ranked_members()
    names = []
    for c, members in enumerate(ranked):
        if many and c >= last:
            rest = tuple(m for camp in ranked[last:] for m in camp)
            names.append(_named(graph, f"Camps {last + 1}–{len(found)}, smaller ({len(rest)})",
                                rest))
            continue
        names.append(_named(graph, f"Camp {c + 1} ({len(members)})", members))
    index = {m: c for c, camp in enumerate(found) for m in camp.members}
    return Camps(result, graph, colour, tuple(names), ranked, MappingProxyType(index))


def _named(graph: StanceGraph | None, heading: str, members: tuple[str, ...]) -> str:
    """``heading``: the members' names, up to NAMED of them then "+N more", on lines of about
    WIDTH characters broken between names (never inside one)."""
    words = [display_name(graph, m, NAME) for m in members[:NAMED]]
    if len(members) > NAMED:
        words.append(f"+{len(members) - NAMED} more")
    lines = [f"{heading}:"]
    for k, word in enumerate(words):
        word += "," * (k < len(words) - 1)
        if len(lines[-1]) + 1 + len(word) > WIDTH and lines[-1] != f"{heading}:":
            lines.append(word)
        else:
            lines[-1] += " " + word
    return "\n".join(lines)
