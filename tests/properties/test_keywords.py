"""The keywords spec/openapi.yaml does not use, in a spec built here: strict verdicts equal jsonschema's.

spec/openapi.yaml (what the other property tests walk) has none of ``not``,
``const`` / ``enum`` of objects, ``uniqueItems``, ``oneOf``, ``prefixItems``,
``dependentRequired``, ``patternProperties``, boolean schemas or ``required``
without ``properties``. ``keyword_spec()`` builds an OpenAPI 3.1 document
with each of them, on an object schema typed the way the generator types
them (typed properties, nested components, optional non-nullable fields)
and on its own, untyped; the package is generated once per module. Hypothesis
draws JSON values from the literals of each schema (members, consts, property
names, numbers beside the bounds) and any JSON around them; jsonschema
(Draft 2020-12 over the same document) is the oracle for ``validate()``, for
``model_validate(..., strict=True)`` and ``model_validate_json(...,
strict=True)`` of the classes and for strict ``TypeAdapter`` validation of
the other components.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import event, given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import BaseModel, TypeAdapter, ValidationError

from generator.cli import main

PACKAGE = "keywords_sdk"
PART = {
    "type": "object",
    "required": ["size"],
    "properties": {
        "size": {"type": "integer", "minimum": 0},
        "unit": {"type": "string", "enum": ["cm", "mm"]},
    },
}
KEYWORDS: dict[str, dict[str, Any]] = {
    "Not": {"not": {"type": "integer"}},
    "ConstObject": {"const": {"a": [1, {"b": None}]}},
    "EnumMixed": {"enum": [0, False, [], {"x": 1.0}, "s", -2.0]},
    "Unique": {"uniqueItems": True},
    "OneOf": {"oneOf": [{"type": "integer"}, {"minimum": 2}]},
    "PrefixItems": {"prefixItems": [{"type": "integer"}, {"type": "string"}], "items": False},
    "DependentRequired": {"dependentRequired": {"a": ["b"]}},
    "PatternProperties": {
        "patternProperties": {"^a": {"type": "integer"}, "b$": {"type": "string"}}
    },
    "RequiredOnly": {"required": ["a"]},
    "NotNull": {"not": {"type": "null"}},
}


def keyword_spec() -> dict[str, Any]:
    """Each keyword on its own, and as the schema of a property of a typed object."""
    schemas: dict[str, Any] = {"Part": PART, "Never": False, "Anything": True}
    for name, schema in KEYWORDS.items():
        schemas[name] = schema
        schemas[f"Holder{name}"] = {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "maxLength": 4},
                "level": {"type": "integer", "enum": [0, 1, 2]},
                "note": {"type": "string"},
                "maybe": {"type": ["string", "null"]},
                "part": {"$ref": "#/components/schemas/Part"},
                "parts": {
                    "type": "object",
                    "additionalProperties": {"$ref": "#/components/schemas/Part"},
                },
                "value": {"$ref": f"#/components/schemas/{name}"},
                "never": False,
            },
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Keywords", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }


SPEC = keyword_spec()
NAMES = sorted(SPEC["components"]["schemas"])


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    work = tmp_path_factory.mktemp("keywords")
    spec = work / "keywords.yaml"
    spec.write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    out = work / "out"
    code = main(["generate", "--spec", str(spec), "--out", str(out), "--package", PACKAGE, "-q"])
    assert code == 0
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for module in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[module]


def _oracle(name: str) -> Draft202012Validator:
    return Draft202012Validator({**SPEC, "$ref": f"#/components/schemas/{name}"})


def _literals(node: Any) -> Iterator[Any]:
    """The values a schema mentions: members, consts, bounds and their neighbours, names."""
    if isinstance(node, list):
        for item in node:
            yield from _literals(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("enum",):
                yield from value
            elif key == "const":
                yield value
            elif key in ("minimum", "maximum", "maxLength") and isinstance(value, int):
                yield from (value - 1, value, value + 1, float(value))
            elif key in ("properties", "patternProperties", "dependentRequired"):
                yield from (k for k in value)
                yield from (f"{k}x" for k in value)
            if isinstance(value, dict | list):
                yield from _literals(value)


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from([0, 1, 2, 1.0, 2.0, 0.5, -1, "", "a", "cm", "12345"]),
    st.integers(-3, 5),
    st.text(max_size=4),
)


def _near(name: str) -> st.SearchStrategy[Any]:
    pool = [v for v in _literals(SPEC["components"]["schemas"]) if v is not None]
    keys = sorted({v for v in pool if isinstance(v, str)} | {"a", "b", "ab", "id", "value"})
    leaves = st.one_of(_SCALARS, st.sampled_from(pool))
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(keys), inner, max_size=4)
        ),
        max_leaves=10,
    )


def _near_values(keyword: str) -> st.SearchStrategy[Any]:
    """Values built from one keyword schema's own literals (the holder's ``value``)."""
    pool = [*_literals(KEYWORDS[keyword]), 0, "s", [], {}]
    small = st.sampled_from(pool) | _SCALARS
    keys = [k for k in pool if isinstance(k, str)] or ["a"]
    return st.one_of(
        small,
        st.lists(small, max_size=3),
        st.dictionaries(st.sampled_from(keys), small, max_size=3),
    )


def _mostly(
    fitting: st.SearchStrategy[Any], other: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    """``fitting`` about four times in five, else ``other``."""
    return st.one_of(fitting, fitting, fitting, fitting, other)


def _holder_instances(name: str) -> st.SearchStrategy[Any]:
    """Objects close to a holder's schema: mostly fitting values, now and then any JSON."""
    any_json = _near(name)
    part = st.fixed_dictionaries(
        {"size": _mostly(st.integers(0, 3), st.sampled_from([-1, 1.0, True, None]))},
        optional={"unit": _mostly(st.sampled_from(["cm", "mm"]), any_json)},
    )
    return st.fixed_dictionaries(
        {"id": _mostly(st.sampled_from(["a", "abcd"]), st.sampled_from(["abcde", 1, None]))},
        optional={
            "level": _mostly(st.sampled_from([0, 2, 1.0]), st.sampled_from([3, True, False])),
            "note": _mostly(st.just("n"), st.none()),
            "maybe": _mostly(st.sampled_from(["m", None]), st.just(1)),
            "part": _mostly(part, any_json),
            "parts": st.dictionaries(
                st.sampled_from(["p", "q"]), _mostly(part, any_json), max_size=2
            ),
            "value": _mostly(_near_values(name[len("Holder") :]), any_json),
            "model_id": any_json,
        },
    ) | st.builds(
        lambda d, v: {**d, "never": v}, st.fixed_dictionaries({"id": st.just("a")}), any_json
    )


