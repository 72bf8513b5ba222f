"""Load a spec the way every toolkit command needs it: loaded, validated, bundled."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.commands._common import require_file
from generator.errors import GeneratorError, Problem, Severity, arrange
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


# Errors that stop ``generate`` (it could not name or call the operation) but leave a document
# that can be compared: ``diff`` reports them as warnings.
COMPARABLE = frozenset(
    {
        "undeclared-path-param",
        "duplicate-operation-id",
        "duplicate-sdk-method",
        "invalid-sdk-name",
        "duplicate-parameter",
    }
)


def load_spec(
    path: Path,
    what: str = "spec",
    *,
    check: bool = True,
    strict: bool = False,
    tolerate: frozenset[str] = frozenset(),
) -> LoadedSpec:
    """Load, validate and bundle ``path`` (``-``: standard input); errors raise ``GeneratorError``.

    ``check=False`` skips validation, for a spec known valid (one that an
    up-to-date generation was made from). Warnings are returned with the spec
    (``strict``: raised as errors). Errors whose codes are all in ``tolerate``
    are returned as warnings instead (not with ``strict``).
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
            try:
                _VALID[key] = validate(doc, strict=strict)
            except GeneratorError as failure:
                _VALID[key] = _tolerated(failure, tolerate if not strict else frozenset())
        warnings = _VALID[key]
    return LoadedSpec(doc, bundle(doc), warnings)


def _tolerated(failure: GeneratorError, tolerate: frozenset[str]) -> list[Problem]:
    """The problems of ``failure`` as warnings when every error among them is tolerated."""
    problems = list(failure.problems)
    errors = [p for p in problems if p.severity >= Severity.ERROR]
    if not errors or any(p.code not in tolerate for p in errors):
        raise failure
    return arrange([replace(p, severity=Severity.WARNING) if p in errors else p for p in problems])
