"""The contract check over the corpus: generate ours, check each package, write CONTRACT.md.

    python -m benchmarks.corpus --contract                      # every spec of specs.toml
    python -m benchmarks.corpus --contract --only xkcd stripe   # some specs
    python -m benchmarks.corpus --contract --deadline 01:50     # start no spec after 01:50 UTC
    python -m benchmarks.corpus --contract --report-only        # the table from the stored results
    python -m benchmarks.corpus --contract --report-only --earlier CONTRACT.md CONTRACT-2.md
                                                                # ... with a corpus total

Each spec's result is stored as JSON under ``.corpus/contract/`` as soon as it
is checked, and the table is rebuilt from every stored result after each spec,
so runs of subsets add up and an interrupted run leaves a table.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from .. import catalog, fetch, measure
from . import check, earlier, report

ROOT = Path(__file__).resolve().parents[3]
CACHE = ROOT / ".corpus"
STORE = CACHE / "contract"
TABLE = Path(__file__).resolve().parents[1] / "CONTRACT.md"
# Specs whose operations are sampled (methods spread evenly), to fit the run in its time.
SAMPLED = {"github": 300, "kubernetes": 300, "mist": 300}


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True)


def one(
    entry: catalog.Entry, spec: Path, *, timeout: float, budget: float, draws: int, commit: str
) -> dict[str, object]:
    """Generate ours for one spec and check the package; the stored record."""
    package = "corpus_" + re.sub(r"\W", "_", entry.name).lower()
    scratch = CACHE / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    record: dict[str, object] = {"name": entry.name, "commit": commit,
                                 "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")}  # fmt: skip
    with tempfile.TemporaryDirectory(dir=scratch, prefix=f"contract-{entry.name}-") as tmp:
        work = Path(tmp)
        ours, out = measure._ours(spec, work, package, timeout)
        record["generate"] = ours.status
        if ours.status != "ok":
            record["generate_error"] = (ours.first_errors or [""])[0][:300]
            return record
        result = check(spec.resolve(), out, package, CACHE, budget, draws=draws,
                       max_methods=SAMPLED.get(entry.name))  # fmt: skip
        record["contract"] = asdict(result)
        shutil.rmtree(work, ignore_errors=True)
    return record


def stored() -> list[dict[str, object]]:
    """Every stored result."""
    if not STORE.exists():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(STORE.glob("*.json"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus --contract")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="check only these specs")
    parser.add_argument("--skip", nargs="+", default=[], metavar="NAME", help="leave these out")
    parser.add_argument(
        "--deadline", metavar="HH:MM", help="UTC time after which no spec is started"
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per spec and step")
    parser.add_argument(
        "--budget", type=float, default=150.0,
        help="seconds of calls per spec; later methods are left uncalled (said in the table)",
    )  # fmt: skip
    parser.add_argument(
        "--draws", type=int, default=3, help="argument draws per operation and media type"
    )
    parser.add_argument("--out", type=Path, default=TABLE, help="the table to write")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="rebuild the table from the stored results and stop",
    )
    parser.add_argument("--note", action="append", default=[], help="a line for the table's notes")
    parser.add_argument(
        "--earlier", nargs="+", type=Path, default=[], metavar="TABLE",
        help="committed tables (oldest first) whose rows complete a corpus total (with --report-only)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.report_only:
        names = [e.name for e in catalog.load().select(only=None, limit=None)]
        try:
            rows = earlier.rows(args.earlier) if args.earlier else None
        except (OSError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        args.out.write_text(report.render(stored(), names, args.note, rows), encoding="utf-8")
        return 0
    try:
        cat = catalog.load()
        entries = [
            e for e in cat.select(only=args.only, limit=None) if e.name not in set(args.skip)
        ]
        if args.only:  # in the order given (e.g. smallest first, to check the most in a time)
            entries.sort(key=lambda e: args.only.index(e.name))
        paths = fetch.fetch(cat, entries, CACHE)
    except (ValueError, RuntimeError, OSError, subprocess.SubprocessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    deadline = _deadline(args.deadline)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout.strip()  # fmt: skip
    STORE.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        if deadline is not None and time.time() > deadline:
            _log(f"{entry.name}: not started, the deadline has passed")
            continue
        _log(f"{entry.name}: generating and checking")
        try:
            record = one(
                entry,
                paths[entry.name],
                timeout=args.timeout,
                budget=args.budget,
                draws=args.draws,
                commit=commit,
            )
        except Exception as exc:  # a broken harness step is stored, and the run goes on
            record = {
                "name": entry.name,
                "commit": commit,
                "harness_error": f"{type(exc).__name__}: {exc}"[:300],
            }
        (STORE / f"{entry.name}.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
        _log(f"{entry.name}: {report.line(record)}")
        args.out.write_text(report.render(stored(), [e.name for e in cat.select(only=None, limit=None)]),
                            encoding="utf-8")  # fmt: skip
    _log(f"wrote {args.out}")
    return 0


def _deadline(text: str | None) -> float | None:
    if not text:
        return None
    hours, minutes = (int(x) for x in text.split(":"))
    now = datetime.datetime.now(datetime.UTC)
    return now.replace(hour=hours, minute=minutes, second=0, microsecond=0).timestamp()


if __name__ == "__main__":
    sys.exit(main())
