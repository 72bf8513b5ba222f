"""Generated packages pass ruff with their own configuration, whatever the spec's text holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from tests.generator.helpers import generate, run_python

SPECS = Path(__file__).parent / "specs"


def test_descriptions_ending_in_spaces_leave_no_trailing_whitespace(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(out, "spaces_sdk", SPECS / "trailing_spaces.yaml")

    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--config", str(out / "pyproject.toml"), str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert done.returncode == 0, done.stdout + done.stderr
    assert "It should not be logged." in (out / "spaces_sdk" / "types.py").read_text(
        encoding="utf-8"
    )


def test_what_datamodel_codegen_warns_about_is_one_warning_line_each(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable, "-m", "generator", "generate", "--spec", str(SPECS / "trailing_spaces.yaml"),
            "--out", str(tmp_path / "out"), "--package", "spaces_sdk", "--force", "-q",
        ],
        capture_output=True, text=True, check=False, cwd=Path(__file__).parents[2],
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert "UserWarning" not in done.stderr
    assert [line for line in lines if "[datamodel-codegen]" in line] == [
        line for line in lines if "repo.nwo" in line
    ]
    assert len(lines) == 1, lines
    assert lines[0].startswith("trailing_spaces.yaml:"), lines
    assert "warning [datamodel-codegen]" in lines[0], lines


def _ruff(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *argv],
        capture_output=True, text=True, check=False, cwd=cwd,
    )  # fmt: skip


def test_shapes_ruff_flagged_in_public_specs_are_clean_and_still_validate(tmp_path: Path) -> None:
    """Typed extra keys, a recursive alias with null items, mutable defaults, a Literal naming
    a class, a union with null in the middle: what ruff flagged in Slack's, Vercel's, Docker
    Engine's, Box's and OpenAI's packages. Verdicts come from jsonschema on the spec's schemas."""
    out = tmp_path / "project" / "out"
    spec = SPECS / "lint_shapes.yaml"
    generate(out, "shapes_sdk", spec)

    in_package = _ruff(["."], cwd=out)  # the package's folder, its configuration found
    from_above = _ruff(
        ["--config", str(out / "pyproject.toml"), "out"], cwd=out.parent
    )  # as make lint
    assert in_package.returncode == 0, in_package.stdout + in_package.stderr
    assert from_above.returncode == 0, from_above.stdout + from_above.stderr

    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    cases = [
        ("ItemValue", ["a", None, [1.5, None, {"k": "v"}]]),
        ("ItemValue", [None, [None]]),
        ("ItemValue", [["x", [True]]]),
        ("ItemValue", [{"k": 1}, None]),
        ("Classification", {"labels": {"ok": True, "extra": {"a": 1}}, "license": ["editorial"]}),
        ("Classification", {"labels": {"ok": True, "extra": "not an object"}}),
        ("Classification", {"value": [None, "x"], "config": {"runc": {}}}),
        ("Classification", {"license": ["other"]}),
        ("Classification", {"l": "x"}),
        ("Classification", {"l": 1}),
    ]
    expected = []
    for name, instance in cases:
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        expected.append(jsonschema.Draft202012Validator(schema).is_valid(instance))
    assert True in expected
    assert False in expected

    verdicts = run_python(
        "import pydantic, shapes_sdk.types as t\n"
        "out = []\n"
        "for name, instance in ARGS:\n"
        "    adapter = pydantic.TypeAdapter(getattr(t, name))\n"
        "    try:\n"
        "        adapter.validate_python(instance, strict=True)\n"
        "        out.append(True)\n"
        "    except pydantic.ValidationError:\n"
        "        out.append(False)\n"
        "print(json.dumps(out))\n",
        cwd=tmp_path, path=[out], args=cases,
    )  # fmt: skip
    assert verdicts == expected

    resource = (out / "shapes_sdk" / "resources" / "classifications.py").read_text(encoding="utf-8")
    # the signatures' one class, for type checkers; the body model is named, not imported
    assert "\n    from ..types import Classification\n" in resource
    assert 'body_model=TypeRef(hint="AddClassificationBody")' in resource


def test_explicit_nullable_false_leaves_the_types_mypy_clean_and_null_refused(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    generate(out, "auth_sdk", SPECS / "nullable_false.yaml")
    done = subprocess.run(
        [
            sys.executable, "-m", "mypy", "--strict", "--config-file", "pyproject.toml",
            "--cache-dir", str(tmp_path / "mypy"), "auth_sdk/types.py",
        ],
        capture_output=True, text=True, check=False, cwd=out,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr

    verdicts = run_python(
        "import auth_sdk\n"
        "out = []\n"
        "for payload in ARGS:\n"
        "    out.append(not auth_sdk.validate('AuthResponse', payload))\n"
        "print(json.dumps(out))\n",
        cwd=tmp_path, path=[out],
        args=[{"Status": "ok"}, {"Status": "ok", "IdentityToken": None}, {"Status": "ok", "nullable": True}],
    )  # fmt: skip
    assert verdicts == [True, False, True]  # 3.0: null only where nullable is true


def test_shapes_ruff_flagged_outside_the_corpus_are_clean_and_still_validate(
    tmp_path: Path,
) -> None:
    """A nullable array alias of a recursive union, CRLF prose ending lines in spaces, and a
    package without operations or model classes; verdicts from jsonschema on the spec."""
    wide = tmp_path / "wide"
    bare = tmp_path / "bare"
    generate(wide, "wide_sdk", SPECS / "lint_shapes_wide.yaml")
    generate(bare, "bare_sdk", SPECS / "no_operations.yaml")
    for out in (wide, bare):
        done = _ruff(["."], cwd=out)
        assert done.returncode == 0, done.stdout + done.stderr

    document = yaml.safe_load((SPECS / "lint_shapes_wide.yaml").read_text(encoding="utf-8"))
    cases = [
        ("Records", None),
        ("Records", [{"type": "s", "records": [{"total": 1.5}]}, {"total": 2}]),
        ("Records", [{"type": "s", "records": None}]),
        ("Records", "not a list"),
        ("Section", {"type": "s", "records": [{"type": 1}]}),  # a union member both refuse
    ]
    expected = []
    for name, instance in cases:
        schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        expected.append(jsonschema.Draft4Validator(_nullable(schema)).is_valid(instance))
    verdicts = run_python(
        "import wide_sdk, bare_sdk, bare_sdk.types\n"
        "print(json.dumps([not wide_sdk.validate(name, value) for name, value in ARGS]))\n",
        cwd=tmp_path, path=[wide, bare], args=cases,
    )  # fmt: skip
    assert verdicts == expected
    assert True in expected
    assert False in expected


def _nullable(node: object) -> object:
    """OpenAPI 3.0's ``nullable: true`` as draft 4 says it (``type`` gains ``null``)."""
    if isinstance(node, list):
        return [_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _nullable(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable") is True and isinstance(node.get("type"), str):
        out["type"] = [node["type"], "null"]
    return out
