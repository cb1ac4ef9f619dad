"""Reading RDF within limits (issue 12): whatever the bytes, a graph or a StanceGraphError.

pyoxigraph holds one token in a buffer of 16 MiB and raised ``MemoryError`` past it; it takes
time growing with the square of the nesting of RDF/XML elements, of the attributes of one
element, and (faster still) of the nesting of JSON-LD, where it also overflows its stack some
thousands deep. Each is refused up front with a ParseError naming the file and, where the
format has lines, the line. Literal values are read by their XML Schema lexical forms.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

import stancegraph as sg
from stancegraph.io.rdf.read import MAX_ATTRIBUTES, MAX_DEPTH, MAX_JSONLD_DEPTH

BIG = "x" * (16 * 2**20 + 10)  # just past pyoxigraph's buffer
PREFIXES = ("@prefix sg: <https://w3id.org/stancegraph/ns#> .\n"
            "@prefix data: <https://w3id.org/stancegraph/data/> .\n"
            "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")
NODES = 'data:a a sg:State ; rdfs:label "A" .\ndata:b a sg:PolicyOption ; rdfs:label "B" .\n'
S = "https://w3id.org/stancegraph/data/s1"


def stance(extra: str) -> str:
    """Turtle: two nodes and the stance s1 (lines 7 and 8), with ``extra`` on line 8."""
    return (PREFIXES + NODES + "data:s1 a sg:Support ; sg:holder data:a ; sg:target data:b ;\n"
            f"{extra} .\n")


# -- tokens past pyoxigraph's buffer ----------------------------------------------------------

QUOTE = "<https://w3id.org/stancegraph/ns#quote>"
SOURCE = "<https://w3id.org/stancegraph/ns#source>"
HUGE = {
    "ntriples-literal": ("nt", f'<{S}> {QUOTE} "a" .\n<{S}> {QUOTE} "{BIG}" .\n', 2),
    "ntriples-iri": ("nt", f"<{S}> {SOURCE} <https://e.org/{BIG}> .\n", 1),
    "nquads-literal": ("nq", f'\n\n<{S}> {QUOTE} "{BIG}" <https://g.org/> .\n', 3),
    "turtle-literal": ("ttl", stance(f'  sg:quote "{BIG}"'), 8),
    "turtle-long-string": ("ttl", stance(f'  sg:quote """{BIG}"""'), 8),
    "turtle-prefixed-name": ("ttl", stance(f"  sg:source data:{BIG}"), 8),
    "turtle-comment": ("ttl", f"# {BIG}\n" + stance("  sg:quote 'q'"), 1),
    "trig-literal": ("trig", f'<https://g.org/> {{\n<{S}> {QUOTE} "{BIG}" .\n}}\n', 2),
}


@pytest.mark.parametrize("case", list(HUGE))
def test_a_token_past_the_buffer_is_a_parse_error_naming_the_line(tmp_path: Path,
                                                                  case: str) -> None:
    suffix, text, line = HUGE[case]
    path = tmp_path / f"big.{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(sg.ParseError, match=r"longer than 16 MiB runs through this line") as info:
        sg.load(path)
    assert info.value.file == str(path) and info.value.line == line


def test_a_long_string_over_many_lines_is_located_at_its_start() -> None:
    lines = "\n".join(["y" * 1000] * (17 * 1024))  # 17 MiB, lines of 1000 characters
    with pytest.raises(sg.ParseError, match="longer than 16 MiB") as info:
        sg.loads(stance(f'  sg:quote """{lines}"""'), format="turtle")
    assert info.value.line == 8


@pytest.mark.parametrize("length", [8 * 2**20, len(BIG)])
def test_a_jsonld_string_past_the_buffer_is_a_parse_error(length: int) -> None:
    text = f'{{"@id": "{S}", "https://w3id.org/stancegraph/ns#quote": "{"x" * length}"}}'
    with pytest.raises(sg.ParseError, match=r"a string is longer than 8 MiB '\"xxxx"):
        sg.loads(text, format="jsonld")


def test_rdfxml_has_no_token_buffer_but_the_model_a_limit() -> None:
    # What the models accept, every format can read back: no text longer than MAX_TEXT.
    text = sg.dumps(sg.loads(stance("  sg:quote 'q'"), format="turtle"), format="rdfxml")
    with pytest.raises(sg.InvalidRecordError, match=rf"<{S}>, field 'quote'.*too long: "
                                                    "written escaped it takes 16,777,226 bytes"):
        sg.loads(text.replace(">q<", f">{BIG}<"), format="rdfxml")


# -- nesting and attributes -------------------------------------------------------------------

RDFXML = ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
          ' xmlns:a="http://a.org/">\n')


def _nested_rdfxml(depth: int) -> str:
    opening = "".join(f'<rdf:Description rdf:about="http://a.org/s{i}"><a:p>\n'
                      for i in range(depth))
    return RDFXML + opening + "</a:p></rdf:Description>" * depth + "</rdf:RDF>\n"


def test_rdfxml_nested_too_deep_is_refused_at_its_line() -> None:
    # Before: 5,000 levels took 0.2 s, 20,000 took 6 s, 100,000 some minutes.
    with pytest.raises(sg.ParseError, match=rf"nested more than {MAX_DEPTH} deep") as info:
        sg.loads(_nested_rdfxml(5000), format="rdfxml")
    # The rdf:RDF element is on line 2, then two nested elements a line.
    assert info.value.line == 3 + (MAX_DEPTH - 1) // 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.UnmappedTriplesWarning)
        sg.loads(_nested_rdfxml((MAX_DEPTH - 1) // 2), format="rdfxml", strict=False)


def test_an_rdfxml_element_with_too_many_attributes_is_refused() -> None:
    # Before: 100,000 attributes took 20 s, as many namespace declarations 36 s.
    for name in ("a:p", "xmlns:n"):
        attributes = " ".join(f'{name}{i}="x"' for i in range(5000))
        text = (RDFXML + f'<rdf:Description rdf:about="http://a.org/s"\n {attributes}/>\n'
                "</rdf:RDF>")
        with pytest.raises(sg.ParseError, match=rf"an element with 500\d attributes.*at most "
                                                rf"{MAX_ATTRIBUTES} attributes") as info:
            sg.loads(text, format="rdfxml")
        assert info.value.line == 3


def test_jsonld_nested_too_deep_is_refused() -> None:
    depth = 500
    text = ('{"@id": "http://a.org/s", ' + '"http://a.org/p": {' * depth
            + '"@id": "http://a.org/o"' + "}" * depth + "}")
    with pytest.raises(sg.ParseError, match=rf"nested more than {MAX_JSONLD_DEPTH} deep"):
        sg.loads(text, format="jsonld")


def test_jsonld_nested_thousands_deep_does_not_crash_under_a_raised_recursion_limit() -> None:
    # With the recursion limit raised (as notebooks do), json.loads reads 5,000 levels and
    # pyoxigraph's JSON-LD parser then overflowed its stack: a segmentation fault.
    code = ("import sys, stancegraph as sg\n"
            "sys.setrecursionlimit(100_000)\n"
            "d = 5000\n"
            "text = '{\"@id\": \"http://a.org/s\",' + '\"http://a.org/p\": {' * d + '}' * d + '}'\n"
            "try:\n"
            "    sg.loads(text, format='jsonld')\n"
            "except sg.ParseError as err:\n"
            "    print(err)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-500:]
    assert f"nested more than {MAX_JSONLD_DEPTH} deep" in done.stdout


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
@pytest.mark.parametrize("shape", ["blank-nodes", "collections"])
def test_turtle_nested_100k_deep_is_read_in_linear_time(fmt: str, shape: str) -> None:
    depth = 100_000
    inner = ("[ <http://a.org/p> " * depth + "1" + " ]" * depth if shape == "blank-nodes"
             else "( " * depth + " )" * depth)
    triple = f"<http://a.org/s> <http://a.org/p> {inner} ."
    text = f"<http://a.org/g> {{ {triple} }}" if fmt == "trig" else triple
    start = time.perf_counter()
    with pytest.raises(sg.InvalidRecordError, match="cannot map the triple"):
        sg.loads(text, format=fmt)
    with pytest.warns(sg.UnmappedTriplesWarning, match="skipped"):
        sg.loads(text, format=fmt, strict=False)
    assert time.perf_counter() - start < 30


# -- literal values ----------------------------------------------------------------------------

BAD_VALUES = {
    "date-not-a-date": ('sg:statedOn "x"^^xsd:date', "not a valid xsd:date"),
    "date-iso-week": ('sg:statedOn "2022-W12-4"^^xsd:date', "not a valid xsd:date"),
    "date-basic-form": ('sg:statedOn "20220324"^^xsd:date', "not a valid xsd:date"),
    "date-time-zone": ('sg:statedOn "2022-03-24Z"^^xsd:date', "not a valid xsd:date"),
    "date-year-10000": ('sg:statedOn "10000-01-01"^^xsd:date', "not a valid xsd:date"),
    "date-february-30": ('sg:statedOn "2022-02-30"^^xsd:date', "not a valid xsd:date"),
    "date-language-tagged": ('sg:statedOn "2022-03-24"@en', "wrong kind of value"),
    "confidence-nan": ('sg:confidence "NaN"^^xsd:double', "finite number"),
    "confidence-infinity": ('sg:confidence "INF"^^xsd:double', "finite number"),
    "confidence-huge-integer": ("sg:confidence " + "9" * 5000, "finite number"),
    "confidence-huge-double": ('sg:confidence "1e999"^^xsd:double', "finite number"),
    "confidence-spaces": ('sg:confidence " 0.5"^^xsd:decimal', "lexical form of xsd:decimal"),
    "confidence-underscore": ('sg:confidence "0.5_0"^^xsd:decimal', "lexical form of xsd:decimal"),
    "confidence-exponent-decimal": ('sg:confidence "5e-1"^^xsd:decimal', "lexical form"),
    "confidence-python-nan": ('sg:confidence "nan"^^xsd:double', "lexical form of xsd:double"),
    "confidence-hex": ('sg:confidence "0x1p-1"^^xsd:double', "lexical form of xsd:double"),
    "confidence-string": ('sg:confidence "0.5"', "wrong kind of value"),
    "confidence-over-one": ("sg:confidence 1.5", "less than or equal to 1"),
    "boolean": ('sg:retracted "yes"^^xsd:boolean', "not a valid xsd:boolean"),
    "quote-nul": ('sg:quote "a\\u0000b"', "NUL"),
    "source-private-use": ("sg:source <https://e.org/a?\ue000>", "private-use character"),
    "source-bidi": ("sg:source <https://e.org/\u202egpj.exe>", "invisible formatting"),
}


@pytest.mark.parametrize("case", list(BAD_VALUES))
def test_bad_literal_values_are_refused_naming_the_stance(case: str) -> None:
    extra, message = BAD_VALUES[case]
    with pytest.raises(sg.InvalidRecordError, match=message) as info:
        sg.loads(stance("  " + extra), format="turtle")
    assert S in str(info.value)


def test_good_literal_values_are_read() -> None:
    g = sg.loads(stance('  sg:statedOn "2022-03-24"^^xsd:date ; sg:confidence "+.5"^^xsd:decimal'
                        ' ; sg:quote "Wir nicht."@de-DE'), format="turtle")
    s = g.stance("s1")
    assert (s.date.isoformat() if s.date else None, s.confidence, s.quote) == (
        "2022-03-24", 0.5, "Wir nicht.")
    for literal in ('"5E-1"^^xsd:double', '"1"^^xsd:integer', "0.5", ".5e0"):
        assert sg.loads(stance(f"  sg:confidence {literal}"), format="turtle").stance(
            "s1").confidence in (0.5, 1.0)


def test_a_bad_language_tag_is_a_parse_error_naming_the_line() -> None:
    with pytest.raises(sg.ParseError, match="language") as info:
        sg.loads(stance('  sg:quote "q"@-x-'), format="turtle")
    assert info.value.line == 8


# -- text that is not UTF-8 ---------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"])
def test_text_with_a_lone_surrogate_is_a_parse_error_naming_the_line(fmt: str) -> None:
    # Before: UnicodeEncodeError, from encoding the text for pyoxigraph.
    text = sg.dumps(sg.loads(stance("  sg:quote 'q'"), format="turtle"), format=fmt)
    text = text.replace("q", "q\ud800", 1)
    with pytest.raises(sg.ParseError, match=r"lone surrogate.*'U\+D800'") as info:
        sg.loads(text, format=fmt)
    assert info.value.line == text[:text.index("\ud800")].count("\n") + 1


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".rdf"])
def test_a_file_that_is_not_utf8_is_a_parse_error_naming_the_line(tmp_path: Path,
                                                                  suffix: str) -> None:
    path = tmp_path / f"debate{suffix}"
    path.write_bytes(b"\n\n<x> \xff\xfe")
    with pytest.raises(sg.ParseError, match="UTF-8") as info:
        sg.load(path)
    assert info.value.line == 3


def test_control_characters_quoted_by_pyoxigraph_are_escaped() -> None:
    with pytest.raises(sg.ParseError, match=r"Invalid IRI code point '\\x1b'") as info:
        sg.loads(f"<{S}> <https://w3id.org/stancegraph/ns#source> <https://e.org/\x1b[2J> .",
                 format="ntriples")
    assert "\x1b" not in str(info.value) and info.value.line == 1


# -- a fuzz ------------------------------------------------------------------------------------

def _mutate(data: bytes, rng: random.Random) -> bytes:
    """``data`` with a few random edits: bytes changed, removed, repeated or inserted."""
    out = bytearray(data)
    specials = [b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b'"', b"<", b">", b"\\", b"\\u0000",
                b"\\uD800", b"[", b"(", b".", b";", b"@prefix", b"^^", b"@en", b"_:b", b"#",
                b"\n", b"{", b"}", b"'''", b'"""', b"a", b"9" * 400]
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(out) + 1)
        kind = rng.randrange(4)
        if kind == 0 and at < len(out):
            out[at] = rng.randrange(256)
        elif kind == 1:
            del out[at:at + rng.randint(1, 80)]
        elif kind == 2:
            out[at:at] = out[at:at + rng.randint(1, 200)] * rng.randint(1, 3)
        else:
            out[at:at] = rng.choice(specials)
    return bytes(out)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "trig", "jsonld", "rdfxml"])
def test_mutated_exports_of_the_seed_load_or_raise_a_stancegraph_error(
        tmp_path: Path, nato: sg.StanceGraph, fmt: str) -> None:
    suffix = {"turtle": ".ttl", "ntriples": ".nt", "trig": ".trig", "jsonld": ".jsonld",
              "rdfxml": ".rdf"}[fmt]
    seed = sg.dumps(nato, format=fmt).encode("utf-8")
    rng = random.Random(f"stancegraph-{fmt}")
    cases = 300 if fmt == "turtle" else 80
    outcomes = {"loaded": 0, "refused": 0}
    for k in range(cases):
        path = tmp_path / f"case{k}{suffix}"
        path.write_bytes(_mutate(seed, rng))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", sg.StanceGraphWarning)
                sg.load(path, strict=bool(k % 2))
            outcomes["loaded"] += 1
        except sg.StanceGraphError as err:
            assert str(path) in str(err), err
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0
