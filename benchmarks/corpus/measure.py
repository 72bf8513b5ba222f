"""One spec, every tool: each run in a fresh temporary folder, under a timeout.

Ours: ``python -m generator generate`` (exit code, first error lines, wall
time, peak RSS of the child via ``os.wait4``), then methods and types counted
in its output, the import check in a venv holding only what the package
declares, and ``ruff check`` with the package's own configuration. Peers:
datamodel-codegen (project venv, the options our types are rendered with)
and openapi-python-client (its own venv, defaults) on the same file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import generation  # benchmarks/generation.py: the options datamodel-codegen is compared with
import yaml
from harness import Child, child_env, run_child

from . import contract, envs, outputs, problems
from .catalog import Entry

BIN = Path(sys.executable).parent
MODULAR = "Modular references require an output directory"


@dataclass
class Run:
    """One tool on one spec."""

    status: str  # ok | failed | timeout | skipped
    exit_code: int | None = None
    wall: float | None = None
    peak_mib: float | None = None
    first_errors: list[str] = field(default_factory=list)
    error_code: str = ""  # ours: the code of the first error ('traceback: X' for a crash)
    error_lines: int = 0
    error_kinds: list[str] = field(default_factory=list)  # ours: every kind of error line, once
    methods: int | None = None
    types: int | None = None
    note: str = ""


@dataclass
class SpecResult:
    """Everything measured on one spec."""

    name: str
    why: str
    version: str
    size_mb: float
    operations: int
    schemas: int
    constructs: list[str]
    ours: Run
    dmc: Run
    opc: Run
    lost_operations: int | None = None  # ours, when it generated: operations without a method
    lost_schemas: list[str] | None = None  # ours, when it generated: schemas without a type
    import_status: str = "-"  # ok | failed: ... | - (nothing to import)
    import_seconds: float | None = None
    first_use_seconds: float | None = None  # the import with the client's and types' modules
    ruff: str = "-"  # clean | N issues (codes) | -
    contract: dict[str, Any] | None = None  # second stage (contract.Contract as a dict), when run
    finished: str = ""

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (see :func:`from_json`)."""
        return asdict(self)


def from_json(data: dict[str, Any]) -> SpecResult:
    """The inverse of :meth:`SpecResult.to_json`."""
    runs = {key: Run(**data[key]) for key in ("ours", "dmc", "opc")}
    return SpecResult(**{**data, **runs})


