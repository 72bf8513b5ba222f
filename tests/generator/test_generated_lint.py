"""Generated packages pass ruff (with the config they ship) and mypy --strict.

Run on the mini package and on the hostile ``names`` package (keywords,
builtins, pydantic attributes and colliding names as classes, fields,
resources and methods); mypy is slow, so only these two.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

RUFF = Path(sys.executable).with_name("ruff")


@pytest.fixture(params=["mini", "names"])
def package(request: pytest.FixtureRequest) -> tuple[Path, str]:
    """(output folder, package name) of each linted package."""
    if request.param == "mini":
        return request.getfixturevalue("mini_output"), "mini_sdk"
    return request.getfixturevalue("hostile_packages")["names"], "hostile_names"


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A tool's run, output captured."""
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_ruff_is_clean_with_the_shipped_config(package: tuple[Path, str]) -> None:
    out, name = package
    done = run(
        [str(RUFF), "check", "--no-cache", "--config", str(out / "pyproject.toml"), name],
        cwd=out,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for both runs: pydantic and httpx are analysed once."""
    return tmp_path_factory.mktemp("mypy-cache")


def test_mypy_strict_is_clean(package: tuple[Path, str], mypy_cache: Path) -> None:
    out, name = package
    done = run(
        [
            sys.executable, "-m", "mypy", "--strict", "--config-file", "pyproject.toml",
            "--cache-dir", str(mypy_cache), "-p", name,
        ],
        cwd=out,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success" in done.stdout
