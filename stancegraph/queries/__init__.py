"""Questions asked of a stance graph, as plain functions whose first argument is the graph."""

from .actors import actors, direct_members, members, narrower, positions
from .rollup import ROLLUP_RELATIONS, EffectiveStance, RollUp, RollupPath, effective_stances
from .similarity import AgreementScore, agreement, stance_signs
from .stances import holders, stances, stances_of
from .time import (
    as_of,
    between,
    is_current,
    relation_holds,
    said_on,
    source_date,
    stance_date,
)

__all__ = [
    "AgreementScore",
    "EffectiveStance",
    "ROLLUP_RELATIONS",
    "RollUp",
    "RollupPath",
    "actors",
    "agreement",
    "as_of",
    "between",
    "direct_members",
    "effective_stances",
    "holders",
    "is_current",
    "members",
    "narrower",
    "positions",
    "relation_holds",
    "said_on",
    "source_date",
    "stance_date",
    "stance_signs",
    "stances",
    "stances_of",
]
