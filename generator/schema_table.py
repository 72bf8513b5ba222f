"""The ``__schemas__`` table appended to the types module.

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

from typing import Any

from generator import black_literal

_KEPT = frozenset(
    {
        "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "multipleOf", "minLength", "maxLength", "pattern", "required", "properties",
        "additionalProperties", "patternProperties", "dependentRequired", "minProperties",
        "maxProperties", "items", "prefixItems", "minItems", "maxItems", "uniqueItems",
        "allOf", "anyOf", "oneOf", "not", "$ref", "$defs", "definitions",
    }
)  # fmt: skip
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_ONE = frozenset({"items", "additionalProperties", "not"})


def reduce(schema: Any, openapi_30: bool) -> Any:
    """``schema`` with only the validity keywords, in the 2020-12 dialect."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key not in _KEPT:
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {k: reduce(v, openapi_30) for k, v in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [reduce(v, openapi_30) for v in value]
        elif key in _SCHEMA_ONE:
            out[key] = reduce(value, openapi_30)
        else:
            out[key] = value
    if openapi_30:
        _from_30(schema, out)
    return out


def _from_30(schema: dict[str, Any], out: dict[str, Any]) -> None:
    if schema.get("nullable") is True:
        declared = out.get("type")
        if isinstance(declared, str):
            out["type"] = [declared, "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    for exclusive, inclusive in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        flag = out.get(exclusive)
        if isinstance(flag, bool):
            del out[exclusive]
            if flag and inclusive in out:
                out[exclusive] = out.pop(inclusive)


def schema_table(components: dict[str, Any], openapi: str) -> dict[str, Any]:
    """Class name -> reduced schema, for the prepared components."""
    openapi_30 = openapi.startswith("3.0")
    return {name: reduce(schema, openapi_30) for name, schema in components.items()}


def table_source(components: dict[str, Any], openapi: str) -> tuple[str, bool]:
    """The Python source of the ``__schemas__`` assignment, and whether it is black's layout.

    The table is laid out as black would (:mod:`generator.black_literal`);
    when it cannot be, it is one ``repr`` line for black to format.
    """
    table = schema_table(components, openapi)
    target = "__schemas__: dict[str, object]"
    try:
        assignment, formatted = black_literal.assignment(target, table), True
    except black_literal.LayoutError:
        assignment, formatted = f"{target} = {table!r}\n", False
    return (
        f"\n\n{assignment}"
        '"""Each class\'s schema, only the keywords that decide validity (see _jsonschema)."""\n'
        "\nfrom ._strict_models import bind as _bind_strict_models  # noqa: E402\n\n"
        "_bind_strict_models(globals())  # strict=True consults __schemas__\n"
    ), formatted
