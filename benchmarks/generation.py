"""Groups 1 and 2: generation, cold and no-op.

Cold: ``python -m generator generate --force`` into a fresh folder against
``datamodel-codegen`` (types only, its default black + isort formatting, the
options our types module is rendered with) and ``openapi-python-client
generate`` (its defaults, ruff post-hooks included), interleaved, on the same
spec. Every output folder is deleted before each run: a cold run starts from
nothing (our generator reuses formatted files it finds on disk). Ours runs
twice per round: with an empty cache of formatted modules (a fresh
``SCENARIO_CODEGEN_CACHE`` folder each run: the cold figure, the one the
target is about) and with a warm one (the folder kept between runs, as on a
developer's machine after the first run).

No-op: a second ``generate`` on an up-to-date folder against ``python -c pass``.
"""

from __future__ import annotations

import re
import shutil
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import import_time
from harness import (
    BIN,
    PY,
    ROOT,
    WORK,
    Child,
    Section,
    Stats,
    Target,
    child_env,
    fmt_kb,
    fmt_ratio,
    interleave,
    log,
    ratio,
    run_child,
    table,
    top_cumulative,
    top_functions,
)

from generator.fresh import RACY_NS

GITHUB_PACKAGE = "@octokit/openapi@23.0.2"
GITHUB_MEMBER = "package/generated/api.github.com.json"

# The options generator/render_types.py passes to datamodel-code-generator's
# library API, spelled as its CLI flags (formatting left at its default).
DMC_OPTIONS = [
    "--input-file-type=openapi",
    "--openapi-scopes=schemas",
    "--output-model-type=pydantic_v2.BaseModel",
    "--target-python-version=3.11",
    "--snake-case-field",
    "--allow-population-by-field-name",
    "--use-annotated",
    "--field-constraints",
    "--enum-field-as-literal=all",
    "--use-type-alias",
    "--strict-nullable",
    "--use-standard-collections",
    "--use-union-operator",
    "--use-schema-description",
    "--use-field-description",
    "--disable-timestamp",
]

# Its current default, spelled out so that the announced change of default
# (to its builtin formatter) does not silently change what is compared.
DMC_FORMATTERS = ["--formatters", "black", "isort"]


@dataclass
class Tool:
    """A contender: how to run it and what to import from its output."""

    name: str
    argv: Callable[[Path, Path], list[str | Path]]
    modules: Callable[[Path], list[str]]
    cache: str = ""  # ours only: "empty" (a fresh cache folder each run) or "warm" (kept)


def _opc_modules(out: Path) -> list[str]:
    packages = sorted(p.parent.name for p in out.glob("*/__init__.py"))
    return [m for p in packages for m in (p, f"{p}.models")]


def _ours(spec: Path, out: Path) -> list[str | Path]:
    return [PY, "-m", "generator", "generate", "--force", "--spec", spec, "--out", out]


def _ours_modules(out: Path) -> list[str]:
    return ["scenario_sdk", "scenario_sdk.types"]


WARM = "ours (warm cache)"
TOOLS = [
    Tool("ours", _ours, _ours_modules, cache="empty"),
    Tool(WARM, _ours, _ours_modules, cache="warm"),
    Tool(
        "datamodel-codegen",
        lambda spec, out: [
            BIN / "datamodel-codegen",
            "--input",
            spec,
            "--output",
            out / "models.py",
            *DMC_OPTIONS,
            *DMC_FORMATTERS,
        ],
        lambda out: ["models"],
    ),
    Tool(
        "openapi-python-client",
        lambda spec, out: [
            BIN / "openapi-python-client",
            "generate",
            "--path",
            spec,
            "--output-path",
            out,
            "--overwrite",
        ],
        _opc_modules,
    ),
]


def fetch_github_spec() -> Path:
    """GitHub's spec from the npm package (``npm pack`` into .work; cached)."""
    folder = WORK / "npm"
    spec = folder / "api.github.com.json"
    if spec.exists():
        return spec
    folder.mkdir(parents=True, exist_ok=True)
    log(f"npm pack {GITHUB_PACKAGE}")
    child = run_child(["npm", "pack", GITHUB_PACKAGE, "--silent"], cwd=folder, timeout=300)
    if not child.ok:
        raise RuntimeError(f"npm pack failed: {child.stderr.strip()[-500:]}")
    tarball = folder / child.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as tar:
        member = tar.extractfile(GITHUB_MEMBER)
        if member is None:
            raise RuntimeError(f"{GITHUB_MEMBER} not in {tarball.name}")
        spec.write_bytes(member.read())
    tarball.unlink()
    return spec


