"""parser.responses: the first 2xx response decides the kind; a response of no known kind is refused."""

from __future__ import annotations

from typing import Any

import pytest

from generator.errors import join_pointer
from generator.parser.context import ParseContext, Parsed
from generator.parser.responses import ParsedResponse, parse_response
from tests.generator.parser.support import context, document, only_operation

THING = {"type": "object", "properties": {"id": {"type": "string"}}}


def _parse(responses: dict[str, Any]) -> tuple[ParseContext, Parsed[ParsedResponse]]:
    data = document({"responses": responses}, method="get", schemas={"Thing": THING})
    ctx = context(data)
    return ctx, parse_response(ctx, only_operation(data), "getThing")


def _json(schema: Any, media: str = "application/json") -> dict[str, Any]:
    return {"description": "ok", "content": {media: {"schema": schema}}}


def test_a_component_object_is_a_model() -> None:
    _, parsed = _parse({"200": _json({"$ref": "#/components/schemas/Thing"})})
    got = parsed.value
    assert (got.response.kind, got.response.media_type, got.type_hint) == (
        "model", "application/json", "Thing",
    )  # fmt: skip
    assert got.schema == THING


def test_an_inline_object_is_a_model_with_a_class_of_its_own() -> None:
    ctx, parsed = _parse({"200": _json(THING, "application/problem+json")})
    assert parsed.value.response.kind == "model"
    assert parsed.value.type_hint in ctx.synthetic


def test_an_array_is_a_value() -> None:
    _, parsed = _parse(
        {"200": _json({"type": "array", "items": {"$ref": "#/components/schemas/Thing"}})}
    )
    assert parsed.value.response.kind == "value"
    assert parsed.value.type_hint == "list[Thing]"


def test_no_content_no_schema_and_no_2xx_are_empty() -> None:
    for responses in (
        {"204": {"description": "done"}},
        {"200": {"description": "ok", "content": {"application/json": {}}}},
        {"default": _json({"$ref": "#/components/schemas/Thing"})},
    ):
        _, parsed = _parse(responses)
        assert (parsed.value.response.kind, parsed.value.type_hint, parsed.problems) == (
            "empty",
            None,
            (),
        )


def test_the_lowest_2xx_code_decides() -> None:
    _, parsed = _parse(
        {"201": {"description": "made"}, "200": _json({"type": "string"}), "404": _json(THING)}
    )
    assert (parsed.value.response.kind, parsed.value.type_hint) == ("value", "str")


@pytest.mark.parametrize(
    ("media", "kind", "hint"),
    [
        (["text/plain"], "text", "str"),
        (["text/html; charset=utf-8"], "text", "str"),
        (["application/octet-stream", "image/png"], "binary", None),
        (["*/*"], "binary", None),
        (["application/pdf"], "binary", None),
        (["application/xml", "text/csv"], "text", "str"),  # XML without schema: its text
    ],
)
def test_text_is_a_str_and_binary_types_are_a_binary_response(
    media: list[str], kind: str, hint: str | None
) -> None:
    _, parsed = _parse({"200": {"description": "ok", "content": {m: {} for m in media}}})
    assert parsed.problems == ()
    response = parsed.value.response
    assert (response.kind, response.media_type, parsed.value.type_hint) == (
        kind, media[0], hint,
    )  # fmt: skip


def test_an_xml_response_with_a_structured_schema_is_its_text_with_a_note() -> None:
    xml = {"application/xml": {"schema": {"$ref": "#/components/schemas/Thing"}}}
    _, parsed = _parse({"200": {"description": "ok", "content": xml}})
    assert parsed.problems == ()
    assert (parsed.value.response.kind, parsed.value.type_hint) == ("text", "str")
    assert "the spec's schema 'Thing' describes its structure" in parsed.value.note


def test_a_response_of_no_known_kind_is_refused_naming_its_media_types() -> None:
    mixed = {"multipart/mixed": {"schema": {"type": "object"}}}
    _, parsed = _parse({"200": {"description": "ok", "content": mixed}})
    ((problem),) = parsed.problems
    assert problem.message == (
        "response media types ['multipart/mixed'] are not supported"
        " (JSON, text/* and binary types are)"
    )
    assert problem.location is not None
    assert problem.location.pointer == join_pointer("/paths", "/things", "get", "responses", "200")
