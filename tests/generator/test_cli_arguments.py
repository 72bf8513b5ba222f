"""Command-line arguments that cannot work are usage errors (exit 2), before anything is written.

Package names: not a keyword, not a module of the standard library, not a
module the generated package itself depends on (the oracle for those is the
installed metadata of the dependencies its ``pyproject.toml`` declares).
``--out`` below a regular file: one line, not an internal error.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.generator.helpers import MINI_SPEC, PROBLEM_LINE, ROOT, run_cli


def dependency_modules(requirements: list[str]) -> set[str]:
    """Top-level modules installed by ``requirements`` and everything they require here."""
    seen: set[str] = set()
    todo = [Requirement(r) for r in requirements]
    while todo:
        requirement = todo.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = requirement.name.lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        todo.extend(Requirement(r) for r in metadata.requires(name) or [])
    modules = set()
    for name in seen:
        for file in metadata.distribution(name).files or []:
            top = file.parts[0]
            if len(file.parts) > 1 and top.isidentifier() and top != "__pycache__":
                modules.add(top)
            elif top.endswith(".py"):
                modules.add(top.removesuffix(".py"))
    return modules


def shipped_dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "generated" / "pyproject.toml").read_text(encoding="utf-8"))
    return list(project["project"]["dependencies"])


@pytest.mark.parametrize(
    "name",
    ["class", "match", "case", "json", "typing", "sys", "email", "http", "asyncio", "httpx"],
)
def test_a_package_name_that_is_a_keyword_or_shadows_a_module_is_a_usage_error(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exited:
        run_cli(capsys, "generate", "--spec", MINI_SPEC, "--out", out, "--package", name)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --package: {name!r}" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_no_module_the_generated_package_depends_on_can_be_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    modules = dependency_modules(shipped_dependencies())
    assert {"httpx", "pydantic", "pydantic_core", "typing_extensions"} <= modules
    accepted = []
    for name in sorted(modules):
        if not name.islower() or name.startswith("_"):
            continue  # not a package name the CLI takes anyway
        try:
            run_cli(capsys, "generate", "--spec", MINI_SPEC, "--out", tmp_path, "--package", name)
        except SystemExit as exited:
            if exited.code == 2:
                continue
        accepted.append(name)
    assert accepted == []


@pytest.mark.parametrize("command", ["generate", "check"])
def test_out_below_a_regular_file_is_a_usage_error(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file\n", encoding="utf-8")
    out = blocker / "sub"

    run = run_cli(capsys, command, "--spec", MINI_SPEC, "--out", out, "--package", "mini_sdk")

    assert run.code == 2
    (line,) = run.err.splitlines()
    problem = PROBLEM_LINE.match(line)
    assert problem is not None, line
    assert problem["file"] == str(out)
    assert str(blocker) in problem["message"]
    assert blocker.read_text(encoding="utf-8") == "a file\n"
