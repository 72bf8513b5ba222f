"""The generated package of a spec: found up to date in ``--out``, or generated into a cache.

Modules are imported under a private, content-addressed package name, so
the package's ``__init__`` (the client, httpx) is never run, two generations
of one package can live in the same process, and nothing named like the
real package is shadowed.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import shutil
import sys
import types
from dataclasses import dataclass
from pathlib import Path

from generator.manifest import MANIFEST


@dataclass(frozen=True)
class GeneratedPackage:
    """A generated package on disk and the private name its modules are imported under."""

    folder: Path  # the output folder (holds <package>/ and the manifest)
    package: str
    fresh: bool  # True when it was (re)generated into the cache by this call

    @property
    def alias(self) -> str:
        """The private import name: ``_generated_<hash of the manifest>_<package>``."""
        manifest = (self.folder / MANIFEST).read_bytes()
        return f"_generated_{hashlib.sha256(manifest).hexdigest()[:12]}_{self.package}"

    def module(self, name: str) -> types.ModuleType:
        """Import ``<package>.<name>`` (e.g. ``types``, ``resources.models``)."""
        alias = self.alias
        if alias not in sys.modules:
            root = types.ModuleType(alias)
            root.__path__ = [str(self.folder / self.package)]
            root.__package__ = alias
            sys.modules[alias] = root
        return importlib.import_module(f"{alias}.{name}")


def cache_root() -> Path:
    """Where out-of-date specs are generated (``$GENERATOR_CACHE_DIR`` or the user cache)."""
    explicit = os.environ.get("GENERATOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scenario-codegen"


_KEY = re.compile(r"[0-9a-f]{16}")


def cache_key(spec: Path, package: str) -> str:
    """The cache folder's name for ``spec`` and ``package``: a hash of the spec's absolute path
    and the package name (the spec's content decides, through the manifest, whether the
    generation there is reused or regenerated)."""
    return hashlib.sha256(f"{spec.resolve()}\0{package}".encode()).hexdigest()[:16]


def clear_cache() -> tuple[int, Path]:
    """Remove every cached generation; (how many, the cache folder).

    Only folders named by a cache key or holding a generation manifest are
    removed: the cache folder may be one the user pointed ``GENERATOR_CACHE_DIR`` at.
    """
    root = cache_root()
    removed = 0
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        keyed = _KEY.fullmatch(folder.name) is not None or (folder / MANIFEST).is_file()
        if folder.is_dir() and not folder.is_symlink() and keyed:
            shutil.rmtree(folder)
            removed += 1
    return removed, root


def generated_package(spec: Path, out: Path, package: str) -> GeneratedPackage:
    """``out`` when it holds an up-to-date generation of ``spec``; else a cached generation."""
    from generator.pipeline import generate, is_up_to_date  # noqa: PLC0415  # cold path only

    if is_up_to_date(spec, out, package):
        return GeneratedPackage(out, package, fresh=False)
    folder = cache_root() / cache_key(spec, package)
    outcome = generate(spec, folder, package)
    return GeneratedPackage(folder, package, fresh=not outcome.up_to_date)
