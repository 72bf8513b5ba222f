"""JSON Schema (draft 2020-12) verdicts over the schema table of the types module.

The generated types module carries ``__schemas__``: each class's schema as
the spec states it, annotations removed, ``$ref``s pointing into the table
(``#/components/schemas/Name/...``). ``errors(instance, name, table)`` yields
every rule the decoded JSON ``instance`` breaks, as ``(path, keyword,
message, value)``; nothing when it is valid.

Supported: type (``1.0`` is an integer, booleans are not numbers), enum and
const by JSON equality, minimum, maximum, exclusiveMinimum,
exclusiveMaximum, multipleOf (exact for decimals), minLength, maxLength
(code points), pattern, required, properties, additionalProperties,
patternProperties, dependentRequired, minProperties, maxProperties, items,
prefixItems, minItems, maxItems, uniqueItems, contains (with minContains and
maxContains), propertyNames, dependentSchemas, allOf, anyOf, oneOf (exactly
one), not, if / then / else, local ``$ref``, boolean schemas. ``default``, ``format`` and
other annotations never fail a value. Keywords apply only to instances of
their JSON type, as JSON Schema says.
"""

from __future__ import annotations

import functools
import json
import math
import urllib.parse
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, TypeGuard

from ._ecma_regex import Searcher, compile_pattern

__all__ = ["PREFIX", "Issue", "checker", "errors", "is_multiple", "json_equal"]

Path = tuple[str | int, ...]
Issue = tuple[Path, str, str, Any]  # where, keyword, sentence, the offending value
_MAX_DEPTH = 200
PREFIX = "#/components/schemas/"  # how the table's $refs name its entries


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


_TYPE_CHECKS: dict[str, Any] = {
    "number": _is_number,
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}
_GENERIC = frozenset({"type", "const", "enum"})
_COMBINED = frozenset({"allOf", "anyOf", "oneOf", "not", "if"})
_SHAPE = frozenset({"required", "minProperties", "maxProperties", "dependentRequired"})
_MEMBERS = frozenset({"properties", "patternProperties", "additionalProperties"})
_NAMES = frozenset({"propertyNames", "dependentSchemas"})


def _is_type(value: object, name: str) -> bool:
    if name == "integer":
        if isinstance(value, float):
            return value.is_integer()
        return isinstance(value, int) and not isinstance(value, bool)
    check = _TYPE_CHECKS.get(name)
    return check is None or bool(check(value))


