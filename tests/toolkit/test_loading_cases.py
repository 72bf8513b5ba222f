"""Every loading leniency (the case folders of tests/generator/cases/lenient/) reads the same in
``diff``, ``lint`` and ``generate``: each expected warning printed once, with its file, line,
column and JSON pointer, and the exit status unchanged; ``--strict`` makes them errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.generator.helpers import CASES, load_json, run_cli
from tests.generator.test_lenient_specs import assert_exactly, problems, spec_of

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
