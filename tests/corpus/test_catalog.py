"""The committed corpus list and its reader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from benchmarks.corpus import catalog, measure, spec_stats


def test_committed_catalog_is_large_varied_and_pinned() -> None:
    cat = catalog.load()
    assert len(cat.entries) >= 60
    assert all(v[0].isdigit() for v in cat.packages.values()), "every package pinned to a version"
    assert all(e.why.strip() for e in cat.entries), "every spec has a reason"
    assert {"github", "stripe", "slack", "jira", "box", "docker-engine", "zoom"} <= {
        e.name for e in cat.entries
    }
    assert {e.format for e in cat.entries} == {"json", "yaml"}


def test_parse_rejects_unpinned_sources_and_duplicates() -> None:
    head = '[packages]\np = "1.0.0"\n'
    entry = '[[spec]]\nname = "x"\nsource = "{source}"\nfile = "f.json"\nwhy = "w"\n'
    with pytest.raises(ValueError, match="not in \\[packages\\]"):
        catalog.parse(head + entry.format(source="q"))
    with pytest.raises(ValueError, match="listed twice"):
        catalog.parse(head + entry.format(source="p") * 2)


def test_select_keeps_catalog_order_and_names_unknown_specs() -> None:
    text = '[packages]\np = "1"\n' + "".join(
        f'[[spec]]\nname = "{n}"\nsource = "p"\nfile = "{n}.json"\nwhy = "w"\n' for n in "abcd"
    )
    cat = catalog.parse(text)
    assert [e.name for e in cat.select(only=["c", "a"])] == ["a", "c"]
    assert [e.name for e in cat.select(limit=2)] == ["a", "b"]
    assert [e.name for e in cat.select(only=["d", "b", "c"], limit=2)] == ["b", "c"]
    with pytest.raises(ValueError, match="nope"):
        cat.select(only=["a", "nope"])


def test_yaml_and_json_copies_of_a_spec_read_alike(tmp_path: Path) -> None:
    document = {
        "openapi": "3.0.0",
        "paths": {"/a": {"get": {"responses": {"200": {"description": "x"}}}}},
    }
    (tmp_path / "s.json").write_text(json.dumps(document))
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(document))
    for name in ("s.json", "s.yaml"):
        assert spec_stats.count_operations(measure.read_spec(tmp_path / name)) == 1
