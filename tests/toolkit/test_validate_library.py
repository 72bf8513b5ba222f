"""The library entry point copied into generated packages (``<package>._validate``).

Tested through a real generation of tests/toolkit/specs/shop.yaml, imported
the way the package imports it (``.types`` relative to ``_validate``).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.toolkit.package import GeneratedPackage, generated_package
from tests.toolkit.conftest import SPECS

SHOP = SPECS / "shop.yaml"
ITEM: dict[str, Any] = {"id": "i1", "price": 10, "color": "red"}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> GeneratedPackage:
    return generated_package(SHOP, tmp_path_factory.mktemp("unused"), "shop_sdk")


@pytest.fixture(scope="module")
def lib(package: GeneratedPackage) -> ModuleType:
    return package.module("_validate")


def test_the_runtime_module_is_copied_into_the_package(package: GeneratedPackage) -> None:
    copied = (package.folder / "shop_sdk" / "_validate.py").read_text(encoding="utf-8")
    source = Path(__file__).parents[2] / "generator" / "runtime" / "_validate.py"
    assert copied.endswith(source.read_text(encoding="utf-8"))


def test_validate_by_name_against_the_package_types(lib: ModuleType) -> None:
    assert lib.validate("Item", ITEM) == []
    errors = lib.validate("Item", {**ITEM, "dimensions": {"width": 0}, "price": "1"})
    assert [dataclasses.asdict(e) for e in errors] == [
        {
            "path": "$.price",
            "rule": "type",
            "message": '"1" is not of type number',
            "value": '"1"',
            "line": None,
            "column": None,
        },
        {
            "path": "$.dimensions.width",
            "rule": "minimum",
            "message": "0 is less than the minimum 1",
            "value": "0",
            "line": None,
            "column": None,
        },
    ]
    assert errors[0].as_dict() == dataclasses.asdict(errors[0])


def test_validate_json_takes_text_or_bytes(lib: ModuleType) -> None:
    assert lib.validate_json("Item", b'{"id": "a", "price": 1, "color": "blue"}') == []
    (error,) = lib.validate_json("Item", '{"id": "a",\n "price": }')
    assert (error.rule, error.line, error.column) == ("json", 2, 11)


def test_null_in_optional_fields_follows_the_table(
    package: GeneratedPackage, lib: ModuleType
) -> None:
    types_module = package.module("types")
    payload = {**ITEM, "label": None}
    # the generated types module carries the spec's table: null only where the spec allows it
    assert "label" in types_module.__non_nullable__["Item"]
    assert [e.path for e in lib.validate("Item", payload)] == ["$.label"]
    assert lib.validate("Item", {**ITEM, "nickname": None}) == []
    # without the schema table (which knows nullability exactly), an explicit empty
    # table gives pydantic's own semantics: null accepted in every optional field
    assert lib.Validator(types_module, non_nullable={}, schemas={}).validate("Item", payload) == []
    # an explicit table replaces the module's
    custom = lib.Validator(types_module, non_nullable={"Item": ["nickname"]}, schemas={})
    assert [e.path for e in custom.validate("Item", {**ITEM, "nickname": None})] == ["$.nickname"]
    assert custom.validate("Item", payload) == []


def test_types_module_without_a_table_accepts_null_like_pydantic(
    package: GeneratedPackage, lib: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    types_module = package.module("types")
    monkeypatch.delattr(types_module, "__non_nullable__")
    monkeypatch.delattr(types_module, "__schemas__")
    assert lib.Validator(types_module).validate("Item", {**ITEM, "label": None}) == []


def test_unknown_name_raises_a_key_error_with_close_matches(lib: ModuleType) -> None:
    with pytest.raises(KeyError, match=r"no schema named 'Iten'; did you mean Item") as raised:
        lib.validate("Iten", ITEM)
    assert isinstance(raised.value, lib.UnknownSchemaError)
    assert "Item" in raised.value.close


def test_names_are_the_models_and_aliases_of_the_types_module(lib: ModuleType) -> None:
    names = lib.Validator().names()
    assert {"Item", "ItemUpdate", "Dimensions", "Color", "CreateOrderBody"} <= set(names)
    assert "BaseModel" not in names


def test_a_type_object_is_accepted_instead_of_a_name(
    package: GeneratedPackage, lib: ModuleType
) -> None:
    item = package.module("types").Item
    errors = lib.Validator().validate(list[item], [ITEM, {**ITEM, "id": None}])
    assert [(e.path, e.rule) for e in errors] == [("$[1].id", "type")]


def test_data_that_is_not_json_is_an_error_not_an_exception(lib: ModuleType) -> None:
    (error,) = lib.validate("Item", {"id": {1, 2}})
    assert error.rule == "json"
    assert error.path == "$"