def read_spec(path: Path) -> dict[str, Any]:
    """The parsed document (JSON as JSON; YAML with the C loader when there is one)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return dict(json.loads(text))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return dict(yaml.load(text, Loader=loader))


def _run(child: Child, timeout: float, *, last_lines: bool = False) -> Run:
    """A finished child as a Run: its first error lines (its last ones for a peer's traceback)."""
    if child.returncode < 0 and child.wall >= timeout:
        status = "timeout"
    else:
        status = "ok" if child.ok else "failed"
    text = child.stderr if child.stderr.strip() else child.stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Run(
        status=status,
        exit_code=child.returncode,
        wall=round(child.wall, 3),
        peak_mib=round(child.max_rss_kb / 1024, 1) if child.max_rss_kb else None,
        first_errors=[]
        if child.ok
        else [line[:400] for line in (lines[-1:] if last_lines else lines[:3])],
        error_lines=0 if child.ok else len(lines),
    )


def ours_argv(spec: Path | str, out: Path | str, package: str) -> list[str | Path]:
    """Our command line."""
    return [sys.executable, "-m", "generator", "generate", "--spec", spec, "--out", out,
            "--package", package]  # fmt: skip


def dmc_argv(spec: Path | str, out: Path | str) -> list[str | Path]:
    """datamodel-codegen's command line: the options our types module is rendered with."""
    return [BIN / "datamodel-codegen", "--input", spec, "--output", out,
            *generation.DMC_OPTIONS, *generation.DMC_FORMATTERS]  # fmt: skip


def opc_argv(spec: Path | str, out: Path | str, binary: Path | str) -> list[str | Path]:
    """openapi-python-client's command line: its defaults (ruff post-hooks included)."""
    return [binary, "generate", "--path", spec, "--output-path", out, "--overwrite"]


def _ours(spec: Path, work: Path, package: str, timeout: float) -> tuple[Run, Path]:
    out = work / "ours"
    argv = ours_argv(spec, out, package)
    # a cold run, as the peers': no formatted modules reused from an earlier run's cache
    env = {**child_env(), "SCENARIO_CODEGEN_CACHE": "off"}
    child = run_child(argv, cwd=work, timeout=timeout, env=env)
    run = _run(child, timeout)
    if run.status == "timeout":
        run.error_code = "timeout"
    elif not child.ok:
        run.error_code = problems.first_error_code(child.stderr + "\n" + child.stdout)
        run.error_kinds = problems.error_kinds(child.stderr + "\n" + child.stdout)
    if child.ok and (out / package).is_dir():
        run.methods, run.types = outputs.ours(out / package)
    return run, out


def _dmc(spec: Path, work: Path, timeout: float) -> Run:
    out = work / "dmc"
    out.mkdir()
    target = out / "models.py"
    child = run_child(dmc_argv(spec, target), cwd=work, timeout=timeout, env=child_env())
    note = ""
    if not child.ok and MODULAR in child.stderr:
        # Dotted schema names (Stripe's `account.settings`) make it write a package: a user
        # would point --output at a folder, so the run that counts is that one.
        shutil.rmtree(out)
        out.mkdir()
        target = out / "models"
        child = run_child(dmc_argv(spec, target), cwd=work, timeout=timeout, env=child_env())
        note = "rerun with an output folder (its modular mode: dotted schema names)"
    run = _run(child, timeout, last_lines=True)
    run.note = note
    if child.ok:
        run.types = outputs.datamodel_codegen(target)
    return run


def _opc(spec: Path, work: Path, timeout: float, cache: Path) -> Run:
    out = work / "opc"
    python = envs.opc_python(cache)
    argv = opc_argv(spec, out, python.parent / "openapi-python-client")
    env = {**child_env(), "PATH": f"{python.parent}{os.pathsep}/usr/bin:/bin"}  # its own ruff
    env["VIRTUAL_ENV"] = str(python.parent.parent)
    child = run_child(argv, cwd=work, timeout=timeout, env=env)
    run = _run(child, timeout, last_lines=True)
    if child.ok and out.is_dir():
        run.methods, run.types = outputs.openapi_python_client(out)
    dropped, warned = generation._opc_warnings(child.stdout + child.stderr)
    if dropped or warned:
        run.note = (
            f"warns: {dropped} schemas not generated, {warned} operations with parts left out"
        )
    return run


IMPORT_ALL = """
import importlib, pkgutil, sys
name = sys.argv[1]
package = importlib.import_module(name)
for info in pkgutil.walk_packages(package.__path__, name + "."):
    module = importlib.import_module(info.name)
    for attr in getattr(module, "__all__", ()):
        getattr(module, attr)  # resolves names a module loads lazily
"""

# `import <package>` (its names load lazily), then what a first use needs on top: the sync
# client made (dummy credentials, a loopback base URL: nothing is sent), its resource with the
# most methods reached (a lazy package imports the resource's module, and its models, then),
# and one model class imported through `<package>.types`.
IMPORT_TIMED = """
import importlib, sys, time
package, client, resource, model = sys.argv[1:5]
started = time.perf_counter()
root = importlib.import_module(package)
imported = time.perf_counter()
made = getattr(root, client)(api_key="key", api_secret="secret", base_url="http://127.0.0.1:9")
if resource:
    getattr(made, resource)
if model:
    getattr(importlib.import_module(package + ".types"), model)
else:
    importlib.import_module(package + ".types")
print(f"{imported - started:.4f} {time.perf_counter() - started:.4f}")
"""


def import_check(
    out: Path, package: str, cache: Path, timeout: float
) -> tuple[str, float | None, float | None]:
    """Import the package, every module and exported name, in a venv of its own declared deps.

    That first process also writes the bytecode cache, as ``pip install`` would;
    a second fresh process then times ``import <package>`` alone, and a first use: that
    import, the sync client made, its largest resource reached and one model imported
    (:data:`IMPORT_TIMED`; what they are is read from the files, :func:`outputs.first_use`).
    """
    pyproject = out / "pyproject.toml"
    if not pyproject.exists():
        return "failed: no pyproject.toml", None
    python = envs.deps_python(cache, envs.declared_dependencies(pyproject))
    env = {"PYTHONPATH": str(out), "PATH": "/usr/bin:/bin"}
    child = run_child([python, "-c", IMPORT_ALL, package], cwd=out, env=env, timeout=timeout)
    if not child.ok:
        last = [line.strip() for line in child.stderr.splitlines() if line.strip()][-1:] or ["?"]
        return f"failed: {last[0][:200]}", None, None
    client, resource, model = outputs.first_use(out / package)
    argv = [python, "-c", IMPORT_TIMED, package, client, resource or "", model or ""]
    timed = run_child(argv, cwd=out, env=env, timeout=timeout)
    try:
        alone, first_use = map(float, timed.stdout.split())
    except ValueError:
        return f"ok, but the timed import failed: {timed.stderr.strip()[-200:]}", None, None
    return "ok", alone, first_use


def ruff_check(out: Path, timeout: float) -> str:
    """``ruff check`` of the output with the configuration it ships: clean, or the issue codes."""
    argv: list[str | Path] = [
        BIN / "ruff",
        "check",
        "--no-cache",
        "--output-format",
        "json",
        "--exit-zero",
        ".",
    ]
    child = run_child(argv, cwd=out, timeout=timeout)
    try:
        issues = json.loads(child.stdout or "[]")
    except json.JSONDecodeError:
        return f"ruff failed: {child.stderr.strip()[:100]}"
    if not issues:
        return "clean"
    codes: dict[str, int] = {}
    for issue in issues:
        code = str(issue.get("code") or "syntax")
        codes[code] = codes.get(code, 0) + 1
    top = ", ".join(f"{c} {n}" for c, n in sorted(codes.items(), key=lambda kv: -kv[1])[:3])
    return f"{len(issues)} issues ({top})"


SUMMARY = """
import json, sys
from pathlib import Path
from benchmarks.corpus import measure, spec_stats
document = measure.read_spec(Path(sys.argv[1]))
print(json.dumps({"version": spec_stats.openapi_version(document),
                  "operations": spec_stats.count_operations(document),
                  "schemas": spec_stats.count_schemas(document),
                  "schema_names": spec_stats.schema_names(document),
                  "constructs": spec_stats.constructs(document)}))
"""


def spec_summary(spec: Path) -> dict[str, Any]:
    """Version, counts and construct tags of a spec, computed in a child process.

    The harness never holds a parsed spec itself: a child's peak RSS as the kernel
    reports it starts at its parent's RSS at fork time, so a big harness would
    raise every measurement to its own size.
    """
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", SUMMARY, spec], cwd=root, capture_output=True,
                          text=True, check=True)  # fmt: skip
    return dict(json.loads(done.stdout))


