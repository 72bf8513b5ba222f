"""The ``__schemas__`` table of the types module, a JSON file read on first use.

Each generated class's schema as the spec states it, reduced to the
keywords that decide validity (annotations such as ``description``,
``default``, ``format`` and ``example`` removed), with ``$ref``s already
pointing at the class names (``prepare`` in render_types did that).
OpenAPI 3.0 spellings become their 2020-12 equivalents (``nullable: true``
adds ``null`` to ``type`` and ``enum``; a boolean ``exclusiveMinimum`` /
``exclusiveMaximum`` takes the bound of ``minimum`` / ``maximum``), so the
runtime (``_jsonschema``) knows one dialect. ``validate()`` and the strict
models consult it for JSON Schema's verdict.
"""

from __future__ import annotations

import json
from typing import Any

_KEPT = frozenset(
    {
        "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "multipleOf", "minLength", "maxLength", "pattern", "required", "properties",
        "additionalProperties", "patternProperties", "dependentRequired", "minProperties",
        "maxProperties", "items", "prefixItems", "minItems", "maxItems", "uniqueItems",
        "allOf", "anyOf", "oneOf", "not", "$ref", "$defs", "definitions",
        "contains", "minContains", "maxContains", "propertyNames", "dependentSchemas",
        "if", "then", "else",
    }
)  # fmt: skip
# keywords whose value maps names to schemas (its keys are names, not keywords)
SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_ONE = frozenset(
    {"items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"}
)


def reduce(schema: Any, openapi_30: bool, *, loose_nullable: bool = False) -> Any:
    """``schema`` with only the validity keywords, in the 2020-12 dialect.

    ``loose_nullable`` (OpenAPI 3.0.0 to 3.0.2): ``nullable: true`` admits null
    even without a ``type`` beside it ("allows sending a null value for the
    defined schema"; Stripe's ``anyOf`` fields). 3.0.3 narrowed it to schemas
    that declare a ``type``, and that is the reading otherwise.
    """
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key not in _KEPT:
            continue
        if key in SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {
                k: reduce(v, openapi_30, loose_nullable=loose_nullable) for k, v in value.items()
            }
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [reduce(v, openapi_30, loose_nullable=loose_nullable) for v in value]
        elif key in _SCHEMA_ONE:
            out[key] = reduce(value, openapi_30, loose_nullable=loose_nullable)
        else:
            out[key] = value
    if openapi_30:
        out = _from_30(schema, out, loose_nullable=loose_nullable)
    return out


def _from_30(
    schema: dict[str, Any], out: dict[str, Any], *, loose_nullable: bool
) -> dict[str, Any]:
    for exclusive, inclusive in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = out.get(exclusive)
        if isinstance(flag, bool):
            del out[exclusive]
            if flag and inclusive in out:
                out[exclusive] = out.pop(inclusive)
    if schema.get("nullable") is True:
        declared = out.get("type")
        if isinstance(declared, str):
            out["type"] = [declared, "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        elif declared is None and loose_nullable and out:
            return {"anyOf": [out, {"type": "null"}]}
    return out


def schema_table(components: dict[str, Any], openapi: str) -> dict[str, Any]:
    """Class name -> reduced schema, for the prepared components."""
    openapi_30 = openapi.startswith("3.0")
    loose = openapi_30 and openapi.split(".")[2:3] in (["0"], ["1"], ["2"])
    return {
        name: reduce(schema, openapi_30, loose_nullable=loose)
        for name, schema in components.items()
    }


TABLE_FILE = "_schemas.json"


def table_json(components: dict[str, Any], openapi: str) -> str:
    """The table as the JSON data file shipped next to the types module (read on first use)."""
    return json.dumps(schema_table(components, openapi), ensure_ascii=False, indent=1) + "\n"


def table_source() -> str:
    """The types module's tail: the lazy ``__schemas__`` and the strict models bound to it."""
    return (
        "\n\nfrom ._strict_models import bind as _bind_strict_models  # noqa: E402\n\n"
        f"# strict=True consults __schemas__, read from {TABLE_FILE} on first use\n"
        f"_bind_strict_models(globals(), {TABLE_FILE!r})\n"
    )
