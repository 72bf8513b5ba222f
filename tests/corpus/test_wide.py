"""The wide sample's steps on a hand-made package: which members it draws from, what one run
records (a real ``generate`` of small specs), and what the table lists."""

from __future__ import annotations

import io
import json
import tarfile
from collections import Counter
from pathlib import Path

from benchmarks.corpus import wide

GOOD = {
    "openapi": "3.0.3",
    "info": {"title": "Good", "version": "1"},
    "paths": {"/a": {"get": {"operationId": "getA", "responses": {"204": {"description": "ok"}}}}},
}
BAD = {**GOOD, "paths": {"/a/{id}": {"get": {"responses": {"204": {"description": "ok"}}}}}}


def _package(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_the_pool_is_the_unlisted_json_specs_under_api(tmp_path: Path) -> None:
    packed = _package(
        tmp_path / "p.tgz",
        {"api/a.json": b"{}", "api/b/c.json": b"{}", "api/listed.json": b"{}",
         "api/notes.md": b"", "dist/index.json": b"{}"},
    )  # fmt: skip
    assert wide.members(packed, {"api/listed.json"}) == ["api/a.json", "api/b/c.json"]
    paths = wide.extract(packed, ["api/b/c.json"], tmp_path / "specs")
    assert paths["api/b/c.json"].read_bytes() == b"{}"
    assert paths["api/b/c.json"].name == "b__c.json"


def test_a_run_records_exit_errors_and_ruff(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text(json.dumps(GOOD), encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps(BAD), encoding="utf-8")
    good = wide.run("api/good.json", tmp_path / "good.json", timeout=300)
    bad = wide.run("api/bad.json", tmp_path / "bad.json", timeout=300)
    assert (good.exit, good.traceback, good.ruff, good.errors) == ("0", False, [], Counter())
    assert (bad.exit, bad.traceback) == ("1", False)
    assert bad.errors == Counter({"undeclared-path-param": 1})
    assert "{id}" in bad.first_error

    table = wide.report([good, bad], sample=2, seed=1, pool=9, commit="abc")
    assert "| generate exit 0 | 1 (50.0 %) |" in table
    assert "| specs failing, by problem code | undeclared-path-param 1 |" in table
    assert "| api/bad.json | 1 |" in table
    assert "api/good.json" not in table  # generated and ruff-clean: not listed
