"""Every loading leniency (the case folders of tests/generator/cases/lenient/) reads the same in
``diff``, ``lint`` and ``generate``: each expected warning printed once, with its file, line,
column and JSON pointer, and the exit status unchanged; ``--strict`` makes them errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.generator.helpers import CASES, load_json, run_cli
from tests.generator.test_lenient_specs import assert_exactly, problems, spec_of
from tests.toolkit.conftest import Cli

LENIENT = sorted(p for p in (CASES / "lenient").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", LENIENT, ids=lambda p: p.name)
def test_diff_lint_and_generate_print_the_same_warnings(
    case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = load_json(case / "expected.json")["warnings"]
    codes = {e["code"] for e in expected}
    spec = spec_of(case)

    generated = run_cli(capsys, "generate", "--spec", spec, "--out", tmp_path / "out")
    assert generated.code == 0, generated.err
    assert_exactly(problems(generated.err, "warning"), expected, generated.err)

    diffed = run_cli(capsys, "diff", spec, spec)
    assert diffed.code == 0, diffed.err
    assert_exactly(problems(diffed.err, "warning"), expected, diffed.err)
    strict_code = 1 if expected else 0  # some cases only read text right: nothing to warn of
    assert run_cli(capsys, "diff", "--strict", spec, spec).code == strict_code

    linted = run_cli(capsys, "lint", "--spec", spec)
    said = linted.err + linted.out  # loading's warning, or a lint rule saying the same once
    shared = [p for p in problems(said, "warning") if p["code"] in codes]
    assert_exactly(shared, expected, said)
    assert "Traceback" not in said
    if expected:
        assert run_cli(capsys, "lint", "--strict", "--spec", spec).code == 1


def test_diff_compares_specs_that_only_generate_refuses(cli: Cli, tmp_path: Path) -> None:
    """An undeclared path parameter stops generate; diff warns of it and compares."""
    text = (
        "openapi: 3.1.0\n"
        "info: {title: x, version: '1'}\n"
        "paths:\n"
        "  /things/{thingId}:\n"
        "    get:\n"
        "      operationId: getThing\n"
        "      responses:\n"
        "        '200':\n"
        "          description: The thing.\n"
        "          content:\n"
        "            application/json:\n"
        "              schema: {type: string, maxLength: LIMIT}\n"
    )
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text.replace("LIMIT", "10"), encoding="utf-8")
    new.write_text(text.replace("LIMIT", "20"), encoding="utf-8")
    result = cli("diff", old, new, "--format", "json")
    assert result.code == 1, result.err
    assert [c["kind"] for c in result.json()["changes"]] == ["bound-loosened"]
    warned = problems(result.err, "warning")
    assert sorted((w["file"], w["line"], w["code"]) for w in warned) == [
        ("new.yaml", "6", "undeclared-path-param"),
        ("old.yaml", "6", "undeclared-path-param"),
    ]
    assert cli("diff", "--strict", old, new).code == 1
    assert "error [undeclared-path-param]" in cli("diff", "--strict", old, new).err
    generated = cli("generate", "--spec", new, "--out", tmp_path / "out")
    assert generated.code == 1
    assert "error [undeclared-path-param]" in generated.err
