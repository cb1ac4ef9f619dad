"""What the models accept, every writer can write (issue 12): text, URLs, ``superseded_by``.

- No text field holds a lone surrogate (no UTF-8 file can) or NUL: refused with an
  InvalidRecordError naming the record and field, on every path (files, the graph API, the bulk
  stance path), never pydantic's or a codec's own error.
- A URL the model accepts (a source's ``url``, a stance's or relation's ``source``) is an IRI
  every RDF format and the SPARQL store can hold: it exports and reads back equal.
- ``superseded_by`` forms no cycle, names a stance of the same holder and not one dated before.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph._stance_rows import StanceRows
from stancegraph.io._records import from_records
from stancegraph.model import is_text, is_url, url_problem
from stancegraph.model._types import MAX_TEXT_BYTES

# -- text ------------------------------------------------------------------------------------

BAD_TEXT = {"high-surrogate": ("a\ud800b", "lone surrogate U\\+D800"),
            "low-surrogate": ("\udfffx", "lone surrogate U\\+DFFF"),
            "nul": ("a\x00b", "NUL character")}

#: A data file using every field of every model.
FULL: dict[str, list[dict[str, Any]]] = {
    "sources": [
        {"id": "paper", "title": "A paper", "publisher": "P", "author": "A",
         "date": "2022-03-01", "url": "https://example.org/paper", "reported_in": "wire",
         "description": "D", "tags": ["t"]},
        {"id": "wire", "title": "A wire"},
    ],
    "actors": [
        {"id": "olaf", "type": "Person", "name": "Olaf", "aliases": ["O"], "description": "D",
         "wikidata": "Q61053", "tags": ["t"], "role": "Chancellor"},
        {"id": "germany", "type": "State", "name": "Germany"},
        {"id": "nato", "type": "Organization", "name": "NATO"},
        {"id": "duo", "type": "Bloc", "name": "Duo", "members": ["germany", "nato"]},
    ],
    "positions": [
        {"id": "act", "type": "Agreement", "name": "Act", "signed": "1997-05-27",
         "parties": ["germany"], "broader": "tanks"},
        {"id": "tanks", "type": "PolicyOption", "name": "Tanks"},
        {"id": "claim", "type": "Claim", "name": "A claim"},
    ],
    "relations": [
        {"id": "r1", "subject": "olaf", "relation": "leads", "object": "germany",
         "about": "tanks", "date": "2022-01-01", "start": "2021-12-08", "end": "2025-05-06",
         "source": "paper", "quote": "Q", "attribution": "reported", "note": "N"},
    ],
    "stances": [
        {"id": "s1", "holder": "duo", "relation": "supports", "target": "act",
         "date": "2022-03-24", "source": "https://example.org/a", "speaker": "olaf",
         "quote": "Q", "attribution": "on-record", "confidence": 0.5, "intensity": "strong",
         "conditions": ["tanks", "if it rains"], "except": ["nato"], "retracted": True,
         "retracted_on": "2022-03-28", "superseded_by": "s2", "note": "N"},
        {"id": "s2", "holder": "duo", "relation": "opposes", "target": "act"},
    ],
}
_FIXED = {"type", "relation", "attribution", "retracted", "confidence"}  # no free text
STRING_FIELDS = [(section, i, name) for section, records in FULL.items()
                 for i, record in enumerate(records) for name, value in record.items()
                 if name not in _FIXED and isinstance(value, (str, list))]


def test_the_full_file_loads() -> None:
    g = from_records(copy.deepcopy(FULL))
    assert g.counts() == {"actors": 4, "positions": 3, "sources": 2, "relations": 1,
                          "stances": 2}


@pytest.mark.parametrize("bad", list(BAD_TEXT))
@pytest.mark.parametrize(("section", "i", "name"), STRING_FIELDS,
                         ids=[f"{s}[{i}].{n}" for s, i, n in STRING_FIELDS])
def test_every_text_field_refuses_lone_surrogates_and_nul(section: str, i: int, name: str,
                                                          bad: str) -> None:
    text, message = BAD_TEXT[bad]
    data = copy.deepcopy(FULL)
    record = data[section][i]
    record[name] = [text] if isinstance(record[name], list) else text
    with pytest.raises(sg.InvalidRecordError, match=message) as info:
        from_records(data, file="debate.yaml")
    err = info.value
    assert err.record is not None and err.record.startswith(f"{section}[{i}]")
    assert err.field is not None and err.field.split(".")[0] in (name, name.rstrip("_"))
    assert err.file == "debate.yaml"


FIXED_FIELDS = [(section, i, name) for section, records in FULL.items()
                for i, record in enumerate(records) for name in record if name in _FIXED]


@pytest.mark.parametrize(("section", "i", "name"), FIXED_FIELDS,
                         ids=[f"{s}[{i}].{n}" for s, i, n in FIXED_FIELDS])
def test_fields_of_a_closed_vocabulary_refuse_them(section: str, i: int, name: str) -> None:
    data = copy.deepcopy(FULL)
    data[section][i][name] = "a\ud800"
    with pytest.raises(sg.InvalidRecordError, match=rf"{section}\[{i}\].*'{name}'"):
        from_records(data, file="debate.yaml")


@pytest.mark.parametrize("bad", list(BAD_TEXT))
def test_the_graph_api_refuses_them_too(bad: str) -> None:
    text, message = BAD_TEXT[bad]
    g = sg.loads("actors: [{id: a, type: State, name: A}]\n"
                 "positions: [{id: p, type: Claim, name: P}]\n")
    with pytest.raises(sg.InvalidRecordError, match=rf"stance, field 'quote'.*{message}"):
        g.add_stance(holder="a", relation="supports", target="p", quote=text)
    with pytest.raises(sg.InvalidRecordError, match=rf"stance, field 'note'.*{message}"):
        g.add_stance(holder="a", relation="supports", target="p", note=text)
    assert len(g.stances) == 0


def test_text_longer_than_any_rdf_reader_takes_is_refused() -> None:
    # pyoxigraph reads at most 8 MiB as one JSON-LD string: a text written escaped (up to six
    # bytes for a character) must fit, so that what the models accept, every format reads back.
    g = sg.loads("actors: [{id: a, type: State, name: A}]\n"
                 "positions: [{id: p, type: Claim, name: P}]\n")
    longest = "\x01" * 1_000_000 + "\U0001f642" * 500_000  # 6 + 2 million bytes: the most
    g.add_stance(id="s1", holder="a", relation="supports", target="p", quote=longest)
    for fmt in ("turtle", "ntriples", "jsonld"):
        assert sg.loads(sg.dumps(g, format=fmt), format=fmt) == g, fmt
    with pytest.raises(sg.InvalidRecordError, match=r"too long: written escaped it takes "
                                                    r"8,000,001 bytes, more than the 8,000,000"):
        g.add_stance(holder="a", relation="supports", target="p", quote=longest + "x")
    assert is_text("x" * MAX_TEXT_BYTES) and not is_text("x" * (MAX_TEXT_BYTES + 1))
    url = "https://example.org/" + "a" * MAX_TEXT_BYTES
    assert url_problem(url) == "the URL is too long: 8,000,020 characters"


def test_is_text() -> None:
    assert is_text("Zürich \t\n\r \x07 \ufffe \U0001f642")
    assert not any(is_text(text) for text, _ in BAD_TEXT.values())


@pytest.mark.parametrize(("suffix", "content"), [
    ("yaml", 'actors: [{id: a, type: State, name: "a\\ud800"}]\n'),
    ("yaml", 'actors: [{id: a, type: State, name: "a\\0b"}]\n'),
    ("json", '{"actors": [{"id": "a", "type": "State", "name": "a\\ud800"}]}'),
    ("json", '{"actors": [{"id": "a", "type": "State", "name": "a\\u0000b"}]}'),
], ids=["yaml-surrogate", "yaml-nul", "json-surrogate", "json-nul"])
def test_data_files_with_them_are_refused(tmp_path: Path, suffix: str, content: str) -> None:
    path = tmp_path / f"debate.{suffix}"
    path.write_text(content, encoding="utf-8")
    # (PyYAML refuses a surrogate escape itself.)
    with pytest.raises(sg.StanceGraphError,
                       match=r"lone surrogate|NUL|invalid Unicode character escape") as info:
        sg.load(path)
    assert str(path) in str(info.value) and info.value.line == 1


@pytest.mark.parametrize("field", ["quote", "holder", "target", "source", "note", "intensity",
                                   "conditions"])
@pytest.mark.parametrize("escape", ["\\ud800", "\\u0000"])
def test_statement_tables_with_them_are_refused(tmp_path: Path, field: str,
                                                escape: str) -> None:
    # The quote of a JSON Lines table once went through the bulk path unchecked.
    row = {"holder": "a", "relation": "supports", "target": "b", field: f"x{escape}y"}
    path = tmp_path / "statements.jsonl"
    path.write_text(json.dumps(row).replace("\\\\", "\\") + "\n", encoding="utf-8")
    with pytest.raises(sg.StanceGraphError, match=r"surrogate|NUL") as info:
        sg.read_statements(path)
    assert str(path) in str(info.value)


def test_rdf_with_a_nul_in_a_quote_is_refused_on_the_bulk_path() -> None:
    text = ("@prefix sg: <https://w3id.org/stancegraph/ns#> .\n"
            "@prefix data: <https://w3id.org/stancegraph/data/> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            'data:a a sg:State ; rdfs:label "A" .\n'
            'data:b a sg:PolicyOption ; rdfs:label "B" .\n'
            'data:s1 a sg:Support ; sg:holder data:a ; sg:target data:b ; sg:quote "x\\u0000" .\n')
    with pytest.raises(sg.InvalidRecordError,
                       match=r"<https://w3id.org/stancegraph/data/s1>, field 'quote'.*NUL"):
        sg.loads(text, format="turtle")


@pytest.mark.parametrize("quote", ["nul\x00", "lone \ud800"])
def test_the_bulk_path_leaves_them_to_the_models(quote: str) -> None:
    g = sg.loads("actors: [{id: a, type: State, name: A}]\n"
                 "positions: [{id: p, type: Claim, name: P}]\n")
    rows = StanceRows.empty()
    rows.append("s1", "a", "supports", "p", quote=quote)
    refused = g.add_stance_rows(rows, on_error="skip")
    assert [r.row for r in refused] == [0] and len(g.stances) == 0
    assert refused[0].error.field == "quote"


# -- URLs ------------------------------------------------------------------------------------

HOSTILE_URLS = {
    "control": "https://example.org/a\x01b",
    "escape": "https://example.org/\x1b[2J",
    "delete": "https://example.org/a\x7f",
    "next-line": "https://example.org/a\x85b",
    "no-break-space": "https://example.org/a\xa0b",
    "ideographic-space": "https://example.org/a\u3000b",
    "line-separator": "https://example.org/a\u2028b",
    "right-to-left-override": "https://example.org/\u202egpj.exe",
    "zero-width-space": "https://exam\u200bple.org/",
    "byte-order-mark": "https://example.org/\ufeff",
    "private-use-path": "https://example.org/a\ue000",
    "private-use-query": "https://example.org/a?q=\ue000",
    "private-use-plane-15": "https://example.org/a?q=\U000f0000",
    "noncharacter": "https://example.org/a\ufdd0",
    "noncharacter-fffe": "https://example.org/a\ufffe",
    "noncharacter-plane-1": "https://example.org/a\U0001fffe",
    "surrogate": "https://example.org/a\ud800",
    "tab": "https://example.org/a\tb",
    "less-than": "https://example.org/<a>",
    "quote": 'https://example.org/a"b',
    "braces": "https://example.org/{a}",
    "bar": "https://example.org/a|b",
    "backslash": "https://example.org/a\\b",
    "caret": "https://example.org/a^b",
    "backtick": "https://example.org/a`b",
    "bare-percent": "https://example.org/100%",
    "bad-escape": "https://example.org/%zz",
    "second-hash": "https://example.org/a#b#c",
    "brackets": "https://example.org/a[0]",
    "no-host": "http:///path",
    "empty-host-with-port": "http://:80/path",
    "bad-port": "https://example.org:abc/",
}


@pytest.mark.parametrize("case", list(HOSTILE_URLS))
def test_hostile_urls_are_refused_as_a_source_url(case: str) -> None:
    url = HOSTILE_URLS[case]
    assert not is_url(url) and url_problem(url) is not None
    data = {"sources": [{"id": "paper", "title": "A paper", "url": url}]}
    with pytest.raises(sg.InvalidRecordError, match=r"sources\[0\] \(id 'paper'\)?.*'url'"):
        from_records(data)


@pytest.mark.parametrize("case", list(HOSTILE_URLS))
def test_hostile_urls_are_refused_as_a_stance_source(case: str) -> None:
    url = HOSTILE_URLS[case]
    g = sg.loads("actors: [{id: a, type: State, name: A}]\n"
                 "positions: [{id: p, type: Claim, name: P}]\n")
    with pytest.raises(sg.InvalidRecordError, match=r"stance, field 'source'"):
        g.add_stance(holder="a", relation="supports", target="p", source=url)
    with pytest.raises(sg.InvalidRecordError, match=r"relation, field 'source'"):
        g.add(sg.State(id="b", name="B")) if "b" not in g else None
        g.add_relation(subject="a", relation="talks-with", object="b", source=url)


def test_the_reason_is_named() -> None:
    assert url_problem(HOSTILE_URLS["right-to-left-override"]) == (
        "the URL holds an invisible formatting character (U+202E)")
    assert url_problem(HOSTILE_URLS["private-use-query"]) == (
        "the URL holds a private-use character (U+E000)")
    assert url_problem(HOSTILE_URLS["noncharacter-plane-1"]) == (
        "the URL holds a noncharacter (U+1FFFE)")
    assert url_problem(HOSTILE_URLS["no-host"]) == "the URL names no host"
    assert url_problem("ftp://example.org/") == "not an http(s) URL"
    assert url_problem(HOSTILE_URLS["bar"]) == "the URL holds '|', which IRIs do not allow (U+007C)"


GOOD_URLS = ["https://example.org/a", "http://example.org", "https://example.org/Zürich?q=東京",
             "https://user@example.org:8080/a/../b/./c?x=1&y=%20#frag",
             "https://example.org/a#", "https://example.org/é\u0301", "https://xn--bcher-kva.de/"]

_URL_CHARS = st.one_of(
    st.sampled_from(list("abcXYZ019-._~/?#=&:@!$'()*+,;%[]") + ["%41", "%e2%80%ae", "é", "東"]),
    st.characters(codec="utf-8"), st.characters(categories=["Cc", "Cf", "Co", "Zs", "Zl", "Cs"]),
)
urls = st.one_of(
    st.sampled_from(GOOD_URLS + list(HOSTILE_URLS.values())),
    st.builds(lambda scheme, rest: f"{scheme}://example.org/{''.join(rest)}",
              st.sampled_from(["http", "https"]), st.lists(_URL_CHARS, max_size=12)),
    st.builds(lambda scheme, rest: f"{scheme}://{''.join(rest)}",
              st.sampled_from(["http", "https"]), st.lists(_URL_CHARS, max_size=12)),
)
RDF_FORMATS = ["turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"]


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(url=urls)
def test_any_url_the_model_accepts_every_rdf_format_and_the_store_hold(url: str) -> None:
    g = sg.loads("actors: [{id: a, type: State, name: A}]\n"
                 "positions: [{id: p, type: Claim, name: P}]\n")
    try:
        g.add(sg.Source(id="paper", title="A paper", url=url))
    except ValueError as err:  # pydantic's ValidationError, from the model itself
        assert not is_url(url), err
        if url == url.strip():  # (a stance's source is stripped, as all its text)
            with pytest.raises(sg.InvalidRecordError, match="field 'source'"):
                g.add_stance(holder="a", relation="supports", target="p", source=url)
        return
    assert is_url(url)
    g.add_stance(holder="a", relation="supports", target="p", source=url)
    for fmt in RDF_FORMATS:
        text = sg.dumps(g, format=fmt)
        assert sg.loads(text, format=fmt) == g, fmt
    store = sg.SparqlStore()
    store.push(g)
    assert store.pull() == g


@pytest.mark.parametrize("url", GOOD_URLS)
def test_good_urls_are_kept(url: str) -> None:
    assert is_url(url), url_problem(url)
    g = sg.StanceGraph()
    g.add(sg.Source(id="paper", title="A paper", url=url))
    for fmt in RDF_FORMATS:
        assert sg.loads(sg.dumps(g, format=fmt), format=fmt) == g, fmt


# -- superseded_by -----------------------------------------------------------------------------

HEAD = """\
actors:
  - {id: germany, type: State, name: Germany}
  - {id: france, type: State, name: France}
