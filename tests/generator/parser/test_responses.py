"""parser.responses: the first 2xx response decides the kind; kinds not generated yet are refused."""

from __future__ import annotations

from typing import Any

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


def test_text_and_binary_responses_are_refused_naming_their_media_types() -> None:
    for media in (["text/plain"], ["application/octet-stream", "image/png"], ["application/xml"]):
        _, parsed = _parse({"200": {"description": "ok", "content": {m: {} for m in media}}})
        ((problem),) = parsed.problems
        assert (
            problem.message == f"response media types {sorted(media)} are not supported (only JSON)"
        )
        assert problem.location is not None
        assert problem.location.pointer == join_pointer(
            "/paths", "/things", "get", "responses", "200"
        )
