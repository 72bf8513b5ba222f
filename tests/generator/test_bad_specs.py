"""Bad specs: one clear problem line each, the right exit code, and the output left alone.

Each folder under ``cases/bad/`` holds a spec (plus any file it ``$ref``s) and
``expected.json``: ``exit``, ``code``, a ``message`` substring, and where it
matters the ``pointer`` and ``line`` the problem must name. Before each run a
good package is generated into the same ``--out``; a failed run must leave
every byte and every modification time of it as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.generator.helpers import (
    CASES,
    MINI_SPEC,
    PROBLEM_LINE,
    copy_tree,
    load_json,
    run_cli,
    run_module,
    snapshot,
)

BAD_CASES = sorted(p for p in (CASES / "bad").iterdir() if p.is_dir())


def spec_of(case: Path, expected: dict[str, Any]) -> Path:
    """The spec a case runs: ``expected["spec"]`` (may be missing on purpose) or ``spec.*``."""
    if "spec" in expected:
        return case / expected["spec"]
    (spec,) = case.glob("spec.*")
    return spec


def assert_reported(err: str, expected: dict[str, Any], spec: Path) -> None:
    """stderr is problem lines only, and one of them is the expected problem, in the right place."""
    lines = err.splitlines()
    parsed = [PROBLEM_LINE.match(line) for line in lines]
    assert lines, "no problem was printed"
    assert all(parsed), f"every stderr line must be one problem:\n{err}"
    found = [m for m in parsed if m and m["code"] == expected["code"]]
    assert found, f"no [{expected['code']}] problem in:\n{err}"
    problem = found[0]
    assert expected["message"] in problem["message"], err
    assert Path(problem["file"]).name == expected.get("file", spec.name), err
    if "pointer" in expected:
        assert (problem["pointer"] or "") == expected["pointer"], err
    if "line" in expected:
        assert problem["line"] is not None, err
        assert int(problem["line"]) == expected["line"], err
        assert problem["column"] is not None, "a line without its column"


def test_every_bad_case_is_complete() -> None:
    assert len(BAD_CASES) >= 20
    for case in BAD_CASES:
        expected = load_json(case / "expected.json")
        assert {"exit", "code", "message"} <= expected.keys(), case.name
        if "spec" not in expected:
            assert len(list(case.glob("spec.*"))) == 1, case.name


@pytest.fixture
def previous_output(mini_output: Path, tmp_path: Path) -> Path:
    """A good package from an earlier run, in the folder the bad run writes to."""
    return copy_tree(mini_output, tmp_path / "out")


@pytest.mark.parametrize("case", BAD_CASES, ids=lambda p: p.name)
def test_bad_spec_is_one_clear_error_and_output_is_untouched(
    case: Path, previous_output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = load_json(case / "expected.json")
    spec = spec_of(case, expected)
    before = snapshot(previous_output)

    run = run_cli(
        capsys, "generate", "--spec", spec, "--out", previous_output, "--package", "mini_sdk"
    )

    assert run.code == expected["exit"], run.err
    assert "Traceback" not in run.err + run.out
    assert "internal error" not in run.err
    assert run.out == ""
    assert_reported(run.err, expected, spec)
    assert snapshot(previous_output) == before, "a failed run changed the previous output"


@pytest.mark.parametrize("name", ["ref_cycle", "multipart_encoding_headers", "invalid_type"])
def test_check_reports_a_bad_spec_like_generate(
    name: str, previous_output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = CASES / "bad" / name
    expected = load_json(case / "expected.json")
    spec = spec_of(case, expected)
    before = snapshot(previous_output)

    run = run_cli(
        capsys, "check", "--spec", spec, "--out", previous_output, "--package", "mini_sdk"
    )

    assert run.code == expected["exit"]
    assert_reported(run.err, expected, spec)
    assert snapshot(previous_output) == before


def test_the_parser_collects_every_semantic_problem_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        (CASES / "bad" / "duplicate_operation_id" / "spec.yaml").read_text(encoding="utf-8")
        + "  /more/{id}:\n    get:\n      operationId: more\n"
        "      responses: {'200': {description: ok}}\n",
        encoding="utf-8",
    )
    run = run_cli(capsys, "generate", "--spec", spec, "--out", tmp_path / "out")
    codes = [m["code"] for m in map(PROBLEM_LINE.match, run.err.splitlines()) if m]
    assert run.code == 1
    assert sorted(codes) == ["duplicate-operation-id", "undeclared-path-param"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "name", ["yaml_syntax_error", "multipart_encoding_headers", "missing_spec_file"]
)
def test_a_real_user_sees_problem_lines_not_a_traceback(name: str, tmp_path: Path) -> None:
    case = CASES / "bad" / name
    expected = load_json(case / "expected.json")
    spec = spec_of(case, expected)
    out = tmp_path / "out"

    run = run_module("generate", "--spec", spec, "--out", out, "--package", "user_sdk")

    assert run.code == expected["exit"]
    assert "Traceback" not in run.err
    assert_reported(run.err, expected, spec)
    assert not out.exists(), "a failed first run created the output folder"


@pytest.mark.parametrize(
    "argv",
    [
        ["generate", "--package", "Not-A-Package"],
        ["generate", "--frobnicate"],
        ["no-such-command"],
    ],
    ids=["bad-package-name", "unknown-flag", "unknown-command"],
)
def test_bad_arguments_are_usage_errors(argv: list[str], tmp_path: Path) -> None:
    run = run_module(*argv, "--spec", tmp_path / "spec.yaml", cwd=tmp_path)
    assert run.code == 2
    assert "usage:" in run.err
    assert "Traceback" not in run.err


@pytest.mark.parametrize("command", ["generate", "check"])
def test_an_output_folder_that_is_a_file_is_a_usage_error(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder", encoding="utf-8")
    run = run_cli(capsys, command, "--spec", MINI_SPEC, "--out", out)
    assert run.code == 2
    assert_reported(run.err, {"code": "usage", "message": "names a file"}, out)
    assert out.read_text(encoding="utf-8") == "not a folder"
