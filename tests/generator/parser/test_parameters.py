"""parser.parameters: merged parameters as IR, refusals naming the parameter."""

from __future__ import annotations

from typing import Any

from generator.errors import join_pointer
from generator.ir import Parameter
from generator.parser.context import Parsed
from generator.parser.parameters import parse_parameters
from tests.generator.parser.support import context, document, only_operation

OP = join_pointer("/paths", "/things/{id}", "get")


def _parse(
    params: list[dict[str, Any]], item_params: list[dict[str, Any]] | None = None
) -> Parsed[tuple[Parameter, ...]]:
    data = document({"parameters": params}, path="/things/{id}", method="get")
    if item_params:
        data["paths"]["/things/{id}"]["parameters"] = item_params
    return parse_parameters(context(data), only_operation(data))


def test_parameters_keep_wire_name_location_and_requiredness() -> None:
    parsed = _parse(
        [
            {"name": "id", "in": "path", "schema": {"type": "string"}},
            {"name": "page-size", "in": "query", "schema": {"type": "integer"}, "style": "form"},
            {"name": "X-Trace", "in": "header", "required": True, "schema": {"type": "string"}},
        ]
    )
    assert parsed.problems == ()
    got = [(p.wire_name, p.location, p.required, p.type_hint, p.spec.style) for p in parsed.value]
    assert got == [
        ("id", "path", True, "str", None),  # path parameters are always required
        ("page-size", "query", False, "int", "form"),
        ("X-Trace", "header", True, "str", None),
    ]
    assert all(p.python_name.isidentifier() for p in parsed.value)


def test_the_same_name_in_two_locations_becomes_two_distinct_arguments() -> None:
    parsed = _parse(
        [{"name": "id", "in": "query", "schema": {"type": "string"}}],
        [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
    )
    names = [p.python_name for p in parsed.value]
    assert len(set(names)) == 2
    assert [p.location for p in parsed.value] == ["path", "query"]


def test_cookie_and_json_content_typed_parameters_are_kept() -> None:
    parsed = _parse(
        [
            {"name": "session", "in": "cookie", "schema": {"type": "string"}},
            {
                "name": "filter",
                "in": "query",
                "content": {"application/json": {"schema": {"type": "object"}}},
            },
        ]
    )
    assert parsed.problems == ()
    session, filter_ = (p.spec for p in parsed.value)
    assert (session.location, session.media_type) == ("cookie", None)
    assert (filter_.location, filter_.media_type, filter_.schema) == (
        "query",
        "application/json",
        {"type": "object"},
    )


def test_content_typed_parameters_other_than_json_are_sent_as_text() -> None:
    parsed = _parse(
        [
            {"name": "id", "in": "path", "content": {"*/*": {"schema": {"type": "string"}}}},
            {
                "name": "n",
                "in": "query",
                "content": {"text/plain": {"schema": {"type": "integer"}}},
            },
            {
                "name": "doc",
                "in": "query",
                "content": {"text/plain": {"schema": {"type": "object"}}},
            },
        ]
    )
    assert parsed.problems == ()
    found = [(p.wire_name, p.spec.media_type, p.spec.schema, p.type_hint) for p in parsed.value]
    assert found == [
        ("id", None, {"type": "string"}, "str"),
        ("n", None, {"type": "integer"}, "int"),
        ("doc", None, {"type": "string"}, "str"),  # serialized by the caller
    ]


def test_a_parameter_without_schema_or_content_is_refused_by_name_at_its_place() -> None:
    parsed = _parse(
        [
            {"name": "id", "in": "path", "schema": {"type": "string"}},
            {"name": "q", "in": "query", "content": {}},
        ]
    )
    assert [p.wire_name for p in parsed.value] == ["id"]
    found = [(p.code, p.message, p.location.pointer if p.location else "") for p in parsed.problems]
    assert found == [
        ("unsupported", "parameter 'q' has no schema and no content", join_pointer(OP, "parameters", 1)),
    ]  # fmt: skip
