"""Parameter and body validation: every rule, clear messages, and nothing sent on failure."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from pydantic import BaseModel, ConfigDict, Field

from generator.runtime._exceptions import APIError, ParameterValidationError
from generator.runtime._operation import OperationSpec, ParamSpec
from generator.runtime._params import cookie_header, encode_params, encode_query, query_string
from generator.runtime._schema import check
from generator.runtime._types import NOT_GIVEN
from tests.runtime.api import CREATE_MODEL, Tag
from tests.support.server import RecordingServer


@pytest.mark.parametrize(
    ("schema", "value", "rule", "message"),
    [
        ({"type": "integer"}, "5", "type integer", "'5' is not of type integer"),
        ({"type": "integer"}, True, "type integer", "True is not of type integer"),
        ({"type": "integer"}, 1.5, "type integer", "1.5 is not of type integer"),
        ({"type": "number"}, False, "type number", "False is not of type number"),
        ({"type": "string"}, None, "type string", "None is not of type string"),
        ({"type": ["string", "null"]}, 3, "type string or null", "3 is not of type string or null"),
        ({"type": "boolean"}, "true", "type boolean", "'true' is not of type boolean"),
        ({"type": "array"}, "ab", "type array", "'ab' is not of type array"),
        ({"type": "object"}, [1], "type object", "[1] is not of type object"),
        ({"enum": ["a", "b"]}, "c", "one of ['a', 'b']", "'c' is not one of ['a', 'b']"),
        ({"enum": [1, 2]}, True, "one of [1, 2]", "True is not one of [1, 2]"),
        ({"const": "x"}, "y", "const 'x'", "'y' is not the constant 'x'"),
        ({"minimum": 1}, 0, "minimum 1", "0 is less than the minimum 1"),
        ({"maximum": 100}, 500, "maximum 100", "500 is greater than the maximum 100"),
        (
            {"exclusiveMinimum": 0},
            0,
            "exclusiveMinimum 0",
            "0 is less than or equal to the exclusive minimum 0",
        ),
        (
            {"exclusiveMaximum": 1.5},
            1.5,
            "exclusiveMaximum 1.5",
            "1.5 is greater than or equal to the exclusive maximum 1.5",
        ),
        (
            {"minimum": 0, "exclusiveMinimum": True},
            0,
            "exclusiveMinimum 0",
            "0 is less than or equal to the exclusive minimum 0",
        ),
        ({"multipleOf": 5}, 12, "multipleOf 5", "12 is not a multiple of 5"),
        ({"minLength": 2}, "a", "minLength 2", "'a' is shorter than the minimum length 2"),
        ({"maxLength": 3}, "abcd", "maxLength 3", "'abcd' is longer than the maximum length 3"),
        (
            {"pattern": "^[a-z]+$"},
            "A1",
            "pattern ^[a-z]+$",
            "'A1' does not match the pattern '^[a-z]+$'",
        ),
        ({"minItems": 1}, [], "minItems 1", "[] has 0 items, fewer than the minimum 1"),
        ({"maxItems": 1}, [1, 2], "maxItems 1", "[1, 2] has 2 items, more than the maximum 1"),
        ({"uniqueItems": True}, [1, 2, 1], "uniqueItems", "[1, 2, 1] has duplicate items (1)"),
        ({"uniqueItems": True}, [1, True], None, None),
        ({"type": "number"}, 3, None, None),
        ({"type": "number", "multipleOf": 0.1}, 0.3, None, None),
        ({"type": "string", "nullable": True}, None, None, None),
        ({"x-unknown": 1, "format": "uuid"}, "not-a-uuid", None, None),
        ({"anyOf": [{"type": "integer", "maximum": 10}, {"type": "null"}]}, None, None, None),
        (
            {"anyOf": [{"type": "integer", "maximum": 10}, {"type": "null"}]},
            11,
            "maximum 10",
            "11 is greater than the maximum 10",
        ),
        (
            {"anyOf": [{"type": "integer"}, {"type": "string"}]},
            1.5,
            "type integer or string",
            "1.5 is not of type integer or string",
        ),
        (
            {"oneOf": [{"type": "integer"}, {"type": "number"}]},
            1,
            "oneOf",
            "1 matches 2 of the oneOf schemas, not exactly one",
        ),
        ({"oneOf": [{"type": "integer"}, {"type": "string"}]}, "s", None, None),
        (
            {"allOf": [{"type": "integer"}, {"minimum": 3}]},
            2,
            "minimum 3",
            "2 is less than the minimum 3",
        ),
    ],
)
def test_schema_rules(
    schema: dict[str, Any], value: object, rule: str | None, message: str | None
) -> None:
    found = check(value, schema)
    if rule is None:
        assert found is None
    else:
        assert found is not None
        assert (found.rule, found.message) == (rule, message)


def test_items_violation_names_the_index() -> None:
    found = check(["ok", "toolong"], {"type": "array", "items": {"type": "string", "maxLength": 3}})
    assert found is not None
    assert (found.path, found.rule) == ("[1]", "maxLength 3")


LIST_OP = OperationSpec(
    operation_id="list",
    method="GET",
    path="/things/{thingId}",
    params=(
        ParamSpec("thing_id", "thingId", "path", {"type": "string"}, required=True),
        ParamSpec("page_size", "pageSize", "query", {"type": "integer", "maximum": 100}),
        ParamSpec("tags", "tag", "query", {"type": "array", "items": {"enum": ["a", "b"]}}),
        ParamSpec("trace", "X-Trace", "header", {"type": "string"}),
    ),
)


def test_error_names_the_python_keyword_and_rule() -> None:
    with pytest.raises(ParameterValidationError) as caught:
        encode_params(LIST_OP, {"thingId": "t", "pageSize": 500})
    err = caught.value
    assert str(err) == "page_size: 500 is greater than the maximum 100"
    assert (err.parameter, err.rule, err.path) == ("page_size", "maximum 100", "page_size")
    assert isinstance(err, ValueError)
    assert isinstance(err, APIError)
    assert err.request is None


def test_error_inside_an_array_names_the_item() -> None:
    with pytest.raises(ParameterValidationError) as caught:
        encode_params(LIST_OP, {"thingId": "t", "tag": ["a", "z"]})
    assert str(caught.value) == "tags[1]: 'z' is not one of ['a', 'b']"
    assert caught.value.path == "tags[1]"


@pytest.mark.parametrize("missing", [{}, {"thingId": NOT_GIVEN}])
def test_missing_required_parameter(missing: dict[str, object]) -> None:
    with pytest.raises(ParameterValidationError) as caught:
        encode_params(LIST_OP, missing)
    assert (caught.value.parameter, caught.value.rule) == ("thing_id", "required")
    assert str(caught.value) == "thing_id: a value is required"


def test_header_values_cannot_break_lines() -> None:
    with pytest.raises(ParameterValidationError) as caught:
        encode_params(LIST_OP, {"thingId": "t", "X-Trace": "a\r\nInjected: 1"})
    assert caught.value.parameter == "trace"


def test_encoded_params_parts() -> None:
    encoded = encode_params(
        LIST_OP, {"thingId": "a b", "pageSize": 3, "X-Trace": "t", "unknownExtra": [1, 2]}
    )
    assert encoded.path == "/things/a%20b"
    assert encoded.query == [("pageSize", "3"), ("unknownExtra", "1"), ("unknownExtra", "2")]
    assert encoded.headers == {"X-Trace": "t"}


def test_a_path_template_fragment_is_not_sent() -> None:
    # APIs.guru's S3 spec: `/{Bucket}/{Key}#uploads` with a required query `uploads`. A URL
    # keeps only what precedes '#' as its path and query (RFC 3986: urlsplit is the oracle).
    op = OperationSpec(
        operation_id="CreateMultipartUpload",
        method="POST",
        path="/{Bucket}/{Key}#uploads",
        params=(
            ParamSpec("bucket", "Bucket", "path", {"type": "string"}, required=True),
            ParamSpec("key", "Key", "path", {"type": "string"}, required=True),
            ParamSpec("uploads", "uploads", "query", {"enum": [True]}, required=True),
        ),
    )
    encoded = encode_params(op, {"Bucket": "b", "Key": "k", "uploads": True})
    url = urlsplit("http://h" + encoded.path + "?" + query_string(encoded.query))
    assert (url.path, url.query, url.fragment) == ("/b/k", "uploads=true", "")


@pytest.mark.parametrize(
    ("style", "explode", "value", "expected"),
    [
        (None, None, ["a", "b"], [("k", "a"), ("k", "b")]),
        ("form", True, ["a", "b"], [("k", "a"), ("k", "b")]),
        ("form", False, ["a", "b"], [("k", "a,b")]),
        ("form", False, [], [("k", "")]),
        ("form", True, [], []),
        ("spaceDelimited", None, [1, 2], [("k", "1%202")]),
        ("spaceDelimited", True, [1, 2], [("k", "1"), ("k", "2")]),
        ("pipeDelimited", False, ["x", "y"], [("k", "x|y")]),
        ("form", True, {"r": 1, "g": 2}, [("r", "1"), ("g", "2")]),
        ("form", False, {"r": 1, "g": 2}, [("k", "r,1,g,2")]),
        ("deepObject", True, {"r": 1}, [("k[r]", "1")]),
        ("deepObject", True, ["a", "b"], [("k[0]", "a"), ("k[1]", "b")]),
        ("deepObject", True, [], []),
        ("deepObject", True, {"r": [1, {"g": "x y"}]}, [("k[r][0]", "1"), ("k[r][1][g]", "x%20y")]),
        (None, None, True, [("k", "true")]),
        (None, None, "a&b=c", [("k", "a%26b%3Dc")]),
        (None, None, 1.5, [("k", "1.5")]),
    ],
)
def test_encode_query_styles(style, explode, value, expected) -> None:
    assert encode_query("k", value, style, explode) == expected


def test_path_arrays_and_objects_use_simple_style() -> None:
    op = OperationSpec(
        operation_id="x",
        method="GET",
        path="/a/{ids}/{obj}",
        params=(
            ParamSpec("ids", "ids", "path", {"type": "array"}, required=True),
            ParamSpec("obj", "obj", "path", {"type": "object"}, required=True, explode=True),
        ),
    )
    encoded = encode_params(op, {"ids": ["1", "2/3"], "obj": {"a": "b"}})
    assert encoded.path == "/a/1,2%2F3/a=b"


# The examples of the OpenAPI 3.1.1 style table (color = blue,black,brown / R=100,G=200,B=150).
COLORS = ["blue", "black", "brown"]
RGB = {"R": 100, "G": 200, "B": 150}


@pytest.mark.parametrize(
    ("style", "explode", "value", "expected"),
    [
        ("matrix", False, "blue", ";color=blue"),
        ("matrix", True, "blue", ";color=blue"),
        ("matrix", False, COLORS, ";color=blue,black,brown"),
        ("matrix", True, COLORS, ";color=blue;color=black;color=brown"),
        ("matrix", False, RGB, ";color=R,100,G,200,B,150"),
        ("matrix", True, RGB, ";R=100;G=200;B=150"),
        ("label", False, "blue", ".blue"),
        ("label", False, COLORS, ".blue,black,brown"),
        ("label", True, COLORS, ".blue.black.brown"),
        ("label", False, RGB, ".R,100,G,200,B,150"),
        ("label", True, RGB, ".R=100.G=200.B=150"),
        ("simple", False, COLORS, "blue,black,brown"),
        ("simple", True, RGB, "R=100,G=200,B=150"),
        ("label", False, "a/b", ".a%2Fb"),
    ],
)
def test_path_styles_follow_the_openapi_table(style, explode, value, expected) -> None:
    op = OperationSpec(
        operation_id="x",
        method="GET",
        path="/p/{color}",
        params=(ParamSpec("color", "color", "path", {}, True, style=style, explode=explode),),
    )
    assert encode_params(op, {"color": value}).path == "/p/" + expected


def test_cookie_parameters_are_form_encoded_cookies() -> None:
    op = OperationSpec(
        operation_id="x",
        method="GET",
        path="/",
        params=(
            ParamSpec("session", "session", "cookie", {"type": "string"}),
            ParamSpec("ids", "ids", "cookie", {"type": "array"}),
        ),
    )
    encoded = encode_params(op, {"session": "a b;c", "ids": [1, 2]})
    assert encoded.cookies == {"session": "a%20b%3Bc", "ids": "1,2"}
    assert encoded.query == []
    assert encoded.headers == {}
    assert cookie_header(encoded.cookies, {"sid": "k"}) == "session=a%20b%3Bc; ids=1,2; sid=k"
    assert cookie_header({}, {}) is None


def test_content_typed_parameters_are_sent_as_json_text() -> None:
    op = OperationSpec(
        operation_id="x",
        method="GET",
        path="/",
        params=(
            ParamSpec(
                "filter",
                "filter",
                "query",
                {"type": "object", "properties": {"n": {"type": "integer"}}},
                media_type="application/json",
            ),
            ParamSpec("h", "X-Filter", "header", {"type": "array"}, media_type="application/json"),
        ),
    )
    encoded = encode_params(op, {"filter": {"n": 1, "s": "a&b"}, "X-Filter": ["x", "é"]})
    assert encoded.query == [("filter", "%7B%22n%22%3A1%2C%22s%22%3A%22a%26b%22%7D")]
    assert encoded.headers == {"X-Filter": '["x","\\u00e9"]'}  # JSON escapes keep it ASCII
    with pytest.raises(ParameterValidationError, match="type object"):
        encode_params(op, {"filter": "n=1"})  # validated as the schema says, before encoding


def test_models_are_accepted_for_object_parameters() -> None:
    op = OperationSpec(
        operation_id="x",
        method="GET",
        path="/",
        params=(ParamSpec("tag", "tag", "query", {"type": "object"}, style="deepObject"),),
    )
    encoded = encode_params(op, {"tag": Tag(name="n", tag_value="v")})
    assert encoded.query == [("tag[name]", "n"), ("tag[tagValue]", "v")]


# -- through the client: nothing leaves on a validation error ------------------


@pytest.mark.parametrize(
    ("kwargs", "parameter", "rule"),
    [
        ({"page_size": 500}, "page_size", "maximum 100"),
        ({"page_size": 0}, "page_size", "minimum 1"),
        ({"page_size": "10"}, "page_size", "type integer"),
        ({"page_size": True}, "page_size", "type integer"),
        ({"status": "archived"}, "status", "one of ['ready', 'training']"),
        ({"tags": "a"}, "tags", "type array"),
        ({"tags": ["a", 1]}, "tags", "type string"),
        ({"trace_id": "x" * 33}, "trace_id", "maxLength 32"),
        ({"verbose": "yes"}, "verbose", "type boolean"),
    ],
)
def test_invalid_query_and_header_params_send_nothing(
    client, server: RecordingServer, kwargs, parameter, rule
) -> None:
    with pytest.raises(ParameterValidationError) as caught:
        client.models.list(**kwargs)
    assert (caught.value.parameter, caught.value.rule) == (parameter, rule)
    assert str(caught.value).startswith(f"{parameter}")
    assert server.requests == []


def test_empty_path_param_is_rejected_before_sending(client, server) -> None:
    with pytest.raises(ParameterValidationError) as caught:
        client.models.get("")
    assert (caught.value.parameter, caught.value.rule) == ("model_id", "minLength 1")
    assert server.requests == []


@pytest.mark.parametrize(
    ("kwargs", "parameter", "path", "rule", "message"),
    [
        (
            {"display_name": "n", "parameters": {"learning_rate": 5}},
            "parameters",
            "parameters.learning_rate",
            "maximum 1.0",
            "parameters.learning_rate: 5 is greater than the maximum 1.0",
        ),
        (
            {"display_name": "n", "parameters": {"learningRate": 0}},
            "parameters",
            "parameters.learning_rate",
            "exclusiveMinimum 0.0",
            "parameters.learning_rate: 0 is less than or equal to the exclusive minimum 0.0",
        ),
        (
            {"display_name": "n", "parameters": {"batchSize": "many"}},
            "parameters",
            "parameters.batch_size",
            "type integer",
            "parameters.batch_size: 'many' is not of type integer",
        ),
        (
            {"display_name": "x" * 65},
            "display_name",
            "display_name",
            "maxLength 64",
            None,
        ),
        (
            {"display_name": "n", "mode": "turbo"},
            "mode",
            "mode",
            "one of ['fast', 'slow']",
            "mode: 'turbo' is not one of ['fast', 'slow']",
        ),
        (
            {"display_name": "n", "tags": [{"name": "ok"}, {"tagValue": "v"}]},
            "tags",
            "tags[1].name",
            "required",
            "tags[1].name: a value is required",
        ),
        (
            {"display_name": "n", "tags": [{"name": "x" * 17}]},
            "tags",
            "tags[0].name",
            "maxLength 16",
            None,
        ),
        ({}, "display_name", "display_name", "required", "display_name: a value is required"),
        (
            {"display_name": "n", "parameters": [1]},
            "parameters",
            "parameters",
            "type object",
            "parameters: [1] is not of type object",
        ),
    ],
)
def test_invalid_body_names_the_keyword_and_sends_nothing(
    client, server, kwargs, parameter, path, rule, message
) -> None:
    with pytest.raises(ParameterValidationError) as caught:
        client.models.create(**kwargs)
    err = caught.value
    assert (err.parameter, err.path, err.rule) == (parameter, path, rule)
    if message is not None:
        assert str(err) == message
    assert server.requests == []


def test_missing_required_body(client, server) -> None:
    with pytest.raises(ParameterValidationError) as caught:
        client.request(CREATE_MODEL, body=None)
    assert (caught.value.parameter, caught.value.rule) == ("body", "required")
    assert server.requests == []


class StrictBody(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    short_name: str = Field(alias="shortName")


STRICT_OP = OperationSpec(
    operation_id="strict",
    method="POST",
    path="/strict",
    body_model=StrictBody,
    body_fields={"shortName": "short_name"},
)


def test_unknown_body_field_of_a_closed_model(client, server) -> None:
    with pytest.raises(ParameterValidationError) as caught:
        client.request(STRICT_OP, body={"short_name": "s", "bogusKey": 1})
    assert str(caught.value) == "bogusKey: not an accepted field"
    assert caught.value.rule == "additionalProperties false"
    assert server.requests == []
    client.request(STRICT_OP, body={"short_name": "s"})
    assert server.last.json == {"shortName": "s"}
