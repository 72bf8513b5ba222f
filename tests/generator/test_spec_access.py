"""generator.spec_access: the one reading of $refs, media types, 2xx codes and parameters.

Expected answers come from the standards (RFC 6901 pointers, RFC 6839 ``+json``
suffixes, the IANA media type registry, OpenAPI's parameter override rule) and
from the small documents written in each test. The last tests check that
``lint`` and ``generate`` now read a request body the same way (lint used to
test ``"json" in media``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build_ir import build
from generator.spec_access import (
    deref,
    is_success,
    iter_operations,
    json_media,
    media_kind,
    merged_parameters,
    operations,
    refs_in,
    resolve,
    schema_component,
    success_responses,
)
from generator.toolkit.lint import lint
from generator.toolkit.lint_rules import RULES
from generator.toolkit.spec import load_spec

MEDIA = [
    ("application/json", "json"),
    ("application/json; charset=utf-8", "json"),
    ("Application/JSON", "json"),
    ("application/problem+json", "json"),
    ("application/vnd.github.v3+json", "json"),
    ("application/merge-patch+json", "json"),
    ("application/x-ndjson", "binary"),  # not JSON: passed through as bytes
    ("application/jsonl", "binary"),
    ("application/octocat-stream", "binary"),  # an unknown vendor type: bytes as they come
    ("application/xml", "other"),
    ("application/soap+xml", "other"),
    ("multipart/form-data", "multipart"),
    ("multipart/mixed; boundary=x", "multipart"),
    ("application/x-www-form-urlencoded", "form"),
    ("text/plain", "text"),
    ("text/html; charset=utf-8", "text"),
    ("text/csv", "text"),
    ("application/octet-stream", "binary"),
    ("image/png", "binary"),
    ("image/*", "binary"),
    ("application/pdf", "binary"),
    ("application/zip", "binary"),
    ("*/*", "binary"),
]


@pytest.mark.parametrize(("media", "kind"), MEDIA)
def test_media_kind(media: str, kind: str) -> None:
    assert media_kind(media) == kind


def test_json_media_is_the_first_json_entry_in_document_order() -> None:
    content = {"text/plain": {}, "application/hal+json": {}, "application/json": {}}
    assert json_media(content) == "application/hal+json"
    assert json_media({"application/x-ndjson": {}}) is None
    assert json_media(None) is None


@pytest.mark.parametrize(
    ("code", "success"),
    [("200", True), ("204", True), ("2XX", True), ("2xx", True), (201, True),
     ("default", False), ("302", False), ("20", False), ("2000", False), ("4XX", False)],
)  # fmt: skip
def test_is_success(code: str | int, success: bool) -> None:
    assert is_success(code) is success


def test_success_responses_are_sorted_by_code_and_keep_the_written_object() -> None:
    responses = {"default": {"d": 1}, "2XX": {"x": 1}, "201": {"c": 1}, "200": {"o": 1}}
    assert success_responses({"responses": responses}) == [
        ("200", {"o": 1}),
        ("201", {"c": 1}),
        ("2XX", {"x": 1}),
    ]
    assert success_responses({}) == []


DOC: dict[str, Any] = {
    "components": {
        "schemas": {
            "a/b": {"type": "string"},
            "Loop1": {"$ref": "#/components/schemas/Loop2"},
            "Loop2": {"$ref": "#/components/schemas/Loop1"},
            "Alias": {"$ref": "#/components/schemas/Target", "description": "near"},
            "Target": {"type": "integer", "description": "far", "minimum": 1},
            "With space": {"type": "boolean"},
        },
        "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
    }
}


def test_resolve_follows_chains_and_returns_the_target_pointer() -> None:
    node, pointer = resolve(DOC, {"$ref": "#/components/schemas/a~1b"}, "/here")
    assert node == {"type": "string"}
    assert pointer == "/components/schemas/a~1b"
    assert resolve(DOC, {"$ref": "#/components/schemas/With%20space"})[0] == {"type": "boolean"}
    assert resolve(DOC, {"type": "string"}, "/here") == ({"type": "string"}, "/here")


@pytest.mark.parametrize(
    "ref", ["#/components/schemas/Loop1", "#/components/schemas/Missing", "other.yaml#/X"]
)
def test_loops_dangling_and_foreign_refs_resolve_to_an_empty_schema(ref: str) -> None:
    assert deref(DOC, {"$ref": ref}) == {}


def test_keep_siblings_merges_the_keywords_next_to_a_ref() -> None:
    alias = {"$ref": "#/components/schemas/Alias", "title": "outer"}
    node, _ = resolve(DOC, alias, keep_siblings=True)
    assert node == {"type": "integer", "description": "near", "minimum": 1, "title": "outer"}
    assert deref(DOC, alias) == DOC["components"]["schemas"]["Target"]


def test_refs_in_finds_every_reference_written_at_any_depth_without_following_them() -> None:
    node = {
        "a": {"$ref": "#/components/schemas/Loop1"},
        "b": [{"items": {"$ref": "#/x"}}, {"$ref": 3}],
        "$ref": "#/top",
    }
    assert sorted(refs_in(node)) == ["#/components/schemas/Loop1", "#/top", "#/x"]


def test_schema_component_unescapes_the_component_key() -> None:
    assert schema_component("#/components/schemas/a~1b") == "a/b"
    assert schema_component("#/components/schemas/With%20space") == "With space"
    assert schema_component("#/components/schemas/T~0x/properties/p") == "T~x"
    assert schema_component("#/components/schemas/T/properties/p", whole=True) is None
    assert schema_component("#/components/parameters/Limit") is None


def test_operation_parameters_override_path_item_parameters_by_name_and_location() -> None:
    item = {
        "parameters": [
            {"name": "id", "in": "path", "required": True, "description": "item"},
            {"name": "id", "in": "query"},
        ],
        "get": {
            "parameters": [
                {"$ref": "#/components/parameters/Limit"},
                {"name": "id", "in": "path", "required": True, "description": "op"},
            ]
        },
    }
    merged = merged_parameters(DOC, item["get"], item, "/paths/~1x~1{id}/get")
    assert [(p.name, p.location) for p in merged] == [
        ("id", "path"),
        ("id", "query"),
        ("limit", "query"),
    ]
    assert merged[0].value["description"] == "op"
    assert merged[0].pointer == "/paths/~1x~1{id}/get/parameters/1"
    assert merged[1].pointer == "/paths/~1x~1{id}/parameters/1"
    assert merged[2].pointer == "/paths/~1x~1{id}/get/parameters/0"
    assert merged[2].defined_at == "/components/parameters/Limit"


def test_iter_operations_in_document_order() -> None:
    data = {
        "paths": {
            "/b": {"post": {"o": 1}, "get": {"o": 2}, "summary": "s", "parameters": []},
            "/a": {"delete": {"o": 3}},
            "/c": "not a path item",
        }
    }
    # Methods in the order OpenAPI lists them (get before post), paths as written.
    assert [(p, m) for p, m, _, _ in iter_operations(data)] == [
        ("/b", "get"),
        ("/b", "post"),
        ("/a", "delete"),
    ]
    views = list(operations(data))
    assert [v.pointer for v in views] == ["/paths/~1b/get", "/paths/~1b/post", "/paths/~1a/delete"]


# -- lint and generate read a body the same way ---------------------------------

SPEC = """\
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /things:
    post:
      operationId: createThing
      x-sdk-resource: things
      x-sdk-method: create
      parameters:
        - {name: limit, in: query, description: d, schema: {type: integer}}
      requestBody:
        content:
          MEDIA: {schema: {$ref: "#/components/schemas/Thing"}}
      responses:
        "204": {description: done}
