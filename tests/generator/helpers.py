"""Helpers shared by the generator tests: run the CLI, snapshot trees, run generated code.

Generated packages are imported only in fresh interpreters (``python -I``, with
nothing but the output folder added to ``sys.path``), never in the pytest
process, so every test sees exactly what a user of the package would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
MINI_SPEC = HERE / "specs" / "mini.yaml"

# One problem line: `file:line:col at #/pointer: error [code] message (hint: ...)`.
PROBLEM_LINE = re.compile(
    r"^(?P<file>\S+?)(?::(?P<line>\d+)(?::(?P<column>\d+))?)?"
    r"(?: at (?P<pointer>#\S*))?: (?P<severity>error|warning|info) "
    r"\[(?P<code>[a-z0-9-]+)\] (?P<message>.+)$"
)


@dataclass(frozen=True)
class Run:
    """The outcome of one CLI run."""

    code: int
    out: str
    err: str


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Run:
    """``python -m generator ARGV`` in this process (fast); stdout and stderr captured."""
    capsys.readouterr()  # drop anything printed before
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def run_module(
    *argv: str | Path,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    flags: Sequence[str] = (),
) -> Run:
    """``python [flags] -m generator ARGV`` in a fresh interpreter, as a user runs it."""
    environment = {k: v for k, v in os.environ.items() if k != "GENERATOR_DEBUG"}
    environment["PYTHONPATH"] = str(ROOT)
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, *flags, "-m", "generator", *map(str, argv)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def generate(out: Path, package: str, spec: Path = MINI_SPEC) -> None:
    """Generate ``spec`` into ``out`` in this process; fail the test on any problem."""
    code = main(["generate", "--spec", str(spec), "--out", str(out), "--package", package, "-q"])
    assert code == 0, f"generating {spec} failed with exit code {code}"


Snapshot = dict[str, tuple[bytes, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file below ``folder`` (relative path -> bytes and mtime in ns), caches excluded."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and ".mypy_cache" not in path.parts
    }


def contents(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (relative path -> bytes), caches excluded."""
    return {rel: data for rel, (data, _) in snapshot(folder).items()}


def changed_files(before: Snapshot, after: Snapshot) -> set[str]:
    """Files added, removed, rewritten (even with the same bytes) or changed."""
    return {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}


def copy_tree(source: Path, target: Path) -> Path:
    """A copy of ``source`` keeping modification times (so a snapshot sees real writes only)."""
    shutil.copytree(source, target, copy_function=shutil.copy2)
    return target


def run_python(script: str, *, cwd: Path, path: Sequence[Path] = (), args: Any = None) -> Any:
    """Run ``script`` in a fresh, isolated interpreter; returns what it printed as JSON.

    ``path`` is prepended to ``sys.path``; ``args`` is JSON-encoded into the
    variable ``ARGS``. The script reports by printing one JSON document.
    """
    prelude = (
        "import json, sys\n"
        f"sys.path[:0] = {[str(p) for p in path]!r}\n"
        f"ARGS = json.loads({json.dumps(args)!r})\n"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", prelude + script],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"script failed:\n{done.stdout}\n{done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])


_VERDICTS = """
import importlib
package = importlib.import_module(ARGS["package"])
cls = getattr(importlib.import_module(ARGS["package"] + ".types"), ARGS["schema"])
judges = {
    "validate": lambda p: not package.validate(ARGS["schema"], p),
    "strict": lambda p: cls.model_validate(p, strict=True),
    "strict_json": lambda p: cls.model_validate_json(json.dumps(p), strict=True),
    "lax": lambda p: cls.model_validate(p),
}
out = []
for payload in ARGS["payloads"]:
    verdict = []
    for mode in ARGS["modes"]:
        try:
            judged = judges[mode](payload)
            verdict.append(judged if mode == "validate" else True)
        except Exception:
            verdict.append(False)
    out.append(verdict)
print(json.dumps(out))
"""


def verdicts(
    tmp_path: Path,
    spec_text: str,
    package: str,
    schema: str,
    payloads: list[Any],
    modes: Sequence[str],
) -> list[list[bool]]:
    """Generate ``spec_text`` as ``package``; each payload's acceptance as ``schema`` by each
    mode: ``validate`` (no errors), ``strict`` / ``strict_json`` (the strict model from
    decoded / JSON text), ``lax`` (the default model)."""
    spec = tmp_path / f"{package}.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    generate(tmp_path / "out", package, spec)
    args = {"package": package, "schema": schema, "payloads": payloads, "modes": list(modes)}
    found: list[list[bool]] = run_python(
        _VERDICTS, cwd=tmp_path, path=[tmp_path / "out"], args=args
    )
    return found


def load_json(path: Path) -> Any:
    """A JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


class HostilePackages:
    """Hostile cases, each generated on first use and then shared by the session.

    ``packages[case]`` is the output folder (package ``hostile_<case>``), generated
    from an empty working directory (``workdir(case)``) where a canary would land.
    """

    def __init__(self, tmp: pytest.TempPathFactory) -> None:
        self.tmp = tmp
        self.outputs: dict[str, Path] = {}

    def __getitem__(self, case: str) -> Path:
        if case not in self.outputs:
            base = self.tmp.mktemp(f"hostile-{case}")
            (base / "work").mkdir()
            with pytest.MonkeyPatch.context() as patch:
                patch.chdir(base / "work")
                generate(base / "out", f"hostile_{case}", CASES / "hostile" / case / "spec.yaml")
            self.outputs[case] = base / "out"
        return self.outputs[case]

    def workdir(self, case: str) -> Path:
        """The (empty) working directory the case was generated from."""
        return self[case].parent / "work"


def rendering_inputs(spec: Path) -> tuple[Any, Any]:
    """What the pipeline renders ``spec`` from: its bundled, forgiven data and the IR built
    from it (every operation kept, as ``--skip-unsupported`` would)."""
    from generator.build_ir import build  # noqa: PLC0415  # only the tests that render
    from generator.bundle import bundle  # noqa: PLC0415
    from generator.forgive import for_rendering  # noqa: PLC0415
    from generator.load import load  # noqa: PLC0415
    from generator.unsatisfiable import accepting_nothing  # noqa: PLC0415

    doc = load(spec)
    data, _ = accepting_nothing(for_rendering(bundle(doc), []))
    api = build(
        data,
        package="some_sdk",
        spec_name=spec.name,
        toolkit_version="0",
        locate=lambda pointer: doc.locate(doc.root, pointer),
        skip_unsupported=True,
    )
    return data, api
