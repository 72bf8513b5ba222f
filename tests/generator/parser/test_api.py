"""parser.api (``generator.build_ir.build``): the whole IR, or every problem at once."""

from __future__ import annotations

import pytest

from generator.build_ir import build
from generator.errors import GeneratorError
from tests.generator.parser.support import document


def test_every_problem_of_every_operation_is_raised_together() -> None:
    data = document({"requestBody": {"content": {}}})
    data["paths"]["/other"] = {
        "get": {
            "operationId": "other",
            "parameters": [{"name": "s", "in": "query", "content": {}}],
            "responses": {"200": {"description": "ok"}},
        }
    }
    data["info"]["x-sdk-client-name"] = "not a name"
    with pytest.raises(GeneratorError) as caught:
        build(data, package="t_sdk", spec_name="spec.yaml", toolkit_version="t")
    assert [p.code for p in caught.value.problems] == [
        "invalid-sdk-name",
        "unsupported",
        "unsupported",
    ]


def test_the_api_collects_resources_paginations_and_kinds() -> None:
    data = document(
        {
            "x-sdk-resource": "things",
            "x-sdk-method": "list",
            "parameters": [{"name": "after", "in": "query", "schema": {"type": "string"}}],
            "x-sdk-pagination": {
                "cursorParam": "after",
                "nextCursorField": "next",
                "itemsField": "data",
            },
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Page"}}
                    },
                }
            },
        },
        method="get",
        schemas={
            "Page": {
                "type": "object",
                "properties": {
                    "data": {"type": "array", "items": {"type": "string"}},
                    "next": {"type": "string"},
                },
            }
        },
        servers=[{"url": "https://api.example.com/"}],
    )
    api = build(data, package="t_sdk", spec_name="spec.yaml", toolkit_version="t")
    (resource,) = api.resources
    (op,) = resource.operations
    assert op.response.kind == "model"
    assert op.pagination is not None
    assert api.paginations == (op.pagination,)
    assert api.default_base_url == "https://api.example.com"
    assert api.client_class == "T"
    assert api.async_client_class == "AsyncT"
