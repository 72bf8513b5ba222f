"""``python -m generator lint``: one case folder per rule (cases/lint/<rule>/{spec.yaml,expected.json}),
the output formats, exit codes, and the curated spec being lint-clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.toolkit.lint_rules import RULES, pattern_error
from tests.toolkit.conftest import HERE, REAL_SPEC, Cli

CASES = HERE / "cases" / "lint"
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
    for rule in RULES:  # and the folder shows that rule
        expected = json.loads((CASES / rule.id / "expected.json").read_text(encoding="utf-8"))
        assert rule.id in {finding["rule"] for finding in expected}, rule.id


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
    assert set(report) == {"spec", "loaded", "errors", "warnings", "findings"}
    assert (report["spec"], report["errors"], report["warnings"]) == ("spec.yaml", 0, 1)
    (finding,) = report["findings"]
    assert finding == {
        "rule": "invalid-example",
        "severity": "warning",
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


@pytest.mark.parametrize("case", [c for c in CASE_NAMES if c.startswith("unsupported-")])
def test_unsupported_cases_are_what_generate_refuses(cli: Cli, case: str, tmp_path: Path) -> None:
    expected = json.loads((CASES / case / "expected.json").read_text(encoding="utf-8"))
    result = cli("generate", "--spec", CASES / case / "spec.yaml", "--out", tmp_path / "out")
    assert result.code == 1
    for finding in expected:
        if finding["rule"].startswith("unsupported-"):
            assert f"at #{finding['pointer']}:" in result.err


def test_house_rules_run_on_a_plain_spec_only_when_selected(cli: Cli) -> None:
    spec = CASES / "house-rules-off" / "spec.yaml"
    report = cli("lint", "--spec", spec, "--select", "inline-object,sdk-name", "--format", "json")
    rules = {f["rule"] for f in report.json()["findings"]}
    assert rules == {"inline-object", "sdk-name"}
    assert report.code == 1


def test_ignore_takes_rules_and_prefixes_away(cli: Cli) -> None:
    spec = CASES / "unsupported-construct" / "spec.yaml"
    result = cli("lint", "--spec", spec, "--ignore", "unsupported", "--format", "json")
    assert [f["rule"] for f in result.json()["findings"]] == ["sdk-name"]
    result = cli(
        "lint", "--spec", spec, "--ignore", "sdk-name", "--ignore", "unsupported-construct"
    )
    assert (result.code, result.out) == (0, "")


def test_an_unknown_rule_is_a_usage_error(cli: Cli) -> None:
    result = cli("lint", "--spec", CASES / "clean" / "spec.yaml", "--select", "no-such-rule")
    assert result.code == 2
    assert "no lint rule 'no-such-rule'" in result.err


@pytest.mark.parametrize("text", ["openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n", "a: [\n"])
def test_json_output_is_json_when_the_spec_does_not_load(
    cli: Cli, tmp_path: Path, text: str
) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(text, encoding="utf-8")
    result = cli("lint", "--spec", spec, "--format", "json")
    report = result.json()
    assert (report["loaded"], result.code) == (False, 1)
    assert report["errors"] >= 1
    assert all(f["severity"] == "error" and f["message"] for f in report["findings"])


def test_json_output_is_json_for_a_missing_spec_and_a_bad_rule(cli: Cli, tmp_path: Path) -> None:
    result = cli("lint", "--spec", tmp_path / "nope.yaml", "--format", "json")
    assert (result.json()["loaded"], result.code) == (False, 2)
    assert result.json()["findings"][0]["rule"] == "file-not-found"
    result = cli(
        "lint", "--spec", CASES / "clean" / "spec.yaml", "--ignore", "x", "--format", "json"
    )
    assert (result.json()["findings"][0]["rule"], result.code) == ("usage", 2)
