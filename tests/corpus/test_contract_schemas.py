"""The contract check's spec reading: converted schemas and minimal values, checked by jsonschema."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from benchmarks.corpus import contract
from benchmarks.corpus.contract import schemas

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "servers": [{"url": "https://api.example.com/v2"}],
    "paths": {
        "/pets": {
            "parameters": [{"$ref": "#/components/parameters/Limit"}],
            "get": {
                "parameters": [{"name": "limit", "in": "query", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}},
            },
        },
        "/pets/{id}": {"delete": {"responses": {"204": {"description": "gone"}}}},
        "/pets/mine": {"get": {"responses": {"default": {"description": "x"}}}},
    },
    "components": {
        "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "string"}}},
        "schemas": {
            "Page": {"type": "object", "required": ["items", "next"],
                     "properties": {"items": {"type": "array", "minItems": 2, "items": {"$ref": "#/components/schemas/Pet"}},
                                    "next": {"type": "string", "nullable": True}}},
            "Pet": {"type": "object", "required": ["id", "name", "kind", "born"],
                    "properties": {"id": {"type": "integer", "minimum": 5, "readOnly": True},
                                   "name": {"type": "string", "minLength": 3},
                                   "kind": {"oneOf": [{"type": "string", "enum": ["cat", "dog"]}, {"type": "integer"}]},
                                   "born": {"type": "string", "format": "date-time"},
                                   "tree": {"$ref": "#/components/schemas/Tree"}},
                    "example": {"id": "not checked"}, "x-vendor": 1},
            "Tree": {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Tree"}}},
            "Both": {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "required": ["age"], "properties": {"age": {"type": "number", "exclusiveMinimum": 0}}}]},
        },
    },
}  # fmt: skip


@pytest.mark.parametrize("name", ["Page", "Pet", "Tree", "Both"])
def test_minimal_instances_validate_against_the_converted_response_schema(name: str) -> None:
    ref = {"$ref": f"#/components/schemas/{name}"}
    converted = schemas.to_json_schema(SPEC, ref, for_request=False)
    jsonschema.Draft7Validator.check_schema(converted)
    value = schemas.minimal_instance(SPEC, ref)
    jsonschema.validate(value, converted, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def test_conversion_inlines_refs_turns_nullable_into_null_and_drops_annotations() -> None:
    page = schemas.to_json_schema(SPEC, {"$ref": "#/components/schemas/Page"}, for_request=False)
    assert "$ref" not in repr(page.get("properties", {}).get("items"))
    pets = [{"id": 5, "name": "Rex", "kind": 1, "born": "x"}] * 2
    jsonschema.validate({"items": pets, "next": None}, page)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"items": pets, "next": 3}, page)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"items": pets[:1], "next": None}, page)
    pet = schemas.to_json_schema(SPEC, {"$ref": "#/components/schemas/Pet"})
    assert "example" not in pet
    assert "x-vendor" not in pet


def test_a_request_schema_leaves_read_only_properties_out() -> None:
    pet = schemas.to_json_schema(SPEC, {"$ref": "#/components/schemas/Pet"})
    assert "id" not in pet["properties"]
    assert "id" not in pet["required"]
    jsonschema.validate({"name": "Rex", "kind": "dog", "born": "x"}, pet)


def test_recursion_is_cut_not_followed_and_the_cut_is_a_valid_constant() -> None:
    tree = schemas.to_json_schema(SPEC, {"$ref": "#/components/schemas/Tree"})
    depth = 0
    node = tree
    while node.get("properties", {}).get("child"):
        node = node["properties"]["child"]
        depth += 1
    assert depth == schemas.MAX_DEPTH
    assert node == {"const": {}}
    page = schemas.to_json_schema(SPEC, {"$ref": "#/components/schemas/Page"}, for_request=False)
    raw = {"$ref": "#/components/schemas/Page"}
    jsonschema.validate(schemas.minimal_instance(SPEC, raw), page)


def test_operations_parameters_and_responses() -> None:
    found = schemas.find_operation(SPEC, "GET", "/pets")
    assert found is not None
    item, operation = found
    params = schemas.parameters(SPEC, item, operation)
    assert list(params) == [("query", "limit")]
    assert params[("query", "limit")]["schema"] == {"type": "integer"}  # the operation's wins
    assert schemas.success_response(SPEC, operation) == (200, {"$ref": "#/components/schemas/Page"})
    gone = schemas.find_operation(SPEC, "delete", "/pets/{id}")
    assert gone is not None
    assert schemas.success_response(SPEC, gone[1]) == (204, None)
    assert schemas.find_operation(SPEC, "put", "/pets") is None


def test_request_paths_match_templates_literal_first() -> None:
    assert schemas.match_path(SPEC, "GET", "/pets") == "/pets"
    assert schemas.match_path(SPEC, "DELETE", "/pets/7") == "/pets/{id}"
    assert schemas.match_path(SPEC, "GET", "/pets/mine") == "/pets/mine"
    assert schemas.match_path(SPEC, "GET", "/pets/7") is None  # no GET on /pets/{id}
    assert schemas.match_path(SPEC, "GET", "/dogs") is None


def test_summary_of_the_driver_and_server_logs_joined_by_call_id() -> None:
    calls = [
        {
            "method_name": "Pets.list",
            "operation": "listPets",
            "call": "listPets|None|0|sync",
            "flavour": "sync",
            "kind": None,
            "error": "",
            "invalid": [],
        },
        {
            "method_name": "Pets.list",
            "operation": "listPets",
            "call": "listPets|None|0|async",
            "flavour": "async",
            "kind": None,
            "error": "ValidationError: 1 validation error for Page",
            "invalid": [],
        },
        {
            "method_name": "Pets.delete",
            "operation": "deletePet",
            "call": "deletePet|None|0|sync",
            "flavour": "sync",
            "kind": None,
            "error": "",
            "invalid": [],
        },
        {
            "method_name": "Pets.add",
            "operation": "addPet",
            "call": "addPet|application/json|0|sync",
            "flavour": "sync",
            "kind": "json-fields",
            "error": "ValidationError: name",
            "invalid": [],
        },
        {
            "method_name": "Pets.odd",
            "operation": None,
            "called": False,
            "error": "LookupError: no OperationSpec",
        },
        {"meta": "a sample of 4 of 9 methods"},
    ]
    requests = [
        {"call": "listPets|None|0|sync", "accepted": True, "error": ""},
        {"call": "listPets|None|0|async", "accepted": True, "error": "", "response_error": ""},
        {"call": "deletePet|None|0|sync", "accepted": False, "error": "PathNotFound: /v2/pets/"},
    ]
    result = contract.summarize(calls, requests)
    assert (result.methods, result.called, result.calls, result.async_calls) == (4, 3, 4, 1)
    assert (result.requests, result.accepted, result.responses, result.parsed) == (3, 2, 3, 2)
    assert result.kinds == ["json-fields"]
    assert result.note == "a sample of 4 of 9 methods"
    stages = sorted((f["operation"], f["stage"], f["cause"]) for f in result.findings)
    assert stages == [
        ("", "client", "unclassified"),
        ("addPet", "client", "ours"),
        ("deletePet", "request", "harness"),
        ("listPets", "response", "ours"),
    ]
    assert result.mismatches == ["deletePet: PathNotFound: /v2/pets/"]


def test_an_integer_format_becomes_bounds_a_generator_honours() -> None:
    converted = schemas.to_json_schema(SPEC, {"type": "integer", "format": "int32", "minimum": 0})
    jsonschema.validate(2**31 - 1, converted)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(2**31, converted)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(-1, converted)  # the spec's own bound kept


def test_required_names_without_a_property_are_found_inside_the_body() -> None:
    spec = {"components": {"schemas": {
        "Lock": {"type": "object", "required": ["type"], "properties": {"access": {"type": "string"}}},
        "Base": {"type": "object", "properties": {"name": {"type": "string"}}},
        "File": {"allOf": [{"$ref": "#/components/schemas/Base"}], "required": ["name", "size"],
                 "properties": {"lock": {"$ref": "#/components/schemas/Lock"}}},
    }}}  # fmt: skip
    assert schemas.undefined_required(spec, {"$ref": "#/components/schemas/File"}) == [
        "size",
        "type",
    ]


def test_nullable_admits_null_in_3_0_only() -> None:
    schema = {"type": "string", "nullable": True}
    jsonschema.validate(None, schemas.to_json_schema({"openapi": "3.0.3"}, schema))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(None, schemas.to_json_schema({"openapi": "3.1.0"}, schema))
    uuid = schemas.to_json_schema({"openapi": "3.0.3"}, {"type": "string", "format": "uuid"})
    jsonschema.validate("123e4567-e89b-12d3-a456-426614174000", uuid)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("0", uuid)


def test_a_nullable_enum_admits_null_only_when_it_lists_it() -> None:
    closed = schemas.to_json_schema(
        {"openapi": "3.0.3"}, {"type": "string", "enum": ["a"], "nullable": True}
    )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(None, closed)
    listed = {"type": "string", "enum": ["a", None], "nullable": True}
    jsonschema.validate(None, schemas.to_json_schema({"openapi": "3.0.3"}, listed))


def test_a_reference_into_another_operation_s_parameter_list_is_followed() -> None:
    # DigitalOcean's parameters point into other operations' lists, percent-encoded
    spec = {"paths": {"/v2/images/{image_id}": {"put": {"parameters": [
        {"name": "image_id", "in": "path", "required": True, "schema": {"type": "integer"}}]}}}}  # fmt: skip
    ref = {"$ref": "#/paths/~1v2~1images~1%7Bimage_id%7D/put/parameters/0"}
    assert schemas.deref(spec, ref)["name"] == "image_id"
    assert (
        schemas.deref(spec, {"$ref": "#/paths/~1v2~1images~1%7Bimage_id%7D/put/parameters/1"}) == {}
    )


WILDCARD_SPEC: dict[str, Any] = {
    "paths": {
        "/options": {
            "post": {
                "requestBody": {"$ref": "#/components/requestBodies/Options"},
                "responses": {"204": {"description": "done"}},
            },
            "put": {
                "requestBody": {
                    "content": {"application/json": {"schema": {"type": "array"}}, "*/*": {}}
                },
                "responses": {"204": {"description": "done"}},
            },
        },
    },
    "components": {
        "requestBodies": {
            "Options": {"content": {"*/*": {"schema": {"type": "object", "required": ["a"]}}}}
        }
    },
}


def test_a_request_media_type_is_found_under_the_range_that_covers_it() -> None:
    content = WILDCARD_SPEC["components"]["requestBodies"]["Options"]["content"]
    assert schemas.media_entry(content, "application/json") is content["*/*"]
    assert schemas.media_entry({"image/*": {}}, "application/json") is None


def test_json_is_named_beside_a_request_range_for_openapi_core() -> None:
    before = repr(WILDCARD_SPEC)
    out = schemas.json_beside_ranges(WILDCARD_SPEC)
    post = out["paths"]["/options"]["post"]["requestBody"]["content"]
    assert (
        post["application/json"] == post["*/*"] == {"schema": {"type": "object", "required": ["a"]}}
    )
    put = out["paths"]["/options"]["put"]["requestBody"]["content"]
    assert put == WILDCARD_SPEC["paths"]["/options"]["put"]["requestBody"]["content"]
    assert repr(WILDCARD_SPEC) == before  # the input is not changed


def test_a_read_only_name_of_a_sibling_all_of_part_is_not_required_in_a_request() -> None:
    schema = {"allOf": [{"type": "object", "properties": {"id": {"type": "string", "readOnly": True}}},
                        {"type": "object", "required": ["id", "name"], "properties": {"size": {"type": "integer"}}}]}  # fmt: skip
    converted = schemas.to_json_schema({}, schema)
    jsonschema.validate({"name": 1}, converted)  # `name`: required beside the part, any value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"size": 1}, converted)


def test_a_template_fragment_is_not_part_of_the_path_and_the_query_picks_among_them() -> None:
    # APIs.guru's S3: operations on one path told apart by a query named after `#`
    ok = {"responses": {"200": {"description": "ok"}}}
    spec = {
        "paths": {
            "/{Bucket}/{Key}": {"post": ok},
            "/{Bucket}/{Key}#uploads": {"post": ok},
            "/{Bucket}/{Key}#select&select-type=2": {"post": ok},
            "/WriteGetObjectResponse#x-amz-request-route&x-amz-request-token": {"post": ok},
        }
    }
    assert schemas.match_path(spec, "POST", "/b/k", "uploads=") == "/{Bucket}/{Key}#uploads"
    assert (
        schemas.match_path(spec, "POST", "/b/k", "select=&select-type=2")
        == "/{Bucket}/{Key}#select&select-type=2"
    )
    assert schemas.match_path(spec, "POST", "/b/k", "other=1") == "/{Bucket}/{Key}"
    assert (
        schemas.match_path(spec, "POST", "/WriteGetObjectResponse")
        == "/WriteGetObjectResponse#x-amz-request-route&x-amz-request-token"
    )


def test_a_fragment_told_by_a_header_picks_its_template() -> None:
    # S3's CopyObject: `/{Bucket}/{Key}#x-amz-copy-source`, a header, beside PutObject's path
    ok = {"responses": {"200": {"description": "ok"}}}
    spec = {
        "paths": {"/{Bucket}/{Key}": {"put": ok}, "/{Bucket}/{Key}#x-amz-copy-source": {"put": ok}}
    }
    found = schemas.match_path(spec, "PUT", "/b/k", "", ["Host", "X-Amz-Copy-Source"])
    assert found == "/{Bucket}/{Key}#x-amz-copy-source"
    assert schemas.match_path(spec, "PUT", "/b/k", "", ["Host"]) == "/{Bucket}/{Key}"


def test_a_fragment_becomes_a_literal_segment_for_openapi_core() -> None:
    assert schemas.fragment_route("/{Bucket}/{Key}#uploads") == "/{Bucket}/{Key}/.fragment(uploads)"
    assert (
        schemas.fragment_route("/{Bucket}#select&select-type=2")
        == "/{Bucket}/.fragment(select%26select-type%3D2)"
    )
    assert schemas.fragment_route("/pets/{id}") == "/pets/{id}"
    # the concrete path the server hands openapi-core ends in the same literal segment
    template = "/{Bucket}#select&select-type=2"
    routed = schemas.routed_path("/v1/b", template)
    assert routed == "/v1/b/.fragment(select%26select-type%3D2)"
    assert routed.endswith(schemas.fragment_route(template).removeprefix("/{Bucket}"))
    assert schemas.routed_path("/v1/b/k", "/{Bucket}/{Key}") == "/v1/b/k"
    spec = {"paths": {"/{Bucket}#tagging": {}, "/{Bucket}": {}}}
    assert list(schemas.fragment_routes(spec)["paths"]) == [
        "/{Bucket}/.fragment(tagging)",
        "/{Bucket}",
    ]


def test_a_property_read_only_in_an_all_of_part_is_left_out_of_a_request() -> None:
    # DigitalOcean's database cluster: `connection: {allOf: [{...}, {readOnly: true}]}`
    spec = {
        "components": {"schemas": {"Conn": {"allOf": [{"type": "object"}, {"readOnly": True}]}}}
    }
    schema = {"type": "object", "required": ["name", "connection"],
              "properties": {"name": {"type": "string"}, "connection": {"$ref": "#/components/schemas/Conn"}}}  # fmt: skip
    converted = schemas.to_json_schema(spec, schema)
    assert set(converted["properties"]) == {"name"}
    assert converted["required"] == ["name"]
    assert "connection" in schemas.to_json_schema(spec, schema, for_request=False)["properties"]


def test_of_two_templates_a_path_fits_the_one_with_more_literal_text_wins() -> None:
    # Clever Cloud: /self/payments/billings/{bid}.pdf beside /self/payments/billings/{bid}
    ok = {"responses": {"200": {"description": "ok"}}}
    spec = {"paths": {"/billings/{bid}": {"get": ok}, "/billings/{bid}.pdf": {"get": ok}}}
    assert schemas.match_path(spec, "GET", "/billings/b1.pdf") == "/billings/{bid}.pdf"
    assert schemas.match_path(spec, "GET", "/billings/b1") == "/billings/{bid}"
    assert schemas.template_matches("/a/{x}#frag", "/a/b")
    assert not schemas.template_matches("/a/{x}", "/a/b/c")