def _count(out: Path) -> tuple[int, int]:
    files = [p for p in out.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return len(files), sum(p.read_bytes().count(b"\n") for p in files)


def _outcome(tool: Tool, child: Child) -> str:
    lines = [line for line in child.stderr.splitlines() if line.strip()]
    if tool.name == "openapi-python-client":
        dropped, skipped = _opc_warnings(child.stdout + child.stderr)
        if dropped or skipped:
            return (
                f"exit {child.returncode}; its warnings name {dropped} schemas as "
                f"unparsed/removed and {skipped} operations with parts left out"
            )
    if child.ok:
        return "ok"
    first = lines[0] if lines else "(no message)"
    if tool.name == "ours":
        return f"exit {child.returncode}, {len(lines)} error lines; first: {first[:300]}"
    return f"exit {child.returncode}: {(lines[-1] if lines else '')[:300]}"


def _opc_warnings(text: str) -> tuple[int, int]:
    """Schemas openapi-python-client says it could not parse or removed; operations it warned about."""
    schemas: set[str] = set()
    removal = False
    for line in text.splitlines():
        match = re.match(r"Unable to (?:parse|process) schema (/components/schemas/\S+)", line)
        if match:
            schemas.add(match.group(1))
        if line.startswith("Failure to process schema has resulted in the removal of"):
            removal = True
        elif removal and line.startswith("/components/schemas/"):
            schemas.add(line.strip())
        else:
            removal = False
    return len(schemas), sum(line.startswith("WARNING parsing") for line in text.splitlines())


def _import_check(tool: Tool, out: Path) -> str:
    modules = tool.modules(out)
    if not modules:
        return "nothing to import"
    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)"
    child = run_child([PY, "-c", code, *modules], cwd=out, env=child_env(pythonpath=out))
    if child.ok:
        return f"yes ({child.wall:.1f} s)"
    last = [line for line in child.stderr.splitlines() if line.strip()][-1:] or ["?"]
    return f"no: {last[0][:200]}"


