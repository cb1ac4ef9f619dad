"""Bad RDF fails cleanly: a StanceGraphError that names the triple or the line, nothing else.

A corpus of broken documents, one per kind of mistake, each refused with a ParseError (the text
is not RDF) or an InvalidRecordError (RDF the mapping of docs/rdf.md cannot take); with
``strict=False`` unmapped triples are skipped with a warning instead. Properties: any text, in
any RDF format, and any one mutation of the seed's export, loads or raises a StanceGraphError.
An RDF/XML "billion laughs" is refused at once, before any parser expands it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg

ROOT = Path(__file__).parents[2]
SETTINGS = settings(max_examples=40, deadline=None)
RDF_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")

PREFIXES = """\
@prefix sg: <https://w3id.org/stancegraph/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix : <https://example.org/> .
"""
#: Two nodes on lines 6 and 7, valid on their own.
BASE = PREFIXES + """\
:germany a sg:State ; rdfs:label "Germany" .
:tanks a sg:PolicyOption ; rdfs:label "Tanks" .
"""
S1 = "<https://example.org/s1>"


def stance(extra: str = "") -> str:
    """BASE with one stance of Germany on tanks, on line 8, plus ``extra`` properties."""
    return BASE + (":s1 a sg:Stance , sg:Opposition ; sg:holder :germany ; "
                   f"sg:target :tanks{extra} .\n")


def test_the_base_document_and_stance_load() -> None:
    g = sg.loads(stance(' ; sg:confidence "0.5"^^xsd:decimal'), format="turtle")
    assert g.counts() == {"actors": 1, "positions": 1, "sources": 0, "relations": 0,
                          "stances": 1}
    assert g.stance("s1").confidence == 0.5


def _e(text: str) -> str:
    return re.escape(text)


#: name -> (format, text, error class, regex the message must match)
CORPUS: dict[str, tuple[str, str, type[sg.StanceGraphError], str]] = {
    "truncated": ("turtle", BASE + ":s1 a sg:Stance ; sg:holder", sg.ParseError,
                  r"^line 8: not valid turtle: .*line 8\b"),
    "confidence-string": (
        "turtle", stance(' ; sg:confidence "high"'), sg.InvalidRecordError,
        _e(f'{S1} <https://w3id.org/stancegraph/ns#confidence> "high"') + r".*a literal of type"),
    "confidence-out-of-range": (
        "turtle", stance(' ; sg:confidence "1.5"^^xsd:decimal'), sg.InvalidRecordError,
        _e(S1) + r", field 'confidence': invalid value 1\.5"),
    "date-untyped": (
        "turtle", stance(' ; sg:statedOn "29 March"'), sg.InvalidRecordError,
        _e(f'{S1} <https://w3id.org/stancegraph/ns#statedOn> "29 March"') + r".*type date"),
    "date-typed": (
        "turtle", stance(' ; sg:statedOn "29 March"^^xsd:date'), sg.InvalidRecordError,
        r"^not a valid xsd:date: " + _e(f'{S1} <https://w3id.org/stancegraph/ns#statedOn> '
                                        '"29 March"^^<http://www.w3.org/2001/XMLSchema#date>')),
    # Names the stance and the field, not the two triples (see the report).
    "two-holders": (
        "turtle", stance(" ; sg:holder :france") + ':france a sg:State ; rdfs:label "F" .\n',
        sg.InvalidRecordError, r"two values for holder of " + _e(S1)),
    # Stance nodes the bulk path leaves to the general reader, which must still say so.
    "stance-two-classes": (
        "turtle", stance(" ; a sg:Support"), sg.InvalidRecordError,
        _e(S1) + r" has two kinds: stance:opposes, stance:supports"),
    "stance-and-state": (
        "turtle", stance(" ; a sg:State"), sg.InvalidRecordError,
        _e(S1) + r" has two kinds: node:State, stance:opposes"),
    "stance-class-last-and-a-state": (
        "ntriples", "<https://example.org/s1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/stancegraph/ns#State> .\n<https://example.org/s1> "
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://w3id.org/stancegraph/ns#Support> .\n", sg.InvalidRecordError,
        _e(S1) + r" has two kinds: node:State, stance:supports"),
    "unknown-sg-term": (
        "turtle", BASE + ":germany sg:favours :tanks .\n", sg.InvalidRecordError,
        _e("<https://example.org/germany> <https://w3id.org/stancegraph/ns#favours> "
           "<https://example.org/tanks>: cannot map the triple")),
    "unknown-class": (
        "turtle", PREFIXES + ":bob a foaf:Person .\n", sg.InvalidRecordError,
        _e("<https://example.org/bob> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
           "<http://xmlns.com/foaf/0.1/Person>: cannot map the triple (a class outside")),
    "iri-with-space": (
        "turtle", BASE + '<https://example.org/a b> a sg:State ; rdfs:label "A" .\n',
        sg.ParseError, r"line 8\b.*Invalid IRI code point ' '"),
    "iri-with-angle-brackets": (
        "turtle", BASE + '<https://example.org/<a>> a sg:State ; rdfs:label "A" .\n',
        sg.ParseError, r"line 8\b.*Invalid IRI code point '<'"),
    "iri-with-angle-bracket-inside": (
        "turtle", BASE + ":germany sg:supports <https://example.org/x>y> .\n",
        sg.ParseError, r"line 8\b"),
    "local-name-not-an-id": (
        "turtle", BASE + '<https://example.org/Germany> a sg:State ; rdfs:label "A" .\n',
        sg.InvalidRecordError,
        _e("the IRI <https://example.org/Germany> does not end in a stancegraph id")),
    "blank-node-stance": (
        "turtle", BASE + "[] a sg:Stance , sg:Support ; sg:holder :germany ; sg:target :tanks .\n",
        sg.InvalidRecordError,
        r"^_:\w+ <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> "
        r"<https://w3id\.org/stancegraph/ns#(Stance|Support)>: cannot map the triple "
        r"\(blank-node subject\)"),
    "rdfxml-with-dtd": (
        "rdfxml", '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY x "y">]>\n'
                  '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
        sg.ParseError, r"^line 2: RDF/XML with a DTD .* is refused"),
    "jsonld-remote-context": (
        "jsonld", json.dumps({"@context": "https://example.org/context.jsonld",
                              "@id": "https://example.org/germany"}),
        sg.ParseError, r"remote JSON-LD @context is refused.*'https://example\.org/context"),
    "jsonld-import": (
        "jsonld", json.dumps({"@context": {"@import": "https://example.org/context.jsonld"},
                              "@id": "https://example.org/germany"}),
        sg.ParseError, r"JSON-LD @import is refused.*'https://example\.org/context\.jsonld'"),
    "ntriples-literal-subject": (
        "ntriples", '"a" <https://w3id.org/stancegraph/ns#holder> <https://example.org/b> .\n',
        sg.ParseError, r"line 1\b.*subject of a triple must be an IRI or a blank node"),
}


@pytest.mark.parametrize("case", list(CORPUS))
def test_bad_rdf_is_refused_with_a_message_naming_the_triple_or_line(case: str) -> None:
    fmt, text, error, message = CORPUS[case]
    with pytest.raises(sg.StanceGraphError, match=message) as info:
        sg.loads(text, format=fmt)
    assert type(info.value) is error, repr(info.value)


@pytest.mark.parametrize("case", list(CORPUS))
def test_bad_rdf_in_a_file_names_the_file(tmp_path: Path, case: str) -> None:
    fmt, text, error, message = CORPUS[case]
    suffix = {"turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld", "rdfxml": ".rdf"}[fmt]
    path = tmp_path / f"bad{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error, match=rf"^{re.escape(str(path))}[:,] "):
        sg.load(path)


def test_unmapped_triples_are_skipped_with_a_warning_when_not_strict() -> None:
    text = stance(" ; sg:favours :tanks") + ":bob a foaf:Person .\n"
    with pytest.warns(sg.UnmappedTriplesWarning, match=r"^RDF input: skipped 2 triple\(s\) the "
                      r"stancegraph mapping does not cover: ") as caught:
        g = sg.loads(text, format="turtle", strict=False)
    (warning,) = caught
    assert ("<https://example.org/s1> <https://w3id.org/stancegraph/ns#favours> "
            "<https://example.org/tanks>") in str(warning.message)
    assert ("<https://example.org/bob> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            "<http://xmlns.com/foaf/0.1/Person>") in str(warning.message)
    assert g == sg.loads(stance(), format="turtle")
    assert sorted(g.nodes) == ["germany", "tanks"]
    assert g.stance("s1").relation == "opposes"


def test_not_strict_still_refuses_wrong_values() -> None:
    # strict=False skips triples the mapping does not cover, not values it cannot take.
    with pytest.raises(sg.InvalidRecordError, match=r'ns#confidence> "high"'):
        sg.loads(stance(' ; sg:confidence "high"'), format="turtle", strict=False)


# -- any text ----------------------------------------------------------------------------------

def load_or_error(text: str, fmt: str) -> sg.StanceGraphError | None:
    """Load the text; return the StanceGraphError it raised, or None if it loaded.

    Any other exception propagates and fails the test. Warnings are errors in this suite, so
    strict loading is used: a lenient load would warn.
    """
    try:
        result = sg.loads(text, format=fmt)
    except sg.StanceGraphError as err:
        return err
    assert isinstance(result, sg.StanceGraph)
    return None


TURTLE_FRAGMENTS = [
    "@prefix sg: <https://w3id.org/stancegraph/ns#> .\n", "@prefix : <https://example.org/> .\n",
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n", "@base <https://example.org/> .\n",
    "PREFIX x: <x:>\n", ":germany", ":tanks", ":s1", "<https://example.org/a>", "<a>", "<>",
    "<https://example.org/A>", " a ", "sg:Stance", "sg:State", "sg:Support", "sg:Bloc",
    "sg:holder", "sg:target", "sg:supports", "sg:member", "sg:confidence", "sg:statedOn",
    "sg:retracted", "sg:attribution", "sg:Anonymous", "sg:condition", "sg:supersededBy",
    "rdfs:label", "<http://www.w3.org/2000/01/rdf-schema#label>", '"x"', '"2022-01-01"',
    '"x"@en', '"""long\nstring"""', "^^xsd:date", "^^xsd:decimal", "^^xsd:boolean", "1.5",
    "-0", "1e9", "true", " ; ", " , ", " .\n", "[", "]", "(", ")", "_:b", "{", "}", "\\u0000",
    "\\", "#", "\n", " ", "é",
]
turtle_like = st.lists(st.sampled_from(TURTLE_FRAGMENTS) | st.text(max_size=3),
                       max_size=40).map("".join)
JSONLD_FRAGMENTS = [
    "{", "}", "[", "]", ",", ":", '"@context"', '"@id"', '"@type"', '"@graph"', '"@value"',
    '"@language"', '"@list"', '"@reverse"', '"@base"', '"@vocab"', '"@import"', '"@version"',
    '"https://w3id.org/stancegraph/context.jsonld"', '"https://example.org/x"', '"State"',
    '"label"', '"holder"', '"sg"', '"https://w3id.org/stancegraph/ns#"', "1.1", "null",
    "true", '"x"', "0",
]
jsonld_like = st.lists(st.sampled_from(JSONLD_FRAGMENTS), max_size=30).map("".join)
_jsonld_keys = st.sampled_from(["@context", "@id", "@type", "@graph", "@value", "@language",
                                "@list", "@set", "@reverse", "@base", "@vocab", "@version",
                                "@container", "@nest", "@included", "@json", "@protected",
                                "@index", "label", "holder", "sg", "State", "x", ""])
_jsonld_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | \
    st.sampled_from(["https://example.org/x", "sg:holder", "State", "@id", "@json", "@vocab",
                     "_:b", "https://w3id.org/stancegraph/context.jsonld", "1.1", "en"]) | \
    st.text(max_size=5)
#: JSON documents shaped like JSON-LD: keywords and terms nested at random.
jsonld_documents = st.recursive(
    _jsonld_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_jsonld_keys, inner, max_size=5),
    max_leaves=25,
).map(json.dumps)
RDFXML_FRAGMENTS = [
    '<?xml version="1.0"?>', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    ' xmlns:sg="https://w3id.org/stancegraph/ns#">', "</rdf:RDF>",
    '<rdf:Description rdf:about="https://example.org/germany">', "</rdf:Description>",
    '<sg:State rdf:about="https://example.org/x">', "</sg:State>", "<sg:holder ",
    'rdf:resource="https://example.org/y"/>', 'rdf:nodeID="b"', 'rdf:parseType="Literal"',
    'rdf:datatype="http://www.w3.org/2001/XMLSchema#date"', ">", "</sg:holder>", "x",
    "&amp;", "&lt;", "&x;", "<![CDATA[", "]]>", "<!--", "-->", "<rdf:li>", "xml:lang=\"en\"",
]
rdfxml_like = st.lists(st.sampled_from(RDFXML_FRAGMENTS), max_size=20).map("".join)


@SETTINGS
@given(data=st.data(), fmt=st.sampled_from(RDF_FORMATS))
def test_any_text_loads_or_raises_a_stancegraph_error(data: st.DataObject, fmt: str) -> None:
    near = {"turtle": turtle_like, "ntriples": turtle_like,
            "jsonld": jsonld_like | jsonld_documents, "rdfxml": rdfxml_like}[fmt]
    text = data.draw(st.text() | turtle_like | near, "text")
    load_or_error(text, fmt)


@SETTINGS
@given(text=turtle_like)
def test_any_turtle_like_text_loads_or_raises_a_stancegraph_error(text: str) -> None:
    load_or_error(text, "turtle")


# -- one mutation of the seed's export ---------------------------------------------------------

_LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_OBJECT = re.compile(r'(data:[\w.-]+|sg:\w+|wd:Q\d+|"(?:[^"\\\n]|\\.)*"(?:\^\^xsd:\w+)?)'
                     r'(\s*[;.,]\s*)$')
_OTHER_OBJECTS = ["data:germany", "data:send-tanks", "data:bloomberg-2022-03-29",
                  "data:nobody", "data:Germany", "sg:Support", "sg:OnRecord", "sg:favours",
                  '"x"', '"2022-03-29"^^xsd:date', '"1.5"^^xsd:decimal', '"0.5"^^xsd:decimal',
                  '"true"^^xsd:boolean', '"x"^^xsd:date', "<https://example.org/elsewhere>",
                  "wd:Q1", "_:b", "1", '"x"@en']


@pytest.fixture(scope="module")
def exports(nato: sg.StanceGraph) -> dict[str, list[str]]:
    return {fmt: sg.dumps(nato, format=fmt).splitlines(keepends=True)
            for fmt in ("turtle", "ntriples")}


@st.composite
def mutated(draw: st.DrawFn, lines: list[str]) -> str:
    lines = list(lines)
    kind = draw(st.sampled_from(["delete", "duplicate", "literal"]))
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        line = lines[i]
        other = draw(st.sampled_from(_OTHER_OBJECTS))
        changed = _OBJECT.sub(lambda m: other + m[2], line.rstrip("\n")) + "\n"
        if changed == line:  # nothing to change: duplicate it with a new object at the end
            changed = line.rstrip("\n") + " " + other + "\n"
        lines.insert(i + 1, changed)
    else:
        literals = [(n, m) for n, line in enumerate(lines) for m in _LITERAL.finditer(line)]
        n, m = draw(st.sampled_from(literals))
        replacement = draw(st.text(max_size=12))
        quote = draw(st.sampled_from(['"', ""]))
        lines[n] = lines[n][:m.start()] + quote + replacement + quote + lines[n][m.end():]
    return "".join(lines)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples"])
@SETTINGS
@given(data=st.data())
def test_a_mutated_export_loads_or_raises_a_stancegraph_error(
        fmt: str, data: st.DataObject, exports: dict[str, list[str]]) -> None:
    text = data.draw(mutated(exports[fmt]), "text")
    err = load_or_error(text, fmt)
    if err is not None:
        assert str(err), "an error with no message"


# -- billion laughs ----------------------------------------------------------------------------

def _billion_laughs(levels: int = 9) -> str:
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n  ' + "\n  ".join(entities) + "\n]>\n"
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
            '  <rdf:Description rdf:about="https://example.org/x">'
            f"<rdfs:label>&lol{levels};</rdfs:label></rdf:Description>\n</rdf:RDF>\n")


@pytest.fixture
def parser_calls(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record every call of pyoxigraph's parser (which expands entities)."""
    calls: list[Any] = []
    real = pyoxigraph.parse

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(pyoxigraph, "parse", spy)
    return calls


