"""Round trip: a valid instance drawn from the spec comes back from the generated type unchanged.

For every object component of spec/openapi.yaml (responses, request bodies, the list query
set and every nested object): ``Type.model_validate(instance)`` then ``model_dump(mode="json",
by_alias=True, exclude_unset=True)``, the JSON text path (``model_validate_json`` ->
``model_dump_json``), and the models' own ``to_dict()`` / ``to_json()``, lax and strict, give
back the instance exactly, up to the spellings listed in deliberate.py (``3`` for a
``number`` comes back ``3.0``). Also: every property
the spec names lands in its attribute (not in ``model_extra``), every other key in
``model_extra`` (a broken alias shows up here even for optional fields).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from tests.properties.deliberate import DELIBERATE, MODES, Mode
from tests.properties.judge import assert_agree, generated, rewrite
from tests.properties.probes import maximal, minimal
from tests.properties.spec import components as spec_components
from tests.properties.spec import json_identical, merged, object_components, oracle_errors
from tests.properties.strategies import instances

ROUNDTRIP_SCHEMAS = object_components()


def expected_written(name: str, instance: Any, mode: Mode) -> Any:
    rules = [(d.name, d.writes) for d in DELIBERATE if d.writes and mode in d.modes]
    return rewrite(name, instance, rules)[0]


def json_round_trip(name: str, instance: Any, *, strict: bool) -> Any:
    cls = generated(name)
    model = cls.model_validate_json(json.dumps(instance), strict=strict)
    return json.loads(model.model_dump_json(by_alias=True, exclude_unset=True))


def base_model_round_trip(name: str, instance: Any, *, strict: bool) -> tuple[Any, Any]:
    """``to_dict()`` and ``to_json()`` (decoded) of the validated instance."""
    model = generated(name).model_validate(instance, strict=strict)
    return model.to_dict(), json.loads(model.to_json())


def check_round_trip(name: str, instance: Any) -> None:
    assert not oracle_errors(name, instance), (
        f"the strategy drew an instance jsonschema rejects: {oracle_errors(name, instance)}"
    )
    # model_validate / model_dump(mode="json"), lax and strict, through the judge
    assert_agree(name, instance, MODES)
    for strict, mode in ((False, "lax"), (True, "strict")):
        back = json_round_trip(name, instance, strict=strict)
        want = expected_written(name, instance, mode)
        assert json_identical(back, want), (
            f"{name}: model_validate_json(strict={strict}) -> model_dump_json changed the "
            f"instance\n  sent: {instance!r}\n  back: {back!r}"
        )
        for method, back in zip(
            ("to_dict", "to_json"),
            base_model_round_trip(name, instance, strict=strict),
            strict=True,
        ):
            assert json_identical(back, want), (
                f"{name}: model_validate(strict={strict}) -> {method}() changed the instance"
                f"\n  sent: {instance!r}\n  back: {back!r}"
            )


@pytest.mark.parametrize("name", ROUNDTRIP_SCHEMAS)
@given(data=st.data())
def test_drawn_instances_round_trip(name: str, data: st.DataObject) -> None:
    check_round_trip(name, data.draw(instances(name), label=name))


@pytest.mark.parametrize("name", ROUNDTRIP_SCHEMAS)
@pytest.mark.parametrize("shape", ["minimal", "maximal"])
def test_built_instances_round_trip(name: str, shape: str) -> None:
    """Every property at least once (``maximal``), and the required ones alone (``minimal``)."""
    check_round_trip(name, (maximal if shape == "maximal" else minimal)(name))


def _alias_of(cls: type[BaseModel], attribute: str) -> str:
    info = cls.model_fields[attribute]
    return info.alias or attribute


@pytest.mark.parametrize("name", ROUNDTRIP_SCHEMAS)
def test_properties_land_in_their_attributes(name: str) -> None:
    instance = maximal(name)
    props = set(merged(spec_components()[name]).get("properties") or {})
    cls = generated(name)
    model = cls.model_validate(instance)
    as_fields = {_alias_of(cls, a) for a in model.model_fields_set if a in cls.model_fields}
    extra = set(model.model_extra or {})
    present = set(instance)
    assert as_fields == present & props, (
        f"{name}: spec properties read into attributes: expected {sorted(present & props)}, "
        f"got {sorted(as_fields)} (extra: {sorted(extra)})"
    )
    assert extra == present - props, f"{name}: extra keys {sorted(extra)}"
