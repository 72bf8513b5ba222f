"""Fixtures for the toolkit tests: an isolated generation cache and an in-process CLI runner."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main

HERE = Path(__file__).resolve().parent
SPECS = HERE / "specs"
REPO = HERE.parents[1]
REAL_SPEC = REPO / "spec" / "openapi.yaml"
SEEDS = REPO / "tests" / "fixtures" / "seeds"


@pytest.fixture(scope="session", autouse=True)
def _generation_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Packages generated for out-of-date specs go to a per-session folder, not ~/.cache."""
    folder = tmp_path_factory.mktemp("generator-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GENERATOR_CACHE_DIR", str(folder))
        yield folder


@dataclass
class Outcome:
    """What one CLI run printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """stdout parsed as JSON."""
        return json.loads(self.out)


class Cli:
    """Runs ``python -m generator`` in-process (optionally with bytes on stdin)."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def __call__(self, *argv: str | Path, stdin: bytes = b"") -> Outcome:
        self.capsys.readouterr()
        self.monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = main([str(a) for a in argv])
        captured = self.capsys.readouterr()
        return Outcome(code, captured.out, captured.err)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    return Cli(capsys, monkeypatch)


def write_json(folder: Path, name: str, value: Any) -> Path:
    """``value`` as a JSON file in ``folder``."""
    path = folder / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return path
