"""Every field documented by the reference pages is in the spec, at its place, as documented.

tests/spec/inventory.json was extracted from the pages (one entry per field occurrence per
operation). Where a curation decision changed a value, the entry keeps the pages' value and a
"curation" object holding the decision id (spec/README.md) and the decided values; the spec must
then carry the decided values and an x-curation note naming the decision.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

OPERATIONS = ("models.list", "models.update", "models.train.trigger", "models.train.action")
SIDES = ("path", "query", "body", "response")
CHECKED = ("type", "required", "enum", "bounds")


def expected_values(entry: dict[str, Any]) -> dict[str, Any]:
    expected = {key: entry[key] for key in CHECKED}
    for key, value in entry.get("curation", {}).items():
        if key != "id":
            assert key in CHECKED, f"unknown curation key {key!r}"
            expected[key] = value
    return expected


def actual_values(walker: Any, field: Any) -> dict[str, Any]:
    return {
        "type": walker.field_type(field.schema),
        "required": field.required,
        "enum": walker.field_enum(field.schema),
        "bounds": walker.field_bounds(field.schema),
    }


def same_enum(a: list[Any] | None, b: list[Any] | None) -> bool:
    if a is None or b is None:
        return a is b
    return len(a) == len(b) and Counter(map(repr, a)) == Counter(map(repr, b))


def test_inventory_shape(inventory: dict[str, Any]) -> None:
    fields = inventory["fields"]
    keys = [(e["operation"], e["side"], e["path"]) for e in fields]
    assert len(keys) == len(set(keys)), "duplicate inventory entries"
    assert {e["operation"] for e in fields} == set(OPERATIONS)
    assert {e["side"] for e in fields} <= set(SIDES)
    counts = inventory["counts"]
    assert counts["fields"] == len(fields)
    assert counts["with_enum"] == sum(1 for e in fields if e["enum"])
    assert counts["with_bounds"] == sum(1 for e in fields if e["bounds"])
    # the pages document ~920 field occurrences; a big drop means the extraction broke
    assert len(fields) > 900


@pytest.mark.parametrize("sdk_name", OPERATIONS)
def test_documented_fields_match_spec(
    walker: Any, inventory: dict[str, Any], sdk_name: str
) -> None:
    spec_fields = walker.fields(sdk_name)
    problems = []
    for entry in inventory["fields"]:
        if entry["operation"] != sdk_name:
            continue
        key = (entry["side"], entry["path"])
        field = spec_fields.get(key)
        if field is None:
            problems.append(f"{key}: missing from the spec")
            continue
        expected = expected_values(entry)
        actual = actual_values(walker, field)
        for attr in CHECKED:
            ok = (
                same_enum(expected[attr], actual[attr])
                if attr == "enum"
                else expected[attr] == actual[attr]
            )
            if not ok:
                problems.append(
                    f"{key} {attr}: inventory {expected[attr]!r} != spec {actual[attr]!r}"
                )
        if "curation" in entry:
            decision = entry["curation"]["id"]
            if not re.search(rf"\b{decision}:", walker.curation_notes(field)):
                problems.append(
                    f"{key}: curated by {decision} but the spec has no x-curation note naming it"
                )
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("sdk_name", OPERATIONS)
def test_spec_has_no_undocumented_fields(
    walker: Any, inventory: dict[str, Any], sdk_name: str
) -> None:
    documented = {(e["side"], e["path"]) for e in inventory["fields"] if e["operation"] == sdk_name}
    in_spec = set(walker.fields(sdk_name))
    extra = sorted(in_spec - documented)
    missing = sorted(documented - in_spec)
    assert not extra, f"fields in the spec but not in the inventory: {extra}"
    assert not missing, f"fields in the inventory but not in the spec: {missing}"


def test_curated_entries_name_readme_decisions(inventory: dict[str, Any], readme_text: str) -> None:
    table = set(re.findall(r"^\|\s*(C\d{2})\s*\|", readme_text, flags=re.MULTILINE))
    used = {e["curation"]["id"] for e in inventory["fields"] if "curation" in e}
    assert used <= table, f"curation ids missing from spec/README.md: {sorted(used - table)}"


def test_shared_model_tree_is_identical_across_operations(inventory: dict[str, Any]) -> None:
    """The Model object documented on the four pages is the same: one component is enough."""
    prefixes = {
        "models.list": "models[].",
        "models.update": "model.",
        "models.train.trigger": "model.",
        "models.train.action": "model.",
    }
    trees = {}
    for sdk_name, prefix in prefixes.items():
        trees[sdk_name] = {
            e["path"][len(prefix) :]: {k: e[k] for k in CHECKED}
            for e in inventory["fields"]
            if e["operation"] == sdk_name
            and e["side"] == "response"
            and e["path"].startswith(prefix)
        }
    reference = trees["models.update"]
    assert len(reference) > 150
    for sdk_name, tree in trees.items():
        assert tree == reference, sdk_name
