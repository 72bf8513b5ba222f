"""JSON Schema keywords the generated package cannot check exactly are refused by name.

The case spec (``cases/refused-keywords``) writes ``unevaluatedProperties``,
``unevaluatedItems`` (inside an operation's body), ``$dynamicAnchor`` and
``$dynamicRef``, and a component with the keywords the schema table honours
(``propertyNames``, ``dependentSchemas``, ``if``/``then``, ``contains`` with
``minContains``). The expected pointers are read off the spec by hand; the
verdicts on the honoured keywords come from jsonschema.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.generator.helpers import CASES, PROBLEM_LINE, run_cli, run_python

SPEC = CASES / "refused-keywords" / "spec.yaml"
REFUSED = {
    "#/components/schemas/Closed/unevaluatedProperties": "unevaluatedProperties",
    "#/components/schemas/Tree/$dynamicAnchor": "$dynamicAnchor",
    "#/components/schemas/Tree/properties/children/items/$dynamicRef": "$dynamicRef",
    "#/paths/~1items/post/requestBody/content/application~1json/schema/properties/tags/"
    "unevaluatedItems": "unevaluatedItems",
}


def _problems(err: str) -> dict[str, str]:
    """pointer -> line of each problem line in ``err`` (every such line must parse)."""
    lines = [line for line in err.splitlines() if " [" in line]
    parsed = [PROBLEM_LINE.match(line) for line in lines]
    assert all(parsed), err
    return {m["pointer"]: line for m, line in zip(parsed, lines, strict=True) if m}


def test_each_refused_keyword_is_one_error_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run = run_cli(capsys, "generate", "--spec", SPEC, "--out", out, "--package", "kw_sdk")
    assert run.code == 1
    found = _problems(run.err)
    assert sorted(found) == sorted(REFUSED)
    for pointer, keyword in REFUSED.items():
        assert (
            f"error [unsupported] JSON Schema keyword {keyword!r} is not supported"
            in found[pointer]
        )
    assert "Traceback" not in run.err
    assert not out.exists()


HONOURED = r"""
import kw_sdk
from kw_sdk.types import Honoured
verdicts = []
for data in ARGS["instances"]:
    by_validate = not kw_sdk.validate("Honoured", data)
    try:
        Honoured.model_validate(data, strict=True)
        by_model = True
    except Exception:
        by_model = False
    verdicts.append([by_validate, by_model])
print(json.dumps(verdicts))
"""

INSTANCES = [
    {},
    {"abcd": 1},
    {"a": 1},
    {"a": 1, "b": 2},
    {"c": 1},
    {"c": 1, "d": 2},
    {"list": [1]},
    {"list": [1, "x", 2]},
    {"list": ["x"]},
]


def test_with_the_flag_they_are_recorded_and_the_honoured_keywords_are_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ("--spec", SPEC, "--out", out, "--package", "kw_sdk", "--skip-unsupported")
    run = run_cli(capsys, "generate", *args)
    assert run.code == 0, run.err
    manifest = json.loads((out / ".generator-manifest.json").read_text(encoding="utf-8"))
    recorded = {"#" + entry["pointer"] for entry in manifest["skipped"]}
    assert recorded == set(REFUSED)
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    oracle = jsonschema.Draft202012Validator(spec["components"]["schemas"]["Honoured"])
    expected = [[oracle.is_valid(i)] * 2 for i in INSTANCES]
    assert {e[0] for e in expected} == {True, False}  # the instances are not all alike
    got = run_python(HONOURED, cwd=tmp_path, path=[out], args={"instances": INSTANCES})
    assert got == expected
