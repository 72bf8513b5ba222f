"""Which optional fields of each generated class must not be null, per the spec.

The generated types spell an optional field ``X | None = None`` whether or not
the spec allows ``null`` in it, so strict validation needs the spec's answer:
a field is non-nullable when JSON Schema (the oracle) rejects ``null`` for its
property schema. Classes are paired with their schemas by component name (and
synthetic names for inline bodies); an inline object inside a property is
paired with the one model class its field refers to.
"""

from __future__ import annotations

import types
import urllib.parse
from typing import Any, get_args

import pydantic

from generator.ir import Api
from generator.load import pointer_get
from generator.toolkit.oracle import Oracle


def _deref(data: dict[str, Any], schema: Any) -> Any:
    seen: set[str] = set()
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        ref = schema["$ref"]
        if ref in seen or not ref.startswith("#"):
            return {}
        seen.add(ref)
        try:
            schema = pointer_get(data, urllib.parse.unquote(ref[1:]))
        except KeyError:
            return {}
    return schema


def _models_in(annotation: Any) -> list[type[pydantic.BaseModel]]:
    """The model classes a field annotation mentions (through unions, lists, dicts, aliases)."""
    found: list[type[pydantic.BaseModel]] = []
    stack, seen = [annotation], 0
    while stack and seen < 200:
        seen += 1
        tp = stack.pop()
        if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
            found.append(tp)
        elif type(tp).__name__ == "TypeAliasType":
            stack.append(getattr(tp, "__value__", None))
        else:
            stack.extend(get_args(tp))
    return found


def _inline_object(schema: Any) -> Any:
    """The inline (not ``$ref``) object schema a property holds, directly or as items/values."""
    for _ in range(10):
        if not isinstance(schema, dict) or "$ref" in schema:
            return None
        if "properties" in schema:
            return schema
        schema = schema.get("items") or schema.get("additionalProperties")
    return None


def non_nullable(
    data: dict[str, Any], api: Api, types_module: types.ModuleType
) -> dict[str, frozenset[str]]:
    """Class name -> wire names of its optional properties that reject ``null``."""
    oracle = Oracle(data)
    schemas = (data.get("components") or {}).get("schemas") or {}
    pending: list[tuple[str, Any]] = [
        (api.schema_classes[key], schema) for key, schema in schemas.items()
    ]
    pending += list(api.synthetic_schemas.items())
    table: dict[str, frozenset[str]] = {}
    while pending:
        class_name, schema = pending.pop()
        cls = getattr(types_module, class_name, None)
        resolved = _deref(data, schema)
        if (
            class_name in table
            or not isinstance(cls, type)
            or not issubclass(cls, pydantic.BaseModel)
            or not isinstance(resolved, dict)
        ):
            continue
        props = resolved.get("properties") or {}
        required = set(resolved.get("required") or [])
        table[class_name] = frozenset(
            wire
            for wire, prop in props.items()
            if wire not in required and not oracle.admits_null(prop)
        )
        for name, info in cls.model_fields.items():
            inline = _inline_object(props.get(info.alias or name))
            models = _models_in(info.annotation)
            if inline is not None and len(models) == 1:
                pending.append((models[0].__name__, inline))
    return {name: fields for name, fields in sorted(table.items()) if fields}
