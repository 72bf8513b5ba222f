"""The schemas of an OpenAPI document, where they are written, and their subschemas.

Top-level schemas are the entries of ``components/schemas`` and the ``schema``
of every parameter, header and media type (in paths, webhooks, callbacks and
components alike). Inside a schema, :func:`subschemas` descends into every
subschema keyword of JSON Schema 2020-12 (and 3.0's), boolean schemas
included; ``$ref`` is never followed, so each schema is visited where it is
written. Instance data (``enum``, ``default``, examples, ``x-*``) is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.refs import is_data, is_name_map

Tokens = tuple[str | int, ...]

_ONE = frozenset(
    {
        "items",
        "additionalProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
        "additionalItems",
    }
)
_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_MAP = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})


def schema_roots(data: Any) -> Iterator[tuple[Tokens, Any, dict[str, Any] | None]]:
    """(tokens, schema, owner) of every top-level schema; owner holds ``schema`` (or None)."""
    stack: list[tuple[Any, Tokens, str | None, bool]] = [(data, (), None, False)]
    while stack:
        node, tokens, own_key, in_names = stack.pop()
        children: list[tuple[Any, Tokens, str | None, bool]] = []
        if isinstance(node, dict):
            if in_names and tokens[-2:] == ("components", "schemas"):
                for name, schema in node.items():
                    yield (*tokens, name), schema, None
                continue
            for key, value in node.items():
                if not in_names and key == "schema":
                    yield (*tokens, key), value, node
                    continue
                if not isinstance(value, dict | list) or is_data(key, value, in_names=in_names):
                    continue
                names = not in_names and is_name_map(own_key, key, value)
                children.append((value, (*tokens, key), None if in_names else key, names))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, dict | list):
                    children.append((value, (*tokens, index), None, False))
        stack.extend(reversed(children))


def subschemas(schema: Any, tokens: Tokens) -> Iterator[tuple[Tokens, Any]]:
    """(tokens, schema) of ``schema`` and of every schema written inside it, in document order."""
    stack: list[tuple[Tokens, Any]] = [(tokens, schema)]
    while stack:
        where, node = stack.pop()
        yield where, node
        if not isinstance(node, dict):
            continue
        children: list[tuple[Tokens, Any]] = []
        for key, value in node.items():
            if key in _ONE and isinstance(value, dict | bool):
                children.append(((*where, key), value))
            elif (key in _LIST or key == "items") and isinstance(
                value, list
            ):  # items: draft 4 tuples
                children += [((*where, key, i), v) for i, v in enumerate(value)]
            elif key in _MAP and isinstance(value, dict):
                children += [((*where, key, name), v) for name, v in value.items()]
        stack.extend(reversed(children))


_TYPE_NAMES = ("array", "boolean", "integer", "number", "object", "string")


def type_names(*, is_31: bool) -> tuple[str, ...]:
    """The names a schema's ``type`` may use (3.1 adds ``null``)."""
    return (*_TYPE_NAMES, "null") if is_31 else _TYPE_NAMES


def names_no_type(value: Any, *, is_31: bool) -> bool:
    """Whether a schema's ``type`` value names no type at all (an object, a number...).

    A list of strings is left to the meta-schema (3.0 has no type lists, and a
    misspelt name in one is worth an error); so is a misspelt string.
    """
    if isinstance(value, str):
        return False
    if isinstance(value, list):
        return not all(isinstance(v, str) for v in value)
    return True
