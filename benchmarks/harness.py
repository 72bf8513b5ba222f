"""Timing primitives shared by the benchmark groups.

- ``interleave`` runs several tasks A B C A B C ... (after warm-up rounds), so
  that a noisy machine slows every contender alike instead of one of them;
- ``run_child`` times one subprocess and reads its own peak RSS (``os.wait4``);
- ``time_batches`` is timeit-style: many calls per sample, samples of every
  contender interleaved, the garbage collector off while a batch runs;
- ``Stats`` / ``Target`` / ``table`` turn numbers into the report's rows.
"""

from __future__ import annotations

import contextlib
import cProfile
import gc
import os
import pstats
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_STARTED = float(os.environ.get("BENCH_STARTED") or time.time())  # set by run.py before its re-exec

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
PY = sys.executable  # the bench venv's interpreter (run.py re-executes itself in it)
BIN = Path(sys.executable).parent


def child_env(*, pythonpath: Path | None = None) -> dict[str, str]:
    """The environment of every child: the bench venv first on PATH, no stray PYTHONPATH, and
    byte-code caches written and read as in a user's checkout (``PYTHONDONTWRITEBYTECODE``
    dropped: with it set, every run of ours compiles again each module of the toolkit that
    has no cache yet, while the peers' installed modules were compiled by pip)."""
    dropped = {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(BIN.parent)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def elapsed() -> float:
    """Seconds since the bench started."""
    return time.time() - _STARTED


def log(message: str) -> None:
    """Progress on stderr, with the time since the bench started."""
    print(f"[{elapsed():6.1f}s] {message}", file=sys.stderr, flush=True)


VERSIONED = [
    "scenario-codegen", "datamodel-code-generator", "black", "isort", "openapi-python-client",
    "ruff", "pydantic", "pydantic-core", "httpx", "msgspec", "orjson", "jsonschema",
    "fastjsonschema", "jsonschema-rs",
]  # fmt: skip


def versions() -> dict[str, str]:
    """Versions of Python, the project and every peer, as installed in the bench venv."""
    import importlib.metadata  # noqa: PLC0415
    import platform  # noqa: PLC0415

    found = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    npm = subprocess.run(["npm", "--version"], capture_output=True, text=True, check=False)
    found["npm (fetches @octokit/openapi)"] = npm.stdout.strip() or "not found"
    return found


# --- statistics ---------------------------------------------------------------------------------


@dataclass
class Stats:
    """Samples of one contender (seconds, or any unit ``fmt`` is given)."""

    values: list[float]

    @property
    def min(self) -> float:
        return min(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def max(self) -> float:
        return max(self.values)

    def cells(self, fmt: Callable[[float], str] | None = None) -> list[str]:
        """min / median / max as table cells."""
        fmt = fmt or fmt_time
        return [fmt(self.min), fmt(self.median), fmt(self.max)]


def ratio(a: Stats, b: Stats) -> float:
    """Median ratio a / b."""
    return a.median / b.median


def fmt_time(seconds: float) -> str:
    """Seconds with a unit that keeps three significant digits."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def fmt_ratio(value: float) -> str:
    return f"{value:.2f}x"


def fmt_kb(kb: float) -> str:
    return f"{kb / 1024:.0f} MiB"


# --- targets ------------------------------------------------------------------------------------


@dataclass
class Target:
    """One of the issue's targets: a median ratio and the largest acceptable value.

    ``strict`` targets ("faster than") need the ratio below the limit; the
    others ("at most", "no slower than", "within") accept it equal.
    """

    name: str
    measured: float | None
    limit: float
    strict: bool = False
    note: str = ""

    @property
    def met(self) -> bool:
        if self.measured is None:
            return False
        return self.measured < self.limit if self.strict else self.measured <= self.limit

    @property
    def verdict(self) -> str:
        if self.measured is None:
            return f"not measured: {self.note}" if self.note else "not measured"
        if self.met:
            return "met"
        over = self.measured / self.limit
        return f"missed by {over:.2f}x ({fmt_ratio(self.measured)} vs {fmt_ratio(self.limit)})"

    def row(self) -> list[str]:
        bound = f"< {fmt_ratio(self.limit)}" if self.strict else f"<= {fmt_ratio(self.limit)}"
        measured = "-" if self.measured is None else fmt_ratio(self.measured)
        return [self.name, measured, bound, self.verdict]


@dataclass
class Section:
    """What a benchmark group hands back to the report."""

    title: str
    body: str
    targets: list[Target] = field(default_factory=list)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A markdown table (cells are str()-ed, pipes escaped)."""

    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


# --- running things -----------------------------------------------------------------------------


def interleave(
    tasks: dict[str, Callable[[], T]],
    *,
    warmup: int,
    runs: int,
    label: str = "",
    budget_end: float | None = None,
) -> dict[str, list[T]]:
    """Run the tasks A B C A B C ...; the first ``warmup`` rounds are discarded.

    With ``budget_end`` (seconds since the bench started), a timed round after
    the first is skipped when the previous round's duration says it would end
    past it: callers report ``len(result[name])``, the rounds actually run.
    """
    results: dict[str, list[T]] = {name: [] for name in tasks}
    last_round = 0.0
    for round_no in range(warmup + runs):
        started = elapsed()
        if budget_end is not None and round_no > warmup and started + last_round > budget_end:
            log(f"{label}: round {round_no + 1} skipped, it would end past the time budget")
            break
        phase = "warm-up" if round_no < warmup else f"run {round_no - warmup + 1}/{runs}"
        for name, task in tasks.items():
            if label:
                log(f"{label}: {name} ({phase})")
            value = task()
            if round_no >= warmup:
                results[name].append(value)
        last_round = elapsed() - started
    return results


@dataclass
class Child:
    """One finished subprocess."""

    argv: list[str]
    wall: float
    max_rss_kb: int
    returncode: int
    stdout: str
    stderr: str
    cpu: float = 0.0  # user + system seconds of the child and the children it waited for

    @property
    def ok(self) -> bool:
        return self.returncode == 0


# Started first, small, it forks the command and reports what os.wait4 says of it. Forked
# from the bench itself, the command's peak RSS would start at the bench's own: a forked
# child's high-water mark covers the pages it shared before exec (245 MiB for every spec of
# the corpus run, whatever the tool did). Its report: wall, peak RSS (KiB), CPU, exit code.
_LAUNCHER = """
import os, sys, time
report = int(sys.argv[1])
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.close(report)
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    except OSError as exc:
        sys.stderr.write(f"{sys.argv[2]}: {exc}\\n")
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
cpu = usage.ru_utime + usage.ru_stime
code = os.waitstatus_to_exitcode(status)
os.write(report, f"{wall} {usage.ru_maxrss} {cpu} {code}".encode())
"""


def run_child(
    argv: Sequence[str | Path],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    timeout: float = 600.0,
) -> Child:
    """Run a command to completion: wall time and the peak RSS of that child alone.

    The command is forked by a small launcher process (``_LAUNCHER``), whose
    ``os.wait4`` gives the rusage of exactly the command (and the children it
    waited for): not of every child the bench ever had (``RUSAGE_CHILDREN``),
    nor the bench's own pages shared until the command's exec. A watchdog kills
    the launcher's process group (the command too) after ``timeout``.
    """
    args = [str(a) for a in argv]
    read, write = os.pipe()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        try:
            proc = subprocess.Popen(
                [PY, "-I", "-S", "-c", _LAUNCHER, str(write), *args],
                cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                pass_fds=(write,), start_new_session=True,
            )  # fmt: skip
        finally:
            os.close(write)
        watchdog = threading.Timer(timeout, _kill_group, (proc.pid,))
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            _kill_group(proc.pid)  # interrupted: no command left behind
            raise
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - started
        with os.fdopen(read, "rb") as pipe:
            report = pipe.read().split()
        if len(report) == 4:  # the launcher's figures, of the command alone
            wall, max_rss, cpu, code = (
                float(report[0]),
                int(report[1]),
                float(report[2]),
                int(report[3]),
            )
        else:  # killed (timeout): the command's figures are unknown (0), the launcher's CPU
            max_rss, cpu = 0, usage.ru_utime + usage.ru_stime
            code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        out.seek(0)
        err.seek(0)
        return Child(
            argv=args,
            wall=wall,
            max_rss_kb=max_rss,
            returncode=code,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
            cpu=cpu,
        )


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def repeat(fn: Callable[[], object]) -> Callable[[int], None]:
    """A batch function that calls ``fn`` n times."""

    def batch(n: int) -> None:
        for _ in range(n):
            fn()

    return batch


def _time_batch(batch: Callable[[int], None], n: int) -> float:
    enabled = gc.isenabled()
    gc.disable()
    try:
        started = time.perf_counter()
        batch(n)
        return time.perf_counter() - started
    finally:
        if enabled:
            gc.enable()


def calibrate(batch: Callable[[int], None], *, target: float, cap: int) -> int:
    """Calls per sample so that one sample lasts about ``target`` seconds (at most ``cap``)."""
    n = 1
    while n < cap:
        elapsed = _time_batch(batch, n)
        if elapsed >= target:
            break
        n = min(cap, n * 2 if elapsed < target / 10 else max(n + 1, int(n * target / elapsed)))
    return n


def time_batches(
    batches: dict[str, Callable[[int], None]],
    *,
    samples: int,
    warmup: int = 1,
    target: float = 0.02,
    cap: int = 1_000_000,
) -> dict[str, Stats]:
    """Per-call time of each contender: ``samples`` interleaved batches of many calls."""
    sizes = {name: calibrate(b, target=target, cap=cap) for name, b in batches.items()}
    times: dict[str, list[float]] = {name: [] for name in batches}
    for round_no in range(warmup + samples):
        for name, batch in batches.items():
            elapsed = _time_batch(batch, sizes[name])
            if round_no >= warmup:
                times[name].append(elapsed / sizes[name])
    return {name: Stats(values) for name, values in times.items()}


# --- profiles -----------------------------------------------------------------------------------


def top_functions(profile: str | Path | cProfile.Profile, *, limit: int = 12) -> str:
    """The functions with the most own time (and their cumulative time), as a table."""
    stats = pstats.Stats(str(profile) if isinstance(profile, str | Path) else profile)
    total = stats.total_tt or 1.0  # type: ignore[attr-defined]
    rows = []
    entries = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)  # type: ignore[attr-defined]
    for (filename, line, name), (_, calls, own, cumulative, _) in entries[:limit]:
        rows.append(
            [
                f"`{_short(filename)}:{line}({name})`",
                calls,
                fmt_time(own),
                f"{100 * own / total:.0f} %",
                fmt_time(cumulative),
            ]
        )
    return table(["function", "calls", "own time", "share", "cumulative"], rows)


def top_cumulative(profile: str | Path | cProfile.Profile, *, include: str, limit: int = 10) -> str:
    """Functions whose file path contains ``include``, by cumulative time."""
    stats = pstats.Stats(str(profile) if isinstance(profile, str | Path) else profile)
    total = stats.total_tt or 1.0  # type: ignore[attr-defined]
    rows = []
    entries = [  # the entry points that merely wrap the whole run say nothing: left out
        (key, value)
        for key, value in stats.stats.items()  # type: ignore[attr-defined]
        if include in key[0] and value[3] < 0.9 * total
    ]
    entries.sort(key=lambda kv: kv[1][3], reverse=True)
    for (filename, line, name), (_, calls, _, cumulative, _) in entries[:limit]:
        rows.append(
            [
                f"`{_short(filename)}:{line}({name})`",
                calls,
                fmt_time(cumulative),
                f"{100 * cumulative / total:.0f} %",
            ]
        )
    return table(["function", "calls", "cumulative", "share of run"], rows)


def _short(filename: str) -> str:
    """site-packages/foo/bar.py -> foo/bar.py; repo paths relative to the repo."""
    for marker in ("site-packages/", "/lib/python3.11/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    root = str(Path(__file__).resolve().parent.parent) + "/"
    return filename.removeprefix(root)
