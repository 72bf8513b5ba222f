"""client.models.train.trigger and client.models.train.action against the recording server."""

from __future__ import annotations

from typing import Any

import pytest
from scenario_sdk import APIResponse, MissingCredentialsError, ParameterValidationError
from scenario_sdk.types import Job, Model, TrainActionResponse, TrainTriggerResponse

from tests.client.conftest import BASIC, Flavor, dump, seed
from tests.support.server import RecordingServer

# -- models.train.trigger -------------------------------------------------------------


def test_trigger_sends_put_with_an_empty_object_and_parses_the_seed(
    flavor: Flavor, server: RecordingServer
) -> None:
    payload = seed("models.train.trigger.response")
    server.enqueue(json=payload)

    result = flavor.call(lambda client: client.models.train.trigger(model_id="model_abc"))

    sent = server.last
    assert (sent.method, sent.path, sent.query_string) == ("PUT", "/models/model_abc/train", "")
    assert sent.headers["authorization"] == BASIC
    assert sent.headers["content-type"] == "application/json"
    assert sent.json == seed("models.train.trigger.request")  # {}, as the curl example sends
    assert isinstance(result, TrainTriggerResponse)
    assert isinstance(result.job, Job)
    assert isinstance(result.model, Model)
    assert result.job.job_id == payload["job"]["jobId"]
    assert result.model.id == payload["model"]["id"]
    assert result.creative_units_cost == payload["creativeUnitsCost"]
    assert dump(result) == payload


def test_trigger_sends_original_assets_and_encodes_the_model_id(
    flavor: Flavor, server: RecordingServer
) -> None:
    server.enqueue(json=seed("models.train.trigger.response"))
    flavor.call(lambda client: client.models.train.trigger(model_id="a/b c", original_assets=True))
    assert server.last.path == "/models/a%2Fb%20c/train"
    assert server.last.query_string == "originalAssets=true"


def test_trigger_extra_body_is_merged(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(json=seed("models.train.trigger.response"))
    flavor.call(lambda client: client.models.train.trigger(model_id="m1", extra_body={"dry": True}))
    assert server.last.json == {"dry": True}


def test_trigger_without_credentials_raises_and_sends_nothing(
    flavor: Flavor, server: RecordingServer
) -> None:
    with pytest.raises(MissingCredentialsError):
        flavor.call(
            lambda client: client.models.train.trigger(model_id="m1"),
            api_key=None,
            api_secret=None,
        )
    assert server.requests == []


@pytest.mark.parametrize("model_id", ["", None])
def test_trigger_rejects_a_missing_model_id(
    flavor: Flavor, server: RecordingServer, model_id: str | None
) -> None:
    with pytest.raises(ParameterValidationError) as caught:
        flavor.call(lambda client: client.models.train.trigger(model_id=model_id))
    assert caught.value.parameter == "model_id"
    assert server.requests == []


# -- models.train.action --------------------------------------------------------------


def test_action_sends_post_with_the_action_and_parses_the_seed(
    flavor: Flavor, server: RecordingServer
) -> None:
    payload = seed("models.train.action.response")
    server.enqueue(json=payload)

    result = flavor.call(
        lambda client: client.models.train.action(model_id="model_abc", action="cancel")
    )

    sent = server.last
    assert (sent.method, sent.path, sent.query_string) == (
        "POST",
        "/models/model_abc/train/action",
        "",
    )
    assert sent.headers["authorization"] == BASIC
    assert sent.headers["content-type"] == "application/json"
    assert sent.json == seed("models.train.action.request")
    assert sent.json == {"action": "cancel"}
    assert isinstance(result, TrainActionResponse)
    assert isinstance(result.model, Model)
    assert dump(result) == payload


def test_action_encodes_the_model_id_and_original_assets(
    flavor: Flavor, server: RecordingServer
) -> None:
    server.enqueue(json=seed("models.train.action.response"))
    flavor.call(
        lambda client: client.models.train.action(
            model_id="m 1/2", action="cancel", original_assets=False
        )
    )
    assert server.last.path == "/models/m%201%2F2/train/action"
    assert server.last.query == [("originalAssets", "false")]


@pytest.mark.parametrize(
    ("action", "rule"),
    [("pause", "one of ['cancel']"), ("CANCEL", "one of ['cancel']"), (1, "one of ['cancel']")],
)
def test_action_rejects_an_unknown_action_before_sending(
    flavor: Flavor, server: RecordingServer, action: Any, rule: str
) -> None:
    with pytest.raises(ParameterValidationError) as caught:
        flavor.call(lambda client: client.models.train.action(model_id="m1", action=action))
    error = caught.value
    assert (error.parameter, error.path, error.rule) == ("action", "action", rule)
    assert str(error) == f"action: {action!r} is not one of ['cancel']"
    assert server.requests == []


def test_action_without_credentials_raises_and_sends_nothing(
    flavor: Flavor, server: RecordingServer
) -> None:
    with pytest.raises(MissingCredentialsError) as caught:
        flavor.call(
            lambda client: client.models.train.action(model_id="m1", action="cancel"),
            api_key=None,
            api_secret=None,
        )
    assert caught.value.env_vars == ("SCENARIO_SDK_API_KEY", "SCENARIO_SDK_API_SECRET")
    assert server.requests == []


# -- raw responses through the nested resource ----------------------------------------


def test_raw_response_through_models_with_raw_response_train(
    flavor: Flavor, server: RecordingServer
) -> None:
    payload = seed("models.train.trigger.response")
    server.enqueue(json=payload, headers={"x-request-id": "req_train_1"})

    raw = flavor.call(lambda client: client.models.with_raw_response.train.trigger(model_id="m1"))

    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200
    assert raw.request_id == "req_train_1"
    parsed = raw.parse()
    assert isinstance(parsed, TrainTriggerResponse)
    assert dump(parsed) == payload


def test_raw_response_through_train_with_raw_response(
    flavor: Flavor, server: RecordingServer
) -> None:
    payload = seed("models.train.action.response")
    server.enqueue(json=payload, headers={"x-request-id": "req_action_1"})

    raw = flavor.call(
        lambda client: client.models.train.with_raw_response.action(model_id="m1", action="cancel")
    )

    assert raw.status_code == 200
    assert raw.request_id == "req_action_1"
    assert raw.json() == payload
    assert dump(raw.parse()) == payload
