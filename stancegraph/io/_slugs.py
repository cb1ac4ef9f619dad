"""Ids from names: ASCII slugs, made unique in a fixed order.

Readers of data that names things in free text (DNA entities such as ``"Olaf Scholz"``, a
statement table's holder column) turn each name into an id with :func:`slugify`, and hand them
out through :class:`Slugs` so that two names with the same slug get distinct ids: the first
asked for keeps the slug, the next ones get ``-2``, ``-3``, ... in the order they are asked for.
Names in any script give readable ids: letters with no ASCII form are transliterated by
`anyascii <https://github.com/anyascii/anyascii>`_ (``Владимир Путин`` → ``vladimir-putin``).

>>> slugs = Slugs(taken={"document-1"})
>>> slugs.make("Olaf Scholz"), slugs.make("olaf  scholz!"), slugs.make("Document 1")
('olaf-scholz', 'olaf-scholz-2', 'document-1-2')
>>> slugs.make("???", fallback="entity-7")
'entity-7'
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

__all__ = ["Slugs", "slugify"]

# Letters that Unicode does not decompose into an ASCII letter plus accents.
_FOLD = str.maketrans({
    "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
    "ı": "i", "&": " and ",
})


def slugify(text: str, *, max_length: int = 64) -> str:
    """Return ``text`` as an id: ASCII-folded, lowercase, runs of other characters as ``-``.

    Accents are dropped (``ü`` → ``u``, ``ß`` → ``ss``), ``&`` reads ``and``, letters and
    digits of other scripts are transliterated (Cyrillic, Greek, Arabic, Han as pinyin, one
    syllable after another), and a slug longer than ``max_length`` is cut at the last ``-``
    that keeps it within the limit. Text with no letter or digit left gives ``""``.

    >>> slugify("Bündnis 90/Die Grünen"), slugify("Łódź & Kraków"), slugify("  ")
    ('bundnis-90-die-grunen', 'lodz-and-krakow', '')
    >>> slugify("Владимир Путин"), slugify("Κυριάκος Μητσοτάκης"), slugify("习近平")
    ('vladimir-putin', 'kyriakos-mitsotakis', 'xijinping')
    >>> slugify("There should be a cap on the emissions of every single power plant", max_length=30)
    'there-should-be-a-cap-on-the'
    """
    text = text.translate(_FOLD)
    ascii_text = (text if text.isascii() else "".join(map(_ascii, text))).lower()
    slug = "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
    return slug


@functools.lru_cache(maxsize=4096)
def _ascii(char: str) -> str:
    """One character in ASCII: what is left of its compatibility decomposition without the
    accents (``é`` → ``e``, ``ﬁ`` → ``fi``); for a letter or digit with none left (``П``,
    ``习``, ``٣``), its transliteration's letters and digits (``P``, ``Xi``, ``3``; the
    soft sign's apostrophe dropped); nothing for other characters (symbols, emoji)."""
    folded = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    if folded or not unicodedata.category(char).startswith(("L", "N")):
        return folded
    from anyascii import anyascii  # on first use: its import reads package resources (30 ms)

    return "".join(c for c in anyascii(char) if c.isascii() and c.isalnum())


class Slugs:
    """Hands out unique ids: the slug of a name, or with ``-2``, ``-3``... if it is taken.

    ``taken`` holds ids already in use (reserved ids never given out). The ids depend only on
    the order of the calls, so readers ask in a documented order (such as by record number).
    """

    def __init__(self, taken: Iterable[str] = (), *, max_length: int = 64) -> None:
        self._taken = set(taken)
        self._max_length = max_length

    def reserve(self, id: str) -> None:
        """Mark ``id`` as in use."""
        self._taken.add(id)

    def __contains__(self, id: object) -> bool:
        return id in self._taken

    def make(self, name: str, *, fallback: str = "item") -> str:
        """A new id for ``name`` (``fallback`` when its slug is empty), and mark it in use."""
        base = slugify(name, max_length=self._max_length) or fallback
        id, n = base, 1
        while id in self._taken:
            n += 1
            id = f"{base}-{n}"
        self._taken.add(id)
        return id
