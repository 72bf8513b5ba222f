"""Command line of the corpus run (``make corpus`` calls it with no arguments).

    python -m benchmarks.corpus                   # every spec, 1 job; writes benchmarks/corpus/RESULTS.md
    python -m benchmarks.corpus --only stripe xkcd --jobs 2
    python -m benchmarks.corpus --limit 5 --timeout 60
    python -m benchmarks.corpus --deadline 23:25  # start no spec after 23:25 UTC (the report says partial)
    python -m benchmarks.corpus --contract --only xkcd  # the contract check (CONTRACT.md)

A subset (``--only``/``--limit``) writes .corpus/RESULTS.md unless ``--out`` says otherwise.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import shlex
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import catalog, envs, fetch, measure, report
from .contract import run as contract_run
from .deadline import parse_deadline

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".corpus"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
TOOLS = ("ours", "dmc", "opc")


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True)


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def versions(cat: catalog.Catalog, cache: Path) -> dict[str, str]:
    """Versions of everything measured."""
    dirty = len(_git("status", "--porcelain", "--", "generator", "templates").splitlines())
    found = {
        "ours (scenario-codegen)": f"commit {_git('rev-parse', '--short', 'HEAD')}"
        + (f", {dirty} uncommitted changes in generator/ and templates/" if dirty else ""),
        "python": platform.python_version(),
    }
    for name in ("datamodel-code-generator", "black", "isort", "ruff", "pydantic"):
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    opc = subprocess.run(
        [envs.opc_python(cache).parent / "openapi-python-client", "--version"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    found["openapi-python-client (own venv)"] = (
        opc.stdout.strip().split()[-1] if opc.stdout.strip() else envs.OPC_VERSION
    )
    for package, version in cat.packages.items():
        found[f"npm package {package}"] = version
    return found


def main(argv: list[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if "--contract" in arguments:  # the contract check has a command line of its own
        return contract_run.main([a for a in arguments if a != "--contract"])
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--only", nargs="+", metavar="NAME", help="run only these specs (names in specs.toml)"
    )
    parser.add_argument(
        "--limit", type=int, metavar="N", help="run only the first N (selected) specs"
    )
    parser.add_argument(
        "--skip", nargs="+", default=[], metavar="NAME", help="leave these specs out"
    )
    parser.add_argument("--jobs", type=int, default=1, help="specs measured at once (default 1)")
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="seconds per tool run (default 300)"
    )
    parser.add_argument(
        "--deadline",
        metavar="HH:MM",
        help="UTC time after which no spec is started (the next such time; or YYYY-MM-DDTHH:MM)",
    )
    parser.add_argument(
        "--tools", nargs="+", choices=TOOLS, default=list(TOOLS), help="tools to run"
    )
    parser.add_argument("--out", type=Path, help="where to write the report")
    parser.add_argument(
        "--contract", action="store_true",
        help="run the contract check instead (writes CONTRACT.md; see contract/run.py)",
    )  # fmt: skip
    parser.add_argument("--fetch-only", action="store_true", help="fetch the specs and stop")
    args = parser.parse_args(argv)  # fmt: skip

    try:
        cat = catalog.load()
        entries = [
            e for e in cat.select(only=args.only, limit=args.limit) if e.name not in set(args.skip)
        ]
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    deadline: float | None = None
    if args.deadline:
        try:
            moment = parse_deadline(args.deadline, datetime.datetime.now(datetime.UTC))
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        deadline = moment.timestamp()
        _log(f"no spec is started after {moment:%Y-%m-%d %H:%M} UTC")
    subset = bool(args.only or args.limit or args.skip or set(args.tools) != set(TOOLS))
    out = args.out or (CACHE / "RESULTS.md" if subset else RESULTS)
    _log(f"fetching {len(entries)} specs into {CACHE.relative_to(ROOT)}/")
    try:
        paths = fetch.fetch(cat, entries, CACHE)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        print(f"error: fetch failed: {exc}", file=sys.stderr)
        return 1
    if args.fetch_only:
        return 0
    command = shlex.join(
        ["python", "-m", "benchmarks.corpus", *(argv if argv is not None else sys.argv[1:])]
    )
    meta = report.Meta(
        command=command,
        date=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        versions=versions(cat, CACHE),
        selected=[e.name for e in entries],
        jobs=args.jobs,
        timeout=args.timeout,
        root=str(ROOT),
        commands=[
            shlex.join(str(a) for a in measure.ours_argv("SPEC", "OUT", "PACKAGE")),
            shlex.join(str(a) for a in measure.dmc_argv("SPEC", "OUT/models.py")),
            shlex.join(str(a) for a in measure.opc_argv("SPEC", "OUT", "openapi-python-client")),
        ],
        notes=[
            f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start "
            "(shared with other work: compare ratios, not absolute times).",
        ],
    )  # fmt: skip
    skip = set(TOOLS) - set(args.tools)
    results: dict[str, measure.SpecResult] = {}
    late: list[str] = []
    broken: list[str] = []
    lock = threading.Lock()  # jobs finish in any order: one writer at a time

    def one(entry: catalog.Entry) -> None:
        if deadline is not None and time.time() > deadline:
            with lock:
                late.append(entry.name)
            return
        _log(f"{entry.name}: measuring")
        try:
            result = measure.measure(
                entry,
                paths[entry.name],
                cache=CACHE,
                timeout=args.timeout,
                skip=skip,
                contract_check=args.contract,
            )
        except Exception as exc:  # a broken harness step is reported, and the run goes on
            _log(f"{entry.name}: harness error {type(exc).__name__}: {exc}")
            with lock:
                broken.append(f"{entry.name} ({type(exc).__name__}: {str(exc)[:200]})")
            return
        _log(f"{entry.name}: {measure_line(result)}")
        with lock:
            results[entry.name] = result
            _write(out, results, entries, meta)

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        list(pool.map(one, entries))
    if late:
        meta.notes.append(
            f"Not started because the deadline ({args.deadline} UTC) had passed: {', '.join(late)}."
        )
    if broken:
        meta.notes.append(f"Not measured because a harness step failed: {'; '.join(broken)}.")
    meta.notes.append(f"Load average at the end: {os.getloadavg()[0]:.1f}.")
    _write(out, results, entries, meta)
    _log(f"wrote {out}")
    return 0


def measure_line(result: measure.SpecResult) -> str:
    """One progress line."""
    parts = []
    for tool in TOOLS:
        run = getattr(result, tool)
        parts.append(f"{tool} {run.status}" + (f" {run.wall:.1f}s" if run.wall is not None else ""))
    return ", ".join(parts) + f", import {result.import_status}"


def _write(out: Path, results: dict[str, measure.SpecResult], entries: list[catalog.Entry],
           meta: report.Meta) -> None:  # fmt: skip
    """The report (rewritten after every spec, so an interrupted run leaves a partial one)."""
    ordered = [results[e.name] for e in entries if e.name in results]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.render(ordered, meta), encoding="utf-8")
    raw = CACHE / "results.json"
    raw.write_text(json.dumps([r.to_json() for r in ordered], indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
