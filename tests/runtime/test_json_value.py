"""runtime._json_value and the dispatch in runtime._encoders, on their own (no HTTP)."""

from __future__ import annotations

import json
from typing import Literal

import pydantic
import pytest

from generator.runtime._encoders import encode_request_body
from generator.runtime._exceptions import ParameterValidationError
from generator.runtime._operation import OperationSpec
from generator.runtime._types import NOT_GIVEN


class Circle(pydantic.BaseModel):
    kind: Literal["circle"]
    radius: float = pydantic.Field(gt=0)


def _op(**kinds: object) -> OperationSpec:
    return OperationSpec("op", "POST", "/x", body_kind="json-value", **kinds)  # type: ignore[arg-type]


def test_a_list_is_checked_against_its_schema_and_sent_as_json() -> None:
    op = _op(body_type=list[str], body_schema={"type": "array", "maxItems": 2})
    encoded = encode_request_body(op, {"body": ("a", "b")}, None)
    assert isinstance(encoded.content, bytes)
    assert json.loads(encoded.content) == ["a", "b"]
    assert encoded.headers == {"Content-Type": "application/json"}
    with pytest.raises(ParameterValidationError) as caught:
        encode_request_body(op, {"body": ["a", "b", "c"]}, None)
    assert (caught.value.parameter, caught.value.rule) == ("body", "maxItems 2")


def test_a_union_member_is_validated_by_its_class_and_dumped_by_alias() -> None:
    op = _op(body_type=Circle | int)
    encoded = encode_request_body(op, {"body": {"kind": "circle", "radius": 2}}, None)
    assert isinstance(encoded.content, bytes)
    assert json.loads(encoded.content) == {"kind": "circle", "radius": 2.0}
    with pytest.raises(ParameterValidationError) as caught:
        encode_request_body(op, {"body": {"kind": "circle", "radius": -1}}, None)
    assert caught.value.parameter == "body"
    assert caught.value.path.startswith("body")


def test_not_given_is_no_body_and_a_required_one_is_refused() -> None:
    assert encode_request_body(_op(body_type=str), {"body": NOT_GIVEN}, None).content is None
    with pytest.raises(ParameterValidationError, match="body: a value is required"):
        encode_request_body(_op(body_type=str, body_required=True), {"body": NOT_GIVEN}, None)


def test_none_is_json_null_judged_by_the_schema() -> None:
    any_value = _op(body_required=True, body_schema={})
    encoded = encode_request_body(any_value, {"body": None}, None)
    assert encoded.content == b"null"
    assert encoded.headers == {"Content-Type": "application/json"}
    nullable = _op(body_type=list[str] | None, body_schema={"type": ["array", "null"]})
    assert encode_request_body(nullable, {"body": None}, None).content == b"null"
    array = _op(body_type=list[str], body_schema={"type": "array"}, body_required=True)
    with pytest.raises(ParameterValidationError) as caught:
        encode_request_body(array, {"body": None}, None)
    assert caught.value.parameter == "body"
    assert "None" in str(caught.value)


def test_extra_body_keys_merge_into_an_object_value_only() -> None:
    op = _op(body_type=dict[str, int], body_media_type="application/merge-patch+json")
    encoded = encode_request_body(op, {"body": {"a": 1}}, {"b": 2})
    assert isinstance(encoded.content, bytes)
    assert json.loads(encoded.content) == {"a": 1, "b": 2}
    assert encoded.headers == {"Content-Type": "application/merge-patch+json"}
