"""A small JSON-Schema-subset validator for parameter values (no network, no $ref).

Supported: ``type`` (a name or a list of names, ``null`` included; OpenAPI 3.0
``nullable``), ``enum``, ``const``, ``minimum``, ``maximum``, ``exclusiveMinimum``,
``exclusiveMaximum``, ``multipleOf``, ``minLength``, ``maxLength``, ``pattern``,
``items``, ``minItems``, ``maxItems``, ``uniqueItems``, ``anyOf``, ``oneOf``,
``allOf``. Other keywords are ignored. Booleans are neither integers nor numbers;
an integer is a number; a mapping or a pydantic model is an object.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeGuard

import pydantic

__all__ = ["Violation", "check"]

_SHOWN_LENGTH = 60


@dataclass(frozen=True)
class Violation:
    """The first broken rule: where inside the value (``""``, ``[2]``), the rule, a sentence."""

    path: str
    rule: str
    message: str


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _anything(_value: object) -> bool:
    return True


_TYPE_CHECKS: dict[str, Callable[[object], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "array": lambda v: isinstance(v, list | tuple),
    "object": lambda v: isinstance(v, Mapping | pydantic.BaseModel),
}


def show(value: object) -> str:
    """A short repr of a value for messages."""
    text = repr(value)
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 3] + "..."


def _num(value: object) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _equal(a: object, b: object) -> bool:
    """JSON equality: ``true`` is not ``1``."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    return a == b


@functools.lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except re.error:
        return None


def _check_type(value: object, schema: Mapping[str, Any]) -> Violation | None:
    declared = schema.get("type")
    if declared is None:
        return None
    names = [declared] if isinstance(declared, str) else [str(n) for n in declared]
    if schema.get("nullable") is True and "null" not in names:
        names.append("null")
    if any(_TYPE_CHECKS.get(name, _anything)(value) for name in names):
        return None
    wanted = " or ".join(names)
    return Violation("", f"type {wanted}", f"{show(value)} is not of type {wanted}")


def _check_values(value: object, schema: Mapping[str, Any]) -> Violation | None:
    if "const" in schema and not _equal(value, schema["const"]):
        const = schema["const"]
        return Violation("", f"const {const!r}", f"{show(value)} is not the constant {const!r}")
    if "enum" in schema:
        allowed = list(schema["enum"])
        if not any(_equal(value, option) for option in allowed):
            return Violation("", f"one of {allowed!r}", f"{show(value)} is not one of {allowed!r}")
    return None


def _is_multiple(value: float, step: float) -> bool:
    if isinstance(value, int) and isinstance(step, int):
        return value % step == 0
    quotient = value / step
    tolerance = 1e-9 * max(1.0, abs(quotient))
    return math.isfinite(quotient) and abs(quotient - round(quotient)) <= tolerance


def _bound(schema: Mapping[str, Any], key: str) -> float | None:
    found = schema.get(key)
    return found if _is_number(found) else None


def _check_number(value: float, schema: Mapping[str, Any]) -> Violation | None:
    minimum, maximum = _bound(schema, "minimum"), _bound(schema, "maximum")
    ex_min, ex_max = _bound(schema, "exclusiveMinimum"), _bound(schema, "exclusiveMaximum")
    # OpenAPI 3.0 / draft 4 spell exclusivity as a boolean next to minimum/maximum.
    if schema.get("exclusiveMinimum") is True:
        ex_min, minimum = minimum, None
    if schema.get("exclusiveMaximum") is True:
        ex_max, maximum = maximum, None
    v = _num(value)
    if minimum is not None and value < minimum:
        bound = _num(minimum)
        return Violation("", f"minimum {bound}", f"{v} is less than the minimum {bound}")
    if maximum is not None and value > maximum:
        bound = _num(maximum)
        return Violation("", f"maximum {bound}", f"{v} is greater than the maximum {bound}")
    if ex_min is not None and value <= ex_min:
        bound = _num(ex_min)
        message = f"{v} is less than or equal to the exclusive minimum {bound}"
        return Violation("", f"exclusiveMinimum {bound}", message)
    if ex_max is not None and value >= ex_max:
        bound = _num(ex_max)
        message = f"{v} is greater than or equal to the exclusive maximum {bound}"
        return Violation("", f"exclusiveMaximum {bound}", message)
    step = _bound(schema, "multipleOf")
    if step is not None and step > 0 and not _is_multiple(value, step):
        return Violation("", f"multipleOf {_num(step)}", f"{v} is not a multiple of {_num(step)}")
    return None


