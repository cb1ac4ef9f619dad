"""DNA entities (the values of the person, organization and concept variables) as nodes.

Each entity with a non-empty value becomes one node whose ``name`` is the value and whose id is
its slug (see :mod:`stancegraph.io._slugs`). A value that an entity of an earlier role already
has (``person``, then ``organization``, then ``concept``) names its node with the role, as
``"EPA (organization)"`` (id ``epa-organization``): no two nodes share a name. Its attributes and
colour are kept:

- ``Type``: the node's type when it names one that fits the variable (any actor type for an
  organization, a position type for a concept; a person is always a ``Person``), else the tag
  ``type:<value>``;
- ``Alias``: an alias; ``Notes``: the description; any other attribute: the tag
  ``<attribute>:<value>`` (attribute names in lower case);
- the colour: the tag ``color:#rrggbb`` (unless it is black, DNA's default);
- ``ChildOf``: ``broader`` when both are concepts mapped to positions, else the tag
  ``child-of:<parent id>``.

>>> node_type("organization", "state"), node_type("concept", "Policy option")
('State', 'PolicyOption')
>>> node_type("concept", "State") is None
True
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from .._slugs import Slugs

__all__ = ["ROLES", "Entity", "node_type", "read_entities"]

#: The variables of the default statement type whose entities become nodes, in the order
#: their ids are made, with the node type each gets by default.
ROLES: dict[str, str] = {"person": "Person", "organization": "Organization",
                         "concept": "PolicyOption"}
_ALLOWED = {
    "person": ("Person",),
    "organization": ("Person", "State", "Organization", "Bloc"),
    "concept": ("Agreement", "PolicyOption", "Claim"),
}


def _key(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


_TYPE_NAMES = {_key(t): t for types in _ALLOWED.values() for t in types}
_TYPE_NAMES["organisation"] = "Organization"


def node_type(role: str, value: str) -> str | None:
    """The node type a ``Type`` attribute names for an entity of ``role``, if it fits.

    Case, spaces and punctuation do not matter, and ``organisation`` is ``Organization``.
    """
    name = _TYPE_NAMES.get(_key(value))
    return name if name in _ALLOWED[role] else None


@dataclass
class Entity:
    """One DNA entity and the node made of it."""

    dna_id: int
    role: str
    variable: int
    node_id: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def section(self) -> str:
        return "positions" if self.data["type"] in _ALLOWED["concept"] else "actors"


def read_entities(conn: sqlite3.Connection, variables: dict[str, int],
                  slugs: Slugs) -> dict[int, Entity]:
    """The nodes of the entities of the given variables (role -> variable id), by entity ID.

    Ids are made role by role in the order of :data:`ROLES`, each role's entities by ID.
    """
    role_of = {variable: role for role, variable in variables.items()}
    marks = ", ".join("?" * len(role_of))
    rows = conn.execute(
        "SELECT ID, VariableId, Value, Red, Green, Blue, ChildOf FROM ENTITIES "
        f"WHERE VariableId IN ({marks}) ORDER BY ID", list(role_of)).fetchall()
    attributes: dict[int, list[tuple[str, str]]] = {}
    for entity, name, value in conn.execute(
            "SELECT e.ID, v.AttributeVariable, a.AttributeValue FROM ATTRIBUTEVALUES a "
            "JOIN ATTRIBUTEVARIABLES v ON v.ID = a.AttributeVariableId "
            "JOIN ENTITIES e ON e.ID = a.EntityId AND e.VariableId = v.VariableId "
            f"WHERE v.VariableId IN ({marks}) ORDER BY e.ID, v.AttributeVariable, a.ID",
            list(role_of)):
        if value is not None and value.strip():
            attributes.setdefault(entity, []).append((name.strip(), value.strip()))

    entities: dict[int, Entity] = {}
    parents: dict[int, int] = {}
    order = {role: i for i, role in enumerate(ROLES)}
    first_role: dict[str, str] = {}  # a value -> the role that named a node with it first
    for dna_id, variable, value, red, green, blue, child_of in sorted(
            rows, key=lambda row: (order[role_of[row[1]]], row[0])):
        if not value.strip():
            continue  # DNA's empty entity: a variable left blank
        role = role_of[variable]
        name = value.strip()
        if first_role.setdefault(name, role) != role:  # "EPA" a person and an organization
            name = f"{name} ({role})"
        entity = Entity(dna_id, role, variable, slugs.make(
            name if name != value.strip() else value, fallback=f"entity-{dna_id}"))
        entity.data = _node(role, entity.node_id, name, attributes.get(dna_id, []))
        if red is not None and green is not None and blue is not None and (red, green, blue) != (
                0, 0, 0):  # black is DNA's default colour: not a choice to keep
            entity.data["tags"].add(f"color:#{red:02x}{green:02x}{blue:02x}")
        if child_of is not None:
            parents[dna_id] = child_of
        entities[dna_id] = entity
    for child, parent in parents.items():
        _link(entities[child], entities.get(parent), parent)
    for entity in entities.values():
        entity.data["tags"] = sorted(entity.data["tags"])
    return entities


def _node(role: str, id: str, name: str, attributes: list[tuple[str, str]]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": id, "type": ROLES[role], "name": name, "tags": set()}
    aliases: set[str] = set()
    notes: list[str] = []
    for attribute, value in attributes:
        key = attribute.lower()
        if key == "type" and node_type(role, value) is not None:
            data["type"] = node_type(role, value)
        elif key == "alias":
            aliases.add(value)
        elif key == "notes":
            notes.append(value)
        else:
            data["tags"].add(f"{key}:{value}")
    if aliases:
        data["aliases"] = sorted(aliases)
    if notes:
        data["description"] = "\n\n".join(notes)
    return data


def _link(child: Entity, parent: Entity | None, parent_dna_id: int) -> None:
    if parent is not None and child.section == parent.section == "positions":
        child.data["broader"] = parent.node_id
    else:
        target = parent.node_id if parent is not None else f"dna-entity-{parent_dna_id}"
        child.data["tags"].add(f"child-of:{target}")