def cold(
    spec: Path,
    *,
    key: str,
    label: str,
    warmup: int,
    runs: int,
    budget_end: float | None = None,
    warm: bool = True,
) -> tuple[Section, dict[str, Stats]]:
    """Interleaved cold generation of ``spec`` by each tool (outputs in .work/gen/KEY/TOOL).

    ``warm``: ours with a warm cache is measured too.
    """
    base = WORK / "gen" / key
    tools = [tool for tool in TOOLS if warm or tool.cache != "warm"]
    shutil.rmtree(base / "cache-warm", ignore_errors=True)  # warmed by this bench's own runs

    def task(tool: Tool) -> Callable[[], Child]:
        out = base / tool.name

        def run() -> Child:
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            env = child_env()
            if tool.cache:
                cache = base / f"cache-{tool.cache}"
                if tool.cache == "empty":
                    shutil.rmtree(cache, ignore_errors=True)
                env["SCENARIO_CODEGEN_CACHE"] = str(cache)
            return run_child(tool.argv(spec, out), cwd=ROOT, env=env, timeout=900)

        return run

    results = interleave(
        {tool.name: task(tool) for tool in tools},
        warmup=warmup,
        runs=runs,
        label=f"cold {label}",
        budget_end=budget_end,
    )
    stats = {name: Stats([c.wall for c in children]) for name, children in results.items()}
    rows = []
    for tool in tools:
        children = results[tool.name]
        out = base / tool.name
        files, lines = _count(out)
        log_file = base / f"{tool.name}.log"  # the last run's output, for a closer look
        log_file.write_text(children[-1].stdout + children[-1].stderr)
        log(f"cold {label}: import check of {tool.name}'s output")
        imports = _import_check(tool, out) if children[-1].ok else "-"
        rss = sorted(c.max_rss_kb for c in children)[len(children) // 2]
        rows.append(
            [
                tool.name,
                *stats[tool.name].cells(),
                fmt_ratio(ratio(stats["ours"], stats[tool.name])),
                fmt_kb(rss),
                files,
                lines,
                imports,
                _outcome(tool, children[-1]),
            ]
        )
    body = table(
        [
            "tool",
            "min",
            "median",
            "max",
            "ours / tool",
            "peak RSS",
            "files",
            "lines",
            "imports",
            "outcome",
        ],
        rows,
    )
    done = len(results["ours"])
    skipped = f" ({runs - done} skipped: time budget)" if done < runs else ""
    body += (
        f"\n\n{warmup} warm-up + {done} interleaved runs{skipped}; "
        "a failed run's time is the time to its error. `ours`: a fresh, empty cache of "
        "formatted modules each run (cold); `ours (warm cache)`: the cache kept between runs."
    )
    return Section(f"Cold generation: {label}", body), stats


def dmc_output(spec: Path) -> Path:
    """The folder of datamodel-codegen's one-file output for spec/openapi.yaml (made if missing)."""
    out = WORK / "gen" / "openapi" / "datamodel-codegen"
    if not (out / "models.py").exists():
        out.mkdir(parents=True, exist_ok=True)
        run_child(_tool("datamodel-codegen").argv(spec, out), cwd=ROOT, env=child_env())
    return out


def _tool(name: str) -> Tool:
    return next(tool for tool in TOOLS if tool.name == name)


def cold_targets(stats: dict[str, Stats]) -> list[Target]:
    return [
        Target(
            "cold generate (empty cache), spec/openapi.yaml: ours / datamodel-codegen (black+isort)",
            ratio(stats["ours"], stats["datamodel-codegen"]),
            1.0,
        ),
        Target(
            "generate --force (warm cache), spec/openapi.yaml: ours / datamodel-codegen (black+isort)",
            ratio(stats[WARM], stats["datamodel-codegen"]),
            1.0,
        ),
        Target(
            "cold generate, spec/openapi.yaml: ours / openapi-python-client",
            ratio(stats["ours"], stats["openapi-python-client"]),
            1.0,
            strict=True,
        ),
    ]


def profile_cold(spec: Path) -> str:
    """Where a cold run of our generator spends its time (cProfile)."""
    out = WORK / "gen" / "profile"
    shutil.rmtree(out, ignore_errors=True)
    prof = WORK / "cold.prof"
    argv = [PY, "-m", "cProfile", "-o", prof, "-m", "generator", "generate", "--force"]
    env = {**child_env(), "SCENARIO_CODEGEN_CACHE": "off"}  # the cold run: black formats
    run_child([*argv, "--spec", spec, "--out", out], cwd=ROOT, env=env)
    return (
        "Our generator's own stages (cumulative; the wrappers around the whole run left out):\n\n"
        + top_cumulative(prof, include=str(ROOT / "generator"))
        + "\n\nFunctions with the most own time:\n\n"
        + top_functions(prof)
    )


def noop(spec: Path, *, warmup: int, runs: int) -> Section:
    """A second generate on an up-to-date folder vs a bare interpreter start.

    Others may edit generator/ while the bench runs: a run that regenerated
    (no "up to date") is not a no-op; it is counted, dropped and run again.
    """
    out = WORK / "gen" / "noop"
    shutil.rmtree(out, ignore_errors=True)
    argv = [PY, "-m", "generator", "generate", "--spec", spec, "--out", out]
    first = run_child(argv, cwd=ROOT, env=child_env())
    if not first.ok:
        return Section("No-op generation", f"The first generation failed: {first.stderr[-500:]}")
    # a run moments after a write compares the files written by content too (generator/fresh.py,
    # RACY_NS); a user's next run comes later than that
    time.sleep(RACY_NS / 1e9 + 0.2)
    regenerated = 0
    empty = WORK / "empty-module"
    empty.mkdir(parents=True, exist_ok=True)
    (empty / "empty_module.py").write_text("", encoding="utf-8")

    def ours() -> Child:
        nonlocal regenerated
        for _ in range(3):
            child = run_child(argv, cwd=ROOT, env=child_env())
            if "up to date" in child.stderr:
                break
            regenerated += 1
        return child

    results = interleave(
        {
            "ours (no-op generate)": ours,
            "python -c pass": lambda: run_child([PY, "-c", "pass"], cwd=ROOT, env=child_env()),
            "python -m of an empty module (the floor of any `python -m`)": lambda: run_child(
                [PY, "-m", "empty_module"], cwd=empty, env=child_env()
            ),
        },
        warmup=warmup,
        runs=runs,
        label="no-op",
    )
    ours_stats, bare, floor = (Stats([c.wall for c in cs]) for cs in results.values())
    rows = [
        [name, *Stats([c.wall for c in cs]).cells(), fmt_kb(max(c.max_rss_kb for c in cs))]
        for name, cs in results.items()
    ]
    body = table(["command", "min", "median", "max", "peak RSS"], rows)
    body += (
        f"\n\nMedian ratio {fmt_ratio(ratio(ours_stats, bare))} "
        f"(`python -m` of an empty module: {fmt_ratio(ratio(floor, bare))}, its `runpy` import); "
        f"{warmup} warm-up + {runs} interleaved runs, the first generation {RACY_NS / 1e9:g} s "
        "before them (a run sooner after a write compares the recent files by content too)."
    )
    if regenerated:
        body += (
            f" {regenerated} run(s) regenerated instead (generator/ or the spec changed while "
            "the bench ran): dropped and run again."
        )
    target = Target("no-op generate / python -c pass", ratio(ours_stats, bare), 1.5)
    if not target.met:
        body += "\n\n" + profile_noop(argv)
    return Section("No-op generation", body, [target])


def profile_noop(argv: list[str | Path]) -> str:
    """What a no-op run spends its time on: imports (-X importtime) and calls (cProfile)."""
    child = run_child([PY, "-X", "importtime", *argv[1:]], cwd=ROOT, env=child_env())
    prof = WORK / "noop.prof"
    run_child([PY, "-m", "cProfile", "-o", prof, *argv[1:]], cwd=ROOT, env=child_env())
    return (
        "Profile of the no-op (imports by cumulative time, `-X importtime`):\n\n"
        + import_time.top_imports(child.stderr)
        + "\n\nOur generator's functions by cumulative time (cProfile; the wrappers around the whole run left out):\n\n"
        + top_cumulative(prof, include=str(ROOT / "generator"), limit=8)
        + "\n\nFunctions with the most own time (cProfile):\n\n"
        + top_functions(prof, limit=8)
    )
