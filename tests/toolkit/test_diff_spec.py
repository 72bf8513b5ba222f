"""``diff`` of spec/openapi.yaml against copies with one deliberate change each.

The copies are made by editing the loaded YAML in the test. Skipped, with the
reason, while the curated spec has not landed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.toolkit.conftest import REAL_SPEC, Cli

pytestmark = pytest.mark.skipif(
    not REAL_SPEC.is_file(), reason="spec/openapi.yaml has not landed yet"
)

MODEL_RESPONSES = {"models.list", "models.update", "models.train.trigger", "models.train.action"}
Edit = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded = yaml.safe_load(REAL_SPEC.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = doc["components"]["schemas"]
    return schemas


def _operation(doc: dict[str, Any], sdk: str) -> dict[str, Any]:
    for item in doc["paths"].values():
        for op in item.values():
            if (
                isinstance(op, dict)
                and f"{op.get('x-sdk-resource')}.{op.get('x-sdk-method')}" == sdk
            ):
                return op
    raise KeyError(sdk)


def _path_of(doc: dict[str, Any], sdk: str) -> str:
    return next(p for p, item in doc["paths"].items() if _operation(doc, sdk) in item.values())


def _diff(
    cli: Cli, tmp_path: Path, spec: dict[str, Any], edit: Edit
) -> tuple[int, list[dict[str, Any]]]:
    changed = copy.deepcopy(spec)
    edit(changed)
    new = tmp_path / "openapi.yaml"
    new.write_text(yaml.safe_dump(changed, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = cli("diff", REAL_SPEC, new, "--format", "json")
    changes: list[dict[str, Any]] = result.json()["changes"]
    return result.code, changes


def _where(changes: list[dict[str, Any]]) -> set[tuple[str | None, str, str, str]]:
    return {
        (c["operation"]["sdk"] if c["operation"] else None, c["where"], c["kind"], c["level"])
        for c in changes
    }


def test_an_identical_copy_has_no_changes(cli: Cli, tmp_path: Path, spec: dict[str, Any]) -> None:
    assert _diff(cli, tmp_path, spec, lambda doc: None) == (0, [])


def test_response_property_removed_is_breaking_everywhere_model_is_returned(
    cli: Cli, tmp_path: Path, spec: dict[str, Any]
) -> None:
    code, changes = _diff(
        cli, tmp_path, spec, lambda d: _schemas(d)["Model"]["properties"].pop("name")
    )
    assert code == 1
    assert {c["kind"] for c in changes} == {"property-removed"}
    assert all(c["breaking"] for c in changes)
    assert {c["operation"]["sdk"] for c in changes if c["operation"]} == MODEL_RESPONSES
    assert [c["where"] for c in changes if c["operation"] is None] == ["component Model $.name"]
    assert {c["old_pointer"] for c in changes} == {"/components/schemas/Model/properties/name"}
    listed = next(c for c in changes if c["operation"] and c["operation"]["sdk"] == "models.list")
    assert listed["where"] == "response 200 $.models[].name"
    assert listed["operation"] == {"method": "GET", "path": "/models", "sdk": "models.list"}


def test_response_property_added_is_not_breaking(
    cli: Cli, tmp_path: Path, spec: dict[str, Any]
) -> None:
    def edit(doc: dict[str, Any]) -> None:
        _schemas(doc)["Model"]["properties"]["colour"] = {"type": "string", "description": "New."}

    code, changes = _diff(cli, tmp_path, spec, edit)
    assert code == 0
    assert {c["kind"] for c in changes} == {"property-added-optional"}
    assert len(changes) == len(MODEL_RESPONSES) + 1


def test_request_field_made_required_is_breaking(
    cli: Cli, tmp_path: Path, spec: dict[str, Any]
) -> None:
    def edit(doc: dict[str, Any]) -> None:
        params = _schemas(doc)["ModelUpdateParams"]
        params["required"] = [*params.get("required", []), "name"]

    code, changes = _diff(cli, tmp_path, spec, edit)
    assert code == 1
    assert _where(changes) == {
        ("models.update", "request body $.name", "required-added", "breaking"),
        (None, "component ModelUpdateParams $.name", "required-added", "breaking"),
    }


def test_request_enum_value_removed_is_breaking(
    cli: Cli, tmp_path: Path, spec: dict[str, Any]
) -> None:
    def edit(doc: dict[str, Any]) -> None:
        enum = _schemas(doc)["ModelListParamsSortDirection"]["enum"]
        enum.remove("desc")

    code, changes = _diff(cli, tmp_path, spec, edit)
    assert code == 1
    assert (
        "models.list",
        "query parameter sortDirection",
        "enum-value-removed",
        "breaking",
    ) in _where(changes)
    assert (
        None,
        "component ModelListParamsSortDirection",
        "enum-value-removed",
        "breaking",
    ) in _where(changes)


def test_response_enum_value_added_is_breaking_for_strict_validators(
    cli: Cli, tmp_path: Path, spec: dict[str, Any]
) -> None:
    code, changes = _diff(
        cli, tmp_path, spec, lambda d: _schemas(d)["ModelStatus"]["enum"].append("archived")
    )
    assert code == 1
    assert {c["kind"] for c in changes} == {"enum-value-added"}
    assert {c["operation"]["sdk"] for c in changes if c["operation"]} == MODEL_RESPONSES
    assert all("strict validators" in c["reason"] for c in changes)


def test_request_bound_tightened_is_breaking(
    cli: Cli, tmp_path: Path, spec: dict[str, Any]
) -> None:
    def edit(doc: dict[str, Any]) -> None:
        _schemas(doc)["ModelListParams"]["properties"]["pageSize"]["maximum"] = 50

    code, changes = _diff(cli, tmp_path, spec, edit)
    assert code == 1
    assert _where(changes) == {
        ("models.list", "query parameter pageSize", "bound-tightened", "breaking"),
        (None, "component ModelListParams $.pageSize", "bound-tightened", "breaking"),
    }
    pointer = "/components/schemas/ModelListParams/properties/pageSize/maximum"
    assert {(c["old_pointer"], c["new_pointer"]) for c in changes} == {(pointer, pointer)}


def test_type_changed_is_breaking(cli: Cli, tmp_path: Path, spec: dict[str, Any]) -> None:
    def edit(doc: dict[str, Any]) -> None:
        _schemas(doc)["Model"]["properties"]["trainingImagesNumber"]["type"] = "string"

    code, changes = _diff(cli, tmp_path, spec, edit)
    assert code == 1
    assert {c["kind"] for c in changes} == {"type-changed"}
    assert len(changes) == len(MODEL_RESPONSES) + 1


def test_sdk_method_renamed_is_breaking(cli: Cli, tmp_path: Path, spec: dict[str, Any]) -> None:
    code, changes = _diff(
        cli, tmp_path, spec, lambda d: _operation(d, "models.list").update({"x-sdk-method": "all"})
    )
    assert code == 1
    assert _where(changes) == {("models.all", "operation", "sdk-method-renamed", "breaking")}


def test_operation_removed_is_breaking(cli: Cli, tmp_path: Path, spec: dict[str, Any]) -> None:
    def edit(doc: dict[str, Any]) -> None:
        path = _path_of(doc, "models.train.action")
        doc["paths"].pop(path)

    code, changes = _diff(cli, tmp_path, spec, edit)
    assert code == 1
    assert _where(changes) == {
        ("models.train.action", "operation", "operation-removed", "breaking")
    }


def test_path_renamed_is_breaking(cli: Cli, tmp_path: Path, spec: dict[str, Any]) -> None:
    old_path = _path_of(spec, "models.train.action")
    new_path = old_path.replace("/train/", "/training/")

    def edit(doc: dict[str, Any]) -> None:
        doc["paths"][new_path] = doc["paths"].pop(old_path)

    code, changes = _diff(cli, tmp_path, spec, edit)
    assert code == 1
    (change,) = changes
    assert (change["kind"], change["message"]) == ("path-renamed", f"path {old_path} -> {new_path}")
