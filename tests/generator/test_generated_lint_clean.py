"""Generated packages pass ruff with their own configuration, whatever the spec's text holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.generator.helpers import generate

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
