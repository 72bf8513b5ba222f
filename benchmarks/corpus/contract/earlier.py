"""The per-spec results of committed contract tables, for the specs a run did not check again.

Stored results (``.corpus/contract/``) do not travel between trees; the committed
tables (CONTRACT.md, CONTRACT-2.md, ...) do. A table's "Per spec" row gives a
spec's accepted / requests and parsed / responses, and its "Findings" rows the
refused requests by cause, as decided when it was written. Of several tables, the
later one given wins for a spec (it was checked again there).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROW = re.compile(
    r"^\| (?P<name>[\w.@-]+) \| \d+ / \d+ \| [^|]* \| (?P<accepted>\d+) / (?P<requests>\d+) [^|]*\| "
    r"(?P<parsed>\d+) / (?P<responses>\d+) [^|]*\|"
)


@dataclass
class Row:
    """One spec's counts in a committed table."""

    name: str
    table: str  # the file it was read from
    accepted: int
    requests: int
    parsed: int
    responses: int
    refused: Counter[str] = field(default_factory=Counter)  # refused requests by cause


def rows(paths: Sequence[Path]) -> dict[str, Row]:
    """Every spec's row, the later table winning (a ``ValueError`` names a table without one)."""
    found: dict[str, Row] = {}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if "## Per spec" not in text:
            raise ValueError(f"{path}: no 'Per spec' section (not a contract table)")
        per_spec = text.split("## Per spec", 1)[1].split("\n## ", 1)[0]
        mine: dict[str, Row] = {}
        for line in per_spec.splitlines():
            match = ROW.match(line)
            if match:
                counts = {k: int(v) for k, v in match.groupdict().items() if k != "name"}
                mine[match["name"]] = Row(match["name"], path.name, **counts)
        findings = (
            text.split("## Findings per spec", 1)[1] if "## Findings per spec" in text else ""
        )
        for line in findings.splitlines():
            cells = [c.strip() for c in line.split(" | ")]
            if len(cells) > 4 and cells[1] == "request" and cells[0].lstrip("| ") in mine:
                mine[cells[0].lstrip("| ")].refused[cells[2]] += int(cells[3])
        found.update(mine)
    return found