positions:
  - {id: tanks, type: PolicyOption, name: Tanks}
stances:
"""


@pytest.mark.parametrize(("stances", "cycle"), [
    ("  - {id: a, holder: germany, relation: supports, target: tanks, superseded_by: b}\n"
     "  - {id: b, holder: germany, relation: opposes, target: tanks, superseded_by: a}\n",
     r"stances\[0\], field 'superseded_by': superseded_by forms a cycle a -> b -> a at 'a'"),
    ("  - {id: x, holder: germany, relation: opposes, target: tanks}\n"
     "  - {holder: germany, relation: supports, target: tanks,\n"
     "     superseded_by: germany.supports.tanks}\n",
     r"stances\[1\].*cycle germany\.supports\.tanks -> germany\.supports\.tanks"),
    ("  - {id: c, holder: germany, relation: supports, target: tanks, superseded_by: a}\n"
     "  - {id: a, holder: germany, relation: opposes, target: tanks, superseded_by: b}\n"
     "  - {id: b, holder: germany, relation: skeptical-of, target: tanks, superseded_by: c}\n",
     r"stances\[0\].*cycle c -> a -> b -> c"),
    ("  - {id: d, holder: germany, relation: supports, target: tanks, superseded_by: a}\n"
     "  - {id: a, holder: germany, relation: opposes, target: tanks, superseded_by: b}\n"
     "  - {id: b, holder: germany, relation: skeptical-of, target: tanks, superseded_by: a}\n",
     r"stances\[1\].*cycle a -> b -> a"),
], ids=["two", "self-by-assigned-id", "three", "tail-into-a-loop"])
def test_superseded_by_cycles_are_refused(stances: str, cycle: str) -> None:
    # Before: accepted, and every stance of the cycle vanished from the analysis.
    with pytest.raises(sg.IntegrityError, match=cycle):
        sg.loads(HEAD + stances)


def test_a_long_chain_is_checked_in_linear_time() -> None:
    n = 20_000
    g = sg.loads(HEAD)
    chain = [sg.Stance(id=f"s{k}", holder="germany", relation="supports", target="tanks",
                       superseded_by=f"s{k + 1}" if k + 1 < n else None) for k in range(n)]
    g.add_all(stances=chain)
    looped = [*chain[:-1], chain[-1].model_copy(update={"superseded_by": "s0"})]
    with pytest.raises(sg.IntegrityError, match=r"stances\[0\].*cycle s0 -> s1 -> .* -> s0"):
        sg.loads(HEAD).add_all(stances=looped)


def test_superseded_by_a_stance_of_another_holder_is_refused() -> None:
    with pytest.raises(sg.IntegrityError, match=r"stances\[0\], field 'superseded_by': "
                       r"superseded by a stance of 'france', not of the holder 'germany'"):
        sg.loads(HEAD + "  - {id: a, holder: germany, relation: supports, target: tanks,"
                        " superseded_by: b}\n"
                        "  - {id: b, holder: france, relation: opposes, target: tanks}\n")
    g = sg.loads(HEAD + "  - {id: b, holder: france, relation: opposes, target: tanks}\n")
    with pytest.raises(sg.IntegrityError, match="of 'france', not of the holder 'germany'"):
        g.add_stance(holder="germany", relation="supports", target="tanks", superseded_by="b")


def test_superseded_by_an_earlier_stance_is_refused() -> None:
    with pytest.raises(sg.IntegrityError, match=r"stances\[0\].*dated 2022-03-01, before this "
                                                r"one \(2022-03-10\)"):
        sg.loads(HEAD + "  - {id: a, holder: germany, relation: supports, target: tanks,"
                        " date: 2022-03-10, superseded_by: b}\n"
                        "  - {id: b, holder: germany, relation: opposes, target: tanks,"
                        " date: 2022-03-01}\n")


def test_a_chain_ending_at_a_retracted_stance_is_kept() -> None:
    # a is replaced by b, which is taken back later: from then on neither holds.
    g = sg.loads(HEAD + "  - {id: a, holder: germany, relation: supports, target: tanks,"
                        " date: 2022-03-01, superseded_by: b}\n"
                        "  - {id: b, holder: germany, relation: opposes, target: tanks,"
                        " date: 2022-03-10, retracted_on: 2022-03-20}\n")
    assert [s.id for s in sg.as_of(g, "2022-03-05").stances] == ["a"]
    assert [s.id for s in sg.as_of(g, "2022-03-15").stances] == ["b"]
    assert [s.id for s in sg.as_of(g, "2022-03-25").stances] == []
    # The successor may be about another target: a change of mind can move to a new position.
    sg.loads(HEAD + "  - {id: a, holder: germany, relation: supports, target: tanks,"
                    " superseded_by: b}\n"
                    "  - {id: b, holder: germany, relation: opposes, target: france}\n")


def test_rdf_and_tables_refuse_a_cycle_too(tmp_path: Path) -> None:
    g = sg.loads(HEAD + "  - {id: a, holder: germany, relation: supports, target: tanks,"
                        " superseded_by: b}\n"
                        "  - {id: b, holder: germany, relation: opposes, target: tanks}\n")
    text = sg.dumps(g, format="turtle").replace(
        "data:b a sg:Opposition , sg:Stance ;", "data:b a sg:Opposition , sg:Stance ;\n"
        "\tsg:supersededBy data:a ;").replace(
        "data:b a sg:Stance , sg:Opposition ;", "data:b a sg:Stance , sg:Opposition ;\n"
        "\tsg:supersededBy data:a ;")
    assert text.count("sg:supersededBy") == 2
    with pytest.raises(sg.IntegrityError, match="cycle a -> b -> a"):
        sg.loads(text, format="turtle")
    table = tmp_path / "statements.csv"
    table.write_text("id,holder,relation,target,superseded_by\n"
                     "a,germany,supports,tanks,b\nb,germany,opposes,tanks,a\n", encoding="utf-8")
    with pytest.raises(sg.StanceGraphError, match="cycle a -> b -> a"):
        sg.read_statements(table)


@pytest.mark.parametrize("iri", ["https://example.org/\u202e/", "https://example.org/\ue000/",
                                 "urn:x-debate:\x01/"])
def test_a_base_iri_is_held_to_the_url_rules(nato: sg.StanceGraph, iri: str) -> None:
    with pytest.raises(sg.InvalidRecordError, match="invalid base IRI"):
        sg.dumps(nato, format="turtle", base=iri)


@pytest.mark.parametrize("graph", ["urn:x\ue000", "https://example.org/\u202egraph", "no-scheme"])
def test_a_store_graph_iri_is_held_to_the_url_rules(graph: str) -> None:
    with pytest.raises(sg.InvalidRecordError, match="not a graph IRI"):
        sg.SparqlStore(graph=graph)


def test_a_table_says_why_a_source_url_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "stances.csv"
    table.write_text("holder,relation,target,source\na,supports,b,https://x.org/a\u202eb\n",
                     encoding="utf-8")
    with pytest.raises(sg.BadRowsError, match=r"invisible formatting character \(U\+202E\)"):
        sg.load(table)


def test_an_error_names_a_huge_value_without_reprinting_it() -> None:
    huge = "Q" + "x" * 1_000_000
    with pytest.raises(sg.InvalidRecordError, match=r"1,000,001 characters") as caught:
        sg.loads(f"actors: [{{id: a, type: State, name: A, wikidata: {huge}}}]")
    assert len(str(caught.value)) < 1_000
