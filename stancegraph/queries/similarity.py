"""How close two actors stand: agreement on the targets they both take a stance on."""

from __future__ import annotations

from dataclasses import dataclass

from ..graph import StanceGraph
from .rollup import effective_stances

__all__ = ["AgreementScore", "agreement", "stance_signs"]

#: The direction of each stance relation; skepticism leans the same way as opposition.
SIGNS = {"supports": 1, "opposes": -1, "skeptical-of": -1}


@dataclass(frozen=True)
class AgreementScore:
    """How two actors' stances compare on the targets both hold a stance on.

    Attributes
    ----------
    a, b : str
        The two actors.
    same : tuple of str
        Targets on which both lean the same way (both support, or both oppose or doubt).
    opposite : tuple of str
        Targets on which one supports and the other opposes or doubts.
    mixed : tuple of str
        Targets on which at least one of the two holds both a supporting and a negative stance,
        so no direction can be read.
    """

    a: str
    b: str
    same: tuple[str, ...]
    opposite: tuple[str, ...]
    mixed: tuple[str, ...]

    @property
    def shared(self) -> int:
        """Number of targets both actors hold a stance on."""
        return len(self.same) + len(self.opposite) + len(self.mixed)

    @property
    def score(self) -> float | None:
        """(same − opposite) / shared, from −1 (always opposed) to 1; None if nothing shared."""
        if not self.shared:
            return None
        return (len(self.same) - len(self.opposite)) / self.shared


def stance_signs(g: StanceGraph, actor: str, *, effective: bool = True) -> dict[str, int]:
    """Return, for each target the actor holds a current stance on, its direction.

    +1 for support, -1 for opposition or skepticism, 0 when the actor's current stances on the
    target point both ways. Retracted and superseded stances do not count.

    >>> stance_signs(nato, "germany")["abandon-founding-act"]
    -1
    """
    g.node(actor)
    signs: dict[str, set[int]] = {}
    if effective:
        pairs = [(e.target, e.relation) for e in effective_stances(g, holder=actor)]
    else:
        pairs = [(s.target, s.relation) for s in g.stances if s.holder == actor
                 and not s.retracted and s.superseded_by is None]
    for target, relation in pairs:
        signs.setdefault(target, set()).add(SIGNS[relation])
    return {t: (s.pop() if len(s) == 1 else 0) for t, s in sorted(signs.items())}


def agreement(g: StanceGraph, a: str, b: str, *, effective: bool = True) -> AgreementScore:
    """Compare two actors' current stances on the targets they share.

    Parameters
    ----------
    effective : bool
        Compare the stances that count for each actor once statements are rolled up (default),
        or only the stances each holds as stated.

    Examples
    --------
    >>> r = agreement(nato, "france", "germany")
    >>> r.same
    ('ceasefire-then-withdrawal', 'dialogue-with-putin', 'direct-nato-military-involvement')
    >>> agreement(nato, "france", "united-kingdom").opposite
    ('dialogue-with-putin',)
    """
    signs_a = stance_signs(g, a, effective=effective)
    signs_b = stance_signs(g, b, effective=effective)
    same: list[str] = []
    opposite: list[str] = []
    mixed: list[str] = []
    for target in sorted(signs_a.keys() & signs_b.keys()):
        x, y = signs_a[target], signs_b[target]
        (mixed if 0 in (x, y) else same if x == y else opposite).append(target)
    return AgreementScore(a, b, tuple(same), tuple(opposite), tuple(mixed))
