"""``validate_json()`` / ``validate()``: the verdict-only validator decides alone where it can.

A schema with nothing left for the residual check is judged by one call into
the verdict-only validator (looked up once per schema); only a payload it
refuses takes the general path. These tests generate a small spec whose
objects allow extra keys and have camelCase properties (so attribute names,
``item_id``, differ from wire names, ``itemId``), and check every verdict
against jsonschema on the spec, first and repeated calls, by name and by type.
An extra key that is an attribute name is an extra key to JSON Schema: where
extra keys are allowed, the verdict-only validator accepts it itself.
"""

from __future__ import annotations

import copy
import json
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic_core import SchemaValidator, ValidationError

from generator.bundle import bundle
from generator.load import load
from generator.toolkit.oracle import Oracle
from generator.toolkit.package import generated_package

SPEC = """\
openapi: 3.1.0
info: {title: fast, version: "1"}
paths: {}
components:
  schemas:
    Part:
      type: object
      required: [partId]
      properties:
        partId: {type: string, minLength: 2}
        unitCount: {type: integer, minimum: 0}
    Item:
      type: object
      required: [itemId, kind]
      properties:
        itemId: {type: string}
        kind: {type: string, enum: [tool, toy]}
        unitPrice: {type: number, exclusiveMinimum: 0}
        mainPart: {$ref: "#/components/schemas/Part"}
        spareParts: {type: array, items: {$ref: "#/components/schemas/Spare"}, maxItems: 2}
    Spare:
      type: object
      required: [spareId]
      properties:
        spareId: {type: string, minLength: 2}
    Page:
      type: object
      required: [items]
      properties:
        items: {type: array, items: {$ref: "#/components/schemas/Item"}}
        nextToken: {type: string}
    Counted:
      type: object
      properties:
        itemId: {type: string}
      additionalProperties: {type: integer}
    Tagged:
      type: object
      required: [level]
      properties:
        level: {type: integer, enum: [1, 2]}
        flag: {type: boolean, enum: [true]}
        ratio: {type: number, maximum: 10}
        label: {type: string, enum: [a, b]}
        note: {}
        tags: {type: array, items: {type: string}}
"""

ITEM: dict[str, Any] = {
    "itemId": "i1",
    "kind": "tool",
    "unitPrice": 2.5,
    "mainPart": {"partId": "p1", "unitCount": 3},
    "spareParts": [{"spareId": "s2"}],
}


def _probes() -> list[tuple[str, Any]]:
    """(schema name, payload): valid ones and ones that break one rule each."""
    page = {"items": [copy.deepcopy(ITEM) for _ in range(3)], "nextToken": "t"}
    bad_page = copy.deepcopy(page)
    bad_page["items"][2]["mainPart"]["unitCount"] = -1
    return [
        ("Item", ITEM),
        ("Item", {**ITEM, "item_id": 5}),  # an attribute name as an extra key
        ("Item", {**ITEM, "unit_price": "x", "main_part": None}),
        ("Item", {**ITEM, "mainPart": {"part_id": "p1", "partId": "p9"}}),
        ("Item", {**ITEM, "kind": "car"}),
        ("Item", {**ITEM, "unitPrice": 0}),
        ("Item", {**ITEM, "mainPart": {"part_id": "p1"}}),  # partId missing
        ("Item", {**ITEM, "spareParts": [{"spareId": "s"}]}),
        ("Item", {**ITEM, "spareParts": [{"spare_id": "s2"}]}),  # spareId missing
        ("Item", {k: v for k, v in ITEM.items() if k != "itemId"}),
        ("Item", {**ITEM, "item_id": "i1", "itemId": None}),
        ("Page", page),
        ("Page", {**page, "next_token": 1}),
        ("Page", bad_page),
        ("Counted", {"itemId": "a", "item_id": 1, "other": 2}),
        ("Counted", {"itemId": "a", "item_id": "not an integer"}),
        ("Counted", {"item_id": 1.5}),
    ]


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "fast.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def lib(spec: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generated_package(spec, tmp_path_factory.mktemp("unused"), "fast_sdk").module(
        "_validate"
    )


@pytest.fixture(scope="module")
def oracle(spec: Path) -> Oracle:
    return Oracle(bundle(load(spec)))


def test_probes_are_of_both_kinds(oracle: Oracle) -> None:
    verdicts = [oracle.component(name).is_valid(payload) for name, payload in _probes()]
    assert verdicts.count(True) >= 5
    assert verdicts.count(False) >= 8


@pytest.mark.parametrize("index", range(len(_probes())))
def test_verdicts_equal_jsonschema_on_first_and_repeated_calls(
    lib: ModuleType, oracle: Oracle, index: int
) -> None:
    name, payload = _probes()[index]
    expected = oracle.component(name).is_valid(payload)
    validator = lib.Validator()
    by_type = getattr(validator.types, name)
    text = json.dumps(payload)
    for _ in range(2):  # the second call takes the cached look-up
        for schema in (name, by_type):
            assert (validator.validate_json(schema, text) == []) is expected
            assert (validator.validate_json(schema, text.encode()) == []) is expected
            assert (validator.validate(schema, payload) == []) is expected
    if not expected:  # the general path explains it, with a JSON Schema keyword
        assert validator.validate_json(name, text)[0].rule != "json"


# Counted keeps a residual check (additionalProperties with a schema): the general path's
_FAST = [i for i, (name, _) in enumerate(_probes()) if name != "Counted"]


