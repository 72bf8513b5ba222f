"""``python -m generator validate`` against tests/toolkit/specs/shop.yaml: normal and error paths.

Every verdict is also checked against the independent oracle (jsonschema
Draft 2020-12 reading the same spec), so "strict" means what the spec says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.bundle import bundle
from generator.load import load
from generator.pipeline import generate
from generator.toolkit.oracle import Oracle
from tests.toolkit.conftest import SPECS, Cli, write_json

SHOP = SPECS / "shop.yaml"
BASE = ["validate", "--spec", SHOP, "--package", "shop_sdk", "--out", "no-such-output"]
ITEM: dict[str, Any] = {"id": "i1", "price": 10, "color": "red"}

# (schema, payload, expected [(path, rule)]): one broken rule per case unless stated.
CASES: list[tuple[str, Any, list[tuple[str, str]]]] = [
    ("Item", ITEM, []),
    ("Item", {**ITEM, "nickname": None, "price": 0, "dimensions": {"width": 1}}, []),
    ("Item", {**ITEM, "model_id": "extra keys are allowed on open objects"}, []),
    ("Item", {**ITEM, "color": "purple"}, [("$.color", "enum")]),
    ("Item", {**ITEM, "price": 1000.5}, [("$.price", "maximum")]),
    ("Item", {**ITEM, "price": "10"}, [("$.price", "type")]),
    ("Item", {"price": 1, "color": "red"}, [("$.id", "required")]),
    ("Item", {**ITEM, "label": "Abc"}, [("$.label", "pattern")]),
    ("Item", {**ITEM, "nickname": "much too long"}, [("$.nickname", "maxLength")]),
    ("Item", {**ITEM, "sizes": [1, 0]}, [("$.sizes[1]", "exclusiveMinimum")]),
    ("Item", {**ITEM, "sizes": [1, 2, 3, 4]}, [("$.sizes", "maxItems")]),
    ("Item", {**ITEM, "dimensions": {"width": 0}}, [("$.dimensions.width", "minimum")]),
    (
        "Item",
        {**ITEM, "dimensions": {"width": 2, "w": 1}},
        [("$.dimensions.w", "additionalProperties")],
    ),
    ("Item", {**ITEM, "dimensions": {"depth": 2}}, [("$.dimensions.width", "required")]),
    ("Item", {**ITEM, "dimensions": {"width": 1.5}}, [("$.dimensions.width", "type")]),
    ("Item", {**ITEM, "dimensions": {"width": 2, "unit": "mm"}}, [("$.dimensions.unit", "enum")]),
    ("Item", {**ITEM, "meta": {"a": "b", "c": 1}}, [("$.meta.c", "type")]),
    ("Item", {**ITEM, "display name": 3}, [('$["display name"]', "type")]),
    ("Item", {**ITEM, "code": 7}, []),
    ("Item", {**ITEM, "code": "x"}, [("$.code", "minLength")]),
    ("Item", {**ITEM, "code": True}, [("$.code", "anyOf")]),
    ("Item", {**ITEM, "grade": 2}, []),
    ("Item", {**ITEM, "grade": False}, [("$.grade", "enum")]),
    ("Item", {**ITEM, "grade": True}, [("$.grade", "enum")]),
    ("Item", [ITEM], [("$", "type")]),
    # null: allowed where the spec says so, rejected in optional non-nullable fields
    ("Item", {**ITEM, "label": None}, [("$.label", "type")]),
    ("Item", {**ITEM, "dimensions": None}, [("$.dimensions", "type")]),
    ("Item", {**ITEM, "dimensions": {"width": 1, "unit": None}}, [("$.dimensions.unit", "enum")]),
    ("ItemUpdate", {"nickname": None}, []),
    (
        "ItemUpdate",
        {"price": None, "colour": "red"},
        [("$.price", "type"), ("$.colour", "additionalProperties")],
    ),
    # wire names only: the snake_case attribute name is an unknown key
    (
        "orders.create:request",
        {"lines": [{"item_id": "a", "quantity": 1}]},
        [("$.lines[0].itemId", "required")],
    ),
    (
        "orders.create:request",
        {"lines": [{"itemId": "a", "quantity": 1, "comment": "ok"}], "note": None},
        [],
    ),
    ("orders.create:request", {"lines": []}, [("$.lines", "minItems")]),
    ("items.update:request", {"price": 0}, [("$.price", "exclusiveMinimum")]),
    ("updateItem:response", {**ITEM, "color": 1}, [("$.color", "enum")]),
    ("items.list:response", [ITEM, {**ITEM, "price": -1}], [("$[1].price", "minimum")]),
]


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    return Oracle(bundle(load(SHOP)))


def _oracle_pointer(schema: str) -> str:
    return {
        "orders.create:request": "/paths/~1orders/post/requestBody/content/application~1json/schema",
        "items.update:request": "/components/schemas/ItemUpdate",
        "updateItem:response": "/components/schemas/Item",
        "items.list:response": "/paths/~1items/get/responses/200/content/application~1json/schema",
    }.get(schema, f"/components/schemas/{schema}")


@pytest.mark.parametrize(("schema", "payload", "expected"), CASES)
def test_each_broken_rule_is_reported_at_its_json_path(
    cli: Cli,
    tmp_path: Path,
    oracle: Oracle,
    schema: str,
    payload: Any,
    expected: list[tuple[str, str]],
) -> None:
    path = write_json(tmp_path, "payload.json", payload)
    result = cli(*BASE, "--schema", schema, "--format", "json", path)
    report = result.json()
    assert [(e["path"], e["rule"]) for e in report["errors"]] == expected, result.out
    assert result.code == (1 if expected else 0)
    assert report["checked"] == 1
    assert report["invalid"] == (1 if expected else 0)
    # the independent oracle agrees on the verdict
    assert oracle.at(_oracle_pointer(schema)).is_valid(payload) == (not expected)


def test_null_in_an_object_nested_inline_in_a_body_is_rejected(cli: Cli, tmp_path: Path) -> None:
    payload = {"lines": [{"itemId": "a", "quantity": 1, "comment": None}]}
    path = write_json(tmp_path, "order.json", payload)
    result = cli(*BASE, "--schema", "orders.create:request", "--format", "json", path)
    assert [(e["path"], e["rule"]) for e in result.json()["errors"]] == [
        ("$.lines[0].comment", "type")
    ]


def test_text_output_names_file_path_rule_and_value(cli: Cli, tmp_path: Path) -> None:
    path = write_json(tmp_path, "item.json", {**ITEM, "price": 1000.5, "color": "purple"})
    text = path.read_text(encoding="utf-8")
    price, color = (_column(text, value) for value in ("1000.5", '"purple"'))
    result = cli(*BASE, "--schema", "Item", path)
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{path}:1:{price}: $.price: [maximum] 1000.5 is greater than the maximum 1000",
        f"{path}:1:{color}: $.color: [enum] \"purple\" is not one of 'red', 'green' or 'blue'",
    ]
    assert "1 payload(s) checked against Item: 1 invalid" in result.err
    assert "Traceback" not in result.err


def test_valid_payload_exits_0_and_prints_nothing_on_stdout(cli: Cli, tmp_path: Path) -> None:
    result = cli(*BASE, "--schema", "Item", write_json(tmp_path, "ok.json", ITEM))
    assert (result.code, result.out) == (0, "")
    assert "all valid" in result.err


def test_json_output_shape(cli: Cli, tmp_path: Path) -> None:
    good = write_json(tmp_path, "good.json", ITEM)
    bad = write_json(tmp_path, "bad.json", {**ITEM, "label": "x" * 100 + "A"})
    report = cli(*BASE, "--schema", "Item", "--format", "json", good, bad).json()
    assert report == {
        "schema": "Item",
        "type": "Item",
        "checked": 2,
        "invalid": 1,
        "errors": [
            {
                "payload": str(bad),
                "path": "$.label",
                "rule": "pattern",
                "message": report["errors"][0]["message"],
                "value": json.dumps("x" * 56)[:57] + "...",
                "line": 1,
                "column": _column(bad.read_text(encoding="utf-8"), '"xxx'),
            }
        ],
    }
    assert "does not match the pattern '^[a-z]+$'" in report["errors"][0]["message"]


def test_json_lines_report_the_line_of_each_payload(cli: Cli, tmp_path: Path) -> None:
    lines = [json.dumps(ITEM), "", json.dumps({**ITEM, "price": -1}), '{"id": ', json.dumps(ITEM)]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli(*BASE, "--schema", "Item", "--jsonl", "--format", "json", path)
    report = result.json()
    assert result.code == 1
    assert (report["checked"], report["invalid"]) == (4, 2)
    assert [(e["line"], e["path"], e["rule"]) for e in report["errors"]] == [
        (3, "$.price", "minimum"),
        (4, "$", "json"),
    ]
    assert report["errors"][1]["column"] == 7


def test_json_output_names_the_type_of_an_operation_side(cli: Cli, tmp_path: Path) -> None:
    path = write_json(tmp_path, "items.json", [ITEM])
    for schema, type_ in (
        ("items.list:response", "list[Item]"),
        ("items.update:request", "ItemUpdate"),
    ):
        report = cli(*BASE, "--schema", schema, "--format", "json", path).json()
        assert report["type"] == type_


def test_stdin_is_read_for_dash_and_when_no_file_is_named(cli: Cli) -> None:
    data = json.dumps({**ITEM, "price": -1}).encode()
    for extra in (["-"], []):
        result = cli(*BASE, "--schema", "Item", *extra, stdin=data)
        assert result.code == 1
        column = _column(data.decode(), "-1")
        assert result.out.startswith(f"<stdin>:1:{column}: $.price: [minimum]")


def test_stdin_json_lines(cli: Cli) -> None:
    data = (json.dumps(ITEM) + "\n" + json.dumps({**ITEM, "id": 5}) + "\n").encode()
    result = cli(*BASE, "--schema", "Item", "--jsonl", "-", stdin=data)
    column = _column(json.dumps({**ITEM, "id": 5}), "5")
    assert result.out == f"<stdin>:2:{column}: $.id: [type] 5 is not of type string\n"


def _column(line: str, needle: str) -> int:
    """The 1-based column of ``needle``'s first occurrence in ``line``."""
    return line.index(needle) + 1


