"""Spec files as editors save them: JSON or YAML, with or without a byte-order mark."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.generator.helpers import MINI_SPEC, generate, run_cli


def body(path: Path) -> str:
    """A generated module without its header (which names the spec file)."""
    return path.read_text(encoding="utf-8").split("\n", 2)[2]


def test_a_json_spec_with_a_bom_gives_the_same_package_as_the_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mini_output = tmp_path / "from-yaml"
    generate(mini_output, "mini_sdk", MINI_SPEC)
    spec = tmp_path / "mini.json"
    data = yaml.safe_load(MINI_SPEC.read_text(encoding="utf-8"))
    spec.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, indent=2).encode())
    out = tmp_path / "out"

    run = run_cli(capsys, "generate", "--spec", spec, "--out", out, "--package", "mini_sdk")

    assert run.code == 0, run.err
    for module in ("types.py", "_client.py", "resources/widgets.py"):
        assert body(out / "mini_sdk" / module) == body(mini_output / "mini_sdk" / module)
