"""``make bench``: our generator and generated package side by side with peer tools.

Creates (or refreshes) its own environment, ``.bench/venv``, with the project
and the pinned peers of ``benchmarks/requirements.txt``, re-executes itself
there, runs the groups and writes ``benchmarks/RESULTS.md``. Scratch files go
to ``benchmarks/.work/`` (git-ignored), GitHub's spec included.

    python benchmarks/run.py            # everything: 7-10 min on 2 cores, half of it on GitHub's spec
    python benchmarks/run.py --quick    # fewer repetitions, no GitHub spec; writes .work/RESULTS.md
    python benchmarks/run.py --only validation client

Groups: cold, github, noop, loop, validation, variants, client, imports, faults.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".bench" / "venv"
REQUIREMENTS = ROOT / "benchmarks" / "requirements.txt"
GROUPS = [
    "cold", "noop", "loop", "validation", "variants", "client", "imports", "github", "faults",
]  # fmt: skip


def bootstrap() -> None:
    """Create or refresh .bench/venv, then re-execute this script with its python."""
    os.environ.setdefault("BENCH_STARTED", str(time.time()))  # total time includes the install
    python = VENV / "bin" / "python"
    inputs = [ROOT / "pyproject.toml", ROOT / "constraints.txt", REQUIREMENTS]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in inputs)).hexdigest()
    stamp = VENV / ".installed"
    if not python.exists():
        print(f"creating {VENV.relative_to(ROOT)}", file=sys.stderr, flush=True)
        base = shutil.which("python3.11") or sys.executable
        subprocess.run([base, "-m", "venv", VENV], check=True)
    if not stamp.exists() or stamp.read_text() != digest:
        print("installing the project and the peers into .bench/venv", file=sys.stderr, flush=True)
        pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run(
            [*pip, "-c", "constraints.txt", "-e", ".", "-r", REQUIREMENTS], cwd=ROOT, check=True
        )
        stamp.write_text(digest)
    os.execv(python, [str(python), __file__, *sys.argv[1:]])


def run_all(groups: list[str], *, quick: bool, out: Path) -> None:
    """Run the groups (GitHub's spec last: the longest) and write the report."""
    # Imported here: these need the peers, which only .bench/venv has.
    import client_overhead  # noqa: PLC0415
    import faults  # noqa: PLC0415
    import generation  # noqa: PLC0415
    import import_time  # noqa: PLC0415
    import loop  # noqa: PLC0415
    import validation  # noqa: PLC0415
    import variants  # noqa: PLC0415
    from harness import WORK, Section, Target, elapsed, log, table  # noqa: PLC0415
    from orjson import dumps  # noqa: PLC0415

    spec = ROOT / "spec" / "openapi.yaml"
    git_at_start = _git_state()
    sections: dict[str, Section] = {}
    targets: list[Target] = []
    WORK.mkdir(parents=True, exist_ok=True)
    if "cold" in groups:
        section, stats = generation.cold(
            spec, key="openapi", label="spec/openapi.yaml", warmup=1, runs=2 if quick else 5
        )
        cold = generation.cold_targets(stats)
        if not all(t.met for t in cold):
            log("cold: profiling our generator")
            section.body += (
                "\n\nProfile of one cold run of ours (cProfile):\n\n"
                + generation.profile_cold(spec)
            )
        section.targets = cold
        sections["cold"] = section
    package, note = _generated_package(spec)
    if "noop" in groups:
        sections["noop"] = generation.noop(spec, warmup=2, runs=5 if quick else 15)
    if "loop" in groups:
        sections["loop"] = loop.run(warmup=1, runs=3 if quick else 7)
    model, _ = validation.model_payload()
    page = validation.page_payload(model)
    if "validation" in groups:
        sections["validation"] = validation.run(
            package, note, samples=5 if quick else 25, dmc_folder=generation.dmc_output(spec)
        )
    if "variants" in groups:
        types = validation.generated_types(package)
        sections["variants"] = variants.run(
            types,
            dumps(model),
            dumps(page),
            samples=5 if quick else 20,
            runs=2 if quick else 5,
        )
    if "client" in groups:
        sdk = validation.generated_package(package)
        pages = {
            "page of 1 model": dumps({"models": [model]}),
            f"page of {validation.PAGE_SIZE} models": dumps(page),
        }
        sections["client"] = client_overhead.run(sdk, pages, samples=5 if quick else 20)
    if "imports" in groups:
        contenders = {
            "ours: the generated package": ("scenario_sdk", package),
            "ours: the types": ("scenario_sdk.types:Model", package),
            "datamodel-codegen one-file output, same spec": ("models", generation.dmc_output(spec)),
            "pydantic alone (floor of both)": ("pydantic", WORK),
            "httpx alone": ("httpx", WORK),
        }
        sections["imports"] = import_time.run(contenders, warmup=1, runs=3 if quick else 9)
    if "github" in groups and elapsed() > GITHUB_LATEST_START:
        note = f"the bench had run {elapsed() / 60:.1f} min before this group (15-min budget)"
        sections["github"] = Section("Cold generation: GitHub", f"**Not measured: {note}.**")
    elif "github" in groups:
        try:
            github = generation.fetch_github_spec()
            # No warm-up round: the runs on spec/openapi.yaml already warmed every tool's
            # code, and one round of three tools costs 2-4 minutes of the 15-minute budget.
            sections["github"], _ = generation.cold(
                github,
                key="github",
                label="GitHub api.github.com",
                warmup=0,
                runs=2,
                budget_end=BUDGET_END,
                warm=False,
            )
            sections["github"].body = (
                f"GitHub's spec from the npm package `{generation.GITHUB_PACKAGE}` "
                f"({github.stat().st_size / 1e6:.1f} MB JSON). No target; for scale. No warm-up "
                "round (the runs on spec/openapi.yaml warmed the tools' code).\n\n"
                + sections["github"].body
            )
        except Exception as exc:  # a missing npm or registry is a result, not a crash
            sections["github"] = Section("Cold generation: GitHub", f"**Not measured: {exc}**")
    if "faults" in groups:  # after GitHub's spec: about a minute, mostly waiting on drips
        sdk = validation.generated_package(package)
        sections["faults"] = faults.run(sdk, package, runs=1 if quick else 3)
    for key in ORDER:
        if key in sections:
            targets += sections[key].targets
    out.write_text(report(sections, targets, git_at_start=git_at_start))
    log(f"wrote {out.relative_to(ROOT)}")
    print(table(["target", "measured", "limit", "verdict"], [t.row() for t in targets]))


def _generated_package(spec: Path) -> tuple[Path, str]:
    """The folder holding scenario_sdk: the committed generated/ if present, else a fresh one."""
    from harness import PY, WORK, child_env, run_child  # noqa: PLC0415

    if (ROOT / "generated" / "scenario_sdk" / "types.py").exists():
        return ROOT / "generated", "the committed `generated/scenario_sdk`"
    out = WORK / "gen" / "fallback"
    run_child(
        [PY, "-m", "generator", "generate", "--spec", spec, "--out", out], cwd=ROOT, env=child_env()
    )
    return (
        out,
        "`generated/` is not there yet: generated from spec/openapi.yaml into benchmarks/.work",
    )


# `make bench` must finish within 15 minutes on a fresh machine (the Makefile's own
# .venv install comes on top): the GitHub rounds take 2-4 minutes each on a loaded machine.
# The GitHub group starts only before GITHUB_LATEST_START (it usually starts at 3-5
# min); its second round only if it would end by BUDGET_END (seconds since start).
GITHUB_LATEST_START = 8 * 60
BUDGET_END = 12.5 * 60
LOAD_AT_START = os.getloadavg()[0]
ORDER = ["cold", "github", "noop", "validation", "variants", "client", "imports", "faults", "loop"]
NUMBER = {
    "cold": "1",
    "github": "1",
    "noop": "2",
    "validation": "3",
    "variants": "3",
    "client": "4",
    "imports": "5",
    "faults": "6",
    "loop": "7",
}


def report(sections: dict[str, Any], targets: list[Any], *, git_at_start: tuple[str, int]) -> str:
    """RESULTS.md."""
    import datetime  # noqa: PLC0415
    import platform  # noqa: PLC0415

    from generation import DMC_FORMATTERS, DMC_OPTIONS  # noqa: PLC0415
    from harness import elapsed, table, versions  # noqa: PLC0415

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (benchmarks/run.py) on {datetime.date.today()} in {elapsed() / 60:.1f} min; "
        f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}.",
        "",
        _git_line(git_at_start),
        "",
        f"Load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        f"(at the start: {LOAD_AT_START:.1f}); other work on the machine shows in the max columns.",
        "",
        "Every benchmark runs its contenders interleaved (A B A B ...) after a warm-up and reports "
        "min / median / max; ratios are medians, ours / peer (below 1 means ours is faster). The machine "
        "is small and noisy: compare ratios, not absolute times.",
        "",
        "## Targets",
        "",
        table(["target", "measured", "limit", "verdict"], [t.row() for t in targets]),
        "",
        "## Versions",
        "",
        table(["tool", "version"], versions().items()),
    ]
    for key in ORDER:
        section = sections.get(key)
        if section is not None:
            lines += ["", f"## {NUMBER[key]}. {section.title}", "", section.body]
    lines += [
        "",
        "## Reproduce",
        "",
        REPRODUCE.strip("\n").replace("{DMC}", " ".join(DMC_OPTIONS + DMC_FORMATTERS)),
        "",
    ]
    return "\n".join(lines)


