"""The strict models' verdict on typed schemas, where pydantic checks most and the table the rest.

``Model.model_validate(data, strict=True)`` lets pydantic strict mode build the
model and checks only the keywords pydantic cannot express from the schema
table (``_residual``). The case spec (``cases/strict-typed``) is typed
throughout, so that split is exercised: ``null`` in optional fields, numeric
enums, ``const``, ``uniqueItems``, ``oneOf``, ``multipleOf``, ``pattern``,
``additionalProperties`` (false and a schema), recursion. Every verdict is
compared with jsonschema's on the same component.
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

JUDGE = r"""
from strict_sdk.types import Item
verdicts = []
for data in ARGS["instances"]:
    try:
        Item.model_validate(data, strict=True)
        verdicts.append(True)
    except Exception as exc:
        verdicts.append(False if type(exc).__name__ == "ValidationError" else repr(exc))
print(json.dumps(verdicts))
"""


def _instances() -> list[Any]:
    out = [VALID]
    for key, value in CHANGES:
        changed = copy.deepcopy(VALID)
        changed[key] = value
        out.append(changed)
    return out


def test_strict_model_verdicts_match_jsonschema_on_typed_schemas(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run = run_cli(capsys, "generate", "--spec", SPEC, "--out", out, "--package", "strict_sdk")
    assert run.code == 0, run.err
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    oracle = jsonschema.Draft202012Validator({**spec, "$ref": "#/components/schemas/Item"})
    instances = _instances()
    expected = [oracle.is_valid(i) for i in instances]
    assert expected.count(True) >= 3  # the probes are not all of one kind
    assert expected.count(False) >= 10
    got = run_python(JUDGE, cwd=tmp_path, path=[out], args={"instances": instances})
    assert got == expected
