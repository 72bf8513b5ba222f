"""``validate`` on the curated spec: the seeds' JSON examples pass, broken copies fail
at the right JSON path, and jsonschema (the oracle) agrees with every verdict.

Skipped, with the reason, while spec/openapi.yaml or the seed fixtures are missing.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.bundle import bundle
from generator.load import load
from generator.toolkit.oracle import Oracle
from tests.toolkit.conftest import REAL_SPEC, SEEDS, Cli, write_json

pytestmark = pytest.mark.skipif(
    not REAL_SPEC.is_file() or not SEEDS.is_dir(),
    reason="spec/openapi.yaml or tests/fixtures/seeds/ has not landed yet",
)

BASE = ["validate", "--spec", REAL_SPEC, "--out", REAL_SPEC.parents[1] / "generated"]
LIST_SEED = SEEDS / "models.list.response.json"


def _seeds() -> list[Path]:
    return sorted(SEEDS.glob("*.json")) if SEEDS.is_dir() else []


def _schema_of(seed: Path) -> str:
    operation, side = seed.stem.rsplit(".", 1)
    return f"{operation}:{side}"


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    return Oracle(bundle(load(REAL_SPEC)))


def _response_validator(oracle: Oracle, path: str, method: str) -> Any:
    token = path.replace("~", "~0").replace("/", "~1")
    return oracle.at(f"/paths/{token}/{method}/responses/200/content/application~1json/schema")


@pytest.mark.parametrize("seed", _seeds(), ids=lambda p: p.stem)
def test_every_seed_example_is_valid(cli: Cli, seed: Path) -> None:
    result = cli(*BASE, "--schema", _schema_of(seed), "--format", "json", seed)
    assert result.code == 0, result.out
    assert result.json()["errors"] == []


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[Any], None]:
    def edit(doc: Any) -> None:
        for key in path[:-1]:
            doc = doc[key]
        doc[path[-1]] = value

    return edit


def _delete(path: tuple[str | int, ...]) -> Callable[[Any], None]:
    def edit(doc: Any) -> None:
        for key in path[:-1]:
            doc = doc[key]
        del doc[path[-1]]

    return edit


M = ("models", 0)
BROKEN = [
    ("enum", _set((*M, "type"), "not-a-type"), "$.models[0].type", "enum"),
    ("enum-deep", _set((*M, "class", "status"), "gone"), "$.models[0].class.status", "enum"),
    (
        "exclusive-bound",
        _set((*M, "parameters", "learningRate"), 0),
        "$.models[0].parameters.learningRate",
        "exclusiveMinimum",
    ),
    (
        "maximum",
        _set((*M, "parameters", "batchSize"), 5),
        "$.models[0].parameters.batchSize",
        "maximum",
    ),
    (
        "max-length",
        _set((*M, "parameters", "wandbKey"), "k" * 41),
        "$.models[0].parameters.wandbKey",
        "maxLength",
    ),
    ("missing-required", _delete((*M, "id")), "$.models[0].id", "required"),
    (
        "wrong-type-deep",
        _set((*M, "epochs", 0, "assets", 0, "url"), 3),
        "$.models[0].epochs[0].assets[0].url",
        "type",
    ),
    (
        "wrong-type-bool",
        _set((*M, "parameters", "randomCrop"), "yes"),
        "$.models[0].parameters.randomCrop",
        "type",
    ),
    (
        "string-for-number",
        _set((*M, "trainingImagesNumber"), "3"),
        "$.models[0].trainingImagesNumber",
        "type",
    ),
    ("null-not-nullable", _set(("nextPaginationToken",), None), "$.nextPaginationToken", "type"),
    ("array-for-object", _set((*M, "parameters"), []), "$.models[0].parameters", "type"),
    (
        "bool-for-numeric-enum",
        _set((*M, "accessRestrictions"), False),
        "$.models[0].accessRestrictions",
        "enum",
    ),
]


@pytest.mark.parametrize(
    ("edit", "path", "rule"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_broken_payloads_report_the_json_path(
    cli: Cli, tmp_path: Path, oracle: Oracle, edit: Callable[[Any], None], path: str, rule: str
) -> None:
    payload = copy.deepcopy(json.loads(LIST_SEED.read_text(encoding="utf-8")))
    edit(payload)
    result = cli(
        *BASE,
        "--schema",
        "models.list:response",
        "--format",
        "json",
        write_json(tmp_path, "p.json", payload),
    )
    assert result.code == 1
    assert [(e["path"], e["rule"]) for e in result.json()["errors"]] == [(path, rule)]
    assert not _response_validator(oracle, "/models", "get").is_valid(payload)


def test_component_name_and_json_lines_batch(cli: Cli, tmp_path: Path) -> None:
    model = json.loads(LIST_SEED.read_text(encoding="utf-8"))["models"][0]
    broken = {**model, "privacy": "secret"}
    batch = tmp_path / "models.jsonl"
    batch.write_text(
        "\n".join(json.dumps(m) for m in (model, broken, model)) + "\n", encoding="utf-8"
    )
    result = cli(*BASE, "--schema", "Model", "--jsonl", batch)
    assert result.code == 1
    column = json.dumps(broken).index('"secret"') + 1  # the value's place on line 2
    assert (
        result.out == f'{batch}:2:{column}: $.privacy: [enum] "secret" is not one of '
        "'private', 'public' or 'unlisted'\n"
    )
