"""parser.operations: resource path, signature names, constants and docstrings of an operation."""

from __future__ import annotations

from typing import Any

from generator.parser.operations import docstring, parse_operation, resource_path
from generator.spec_access import OperationView
from tests.generator.parser.support import context, document, only_operation


def _view(op: dict[str, Any], path: str = "/things/{id}/parts") -> OperationView:
    return only_operation(document(op, path=path))


def test_resource_path_from_the_extension_a_tag_or_the_first_literal_segment() -> None:
    assert resource_path(_view({"x-sdk-resource": "models.train"})) == ("models", "train")
    assert resource_path(_view({"tags": ["Pet Store", "other"]})) == ("pet_store",)
    assert resource_path(_view({}, path="/{id}/things")) == ("things",)
    assert resource_path(_view({}, path="/{id}")) == ("root",)


def test_parameters_and_body_fields_get_distinct_argument_names() -> None:
    data = document(
        {
            "parameters": [{"name": "name", "in": "query", "schema": {"type": "string"}}],
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "properties": {"name": {"type": "string"}}}
                    }
                }
            },
        }
    )
    parsed = parse_operation(context(data), only_operation(data), set())
    op = parsed.value.operation
    assert parsed.problems == ()
    assert op.body is not None
    names = [p.python_name for p in op.params] + [f.python_name for f in op.body.fields]
    assert len(set(names)) == 2
    assert [p.wire_name for p in op.params] + [f.wire_name for f in op.body.fields] == [
        "name",
        "name",
    ]
    assert op.body.model in op.type_names


def test_constants_are_unique_across_operations() -> None:
    data = document({"x-sdk-resource": "things", "x-sdk-method": "make"})
    ctx, view, used = context(data), only_operation(data), set[str]()
    first = parse_operation(ctx, view, used).value.operation.constant
    second = parse_operation(ctx, view, used).value.operation.constant
    assert first != second
    assert {first.lower(), second.lower()} == used  # kept lower-cased, as names collide


def test_docstring_summary_and_description_once_deprecated_first() -> None:
    assert docstring(_view({"summary": "Make.", "description": "Make."})) == "Make."
    assert docstring(_view({"summary": "Make.", "description": "Long."})) == "Make.\n\nLong."
    assert docstring(_view({"deprecated": True})) == "Deprecated.\n\nPOST /things/{id}/parts"


def test_the_problems_of_every_part_are_returned_together() -> None:
    data = document(
        {
            "parameters": [{"name": "s", "in": "query", "content": {}}],
            "requestBody": {"content": {}},
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"multipart/mixed": {"schema": {"type": "object"}}},
                }
            },
        }
    )
    parsed = parse_operation(context(data), only_operation(data), set())
    assert [p.message.split(" ")[0:2] for p in parsed.problems] == [
        ["parameter", "'s'"],
        ["request", "body"],
        ["response", "media"],
    ]


def test_the_content_type_argument_never_takes_a_fields_name() -> None:
    schema = {"type": "object", "properties": {"content_type": {"type": "string"}}}
    data = document(
        {
            "requestBody": {
                "content": {
                    "application/json": {"schema": schema},
                    "multipart/form-data": {"schema": schema},
                }
            }
        }
    )
    op = parse_operation(context(data), only_operation(data), set()).value.operation
    names = [a.python_name for a in op.arguments]
    assert len(names) == len(set(names))
    assert names[0] == "content_type"  # the body field keeps its name
    assert op.body is not None
    assert op.body.content_type_argument is not None
    assert op.body.content_type_argument.python_name in names[1:]
