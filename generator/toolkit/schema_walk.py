"""Every schema of a bundled spec, with its JSON pointer and the role it plays.

Roots: components (schemas, parameters, request bodies, responses, headers)
and every operation's parameters, request body, responses and headers. Inside
a schema the walk descends into every subschema keyword of JSON Schema 2020-12
but never follows a ``$ref`` (each schema is visited where it is written).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.errors import join_pointer
from generator.spec_access import iter_operations

# keyword -> role of the subschema(s) under it
_ONE = {
    "items": "items",
    "additionalProperties": "additionalProperties",
    "not": "composition",
    "if": "composition",
    "then": "composition",
    "else": "composition",
    "contains": "items",
    "propertyNames": "propertyNames",
    "unevaluatedItems": "items",
    "unevaluatedProperties": "additionalProperties",
}
_LIST = {"allOf": "allOf", "anyOf": "composition", "oneOf": "composition", "prefixItems": "items"}
_MAP = {
    "properties": "property",
    "patternProperties": "additionalProperties",
    "$defs": "component",
    "dependentSchemas": "composition",
}


@dataclass(frozen=True)
class SchemaNode:
    """One schema: where it is, what it is, and the name it has there (property, component...).

    ``role``: ``component``, ``property``, ``items``, ``additionalProperties``,
    ``propertyNames``, ``allOf``, ``composition`` (anyOf/oneOf/not/if...),
    ``parameter``, ``request``, ``response`` or ``header``.
    """

    pointer: str
    schema: dict[str, Any]
    role: str
    name: str | None = None


def _content(content: Any, pointer: str, role: str) -> Iterator[tuple[str, Any, str, str | None]]:
    for media, item in (content or {}).items():
        if isinstance(item, dict) and "schema" in item:
            yield join_pointer(pointer, media, "schema"), item["schema"], role, None


def _response(response: Any, pointer: str) -> Iterator[tuple[str, Any, str, str | None]]:
    if not isinstance(response, dict):
        return
    yield from _content(response.get("content"), join_pointer(pointer, "content"), "response")
    for name, header in (response.get("headers") or {}).items():
        if isinstance(header, dict) and "schema" in header:
            yield join_pointer(pointer, "headers", name, "schema"), header["schema"], "header", name


def _parameters(params: Any, pointer: str) -> Iterator[tuple[str, Any, str, str | None]]:
    for index, param in enumerate(params or []):
        if isinstance(param, dict) and "schema" in param:
            name = param.get("name")
            where = join_pointer(pointer, index, "schema")
            yield where, param["schema"], "parameter", str(name) if name is not None else None


def roots(data: dict[str, Any]) -> Iterator[tuple[str, Any, str, str | None]]:
    """(pointer, schema, role, name) of every top-level schema of the spec."""
    components = data.get("components") or {}
    for name, schema in (components.get("schemas") or {}).items():
        yield join_pointer("/components/schemas", name), schema, "component", name
    for name, param in (components.get("parameters") or {}).items():
        if isinstance(param, dict) and "schema" in param:
            where = join_pointer("/components/parameters", name, "schema")
            yield where, param["schema"], "parameter", str(param.get("name", name))
    for name, body in (components.get("requestBodies") or {}).items():
        if isinstance(body, dict):
            where = join_pointer("/components/requestBodies", name, "content")
            yield from _content(body.get("content"), where, "request")
    for name, response in (components.get("responses") or {}).items():
        yield from _response(response, join_pointer("/components/responses", name))
    for name, header in (components.get("headers") or {}).items():
        if isinstance(header, dict) and "schema" in header:
            yield (
                join_pointer("/components/headers", name, "schema"),
                header["schema"],
                "header",
                name,
            )
    seen_items: set[str] = set()
    for path, method, op, item in iter_operations(data):
        item_pointer = join_pointer("/paths", path)
        if item_pointer not in seen_items:
            seen_items.add(item_pointer)
            yield from _parameters(item.get("parameters"), join_pointer(item_pointer, "parameters"))
        pointer = join_pointer(item_pointer, method)
        yield from _parameters(op.get("parameters"), join_pointer(pointer, "parameters"))
        body = op.get("requestBody")
        if isinstance(body, dict):
            where = join_pointer(pointer, "requestBody", "content")
            yield from _content(body.get("content"), where, "request")
        for code, response in (op.get("responses") or {}).items():
            yield from _response(response, join_pointer(pointer, "responses", str(code)))


def walk(schema: Any, pointer: str, role: str, name: str | None = None) -> Iterator[SchemaNode]:
    """``schema`` and every subschema written inside it (``$ref``s are not followed)."""
    if not isinstance(schema, dict):
        return
    yield SchemaNode(pointer, schema, role, name)
    for key, value in schema.items():
        if key in _ONE and isinstance(value, dict):
            yield from walk(value, join_pointer(pointer, key), _ONE[key])
        elif key in _LIST and isinstance(value, list):
            for index, sub in enumerate(value):
                yield from walk(sub, join_pointer(pointer, key, index), _LIST[key])
        elif key in _MAP and isinstance(value, dict):
            for sub_name, sub in value.items():
                yield from walk(sub, join_pointer(pointer, key, sub_name), _MAP[key], sub_name)


def iter_schemas(data: dict[str, Any]) -> Iterator[SchemaNode]:
    """Every schema written in the spec, in document order of its roots."""
    for pointer, schema, role, name in roots(data):
        yield from walk(schema, pointer, role, name)
