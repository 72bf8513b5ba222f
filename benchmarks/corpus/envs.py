"""Virtual environments of the corpus run, under ``.corpus/venvs/`` (git-ignored).

- one for openapi-python-client at its pinned version, so it never touches
  the project's own ``.venv``;
- one per distinct dependency set that generated packages declare in their
  ``pyproject.toml``, holding exactly those requirements: a package that
  imports a module it does not declare (``email-validator`` behind pydantic's
  ``EmailStr``) fails its import check there, as it would for a user.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

OPC_VERSION = "0.29.1"


def base_python() -> str:
    """The interpreter new venvs are made from: Python 3.11, as the project's."""
    return shutil.which("python3.11") or sys.executable


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with (path.parent / f"{path.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel jobs may want the same venv
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure_venv(folder: Path, requirements: list[str]) -> Path:
    """A venv at ``folder`` holding ``requirements`` (created once); its python."""
    folder = folder.resolve()
    python = folder / "bin" / "python"
    stamp = folder / ".installed"
    wanted = "\n".join(requirements)
    with _locked(folder):
        if stamp.exists() and stamp.read_text() == wanted:
            return python
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([base_python(), "-m", "venv", folder], check=True, capture_output=True)
        if requirements:
            done = subprocess.run(
                [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                 *requirements],
                capture_output=True,
                text=True,
                check=False,
            )  # fmt: skip
            if done.returncode != 0:
                raise RuntimeError(f"pip install {' '.join(requirements)}: {done.stderr[-300:]}")
        stamp.write_text(wanted)
    return python


def opc_python(cache: Path) -> Path:
    """The python of the openapi-python-client venv."""
    return ensure_venv(
        cache / "venvs" / f"openapi-python-client-{OPC_VERSION}",
        [f"openapi-python-client=={OPC_VERSION}"],
    )


def declared_dependencies(pyproject: Path) -> list[str]:
    """``[project].dependencies`` of a generated package, sorted (the venv's key)."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return sorted(str(d) for d in data.get("project", {}).get("dependencies", []))


def deps_python(cache: Path, dependencies: list[str]) -> Path:
    """The python of the venv holding exactly ``dependencies``, shared by every package declaring them."""
    key = hashlib.sha256("\n".join(dependencies).encode()).hexdigest()[:12]
    return ensure_venv(cache / "venvs" / f"deps-{key}", dependencies)
