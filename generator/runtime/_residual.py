"""The part of a schema a strict pydantic type does not already guarantee, compiled once.

``Model.model_validate(payload, strict=True)`` first lets pydantic strict mode
build the model (Rust, fast). What pydantic accepted still has to pass the
keywords the generated type cannot express: ``residual(name, table)`` is a
function ``data -> bool`` that checks only those, so the common valid
payload costs one pass over the keys instead of a full JSON Schema walk.
``False`` is not a verdict: the caller then runs the full check
(``_jsonschema``), which decides and explains.

What a node with exactly one ``type`` and no ``$ref`` / combinator is
trusted to have had checked by pydantic strict mode (the generated Field
constraints): the type itself; ``minLength`` / ``maxLength`` and an all-string
``enum`` on strings; ``minimum`` / ``maximum`` / ``exclusiveMinimum`` /
``exclusiveMaximum`` on numbers; ``minItems`` / ``maxItems`` on arrays; each
property's and each item's value as far as its own node is trusted. Always
checked here: ``null`` in a property (an optional field is ``X | None``;
whether the schema admits ``null`` is decided once, at compile time),
``required``, ``additionalProperties``, ``patternProperties``,
``multipleOf`` (pydantic's is a float test), ``pattern`` (ECMA-262),
non-string ``enum``, ``const``, ``uniqueItems`` and every other keyword; a
node that is not trusted (no single type, combinators, ``$ref`` with
siblings) is checked whole by the full checker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import _jsonschema

__all__ = ["residual"]

Check = Callable[[Any], bool]
_TRUSTED_TYPES = frozenset({"object", "string", "integer", "number", "boolean", "array"})
_UNTRUSTING = frozenset({"$ref", "allOf", "anyOf", "oneOf", "not", "if", "prefixItems"})
_GUARANTEED: dict[str, frozenset[str]] = {
    "string": frozenset({"type", "minLength", "maxLength"}),
    "integer": frozenset({"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
    "number": frozenset({"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
    "array": frozenset({"type", "minItems", "maxItems", "items"}),
    "object": frozenset({"type", "properties", "required", "additionalProperties"}),
    "boolean": frozenset({"type"}),
}
_ANNOTATIONS = frozenset({"$defs", "definitions"})


def _always(_: Any) -> bool:
    return True


class _Compiler:
    def __init__(self, table: Mapping[str, Any]) -> None:
        self.table = table
        self.checker = _jsonschema.checker(table)
        self.components: dict[str, Check] = {}

    def full(self, node: Any) -> Check:
        checker = self.checker
        return lambda value: checker.valid(value, node, 0)

    def component(self, name: str) -> Check:
        found = self.components.get(name)
        if found is None:
            cell: list[Check] = []

            def later(value: Any) -> bool:  # a recursive reference: compiled below
                return cell[0](value)

            self.components[name] = later
            compiled = self.node(self.table[name])
            cell.append(compiled)
            self.components[name] = compiled
            found = compiled
        return found

    def node(self, node: Any) -> Check:
        if node is True or node == {}:
            return _always
        if not isinstance(node, dict):
            return self.full(node)
        keys = set(node) - _ANNOTATIONS
        ref = node.get("$ref")
        if keys == {"$ref"} and isinstance(ref, str) and ref.startswith(_jsonschema.PREFIX):
            name = ref[len(_jsonschema.PREFIX) :]
            if "/" not in name and name in self.table:
                return self.component(name)
        declared = node.get("type")
        if not isinstance(declared, str) or declared not in _TRUSTED_TYPES or keys & _UNTRUSTING:
            return self.full(node)
        guaranteed = set(_GUARANTEED[declared])
        enum = node.get("enum")
        if isinstance(enum, list) and all(isinstance(m, str) for m in enum):
            guaranteed.add("enum")
        rest = {k: v for k, v in node.items() if k in keys - guaranteed}
        checks: list[Check] = []
        if declared == "object":
            checks.append(self.members(node))
        elif declared == "array" and "items" in node:
            item = self.node(node["items"])
            if item is not _always:
                checks.append(lambda value: all(map(item, value)))
        if rest:
            rest["type"] = declared
            checks.append(self.full(rest))
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return lambda value: all(check(value) for check in checks)

    def members(self, node: dict[str, Any]) -> Check:
        """Key-level rules of an object node, and each property's residual.

        ``null`` is judged once per property at compile time (the table's own
        verdict on it); a ``None`` value is then valid or not without a walk.
        """
        properties: dict[str, Any] = node.get("properties") or {}
        required = tuple(node.get("required") or ())
        extra = node.get("additionalProperties", True)
        null_bad = frozenset(
            n for n, sub in properties.items() if not self.checker.valid(None, sub, 0)
        )
        nested = tuple(
            (name, check)
            for name, check in ((n, self.node(sub)) for n, sub in properties.items())
            if check is not _always
        )
        known = frozenset(properties)
        extra_check = None if extra is True or extra == {} else self.full(extra)

        def members(value: Any) -> bool:
            for name in required:
                if name not in value:
                    return False
            if null_bad and None in value.values():
                for name in null_bad:
                    if name in value and value[name] is None:
                        return False
            for name, check in nested:
                item = value.get(name)
                if item is not None and not check(item):
                    return False
            if extra_check is not None:
                for name in value.keys() - known:
                    if not extra_check(value[name]):
                        return False
            return True

        return members


_CACHE: dict[int, tuple[Mapping[str, Any], _Compiler]] = {}


def residual(name: str, table: Mapping[str, Any]) -> Check:
    """``data -> bool``: whether what pydantic strict mode accepted passes the rest of ``name``."""
    found = _CACHE.get(id(table))
    if found is None or found[0] is not table:
        found = _CACHE[id(table)] = (table, _Compiler(table))
    return found[1].component(name)
