"""``python -m generator diff``: one case folder per rule (cases/diff/<rule>/{old,new}.yaml and
expected.json: the expected changes, each its kind and level and optionally operation, where
and pointers), output formats and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator.toolkit.diff_model import LEVELS, RULES
from generator.toolkit.rules_doc import DOC, render
from tests.toolkit.conftest import HERE, Cli

CASES = HERE / "cases" / "diff"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())
FIELDS = ("kind", "level", "operation", "where", "old_pointer", "new_pointer")


def _row(change: dict[str, Any], fields: tuple[str, ...]) -> tuple[Any, ...]:
    operation = change["operation"]
    values = {**change, "operation": operation["sdk"] if operation else None}
    return tuple(values[f] for f in fields)


@pytest.mark.parametrize("case", CASE_NAMES)
def test_diff_case(cli: Cli, case: str) -> None:
    folder = CASES / case
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    result = cli("diff", folder / "old.yaml", folder / "new.yaml", "--format", "json")
    report = result.json()
    fields = FIELDS if all(set(FIELDS) <= set(e) for e in expected) else ("kind", "level")
    actual = sorted((_row(c, fields) for c in report["changes"]), key=repr)
    assert actual == sorted((tuple(e[f] for f in fields) for e in expected), key=repr)
    breaking = sum(e["level"] == "breaking" for e in expected)
    assert (report["breaking"], report["non_breaking"]) == (breaking, len(expected) - breaking)
    assert result.code == (1 if breaking else 0)
    for change in report["changes"]:
        assert change["reason"], change
        assert change["breaking"] == (change["level"] == "breaking")


def test_every_change_names_operation_method_path_and_sdk_name(cli: Cli) -> None:
    folder = CASES / "shared-component-changed"
    report = cli("diff", folder / "old.yaml", folder / "new.yaml", "--format", "json").json()
    assert set(report) == {"old", "new", "breaking", "non_breaking", "changes"}
    first = report["changes"][0]
    assert set(first) == {
        "kind", "level", "breaking", "message", "reason", "operation", "where",
        "old_pointer", "new_pointer",
    }  # fmt: skip
    assert first["operation"] == {"method": "GET", "path": "/pets", "sdk": "pets.list"}
    assert first["message"] == "maxLength 20 -> 10 (length)"


def test_text_output(cli: Cli) -> None:
    folder = CASES / "request-bound-tightened"
    result = cli("diff", folder / "old.yaml", folder / "new.yaml")
    assert result.code == 1
    assert result.out.splitlines() == [
        "BREAKING      GET /pets (pets.list) | query parameter limit: maximum <= 100 -> <= 50",
        "              why: requests that were valid may now be rejected",
        "              old: #/paths/~1pets/get/parameters/0/schema/maximum",
        "              new: #/paths/~1pets/get/parameters/0/schema/maximum",
    ]
    assert "1 change(s): 1 breaking, 0 non-breaking" in result.err


def test_response_enum_value_added_says_why_it_breaks(cli: Cli) -> None:
    folder = CASES / "response-enum-value-added"
    report = cli("diff", folder / "old.yaml", folder / "new.yaml", "--format", "json").json()
    reasons = {c["reason"] for c in report["changes"]}
    assert reasons == {
        "strict validators (python -m generator validate, strict parsing) reject the new value; "
        "the default client keeps it as a plain string"
    }


@pytest.mark.parametrize(
    ("case", "fail_on", "code"),
    [
        ("request-bound-tightened", "breaking", 1),
        ("request-bound-tightened", "none", 0),
        ("request-bound-loosened", "breaking", 0),
        ("request-bound-loosened", "any", 1),
        ("no-change", "any", 0),
    ],
)
def test_fail_on(cli: Cli, case: str, fail_on: str, code: int) -> None:
    folder = CASES / case
    result = cli("diff", folder / "old.yaml", folder / "new.yaml", "--fail-on", fail_on)
    assert result.code == code


def test_missing_spec_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    folder = CASES / "no-change"
    result = cli("diff", folder / "old.yaml", tmp_path / "missing.yaml")
    assert result.code == 2
    assert "new spec not found" in result.err


def test_bad_flag_is_a_usage_error(cli: Cli) -> None:
    folder = CASES / "no-change"
    with pytest.raises(SystemExit) as exited:
        cli("diff", folder / "old.yaml", folder / "new.yaml", "--fail-on", "sometimes")
    assert exited.value.code == 2


def test_an_invalid_spec_is_reported_without_traceback(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n", encoding="utf-8")
    result = cli("diff", CASES / "no-change" / "old.yaml", bad)
    assert result.code == 1
    assert "[invalid-openapi]" in result.err
    assert "Traceback" not in result.err


def _expected_kinds() -> set[str]:
    kinds: set[str] = set()
    for case in CASE_NAMES:
        expected = json.loads((CASES / case / "expected.json").read_text(encoding="utf-8"))
        kinds |= {e["kind"] for e in expected}
    return kinds


def test_every_rule_has_a_case_and_every_case_kind_is_a_rule() -> None:
    assert _expected_kinds() <= set(RULES), sorted(_expected_kinds() - set(RULES))
    for kind in RULES:  # a folder named after each rule (or its side) shows that rule
        folders = [c for c in CASE_NAMES if c in (kind, f"request-{kind}", f"response-{kind}")]
        shown = [
            folder
            for folder in folders
            if kind
            in {e["kind"] for e in json.loads((CASES / folder / "expected.json").read_text())}
        ]
        assert shown, f"no case folder for {kind}"


def test_every_level_of_every_rule_is_shown_by_a_case() -> None:
    """Each rule's levels (a breaking and a harmless variant where both exist) have cases."""
    shown: dict[str, set[str]] = {}
    for case in CASE_NAMES:
        for e in json.loads((CASES / case / "expected.json").read_text(encoding="utf-8")):
            shown.setdefault(e["kind"], set()).add(e["level"])
    assert set(LEVELS) == set(RULES)
    for kind, levels in LEVELS.items():
        assert set(levels) == shown.get(kind, set()), kind


def test_rules_doc_is_in_sync() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is stale: run python -m generator.toolkit.rules_doc"
    )
    for kind in RULES:
        assert f"| `{kind}` |" in render()


def test_oasdiff_table_names_existing_rules_and_case_folders() -> None:
    """cases/diff/OASDIFF.md: every rule it names is a rule, every case folder exists."""
    table = (CASES / "OASDIFF.md").read_text(encoding="utf-8")
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in table.splitlines()
        if line.startswith("| ") and not line.startswith(("| oasdiff", "|---"))
    ]
    assert len(rows) > 60
    for _oasdiff, ours, folders, _note in rows:
        for rule in re.findall(r"[a-z]+(?:-[a-z]+)+", ours):
            assert rule in RULES, rule
        for folder in re.split(r",\s*", folders):
            assert folder == "-" or folder in CASE_NAMES, folder
