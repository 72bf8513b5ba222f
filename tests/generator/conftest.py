"""Fixtures of the generator tests: packages generated once per session and shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.generator.helpers import MINI_SPEC, HostilePackages, generate


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    """Users run without GENERATOR_DEBUG: internal errors become one line, not a traceback."""
    monkeypatch.delenv("GENERATOR_DEBUG", raising=False)


@pytest.fixture(scope="session")
def mini_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini spec generated once (package ``mini_sdk``); copy it before changing anything."""
    out = tmp_path_factory.mktemp("mini") / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(out.parent)  # whatever the generator might write stays in tmp
        generate(out, "mini_sdk", MINI_SPEC)
    return out


@pytest.fixture(scope="session")
def hostile_packages(tmp_path_factory: pytest.TempPathFactory) -> HostilePackages:
    """The hostile case folders, each generated on first use."""
    return HostilePackages(tmp_path_factory)
