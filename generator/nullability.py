"""Which optional properties of each generated class must not be null.

datamodel-code-generator spells every optional property ``X | None = None``,
whether or not the spec allows ``null`` there, so the types alone accept a
JSON ``null`` the spec rejects. This module reads the answer from the spec:
the table (class name -> wire names) is appended to the types module as
``__non_nullable__`` and used by the runtime to reject ``null`` in request
bodies and in strict validation.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from generator.ir import Api
from generator.load import pointer_get


def admits_null(data: dict[str, Any], schema: Any, depth: int = 0) -> bool:
    """Whether JSON Schema ``schema`` accepts ``null`` (``$ref``s followed in ``data``)."""
    if depth > 40 or not isinstance(schema, dict):
        return schema is not False
    if isinstance(schema.get("$ref"), str):
        try:
            target = pointer_get(data, urllib.parse.unquote(schema["$ref"].partition("#")[2]))
        except KeyError:
            return True
        if not admits_null(data, target, depth + 1):
            return False
    checks = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        checks.append("null" in types or bool(schema.get("nullable")))
    if "enum" in schema:
        checks.append(None in schema["enum"] or bool(schema.get("nullable")))
    if "const" in schema:
        checks.append(schema["const"] is None)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            checks.append(any(admits_null(data, s, depth + 1) for s in schema[key]))
    if "allOf" in schema:
        checks.append(all(admits_null(data, s, depth + 1) for s in schema["allOf"]))
    return all(checks)


def non_nullable(data: dict[str, Any], api: Api) -> dict[str, tuple[str, ...]]:
    """Class name -> wire names of its optional properties whose schema rejects ``null``."""
    schemas = dict((data.get("components") or {}).get("schemas") or {})
    pairs = [(api.schema_classes[key], schema) for key, schema in schemas.items()]
    pairs += list(api.synthetic_schemas.items())
    table: dict[str, tuple[str, ...]] = {}
    for class_name, schema in pairs:
        if not isinstance(schema, dict) or not isinstance(schema.get("properties"), dict):
            continue
        required = set(schema.get("required") or [])
        fields = tuple(
            wire
            for wire, prop in schema["properties"].items()
            if wire not in required and not admits_null(data, prop)
        )
        if fields:
            table[class_name] = fields
    return dict(sorted(table.items()))
