"""spec/openapi.yaml is a valid OpenAPI 3.1 document and follows the project's spec conventions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from pydantic import StringConstraints, TypeAdapter

OPERATIONS = ("models.list", "models.update", "models.train.trigger", "models.train.action")
REQUEST_SCHEMAS = (
    "ModelUpdateParams",
    "ModelUpdateParamsConcept",
    "ModelUpdateParamsParameters",
    "TrainActionParams",
    "TrainTriggerParams",
    "ModelListParams",
)
EXPECTED_OPERATIONS = {
    "models.list": ("/models", "get", "listModels"),
    "models.update": ("/models/{modelId}", "put", "updateModel"),
    "models.train.trigger": ("/models/{modelId}/train", "put", "triggerModelTraining"),
    "models.train.action": ("/models/{modelId}/train/action", "post", "modelTrainingAction"),
}


def schema_nodes(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object below a schema (properties, items, additionalProperties, combinators)."""
    if not isinstance(node, dict):
        return
    yield where, node
    for name, prop in node.get("properties", {}).items():
        yield from schema_nodes(prop, f"{where}/properties/{name}")
    for key in ("items", "additionalProperties", "not"):
        if isinstance(node.get(key), dict):
            yield from schema_nodes(node[key], f"{where}/{key}")
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for i, sub in enumerate(node.get(key, [])):
            yield from schema_nodes(sub, f"{where}/{key}/{i}")


