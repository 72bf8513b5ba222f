"""``[tool.scenario-codegen]`` in the nearest ``pyproject.toml``: defaults for the command line.

Read from the nearest ``pyproject.toml`` (the current folder, else the
closest parent holding one); without the table there, there is no configuration. Keys (every one optional)::

    [tool.scenario-codegen]
    spec = "api/openapi.yaml"     # --spec (relative to the pyproject.toml's folder)
    out = "client"                # --out (likewise)
    package = "acme_sdk"          # --package
    strict = true                 # --strict, where the command has it

    [tool.scenario-codegen.lint]
    select = ["invalid-example", "unsupported"]   # --select
    ignore = ["description"]                      # --ignore

Flags on the command line win over the file (a ``--select`` replaces the
configured list); an unknown key or a value of
the wrong type is a usage error naming the file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError, Location, error

_PATHS = ("spec", "out")
_STRINGS = ("package",)
_FLAGS = ("strict",)
_LISTS = ("select", "ignore")


def candidates(start: Path | None = None) -> list[Path]:
    """The ``pyproject.toml`` paths :func:`find` looks at, nearest first, up to the first that exists."""
    folder = (start or Path.cwd()).resolve()
    found: list[Path] = []
    for candidate in (folder, *folder.parents):
        found.append(candidate / "pyproject.toml")
        if found[-1].is_file():
            break
    return found


def find(start: Path | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` if it holds ``[tool.scenario-codegen]`` (as ruff, pytest)."""
    path = candidates(start)[-1]
    if not path.is_file():
        return None
    return path if "scenario-codegen" in _tool(path) else None


def _tool(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise GeneratorError(
            [error("usage", f"cannot read it: {exc}", Location(str(path)))]
        ) from exc
    tool = data.get("tool")
    return tool if isinstance(tool, dict) else {}


def defaults(command: str, start: Path | None = None) -> dict[str, Any]:
    """argparse defaults for ``command`` from the configuration (``{}`` when there is none)."""
    path = find(start)
    if path is None:
        return {}
    table = _tool(path)["scenario-codegen"]

    def bad(key: str, why: str) -> GeneratorError:
        where = Location(str(path), f"/tool/scenario-codegen/{key}")
        return GeneratorError([error("usage", f"[tool.scenario-codegen] {key}: {why}", where)])

    if not isinstance(table, dict):
        raise bad("", "is not a table")
    found: dict[str, Any] = {}
    for key, value in table.items():
        if key in _PATHS or key in _STRINGS:
            if not isinstance(value, str):
                raise bad(key, "must be a string")
            found[key] = str(path.parent / value) if key in _PATHS else value
        elif key in _FLAGS:
            if not isinstance(value, bool):
                raise bad(key, "must be true or false")
            found[key] = value
        elif key == "lint" and isinstance(value, dict):
            rules = _lint(value, bad)
            found.update(rules if command == "lint" else {})
        else:
            known = ", ".join((*_PATHS, *_STRINGS, *_FLAGS, "lint"))
            raise bad(key, f"unknown key (known: {known})")
    return found


def _lint(table: dict[str, Any], bad: Callable[[str, str], GeneratorError]) -> dict[str, Any]:
    """``[tool.scenario-codegen.lint]`` as lint's ``--select`` / ``--ignore`` defaults."""
    found: dict[str, Any] = {}
    for name, names in table.items():
        if name not in _LISTS:
            raise bad(f"lint.{name}", f"unknown key (known: {', '.join(_LISTS)})")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise bad(f"lint.{name}", "must be a list of rule ids")
        found[f"configured_{name}"] = names
    return found