MEASURED = ["spec", "generator", "templates", "generated"]


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def _git_state() -> tuple[str, int]:
    """HEAD and the number of uncommitted changes in the measured code's folders."""
    dirty = _git("status", "--porcelain", "--", *MEASURED)
    return _git("rev-parse", "--short", "HEAD"), len(dirty.splitlines())


def _git_line(start: tuple[str, int]) -> str:
    """What was measured: other engineers may commit while the bench runs."""
    end = _git_state()
    where = ", ".join(f"{m}/" for m in MEASURED)
    if start == end:
        return f"Measured at commit `{end[0]}` ({end[1]} uncommitted changes in {where})."
    changed = _git("diff", "--name-only", start[0], end[0], "--", *MEASURED).splitlines()
    return (
        f"The tree moved while the bench ran: from commit `{start[0]}` ({start[1]} uncommitted "
        f"changes in {where}) to `{end[0]}` ({end[1]}); {len(changed)} files of those folders "
        "changed in between, so early and late groups measured slightly different code."
    )


REPRODUCE = """
    make bench                                                 # everything; writes this file
    .venv/bin/python benchmarks/run.py --only cold validation  # some groups; writes .work/RESULTS.md

The commands compared, run from the repository root with `.bench/venv/bin` first on PATH
(`<out>` is a fresh folder under benchmarks/.work/gen/ for every run):

    python -m generator generate --force --spec spec/openapi.yaml --out <out>
    datamodel-codegen --input spec/openapi.yaml --output <out>/models.py {DMC}
    openapi-python-client generate --path spec/openapi.yaml --output-path <out> --overwrite
    python -m generator generate --spec spec/openapi.yaml --out <up-to-date out>  # vs python -c pass
    python -X importtime -c "import scenario_sdk"                 # PYTHONPATH=generated

The edit loop (group `loop`, benchmarks/loop.py) runs in a scratch project,
benchmarks/.work/loop/ (a copy of the Makefile and the spec, its own .venv/bin/python):

    make generate                                   # up to date: vs python -c pass
    python -m generator generate --out generated -q # after one edit (description or enum value)
    python -m generator generate --watch --out generated  # the same edits saved while it runs

GitHub's spec: `npm pack @octokit/openapi@23.0.2`, file `package/generated/api.github.com.json`.
Validation, variants and client benchmarks run in the bench process (benchmarks/validation.py,
variants.py, client_overhead.py); the msgspec peer is benchmarks/msgspec_models.py. The hostile
server group (benchmarks/faults.py) serves its gzip bomb and drips from the bench process too.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions, no GitHub spec")
    parser.add_argument("--only", nargs="+", choices=GROUPS, help="run only these groups")
    args = parser.parse_args()
    if Path(sys.prefix).resolve() != VENV.resolve():
        bootstrap()
    groups = args.only or (GROUPS[:-1] if args.quick else GROUPS)
    full = not args.quick and not args.only
    out = ROOT / "benchmarks" / ("RESULTS.md" if full else ".work/RESULTS.md")
    run_all(groups, quick=args.quick, out=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