@pytest.mark.parametrize("index", _FAST)
def test_only_a_refused_payload_takes_the_general_path(
    lib: ModuleType, oracle: Oracle, index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, payload = _probes()[index]
    expected = oracle.component(name).is_valid(payload)
    validator = lib.Validator()
    general: list[Any] = []

    def judge(*args: Any, **kwargs: Any) -> Any:
        general.append(args)
        return []

    monkeypatch.setattr(validator, "_judge", judge)
    validator.validate_json(name, json.dumps(payload))
    validator.validate(name, payload)
    assert len(general) == (0 if expected else 2)


def test_errors_of_a_refused_payload_come_from_the_general_path(lib: ModuleType) -> None:
    validator = lib.Validator()
    bad = {**ITEM, "kind": "car", "mainPart": {"partId": "p"}}
    for _ in range(2):
        errors = validator.validate_json("Item", json.dumps(bad))
        assert [(e.path, e.rule) for e in errors] == [
            ("$.kind", "enum"),
            ("$.mainPart.partId", "minLength"),
        ]


def test_the_verdict_validator_keeps_no_list_items(lib: ModuleType, oracle: Oracle) -> None:
    # a verdict needs no output: each list item's tree is dropped as soon as it is judged
    verdict = sys.modules[lib.__package__ + "._verdict"]
    validator = lib.Validator()
    table = validator.schemas.table
    check = verdict.verdict_of(validator.types.Page, "Page", table)
    page = {"items": [copy.deepcopy(ITEM) for _ in range(3)]}
    assert oracle.component("Page").is_valid(page)
    out = check.validate_json(json.dumps(page), strict=True)
    assert out["items"] == [None, None, None]
    item = verdict.verdict_of(validator.types.Item, "Item", table)
    assert item.validate_json(json.dumps(ITEM), strict=True)["spare_parts"] == [None]


def test_a_chain_step_read_by_the_next_one_keeps_its_items() -> None:
    from generator.runtime import _verdict  # noqa: PLC0415

    nested = {"type": "list", "items_schema": {"type": "list", "items_schema": {"type": "int"}}}
    schema = {"type": "chain", "steps": [nested, {**nested, "max_length": 1}]}
    converted = _verdict._convert(schema, None)  # type: ignore[arg-type]  # no models in it
    first, last = converted["steps"]
    assert first == nested  # the next step reads its output
    assert last["items_schema"]["type"] == "chain"  # the caller does not
    validator = SchemaValidator(converted)
    assert validator.validate_python([[1, 2]]) == [None]  # the second step read [[1, 2]]
    with pytest.raises(ValidationError):
        validator.validate_python([[1, "x"]])  # a refused item is not dropped


def test_a_chain_step_that_reads_a_definition_is_not_converted() -> None:
    from generator.runtime import _verdict  # noqa: PLC0415

    ref = {"type": "list", "items_schema": {"type": "definition-ref", "schema_ref": "X"}}
    schema = {"type": "chain", "steps": [ref, {"type": "any"}]}
    with pytest.raises(_verdict._UnconvertibleError):
        _verdict._convert(schema, None)  # type: ignore[arg-type]  # no models in it


# Decoded data that Python's strict mode would take and JSON text cannot carry or tells apart:
# validate() judges it as json.dumps writes it (jsonschema on that text is the answer), or
# reports that it is no JSON value.
_DECODED: list[dict[Any, Any]] = [
    {"level": 1, "flag": True, "ratio": 2.5, "label": "a", "note": {"k": [1, None, "x"]}},
    {"level": True},  # true is not the number 1
    {"level": 2, "flag": 1},  # nor 1 the boolean true
    {"level": 1.0},  # an integer as JSON reads it, though a float in Python
    {"level": 1, "ratio": 11},
    {"level": 1, "ratio": True},
    {"level": 1, "label": "c"},
    {"level": 1, "note": (1, 2)},  # a tuple is written as an array
    {"level": 1, "tags": ("a", "b")},
    {"level": 1, 5: "x"},  # a key json.dumps writes as "5", an extra key
    {"level": 1, "note": {3: True}},
    {"level": 1, "note": [1.5, 2, True, False, None, {"a": {"b": []}}, "x"]},
    {"level": 1, "note": float("inf"), "ratio": float("nan")},
    {"level": 1, "ratio": Decimal("1.5")},  # no JSON value: json.dumps refuses them
    {"level": 1, "note": {1, 2}},
    {"level": 1, "other": object()},
    {"level": 1, "tags": ["a", b"b"]},
]


@pytest.mark.parametrize("index", range(len(_DECODED)))
def test_decoded_data_is_judged_as_the_json_it_stands_for(
    lib: ModuleType, oracle: Oracle, index: int
) -> None:
    data = _DECODED[index]
    validator = lib.Validator()
    try:
        text = json.dumps(data)
    except (TypeError, ValueError):
        for _ in range(2):  # the second call takes the cached look-up
            assert [e.rule for e in validator.validate("Tagged", data)] == ["json"]
        return
    expected = oracle.component("Tagged").is_valid(json.loads(text))
    for _ in range(2):
        assert (validator.validate("Tagged", data) == []) is expected


def test_plain_decoded_json_is_judged_without_text(
    lib: ModuleType, oracle: Oracle, monkeypatch: pytest.MonkeyPatch
) -> None:
    validator = lib.Validator()
    for name, payload in [("Tagged", _DECODED[0]), ("Page", _probes()[11][1])]:
        assert oracle.component(name).is_valid(payload)
        assert validator.validate(name, payload) == []  # builds the validators (reads the table)
        with monkeypatch.context() as patch:
            patch.setattr(lib.json, "dumps", None)  # a call would raise: no text is written
            patch.setattr(validator, "_judge", None)
            assert validator.validate(name, payload) == []