def all_schema_nodes(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, schema in doc["components"]["schemas"].items():
        yield from schema_nodes(schema, f"#/components/schemas/{name}")
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method == "parameters":
                continue
            for i, p in enumerate([*item.get("parameters", []), *op.get("parameters", [])]):
                if "schema" in p:
                    yield from schema_nodes(p["schema"], f"{path} {method} parameters/{i}")
            body = op.get("requestBody", {})
            for mt, media in body.get("content", {}).items():
                yield from schema_nodes(media.get("schema"), f"{path} {method} requestBody {mt}")
            for code, resp in op["responses"].items():
                for mt, media in resp.get("content", {}).items():
                    yield from schema_nodes(media.get("schema"), f"{path} {method} {code} {mt}")
    for name, param in doc["components"].get("parameters", {}).items():
        yield from schema_nodes(param.get("schema"), f"#/components/parameters/{name}")
    for name, resp in doc["components"].get("responses", {}).items():
        for mt, media in resp.get("content", {}).items():
            yield from schema_nodes(media.get("schema"), f"#/components/responses/{name} {mt}")


def test_openapi_31_valid(spec_doc: dict[str, Any]) -> None:
    assert spec_doc["openapi"] == "3.1.0"
    validate(spec_doc, cls=OpenAPIV31SpecValidator)


def test_info_servers_security_schemes(spec_doc: dict[str, Any]) -> None:
    assert spec_doc["info"]["x-sdk-client-name"] == "Scenario"
    assert spec_doc["info"]["description"].strip()
    assert [s["url"] for s in spec_doc["servers"]] == ["https://api.cloud.scenario.com/v1"]
    schemes = spec_doc["components"]["securitySchemes"]
    assert schemes["basicAuth"]["type"] == "http"
    assert schemes["basicAuth"]["scheme"] == "basic"
    assert "API key" in schemes["basicAuth"]["description"]
    assert "API secret" in schemes["basicAuth"]["description"]
    public = schemes["publicAuth"]
    assert (public["type"], public["in"], public["name"]) == ("apiKey", "header", "Authorization")
    assert public["x-sdk-value"] == "public-auth-token"


@pytest.mark.parametrize("sdk_name", OPERATIONS)
def test_operation_metadata(walker: Any, sdk_name: str) -> None:
    path, method, operation_id = EXPECTED_OPERATIONS[sdk_name]
    op = walker.doc["paths"][path][method]
    resource, _, sdk_method = sdk_name.rpartition(".")
    assert op["operationId"] == operation_id
    assert (op["x-sdk-resource"], op["x-sdk-method"]) == (resource, sdk_method)
    for key in ("summary", "description"):
        assert op[key].strip(), key
    assert op["tags"]
    assert {"200", "4XX", "5XX"} <= set(op["responses"])
    for code in ("4XX", "5XX"):
        resp = walker.resolve(op["responses"][code])
        assert resp["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    expected_security: list[dict[str, list[str]]] = [{"basicAuth": []}]
    if sdk_name == "models.list":
        expected_security.append({"publicAuth": []})
        assert op["x-sdk-pagination"] == {
            "cursorParam": "paginationToken",
            "nextCursorField": "nextPaginationToken",
            "itemsField": "models",
        }
    else:
        assert "x-sdk-pagination" not in op
    assert op["security"] == expected_security


def test_only_the_four_operations(walker: Any) -> None:
    names = [name for name, *_ in walker.operations()]
    assert sorted(names) == sorted(OPERATIONS)
    ids = [op["operationId"] for _, _, _, op, _ in walker.operations()]
    assert len(ids) == len(set(ids))


def test_every_schema_property_and_parameter_is_described(
    spec_doc: dict[str, Any], walker: Any
) -> None:
    missing = []
    for name, schema in spec_doc["components"]["schemas"].items():
        if not str(schema.get("description", "")).strip():
            missing.append(f"#/components/schemas/{name}")
    for where, node in all_schema_nodes(spec_doc):
        for prop_name, prop in node.get("properties", {}).items():
            if not str(prop.get("description", "")).strip():
                missing.append(f"{where}/properties/{prop_name}")
    for sdk_name in OPERATIONS:
        for param in walker.parameters(sdk_name):
            if not str(param.get("description", "")).strip():
                missing.append(f"{sdk_name} parameter {param['name']}")
    assert not missing, "missing descriptions:\n" + "\n".join(missing)


def test_no_inline_objects(spec_doc: dict[str, Any]) -> None:
    """Object types are named components (the code generator would name inline ones Type1, Type2...)."""
    component_roots = {f"#/components/schemas/{n}" for n in spec_doc["components"]["schemas"]}
    inline = [
        where
        for where, node in all_schema_nodes(spec_doc)
        if where not in component_roots
        and (
            "properties" in node
            or (node.get("type") == "object" and "additionalProperties" not in node)
        )
    ]
    assert not inline, "inline object schemas:\n" + "\n".join(inline)


def test_enums_are_named_and_not_copied(spec_doc: dict[str, Any]) -> None:
    component_roots = {f"#/components/schemas/{n}" for n in spec_doc["components"]["schemas"]}
    inline = [
        where
        for where, node in all_schema_nodes(spec_doc)
        if where not in component_roots and len(node.get("enum", [])) > 1
    ]
    assert not inline, "multi-value enums must be named components:\n" + "\n".join(inline)
    seen: dict[frozenset[str], str] = {}
    for name, schema in spec_doc["components"]["schemas"].items():
        if "enum" in schema:
            values = frozenset(map(repr, schema["enum"]))
            assert len(values) == len(schema["enum"]), f"{name}: duplicate values"
            assert values not in seen, f"{name} copies the enum of {seen[values]}"
            seen[values] = name


def test_no_date_time_format_and_patterns_accepted(spec_doc: dict[str, Any]) -> None:
    for where, node in all_schema_nodes(spec_doc):
        assert node.get("format") != "date-time", f"{where}: dates stay plain strings"
        if "pattern" in node:
            re.compile(node["pattern"])
            # pydantic v2 validates patterns with its own (Rust) engine: it must accept it too
            TypeAdapter(Annotated[str, StringConstraints(pattern=node["pattern"])])


def test_request_schemas_closed_response_schemas_open(walker: Any) -> None:
    schemas = walker.doc["components"]["schemas"]
    for name in REQUEST_SCHEMAS:
        assert schemas[name]["additionalProperties"] is False, name

    def reachable(node: Any, acc: set[str]) -> set[str]:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.split("/")[3]
                if name not in acc:
                    acc.add(name)
                    reachable(schemas[name], acc)
            for value in node.values():
                reachable(value, acc)
        elif isinstance(node, list):
            for value in node:
                reachable(value, acc)
        return acc

    response_side: set[str] = set()
    for sdk_name in OPERATIONS:
        reachable(walker.response_schema(sdk_name), response_side)
    reachable({"$ref": "#/components/schemas/Error"}, response_side)
    assert not response_side & set(REQUEST_SCHEMAS)
    closed = [n for n in response_side if schemas[n].get("additionalProperties") is False]
    assert not closed, f"response schemas must stay open: {closed}"


def test_list_query_parameters_reference_model_list_params(walker: Any) -> None:
    params = walker.doc["components"]["schemas"]["ModelListParams"]["properties"]
    op, _ = walker.operation("models.list")
    names = []
    for param in op["parameters"]:
        name = param["name"]
        names.append(name)
        assert param["in"] == "query"
        assert param.get("required", False) is False
        assert param["schema"] == {
            "$ref": f"#/components/schemas/ModelListParams/properties/{name}"
        }
        assert param["description"] == params[name]["description"], name
        if walker.field_type(param["schema"]).startswith("array"):
            assert (param["style"], param["explode"]) == ("form", False), name
    assert names == list(params)
    assert len(names) == 18


def test_request_bodies(walker: Any) -> None:
    expected = {
        "models.update": ("ModelUpdateParams", True),
        "models.train.trigger": ("TrainTriggerParams", False),
        "models.train.action": ("TrainActionParams", True),
    }
    for sdk_name, (schema_name, required) in expected.items():
        op, _ = walker.operation(sdk_name)
        body = op["requestBody"]
        assert body["required"] is required, sdk_name
        assert body["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{schema_name}"
        }
    trigger = walker.doc["components"]["schemas"]["TrainTriggerParams"]
    assert trigger["properties"] == {}
    assert "requestBody" not in walker.operation("models.list")[0]


def test_curation_ids_match_readme(spec_doc: dict[str, Any], readme_text: str) -> None:
    """Every x-curation note names decisions of the README table, and every decision is used."""
    notes: list[str] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "x-curation":
                    notes.append(value)
                else:
                    collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(spec_doc)
    used = {m for note in notes for m in re.findall(r"\bC\d{2}\b(?=:)", note)}
    table = set(re.findall(r"^\|\s*(C\d{2})\s*\|", readme_text, flags=re.MULTILINE))
    assert used, "no x-curation notes found"
    assert used == table, (
        f"in spec only: {sorted(used - table)}; in README only: {sorted(table - used)}"
    )
