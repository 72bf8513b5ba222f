"""Load a spec the way every toolkit command needs it: loaded, validated, bundled."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.commands._common import require_file
from generator.errors import Problem
from generator.load import Document

# Warnings of documents that passed validation in this process (validation is the slow step).
_VALID: dict[tuple[str, bool], list[Problem]] = {}


@dataclass(frozen=True)
class LoadedSpec:
    """A validated spec: the loaded document (for places) and the bundled mapping."""

    doc: Document
    data: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)  # what loading and validation forgave

    @property
    def name(self) -> str:
        """The entry file's display name."""
        return self.doc.display_name(self.doc.root)


def load_spec(
    path: Path, what: str = "spec", *, check: bool = True, strict: bool = False
) -> LoadedSpec:
    """Load, validate and bundle ``path`` (``-``: standard input); errors raise ``GeneratorError``.

    ``check=False`` skips validation, for a spec known valid (one that an
    up-to-date generation was made from). Warnings are returned with the spec
    (``strict``: raised as errors).
    """
    from generator.bundle import bundle  # noqa: PLC0415  # cold path only
    from generator.load import load  # noqa: PLC0415
    from generator.validate import validate  # noqa: PLC0415

    require_file(path, what)
    doc = load(path)
    warnings: list[Problem] = []
    if check:
        key = (doc.digest(), strict)
        if key not in _VALID:
            _VALID[key] = validate(doc, strict=strict)
        warnings = _VALID[key]
    return LoadedSpec(doc, bundle(doc), warnings)
