"""What the generator may touch in and around ``--out``, checked on real file trees.

The manifest is data: an entry leaving the output folder (``..``, an absolute
path, a symbolic link, a symbolically linked folder) fails the run naming the
entry, and nothing is deleted or written. Files the generator did not write
are never overwritten; a non-empty folder without a manifest needs
``--force``. Written files get the mode the umask gives.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.generator.helpers import (
    MINI_SPEC,
    PROBLEM_LINE,
    copy_tree,
    generate,
    run_cli,
    run_module,
    snapshot,
)

MANIFEST = ".generator-manifest.json"
VICTIM_TEXT = b"precious data the generator never wrote\n"


def mini_args(out: Path | str, *extra: str) -> list[str | Path]:
    """``generate`` arguments for the mini spec into ``out``."""
    return ["generate", "--spec", MINI_SPEC, "--out", out, "--package", "mini_sdk", *extra]


def list_everything(folder: Path) -> set[str]:
    """Every entry below ``folder`` (files, folders and links), relative."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.fixture
def out(mini_output: Path, tmp_path: Path) -> Path:
    """A copy of the mini package, as a previous run left it."""
    return copy_tree(mini_output, tmp_path / "out")


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file outside ``--out`` that a crafted manifest points at."""
    target = tmp_path / "outside" / "victim.txt"
    target.parent.mkdir()
    target.write_bytes(VICTIM_TEXT)
    return target


def _parent_entry(out: Path, victim: Path) -> str:
    return os.path.relpath(victim, out)  # ../outside/victim.txt


def _absolute_entry(out: Path, victim: Path) -> str:
    return str(victim)


def _linked_folder_entry(out: Path, victim: Path) -> str:
    (out / "mini_sdk" / "linked").symlink_to(victim.parent, target_is_directory=True)
    return "mini_sdk/linked/victim.txt"


def _linked_file_entry(out: Path, victim: Path) -> str:
    (out / "mini_sdk" / "old_module.py").symlink_to(victim)
    return "mini_sdk/old_module.py"


CRAFTED: dict[str, Callable[[Path, Path], str]] = {
    "parent": _parent_entry,
    "absolute": _absolute_entry,
    "linked-folder": _linked_folder_entry,
    "linked-file": _linked_file_entry,
}


@pytest.mark.parametrize("command", [[], ["--force"], "check"], ids=["generate", "force", "check"])
@pytest.mark.parametrize("kind", sorted(CRAFTED))
def test_a_manifest_entry_outside_the_output_folder_fails_the_run_and_deletes_nothing(
    kind: str,
    command: list[str] | str,
    out: Path,
    victim: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    entry = CRAFTED[kind](out, victim)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    # The entry looks like a file of an earlier run: its hash even matches.
    manifest["files"][entry] = hashlib.sha256(VICTIM_TEXT).hexdigest()
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    before, entries = snapshot(out), list_everything(out)

    argv = mini_args(out, *command) if isinstance(command, list) else mini_args(out)
    if command == "check":
        argv[0] = "check"
    run = run_cli(capsys, *argv)

    assert run.code == 1
    assert victim.read_bytes() == VICTIM_TEXT, "the file outside --out was touched"
    assert snapshot(out) == before
    assert list_everything(out) == entries
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    problem = PROBLEM_LINE.match(lines[0])
    assert problem is not None, lines[0]
    assert problem["file"] == str(out / MANIFEST)
    assert repr(entry) in problem["message"]
    assert "Traceback" not in run.err


def test_a_real_user_sees_one_line_for_a_crafted_manifest(out: Path, victim: Path) -> None:
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["../outside/victim.txt"] = "0" * 64
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    run = run_module(*mini_args(out))

    assert run.code == 1
    assert victim.read_bytes() == VICTIM_TEXT
    assert run.err.count("\n") == 1, run.err
    assert "'../outside/victim.txt'" in run.err
    assert "Traceback" not in run.err


def test_a_symlinked_folder_in_the_way_of_a_written_file_is_refused(
    out: Path, victim: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    resources = out / "mini_sdk" / "resources"
    shutil.rmtree(resources)
    resources.symlink_to(victim.parent, target_is_directory=True)
    outside_before = list_everything(victim.parent)

    run = run_cli(capsys, *mini_args(out, "--force"))

    assert run.code == 1
    assert "symbolically linked folder" in run.err
    assert list_everything(victim.parent) == outside_before, "wrote through the link"


@pytest.fixture
def user_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with its own README.md and pyproject.toml; the working directory."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "README.md").write_text("# My project\n", encoding="utf-8")
    (folder / "pyproject.toml").write_text('[project]\nname = "mine"\n', encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


def test_out_dot_without_force_writes_nothing(
    user_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(user_project)

    run = run_cli(capsys, *mini_args("."))

    assert run.code == 1
    assert snapshot(user_project) == before
    assert list_everything(user_project) == {"README.md", "pyproject.toml"}
    problems = [PROBLEM_LINE.match(line) for line in run.err.splitlines()]
    assert all(problems), run.err
    by_file = {m["file"]: m["message"] for m in problems if m}
    assert sorted(by_file) == [".", "README.md", "pyproject.toml"]
    assert "not empty" in by_file["."]
    assert "--force" in run.err


def test_out_dot_with_force_never_overwrites_files_it_did_not_write(
    user_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(user_project)

    run = run_cli(capsys, *mini_args(".", "--force"))

    assert run.code == 1
    assert snapshot(user_project) == before
    assert list_everything(user_project) == {"README.md", "pyproject.toml"}
    named = sorted(m["file"] for m in map(PROBLEM_LINE.match, run.err.splitlines()) if m)
    assert named == ["README.md", "pyproject.toml"], run.err


def test_force_adds_the_package_next_to_unrelated_files_and_later_runs_keep_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "NOTES.txt").write_text("mine\n", encoding="utf-8")

    assert run_cli(capsys, *mini_args(out)).code == 1, "needs --force"
    assert list_everything(out) == {"NOTES.txt"}
    run = run_cli(capsys, *mini_args(out, "--force"))

    assert run.code == 0, run.err
    assert (out / "mini_sdk" / "types.py").is_file()
    assert (out / "NOTES.txt").read_text(encoding="utf-8") == "mine\n"
    again = run_cli(capsys, *mini_args(out, "--force"))  # the manifest is there now
    assert again.code == 0, again.err
    assert (out / "NOTES.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_stale_file_edited_by_hand_is_kept_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "mini.yaml"
    shutil.copyfile(MINI_SPEC, spec)
    out = tmp_path / "out"
    argv = ["generate", "--spec", spec, "--out", out, "--package", "mini_sdk"]
    assert run_cli(capsys, *argv).code == 0
    parts = out / "mini_sdk" / "resources" / "widgets_parts.py"
    parts.write_text(parts.read_text(encoding="utf-8") + "# my note\n", encoding="utf-8")
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["paths"].pop("/widgets/{widgetId}/parts/action")
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    run = run_cli(capsys, *argv)

    assert run.code == 0, run.err
    assert parts.read_text(encoding="utf-8").endswith("# my note\n")
    assert f"kept {parts}" in run.err
    assert "WidgetsParts" not in (out / "mini_sdk" / "resources" / "__init__.py").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("umask", [0o022, 0o077], ids=["umask-022", "umask-077"])
def test_written_files_get_the_mode_the_umask_gives(umask: int, tmp_path: Path) -> None:
    previous = os.umask(umask)
    try:
        reference_file = tmp_path / "reference.txt"
        reference_file.write_text("x", encoding="utf-8")  # what any program gets here
        reference_dir = tmp_path / "reference"
        reference_dir.mkdir()
        out = tmp_path / "out"
        generate(out, "mini_sdk", MINI_SPEC)
    finally:
        os.umask(previous)
    file_mode = stat.S_IMODE(reference_file.stat().st_mode)
    dir_mode = stat.S_IMODE(reference_dir.stat().st_mode)
    assert file_mode == 0o666 & ~umask  # the oracle agrees with POSIX
    modes = {
        path.relative_to(out).as_posix(): stat.S_IMODE(path.stat().st_mode)
        for path in [out, *out.rglob("*")]
    }
    expected = {rel: dir_mode if (out / rel).is_dir() else file_mode for rel in modes}
    assert modes == expected
