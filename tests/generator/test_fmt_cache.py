"""The cache of formatted modules: a hit is byte-identical to formatting again.

Each test turns the cache on in its own tmp_path folder (the suite runs with
it off) and compares with a run whose cache is off, where black formats
every module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.fmt
from generator.fmt_cache import Cache
from tests.generator.helpers import MINI_SPEC, contents, run_cli

PACKAGE = "mini_sdk"


def generate_into(capsys: pytest.CaptureFixture[str], out: Path) -> None:
    run = run_cli(
        capsys, "generate", "--spec", MINI_SPEC, "--out", out, "--package", PACKAGE, "--force"
    )
    assert run.code == 0, run.err


@pytest.fixture
def uncached(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, bytes]:
    """The mini package as black formats it (cache off)."""
    generate_into(capsys, tmp_path / "uncached")
    return contents(tmp_path / "uncached")


def formatting_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The modules black is asked to format from now on, in this process."""
    calls: list[str] = []
    real = generator.fmt.format_python

    def counting(source: str, name: str, package: str) -> str:
        calls.append(name)
        return real(source, name, package)

    monkeypatch.setattr(generator.fmt, "format_python", counting)
    return calls


def test_a_warm_cache_formats_nothing_and_writes_the_same_bytes(
    tmp_path: Path,
    uncached: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("SCENARIO_CODEGEN_CACHE", str(cache))
    generate_into(capsys, tmp_path / "first")
    entries = sorted(cache.rglob("*.py"))
    assert entries, "nothing was stored"
    calls = formatting_calls(monkeypatch)

    generate_into(capsys, tmp_path / "second")

    assert calls == []
    assert contents(tmp_path / "first") == uncached
    assert contents(tmp_path / "second") == uncached
    assert sorted(cache.rglob("*.py")) == entries


def test_a_damaged_entry_is_formatted_again(
    tmp_path: Path,
    uncached: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("SCENARIO_CODEGEN_CACHE", str(cache))
    generate_into(capsys, tmp_path / "first")
    entries = sorted(cache.rglob("*.py"))
    for entry in entries:  # the digest line kept, the text changed or cut short
        first, _, text = entry.read_text(encoding="utf-8").partition("\n")
        entry.write_text(f"{first}\nimport os\n{text[: len(text) // 2]}", encoding="utf-8")
    calls = formatting_calls(monkeypatch)

    generate_into(capsys, tmp_path / "second")

    assert len(calls) >= 1  # in this process; the largest module is formatted in a child
    assert contents(tmp_path / "second") == uncached
    generate_into(capsys, tmp_path / "third")  # the entries were written again, intact
    assert len(calls) >= 1
    assert contents(tmp_path / "third") == uncached


def test_a_cache_folder_that_cannot_be_written_only_costs_time(
    tmp_path: Path,
    uncached: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SCENARIO_CODEGEN_CACHE", str(blocked / "cache"))

    generate_into(capsys, tmp_path / "out")

    assert contents(tmp_path / "out") == uncached
    assert blocked.read_text(encoding="utf-8") == "not a folder"


def test_the_key_changes_with_the_package_and_the_formatter_versions() -> None:
    """isort's first party is the package, and black's output changes between releases."""
    tools = {"black": "26.10.1", "isort": "8.0.1"}
    source = "import os\nx=1\n"
    key = Cache.open(tools, "a_sdk").key(source)
    assert Cache.open(tools, "a_sdk").key(source) == key
    assert Cache.open(tools, "b_sdk").key(source) != key
    assert Cache.open({**tools, "black": "26.11.0"}, "a_sdk").key(source) != key
    assert Cache.open(tools, "a_sdk").key(source + "\n") != key
