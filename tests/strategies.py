"""Hypothesis strategies for stancegraph: valid graphs, and the plain data of files.

``graphs()`` builds *valid* :class:`~stancegraph.StanceGraph` objects: every reference points
to a record of the right kind, there are no cycles, and every text is one a data file can hold
(non-empty, no surrounding whitespace). Sizes stay small (at most 8 records of a kind) so that
property tests run fast.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.model import ATTRIBUTIONS, STANCE_RELATIONS, is_id

__all__ = [
    "TRICKY_TEXTS",
    "dates",
    "free_texts",
    "graphs",
    "ids",
    "json_values",
    "texts",
    "urls",
    "wikidata_ids",
]

#: Texts that a YAML or JSON writer must quote or escape to read them back as the same string.
TRICKY_TEXTS = [
    "yes", "no", "No", "on", "off", "true", "False", "null", "Null", "~", "1.5", "-1", "1e3",
    ".inf", ".nan", "0x1f", "0o17", "1_000", "1:20", "2022-01-01", "2022-02-30",
    "2022-01-01 10:00:00", "- item", "a: b", "key:value", "# not a comment", "a #b", "a # b",
    "'single'", '"double"', "[x, y]", "{x: y}", "&anchor", "*alias", "!tag", "!!str x", "%YAML",
    "@at", "`tick", "|", "> folded", "? q", "=", "<<", "-", "---", "...", ",", "a, b",
    "Zürich", "Łódź", "東京", "🙂 emoji", "“curly” — dash", "a\nb", "two\n\nlines",
    "tab\tin", "crlf\r\nline", "cr\ronly", "back\\slash", "\\n not a newline", "x" * 150,
    "a\u2028b", "bell\x07", "\ufeffbom",
]


def _clean(text: str) -> bool:
    # Text fields are stripped by the models, so only text without surrounding whitespace
    # survives unchanged. U+0085 (NEXT LINE) is left out: PyYAML reads it back as a space or a
    # newline, which test_roundtrip.py::test_yaml_keeps_next_line_character exposes on its own.
    # NUL is refused by the models (tests/security/test_model.py).
    return bool(text) and text == text.strip() and "\x85" not in text and "\x00" not in text


#: Non-empty text without surrounding whitespace: tricky words, unicode, quotes, newlines.
texts = st.one_of(st.sampled_from(TRICKY_TEXTS), st.text(min_size=1, max_size=40)).filter(_clean)

#: Text that is not shaped like an id (a free-text condition of a stance).
free_texts = texts.filter(lambda text: not is_id(text))

_slugs = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)

#: Ids: lowercase slugs such as ``olaf-scholz`` or ``nato_2022.s1``.
ids = st.builds(
    lambda first, rest: first + "".join(sep + word for sep, word in rest),
    _slugs, st.lists(st.tuples(st.sampled_from("-_."), _slugs), max_size=2),
)

dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
urls = st.builds(
    lambda scheme, host, path: f"{scheme}://{host}.org/{path}",
    st.sampled_from(["http", "https"]), _slugs,
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789-_.~/?=&", max_size=20),
)
wikidata_ids = st.integers(1, 10**8).map(lambda n: f"Q{n}")

#: Plain JSON-like data: None, bools, numbers, text, and lists and mappings of them.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                max_size=4),
    max_leaves=12,
)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


_maybe_texts = _optional(texts)
_maybe_dates = _optional(dates)
_maybe_attributions = _optional(st.sampled_from(ATTRIBUTIONS))
_few_texts = st.lists(texts, max_size=2, unique=True).map(tuple)


def _not_before(day: dt.date | None, other: dt.date | None) -> bool:
    return day is None or other is None or day >= other


def _subset(draw: st.DrawFn, items: list[str], max_size: int = 4) -> tuple[str, ...]:
    if not items:
        return ()
    return tuple(draw(st.lists(st.sampled_from(items), unique=True, max_size=max_size)))


def _named(draw: st.DrawFn, id: str) -> dict[str, Any]:
    """The fields actors and positions share."""
    fields: dict[str, Any] = {
        "id": id,
        "name": draw(texts),
        "aliases": draw(_few_texts),
        "description": draw(_maybe_texts),
        "wikidata": draw(_optional(wikidata_ids)),
        "tags": draw(_few_texts),
    }
    return fields


@st.composite
def graphs(draw: st.DrawFn) -> sg.StanceGraph:
    """A valid graph of a few sources, actors, positions, relations and stances."""
    counts = {
        "sources": draw(st.integers(0, 4)),
        "actors": draw(st.integers(1, 8)),
        "positions": draw(st.integers(1, 6)),
        "relations": draw(st.integers(0, 6)),
        "stances": draw(st.integers(0, 8)),
    }
    pool = iter(draw(st.lists(ids, min_size=sum(counts.values()),
                              max_size=sum(counts.values()), unique=True)))

    # Sources: some reported in an earlier one.
    sources: list[sg.Source] = []
    for _ in range(counts["sources"]):
        earlier = [s.id for s in sources]
        sources.append(sg.Source(
            id=next(pool),
            title=draw(texts),
            publisher=draw(_maybe_texts),
            author=draw(_maybe_texts),
            date=draw(_maybe_dates),
            url=draw(_optional(urls)),
            reported_in=draw(_optional(st.sampled_from(earlier))) if earlier else None,
            description=draw(_maybe_texts),
            tags=draw(_few_texts),
        ))
    source_refs = [s.id for s in sources]

    # Actors of the four types; a bloc's members are earlier actors that are not blocs.
    actors: list[Any] = []
    for _ in range(counts["actors"]):
        kind = draw(st.sampled_from(sg.model.ACTOR_TYPES))
        fields = _named(draw, next(pool))
        if kind == "Person":
            actors.append(sg.Person(**fields, role=draw(_maybe_texts)))
        elif kind == "State":
            actors.append(sg.State(**fields))
        elif kind == "Organization":
            actors.append(sg.Organization(**fields))
        else:
            candidates = [a.id for a in actors if a.type != "Bloc"]
            actors.append(sg.Bloc(**fields, members=_subset(draw, candidates)))
    actor_ids = [a.id for a in actors]
    people = [a.id for a in actors if a.type == "Person"]
    groups = [a.id for a in actors if a.type in ("Organization", "Bloc")]
    members_of = {a.id: list(a.members) for a in actors if a.type == "Bloc"}

    # Positions of the three types; broader names an earlier position.
    positions: list[Any] = []
    for _ in range(counts["positions"]):
        kind = draw(st.sampled_from(sg.model.POSITION_TYPES))
        earlier = [p.id for p in positions]
        fields = _named(draw, next(pool))
        fields["broader"] = draw(_optional(st.sampled_from(earlier))) if earlier else None
        if kind == "Agreement":
            positions.append(sg.Agreement(**fields, signed=draw(_maybe_dates),
                                          parties=_subset(draw, actor_ids)))
        elif kind == "PolicyOption":
            positions.append(sg.PolicyOption(**fields))
        else:
            positions.append(sg.Claim(**fields))
    position_ids = [p.id for p in positions]

    source_values = st.sampled_from(source_refs) | urls if source_refs else urls

    # Relations: each kind only where the graph has actors it fits.
    relations: list[sg.Relation] = []
    for _ in range(counts["relations"]):
        rel_id = next(pool)
        kinds = ["talks-with", "asked"] if len(actor_ids) > 1 else []
        if people and len(actor_ids) > 1:
            kinds += ["speaks-for"]
        if people and [a for a in actor_ids if a not in people]:
            kinds += ["leads"]
        if groups and len(actor_ids) > 1:
            kinds += ["member-of"]
        if not kinds:
            break
        kind = draw(st.sampled_from(kinds))
        if kind in ("leads", "speaks-for"):
            subject = draw(st.sampled_from(people))
        else:
            subject = draw(st.sampled_from(actor_ids))
        if kind == "member-of":
            objects = [g for g in groups if g != subject]
        elif kind == "leads":
            objects = [a for a in actor_ids if a not in people]
        else:
            objects = [a for a in actor_ids if a != subject]
        if not objects:
            continue
        start, end = draw(_maybe_dates), draw(_maybe_dates)
        if start is not None and end is not None and end < start:
            start, end = end, start
        relations.append(sg.Relation(
            id=draw(st.sampled_from([rel_id, None])),
            subject=subject,
            relation=kind,
            object=draw(st.sampled_from(objects)),
            about=(draw(st.sampled_from(position_ids + actor_ids)) if kind == "asked"
                   else draw(_optional(st.sampled_from(position_ids)))),
            date=draw(_maybe_dates),
            start=start,
            end=end,
            source=draw(_optional(source_values)),
            quote=draw(_maybe_texts),
            attribution=draw(_maybe_attributions),
            note=draw(_maybe_texts),
        ))
        if kind == "member-of" and relations[-1].object in members_of:
            members_of[relations[-1].object].append(subject)

    # Stances: ids first, so that superseded_by can name another stance.
    stance_ids = [draw(st.sampled_from([next(pool), None])) for _ in range(counts["stances"])]
    holders = [draw(st.sampled_from(actor_ids)) for _ in stance_ids]
    stance_dates = [draw(_maybe_dates) for _ in stance_ids]
    stances: list[sg.Stance] = []
    for k, own_id in enumerate(stance_ids):
        holder = holders[k]
        members = members_of.get(holder, [])
        retracted_on = draw(_maybe_dates)
        if retracted_on is not None and stance_dates[k] is not None \
                and retracted_on < stance_dates[k]:  # retracted on or after it was taken
            retracted_on = stance_dates[k]
        # A stance is superseded by a later stance of its holder, not dated before it.
        later = [i for j, i in enumerate(stance_ids) if j > k and i is not None
                 and holders[j] == holder and _not_before(stance_dates[j], stance_dates[k])]
        conditions = draw(st.lists(st.sampled_from(position_ids) | free_texts, max_size=3,
                                     unique=True))
        stances.append(sg.Stance(
            id=own_id,
            holder=holder,
            relation=draw(st.sampled_from(STANCE_RELATIONS)),
            target=draw(st.sampled_from([t for t in position_ids + actor_ids if t != holder])),
            date=stance_dates[k],
            source=draw(_optional(source_values)),
            speaker=draw(_optional(st.sampled_from(people))) if people else None,
            quote=draw(_maybe_texts),
            attribution=draw(_maybe_attributions),
            confidence=draw(_optional(st.floats(min_value=0.0, max_value=1.0))),
            intensity=draw(_maybe_texts),
            conditions=tuple(conditions),
            except_=_subset(draw, sorted(set(members)), max_size=2),
            retracted=retracted_on is not None or draw(st.booleans()),
            retracted_on=retracted_on,
            superseded_by=draw(_optional(st.sampled_from(later))) if later else None,
            note=draw(_maybe_texts),
        ))

    g = sg.StanceGraph()
    g.add_all(sources=sources, actors=actors, positions=positions, relations=relations,
              stances=stances)
    return g
