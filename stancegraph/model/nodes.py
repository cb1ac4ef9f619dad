"""The typed nodes of a stance graph: actors, positions and sources.

Every node has an ``id`` (a slug, unique in the graph), a ``type`` that tells the kinds apart,
and free ``tags``. Actors and positions also have a ``name``, ``aliases``, a ``description``
and a ``wikidata`` item id.

>>> Person(id="olaf-scholz", name="Olaf Scholz", role="Chancellor", wikidata="Q61053").type
'Person'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, Field

from ._types import (
    _SHORT_TEXT,
    MODEL_CONFIG,
    Date,
    Id,
    IdSet,
    Text,
    TextSet,
    Url,
    WikidataId,
    all_ids,
    all_texts,
)

__all__ = [
    "Actor",
    "Agreement",
    "Bloc",
    "Claim",
    "Node",
    "Organization",
    "Person",
    "PolicyOption",
    "Position",
    "Source",
    "State",
    "plain_nodes",
]


class _Named(BaseModel):
    model_config = MODEL_CONFIG

    id: Id = Field(description="Unique id of the node in its graph: a lowercase slug.")
    name: Text = Field(description="The name a reader knows the node by.")
    aliases: TextSet = Field(default=(), description="Other names of the node (a set).")
    description: Text | None = None
    wikidata: WikidataId | None = Field(default=None, description="Wikidata item id, e.g. Q3052772.")
    tags: TextSet = Field(default=(), description="Free labels (a set).")


class Person(_Named):
    """A person who holds or voices stances: a leader, a minister, a spokesperson."""

    type: Literal["Person"] = "Person"
    role: Text | None = Field(default=None, description='The office held, e.g. "President".')


class State(_Named):
    """A sovereign state (its government when it acts)."""

    type: Literal["State"] = "State"


class Organization(_Named):
    """An organisation: an alliance such as NATO, a government, a party, a media outlet."""

    type: Literal["Organization"] = "Organization"


class Bloc(_Named):
    """A named group of actors ("the Baltic states") with explicit ``members``.

    Members may be blocs themselves; a stance held by a bloc counts for every member, minus the
    exceptions the stance names. An empty ``members`` list means the report names the group but
    not who is in it.
    """

    type: Literal["Bloc"] = "Bloc"
    members: IdSet = Field(default=(), description="Ids of the member actors (a set).")


class _Position(_Named):
    broader: Id | None = Field(
        default=None, description="Id of a broader position this one is a case of."
    )


class Agreement(_Position):
    """A treaty or accord, such as the NATO-Russia Founding Act."""

    type: Literal["Agreement"] = "Agreement"
    signed: Date | None = Field(default=None, description="Date the agreement was signed.")
    parties: IdSet = Field(default=(), description="Ids of the actors party to it (a set).")


class PolicyOption(_Position):
    """An action or proposal: "cease-fire first, then withdrawal", "send tanks to Ukraine"."""

    type: Literal["PolicyOption"] = "PolicyOption"


class Claim(_Position):
    """A proposition actors can believe or doubt: "Putin is serious about negotiating"."""

    type: Literal["Claim"] = "Claim"


class Source(BaseModel):
    """A document facts come from: an article, an interview, a leaked paper.

    A source known only through another (a document "seen by Bloomberg") names that one in
    ``reported_in``.
    """

    model_config = MODEL_CONFIG

    id: Id
    type: Literal["Source"] = "Source"
    title: Text
    publisher: Text | None = None
    author: Text | None = None
    date: Date | None = Field(default=None, description="Publication date.")
    url: Url | None = None
    reported_in: Id | None = Field(
        default=None, description="Id of the source that reports this one."
    )
    description: Text | None = None
    tags: TextSet = ()


Actor = Annotated[Person | State | Organization | Bloc, Field(discriminator="type")]
Position = Annotated[Agreement | PolicyOption | Claim, Field(discriminator="type")]
Node = Person | State | Organization | Bloc | Agreement | PolicyOption | Claim | Source


_N = TypeVar("_N", bound=_Named)


def plain_nodes(kind: type[_N], ids: Sequence[str], names: Sequence[str]) -> list[_N] | None:
    """``[kind(id=id, name=name) for id, name in zip(ids, names)]`` -- nodes with an id and a
    name, every other field at its default -- for bulk readers: built as ``model_construct``
    builds a model, without validating each, when one look at all of them shows that the ids
    are ids and the names texts a model holds as they are. None when some are not: validate
    each then (for its error).

    A reader's fifty thousand actors cost less than half their validation (``model_construct``
    itself costs more than validating a model this small).

    >>> plain_nodes(State, ["france"], ["France"]) == [State(id="france", name="France")]
    True
    >>> plain_nodes(State, ["France"], ["France"]) is None
    True

    Only this module's own models qualify: a subclass may refuse what they accept.
    """
    ids, names = list(ids), list(names)
    if len(ids) != len(names) or not (all_ids(ids) and all_texts(names)) \
            or max(map(len, ids), default=0) > _SHORT_TEXT:
        return None
    if kind.__module__ != __name__:  # a subclass may validate more than the ids and names
        return None
    if kind.__pydantic_post_init__ or kind.__private_attributes__:  # more than fields to set
        return None
    template = kind(id="x", name="x")  # (validated: its defaults as validation sets them)
    defaults = vars(template)
    new, set_attribute = kind.__new__, object.__setattr__
    nodes = []
    for id, name in zip(ids, names, strict=True):
        node = new(kind)
        # what model_construct sets: the fields, the fields given, no extra, no private
        set_attribute(node, "__dict__", {**defaults, "id": id, "name": name})
        set_attribute(node, "__pydantic_fields_set__", {"id", "name"})
        set_attribute(node, "__pydantic_extra__", None)
        set_attribute(node, "__pydantic_private__", None)
        nodes.append(node)
    return nodes