def test_every_error_names_the_line_and_column_of_its_value(cli: Cli, tmp_path: Path) -> None:
    payload = {**ITEM, "sizes": [1, 0], "dimensions": {"depth": 2}, "display name": 3}
    path = tmp_path / "item.json"
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()

    def place(marker: str, needle: str) -> tuple[int, int]:
        number = next(i for i, text in enumerate(lines, 1) if marker in text)
        return number, _column(lines[number - 1], needle)

    report = cli(*BASE, "--schema", "Item", "--format", "json", path).json()
    found = {e["path"]: (e["line"], e["column"]) for e in report["errors"]}
    assert found == {
        "$.sizes[1]": (lines.index("    0") + 1, 5),  # the second item, on its own line
        "$.dimensions.width": place('"dimensions"', "{"),  # missing: the object lacking it
        '$["display name"]': place('"display name"', "3"),
    }
    text = cli(*BASE, "--schema", "Item", path).out.splitlines()
    assert any(
        line.startswith(f"{path}:{found['$.sizes[1]'][0]}:5: $.sizes[1]: [exclusiveMinimum]")
        for line in text
    ), text


def test_invalid_json_is_an_error_with_line_and_column_not_a_traceback(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "id": "a",\n  "price": ,\n}\n', encoding="utf-8")
    result = cli(*BASE, "--schema", "Item", path)
    assert result.code == 1
    assert result.out.startswith(f"{path}:3:12: $: [json] Invalid JSON: expected value")
    assert "Traceback" not in result.err


