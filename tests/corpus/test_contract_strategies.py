"""What the contract check draws for a call: argument schemas from a small spec, checked with jsonschema."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from benchmarks.corpus.contract import strategies
from benchmarks.corpus.contract.strategies import Operation, Param

NAME = {"type": "string", "maxLength": 12}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "paths": {
        "/items/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "post": {
                "parameters": [
                    {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}},
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    {"name": "open", "in": "query", "allowEmptyValue": True, "schema": {"type": "string"}},
                    {"name": "X-Tag", "in": "header", "schema": {"type": "string"}},
                    {"name": "filter", "in": "query", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
                ],
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Item"}},
                    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "more": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "name": NAME}}},
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                }},
                "responses": {"204": {"description": "ok"}},
            },
        },
    },
    "components": {"schemas": {
        "Base": {"type": "object", "required": ["name"], "properties": {"name": NAME}},
        "Item": {"allOf": [{"$ref": "#/components/schemas/Base"},
                           {"type": "object", "properties": {"size": {"type": "integer", "maximum": 9}}}]},
    }},
}  # fmt: skip

OP = Operation(
    method="POST",
    path="/items/{id}",
    params=(Param("id", "id", "path"), Param("q", "q", "query"), Param("page", "page", "query"),
            Param("open", "open", "query"), Param("x_tag", "X-Tag", "header"), Param("filter", "filter", "query")),
    body_kind="json-fields",
    body_media_type="application/json",
    body_media_types={"multipart/form-data": "multipart", "application/json": "json-fields"},
    body_fields={"name": "name", "size": "size", "file": "file", "more": "more"},
    has_body=True,
)  # fmt: skip


def test_every_media_type_the_method_sends_the_default_first() -> None:
    assert strategies.body_media(OP) == [
        ("application/json", "json-fields"),
        ("multipart/form-data", "multipart"),
    ]
    assert strategies.body_media(Operation(method="GET", path="/items/{id}")) == []


def test_required_arguments_are_required_and_optional_ones_are_offered() -> None:
    plan = strategies.plan(SPEC, OP, ("application/json", "json-fields"))
    schema = plan.schema
    assert schema["additionalProperties"] is False
    assert sorted(schema["required"]) == [
        "id",
        "name",
        "q",
    ]  # the path, the required query, allOf's name
    assert {"page", "open", "x_tag", "filter", "size"} <= set(schema["properties"])
    assert not plan.content_type_argument
    multipart = strategies.plan(SPEC, OP, ("multipart/form-data", "multipart"))
    assert sorted(multipart.schema["required"]) == ["file", "id", "q"]
    assert multipart.files == ["file", "more"]
    assert multipart.content_type_argument


@given(st.data())
def test_drawn_arguments_validate_against_the_specs_own_schemas(data: st.DataObject) -> None:
    plan = strategies.plan(SPEC, OP, ("application/json", "json-fields"))
    drawn = data.draw(from_schema(plan.schema))
    jsonschema.validate(
        drawn["q"], {"type": "string", "minLength": 1}
    )  # no allowEmptyValue: not empty
    assert re.fullmatch(r"[A-Za-z0-9._~-]+", drawn["id"])
    assert drawn["id"] not in {".", ".."}  # dot segments: a server normalising the path drops them
    if "x_tag" in drawn:
        assert re.fullmatch(r"[!-~]+", drawn["x_tag"])
    if "page" in drawn:
        jsonschema.validate(drawn["page"], {"type": "integer", "minimum": 1})
    item = {"type": "object", "required": ["name"],
            "properties": {"name": NAME, "size": {"type": "integer", "maximum": 9}}}  # fmt: skip
    if "filter" in drawn:
        jsonschema.validate(drawn["filter"], item)
    jsonschema.validate({k: drawn[k] for k in ("name", "size") if k in drawn}, item)
    assert strategies.invalid_arguments(drawn, plan, jsonschema.validate) == []


def test_an_empty_value_is_drawn_where_allow_empty_value_says_so() -> None:
    plan = strategies.plan(SPEC, OP, None)
    assert "minLength" not in plan.schema["properties"]["open"]
    jsonschema.validate({"id": "a", "q": "b", "open": ""}, plan.schema)


def test_files_and_binary_bodies_become_bytes_and_tuples() -> None:
    multipart = strategies.plan(SPEC, OP, ("multipart/form-data", "multipart"))
    drawn = {"id": "a", "q": "b", "file": "xé", "more": ["1", "2"], "name": "n"}
    even = strategies.to_call(drawn, multipart, 0)
    odd = strategies.to_call(drawn, multipart, 1)
    assert even["file"] == "xé".encode()
    assert even["more"] == [b"1", b"2"]
    assert odd["file"] == ("contract.bin", "xé".encode(), "application/octet-stream")
    assert even["content_type"] == "multipart/form-data"
    assert even["name"] == "n"
    raw = Operation(method="POST", path="/items/{id}", params=(Param("id", "id", "path"),),
                    body_kind="binary", body_media_type="application/octet-stream",
                    body_fields={"body": "body"}, has_body=True)  # fmt: skip
    binary = strategies.plan(SPEC, raw, ("application/octet-stream", "binary"))
    assert binary.schema["properties"]["body"]["minLength"] == 1  # a required body is not empty
    assert strategies.to_call({"id": "a", "body": "zz"}, binary, 0) == {"id": "a", "body": b"zz"}


def test_a_drawn_value_that_breaks_its_schema_is_reported_by_argument() -> None:
    plan = strategies.plan(SPEC, OP, ("application/json", "json-fields"))
    problems = strategies.invalid_arguments({"page": 0, "q": "x"}, plan, jsonschema.validate)
    assert len(problems) == 1
    assert problems[0].startswith("page: ")


def test_a_required_array_outside_a_json_body_gets_an_item() -> None:
    spec = {"paths": {"/f": {"post": {
        "parameters": [{"name": "ids", "in": "query", "required": True, "schema": {"type": "array", "items": {"type": "integer"}}}],
        "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object", "required": ["tags"], "properties": {"tags": {"type": "array", "items": {"type": "string"}}}}}}},
        "responses": {"204": {"description": "ok"}}}}}}  # fmt: skip
    op = Operation(method="POST", path="/f", params=(Param("ids", "ids", "query"),), body_kind="form",
                   body_media_type="application/x-www-form-urlencoded", body_fields={"tags": "tags"}, has_body=True)  # fmt: skip
    plan = strategies.plan(spec, op, ("application/x-www-form-urlencoded", "form"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"ids": [], "tags": ["a"]}, plan.schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"ids": [1], "tags": []}, plan.schema)
    jsonschema.validate({"ids": [1], "tags": ["a"]}, plan.schema)


def test_a_wildcard_media_type_is_named_concretely_on_odd_draws_only() -> None:
    raw = Operation(method="POST", path="/items/{id}", params=(Param("id", "id", "path"),), body_kind="binary",
                    body_media_type="image/*", body_fields={"body": "body"}, has_body=True)  # fmt: skip
    spec = {"paths": {"/items/{id}": {"post": {"requestBody": {"content": {"image/*": {"schema": {"type": "string"}}}},
                                               "responses": {"204": {"description": "ok"}}}}}}  # fmt: skip
    plan = strategies.plan(spec, raw, ("image/*", "binary"))
    assert "content_type" not in strategies.to_call({"id": "a", "body": "x"}, plan, 0)
    assert strategies.to_call({"id": "a", "body": "x"}, plan, 1)["content_type"] == "image/png"


def test_a_read_only_body_field_is_not_drawn() -> None:
    spec = {"paths": {"/m": {"post": {
        "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {
            "id": {"type": "string", "readOnly": True}, "name": {"type": "string"}}}}}},
        "responses": {"204": {"description": "ok"}}}}}}  # fmt: skip
    op = Operation(
        method="POST", path="/m", body_fields={"id": "id", "name": "name"}, has_body=True
    )
    plan = strategies.plan(spec, op, ("application/json", "json-fields"))
    assert set(plan.schema["properties"]) == {"name"}


def test_an_untyped_header_is_drawn_as_visible_ascii() -> None:
    spec = {"paths": {"/h": {"get": {
        "parameters": [{"name": "User-Agent", "in": "header", "required": True, "schema": {"description": "x"}}],
        "responses": {"204": {"description": "ok"}}}}}}  # fmt: skip
    op = Operation(method="GET", path="/h", params=(Param("user_agent", "User-Agent", "header"),))
    schema = strategies.plan(spec, op, None).schema["properties"]["user_agent"]
    jsonschema.validate("curl/8", schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("caf\u00e9\x11", schema)


@pytest.mark.parametrize(
    ("pattern", "inner"),
    [
        ("Agent/([0-9]+\\.[0-9]+) *.*", "Agent/([0-9]+\\.[0-9]+) *[ -~]*"),
        ("^[.a-z]+$", "^[.a-z]+$"),
        ("a\\\\.b", "a\\\\[ -~]b"),
        ("[\\].]x.", "[\\].]x[ -~]"),
    ],
)
def test_a_header_pattern_s_dots_become_visible_ascii(pattern: str, inner: str) -> None:
    assert strategies.header_pattern(pattern) == f"^[!-~]*(?:{inner})(?:[ -~]*[!-~])?$"


def test_a_patterned_header_is_drawn_within_its_pattern_and_ascii() -> None:
    ua = {"type": "string", "pattern": "Agent/[0-9]+ *.*"}
    spec = {"paths": {"/h": {"get": {
        "parameters": [{"name": "User-Agent", "in": "header", "required": True, "schema": ua}],
        "responses": {"204": {"description": "ok"}}}}}}  # fmt: skip
    op = Operation(method="GET", path="/h", params=(Param("user_agent", "User-Agent", "header"),))
    schema = strategies.plan(spec, op, None).schema["properties"]["user_agent"]
    jsonschema.validate("Agent/12 (linux; x86)", schema)
    jsonschema.validate("Agent/12 (linux; x86)", ua)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("Agent/12 caf\u00e9", schema)


@given(st.data())
def test_what_a_patterned_header_draws_matches_its_pattern_in_visible_ascii(
    data: st.DataObject,
) -> None:
    pattern = "AppleCloudExtension/([0-9]+\\.[0-9]+\\.[0-9]+) *.*"
    value = data.draw(
        from_schema({"type": "string", "pattern": strategies.header_pattern(pattern)})
    )
    assert re.fullmatch("[ -~]+", value)
    assert re.search(pattern, value.strip(" "))  # as it arrives: HTTP strips the ends


@given(st.data())
def test_a_body_with_min_properties_gets_one_of_its_fields(data: st.DataObject) -> None:
    body = {"type": "object", "minProperties": 1,
            "properties": {"name": {"type": "string"}, "size": {"type": "integer"}}}  # fmt: skip
    spec = {"paths": {"/m": {"patch": {
        "requestBody": {"content": {"application/json": {"schema": body}}},
        "responses": {"204": {"description": "ok"}}}}}}  # fmt: skip
    op = Operation(
        method="PATCH", path="/m", body_fields={"name": "name", "size": "size"}, has_body=True
    )
    plan = strategies.plan(spec, op, ("application/json", "json-fields"))
    drawn = data.draw(from_schema(plan.schema))
    jsonschema.validate(drawn, body)  # the arguments here are the body's fields, as sent


@pytest.mark.parametrize("segment", [".", ".."])
def test_a_dot_segment_is_not_drawn_for_a_path_parameter(segment: str) -> None:
    schema = strategies.plan(SPEC, OP, None).schema["properties"]["id"]
    jsonschema.validate("a.b", schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(segment, schema)


@given(st.data())
def test_a_yaml_body_with_an_object_schema_is_drawn_as_a_yaml_document(data: st.DataObject) -> None:
    document = {
        "type": "object",
        "required": ["query"],
        "properties": {"query": {"type": "string"}},
    }
    spec = {"paths": {"/q": {"post": {
        "requestBody": {"required": True, "content": {"application/x-yaml": {"schema": document}}},
        "responses": {"204": {"description": "ok"}}}}}}  # fmt: skip
    op = Operation(method="POST", path="/q", body_kind="binary",
                   body_media_type="application/x-yaml", has_body=True)  # fmt: skip
    plan = strategies.plan(spec, op, ("application/x-yaml", "binary"))
    kwargs = strategies.to_call(data.draw(from_schema(plan.schema)), plan, 0)
    assert isinstance(kwargs["body"], bytes)
    jsonschema.validate(yaml.safe_load(kwargs["body"]), document)


def test_a_nullable_query_string_is_not_drawn_empty() -> None:
    spec = {"openapi": "3.0.3", "paths": {"/l": {"get": {
        "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string", "nullable": True}}],
        "responses": {"204": {"description": "ok"}}}}}}  # fmt: skip
    op = Operation(method="GET", path="/l", params=(Param("cursor", "cursor", "query"),))
    schema = strategies.plan(spec, op, None).schema["properties"]["cursor"]
    jsonschema.validate(None, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate("", schema)  # sent as `cursor=`, which openapi-core refuses as empty


def test_a_required_object_in_a_form_body_has_a_property() -> None:
    recipient = {"type": "object", "properties": {"clientId": {"type": "string"}}}
    spec = {"paths": {"/p": {"post": {
        "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object", "required": ["recipient"], "properties": {"recipient": recipient}}}}},
        "responses": {"204": {"description": "ok"}}}}}}  # fmt: skip
    op = Operation(method="POST", path="/p", body_kind="form",
                   body_media_type="application/x-www-form-urlencoded",
                   body_fields={"recipient": "recipient"}, has_body=True)  # fmt: skip
    schema = strategies.plan(spec, op, ("application/x-www-form-urlencoded", "form")).schema
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({}, schema["properties"]["recipient"])  # form explode writes no pair


# Body schemas whose required names sit apart from the properties that define them, behind
# `#/paths/...` refs as DigitalOcean writes them. Every draw's body must validate against the
# spec's own schema (jsonschema resolving the same refs); the draws used to leave those out.
DEEP_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "paths": {
        "/things": {
            "get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"things": {"type": "array", "items": {"allOf": [
                    {"type": "object", "properties": {"id": {"type": "string", "readOnly": True}}},
                    {"type": "object", "properties": {"name": NAME, "city": NAME}},
                ]}}, "window": {"allOf": [
                    {"type": "object", "nullable": True, "required": ["day", "hour"],
                     "properties": {"day": NAME, "hour": NAME, "pending": {"type": "boolean", "readOnly": True}}},
                    {"readOnly": True}]}}}}}}}},
            "post": {"requestBody": {"required": True, "content": {"application/json": {"schema": {"allOf": [
                # SendGrid's POST /senders: the second part requires names the first defines
                {"$ref": "#/paths/~1things/get/responses/200/content/application~1json/schema/properties/things/items/allOf/1"},
                {"type": "object", "properties": {"note": NAME, "city": {"type": "string", "minLength": 2}},
                 "required": ["name", "city"]},  # city: the first part's schema applies too
            ]}}}}, "responses": {"204": {"description": "ok"}}},
            "put": {"requestBody": {"required": True, "content": {"application/json": {"schema": {
                # DigitalOcean's maintenance window: a nullable object behind a deep ref
                "$ref": "#/paths/~1things/get/responses/200/content/application~1json/schema/properties/window/allOf/0"}}}},
                "responses": {"204": {"description": "ok"}}},
            "patch": {"requestBody": {"required": True, "content": {"application/json": {"schema": {
                # DigitalOcean's uptime check: `method` required, defined nowhere
                "allOf": [{"$ref": "#/paths/~1things/get/responses/200/content/application~1json/schema/properties/things/items/allOf/1"}],
                "required": ["name", "method"], "type": "object"}}}},
                "responses": {"204": {"description": "ok"}}},
        },
    },
}  # fmt: skip
DEEP_FIELDS = {
    "post": {"name": "name", "city": "city", "note": "note"},
    "put": {"day": "day", "hour": "hour"},
    "patch": {"name": "name", "city": "city", "method": "method"},
}
DEEP_REQUIRED = {"post": ["city", "name"], "put": ["day", "hour"], "patch": ["method", "name"]}


@pytest.mark.parametrize("method", sorted(DEEP_FIELDS))
@given(data=st.data())
def test_required_names_apart_from_their_properties_are_drawn(
    method: str, data: st.DataObject
) -> None:
    fields = DEEP_FIELDS[method]
    op = Operation(method=method.upper(), path="/things", body_fields=fields, has_body=True)
    plan = strategies.plan(DEEP_SPEC, op, ("application/json", "json-fields"))
    assert sorted(plan.schema["required"]) == DEEP_REQUIRED[method]
    drawn = data.draw(from_schema(plan.schema))
    body = {wire: drawn[python] for wire, python in fields.items() if python in drawn}
    pointer = f"#/paths/~1things/{method}/requestBody/content/application~1json/schema"
    jsonschema.validate(body, {**DEEP_SPEC, "$ref": pointer}, cls=jsonschema.Draft7Validator)


def test_a_header_of_a_free_text_format_is_visible_ascii_and_a_date_keeps_its_format() -> None:
    password = strategies._narrowed({"type": "string", "format": "password"}, "header")
    assert password["pattern"] == strategies.HEADER_SAFE
    assert password["minLength"] == 1
    date = strategies._narrowed({"type": "string", "format": "date-time"}, "header")
    assert "pattern" not in date


def test_an_xml_body_of_a_string_schema_is_drawn_as_a_document() -> None:
    spec = {"paths": {"/f": {"put": {"requestBody": {"required": True, "content": {
        "application/xml": {"schema": {"type": "string"}}}}, "responses": {"204": {"description": "ok"}}}}}}  # fmt: skip
    op = Operation(method="put", path="/f", body_kind="text", body_media_type="application/xml",
                   body_fields={"body": "body"}, has_body=True)  # fmt: skip
    plan = strategies.plan(spec, op, ("application/xml", "text"))
    assert plan.xml_document == "body"
    sent = strategies.to_call({"body": "x<y"}, plan, 0, spec)["body"]
    assert ET.fromstring(sent).text == "x<y"  # a well-formed document holding the drawn text
