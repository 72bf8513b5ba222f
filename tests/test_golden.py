"""The committed generated/ is a golden record of spec + templates + runtime.

A mismatch prints the diff and the one command that regenerates. Generation
is also run twice under different hash seeds: the outputs must be
byte-identical to each other and to the committed tree.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import check
from tests.conftest import GENERATED, ROOT

SPEC = ROOT / "spec" / "openapi.yaml"
REGENERATE = "make generate"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and "__pycache__" not in p.parts
        and not any(part.startswith(".") for part in p.relative_to(folder).parts[:-1])
    }


def test_committed_output_matches_a_fresh_generation() -> None:
    result, files = check(SPEC, GENERATED, "scenario_sdk")
    report = []
    for rel, text in result.changed.items():
        path = GENERATED / rel
        old = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
        report += difflib.unified_diff(
            old, text.splitlines(keepends=True), f"{rel} (committed)", f"{rel} (fresh)"
        )
    report += [f"stale file: {rel}\n" for rel in result.stale]
    assert not report, f"generated/ is out of date; run `{REGENERATE}`:\n" + "".join(report[:300])
    assert set(files) == set(_tree(GENERATED)), (
        "generated/ holds files the generator does not write"
    )


@pytest.mark.parametrize("seeds", [("0", "4242")])
def test_generation_is_deterministic_across_hash_seeds(
    tmp_path: Path, seeds: tuple[str, str]
) -> None:
    trees = []
    for seed in seeds:
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            str(SPEC),
            "--out",
            str(out),
            "-q",
        ]
        subprocess.run(command, check=True, cwd=ROOT, env=env, timeout=300)
        trees.append(_tree(out))
    assert trees[0] == trees[1]
    assert trees[0] == _tree(GENERATED), f"fresh output differs from generated/; run `{REGENERATE}`"
