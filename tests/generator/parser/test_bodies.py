"""parser.bodies: each request body gets its kind; kinds not generated yet are refused as before."""

from __future__ import annotations

from typing import Any

import pytest

from generator.errors import join_pointer
from generator.parser.bodies import body_shape, parse_body
from tests.generator.parser.support import context, document, only_operation

BODY = join_pointer("/paths", "/things", "post", "requestBody")
THING = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "description": "The name."},
        "size": {"type": "integer"},
    },
}


def _data(content: dict[str, Any], **body: Any) -> dict[str, Any]:
    return document({"requestBody": {"content": content, **body}}, schemas={"Thing": THING})


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ({"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}, "json-fields"),
        ({"application/json": {"schema": THING}}, "json-fields"),
        ({"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}, "json-value"),
        ({"application/json": {"schema": {"type": "string"}}}, "json-value"),
        ({"application/json": {"schema": {"allOf": [{"$ref": "#/components/schemas/Thing"}]}}}, "json-fields"),
        ({"application/json": {"schema": {"allOf": [{"type": "string"}]}}}, "json-value"),
        ({"application/json": {"schema": {"type": "object"}}}, "json-value"),
        ({"application/json": {"schema": {"type": "object", "additionalProperties": {"type": "integer"}}}}, "json-value"),
        ({"application/json": {"schema": {"type": "object", "additionalProperties": False}}}, "json-fields"),
        ({"application/json": {"schema": {}}}, "json-value"),
        ({"application/json": {"schema": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}}, "json-value"),
        ({"multipart/form-data": {"schema": THING}}, "multipart"),
        ({"application/x-www-form-urlencoded": {"schema": THING}}, "form"),
        ({"application/octet-stream": {}}, "binary"),
        ({"image/png": {}}, "binary"),
        ({"text/plain": {"schema": {"type": "string"}}}, "text"),
        ({"application/xml": {}}, "text"),
        ({"application/xml": {"schema": {"type": "string"}}}, "text"),
        # XML whatever its schema: the document's text, sent as given
        ({"application/xml": {"schema": {"type": "object"}}}, "text"),
        ({"application/soap+xml": {"schema": {"$ref": "#/components/schemas/Thing"}}}, "text"),
        ({"text/xml": {"schema": THING}}, "text"),
        # JSON is preferred wherever it is listed.
        ({"multipart/form-data": {"schema": THING}, "application/json": {"schema": THING}}, "json-fields"),
    ],
)  # fmt: skip
def test_body_kind(content: dict[str, Any], kind: str | None) -> None:
    data = _data(content)
    assert body_shape(context(data), content, BODY).kind == kind


def test_a_json_object_body_is_offered_as_its_fields() -> None:
    data = _data(
        {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}, required=True
    )
    parsed = parse_body(context(data), only_operation(data), "createThing")
    body = parsed.value
    assert parsed.problems == ()
    assert body is not None
    assert (body.kind, body.media_type, body.model, body.required) == (
        "json-fields", "application/json", "Thing", True,
    )  # fmt: skip
    assert [(f.wire_name, f.required, f.type_hint) for f in body.fields] == [
        ("name", True, "str"),
        ("size", False, "int"),
    ]
    assert body.fields[0].docstring_line == "The name."


def test_an_inline_object_body_gets_its_own_model_class() -> None:
    data = _data({"application/vnd.things+json": {"schema": THING}})
    ctx = context(data)
    body = parse_body(ctx, only_operation(data), "createThing").value
    assert body is not None
    assert body.media_type == "application/vnd.things+json"
    assert body.model in ctx.synthetic
    assert body.model not in ctx.schema_classes.values()


def test_no_body_is_none_without_problems() -> None:
    data = document()
    assert parse_body(context(data), only_operation(data), "createThing").value is None
    assert parse_body(context(data), only_operation(data), "createThing").problems == ()


@pytest.mark.parametrize(
    ("content", "message", "where"),
    [
        (
            {},
            "request body media types [] are not supported"
            " (JSON, multipart, form, text/*, XML and binary types are)",
            BODY,
        ),
    ],
)
def test_kinds_not_generated_yet_are_refused_naming_the_body(
    content: dict[str, Any], message: str, where: str
) -> None:
    data = _data(content)
    parsed = parse_body(context(data), only_operation(data), "createThing")
    assert parsed.value is None
    ((problem),) = parsed.problems
    assert (problem.code, problem.message) == ("unsupported", message)
    assert problem.location is not None
    assert problem.location.pointer == where


@pytest.mark.parametrize(
    ("media", "schema", "note"),
    [
        ("application/xml", {"$ref": "#/components/schemas/Thing"}, "the spec's schema 'Thing'"),
        ("text/xml", THING, "the spec's schema describes"),
        ("application/xml", {"type": "string"}, None),
    ],
)
def test_an_xml_body_is_the_document_as_str_or_bytes_and_its_docstring_says_what_the_schema_is(
    media: str, schema: dict[str, Any], note: str | None
) -> None:
    data = _data({media: {"schema": schema}}, required=True)
    parsed = parse_body(context(data), only_operation(data), "createThing")
    body = parsed.value
    assert parsed.problems == ()
    assert body is not None
    assert (body.kind, body.media_type, body.model) == ("text", media, None)
    ((argument),) = body.fields
    assert (argument.python_name, argument.type_hint, argument.required) == (
        "body", "str | bytes", True,
    )  # fmt: skip
    line = argument.docstring_line
    assert line.startswith(f"The {media} document (str or bytes), sent as given.")
    if note is None:
        assert "schema" not in line
    else:
        assert note in line
        assert "neither builds nor checks it" in line


def test_an_all_of_body_is_offered_as_the_merged_fields_of_its_members() -> None:
    schema = {
        "allOf": [
            {"$ref": "#/components/schemas/Thing"},
            {
                "type": "object",
                "required": ["colour"],
                "properties": {"colour": {"type": "string"}},
            },
        ]
    }
    data = _data({"application/json": {"schema": schema}})
    ctx = context(data)
    body = parse_body(ctx, only_operation(data), "createThing").value
    assert body is not None
    assert body.kind == "json-fields"
    assert [(f.wire_name, f.required) for f in body.fields] == [
        ("name", True), ("size", False), ("colour", True),
    ]  # fmt: skip
    assert body.model in ctx.synthetic  # an inline composition gets its own class


@pytest.mark.parametrize(
    ("schema", "hint", "value_type", "checked"),
    [
        ({"type": "array", "items": {"type": "string"}}, "Sequence[str]", "list[str]", True),
        ({"type": "string", "maxLength": 3}, "str", "str", True),
        (
            {"oneOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "integer"}]},
            "Thing | Mapping[str, object] | int",
            "Thing | int",
            False,  # objects are validated by their classes, not by the schema check
        ),
    ],
)
def test_any_other_json_body_is_one_typed_body_argument(
    schema: dict[str, Any], hint: str, value_type: str, checked: bool
) -> None:
    data = _data({"application/json": {"schema": schema}}, required=True)
    body = parse_body(context(data), only_operation(data), "createThing").value
    assert body is not None
    assert (body.kind, body.model, body.value_type) == ("json-value", None, value_type)
    assert [(f.python_name, f.type_hint, f.required) for f in body.fields] == [("body", hint, True)]
    assert (body.value_schema is not None) == checked
