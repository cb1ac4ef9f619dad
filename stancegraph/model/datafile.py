"""The shape of a stancegraph data file, as one pydantic model (the JSON Schema comes from it)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, Field

from ._types import MODEL_CONFIG
from .edges import Relation, Stance
from .nodes import Actor, Position, Source

__all__ = ["DataFile", "SECTIONS", "data_file_schema"]

#: The top-level keys of a data file, in the order they are written.
SECTIONS = ("sources", "actors", "positions", "relations", "stances")


class DataFile(BaseModel):
    """A stancegraph data file (YAML or JSON): five lists of records, each optional."""

    model_config = MODEL_CONFIG

    sources: list[Source] = Field(default=[], description="Documents the facts come from.")
    actors: list[Actor] = Field(default=[], description="People, states, organisations, blocs.")
    positions: list[Position] = Field(
        default=[], description="Agreements, policy options and claims stances are about."
    )
    relations: list[Relation] = Field(default=[], description="Relations between actors.")
    stances: list[Stance] = Field(default=[], description="Who supports, opposes or doubts what.")


def data_file_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the data file format.

    >>> schema = data_file_schema()
    >>> sorted(schema["properties"])
    ['actors', 'positions', 'relations', 'sources', 'stances']
    """
    schema = DataFile.model_json_schema(by_alias=True)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://w3id.org/stancegraph/data-file.schema.json",
        **schema,
        "title": "stancegraph data file",
    }
    # A round trip through json keeps the schema plain (no tuples), as it is written to disk.
    result: dict[str, Any] = json.loads(json.dumps(schema))
    return result