components:
  schemas:
    Thing:
      type: object
      description: d
      properties:
        limit: {type: integer, description: d}
"""


def _write(tmp_path: Path, media: str) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.replace("MEDIA", yaml.safe_dump(media).split("\n")[0]), encoding="utf-8")
    return spec


@pytest.mark.parametrize(
    ("media", "is_json"),
    [
        ("application/json", True),
        ("Application/JSON; charset=utf-8", True),
        ("application/vnd.things+json", True),
        ("application/x-ndjson", False),
        ("application/jsonl", False),
    ],
)
def test_lint_and_generate_agree_on_which_bodies_are_json(
    tmp_path: Path, media: str, is_json: bool
) -> None:
    spec = load_spec(_write(tmp_path, media))
    collision = [r for r in RULES if r.id == "name-collision"]
    findings = lint(spec, collision)
    # The query parameter and the body field share the name 'limit' only in a JSON body.
    assert bool(findings) is is_json, findings
    api = build(spec.data, package="t_sdk", spec_name="spec.yaml", toolkit_version="t")
    (op,) = api.resources[0].operations
    assert op.body is not None
    if not is_json:  # sent as the bytes the caller gives, one argument: no field to collide
        assert op.body.kind == "binary"
        return
    assert [f.wire_name for f in op.body.fields] == ["limit"]
