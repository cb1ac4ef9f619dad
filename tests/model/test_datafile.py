from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

import stancegraph as sg

ROOT = Path(__file__).parents[2]


def test_shipped_schema_is_current() -> None:
    shipped = json.loads((ROOT / "ontology" / "stancegraph-data.schema.json").read_text())
    assert shipped == sg.data_file_schema(), (
        "regenerate with: stancegraph schema > ontology/stancegraph-data.schema.json")


def test_schema_is_valid_and_accepts_the_examples(nato: sg.StanceGraph) -> None:
    schema = sg.data_file_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(json.loads(sg.dumps(nato, format="json")))
    validator.validate(sg.to_records(nato, json=True, full=True))


def test_schema_rejects_what_the_loader_rejects() -> None:
    validator = jsonschema.Draft202012Validator(sg.data_file_schema())
    bad = yaml.safe_load("actors: [{id: Greens, type: Organization, name: Green Party}]")
    assert not validator.is_valid(bad)
    bad = {"stances": [{"holder": "a", "relation": "likes", "target": "b"}]}
    assert not validator.is_valid(bad)
    bad = {"actors": [{"id": "a", "type": "Planet", "name": "A"}]}
    assert not validator.is_valid(bad)
