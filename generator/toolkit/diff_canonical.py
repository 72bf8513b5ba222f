"""Equivalent spellings of one schema, so that ``diff`` compares meaning, not form.

Three rewrites accept exactly the values they did before, and are reported by
``diff`` as ``equivalent-rewrite`` (info) instead of as the changes their
keywords would suggest:

* an annotation-only ``allOf`` of one schema (``allOf: [$ref: X]`` with a
  ``description``) is that schema;
* ``oneOf`` / ``anyOf`` of ``{type: 'null'}`` and one schema is that schema
  made nullable (as OpenAPI 3.0 writes ``nullable: true``);
* a ``$ref`` to a schema identical to the one it replaces (inline, or another
  component) is that schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.errors import join_pointer
from generator.spec_access import resolve

# Keywords that describe a schema without changing which values it accepts.
ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "example",
        "examples",
        "$comment",
        "deprecated",
        "externalDocs",
        "xml",
        "discriminator",
        "nullable",
    }
)


def _annotation(key: str) -> bool:
    return key in ANNOTATIONS or key.startswith("x-")


def _is_null(schema: Any) -> bool:
    """Whether ``schema`` accepts only ``null`` (``{type: 'null'}``, ``{enum: [null]}``)."""
    if not isinstance(schema, dict):
        return False
    rest = {k: v for k, v in schema.items() if not _annotation(k)}
    return rest in ({"type": "null"}, {"type": ["null"]}, {"enum": [None]}, {"const": None})


def _with_null(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` that also accepts ``null``."""
    declared = schema.get("type")
    if isinstance(declared, str):
        return {**schema, "type": [declared, "null"]} if declared != "null" else schema
    if isinstance(declared, list):
        return schema if "null" in declared else {**schema, "type": [*declared, "null"]}
    return {**schema, "nullable": True}


def canonical(
    data: Mapping[str, Any], schema: Any, pointer: str, *, follow: bool
) -> tuple[Any, str]:
    """``schema`` with the wrappers above removed (and its pointer), as often as they nest.

    With ``follow`` the unwrapped schema's ``$ref`` is resolved too; without,
    it stays a ``$ref`` (compared by its target).
    """
    for _ in range(8):  # wrappers nest rarely; a bound keeps a hostile spec finite
        if not isinstance(schema, dict):
            return schema, pointer
        outer = {k: v for k, v in schema.items() if _annotation(k)}
        rest = {k: v for k, v in schema.items() if not _annotation(k)}
        inner: tuple[Any, str] | None = None
        nullable = schema.get("nullable") is True
        if set(rest) == {"allOf"} and isinstance(rest["allOf"], list) and len(rest["allOf"]) == 1:
            inner = rest["allOf"][0], join_pointer(pointer, "allOf", 0)
        for key in ("oneOf", "anyOf"):
            parts = rest.get(key)
            if set(rest) == {key} and isinstance(parts, list) and len(parts) == 2:
                others = [i for i, part in enumerate(parts) if not _is_null(part)]
                if len(others) == 1:
                    inner, nullable = (
                        (parts[others[0]], join_pointer(pointer, key, others[0])),
                        True,
                    )
        if inner is None:
            return schema, pointer
        found, found_pointer = inner
        if follow:
            found, found_pointer = resolve(data, found, found_pointer, keep_siblings=True)
        if not isinstance(found, dict):
            return schema, pointer
        outer.pop("nullable", None)
        merged = {**found, **{k: v for k, v in outer.items() if k not in found}}
        schema, pointer = (_with_null(merged) if nullable else merged), found_pointer
    return schema, pointer


def form(schema: Any) -> Any:
    """``schema`` as written without annotations (``$ref``s not followed)."""
    if isinstance(schema, list):
        return [form(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    return {k: form(v) for k, v in schema.items() if not _annotation(k) or k == "nullable"}


def meaning(data: Mapping[str, Any], schema: Any, depth: int = 0) -> Any:
    """``schema`` without annotations, ``$ref``s resolved and wrappers removed: equal when equivalent."""
    if depth > 24:  # a recursive schema: compare this far
        return "..."
    if isinstance(schema, list):
        return [meaning(data, item, depth + 1) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema, _ = resolve(data, schema, "", keep_siblings=True)
    schema, _ = canonical(data, schema, "", follow=True)
    if not isinstance(schema, dict):
        return schema
    if schema.get("nullable") is True:
        schema = _with_null({k: v for k, v in schema.items() if k != "nullable"})
    found = {
        key: meaning(data, value, depth + 1)
        for key, value in schema.items()
        if not _annotation(key) or (key == "nullable" and value is True)
    }
    if isinstance(found.get("type"), list):
        found["type"] = sorted(set(map(str, found["type"])))
    return found
