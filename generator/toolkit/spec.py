"""Load a spec the way every toolkit command needs it: loaded, validated, bundled."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.commands._common import require_file
from generator.load import Document

# Digests of documents that passed validation in this process (validation is the slow step).
_VALID: set[str] = set()


@dataclass(frozen=True)
class LoadedSpec:
    """A validated spec: the loaded document (for places) and the bundled mapping."""

    doc: Document
    data: dict[str, Any]

    @property
    def name(self) -> str:
        """The entry file's display name."""
        return self.doc.display_name(self.doc.root)


def _digest(doc: Document) -> str:
    digest = hashlib.sha256()
    for path in sorted(doc.files):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_spec(path: Path, what: str = "spec", *, check: bool = True) -> LoadedSpec:
    """Load, validate and bundle ``path``; problems raise ``GeneratorError``.

    ``check=False`` skips validation, for a spec known valid (one that an
    up-to-date generation was made from).
    """
    from generator.bundle import bundle  # noqa: PLC0415  # cold path only
    from generator.load import load  # noqa: PLC0415
    from generator.validate import validate  # noqa: PLC0415

    require_file(path, what)
    doc = load(path)
    if check:
        digest = _digest(doc)
        if digest not in _VALID:
            validate(doc)
            _VALID.add(digest)
    return LoadedSpec(doc, bundle(doc))
