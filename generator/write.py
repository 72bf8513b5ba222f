"""Stage 6: put the rendered files on disk, atomically, touching only what changed.

Every changed file is first written to a temporary sibling; only when all of
them are written are they moved into place (``os.replace``) and stale files
removed. A failure before that point deletes the temporaries and leaves the
previous output exactly as it was; a failure while moving puts back every file
already moved (from a hard-linked backup, so bytes and mtimes are the old ones).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The builtin SHA-256 avoids loading OpenSSL (hashlib's default) on the no-op path.
try:
    from _sha256 import sha256 as _sha256  # type: ignore[import-not-found,unused-ignore]  # CPython 3.11
except ImportError:  # pragma: no cover - other versions or implementations
    from hashlib import sha256 as _sha256

MANIFEST = ".generator-manifest.json"


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return str(_sha256(data).hexdigest())


@dataclass(frozen=True)
class Plan:
    """What a write would do: files to add or change, and stale files to delete."""

    changed: dict[str, str] = field(default_factory=dict)
    stale: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing to do."""
        return not self.changed and not self.stale


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of a previous run, or None when absent or unreadable."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def manifest_text(manifest: dict[str, Any]) -> str:
    """The manifest as stable JSON text."""
    return json.dumps(manifest, indent=2, sort_keys=True) + "\n"


def plan(out: Path, files: dict[str, str], previous: dict[str, Any] | None) -> Plan:
    """Compare ``files`` (relative path -> text) with what is on disk."""
    changed: dict[str, str] = {}
    for rel, text in sorted(files.items()):
        target = out / rel
        try:
            current = target.read_bytes()
        except OSError:
            current = None
        if current != text.encode("utf-8"):
            changed[rel] = text
    old = set((previous or {}).get("files", {}))
    stale = tuple(sorted(rel for rel in old - set(files) if (out / rel).exists()))
    return Plan(changed, stale)


def apply(out: Path, result: Plan) -> None:
    """Carry out ``result``: all new contents staged first, then moved into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for rel, text in result.changed.items():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
            )
            staged.append((Path(tmp_name), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        raise
    # Manifest last: a crash in between leaves it stale, which forces a full run.
    staged.sort(key=lambda pair: pair[1].name == MANIFEST)
    _move_into_place(staged)
    for rel in result.stale:
        with contextlib.suppress(FileNotFoundError):
            (out / rel).unlink()
        _prune_empty_dirs((out / rel).parent, out)


def _move_into_place(staged: list[tuple[Path, Path]]) -> None:
    """Move each staged file over its target; if one move fails, put every old file back.

    Each existing target is first hard-linked (or copied, keeping its mtime) to a
    backup next to it, so a rollback restores the very same bytes and mtime.
    """
    backups: list[tuple[Path, Path | None]] = []
    try:
        for tmp, target in staged:
            backup = None
            if target.exists():
                backup = tmp.with_suffix(".bak")
                try:
                    os.link(target, backup)
                except OSError:  # no hard links on this file system
                    shutil.copy2(target, backup)
            backups.append((target, backup))
            tmp.replace(target)
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        for target, backup in reversed(backups):
            with contextlib.suppress(OSError):
                if backup is None:
                    target.unlink(missing_ok=True)
                else:
                    backup.replace(target)
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink(missing_ok=True)
        raise
    for _, backup in backups:
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()


def _prune_empty_dirs(folder: Path, top: Path) -> None:
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
