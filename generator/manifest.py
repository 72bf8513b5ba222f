"""The manifest a run leaves in the output folder, and the checks before trusting it.

``.generator-manifest.json`` records the spec and toolkit hashes (for the
no-op fast path), every file the run wrote with its SHA-256, and what the
run left out on purpose (``skipped``: pointer and reason of each construct). It is a
committed file that nobody reviews, so it is data: every path it lists must
stay inside the output folder (see :mod:`generator.paths`) or the run fails
naming the entry, before anything is read, written or deleted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError, Location, Problem, error, join_pointer
from generator.paths import unsafe_reason

MANIFEST = ".generator-manifest.json"


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of a previous run, or None when absent or unreadable."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def skipped_entry(problem: Problem) -> dict[str, str]:
    """The manifest's record of one left-out construct: its JSON pointer and why."""
    pointer = problem.location.pointer if problem.location is not None else ""
    return {"pointer": pointer, "reason": problem.message}


def manifest_text(manifest: dict[str, Any]) -> str:
    """The manifest as stable JSON text."""
    return json.dumps(manifest, indent=2, sort_keys=True) + "\n"


def recorded_files(out: Path, manifest: dict[str, Any] | None) -> dict[str, str]:
    """The files a previous run wrote (relative path -> SHA-256), each checked to stay in ``out``.

    Raises :class:`GeneratorError` with one problem per entry that is not a
    plain relative path inside ``out`` (``..``, absolute, through a symbolic
    link, ...).
    """
    files = (manifest or {}).get("files", {})
    where = str(out / MANIFEST)
    if not isinstance(files, dict):
        message = "'files' is not a mapping of paths to hashes: nothing was changed"
        raise GeneratorError([error("unsafe-manifest", message, Location(where, "/files"))])
    problems: list[Problem] = []
    for rel, digest in files.items():
        reason = unsafe_reason(out, rel)
        if reason is None and not isinstance(digest, str):
            reason = "has no SHA-256 text"
        if reason is not None:
            problems.append(
                error(
                    "unsafe-manifest",
                    f"entry {rel!r} {reason}: nothing was changed",
                    Location(where, join_pointer("/files", rel)),
                    hint=f"restore {MANIFEST} from version control, or delete it and run with --force",
                )
            )
    if problems:
        raise GeneratorError(problems)
    return dict(files)
