"""The meta-schema and annotation checks' clean verdict, reused across edits of descriptions and enum values.

Those checks run in a child process that imports the JSON Schema libraries;
after an edit of descriptions or enum values alone they would say the same
again. What they check of a description is that it is a string, of an enum
that it is a list; a default or an example is checked against its schema's
enum, but a value the placeholder spec of :mod:`generator.types_cache` replaces
appears nowhere else in the spec, so no default or example can equal it,
before or after the edit. So a spec whose placeholder spec once passed both
checks without a single problem passes them again; only that verdict (no
problem at all) is kept, so no line number or message is ever replayed.

Keyed by the placeholder form of every file of the spec, the toolkit's own
code and the times of the folders packages are installed in (any install moves
them). Kept in ``verdicts/`` beside the types cache.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator import types_cache

if TYPE_CHECKING:
    from generator.load import Document


def _salt() -> str:
    from generator.pipeline import toolkit_hash  # noqa: PLC0415  # already imported

    times = []
    for entry in sys.path:
        try:
            times.append(f"{entry}:{Path(entry or '.').stat().st_mtime_ns}")
        except OSError:
            continue
    return hashlib.sha256("\0".join([toolkit_hash(), *times]).encode()).hexdigest()


class Verdict:
    """Whether ``doc`` is known to pass the checks; :meth:`passed` records that it did."""

    def __init__(self, doc: Document) -> None:
        self.path: Path | None = None
        folder = types_cache.root("verdicts")
        if folder is None:
            return
        files = [[doc.display_name(path), data] for path, data in sorted(doc.files.items())]
        found = types_cache.placeholders({"files": files})
        if found is None:
            return
        digest = types_cache.key(found[0], _salt())
        self.path = folder / digest[:2] / f"{digest}.json"

    def known_clean(self) -> bool:
        """The checks found no problem in a spec of the same placeholder form."""
        if self.path is None:
            return False
        entry = types_cache.read_entry(self.path)
        return entry is not None and entry.get("clean") is True

    def passed(self) -> None:
        """Both checks found no problem."""
        if self.path is not None:
            types_cache.write_entry(self.path, {"clean": True})
