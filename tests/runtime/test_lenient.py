"""Response parsing: lenient by default (unknown values kept), strict on request."""

from __future__ import annotations

import datetime
import enum
from typing import Annotated, Any, Literal

import pydantic
import pytest
from pydantic import BaseModel, ConfigDict, Field

from generator.runtime._exceptions import APIResponseValidationError
from generator.runtime._lenient import construct, parse_response
from tests.runtime.api import Model, ModelList, model_json
from tests.runtime.conftest import make_client


class Color(enum.Enum):
    RED = "red"


class Cat(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    kind: Literal["cat"]
    lives: int


class Dog(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    kind: Literal["dog"]
    good_boy: bool = Field(alias="goodBoy")


class Owner(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)
    pet: Cat | Dog | None = None
    color: Color | None = None
    scores: dict[str, int] = Field(default_factory=dict)
    ids: Annotated[list[int], Field(min_length=0)] = Field(default_factory=list)
    pair: tuple[int, str] | None = None


class Wrapper(pydantic.RootModel[list[Model]]):
    pass


def test_valid_data_takes_the_fast_path() -> None:
    parsed = parse_response(Model, model_json("m", createdAt="2024-01-02T03:04:05Z"), strict=False)
    assert isinstance(parsed, Model)
    assert parsed.created_at == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


def test_unknown_enum_value_and_extra_field_are_kept() -> None:
    data = {
        "modelId": "m",
        "status": "new-status",
        "newField": {"x": 1},
        "hyperParameters": {"learningRate": 0.1, "futureKnob": True},
        "tags": [{"name": "a", "tagValue": 7}],
        "createdAt": "2024-01-02T03:04:05Z",
    }
    parsed = parse_response(Model, data, strict=False)
    assert isinstance(parsed, Model)
    assert parsed.model_id == "m"
    assert parsed.status == "new-status"
    assert parsed.model_extra == {"newField": {"x": 1}}
    assert parsed.hyper_parameters is not None
    assert parsed.hyper_parameters.learning_rate == 0.1
    assert parsed.hyper_parameters.model_extra == {"futureKnob": True}
    assert parsed.tags[0].tag_value == 7  # wrong type kept as sent
    assert parsed.created_at == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


def test_lenient_never_raises_on_shape_mismatches() -> None:
    parsed = parse_response(ModelList, {"models": "oops", "nextPaginationToken": 5}, strict=False)
    assert parsed.models == "oops"
    assert parsed.next_pagination_token == 5
    assert parse_response(Model, [1, 2], strict=False) == [1, 2]
    assert parse_response(Model, "text", strict=False) == "text"
    assert parse_response(list[Model], {"a": 1}, strict=False) == {"a": 1}


def test_missing_required_field_is_left_unset() -> None:
    parsed = parse_response(Model, {"status": "ready"}, strict=False)
    assert isinstance(parsed, Model)
    assert "model_id" not in parsed.model_fields_set
    assert parsed.status == "ready"


def test_unions_pick_the_member_by_tag_and_keys() -> None:
    owner = construct(Owner, {"pet": {"kind": "dog", "goodBoy": "very", "extra": 1}})
    assert isinstance(owner.pet, Dog)
    assert owner.pet.good_boy == "very"
    assert owner.pet.model_extra == {"extra": 1}
    owner = construct(Owner, {"pet": {"kind": "cat", "lives": 9}, "color": "blue"})
    assert isinstance(owner.pet, Cat)
    assert owner.color == "blue"


def test_containers_are_built_item_by_item() -> None:
    owner = construct(
        Owner,
        {
            "scores": {"a": 1, "b": "x"},
            "ids": [1, "two"],
            "pair": [1, "a", "extra"],
            "color": "red",
        },
    )
    assert owner.scores == {"a": 1, "b": "x"}
    assert owner.ids == [1, "two"]
    assert owner.pair == [1, "a", "extra"]
    assert owner.color is Color.RED


def test_root_models_and_lists_of_models() -> None:
    wrapped = parse_response(
        Wrapper, [model_json("a"), {"modelId": "b", "status": "gone"}], strict=False
    )
    assert isinstance(wrapped, Wrapper)
    assert [m.status for m in wrapped.root] == ["ready", "gone"]
    models = parse_response(list[Model], [{"modelId": "b", "status": "gone"}], strict=False)
    assert isinstance(models[0], Model)


def test_none_type_means_no_body() -> None:
    assert parse_response(None, {"a": 1}, strict=False) is None


@pytest.mark.parametrize("type_", [dict[str, Any], Any, int])
def test_plain_types(type_) -> None:
    assert parse_response(type_, 3 if type_ is int else {"a": 1}, strict=True) in (3, {"a": 1})


def test_strict_accepts_exact_json_including_enums_and_dates() -> None:
    parsed = parse_response(
        Owner, {"color": "red", "pet": {"kind": "cat", "lives": 9}}, strict=True
    )
    assert parsed.color is Color.RED
    model = parse_response(Model, model_json(createdAt="2024-01-02T03:04:05Z"), strict=True)
    assert model.created_at is not None


def test_strict_rejects_unknown_enum_values() -> None:
    with pytest.raises(APIResponseValidationError) as caught:
        parse_response(Model, {"modelId": "m", "status": "new-status"}, strict=True)
    err = caught.value
    assert err.errors[0]["loc"] == ("status",)
    assert err.response is None
    assert "1 error" in str(err)


def test_client_default_is_lenient(client, server) -> None:
    server.enqueue(json={"modelId": "m", "status": "new-status", "newField": 1})
    model = client.models.get("m")
    assert model.status == "new-status"
    assert model.model_extra == {"newField": 1}


def test_strict_client_raises_with_response_and_errors(server) -> None:
    server.enqueue(json={"modelId": "m", "status": "new-status"}, headers={"x-request-id": "r1"})
    with (
        make_client(server, strict=True) as client,
        pytest.raises(APIResponseValidationError) as caught,
    ):
        client.models.get("m")
    err = caught.value
    assert err.status_code == 200
    assert err.response is not None
    assert err.response.headers["x-request-id"] == "r1"
    assert err.body == {"modelId": "m", "status": "new-status"}
    assert err.errors[0]["loc"] == ("status",)
    assert str(err).startswith(
        "Response to GET /models/m did not match its type (1 error; first: status:"
    )


def test_strict_client_rejects_a_non_json_body(server) -> None:
    server.enqueue(body="<html>", headers={"content-type": "text/html"})
    with make_client(server, strict=True) as client, pytest.raises(APIResponseValidationError):
        client.models.get("m")


def test_lenient_client_rejects_a_non_json_body(client, server) -> None:
    server.enqueue(body="<html>", headers={"content-type": "text/html"})
    with pytest.raises(APIResponseValidationError, match="not JSON") as caught:
        client.models.get("m")
    assert isinstance(caught.value.__cause__, ValueError)
    assert caught.value.body == "<html>"


def test_with_options_strict(client, server) -> None:
    server.enqueue(json={"modelId": "m", "status": "new-status"})
    with pytest.raises(APIResponseValidationError):
        client.with_options(strict=True).models.get("m")
