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
