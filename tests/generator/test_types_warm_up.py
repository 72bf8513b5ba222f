"""When the types child warms datamodel-codegen up: only when nothing can be reused."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import pipeline
from generator.manifest import MANIFEST


@pytest.mark.parametrize(
    ("cache", "earlier_output", "reusable"),
    [("on", True, True), ("on", False, False), ("off", True, False), ("off", False, False)],
)
def test_a_first_run_or_a_run_without_cache_warms_up(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cache: str,
    earlier_output: bool,
    reusable: bool,
) -> None:
    monkeypatch.setenv(
        "SCENARIO_CODEGEN_CACHE", str(tmp_path / "cache") if cache == "on" else "off"
    )
    out = tmp_path / "out"
    out.mkdir()
    if earlier_output:
        (out / MANIFEST).write_text("{}", encoding="utf-8")
    assert pipeline._reusable(out) is reusable
