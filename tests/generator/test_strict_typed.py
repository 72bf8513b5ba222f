"""The strict models' verdict on typed schemas, where pydantic checks most and the table the rest.

``Model.model_validate(data, strict=True)`` lets pydantic strict mode build the
model and checks only the keywords pydantic cannot express from the schema
table (``_residual``). The case spec (``cases/strict-typed``) is typed
throughout, so that split is exercised: ``null`` in optional fields, numeric
enums, ``const``, ``uniqueItems``, ``oneOf``, ``multipleOf``, ``pattern``,
``additionalProperties`` (false and a schema), recursion; and a component
(``Held``) that pydantic-core holds whole through the strict validator of
``_strict_core``. Every verdict, of ``model_validate``, of
``model_validate_json`` and of ``validate()`` / ``validate_json()``, is
compared with jsonschema's on the same component; so is what ``validate()``'s
verdict-only validator (``_verdict``) accepts.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.generator.helpers import CASES, run_cli, run_python

SPEC = CASES / "strict-typed" / "spec.yaml"
VALID: dict[str, Any] = {
    "id": "a1",
    "tags": [{"name": "x", "weight": 0.25}, {"name": "y"}],
    "note": "n",
    "nullable": None,
    "level": 2,
    "flag": True,
    "choice": 2.5,
    "counts": {"a": 1},
    "children": [{"id": "c", "tags": []}],
}
CHANGES: list[tuple[str, Any]] = [
    ("note", None),  # optional, not nullable
    ("nullable", "text"),
    ("level", False),  # a boolean is not the integer 0
    ("level", 1.0),  # 1.0 is the integer 1
    ("level", 3),
    ("flag", False),
    ("tags", [{"name": "x"}, {"name": "x"}]),  # uniqueItems
    ("tags", [{"name": "x"}, {"name": "x", "weight": 0.1}]),
    ("tags", [{"name": "X"}]),  # pattern
    ("tags", [{"name": "x", "weight": 0.015}]),  # multipleOf 0.01
    ("tags", [{"name": "x", "extra": 1}]),  # additionalProperties: false
    ("choice", 3),  # matches both branches of oneOf
    ("choice", 1),
    ("choice", 0.5),  # matches neither
    ("counts", {"a": -1}),
    ("counts", {"a": None}),
    ("children", [{"id": "c", "tags": [], "note": None}]),  # null deeper down
    ("children", [{"id": "too-long-id", "tags": []}]),
    ("id", None),
]

# ``Held``: every keyword is one pydantic-core holds once the strict validator refuses null in
# optional fields, reads wire names only and takes no boolean for an integer enum, so a valid
# text is judged by one call into pydantic-core (no Python pass over the payload).
HELD_VALID: dict[str, Any] = {
    "accountId": "a1",
    "level": 0,
    "label": "l",
    "maybe": None,
    "byName": {"a": {"size": 1, "unit": "cm"}, "b": {"size": 0, "rank": 2}},
    "parts": [{"size": 3, "rank": 0}],
}
HELD_CHANGES: list[tuple[str, Any]] = [
    ("label", None),  # optional, not nullable
    ("maybe", "text"),
    ("maybe", "t"),  # minLength of a nullable string
    ("maybe", 1),
    ("level", False),  # a boolean is not the integer 0
    ("level", True),
    ("level", 0.0),  # 0.0 is the integer 0
    ("level", 2.0),
    ("level", 5),
    ("byName", {"a": {"size": None}}),
    ("byName", {"a": {"size": 1, "unit": None}}),  # null in a map's object
    ("byName", {"a": {"size": 1, "rank": False}}),
    ("byName", {"a": None}),
    ("byName", {"a": {"size": 1.0, "extra": [1]}}),
    ("parts", [{"size": 1, "rank": None}]),
    ("parts", [{"size": -1}]),
    ("parts", [{"size": 1, "rank": 1.0}]),
    ("parts", [{"size": 1, "rank": True}]),
    ("account_id", "attribute name"),  # an unknown key, not the field
    ("accountId", None),
]

JUDGE = r"""
from strict_sdk import _verdict, types, validate, validate_json
name = ARGS["name"]
cls = getattr(types, name)
verdict = _verdict.verdict_of(cls, name, types.__schemas__.table)
verdicts = []
for data in ARGS["instances"]:
    pair = []
    for call in (
        lambda d: cls.model_validate(d, strict=True),
        lambda d: cls.model_validate_json(json.dumps(d), strict=True),
    ):
        try:
            call(data)
            pair.append(True)
        except Exception as exc:
            pair.append(False if type(exc).__name__ == "ValidationError" else repr(exc))
    pair.append(validate(name, data) == [])
    pair.append(validate_json(name, json.dumps(data)) == [])
    try:
        verdict.validate_json(json.dumps(data), strict=True)
        pair.append(True)
    except Exception as exc:
        pair.append(False if type(exc).__name__ == "ValidationError" else repr(exc))
    verdicts.append(pair)
print(json.dumps(verdicts))
"""


def _instances(valid: dict[str, Any], changes: list[tuple[str, Any]]) -> list[Any]:
    out = [valid]
    for key, value in changes:
        changed = copy.deepcopy(valid)
        changed[key] = value
        out.append(changed)
    if "accountId" in valid:  # a required property sent by its attribute name only
        renamed = copy.deepcopy(valid)
        renamed["account_id"] = renamed.pop("accountId")
        out.append(renamed)
    return out


@pytest.mark.parametrize(
    ("name", "valid", "changes"),
    [("Item", VALID, CHANGES), ("Held", HELD_VALID, HELD_CHANGES)],
    ids=["Item", "Held"],
)
def test_strict_model_verdicts_match_jsonschema_on_typed_schemas(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    valid: dict[str, Any],
    changes: list[tuple[str, Any]],
) -> None:
    out = tmp_path / "out"
    run = run_cli(capsys, "generate", "--spec", SPEC, "--out", out, "--package", "strict_sdk")
    assert run.code == 0, run.err
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    oracle = jsonschema.Draft202012Validator({**spec, "$ref": f"#/components/schemas/{name}"})
    instances = _instances(valid, changes)
    expected = [oracle.is_valid(i) for i in instances]
    assert expected.count(True) >= 3  # the probes are not all of one kind
    assert expected.count(False) >= 10
    got = run_python(JUDGE, cwd=tmp_path, path=[out], args={"name": name, "instances": instances})
    # model_validate, model_validate_json, validate(), validate_json(): the oracle's verdict
    assert [row[:4] for row in got] == [[verdict] * 4 for verdict in expected]
    # validate()'s verdict-only validator (_verdict) lets the valid payload through; for Held,
    # whose schema pydantic-core holds whole, it accepts no invalid one (what it refuses, such as
    # 0.0 for an integer, the table decides)
    accepted = [row[4] for row in got]
    assert all(ok is True or ok is False for ok in accepted), accepted
    assert accepted[0] is True
    if name == "Held":
        assert not any(ok and not valid for ok, valid in zip(accepted, expected, strict=True))
        assert accepted.count(False) >= expected.count(False)