def test_unknown_schema_name_is_a_usage_error_with_close_matches(cli: Cli, tmp_path: Path) -> None:
    path = write_json(tmp_path, "item.json", ITEM)
    result = cli(*BASE, "--schema", "Iten", path)
    assert result.code == 2
    assert "unknown schema 'Iten'" in result.err
    assert "did you mean Item" in result.err
    result = cli(*BASE, "--schema", "items.updat:request", path)
    assert result.code == 2
    assert "items.update:request" in result.err


def test_operation_side_without_json_body_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    path = write_json(tmp_path, "item.json", ITEM)
    result = cli(*BASE, "--schema", "orders.create:response", path)
    assert result.code == 2
    assert "POST /orders has no JSON response body" in result.err
    result = cli(*BASE, "--schema", "items.list:request", path)
    assert (result.code, "GET /items has no JSON request body" in result.err) == (2, True)


def test_missing_payload_file_and_missing_spec_are_usage_errors(cli: Cli, tmp_path: Path) -> None:
    result = cli(*BASE, "--schema", "Item", tmp_path / "nope.json")
    assert result.code == 2
    assert "payload file not found" in result.err
    result = cli("validate", "--spec", tmp_path / "nope.yaml", "--schema", "Item", "-")
    assert (result.code, "spec not found" in result.err) == (2, True)


def test_missing_schema_flag_is_a_usage_error(cli: Cli) -> None:
    result = cli(*BASE)
    assert result.code == 2
    assert "validate needs --schema NAME" in result.err
    assert "Traceback" not in result.err


def test_clear_cache_removes_cached_generations_and_nothing_else(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(cache))
    path = write_json(tmp_path, "item.json", ITEM)
    assert cli(*BASE, "--schema", "Item", path).code == 0
    (generation,) = [p for p in cache.iterdir() if p.is_dir()]
    assert (generation / ".generator-manifest.json").is_file()
    (cache / "notes").mkdir()  # not a generation: left alone
    (cache / "notes" / "keep.txt").write_text("mine", encoding="utf-8")
    result = cli("validate", "--clear-cache")
    assert result.code == 0
    assert f"removed 1 cached generation(s) from {cache}" in result.err
    assert sorted(p.name for p in cache.iterdir()) == ["notes"]
    assert (cache / "notes" / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert cli("validate", "--clear-cache").err.startswith("removed 0 cached generation(s)")
    assert cli(*BASE, "--schema", "Item", path).code == 0  # generated again
    assert len([p for p in cache.iterdir() if p.is_dir()]) == 2


def test_up_to_date_output_folder_is_used_without_generating(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    generate(SHOP, out, "shop_sdk")
    cache = tmp_path / "cache"
    monkeypatch.setenv("GENERATOR_CACHE_DIR", str(cache))
    path = write_json(tmp_path, "item.json", ITEM)
    args = ["validate", "--spec", SHOP, "--package", "shop_sdk", "--out", out, "--schema", "Item"]
    result = cli(*args, path)
    assert result.code == 0
    assert not cache.exists(), "an up-to-date --out must not be regenerated"
    assert "note:" not in result.err
    (out / "shop_sdk" / "types.py").write_text("# edited by hand\n", encoding="utf-8")
    result = cli(*args, path)
    assert result.code == 0
    assert "is not an up-to-date generation" in result.err
    assert cache.exists()
