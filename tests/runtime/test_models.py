"""to_dict() / to_json() of every generated model (runtime/_models.py), as in Stainless SDKs.

Expected answers come from the seeds (the reference pages' JSON examples) and from
spec/openapi.yaml, never from the code: a parsed seed gives the seed back, names as
on the wire; the options change exactly what the spec and the seed say they change.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import pydantic
import pytest
import yaml
from scenario_sdk import BaseModel
from scenario_sdk import types as sdk_types
from scenario_sdk._lenient import construct
from scenario_sdk.types import (
    Model,
    ModelListResponse,
    ModelUpdateParams,
    ModelUpdateResponse,
    TrainActionResponse,
    TrainTriggerResponse,
)

from tests.client.conftest import seed
from tests.conftest import ROOT

SEEDS = {
    "models.list.response": ModelListResponse,
    "models.update.response": ModelUpdateResponse,
    "models.train.trigger.response": TrainTriggerResponse,
    "models.train.action.response": TrainActionResponse,
}
SPEC = yaml.safe_load((ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8"))


def properties(component: str) -> set[str]:
    """The property names the spec gives a component."""
    return set(SPEC["components"]["schemas"][component]["properties"])


@pytest.mark.parametrize(("name", "cls"), SEEDS.items())
def test_to_dict_gives_the_seed_back(name: str, cls: type[BaseModel]) -> None:
    payload = seed(name)
    assert cls.model_validate(payload).to_dict() == payload
    assert cls.model_validate_json(json.dumps(payload)).to_dict(mode="python") == payload


@pytest.mark.parametrize(("name", "cls"), SEEDS.items())
def test_to_json_is_the_seed_as_json_text(name: str, cls: type[BaseModel]) -> None:
    payload = seed(name)
    model = cls.model_validate(payload)

    text = model.to_json()
    assert json.loads(text) == payload
    first_key = next(iter(payload))
    assert text.splitlines()[0] == "{"
    assert text.splitlines()[1].startswith(f'  "{first_key}": ')  # indented by 2 by default

    assert json.loads(model.to_json(indent=4)) == payload
    assert model.to_json(indent=4).splitlines()[1].startswith(f'    "{first_key}"')

    one_line = model.to_json(indent=None)
    assert "\n" not in one_line
    assert json.loads(one_line) == payload


def test_every_generated_model_has_to_dict_and_to_json() -> None:
    classes = [
        value
        for value in vars(sdk_types).values()
        if isinstance(value, type)
        and issubclass(value, pydantic.BaseModel)
        and value.__module__ == sdk_types.__name__
    ]
    # every object component of the spec is a class, and every class has the base
    objects = {
        name
        for name, schema in SPEC["components"]["schemas"].items()
        if schema.get("type") == "object"
    }
    assert objects <= {cls.__name__ for cls in classes}
    assert all(issubclass(cls, BaseModel) for cls in classes)


def test_use_api_names_false_gives_python_attribute_names() -> None:
    payload = seed("models.update.response")
    data = ModelUpdateResponse.model_validate(payload).to_dict(use_api_names=False)
    model: Any = data["model"]
    # written from the seed: camelCase on the wire, snake_case attributes
    assert model["collection_ids"] == payload["model"]["collectionIds"]
    assert model["training_images_number"] == payload["model"]["trainingImagesNumber"]
    assert model["concepts"][0]["model_id"] == payload["model"]["concepts"][0]["modelId"]
    assert "collectionIds" not in model


def test_exclude_unset_false_gives_every_property_of_the_spec() -> None:
    payload = seed("models.update.response")["model"]
    data = Model.model_validate(payload).to_dict(exclude_unset=False)
    assert set(data) == properties("Model")
    for key in properties("Model") - set(payload):
        assert data[key] is None, key  # not in the seed: the optional property's default
    assert {k: v for k, v in data.items() if k in payload} == payload


def test_exclude_defaults_leaves_out_what_the_seed_did_not_set() -> None:
    payload = seed("models.update.response")["model"]
    model = Model.model_validate(payload)
    assert model.to_dict(exclude_unset=False, exclude_defaults=True) == payload


def test_exclude_none_leaves_out_nulls() -> None:
    # classSlug and thumbnail admit null in the spec (the update body sets them to null to unset)
    body = ModelUpdateParams.model_validate({"name": "n", "classSlug": None, "thumbnail": None})
    assert body.to_dict() == {"name": "n", "classSlug": None, "thumbnail": None}
    assert body.to_dict(exclude_none=True) == {"name": "n"}
    assert json.loads(body.to_json(exclude_none=True)) == {"name": "n"}


def test_a_model_built_by_hand_gives_what_was_given() -> None:
    body = ModelUpdateParams(name="Cinematic", short_description="s")
    assert body.to_dict() == {"name": "Cinematic", "shortDescription": "s"}
    assert body.to_dict(use_api_names=False) == {"name": "Cinematic", "short_description": "s"}
    assert json.loads(body.to_json()) == {"name": "Cinematic", "shortDescription": "s"}


def test_a_leniently_kept_value_survives_to_dict() -> None:
    # a newer server's unknown status and extra field, kept by the lenient reader
    payload = seed("models.update.response")
    payload["model"]["status"] = "status-from-the-future"
    payload["model"]["newField"] = {"x": 1}
    kept = construct(ModelUpdateResponse, payload)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert kept.to_dict(warnings=False) == payload
        assert json.loads(kept.to_json(warnings=False)) == payload