def json_equal(a: object, b: object) -> bool:
    """JSON equality: ``1 == 1.0``, ``false != 0``, arrays and objects by content."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if _is_number(a) and _is_number(b):
        return a == b
    return type(a) is type(b) and a == b


def _exact(value: float) -> Fraction | None:
    """The decimal a JSON number was written as (``0.1`` is 1/10, not its binary double)."""
    if isinstance(value, int):
        return Fraction(value)
    if not math.isfinite(value):
        return None
    try:
        return Fraction(Decimal(repr(value)))
    except (InvalidOperation, ValueError):
        return None


def is_multiple(value: float, step: float) -> bool:
    """Whether ``value`` is a multiple of ``step``, exactly (``0.3`` of ``0.1``, ``1e-8`` steps)."""
    exact_value, exact_step = _exact(value), _exact(step)
    if exact_value is None or exact_step is None or exact_step == 0:
        return False
    return (exact_value / exact_step).denominator == 1


def _resolve(ref: str, root: Mapping[str, Any]) -> Any:
    """The schema a local ``$ref`` names (``True``, judging nothing, if it names none)."""
    node: Any = root
    for raw in ref.partition("#")[2].split("/")[1:]:
        token = urllib.parse.unquote(raw).replace("~1", "/").replace("~0", "~")
        try:
            node = node[int(token)] if isinstance(node, list) else node[token]
        except (KeyError, IndexError, ValueError, TypeError):
            return True
    return node


@functools.lru_cache(maxsize=512)
def _pattern(source: str) -> Searcher | None:
    return compile_pattern(source)


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class _Checker:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Any] = {}

    def valid(self, value: Any, schema: Any, depth: int) -> bool:
        return next(self.check(value, schema, (), depth), None) is None

    def check(self, value: Any, schema: Any, path: Path, depth: int) -> Iterator[Issue]:
        if schema is True:
            return
        if schema is False:
            yield path, "false", f"{_show(value)} is not allowed here (false schema)", value
            return
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return
        keys = schema.keys()
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self.refs.get(ref)
            if target is None:
                target = self.refs[ref] = _resolve(ref, self.root)
            yield from self.check(value, target, path, depth + 1)
        if keys & _GENERIC:
            yield from self._generic(value, schema, path)
        if _is_number(value):
            yield from self._number(value, schema, path)
        elif isinstance(value, str):
            yield from self._string(value, schema, path)
        elif isinstance(value, list):
            yield from self._array(value, schema, path, depth)
        elif isinstance(value, dict):
            yield from self._object(value, schema, path, depth)
        if keys & _COMBINED:
            yield from self._combined(value, schema, path, depth)

    def _generic(self, value: Any, schema: Mapping[str, Any], path: Path) -> Iterator[Issue]:
        declared = schema.get("type")
        if declared is not None:
            names = [declared] if isinstance(declared, str) else list(declared)
            if not any(_is_type(value, n) for n in names):
                wanted = " or ".join(names)
                yield path, "type", f"{_show(value)} is not of type {wanted}", value
        if "const" in schema and not json_equal(value, schema["const"]):
            yield path, "const", f"{_show(value)} is not {_show(schema['const'])}", value
        if "enum" in schema and not any(json_equal(value, o) for o in schema["enum"]):
            shown = ", ".join(_show(o) for o in schema["enum"])
            yield path, "enum", f"{_show(value)} is not one of {shown}", value

    def _number(self, value: float, schema: Mapping[str, Any], path: Path) -> Iterator[Issue]:
        tests = (
            ("minimum", lambda b: value < b, "less than the minimum"),
            ("maximum", lambda b: value > b, "greater than the maximum"),
            ("exclusiveMinimum", lambda b: value <= b, "not greater than the exclusive minimum"),
            ("exclusiveMaximum", lambda b: value >= b, "not less than the exclusive maximum"),
            ("multipleOf", lambda b: not is_multiple(value, b), "not a multiple of"),
        )
        for keyword, broken, words in tests:
            bound = schema.get(keyword)
            if _is_number(bound) and broken(bound):
                yield path, keyword, f"{_show(value)} is {words} {_show(bound)}", value

    def _string(self, value: str, schema: Mapping[str, Any], path: Path) -> Iterator[Issue]:
        length = len(value)
        low, high = schema.get("minLength"), schema.get("maxLength")
        if _is_number(low) and length < low:
            yield path, "minLength", f"{_show(value)} is shorter than {low} characters", value
        if _is_number(high) and length > high:
            yield path, "maxLength", f"{_show(value)} is longer than {high} characters", value
        source = schema.get("pattern")
        if isinstance(source, str):
            compiled = _pattern(source)
            if compiled is not None and compiled.search(value) is None:
                yield (
                    path,
                    "pattern",
                    f"{_show(value)} does not match the pattern {source!r}",
                    value,
                )

    def _array(
        self, value: list[Any], schema: Mapping[str, Any], path: Path, depth: int
    ) -> Iterator[Issue]:
        low, high = schema.get("minItems"), schema.get("maxItems")
        if _is_number(low) and len(value) < low:
            yield path, "minItems", f"{_show(value)} has fewer than {low} items", value
        if _is_number(high) and len(value) > high:
            yield path, "maxItems", f"{_show(value)} has more than {high} items", value
        if schema.get("uniqueItems") is True:
            for i, item in enumerate(value):
                if any(json_equal(item, other) for other in value[:i]):
                    yield path, "uniqueItems", f"{_show(value)} has repeated items", value
                    break
        prefix = schema.get("prefixItems")
        start = 0
        if isinstance(prefix, list):
            for i, (item, sub) in enumerate(zip(value, prefix, strict=False)):
                yield from self.check(item, sub, (*path, i), depth + 1)
            start = len(prefix)
        if "items" in schema:
            for i in range(start, len(value)):
                yield from self.check(value[i], schema["items"], (*path, i), depth + 1)
        if "contains" in schema:
            yield from self._contains(value, schema, path, depth)

    def _contains(
        self, value: list[Any], schema: Mapping[str, Any], path: Path, depth: int
    ) -> Iterator[Issue]:
        found = sum(1 for item in value if self.valid(item, schema["contains"], depth + 1))
        low, high = schema.get("minContains", 1), schema.get("maxContains")
        if _is_number(low) and found < low:
            message = f"{_show(value)} has {found} items matching 'contains', fewer than {low}"
            yield path, "minContains" if "minContains" in schema else "contains", message, value
        if _is_number(high) and found > high:
            message = f"{_show(value)} has {found} items matching 'contains', more than {high}"
            yield path, "maxContains", message, value

    def _object(
        self, value: dict[str, Any], schema: Mapping[str, Any], path: Path, depth: int
    ) -> Iterator[Issue]:
        keys = schema.keys()
        if keys & _SHAPE:
            yield from self._object_shape(value, schema, path)
        if keys & _MEMBERS:
            yield from self._members(value, schema, path, depth)
        if keys & _NAMES:
            yield from self._names(value, schema, path, depth)

    def _names(
        self, value: dict[str, Any], schema: Mapping[str, Any], path: Path, depth: int
    ) -> Iterator[Issue]:
        if "propertyNames" in schema:
            for name in value:
                if not self.valid(name, schema["propertyNames"], depth + 1):
                    message = f"property name {name!r} does not match 'propertyNames'"
                    yield path, "propertyNames", message, name
        for name, sub in (schema.get("dependentSchemas") or {}).items():
            if name in value:
                yield from self.check(value, sub, path, depth + 1)

    def _object_shape(
        self, value: dict[str, Any], schema: Mapping[str, Any], path: Path
    ) -> Iterator[Issue]:
        for name in schema.get("required", ()):
            if name not in value:
                yield (*path, name), "required", f"{name!r} is a required property", None
        low, high = schema.get("minProperties"), schema.get("maxProperties")
        if _is_number(low) and len(value) < low:
            yield path, "minProperties", f"{_show(value)} has fewer than {low} properties", value
        if _is_number(high) and len(value) > high:
            yield path, "maxProperties", f"{_show(value)} has more than {high} properties", value
        for name, needed in (schema.get("dependentRequired") or {}).items():
            if name in value:
                for other in needed:
                    if other not in value:
                        message = f"{other!r} is required when {name!r} is present"
                        yield (*path, other), "dependentRequired", message, None

    def _members(
        self, value: dict[str, Any], schema: Mapping[str, Any], path: Path, depth: int
    ) -> Iterator[Issue]:
        properties = schema.get("properties") or {}
        patterns = schema.get("patternProperties") or {}
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            where = (*path, name)
            matched = name in properties
            if matched:
                yield from self.check(item, properties[name], where, depth + 1)
            for source, sub in patterns.items():
                compiled = _pattern(source)
                if compiled is not None and compiled.search(name) is not None:
                    matched = True
                    yield from self.check(item, sub, where, depth + 1)
            if not matched and extra is not True:
                if extra is False:
                    yield where, "additionalProperties", f"{name!r} is not allowed here", item
                else:
                    yield from self.check(item, extra, where, depth + 1)

    def _combined(
        self, value: Any, schema: Mapping[str, Any], path: Path, depth: int
    ) -> Iterator[Issue]:
        for sub in schema.get("allOf", ()):
            yield from self.check(value, sub, path, depth + 1)
        if "anyOf" in schema and not any(self.valid(value, s, depth + 1) for s in schema["anyOf"]):
            yield path, "anyOf", f"{_show(value)} matches none of the anyOf schemas", value
        if "oneOf" in schema:
            passed = sum(1 for s in schema["oneOf"] if self.valid(value, s, depth + 1))
            if passed != 1:
                message = f"{_show(value)} matches {passed} of the oneOf schemas, not exactly one"
                yield path, "oneOf", message, value
        if "not" in schema and self.valid(value, schema["not"], depth + 1):
            yield path, "not", f"{_show(value)} must not match the 'not' schema", value
        if "if" in schema:
            branch = "then" if self.valid(value, schema["if"], depth + 1) else "else"
            if branch in schema:
                yield from self.check(value, schema[branch], path, depth + 1)


_CHECKERS: dict[int, tuple[Mapping[str, Any], _Checker]] = {}


def checker(table: Mapping[str, Any]) -> _Checker:
    """One checker (and its resolved refs) per table."""
    found = _CHECKERS.get(id(table))
    if found is None or found[0] is not table:
        if len(_CHECKERS) > 64:
            _CHECKERS.clear()
        found = _CHECKERS[id(table)] = (table, _Checker({"components": {"schemas": table}}))
    return found[1]


def errors(instance: Any, name: str, table: Mapping[str, Any]) -> Iterator[Issue]:
    """Every rule the decoded JSON ``instance`` breaks against the table's schema ``name``."""
    yield from checker(table).check(instance, table[name], (), 0)
