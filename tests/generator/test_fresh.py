"""The no-op ``generate`` answered from the stamp (generator/fresh.py), before any import.

Which path a run took is read from the interpreter's own import log
(``-X importtime``): the full check imports ``generator.cli``, the stamp's
answer does not. What the output should hold after a change comes from the
files as the first run wrote them, saved by the test.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import fresh
from tests.generator.helpers import MINI_SPEC, Run, run_module, snapshot

HOUR_NS = 3600 * 10**9


@dataclass
class Project:
    """A spec and its output in a folder of their own, with a cache folder for the stamps."""

    root: Path
    spec: Path
    out: Path
    cache: Path

    def run(self, *extra: str, env: dict[str, str] | None = None) -> Run:
        """``python -X importtime -m generator generate`` of the spec, from the project folder."""
        return run_module(
            "generate", "--spec", self.spec, "--out", self.out, "--package", "mini_sdk", *extra,
            cwd=self.root,
            env={"SCENARIO_CODEGEN_CACHE": str(self.cache), **(env or {})},
            flags=["-X", "importtime"],
        )  # fmt: skip

    def stamps(self) -> list[Path]:
        return sorted((self.cache / "fresh").glob("*.stamp"))


def _imported(run: Run) -> set[str]:
    return {
        line.rsplit("|", 1)[-1].strip()
        for line in run.err.splitlines()
        if line.startswith("import time:")
    }


def _answered_by_stamp(run: Run) -> bool:
    imported = _imported(run)
    assert "generator" in imported, "-X importtime reported nothing"
    return "generator.cli" not in imported


def _messages(run: Run) -> list[str]:
    return [line for line in run.err.splitlines() if not line.startswith("import time:")]


def _age(folder: Path) -> None:
    """Every file and folder below ``folder`` (and itself) an hour old: no edit is recent."""
    old = time.time_ns() - HOUR_NS
    for path in [*folder.rglob("*"), folder]:
        os.utime(path, ns=(old, old))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """Generated once, aged, then checked in full once: the stamp of that check is kept."""
    root = tmp_path / "project"
    root.mkdir()
    spec = root / "api.yaml"
    spec.write_bytes(MINI_SPEC.read_bytes())
    made = Project(root, spec, root / "out", tmp_path / "cache")
    first = made.run()
    assert first.code == 0, first.err
    _age(root)
    second = made.run()
    assert second.code == 0, second.err
    assert not _answered_by_stamp(second)
    assert "up to date" in second.err
    assert len(made.stamps()) == 1
    return made


def test_an_unchanged_run_is_answered_before_the_command_line_is_imported(
    project: Project,
) -> None:
    before = snapshot(project.out)
    run = project.run()
    assert run.code == 0
    assert _answered_by_stamp(run)
    [message] = _messages(run)
    assert message.startswith(f"{project.out}: up to date (")
    assert message.endswith(" s)")
    assert snapshot(project.out) == before
    quiet = project.run("-q")  # another command line: the full check, then its own stamp
    assert (quiet.code, _messages(quiet), _answered_by_stamp(quiet)) == (0, [], False)
    again = project.run("-q")
    assert (again.code, _messages(again), _answered_by_stamp(again)) == (0, [], True)


def _edit_description(project: Project) -> None:
    text = project.spec.read_text(encoding="utf-8")
    assert "How many per page" in text
    project.spec.write_text(text.replace("How many per page", "How many on a page"), "utf-8")


def _edit_output(project: Project) -> None:
    with (project.out / "mini_sdk" / "_client.py").open("a", encoding="utf-8") as file:
        file.write("# edited by hand\n")


def _delete_output(project: Project) -> None:
    (project.out / "mini_sdk" / "_client.py").unlink()


def _configure_strict(project: Project) -> None:
    (project.root / "pyproject.toml").write_text(
        "[tool.scenario-codegen]\nstrict = true\n", encoding="utf-8"
    )


def _shadow_a_module(project: Project) -> None:
    (project.root / "black.py").write_text("", encoding="utf-8")  # the folder is on sys.path


def _corrupt_the_stamp(project: Project) -> None:
    for stamp in project.stamps():
        stamp.write_bytes(b"\x00not a stamp")


@pytest.mark.parametrize(
    "change",
    [
        _edit_description,
        _edit_output,
        _delete_output,
        _configure_strict,
        _shadow_a_module,
        _corrupt_the_stamp,
    ],
    ids=lambda change: change.__name__.strip("_").replace("_", " "),
)
def test_any_change_runs_the_full_check(project: Project, change: object) -> None:
    written = {rel: data for rel, (data, _) in snapshot(project.out).items()}
    change(project)  # type: ignore[operator]
    run = project.run()
    assert not _answered_by_stamp(run), run.err
    if change is _configure_strict:  # what --strict means for a spec without warnings
        assert run.code == 0, run.err
        return
    assert run.code == 0, run.err
    after = {rel: data for rel, (data, _) in snapshot(project.out).items()}
    if change is _edit_description:
        assert b"How many on a page" in after["mini_sdk/resources/widgets.py"]
    else:  # the output is put back as it was written
        assert after == written


@pytest.mark.parametrize("extra", [["--force"], ["--strict"], ["--skip-unsupported"]])
def test_runs_that_must_always_run_neither_use_nor_leave_a_stamp(
    project: Project, extra: list[str]
) -> None:
    for _ in range(2):
        run = project.run(*extra)
        assert run.code == 0, run.err
        assert not _answered_by_stamp(run)
    assert len(project.stamps()) == 1  # the fixture's


def test_the_cache_turned_off_turns_the_stamp_off(project: Project) -> None:
    run = project.run(env={"SCENARIO_CODEGEN_CACHE": "off"})
    assert run.code == 0
    assert not _answered_by_stamp(run)


def test_an_edit_within_the_timestamp_resolution_is_found_by_content(tmp_path: Path) -> None:
    """A file written moments before the stamp is compared by content: an edit that keeps
    its size, inode and modification time (as within one tick of a coarse clock) is seen."""
    root = tmp_path / "project"
    root.mkdir()
    spec = root / "api.yaml"
    spec.write_bytes(MINI_SPEC.read_bytes())
    made = Project(root, spec, root / "out", tmp_path / "cache")
    assert made.run().code == 0
    _age(root)
    target = made.out / "mini_sdk" / "_client.py"
    now = time.time_ns()
    os.utime(target, ns=(now, now))  # written just now, as far as the next run can tell
    recorded = made.run()
    assert (recorded.code, _answered_by_stamp(recorded)) == (0, False)
    assert _answered_by_stamp(made.run())  # the recent file compared, and found unchanged

    original = target.read_bytes()
    stat = target.stat()
    with target.open("r+b") as file:  # in place: the same inode and size
        file.write(b"#" if original[:1] != b"#" else b"'")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (target.stat().st_mtime_ns, target.stat().st_size) == (stat.st_mtime_ns, stat.st_size)

    run = made.run()
    assert run.code == 0, run.err
    assert not _answered_by_stamp(run)
    assert target.read_bytes() == original


def test_only_the_most_recent_stamps_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "fresh"
    folder.mkdir()
    old = time.time_ns() - HOUR_NS
    for n in range(fresh.KEPT + 5):
        path = folder / f"{n:04d}.stamp"
        path.write_bytes(b"")
        os.utime(path, ns=(old + n, old + n))
    fresh._prune(str(folder))  # what each written stamp is followed by
    kept = sorted(path.name for path in folder.glob("*.stamp"))
    assert len(kept) == fresh.KEPT
    assert "0000.stamp" not in kept
    assert f"{fresh.KEPT + 4:04d}.stamp" in kept
