"""Readable ids from names in any script: letters with no ASCII form are transliterated
(anyascii), and every name the old ASCII folding gave an id keeps that id."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import stancegraph as sg
from stancegraph.io._slugs import _FOLD, Slugs, slugify
from stancegraph.model import is_id


@pytest.mark.parametrize(("name", "slug"), [
    ("Владимир Путин", "vladimir-putin"),  # Cyrillic (Russian)
    # Ukrainian: letters read as in Russian (one table for every language), the soft sign
    # leaves no mark
    ("Володимир Зеленський", "volodimir-zelenskiy"),
    ("Κυριάκος Μητσοτάκης", "kyriakos-mitsotakis"),  # Greek, accents dropped
    ("习近平", "xijinping"),  # Han: pinyin, syllable after syllable
    ("東京", "dongjing"),
    ("محمد بن سلمان", "mhmd-bn-slmn"),  # Arabic: the consonants written
    ("서울", "seoul"),  # Hangul
    ("ქართული ოცნება", "kartuli-otsneba"),  # Georgian
    ("Élysée", "elysee"),
    ("Recep Tayyip Erdoğan", "recep-tayyip-erdogan"),
    ("Ħal Far", "hal-far"),  # a Latin letter with no decomposition
    ("Партия «Единая Россия»", "partiya-edinaya-rossiya"),  # quotes are separators
    ("١٢٣ bis", "123-bis"),  # Arabic-Indic digits
])
def test_names_in_any_script_make_readable_ids(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert is_id(slug)


@pytest.mark.parametrize(("name", "slug"), [
    ("Olaf Scholz", "olaf-scholz"), ("Bündnis 90/Die Grünen", "bundnis-90-die-grunen"),
    ("Łódź & Kraków", "lodz-and-krakow"), ("Straße", "strasse"), ("Ærø", "aero"),
    ("½ measures", "12-measures"), ("ﬁnance", "finance"), ("x😀y", "xy"), ("★", ""),
    ("???", ""), ("Nuclear energy™", "nuclear-energytm"),
])
def test_latin_names_keep_their_ids(name: str, slug: str) -> None:
    assert slugify(name) == slug


def _old_slugify(text: str, max_length: int = 64) -> str:
    """The slug before transliteration (ASCII folding only), for the property below."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
    return slug


def _folds(char: str) -> bool:
    """Whether the ASCII folding keeps something of ``char``, or it is no letter or digit."""
    folded = unicodedata.normalize("NFKD", char.translate(_FOLD)).encode("ascii", "ignore")
    return bool(folded) or not unicodedata.category(char).startswith(("L", "N"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(max_codepoint=0x24F, exclude_categories=["Cs"])
                    | st.sampled_from("€™½ﬁ😀★«»—’")))
def test_every_name_the_folding_read_keeps_its_id(text: str) -> None:
    # Latin script (Basic Latin to Latin Extended-B) and symbols: where every letter and digit
    # folds to ASCII, the id is the one the folding gave.
    if all(_folds(c) for c in text):
        assert slugify(text) == _old_slugify(text)
    assert slugify(text) == "" or is_id(slugify(text))


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(exclude_categories=["Cs"]), max_size=40))
def test_any_text_gives_an_id_or_nothing(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or (is_id(slug) and len(slug) <= 64 and slug.isascii())
    assert slugify(text) == slug  # the same every time


def test_names_that_transliterate_alike_get_distinct_ids() -> None:
    slugs = Slugs()
    assert [slugs.make(n) for n in ("Путин", "Putin", "ПУТИН")] == ["putin", "putin-2",
                                                                  "putin-3"]


def test_a_statement_table_in_cyrillic_reads_with_readable_ids(tmp_path: Path) -> None:
    path = tmp_path / "statements.csv"
    path.write_text("holder,relation,target\n"
                    "Владимир Путин,opposes,Расширение НАТО\n"
                    "习近平,skeptical-of,Расширение НАТО\n", encoding="utf-8")
    g = sg.read_statements(path)
    assert [(s.holder, s.target) for s in g.stances] == [
        ("vladimir-putin", "rasshirenie-nato"), ("xijinping", "rasshirenie-nato")]
    names = {id: node.name for id, node in g.nodes.items() if node.type != "Source"}
    assert names == {"vladimir-putin": "Владимир Путин", "xijinping": "习近平",
                     "rasshirenie-nato": "Расширение НАТО"}


def test_dna_entities_in_any_script_get_readable_ids(tmp_path: Path) -> None:
    from tests.io.dna_builder import DnaBuilder

    with DnaBuilder(tmp_path / "scripts.dna") as db:
        doc = db.document("Text.")
        db.entity("person", "Владимир Путин")
        db.entity("organization", "Κυβέρνηση")
        db.entity("organization", "★")  # nothing to read: the entity's DNA id
        db.entity("concept", "Расширение НАТО")
        db.statement(doc, start=0, stop=4, person="Владимир Путин",
                     organization="Κυβέρνηση", concept="Расширение НАТО", agreement=0)
    g = sg.load(tmp_path / "scripts.dna")
    names = {id: node.name for id, node in g.nodes.items() if node.type != "Source"}
    assert names == {"vladimir-putin": "Владимир Путин", "kyvernisi": "Κυβέρνηση",
                     "entity-3": "★", "rasshirenie-nato": "Расширение НАТО"}
