"""Required properties and JSON types: a missing required property or a value of a type the
spec does not allow is rejected, at every place and at any depth.

* every required property of every object component, dropped from the minimal and from the
  full (``maximal``) instance;
* every place of every object component (spec.property_locations: properties, array items,
  map values), given one or two values of each JSON type its schema does not allow;
* every place at any depth of the operations' top-level schemas (responses, request bodies,
  the list query set): the full instance with one place replaced by a value of a wrong type,
  so a nested class wired to the wrong type (or to ``Any``) is caught where it is used.

jsonschema must reject each probe (else the probe is wrong); the generated type must agree in
strict and lax mode, the exceptions being deliberate.py's (null read as "absent", lax
coercions such as ``"yes"`` for a boolean). Probes that hit a known gap are strict xfails.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.properties.deliberate import DELIBERATE, MODES
from tests.properties.judge import base_instance, gap_at, judge
from tests.properties.probes import place, wrong_type_values
from tests.properties.spec import components as spec_components
from tests.properties.spec import (
    format_location,
    is_required,
    merged,
    object_components,
    operation_schemas,
    property_locations,
    schema_at,
)

REQUIRED_CASES = [
    pytest.param(name, prop, id=f"{name}.{prop}")
    for name in object_components()
    for prop in merged(spec_components()[name]).get("required", [])
]


@pytest.mark.parametrize(("name", "prop"), REQUIRED_CASES)
def test_dropping_a_required_property_is_rejected(name: str, prop: str) -> None:
    assert is_required(spec_components()[name], prop)
    for base in (base_instance(name, "minimal"), base_instance(name, "maximal")):
        instance = {k: v for k, v in base.items() if k != prop}
        for mode in MODES:
            verdict = judge(name, instance, mode)
            assert not verdict.oracle, f"jsonschema accepts {name} without {prop!r}"
            assert not verdict.problem, verdict.report()
            assert not verdict.typed.ok, verdict.report()


def _type_cases() -> list[Any]:
    cases = []
    for name in object_components():
        for location, node in property_locations(name):
            values = wrong_type_values(node.schema)
            if not values:
                continue  # the place takes any JSON value
            where = format_location(name, location)
            plain, gaps = [], []
            for value in values:
                gap = gap_at(node, value)
                (gaps if gap else plain).append((value, gap))
            cases.append(pytest.param(name, location, [v for v, _ in plain], id=where))
            cases += [
                pytest.param(
                    name,
                    location,
                    [value],
                    id=f"{where}-gap-{value!r}",
                    marks=pytest.mark.xfail(strict=True, reason=f"known gap: {gap}"),
                )
                for value, gap in gaps
            ]
    return cases


WRONG_TYPE_CASES = _type_cases()


@pytest.mark.parametrize(("name", "location", "values"), WRONG_TYPE_CASES)
def test_wrong_types_are_rejected(name: str, location: tuple[str, ...], values: list[Any]) -> None:
    problems = []
    base = base_instance(name, "maximal")
    for value in values:
        instance = place(name, base, location, value)
        for mode in MODES:
            verdict = judge(name, instance, mode)
            if verdict.oracle:
                problems.append(f"jsonschema accepts {value!r}: the probe is wrong")
            elif verdict.problem:
                problems.append(verdict.report())
    assert not problems, "\n\n".join(problems)


def _paths(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _replaced(instance: Any, path: tuple[str | int, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(instance, list):
        return [_replaced(v, rest, value) if i == head else v for i, v in enumerate(instance)]
    return {k: _replaced(v, rest, value) if k == head else v for k, v in instance.items()}


DEPTH_SCHEMAS = sorted(operation_schemas())


@pytest.mark.parametrize("name", DEPTH_SCHEMAS)
def test_wrong_types_at_every_depth(name: str) -> None:
    """One wrong-typed value (the JSON types taking turns) at every place of the full instance."""
    base = base_instance(name, "maximal")
    problems: list[str] = []
    probed = 0
    for n, path in enumerate(_paths(base)):
        node = schema_at(name, path)
        wrong = wrong_type_values(node.schema)
        if not wrong:
            continue  # the place takes any JSON value
        value = wrong[n % len(wrong)]
        instance = _replaced(base, path, value)
        gap = gap_at(node, value)
        probed += 1
        for mode in MODES:
            verdict = judge(name, instance, mode, differences=DELIBERATE)
            if verdict.oracle:
                problems.append(f"{list(path)}: jsonschema accepts {value!r}: the probe is wrong")
            elif gap and not verdict.problem:
                problems.append(f"{list(path)}: known gap {gap} no longer shows: drop it")
            elif verdict.problem and not gap:
                problems.append(f"{list(path)}: {verdict.report()}")
    assert probed > 0
    assert not problems, "\n\n".join(problems[:10])