def test_billion_laughs_is_refused_at_once_without_expanding(parser_calls: list[Any]) -> None:
    text = _billion_laughs()
    assert text.count("<!ENTITY") == 10  # lol0 and 9 nested levels: 10**9 "lol"s
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(sg.ParseError, match=r"^line 2: RDF/XML with a DTD \(<!DOCTYPE or "
                           r"<!ENTITY\) is refused"):
            sg.loads(text, format="rdfxml")
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 5_000_000  # bytes: the expansion would be gigabytes
    assert parser_calls == []  # refused before any parser saw it


def test_billion_laughs_is_refused_by_shacl_validation_too(tmp_path: Path,
                                                           parser_calls: list[Any]) -> None:
    path = tmp_path / "laughs.rdf"
    path.write_text(_billion_laughs(), encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(sg.ParseError, match=r"laughs\.rdf, line 2: RDF/XML with a DTD"):
        sg.validate_rdf(path)
    assert time.perf_counter() - start < 1.0
    assert parser_calls == []


@pytest.mark.parametrize(("bom", "doctype"), [("", "<!doctype rdf:RDF ["),
                                              ("", "<!DOCTYPE\trdf:RDF ["),
                                              ("\ufeff", "<!DOCTYPE rdf:RDF [")],
                         ids=["lowercase", "tab", "byte-order-mark"])
def test_dtd_spellings_are_refused(bom: str, doctype: str) -> None:
    text = bom + '<?xml version="1.0"?>\n' + doctype + '<!ENTITY x "y">]>\n<rdf:RDF/>\n'
    with pytest.raises(sg.ParseError, match=r"RDF/XML with a DTD .* is refused"):
        sg.loads(text, format="rdfxml")


@pytest.mark.parametrize(("extra", "field", "value"), [
    (' ; sg:confidence "5E-1"^^xsd:double', "confidence", 0.5),
    (" ; sg:confidence 1", "confidence", 1.0),
    (' ; sg:quote "Nein."@de', "quote", "Nein."),
    (' ; sg:quote "Nein."', "quote", "Nein."),
    (' ; sg:statedOn "2022-03-24"^^xsd:date', "date", dt.date(2022, 3, 24)),
])
def test_values_in_every_accepted_form_read_alike(extra: str, field: str, value: Any) -> None:
    # The bulk path keeps only the usual forms (xsd:decimal, plain strings); the others take
    # the general path, which must read them the same way.
    g = sg.loads(stance(extra), format="turtle")
    assert getattr(g.stance("s1"), field) == value


def test_every_bad_stance_is_named_at_once_by_its_iri(tmp_path: Path) -> None:
    text = (BASE + ':s1 a sg:Support ; sg:holder :germany ; sg:target :tanks ; '
            'sg:confidence "1.5"^^xsd:decimal .\n'
            ':s2 a sg:Support ; sg:holder :germany ; sg:target :tanks .\n'
            ':s3 a sg:Opposition ; sg:holder :germany ; sg:target :germany .\n'
            ':germany sg:supports :germany .\n')
    path = tmp_path / "bad.ttl"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(sg.StanceGraphError) as info:
        sg.load(path)
    err = info.value
    assert [(e.file, e.record, e.field) for e in (err, *err.others)] == [
        (str(path), S1, "confidence"),
        (str(path), "<https://example.org/s3>", "target"),
        (str(path), "shortcut <https://example.org/germany> -> <https://example.org/germany>",
         "target")]
    assert type(err) is sg.InvalidRecordError


def test_the_command_line_lists_every_bad_stance_one_per_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_cli import run

    path = tmp_path / "bad.ttl"
    path.write_text(BASE + ':s1 a sg:Support ; sg:holder :germny ; sg:target :tanks ; '
                    'sg:quote "two\\nlines" .\n'
                    ':s2 a sg:Support ; sg:holder :germany ; sg:target :germany .\n',
                    encoding="utf-8")
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"stancegraph: error: {path}, <https://example.org/s1>, field 'holder': unknown actor "
        "'germny' (expected the id of an actor (Person, State, Organization or Bloc); did you "
        "mean 'germany'?)",
        "  and 1 more:",
        "  <https://example.org/s2>, field 'target': an actor cannot hold a stance on itself: "
        "'germany'"]
