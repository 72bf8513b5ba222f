"""The corpus's counts of a spec: operations, schemas and construct tags, on hand-made specs."""

from __future__ import annotations

from typing import Any

from benchmarks.corpus import spec_stats


def _spec(**extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "parameters": [{"name": "x", "in": "query", "schema": {"type": "string"}}],
                "get": {"responses": {"200": {"description": "ok"}}},
                "post": {"responses": {"201": {"description": "ok"}}},
                "summary": "not an operation",
                "x-extension": {"get": "not an operation either"},
            },
            "/b": {"$ref": "#/components/pathItems/B"},
        },
        "components": {
            "schemas": {"A": {"type": "object"}, "B": {"type": "string"}},
            "pathItems": {"B": {"delete": {"responses": {"204": {"description": "gone"}}}}},
        },
        "webhooks": {"w": {"post": {"responses": {"200": {"description": "ok"}}}}},
    }
    spec.update(extra)
    return spec


def test_operations_are_the_methods_of_path_items_including_referenced_ones() -> None:
    spec = _spec()
    found = sorted((path, method) for path, method, _ in spec_stats.iter_operations(spec))
    assert found == [("/a", "get"), ("/a", "post"), ("/b", "delete")]
    assert spec_stats.count_operations(spec) == 3


def test_schemas_are_counted_in_components_or_in_swagger_definitions() -> None:
    assert spec_stats.count_schemas(_spec()) == 2
    assert spec_stats.count_schemas({"swagger": "2.0", "definitions": {"X": {}}}) == 1
    assert spec_stats.count_schemas({"openapi": "3.0.0", "paths": {}}) == 0


def test_a_spec_without_paths_has_no_operations() -> None:
    assert spec_stats.count_operations({"openapi": "3.1.0", "webhooks": {}}) == 0
    assert spec_stats.count_operations({"openapi": "3.1.0", "paths": None}) == 0


def test_plain_json_spec_has_no_construct_tags() -> None:
    assert spec_stats.constructs(_spec()) == []


def test_construct_tags_follow_references_to_bodies_responses_and_schemes() -> None:
    spec = _spec(openapi="3.1.0")
    spec["components"].update(
        {
            "requestBodies": {
                "Upload": {"content": {"multipart/form-data": {"schema": {"type": "object"}}}}
            },
            "responses": {"Csv": {"description": "csv", "content": {"text/csv": {}}}},
            "securitySchemes": {
                "q": {"type": "apiKey", "in": "query", "name": "key"},
                "h": {"type": "apiKey", "in": "header", "name": "X-Key"},
            },
            "schemas": {"List": {"type": "array", "items": {"type": "string"}}},
        }
    )
    spec["paths"]["/c"] = {
        "put": {
            "requestBody": {"$ref": "#/components/requestBodies/Upload"},
            "responses": {"200": {"$ref": "#/components/responses/Csv"}},
        },
        "post": {
            "parameters": [{"name": "f", "in": "query", "content": {"application/json": {}}}],
            "requestBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/List"}}}
            },
            "responses": {"200": {"description": "x", "content": {"image/png": {}}}},
        },
    }
    assert spec_stats.constructs(spec) == [
        "3.1",
        "multipart",
        "array-body",
        "text-resp",
        "binary-resp",
        "apikey-query",
        "content-param",
    ]


def test_media_kinds() -> None:
    kinds = {
        media: spec_stats.media_kind(media)
        for media in (
            "application/json",
            "application/problem+json",
            "application/json; charset=utf-8",
            "multipart/form-data",
            "application/x-www-form-urlencoded",
            "text/plain",
            "application/xml",
            "application/octet-stream",
            "*/*",
        )
    }
    assert kinds == {
        "application/json": "json",
        "application/problem+json": "json",
        "application/json; charset=utf-8": "json",
        "multipart/form-data": "multipart",
        "application/x-www-form-urlencoded": "form",
        "text/plain": "text",
        "application/xml": "text",
        "application/octet-stream": "binary",
        "*/*": "binary",
    }


def test_a_dangling_reference_counts_as_nothing() -> None:
    spec = _spec()
    spec["paths"]["/d"] = {"$ref": "#/components/pathItems/Missing"}
    assert spec_stats.count_operations(spec) == 3
