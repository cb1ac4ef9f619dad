"""Agreement scales: an integer coded on a scale read as a stance's sign and strength.

Discourse network data often codes agreement on a scale -- DNA's integer qualifiers (-1/0/+1,
1 to 5), a table's score column -- rather than as yes/no. A value above the middle of the scale
supports, one below it opposes, with the distance from the middle, as a share of half the scale,
as the stance's ``strength``; the middle itself is neither. A 0-1 scale is plain agreement.

>>> AgreementScale(1, 5).stance(5), AgreementScale(1, 5).stance(2)
(('supports', 1.0, 'agreement 5 on a scale from 1 to 5'), ('opposes', 0.5, 'agreement 2 on a scale from 1 to 5'))
>>> AgreementScale(1, 5).stance(3) is None, AgreementScale(0, 1).stance(0)
(True, ('opposes', None, None))
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AgreementScale"]

_PLAIN = {1: "supports", 0: "opposes"}


@dataclass(frozen=True)
class AgreementScale:
    """An integer agreement scale from ``low`` to ``high`` (inclusive)."""

    low: int
    high: int

    def stance(self, value: int) -> tuple[str, float | None, str | None] | None:
        """(relation, strength, intensity) of a value; None at the middle of the scale. A
        0-1 scale is plain agreement: full strength, nothing to say of intensity."""
        if (self.low, self.high) in ((0, 1), (0, 0), (1, 1)):
            return (_PLAIN[value], None, None) if value in _PLAIN else None
        middle = (self.low + self.high) / 2
        if value == middle:
            return None
        strength = round(abs(value - middle) / ((self.high - self.low) / 2), 6)
        return ("supports" if value > middle else "opposes", strength,
                f"agreement {value} on a scale from {self.low} to {self.high}")

    def describe(self) -> str:
        return f"the agreement scale from {self.low} to {self.high}"
