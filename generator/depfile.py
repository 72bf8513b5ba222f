"""``generate --depfile FILE``: what a run depended on, for ``make`` to decide without Python.

After a successful run, ``FILE`` gets one Make variable, ``GENERATE_INPUTS``,
listing every file whose change could change the output or whose edit makes it
stale, as a C compiler's ``-MD`` lists headers:

- the spec and every file it ``$ref``s (from the manifest just written);
- the toolkit's Python modules and every template, with the template folders
  (a template added or removed changes their modification time);
- the folders of installed packages on ``sys.path`` (``site-packages``): an
  install, upgrade or removal of datamodel-code-generator or black adds or
  removes a ``*.dist-info`` entry there, which changes the folder's time;
- every file the run wrote, the manifest included (a hand edit or a deleted
  file is then newer than, or missing for, the Makefile's stamp).

The Makefile declares each listed path a target without a recipe, so a path
that disappears counts as changed (``gcc -MP``) instead of stopping ``make``.
Paths are written relative to the current folder where they lie below it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.manifest import MANIFEST, read_manifest
from generator.pipeline import TEMPLATES_ROOT, TOOLKIT_ROOT

VARIABLE = "GENERATE_INPUTS"


def inputs(spec: Path, out: Path) -> list[Path]:
    """Every path the output depends on (see the module's docstring), sorted, no duplicates."""
    manifest = read_manifest(out) or {}
    found: set[Path] = {spec}
    spec_files = manifest.get("spec_files")
    if isinstance(spec_files, dict):
        found |= {spec.parent / str(name) for name in spec_files}
    files = manifest.get("files")
    if isinstance(files, dict):
        found |= {out / str(rel) for rel in files}
    found.add(out / MANIFEST)
    found |= {
        path
        for path in TOOLKIT_ROOT.rglob("*.py")
        if "__pycache__" not in path.relative_to(TOOLKIT_ROOT).parts
    }
    found |= set(TEMPLATES_ROOT.rglob("*")) | {TEMPLATES_ROOT}
    found |= {
        Path(entry)
        for entry in sys.path
        if entry and Path(entry).name in {"site-packages", "dist-packages"} and Path(entry).is_dir()
    }
    return sorted(_shown(path) for path in found)


def _shown(path: Path) -> Path:
    """``path`` relative to the current folder when it lies below it, else absolute."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd())
    except ValueError:
        return absolute


# A path with one of these cannot be written as a Make prerequisite portably.
UNSAFE = frozenset(" \t\n#:;=\\%*?[]$\"'")
# Listed instead of the inputs when one cannot be written: a file that never exists,
# so make always asks the generator (whose own up-to-date check is then the fast path).
ALWAYS = ".scenario-codegen-always-run"


def text(paths: list[Path]) -> str:
    """The depfile: one variable, one path a line."""
    words = [path.as_posix() for path in paths]
    if any(UNSAFE.intersection(word) for word in words):
        words = [ALWAYS]
    lines = [
        "# Written by `scenario-codegen generate --depfile`: every input of the last run.",
        f"{VARIABLE} := \\",
        *(f"  {word} \\" for word in words),
        "",
    ]
    return "\n".join(lines)


def write(path: Path, spec: Path, out: Path) -> None:
    """Write the depfile of a run of ``spec`` into ``out`` (atomically: a half file never loads)."""
    tmp = path.with_name(f".{path.name}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_text(text(inputs(spec, out)), encoding="utf-8")
    tmp.replace(path)
