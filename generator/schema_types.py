"""Python type hints and inlined schemas for method signatures.

The types module itself is rendered by datamodel-code-generator; this module
only answers what a generated *method* needs: the annotation of a keyword
argument or return value, and a parameter's schema with every ``$ref``
inlined (the runtime checks arguments against it before sending).
"""

from __future__ import annotations

import urllib.parse
from typing import Any

from generator import literals
from generator.load import pointer_get
from generator.spec_access import schema_component

_PRIMITIVES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "None",
}
_KEEP_IN_INLINE = frozenset(
    {
        "type", "enum", "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "minLength", "maxLength", "pattern", "items", "minItems", "maxItems", "uniqueItems",
        "anyOf", "oneOf", "allOf", "nullable", "format", "multipleOf", "properties", "required",
    }
)  # fmt: skip


class SchemaTyper:
    """Answers type questions about the schemas of one bundled document."""

    def __init__(self, data: dict[str, Any], schema_classes: dict[str, str]) -> None:
        self.data = data
        self.schema_classes = dict(schema_classes)
        self.class_names = set(schema_classes.values())
        self.synthetic: dict[str, Any] = {}

    def add_synthetic(self, name: str, schema: Any) -> None:
        """Register a class made for an inline request or response object."""
        self.class_names.add(name)
        self.synthetic[name] = schema

    def names_in(self, hint: str) -> list[str]:
        """The generated class names a type hint mentions."""
        return [n for n in literals.hint_names(hint) if n in self.class_names]

    def _component(self, ref: str) -> tuple[str | None, Any]:
        pointer = urllib.parse.unquote(ref.partition("#")[2])
        target = pointer_get(self.data, pointer)
        key = schema_component(ref, whole=True)
        if key is not None:
            return self.schema_classes.get(key), target
        return None, target

    def hint(self, schema: Any, *, input_side: bool, depth: int = 0) -> str:
        """The annotation for a value of ``schema`` (inputs also accept plain dicts)."""
        if depth > 20 or not isinstance(schema, dict):
            return "object"
        if isinstance(schema.get("$ref"), str):
            name, target = self._component(schema["$ref"])
            if name is None:
                return self.hint(target, input_side=input_side, depth=depth + 1)
            if input_side and _is_object(target):
                return f"{name} | Mapping[str, object]"
            return name
        nullable = bool(schema.get("nullable"))
        if "const" in schema:
            base = f"Literal[{schema['const']!r}]" if _literalable(schema["const"]) else "object"
        elif "enum" in schema and all(_literalable(v) for v in schema["enum"]):
            values = [v for v in schema["enum"] if v is not None]
            nullable = nullable or None in schema["enum"]
            base = f"Literal[{', '.join(repr(v) for v in values)}]" if values else "None"
        elif any(k in schema for k in ("anyOf", "oneOf")):
            members = schema.get("anyOf") or schema.get("oneOf") or []
            base = _union(self.hint(m, input_side=input_side, depth=depth + 1) for m in members)
        elif "allOf" in schema and len(schema["allOf"]) == 1:
            base = self.hint(schema["allOf"][0], input_side=input_side, depth=depth + 1)
        else:
            types = schema.get("type")
            type_list = types if isinstance(types, list) else [types] if types else []
            parts = [self._simple(t, schema, input_side=input_side, depth=depth) for t in type_list]
            base = _union(parts) if parts else "object"
        return _union([base, "None"]) if nullable else base

    def _simple(self, kind: str, schema: dict[str, Any], *, input_side: bool, depth: int) -> str:
        if kind in _PRIMITIVES:
            return _PRIMITIVES[kind]
        if kind == "array":
            item = self.hint(schema.get("items", {}), input_side=input_side, depth=depth + 1)
            return f"Sequence[{item}]" if input_side else f"list[{item}]"
        if kind == "object":
            values = schema.get("additionalProperties")
            item = "object"
            if isinstance(values, dict) and values and not schema.get("properties"):
                item = self.hint(values, input_side=input_side, depth=depth + 1)
            return f"Mapping[str, {item}]" if input_side else f"dict[str, {item}]"
        return "object"

    def inline(self, schema: Any, depth: int = 0) -> Any:
        """``schema`` with every ``$ref`` replaced by its target and documentation dropped."""
        if depth > 40:
            raise RecursionError("schema nests too deep or is recursive")
        if isinstance(schema, list):
            return [self.inline(s, depth + 1) for s in schema]
        if not isinstance(schema, dict):
            return schema
        if isinstance(schema.get("$ref"), str):
            _, target = self._component(schema["$ref"])
            return self.inline(target, depth + 1)
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key not in _KEEP_IN_INLINE:
                continue
            if key == "properties" and isinstance(value, dict):
                out[key] = {k: self.inline(v, depth + 1) for k, v in value.items()}
            elif key in ("items", "anyOf", "oneOf", "allOf"):
                out[key] = self.inline(value, depth + 1)
            else:
                out[key] = value
        return out


def _is_object(schema: Any) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "object" or "properties" in schema)


def _literalable(value: Any) -> bool:
    return value is None or (isinstance(value, str | int | bool) and not isinstance(value, float))


def _union(parts: Any) -> str:
    unique = list(dict.fromkeys(m for p in parts if p for m in _members(p)))
    if "object" in unique:
        return "object"
    if "None" in unique:  # last, as Python code spells it (ruff RUF036)
        unique = [m for m in unique if m != "None"] + ["None"]
    return " | ".join(unique) if unique else "object"


def _members(hint: str) -> list[str]:
    """The top-level members of a union hint (``|`` inside brackets or string literals kept)."""
    members, depth, quote, start, i = [], 0, "", 0, 0
    while i < len(hint):
        char = hint[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif depth == 0 and hint.startswith(" | ", i):
            members.append(hint[start:i])
            start = i + 3
            i += 2
        i += 1
    members.append(hint[start:])
    return members


def optional(hint: str) -> str:
    """``hint`` that also admits None."""
    return _union([*_members(hint), "None"])
