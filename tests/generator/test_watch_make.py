"""``make generate``: Python is skipped when nothing changed, and only then.

The repository's own Makefile runs in a project folder in ``tmp_path`` (a spec
split over three files, a ``.venv`` whose interpreter is this one); make
echoes every command it runs, so whether it started the generator is read
from its output, and what the output folder holds from the files themselves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.generator.helpers import HERE, ROOT, contents

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")

RAN = "-m generator generate"  # in the command line make echoes when it starts the generator
SKIPPED = "generated: up to date (no input changed since the last make generate)"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder: the Makefile, the multi-file spec, an installed-looking ``.venv``."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(HERE / "specs" / "multi", tmp_path / "spec")
    for name in ("pyproject.toml", "constraints.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    python = tmp_path / ".venv" / "bin" / "python"  # this interpreter, with its packages
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    installed = tmp_path / ".venv" / ".installed"
    installed.touch()
    newer = installed.stat().st_mtime_ns
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):  # older than the install
        os.utime(tmp_path / name, ns=(newer - 10**9, newer - 10**9))
    return tmp_path


def make(project: Path, *goals: str) -> subprocess.CompletedProcess[str]:
    """``make GOALS`` in ``project``, the toolkit importable from this checkout."""
    environment = {k: v for k, v in os.environ.items() if k not in {"GENERATOR_DEBUG", "MAKEFLAGS"}}
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        ["make", "--no-print-directory", *goals],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def later(path: Path, project: Path) -> None:
    """Give ``path`` a modification time after the stamp's, as a save a moment later has."""
    stamp = (project / ".venv" / ".generate.stamp").stat().st_mtime_ns
    when = max(stamp + 10**7, path.stat().st_mtime_ns)
    os.utime(path, ns=(when, when))


def edit(path: Path, old: str, new: str, project: Path) -> None:
    """Replace ``old`` in ``path`` and date the save after the last run."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    later(path, project)


def generate(project: Path) -> str:
    """``make generate``; what it printed (it must succeed)."""
    done = make(project, "generate")
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_nothing_changed_means_no_python(project: Path) -> None:
    first = generate(project)
    assert RAN in first
    assert "written" in first
    again = generate(project)
    assert RAN not in again
    assert SKIPPED in again


def test_an_edit_of_a_refd_file_regenerates(project: Path) -> None:
    generate(project)
    edit(project / "spec" / "schemas.yaml", "A thing from a sibling file.", "Edited.", project)
    printed = generate(project)
    assert RAN in printed
    assert "Edited." in (project / "generated" / "scenario_sdk" / "types.py").read_text("utf-8")
    assert RAN not in generate(project)


def test_a_hand_edited_or_deleted_output_file_is_regenerated(project: Path) -> None:
    generate(project)
    before = contents(project / "generated")
    types = project / "generated" / "scenario_sdk" / "types.py"
    types.write_text("# edited by hand\n", encoding="utf-8")
    later(types, project)
    assert RAN in generate(project)
    assert contents(project / "generated") == before
    (project / "generated" / "scenario_sdk" / "resources" / "things.py").unlink()
    assert RAN in generate(project)
    assert contents(project / "generated") == before


def test_other_arguments_run_the_generator(project: Path) -> None:
    generate(project)
    done = make(project, "generate", "PACKAGE=other_sdk", "OUT=other")
    assert done.returncode == 0, done.stderr
    assert RAN in done.stdout
    assert (project / "other" / "other_sdk" / "types.py").is_file()
    assert RAN in generate(project)  # back to the defaults: they differ from the last run's
    assert RAN not in generate(project)


def test_a_broken_spec_fails_every_time_until_fixed(project: Path) -> None:
    generate(project)
    before = contents(project / "generated")
    edit(project / "spec" / "schemas.yaml", "    Owner:\n", "    Owner: [unclosed\n", project)
    for _ in range(2):
        done = make(project, "generate")
        assert done.returncode != 0
        assert "schemas.yaml" in done.stderr
        assert contents(project / "generated") == before


def test_make_check_still_catches_a_stale_output(project: Path) -> None:
    generate(project)
    types = project / "generated" / "scenario_sdk" / "types.py"
    types.write_text(types.read_text("utf-8") + "# stale\n", encoding="utf-8")
    done = make(project, "check")
    assert done.returncode != 0
    assert "types.py" in done.stdout + done.stderr


def test_the_depfile_lists_the_toolkit_the_templates_and_the_installed_packages(
    project: Path,
) -> None:
    generate(project)
    text = (project / ".venv" / ".generate.d").read_text(encoding="utf-8")
    listed = {line.strip().rstrip("\\").strip() for line in text.splitlines()[2:]} - {""}
    code = {
        str(Path(folder) / name)
        for folder, dirs, names in os.walk(ROOT / "generator")
        if "__pycache__" not in Path(folder).parts
        for name in names
        if name.endswith(".py")
    }
    templates = {
        str(Path(folder) / name)
        for folder, _, names in os.walk(ROOT / "templates")
        for name in names
    }
    assert code <= listed
    assert templates <= listed
    assert sysconfig.get_paths()["purelib"] in listed
    for rel in ("spec/openapi.yaml", "spec/schemas.yaml", "spec/parameters.yaml"):
        assert rel in listed
    assert "generated/.generator-manifest.json" in listed
    assert "generated/scenario_sdk/types.py" in listed