def _instances(name: str) -> st.SearchStrategy[Any]:
    if name.startswith("Holder"):
        return _mostly(_holder_instances(name), _near(name))
    return _near(name)


def _strict_verdicts(package: Any, name: str, instance: Any) -> dict[str, bool]:
    target = getattr(package.types, name)
    calls: dict[str, Any] = {}
    if isinstance(target, type) and issubclass(target, BaseModel):
        calls["model_validate"] = lambda: target.model_validate(instance, strict=True)
        text = json.dumps(instance)
        calls["model_validate_json"] = lambda: target.model_validate_json(text, strict=True)
    else:
        adapter = TypeAdapter(target)
        calls["TypeAdapter"] = lambda: adapter.validate_python(instance, strict=True)
    verdicts = {}
    for label, call in calls.items():
        try:
            call()
        except ValidationError:
            verdicts[label] = False
        else:
            verdicts[label] = True
    verdicts["validate()"] = package.validate(name, instance) == []
    return verdicts


@pytest.mark.parametrize("name", NAMES)
@given(data=st.data())
def test_strict_verdicts_equal_jsonschema(package: Any, name: str, data: st.DataObject) -> None:
    instance = data.draw(_instances(name), label="instance")
    expected = _oracle(name).is_valid(instance)
    event(f"jsonschema: {'valid' if expected else 'invalid'}")
    verdicts = _strict_verdicts(package, name, instance)
    wrong = {label: got for label, got in verdicts.items() if got is not expected}
    assert not wrong, f"jsonschema: {'valid' if expected else 'invalid'}; {wrong}; {instance!r}"


def test_the_spec_has_each_keyword() -> None:
    """The document really holds what the module docstring names (no keyword lost on the way)."""
    text = json.dumps(SPEC)
    for keyword in (
        "not",
        "const",
        "uniqueItems",
        "oneOf",
        "prefixItems",
        "dependentRequired",
        "patternProperties",
        "required",
    ):
        assert f'"{keyword}"' in text, keyword
    assert SPEC["components"]["schemas"]["Never"] is False