def _check_string(value: str, schema: Mapping[str, Any]) -> Violation | None:
    shown = show(value)
    min_length, max_length = schema.get("minLength"), schema.get("maxLength")
    if isinstance(min_length, int) and len(value) < min_length:
        message = f"{shown} is shorter than the minimum length {min_length}"
        return Violation("", f"minLength {min_length}", message)
    if isinstance(max_length, int) and len(value) > max_length:
        message = f"{shown} is longer than the maximum length {max_length}"
        return Violation("", f"maxLength {max_length}", message)
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        compiled = _compile(pattern)
        if compiled is not None and compiled.search(value) is None:
            message = f"{shown} does not match the pattern {pattern!r}"
            return Violation("", f"pattern {pattern}", message)
    return None


def _check_array(value: Sequence[object], schema: Mapping[str, Any]) -> Violation | None:
    shown, count = show(value), len(value)
    min_items, max_items = schema.get("minItems"), schema.get("maxItems")
    if isinstance(min_items, int) and count < min_items:
        message = f"{shown} has {count} items, fewer than the minimum {min_items}"
        return Violation("", f"minItems {min_items}", message)
    if isinstance(max_items, int) and count > max_items:
        message = f"{shown} has {count} items, more than the maximum {max_items}"
        return Violation("", f"maxItems {max_items}", message)
    if schema.get("uniqueItems") is True:
        for i, item in enumerate(value):
            if any(_equal(item, other) for other in value[:i]):
                return Violation("", "uniqueItems", f"{shown} has duplicate items ({show(item)})")
    items = schema.get("items")
    if isinstance(items, Mapping | bool):
        for i, item in enumerate(value):
            found = check(item, items)
            if found is not None:
                return replace(found, path=f"[{i}]{found.path}")
    return None


def _check_alternatives(value: object, schema: Mapping[str, Any]) -> Violation | None:
    for sub in schema.get("allOf", ()):
        found = check(value, sub)
        if found is not None:
            return found
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if not branches:
            continue
        failures = [check(value, sub) for sub in branches]
        passed = sum(1 for failure in failures if failure is None)
        if keyword == "oneOf" and passed > 1:
            message = f"{show(value)} matches {passed} of the oneOf schemas, not exactly one"
            return Violation("", "oneOf", message)
        if passed == 0:
            return _best_failure(value, keyword, [f for f in failures if f is not None])
    return None


def _best_failure(value: object, keyword: str, failures: list[Violation]) -> Violation:
    """Explain a failed anyOf/oneOf as plainly as possible.

    If the value had the right type for exactly one branch, that branch's rule is
    the real problem (``anyOf: [{type: integer, maximum: 10}, {type: null}]``);
    if every branch failed on type, the rule lists the accepted types.
    """
    typed = [f for f in failures if not (f.path == "" and f.rule.startswith("type "))]
    if len(typed) == 1:
        return typed[0]
    if not typed:
        wanted = " or ".join(dict.fromkeys(f.rule.removeprefix("type ") for f in failures))
        return Violation("", f"type {wanted}", f"{show(value)} is not of type {wanted}")
    reasons = "; ".join(f"{f.path or 'value'}: {f.message}" for f in typed)
    message = f"{show(value)} matches none of the {keyword} schemas ({reasons})"
    return Violation("", keyword, message)


def check(value: object, schema: Mapping[str, Any] | bool) -> Violation | None:
    """Return the first rule of ``schema`` that ``value`` breaks, or None if it is valid."""
    if isinstance(schema, bool):
        return None if schema else Violation("", "false", f"{show(value)} is not allowed")
    if value is None and schema.get("nullable") is True:
        return None
    found = _check_type(value, schema) or _check_values(value, schema)
    if found is None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            found = _check_number(value, schema)
        elif isinstance(value, str):
            found = _check_string(value, schema)
        elif isinstance(value, list | tuple):
            found = _check_array(value, schema)
    return found or _check_alternatives(value, schema)
