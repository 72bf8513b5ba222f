"""A content-addressed cache of formatted modules, so black runs once per source.

An entry is keyed by the SHA-256 of the unformatted source together with the
formatters' versions, the package name (isort's first party) and the text of
:mod:`generator.fmt` (its options); it holds black's output for exactly that
input, so a hit is byte-identical to formatting again. Each entry starts with
the digest of its text and is ignored when that does not match (a truncated
or edited file); entries are written atomically.

The folder is ``$SCENARIO_CODEGEN_CACHE`` when set (``off`` turns the cache
off), else ``scenario-codegen/black`` below ``$XDG_CACHE_HOME`` or
``~/.cache``. The cache only ever saves time: a folder that cannot be read or
written is the same as an empty one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from generator.fresh import cache_root

_FMT = Path(__file__).resolve().parent / "fmt.py"
_MARK = "# sha256 "


def folder() -> Path | None:
    """The cache folder, or ``None`` when the cache is off (:func:`generator.fresh.cache_root`)."""
    root = cache_root()
    return None if root is None else Path(root)


@dataclass(frozen=True)
class Cache:
    """Formatted modules by key, in ``root`` (``None``: nothing is kept)."""

    root: Path | None
    salt: bytes

    @classmethod
    def open(cls, tools: dict[str, str], package: str) -> Cache:
        """The cache for modules of ``package`` formatted by the ``tools`` versions."""
        root = folder()
        try:
            options = _FMT.read_bytes()
        except OSError:  # cannot tell what the options are: keep nothing
            return cls(None, b"")
        versions = json.dumps(tools, sort_keys=True).encode()
        return cls(root, b"\0".join([options, versions, package.encode()]) + b"\0")

    def key(self, source: str) -> str:
        """The key of ``source``."""
        return hashlib.sha256(self.salt + source.encode()).hexdigest()

    def _path(self, key: str) -> Path | None:
        return None if self.root is None else self.root / key[:2] / f"{key}.py"

    def get(self, key: str) -> str | None:
        """The formatted text stored for ``key``, if any and intact."""
        path = self._path(key)
        if path is None:
            return None
        try:
            first, sep, text = path.read_text(encoding="utf-8").partition("\n")
        except (OSError, UnicodeDecodeError):
            return None
        if not sep or first != _MARK + _digest(text):
            return None
        return text

    def put(self, key: str, text: str) -> None:
        """Store ``text`` for ``key`` (silently nothing when the folder is not writable)."""
        path = self._path(key)
        if path is None:
            return
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_text(f"{_MARK}{_digest(text)}\n{text}", encoding="utf-8")
            temp.replace(path)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
