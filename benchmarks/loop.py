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

Every edit writes a text no earlier run saw (a description or enum value
with a new number), so no cache holds its formatted statements; the caches
themselves (``SCENARIO_CODEGEN_CACHE``) are a fresh folder of the scratch
project, filled by its first ``make generate``. Besides wall time, the CPU
time (user + system) of the fresh process and the children it waited for, and
of the watcher during each run, is reported: the load of a shared machine
disturbs it less.
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
    env["SCENARIO_CODEGEN_CACHE"] = str(FOLDER / "cache")
    return env


class _Edits:
    """Two edits of the spec, each to a new text every time: a schema description, an enum value."""

    def __init__(self, spec: Path) -> None:
        self.spec = spec
        self.original = spec.read_text(encoding="utf-8")
        self.kinds = {
            "description": ("The model's short description", "The model's short description #{}"),
            "enum value": ("- sd-xl-composition\n", "- sd-xl-composition-{}\n"),
        }
        for old, _ in self.kinds.values():
            if old not in self.original:
                raise RuntimeError(f"the spec no longer holds {old!r}; update benchmarks/loop.py")
        self.count = dict.fromkeys(self.kinds, 0)

    def change(self, kind: str) -> None:
        """Save the spec with ``kind`` set to a text it never held before."""
        self.count[kind] += 1
        text = self.original
        for name, (old, new) in self.kinds.items():
            if self.count[name]:
                text = text.replace(old, new.format(self.count[name]))
        self.spec.write_text(text, encoding="utf-8")

    def restore(self) -> None:
        self.spec.write_text(self.original, encoding="utf-8")


def _cpu(pid: int) -> float:
    """User + system seconds of process ``pid`` and of the children it waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


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

    def drain(self) -> None:
        """Forget the lines received so far."""
        while not self.lines.empty():
            self.lines.get_nowait()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def _reported(line: str) -> bool:
    return (" written, " in line and line.endswith(" s)")) or "up to date" in line


def run(*, warmup: int, runs: int) -> Section:
    """All three rows and their targets."""
    load_before = _load()
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

    def fresh(kind: str) -> Callable[[], tuple[float, float]]:
        def task() -> tuple[float, float]:
            edits.change(kind)
            child = run_child(
                [PY, "-m", "generator", "generate", "--out", "generated", "-q"],
                cwd=project,
                env=_env(),
            )
            if not child.ok:
                raise RuntimeError(f"generate failed: {child.stderr[-500:]}")
            return child.wall, child.cpu

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

        def watched(kind: str) -> Callable[[], tuple[float, float]]:
            def task() -> tuple[float, float]:
                watcher.drain()  # a report left from an earlier save must not end this one
                before = _cpu(watcher.process.pid)
                edits.change(kind)
                saved = time.perf_counter()
                done = watcher.until(_reported)
                used = _cpu(watcher.process.pid) - before
                watcher.until(lambda line: line.startswith("diff:"))
                time.sleep(0.3)  # let the watcher go back to polling
                return done - saved, used

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
        fresh_stats, watch_stats = _wall(fresh_runs[kind]), _wall(watch_runs[kind])
        edit_rows.append(
            [
                f"{kind} edited, fresh `generate`",
                *fresh_stats.cells(),
                fmt_time(_cpu_stats(fresh_runs[kind]).median),
            ]
        )
        edit_rows.append(
            [
                f"{kind} edited, `generate --watch` (save to report)",
                *watch_stats.cells(),
                fmt_time(_cpu_stats(watch_runs[kind]).median),
            ]
        )
        targets.append(
            Target(f"loop: fresh generate after a {kind} edit / 1.0 s", fresh_stats.median, 1.0)
        )
        targets.append(
            Target(
                f"loop: watch latency after a {kind} edit / 0.6 s", watch_stats.median / 0.6, 1.0
            )
        )
    body += "\n\n" + table(["edit, then", "min", "median", "max", "CPU (median)"], edit_rows)
    body += (
        f"\n\nThe time targets are written as ratios to their bound (0.6 s for watch mode, "
        f"1.0 s for a fresh process). 1 warm-up + {runs} runs per edit, alternating; each run "
        "writes a text the spec never held, so every run is a real change. Watch mode polls "
        f"every {_poll()} s (included). CPU: user + system time of the fresh process and its "
        "children, of the watcher from the save to its report. Load average before and after: "
        f"{load_before} / {_load()}. Medians: "
        + ", ".join(
            f"{kind}: fresh {fmt_time(_wall(fresh_runs[kind]).median)}, "
            f"watch {fmt_time(_wall(watch_runs[kind]).median)}"
            for kind in edits.kinds
        )
        + "."
    )
    return Section("Edit loop: make no-op, edit then generate, watch mode", body, targets)


def _wall(runs: list[tuple[float, float]]) -> Stats:
    return Stats([wall for wall, _ in runs])


def _cpu_stats(runs: list[tuple[float, float]]) -> Stats:
    return Stats([cpu for _, cpu in runs])


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _poll() -> float:
    sys.path.insert(0, str(ROOT))
    from generator.watch import POLL_SECONDS  # noqa: PLC0415

    return POLL_SECONDS
