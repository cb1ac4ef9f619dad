"""Questions asked of a stance graph, as plain functions whose first argument is the graph."""

from .actors import actors, direct_members, members, narrower, positions
from .rollup import EffectiveStance, effective_stances
from .similarity import AgreementScore, agreement, stance_signs
from .stances import holders, stances, stances_of
from .time import as_of, is_current, relation_holds, stance_date

__all__ = [
    "AgreementScore",
    "EffectiveStance",
    "actors",
    "agreement",
    "as_of",
    "direct_members",
    "effective_stances",
    "holders",
    "is_current",
    "members",
    "narrower",
    "positions",
    "relation_holds",
    "stance_date",
    "stances",
    "stances_of",
]
