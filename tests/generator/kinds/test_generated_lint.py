"""Every kind case package passes ruff (with the config it ships) and mypy --strict.

The generated signatures are what users type against: ``FileTypes``,
``BinaryContent``, ``BinaryResponse``, ``Literal`` content types, one ``body``
argument of any JSON type.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.generator.kinds.support import KIND_CASES, CasePackage, case_package

RUFF = Path(sys.executable).with_name("ruff")
CASE_NAMES = sorted(p.name for p in KIND_CASES.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CasePackage]:
    return {name: case_package(tmp_path_factory, name) for name in CASE_NAMES}


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.parametrize("case", CASE_NAMES)
def test_ruff_and_mypy_strict_are_clean(
    case: str, packages: dict[str, CasePackage], tmp_path_factory: pytest.TempPathFactory
) -> None:
    pkg = packages[case]
    ruff = _run(
        [
            str(RUFF),
            "check",
            "--no-cache",
            "--config",
            str(pkg.out / "pyproject.toml"),
            pkg.package,
        ],
        cwd=pkg.out,
    )
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    cache = tmp_path_factory.getbasetemp() / "kinds-mypy-cache"
    mypy = _run(
        [
            sys.executable, "-m", "mypy", "--strict", "--config-file", "pyproject.toml",
            "--cache-dir", str(cache), "-p", pkg.package,
        ],
        cwd=pkg.out,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
