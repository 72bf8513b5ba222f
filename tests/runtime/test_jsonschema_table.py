"""runtime/_jsonschema and _ecma_regex: verdicts equal jsonschema's on arbitrary JSON.

jsonschema (Draft 2020-12) is the oracle, with ``multipleOf`` computed on the
numbers as written (decimal arithmetic) as the JSON Schema spec means it, where
jsonschema divides floats; the instances are any JSON values
hypothesis draws (numbers, strings, arrays, objects, nested), so keywords
meet instances of every JSON type. Patterns avoid the places where Python's
re (jsonschema's engine) and ECMA-262 differ; those have their own tests.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from jsonschema.validators import extend

from generator.runtime import _jsonschema
from generator.runtime._ecma_regex import compile_pattern, translate

SCHEMAS: dict[str, Any] = {
    "untyped-bounds": {"minimum": 1.5, "maxLength": 2, "maxItems": 1, "maxProperties": 1},
    "not": {"not": {"type": "integer"}},
    "const-object": {"const": {"a": [1, {"b": None}]}},
    "enum-mixed": {"enum": [0, False, [], {"x": 1.0}, "s"]},
    "unique": {"uniqueItems": True},
    "false": False,
    "required-only": {"required": ["a"]},
    "one-of": {"oneOf": [{"type": "integer"}, {"minimum": 2}]},
    "pattern-properties": {
        "patternProperties": {"^a": {"type": "integer"}, "b": {"type": "string"}},
        "additionalProperties": False,
    },
    "dependent-required": {"dependentRequired": {"a": ["b", "c"]}},
    "all-of": {"allOf": [{"maximum": 30}, {"minimum": 20}]},
    "integer": {"type": "integer", "multipleOf": 0.5},
    "prefix-items": {"prefixItems": [{"type": "integer"}, {"type": "string"}], "items": False},
    "false-branches": {"anyOf": [False, {"type": "null"}]},
    "decimal-step": {"multipleOf": 0.01},
}

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-50, 50)
    | st.sampled_from([0.0, 1.0, 1.5, 2.0, 25.0, 0.07, 19.99, 1e-8])
    | st.sampled_from(["", "a", "ab", "abc"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["a", "b", "c", "ab", "x"]), inner, max_size=4)
    ),
    max_leaves=10,
)


def _ours(value: Any, schema: Any) -> bool:
    return next(_jsonschema.errors(value, "S", {"S": schema}), None) is None


def _exact_multiple_of(validator: Any, step: Any, instance: Any, schema: Any) -> Any:
    """``multipleOf`` on the numbers as written (``0.07`` is 7 steps of ``0.01``), which
    jsonschema's float division denies (7.000000000000001)."""
    if validator.is_type(instance, "number") and Decimal(repr(instance)) % Decimal(repr(step)):
        yield ValidationError(f"{instance!r} is not a multiple of {step!r}")


ORACLE = extend(Draft202012Validator, {"multipleOf": _exact_multiple_of})  # type: ignore[no-untyped-call]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
@given(value=JSON)
def test_verdict_equals_jsonschema(name: str, value: Any) -> None:
    schema = SCHEMAS[name]
    assert _ours(value, schema) == ORACLE(schema).is_valid(value), (schema, value)


def test_local_refs_resolve_into_the_table() -> None:
    table = {
        "Node": {"properties": {"next": {"$ref": "#/components/schemas/Node"}}, "required": ["v"]}
    }
    assert next(_jsonschema.errors({"v": 1, "next": {"v": 2}}, "Node", table), None) is None
    found = list(_jsonschema.errors({"v": 1, "next": {}}, "Node", table))
    assert [(where, keyword) for where, keyword, _, _ in found] == [(("next", "v"), "required")]


def test_json_equality() -> None:
    assert _jsonschema.json_equal(1, 1.0)
    assert not _jsonschema.json_equal(False, 0)
    assert not _jsonschema.json_equal([True], [1])
    assert _jsonschema.json_equal({"a": [1.0]}, {"a": [1]})


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"^\d+$", "١٢", False),  # ECMA \d is ASCII only
        (r"^\w+$", "é", False),  # ECMA \w is ASCII only
        (r"^[\w-]+$", "a-b", True),
        (r"^abc$", "abc\n", False),  # ECMA $ is the very end
        (r"^\p{Letter}+$", "été", True),
        (r"^\p{L}+$", "a1", False),
        (r"^\P{L}+$", "12", True),
    ],
)
def test_ecma_patterns(pattern: str, text: str, matches: bool) -> None:
    compiled = compile_pattern(pattern)
    assert compiled is not None, translate(pattern)
    assert (compiled.search(text) is not None) is matches


def test_a_pattern_neither_engine_can_express_is_none() -> None:
    assert compile_pattern(r"[\p{L}](?=a)") is None  # lookahead (not Rust's) with \p (not re's)
    assert compile_pattern("(unclosed") is None
