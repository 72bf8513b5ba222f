"""The types module rendered from what ``render_types.what_it_reads`` keeps of the spec is
the one rendered from the whole spec (the child process that renders it gets only that)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.render_types import render_types, what_it_reads
from tests.generator.helpers import ROOT, rendering_inputs

ITEM = {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}
# A schema may reach into the paths (GitHub's spec does) or into other components.
REACHING: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "reaching", "version": "1"},
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": ITEM}},
                    }
                },
            }
        }
    },
    "x-extra": {"big": ["data"] * 10},
    "components": {
        "parameters": {
            "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 9}}
        },
        "examples": {"one": {"value": {"id": 1}}},
        "schemas": {
            "Page": {
                "type": "object",
                "properties": {
                    "items": {
                        "type": "array",
                        "items": {
                            "$ref": "#/paths/~1items/get/responses/200/content/"
                            "application~1json/schema"
                        },
                    },
                    "limit": {"$ref": "#/components/parameters/limit/schema"},
                },
            },
        },
    },
}


@pytest.mark.parametrize("name", ["reaching", "curated"])
def test_what_it_reads_renders_the_same_types(tmp_path: Path, name: str) -> None:
    if name == "curated":
        spec = ROOT / "spec" / "openapi.yaml"
    else:
        spec = tmp_path / "reaching.json"
        spec.write_text(json.dumps(REACHING), encoding="utf-8")
    data, api = rendering_inputs(spec)
    kept, slim = what_it_reads(data, api)
    assert slim.resources == ()
    assert "x-extra" not in kept
    if name == "reaching":  # what the schemas reach is kept, the rest left out
        assert set(kept["components"]) == {"schemas", "parameters"}
        assert "paths" in kept
    else:
        assert "paths" not in kept
    whole = render_types(data, api, "# header")
    assert render_types(kept, slim, "# header") == whole
    assert "class Page" in whole["types.py"] or name == "curated"
