"""What ``generate`` and ``check`` do to an output folder over several runs.

Deterministic output, a no-op second run that imports nothing heavy, only
changed files rewritten, stale files removed, failed runs that leave the
previous output byte-for-byte (and mtime-for-mtime) as it was, and ``check``
as a golden-record gate with a readable diff.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

import generator.fmt
from tests.generator.helpers import (
    HERE,
    MINI_SPEC,
    ROOT,
    Run,
    changed_files,
    contents,
    copy_tree,
    generate,
    run_cli,
    run_module,
    snapshot,
)

MANIFEST = ".generator-manifest.json"
HEAVY_MODULES = ("datamodel_code_generator", "black", "isort", "jinja2", "openapi_spec_validator")


def edit_spec(spec: Path, change: Any) -> None:
    """Load ``spec``, let ``change`` edit the mapping, write it back."""
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    change(data)
    spec.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    """A private copy of the mini spec that a test may edit."""
    target = tmp_path / "spec" / "mini.yaml"
    target.parent.mkdir()
    shutil.copyfile(MINI_SPEC, target)
    return target


@pytest.fixture
def out(mini_output: Path, tmp_path: Path) -> Path:
    """The mini package as a previous run left it (its manifest may be older than the toolkit)."""
    return copy_tree(mini_output, tmp_path / "out")


@pytest.fixture
def fresh_out(tmp_path: Path) -> Path:
    """The mini package generated just now, so it is up to date with the toolkit as it is.

    (The session's copy may not be: the manifest hashes the toolkit's sources.)
    """
    target = tmp_path / "fresh"
    generate(target, "mini_sdk", MINI_SPEC)
    return target


def no_temporaries(folder: Path) -> list[str]:
    """Files a write stage may leave behind: temporaries and backups."""
    return [p.name for p in folder.rglob("*") if p.name.endswith((".tmp", ".bak"))]


def test_output_is_byte_identical_under_different_hash_seeds(tmp_path: Path) -> None:
    seeds = ("0", "12345")

    def generate_with(seed: str) -> Run:
        target = tmp_path / f"seed-{seed}"
        argv = ["generate", "--spec", MINI_SPEC, "--out", target, "--package", "mini_sdk", "-q"]
        return run_module(*argv, env={"PYTHONHASHSEED": seed})

    with ThreadPoolExecutor(len(seeds)) as pool:  # two interpreters side by side
        futures = [pool.submit(generate_with, seed) for seed in seeds]
        generate(tmp_path / "in-process", "mini_sdk", MINI_SPEC)  # and this one meanwhile
        runs = [future.result() for future in futures]
    assert [r.code for r in runs] == [0, 0], [r.err for r in runs]
    trees = [contents(tmp_path / f"seed-{seed}") for seed in seeds]
    assert trees[0] == trees[1]
    assert trees[0] == contents(tmp_path / "in-process"), "in-process and command-line differ"


def test_second_run_is_a_no_op_that_imports_nothing_heavy(fresh_out: Path) -> None:
    out = fresh_out
    before = snapshot(out)
    run = run_module(
        "generate", "--spec", MINI_SPEC, "--out", out, "--package", "mini_sdk",
        flags=["-X", "importtime"],
    )  # fmt: skip
    assert run.code == 0
    assert "up to date" in run.err
    assert snapshot(out) == before, "an up-to-date run wrote files"
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in run.err.splitlines()
        if line.startswith("import time:")
    }
    assert "generator.pipeline" in imported, "-X importtime reported nothing"
    heavy = sorted(m for m in imported if m.split(".")[0] in HEAVY_MODULES)
    assert heavy == [], f"the no-op run imported {heavy}"


def test_one_changed_description_rewrites_only_the_files_it_shapes(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert (
        run_cli(capsys, "generate", "--spec", spec, "--out", out, "--package", "mini_sdk").code == 0
    )
    before = snapshot(out)

    edit_spec(spec, lambda d: d["components"]["schemas"]["Widget"].update(description="Changed."))
    run = run_cli(capsys, "generate", "--spec", spec, "--out", out, "--package", "mini_sdk")

    assert run.code == 0
    assert changed_files(before, snapshot(out)) == {"mini_sdk/types.py", MANIFEST}
    assert "Changed." in (out / "mini_sdk" / "types.py").read_text(encoding="utf-8")
    assert f"wrote {out / 'mini_sdk' / 'types.py'}" in run.err


def test_files_of_a_removed_operation_are_removed(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert (
        run_cli(capsys, "generate", "--spec", spec, "--out", out, "--package", "mini_sdk").code == 0
    )
    parts = out / "mini_sdk" / "resources" / "widgets_parts.py"
    assert parts.is_file()

    edit_spec(spec, lambda d: d["paths"].pop("/widgets/{widgetId}/parts/action"))
    check = run_cli(capsys, "check", "--spec", spec, "--out", out, "--package", "mini_sdk")
    assert check.code == 1
    assert f"would remove: {parts}" in check.out
    assert parts.is_file(), "check must not write"

    run = run_cli(capsys, "generate", "--spec", spec, "--out", out, "--package", "mini_sdk")
    assert run.code == 0
    assert f"removed {parts}" in run.err
    assert not parts.exists()
    assert "widgets_parts" not in (out / MANIFEST).read_text(encoding="utf-8")
    assert "WidgetsParts" not in (out / "mini_sdk" / "resources" / "__init__.py").read_text(
        encoding="utf-8"
    )
    again = run_cli(capsys, "check", "--spec", spec, "--out", out, "--package", "mini_sdk")
    assert again.code == 0, again.out


def test_a_failure_while_rendering_leaves_the_previous_output_alone(
    out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = []

    def fail(source: str, name: str, package: str) -> str:
        # the client modules are written in black's layout; the types module is formatted
        calls.append(name)
        raise RuntimeError("formatter crashed")

    monkeypatch.setattr(generator.fmt, "format_python", fail)
    before = snapshot(out)

    run = run_cli(
        capsys, "generate", "--spec", MINI_SPEC, "--out", out, "--package", "mini_sdk", "--force"
    )

    assert calls, "the formatter was not reached"
    assert run.code == 1
    assert "internal error: RuntimeError: formatter crashed" in run.err
    assert "Traceback" not in run.err
    assert snapshot(out) == before
    assert no_temporaries(out) == []


def test_a_failure_formatting_the_largest_module_leaves_the_previous_output_alone(
    out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """types.py, the largest module, is formatted in a child process when forking is safe."""
    real = generator.fmt.format_python

    def fail_on_types(source: str, name: str, package: str) -> str:
        if name.endswith("/types.py"):
            raise RuntimeError("formatter crashed")
        return real(source, name, package)

    monkeypatch.setattr(generator.fmt, "format_python", fail_on_types)
    before = snapshot(out)

    run = run_cli(
        capsys, "generate", "--spec", MINI_SPEC, "--out", out, "--package", "mini_sdk", "--force"
    )

    assert run.code == 1
    assert "RuntimeError: formatter crashed" in run.err
    assert "Traceback" not in run.err
    assert snapshot(out) == before
    assert no_temporaries(out) == []


@pytest.mark.parametrize("stage", ["staging", "moving"])
def test_a_failure_while_writing_leaves_the_previous_output_alone(
    stage: str,
    spec: Path,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Change the spec so that several files must be written.
    def change(data: dict[str, Any]) -> None:
        data["info"]["title"] = "Mini API, renamed"
        data["components"]["schemas"]["Widget"]["description"] = "Changed."

    edit_spec(spec, change)
    # The output was generated from the original spec file name: use the same name.
    before = snapshot(out)
    calls = []
    if stage == "staging":
        real_fsync = os.fsync

        def fsync(fd: int) -> None:
            calls.append(fd)
            if len(calls) > 2:
                raise OSError(28, "No space left on device")
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", fsync)
    else:
        real_replace = Path.replace

        def replace(self: Path, target: Any) -> Path:
            calls.append(self)
            if Path(target).name == "_client.py":  # one file cannot be replaced
                raise PermissionError(13, "Permission denied", str(target))
            return real_replace(self, target)

        monkeypatch.setattr(Path, "replace", replace)

    run = run_cli(capsys, "generate", "--spec", spec, "--out", out, "--package", "mini_sdk")

    assert len(calls) > 2, "the failure was never triggered"
    assert run.code == 1
    assert "Traceback" not in run.err
    assert "[write-failed] cannot write" in run.err, "an I/O error is not an internal error"
    assert no_temporaries(out) == []
    assert snapshot(out) == before, "a failed write left the output half-written"


def test_check_is_quiet_when_up_to_date(
    fresh_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = fresh_out
    before = snapshot(out)
    run = run_cli(capsys, "check", "--spec", MINI_SPEC, "--out", out, "--package", "mini_sdk")
    assert run.code == 0
    assert "up to date" in run.err
    assert run.out == ""
    assert snapshot(out) == before


def test_check_shows_a_diff_when_the_spec_changed(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert (
        run_cli(capsys, "generate", "--spec", spec, "--out", out, "--package", "mini_sdk").code == 0
    )
    before = snapshot(out)
    edit_spec(spec, lambda d: d["components"]["schemas"]["Widget"].update(description="Changed."))

    run = run_cli(capsys, "check", "--spec", spec, "--out", out, "--package", "mini_sdk")

    assert run.code == 1
    types = out / "mini_sdk" / "types.py"
    assert f"would change: {types}" in run.out.splitlines()
    assert f"--- {types} (committed)" in run.out
    assert f"+++ {types} (generated)" in run.out
    assert "\n-    A widget.\n" in run.out
    assert "\n+    Changed.\n" in run.out
    assert "would change: " + str(out / "mini_sdk" / "_client.py") not in run.out
    assert "generate" in run.err, "check must say how to regenerate"
    assert snapshot(out) == before, "check must not write"


def test_check_notices_a_changed_template(mini_output: Path, tmp_path: Path) -> None:
    # A private copy of the toolkit, so the repository's templates stay untouched.
    toolkit = tmp_path / "toolkit"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "generator", toolkit / "generator", ignore=ignore)
    shutil.copytree(ROOT / "templates", toolkit / "templates", ignore=ignore)
    template = toolkit / "templates" / "package" / "_version.py.j2"
    template.write_text(
        template.read_text(encoding="utf-8") + "__template_marker__ = 1\n", encoding="utf-8"
    )
    out = copy_tree(mini_output, tmp_path / "out")

    run = run_module(
        "check", "--spec", MINI_SPEC, "--out", out, "--package", "mini_sdk",
        cwd=tmp_path, env={"PYTHONPATH": str(toolkit)},
    )  # fmt: skip

    assert run.code == 1, run.err
    version = out / "mini_sdk" / "_version.py"
    assert f"would change: {version}" in run.out.splitlines()
    assert "+__template_marker__ = 1" in run.out
    assert "would change: " + str(out / "mini_sdk" / "types.py") not in run.out


def test_a_change_in_a_referenced_sibling_file_is_noticed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = shutil.copytree(HERE / "specs" / "multi", tmp_path / "spec")
    entry, out = specs / "openapi.yaml", tmp_path / "out"
    argv = ["--spec", entry, "--out", out, "--package", "multi_sdk"]
    assert run_cli(capsys, "generate", *argv).code == 0
    types = out / "multi_sdk" / "types.py"
    assert "A thing from a sibling file." in types.read_text(encoding="utf-8")
    assert "up to date" in run_cli(capsys, "generate", *argv).err

    schemas = specs / "schemas.yaml"
    schemas.write_text(
        schemas.read_text(encoding="utf-8").replace("from a sibling file", "edited next door"),
        encoding="utf-8",
    )
    assert run_cli(capsys, "check", *argv).code == 1
    run = run_cli(capsys, "generate", *argv)
    assert run.code == 0
    assert "up to date" not in run.err
    assert "A thing edited next door." in types.read_text(encoding="utf-8")
