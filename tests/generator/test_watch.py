"""``generate --watch``: a real process over a real file tree, edited as a user saves files.

Each test starts ``python -m generator generate --watch`` on a copy of a spec
in ``tmp_path``, edits the spec (or a file it ``$ref``s), and reads what the
process prints and what lands on disk. Waits are for lines, with generous
limits (the machine may be busy); nothing is timed.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.generator.helpers import HERE, PROBLEM_LINE, ROOT, contents

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

MULTI = HERE / "specs" / "multi"
WAIT = 180.0  # seconds a line may take on a loaded machine


class Watcher:
    """A ``generate --watch`` process and the stderr lines it printed so far."""

    def __init__(self, folder: Path, *extra: str, package: str | None = "multi_sdk") -> None:
        environment = {k: v for k, v in os.environ.items() if k not in {"GENERATOR_DEBUG", "CI"}}
        environment["PYTHONPATH"] = str(ROOT)
        naming = ["--package", package] if package is not None else []
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "generator", "generate", "--spec", "spec/openapi.yaml",
                "--out", "out", *naming, "--watch", *extra,
            ],
            cwd=folder,
            env=environment,
            stdout=subprocess.DEVNULL,  # the command prints to stderr only
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def until(self, predicate: str) -> list[str]:
        """The lines up to and including the first one containing ``predicate``."""
        taken: list[str] = []
        deadline = time.monotonic() + WAIT
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no line with {predicate!r} in {WAIT} s; printed: {self.seen}")
            if line is None:
                pytest.fail(f"the process ended before {predicate!r}; printed: {self.seen}")
            taken.append(line)
            self.seen.append(line)
            if predicate in line:
                return taken

    def stop(self) -> tuple[int, list[str]]:
        """Ctrl-C; the exit status and the lines printed after it."""
        self.process.send_signal(signal.SIGINT)
        status = self.process.wait(timeout=WAIT)
        rest: list[str] = []
        while (line := self.lines.get(timeout=WAIT)) is not None:
            rest.append(line)
        return status, rest

    def kill(self) -> None:
        """End the process (if still running) and close its pipe."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.reader.join(WAIT)
        assert self.process.stderr is not None
        self.process.stderr.close()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project folder holding the multi-file spec under ``spec/``."""
    shutil.copytree(MULTI, tmp_path / "spec")
    return tmp_path


def save(path: Path, old: str, new: str) -> None:
    """Rewrite ``path`` with ``old`` replaced, as an editor saves it."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_every_save_regenerates_and_says_whether_it_breaks_clients(tree: Path) -> None:
    watcher = Watcher(tree)
    try:
        first = watcher.until("watching")
        assert any("written" in line for line in first)
        types = tree / "out" / "multi_sdk" / "types.py"
        assert "A thing from a sibling file." in types.read_text(encoding="utf-8")

        # A description in a $ref'd file: the types change, nothing breaks.
        save(tree / "spec" / "schemas.yaml", "A thing from a sibling file.", "A thing, edited.")
        lines = watcher.until("diff:")
        assert any(line.endswith("schemas.yaml changed") for line in lines)
        assert f"wrote {Path('out') / 'multi_sdk' / 'types.py'}" in lines
        assert "A thing, edited." in types.read_text(encoding="utf-8")
        assert "A thing from a sibling file." not in types.read_text(encoding="utf-8")
        assert "BREAKING" not in lines[-1]

        # A tighter bound on a request parameter: requests that were valid may fail.
        resource = tree / "out" / "multi_sdk" / "resources" / "things.py"
        save(tree / "spec" / "parameters.yaml", "maxLength: 10", "maxLength: 4")
        lines = watcher.until("diff:")
        assert lines[-1].startswith("diff: BREAKING")
        assert "maxLength" in lines[-1] or "length" in lines[-1]
        assert '"maxLength": 4' in resource.read_text(encoding="utf-8")
    finally:
        watcher.kill()


def test_a_broken_spec_prints_its_problem_keeps_the_output_and_keeps_watching(tree: Path) -> None:
    watcher = Watcher(tree)
    try:
        watcher.until("watching")
        before = contents(tree / "out")
        save(tree / "spec" / "schemas.yaml", "    Owner:\n", "    Owner: [unclosed\n")
        lines = watcher.until("output is unchanged")
        problems = [m for line in lines if (m := PROBLEM_LINE.match(line))]
        assert problems, lines
        assert problems[0]["file"].endswith("schemas.yaml")
        assert problems[0]["severity"] == "error"
        assert not any("Traceback" in line for line in lines)
        assert contents(tree / "out") == before

        # Still watching: the fix regenerates (nothing differs from before the break).
        save(tree / "spec" / "schemas.yaml", "    Owner: [unclosed\n", "    Owner:\n")
        lines = watcher.until("up to date")
        assert contents(tree / "out") == before
    finally:
        watcher.kill()


def test_ctrl_c_ends_with_130_and_leaves_the_last_completed_run(tree: Path) -> None:
    watcher = Watcher(tree)
    try:
        watcher.until("watching")
        save(tree / "spec" / "schemas.yaml", "A thing from a sibling file.", "Edited once.")
        watcher.until("diff:")
        after_edit = contents(tree / "out")
        status, rest = watcher.stop()
        assert status == 130
        assert rest == ["interrupted"]
        assert contents(tree / "out") == after_edit
        assert not [p.name for p in (tree / "out").rglob("*.tmp")]
    finally:
        watcher.kill()


def test_a_configuration_change_restarts_the_process_with_it(tree: Path) -> None:
    config = tree / "pyproject.toml"
    config.write_text('[tool.scenario-codegen]\npackage = "multi_sdk"\n', encoding="utf-8")
    watcher = Watcher(tree, package=None)
    try:
        watcher.until("watching")
        assert (tree / "out" / "multi_sdk" / "types.py").is_file()
        config.write_text('[tool.scenario-codegen]\npackage = "renamed_sdk"\n', encoding="utf-8")
        lines = watcher.until("watching")
        assert "pyproject.toml changed: restarting" in lines
        assert (tree / "out" / "renamed_sdk" / "types.py").is_file()
        assert not (tree / "out" / "multi_sdk").exists()
        status, rest = watcher.stop()
        assert status == 130
        assert rest == ["interrupted"]
    finally:
        watcher.kill()


def test_watch_refuses_standard_input(tree: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", "-", "--out", "out", "--watch"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        input="openapi: 3.1.0\n",
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "-: error [usage] --watch needs a spec file to watch"
    ]
    assert not (tree / "out").exists()
