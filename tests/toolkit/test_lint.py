"""``python -m generator lint``: one case folder per rule (lint_cases/<rule>/{spec.yaml,expected.json}),
the output formats, exit codes, and the curated spec being lint-clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.toolkit.lint_rules import RULES, pattern_error
from tests.toolkit.conftest import HERE, REAL_SPEC, Cli

CASES = HERE / "lint_cases"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def _key(finding: dict[str, str]) -> tuple[str, str, str]:
    return finding["rule"], finding["severity"], finding["pointer"]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_lint_case(cli: Cli, case: str) -> None:
    expected = json.loads((CASES / case / "expected.json").read_text(encoding="utf-8"))
    result = cli("lint", "--spec", CASES / case / "spec.yaml", "--format", "json")
    report = result.json()
    assert sorted(map(_key, report["findings"])) == sorted(map(_key, expected))
    has_error = any(f["severity"] == "error" for f in expected)
    assert result.code == (1 if has_error else 0)


def test_every_rule_has_a_case_folder() -> None:
    assert {rule.id for rule in RULES} <= set(CASE_NAMES)
    assert "clean" in CASE_NAMES


def test_text_output_names_place_rule_and_hint(cli: Cli) -> None:
    result = cli("lint", "--spec", CASES / "sdk-name" / "spec.yaml")
    assert result.code == 1
    (line,) = result.out.splitlines()
    assert line.startswith("spec.yaml:6:7 at #/paths/~1things~1{thingId}/get: error [sdk-name] ")
    assert "GET /things/{thingId} has no x-sdk-method" in line
    assert "(hint: add x-sdk-resource" in line
    assert "spec.yaml: 1 error(s), 0 warning(s)" in result.err


def test_json_output_shape(cli: Cli) -> None:
    report = cli(
        "lint", "--spec", CASES / "invalid-example" / "spec.yaml", "--format", "json"
    ).json()
    assert set(report) == {"spec", "errors", "warnings", "findings"}
    assert (report["spec"], report["errors"], report["warnings"]) == ("spec.yaml", 1, 0)
    (finding,) = report["findings"]
    assert finding == {
        "rule": "invalid-example",
        "severity": "error",
        "message": "example is invalid at $.size: 'huge' is not one of ['small', 'large']",
        "file": "spec.yaml",
        "pointer": "/paths/~1things~1{thingId}/get/responses/200/content/application~1json/examples/one/value",
        "line": 18,
        "column": 30,
        "hint": "fix the example or the schema",
    }


def test_warnings_alone_exit_0(cli: Cli) -> None:
    result = cli("lint", "--spec", CASES / "unused-component" / "spec.yaml")
    assert result.code == 0
    assert "0 error(s), 2 warning(s)" in result.err


def test_missing_spec_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("lint", "--spec", tmp_path / "nope.yaml")
    assert result.code == 2
    assert "spec not found" in result.err


def test_a_spec_that_does_not_validate_is_reported_without_traceback(
    cli: Cli, tmp_path: Path
) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n", encoding="utf-8")
    result = cli("lint", "--spec", spec)
    assert result.code == 1
    assert "[invalid-openapi]" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("pattern", "ok"),
    [("^[a-z]+$", True), (r"\p{L}+", True), ("(?=a)b", False), (r"(a)\1", False), ("[", False)],
)
def test_patterns_are_checked_with_pydantics_engine(pattern: str, ok: bool) -> None:
    assert (pattern_error(pattern) is None) == ok


@pytest.mark.skipif(not REAL_SPEC.is_file(), reason="spec/openapi.yaml has not landed yet")
def test_the_curated_spec_is_lint_clean(cli: Cli) -> None:
    result = cli("lint", "--spec", REAL_SPEC, "--format", "json")
    report = result.json()
    assert report["findings"] == [], json.dumps(report["findings"], indent=2)
    assert result.code == 0
