"""``__all__`` is written in the order ruff's RUF022 wants: ruff itself is the oracle."""

from __future__ import annotations

import ast
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir import export_order

TRICKY = [
    "A", "A2", "A4", "B", "B2", "AbSplit", "AbSplit1", "AbSplit10", "AbSplit2", "API", "APIKey",
    "Api", "api", "_private", "X", "x", "ZZ", "Z_1", "Author10", "Author2", "ab", "aB", "Ab",
    "NOT_GIVEN", "Page", "PAGE2", "page2",
]  # fmt: skip
NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True)


def _ruff_order(names: list[str], folder: Path) -> list[str]:
    module = folder / "m.py"
    module.write_text(f"__all__ = {names!r}\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "RUF022", "--fix",
         "--quiet", str(module)],
        check=False, capture_output=True,
    )  # fmt: skip
    written = ast.parse(module.read_text(encoding="utf-8")).body[0]
    assert isinstance(written, ast.Assign)
    return list(ast.literal_eval(written.value))


def test_tricky_names_are_in_ruff_s_order(tmp_path: Path) -> None:
    assert list(export_order(TRICKY)) == _ruff_order(sorted(TRICKY), tmp_path)


@settings(max_examples=25, deadline=None)
@given(st.lists(NAMES, min_size=2, max_size=12, unique=True))
def test_random_names_are_in_ruff_s_order(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        assert list(export_order(names)) == _ruff_order(sorted(names), Path(folder))
