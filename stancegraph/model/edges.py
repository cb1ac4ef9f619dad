"""The typed edges of a stance graph: stances and actor relations.

A :class:`Stance` says that a ``holder`` (an actor) ``supports``, ``opposes`` or is
``skeptical-of`` a ``target`` (a position or another actor), with the provenance a reader
needs to trust it. A :class:`Relation` ties two actors: ``member-of``, ``leads``,
``speaks-for``, ``talks-with`` and ``asked``.

>>> s = Stance(holder="germany", relation="opposes", target="abandon-founding-act",
...            date="2022-03-24", attribution="anonymous")
>>> s.date, s.retracted
(datetime.date(2022, 3, 24), False)
>>> Stance(holder="joe-biden", relation="supports", target="x", retracted_on="2022-03-28").retracted
True

A stance is retracted on or after the day it was taken, and a relation ends on or after it
starts.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator

from ._types import (
    MODEL_CONFIG,
    Attribution,
    Confidence,
    Date,
    Id,
    IdSet,
    RelationKind,
    StanceRelation,
    Text,
    TextSet,
)

__all__ = ["Relation", "Stance"]


class Stance(BaseModel):
    """One reported stance of an actor toward a position or another actor.

    Retractions and reversals are recorded, never deleted: ``retracted`` (with the date in
    ``retracted_on`` when known) marks a stance taken back, ``superseded_by`` names the later
    stance that replaces it.
    """

    model_config = MODEL_CONFIG

    id: Id | None = Field(
        default=None, description="Unique id; assigned from holder, relation and target if omitted."
    )
    holder: Id = Field(description="Id of the actor holding the stance.")
    relation: StanceRelation
    target: Id = Field(description="Id of the position or actor the stance is about.")
    date: Date | None = Field(default=None, description="When the stance was expressed.")
    source: Text | None = Field(
        default=None, description="Id of a declared source, or the URL of the document."
    )
    speaker: Id | None = Field(
        default=None, description="Id of the person who voiced it for the holder."
    )
    quote: Text | None = Field(default=None, description="The sentence quoted or paraphrased.")
    attribution: Attribution | None = None
    confidence: Confidence | None = None
    intensity: Text | None = Field(default=None, description='How strongly held, e.g. "red-line".')
    conditions: TextSet = Field(
        default=(),
        description=(
            "What must hold for the stance (a set): position ids, or free text (a phrase that "
            "is not shaped like an id) where no position fits."
        ),
    )
    except_: IdSet = Field(
        default=(),
        alias="except",
        description="For a bloc holder: ids of members the stance does not hold for.",
    )
    retracted: bool = False
    retracted_on: Date | None = None
    superseded_by: Id | None = Field(default=None, description="Id of the stance replacing this one.")
    note: Text | None = None
    strength: Confidence | None = Field(
        default=None,
        description=(
            "How strongly, from 0 to 1, on the source's own agreement scale (a DNA integer "
            "qualifier, a 1-5 column): the distance from the scale's middle as a share of half "
            "the scale. It weighs the stance like confidence does; absent means full strength."
        ),
    )

    @model_validator(mode="before")
    @classmethod
    def _retracted_on_implies_retracted(cls, data: Any) -> Any:
        # Only an absent value is filled in: a given one is validated (and checked below).
        if isinstance(data, dict) and data.get("retracted_on") is not None \
                and data.get("retracted") is None:
            data = {**data, "retracted": True}
        return data

    @field_validator("retracted_on")
    @classmethod
    def _retracted_after_said(cls, value: _dt.date | None, info: ValidationInfo
                              ) -> _dt.date | None:
        # A field check (not a model one), so that the error names the field.
        said = info.data.get("date")
        if value is not None and said is not None and value < said:
            raise ValueError(f"before the stance's own date, {said}: a stance is retracted on "
                             "or after the day it was taken")
        return value

    @model_validator(mode="after")
    def _not_self_superseded(self) -> Stance:
        if self.retracted_on is not None and not self.retracted:
            raise ValueError("retracted_on is set, so retracted cannot be false")
        if self.superseded_by is not None and self.superseded_by == self.id:
            raise ValueError("a stance cannot supersede itself")
        return self


class Relation(BaseModel):
    """A relation between two actors: ``subject`` —relation→ ``object``.

    ``leads`` (head of state or government of), ``speaks-for`` (spokesperson of) and
    ``member-of`` carry stances upward when stances are rolled up; ``talks-with`` and ``asked``
    (``subject`` asked ``object`` to do what ``about`` names) are recorded for the reader.
    ``start`` and ``end`` bound when the relation held.
    """

    model_config = MODEL_CONFIG

    id: Id | None = Field(default=None, description="Unique id; assigned if omitted.")
    subject: Id
    relation: RelationKind
    object: Id
    about: Id | None = Field(default=None, description="Id of the position the relation concerns.")
    date: Date | None = Field(default=None, description="When it was reported to hold or happen.")
    start: Date | None = None
    end: Date | None = None
    source: Text | None = None
    quote: Text | None = None
    attribution: Attribution | None = None
    note: Text | None = None

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, value: _dt.date | None, info: ValidationInfo
                          ) -> _dt.date | None:
        start = info.data.get("start")
        if value is not None and start is not None and value < start:
            raise ValueError(f"before start {start}: a relation ends on or after it starts")
        return value

    @model_validator(mode="after")
    def _not_self_related(self) -> Relation:
        if self.subject == self.object:
            raise ValueError(f"an actor cannot be related to itself ({self.subject!r})")
        return self
