"""``pip install`` of a generated package: out of tree, exactly the generated files, nothing stale.

Built with the real build backend the generated ``pyproject.toml`` names, by
pip, into a throwaway ``--target`` folder. The build runs offline (no index,
no build isolation: the backend comes from the toolkit's own environment),
which changes where the backend is installed from, not what it does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.generator.helpers import MINI_SPEC, generate, run_python, snapshot


def pip_install(project: Path, target: Path) -> None:
    """``pip install PROJECT`` into ``target``, offline; fails the test when pip fails."""
    done = subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--no-index", "--no-deps", "--no-build-isolation", "--target", str(target),
            str(project),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=project.parent,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def package_files(folder: Path) -> set[str]:
    """Files below ``folder``, relative, byte-code caches excluded."""
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_installing_twice_across_a_removed_resource_ships_exactly_the_generated_files(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "mini.yaml"
    shutil.copyfile(MINI_SPEC, spec)
    out = tmp_path / "out"
    generate(out, "mini_sdk", spec)
    generated = package_files(out / "mini_sdk")
    assert "resources/widgets_parts.py" in generated
    (out / "mini_sdk" / "scratch.py").write_text("raise SystemExit('not mine')\n", encoding="utf-8")
    before = snapshot(out)

    pip_install(out, tmp_path / "first")

    assert snapshot(out) == before, "the build wrote into the output folder"
    assert not (out / "build").exists()
    assert list(out.glob("*.egg-info")) == []
    assert package_files(tmp_path / "first" / "mini_sdk") == generated

    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["paths"].pop("/widgets/{widgetId}/parts/action")
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    generate(out, "mini_sdk", spec)
    assert not (out / "mini_sdk" / "resources" / "widgets_parts.py").exists()
    regenerated = package_files(out / "mini_sdk") - {"scratch.py"}
    before = snapshot(out)

    pip_install(out, tmp_path / "second")

    assert snapshot(out) == before, "the build wrote into the output folder"
    shipped = package_files(tmp_path / "second" / "mini_sdk")
    assert shipped == regenerated
    assert "resources/widgets_parts.py" not in shipped
    imported = run_python(
        "import mini_sdk, mini_sdk.resources as r\n"
        "print(json.dumps({'file': mini_sdk.__file__, 'names': sorted(vars(r))}))",
        cwd=tmp_path,
        path=[tmp_path / "second"],
    )
    assert imported["file"] == str(tmp_path / "second" / "mini_sdk" / "__init__.py")
    assert not any("Parts" in name for name in imported["names"])
