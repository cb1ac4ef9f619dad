"""Members of a bloc whose stances set them apart from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import IntegrityError
from ..graph import StanceGraph
from ..queries import as_of as as_of_view
from ..queries import members as bloc_members
from .networks import affiliation
from .statements import Broader, Dedupe, Level, statements

__all__ = ["Outlier", "outliers"]


@dataclass(frozen=True)
class Outlier:
    """A bloc member that stands apart, and why.

    ``alignment`` in [-1, 1] is (agreements - oppositions - exceptions) over the bloc's
    positions; ``agrees``, ``opposes``, ``excepted`` and ``silent`` list those positions.
    """

    actor: str
    alignment: float
    agrees: tuple[str, ...]
    opposes: tuple[str, ...]
    excepted: tuple[str, ...]
    silent: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "alignment": self.alignment, "agrees": list(self.agrees),
                "opposes": list(self.opposes), "excepted": list(self.excepted),
                "silent": list(self.silent)}


def outliers(
    g: StanceGraph,
    bloc: str,
    *,
    level: Level = "state",
    dedupe: Dedupe = "document",
    margin: float = 0.5,
    broader: Broader = "supports",
    as_of: dt.date | str | None = None,
) -> list[Outlier]:
    """Return the members of ``bloc`` whose stances set them apart from it.

    The bloc's positions are the targets of its own current stances (direction as stated) and
    the targets on which most of its members who take a stance lean the same way (at least
    two). A member *agrees* with a position if its net stance there (rolled up, at ``level``)
    points the same way, *opposes* it if it points the other way, is *excepted* if a bloc
    stance names it in ``except``, and is *silent* otherwise. Its alignment is
    ``(agrees - opposes - excepted) / positions``; members whose alignment falls more than
    ``margin`` below the members' median are outliers. A member's support of a narrower
    position also counts toward the positions it is a case of, as ``broader`` says (see
    :func:`~stancegraph.analysis.statements`). ``as_of``: the debate as it stood on that day.

    Returns
    -------
    list of Outlier
        Sorted by alignment (lowest first), then actor id.

    Examples
    --------
    >>> [o.actor for o in outliers(nato, "central-eastern-europe")]
    ['hungary']
    >>> outliers(nato, "central-eastern-europe")[0].excepted
    ('more-weapons-for-ukraine', 'putin-serious-about-negotiating')
    """
    if as_of is not None:  # the bloc's exceptions too, not only the statements
        g = as_of_view(g, as_of)
    node = g.node(bloc)
    if node.type != "Bloc":
        raise IntegrityError(f"outliers are found among a Bloc's members, not a {node.type}'s:",
                             id=bloc, expected="the id of a Bloc")
    aff = affiliation(statements(g, level=level, dedupe=dedupe, broader=broader))
    row = {a: i for i, a in enumerate(aff.actors)}
    col = {t: j for j, t in enumerate(aff.targets)}
    people = [m for m in bloc_members(g, bloc) if m in row]
    if not people:
        return []
    net = np.sign(aff.net[[row[m] for m in people]].toarray())
    direction: dict[str, int] = {}
    excepted: dict[str, set[str]] = {}
    for stance in g.stances:
        if stance.holder == bloc and not stance.retracted and stance.superseded_by is None:
            target = stance.target
            direction[target] = 1 if stance.relation == "supports" else -1
            for m in stance.except_:
                excepted.setdefault(m, set()).add(target)
    for t, j in col.items():
        if t in direction:
            continue
        votes = net[:, j]
        for sign in (1, -1):
            if np.count_nonzero(votes == sign) >= 2 and \
                    np.count_nonzero(votes == sign) > np.count_nonzero(votes != 0) / 2:
                direction[t] = sign
    if not direction:
        return []
    scores = []
    for i, member in enumerate(people):
        agrees, opposes, out, silent = [], [], [], []
        for target, sign in sorted(direction.items()):
            value = net[i, col[target]] if target in col else 0
            if target in excepted.get(member, ()):
                out.append(target)
            elif value == sign:
                agrees.append(target)
            elif value == -sign:
                opposes.append(target)
            else:
                silent.append(target)
        alignment = (len(agrees) - len(opposes) - len(out)) / len(direction)
        scores.append(Outlier(member, round(alignment, 6), tuple(agrees), tuple(opposes),
                              tuple(out), tuple(silent)))
    median = float(np.median([s.alignment for s in scores]))
    found = [s for s in scores if s.alignment < median - margin]
    return sorted(found, key=lambda s: (s.alignment, s.actor))
