"""The edit loop: ``make generate`` with nothing to do, an edit then a fresh ``generate``, ``--watch``.

Everything runs in a scratch project under ``benchmarks/.work/loop/``: a copy
of the Makefile and of spec/openapi.yaml, a ``.venv`` whose ``python`` is the
bench interpreter, and its own output folder, so the repository's
``generated/`` is never touched.

- no-op: ``make generate`` on an up-to-date project against ``python -c pass``,
  interleaved (the target: at most 1.5x);
- fresh: one schema description or one enum value edited, then
  ``python -m generator generate`` in a new process (target: at most 1.0 s);
- watch: the same edits saved under a running ``generate --watch``; the time
  from the save to the line that reports the files written (target: 0.6 s).
  The watcher polls every ``POLL_SECONDS``; that wait is part of the figure.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from harness import (
    PY,
    ROOT,
    WORK,
    Section,
    Stats,
    Target,
    child_env,
    fmt_ratio,
    fmt_time,
    interleave,
    log,
    ratio,
    run_child,
    table,
)

FOLDER = WORK / "loop"
WATCH_WAIT = 120.0


def _project() -> Path:
    """A fresh scratch project, generated once (by make, which also writes its depfile)."""
    shutil.rmtree(FOLDER, ignore_errors=True)
    (FOLDER / "spec").mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", FOLDER / "Makefile")
    shutil.copy(ROOT / "spec" / "openapi.yaml", FOLDER / "spec" / "openapi.yaml")
    for name in ("pyproject.toml", "constraints.txt"):
        (FOLDER / name).write_text("", encoding="utf-8")
    python = FOLDER / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\nexec "{PY}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    installed = FOLDER / ".venv" / ".installed"
    installed.touch()
    older = installed.stat().st_mtime_ns - 10**9
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        os.utime(FOLDER / name, ns=(older, older))
    first = run_child(["make", "generate"], cwd=FOLDER, env=_env())
    if not first.ok:
        raise RuntimeError(f"make generate failed: {first.stderr[-500:]}")
    return FOLDER


def _env() -> dict[str, str]:
    env = child_env()
    env.pop("MAKEFLAGS", None)
    env.pop("CI", None)
    return env


class _Edits:
    """Two edits of the spec, each toggled on and off: a schema description, an enum value."""

    def __init__(self, spec: Path) -> None:
        self.spec = spec
        self.original = spec.read_text(encoding="utf-8")
        self.kinds = {
            "description": ("The model's short description", "The short description of the model"),
            "enum value": ("- sd-xl-composition\n", "- sd-xl-composed\n"),
        }
        for old, _ in self.kinds.values():
            if old not in self.original:
                raise RuntimeError(f"the spec no longer holds {old!r}; update benchmarks/loop.py")
        self.on = dict.fromkeys(self.kinds, False)

    def toggle(self, kind: str) -> None:
        """Save the spec with ``kind`` flipped (a real change every time)."""
        self.on[kind] = not self.on[kind]
        text = self.original
        for name, (old, new) in self.kinds.items():
            if self.on[name]:
                text = text.replace(old, new)
        self.spec.write_text(text, encoding="utf-8")

    def restore(self) -> None:
        self.spec.write_text(self.original, encoding="utf-8")


class _Watcher:
    """A running ``generate --watch`` and its stderr lines."""

    def __init__(self, project: Path) -> None:
        self.process = subprocess.Popen(
            [PY, "-m", "generator", "generate", "--watch", "--out", "generated"],
            cwd=project,
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put((time.perf_counter(), line.rstrip("\n")))

    def until(self, test: Callable[[str], bool]) -> float:
        """When the first line passing ``test`` arrived."""
        deadline = time.monotonic() + WATCH_WAIT
        while True:
            at, line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            if test(line):
                return at

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def _reported(line: str) -> bool:
    return (" written, " in line and line.endswith(" s)")) or "up to date" in line


def run(*, warmup: int, runs: int) -> Section:
    """All three rows and their targets."""
    project = _project()
    edits = _Edits(project / "spec" / "openapi.yaml")
    regenerated = 0

    def make_noop():  # type: ignore[no-untyped-def]
        nonlocal regenerated
        child = run_child(["make", "generate"], cwd=project, env=_env())
        if "no input changed" not in child.stdout:
            regenerated += 1
        return child

    noop = interleave(
        {
            "make generate (nothing changed)": make_noop,
            "python -c pass": lambda: run_child([PY, "-c", "pass"], cwd=project, env=_env()),
        },
        warmup=warmup,
        runs=runs * 3,
        label="loop no-op",
    )
    make_stats, bare = (Stats([c.wall for c in cs]) for cs in noop.values())

    def fresh(kind: str) -> Callable[[], float]:
        def task() -> float:
            edits.toggle(kind)
            child = run_child(
                [PY, "-m", "generator", "generate", "--out", "generated", "-q"],
                cwd=project,
                env=_env(),
            )
            if not child.ok:
                raise RuntimeError(f"generate failed: {child.stderr[-500:]}")
            return child.wall

        return task

    fresh_runs = interleave(
        {kind: fresh(kind) for kind in edits.kinds}, warmup=1, runs=runs, label="loop fresh"
    )
    edits.restore()
    run_child(
        [PY, "-m", "generator", "generate", "--out", "generated", "-q"], cwd=project, env=_env()
    )

    log("loop: starting generate --watch")
    watcher = _Watcher(project)
    try:
        watcher.until(lambda line: line.startswith("watching"))

        def watched(kind: str) -> Callable[[], float]:
            def task() -> float:
                edits.toggle(kind)
                saved = time.perf_counter()
                done = watcher.until(_reported)
                watcher.until(lambda line: line.startswith("diff:"))
                time.sleep(0.3)  # let the watcher go back to polling
                return done - saved

            return task

        watch_runs = interleave(
            {kind: watched(kind) for kind in edits.kinds}, warmup=1, runs=runs, label="loop watch"
        )
    finally:
        watcher.stop()
        edits.restore()

    rows = [[name, *Stats([c.wall for c in cs]).cells()] for name, cs in noop.items()]
    body = table(["command", "min", "median", "max"], rows)
    body += (
        f"\n\nMedian ratio {fmt_ratio(ratio(make_stats, bare))} (make's own start and its "
        f"dependency check against the depfile; Python is not started); {warmup} warm-up + "
        f"{runs * 3} interleaved runs."
    )
    if regenerated:
        body += f" {regenerated} run(s) started the generator (an input changed meanwhile)."
    edit_rows = []
    targets = [Target("loop: no-op `make generate` / python -c pass", ratio(make_stats, bare), 1.5)]
    for kind in edits.kinds:
        fresh_stats, watch_stats = Stats(fresh_runs[kind]), Stats(watch_runs[kind])
        edit_rows.append([f"{kind} edited, fresh `generate`", *fresh_stats.cells()])
        edit_rows.append(
            [f"{kind} edited, `generate --watch` (save to report)", *watch_stats.cells()]
        )
        targets.append(
            Target(f"loop: fresh generate after a {kind} edit / 1.0 s", fresh_stats.median, 1.0)
        )
        targets.append(
            Target(
                f"loop: watch latency after a {kind} edit / 0.6 s", watch_stats.median / 0.6, 1.0
            )
        )
    body += "\n\n" + table(["edit, then", "min", "median", "max"], edit_rows)
    body += (
        f"\n\nThe time targets are written as ratios to their bound (0.6 s for watch mode, "
        f"1.0 s for a fresh process). 1 warm-up + {runs} runs per edit, alternating; each run "
        "flips its edit, so every run is a real change. Watch mode polls every "
        f"{_poll()} s (included). Medians: "
        + ", ".join(
            f"{kind}: fresh {fmt_time(Stats(fresh_runs[kind]).median)}, "
            f"watch {fmt_time(Stats(watch_runs[kind]).median)}"
            for kind in edits.kinds
        )
        + "."
    )
    return Section("Edit loop: make no-op, edit then generate, watch mode", body, targets)


def _poll() -> float:
    sys.path.insert(0, str(ROOT))
    from generator.watch import POLL_SECONDS  # noqa: PLC0415

    return POLL_SECONDS