def measure(
    entry: Entry,
    spec: Path,
    *,
    cache: Path,
    timeout: float,
    skip: set[str] | None = None,
    contract_check: bool = False,
) -> SpecResult:
    """Run every tool on one spec in a fresh folder (deleted afterwards).

    With ``contract_check``, a package that generated and imported also gets the
    second stage (:mod:`.contract`), after every timing of the spec is taken.
    """
    skip = skip or set()
    stats = spec_summary(spec)
    package = "corpus_" + re.sub(r"\W", "_", entry.name).lower()
    scratch = cache / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch, prefix=f"{entry.name}-") as tmp:
        work = Path(tmp)
        skipped = Run(status="skipped")
        ours, out = _ours(spec, work, package, timeout) if "ours" not in skip else (skipped, work)
        result = SpecResult(
            name=entry.name,
            why=entry.why,
            version=stats["version"],
            size_mb=round(spec.stat().st_size / 1e6, 2),
            operations=stats["operations"],
            schemas=stats["schemas"],
            constructs=stats["constructs"],
            ours=ours,
            dmc=_dmc(spec, work, timeout) if "dmc" not in skip else skipped,
            opc=_opc(spec, work, timeout, cache) if "opc" not in skip else skipped,
        )
        if ours.status == "ok" and ours.methods is not None:
            result.lost_operations = max(0, stats["operations"] - ours.methods)
            names = outputs.our_type_names(out / package)
            result.lost_schemas = outputs.lost_schemas(stats["schema_names"], names)
        if ours.status == "ok":
            result.import_status, result.import_seconds, result.first_use_seconds = import_check(
                out, package, cache, timeout
            )
            result.ruff = ruff_check(out, timeout)
        if contract_check and result.import_status == "ok":
            result.contract = asdict(contract.check(spec.resolve(), out, package, cache, timeout))
        shutil.rmtree(work, ignore_errors=True)
    result.finished = time.strftime("%H:%M:%S", time.gmtime())
    return result
