"""Path parameters given positionally, as the reference pages and Stainless SDKs call them.

``client.models.update(model_id, **params)``: the path parameter may be the first
positional argument or a keyword; the server sees the same request either way,
sync and async, and through ``with_raw_response``.
"""

from __future__ import annotations

import inspect

import pytest
from scenario_sdk import APIResponse, Scenario
from scenario_sdk.types import ModelUpdateResponse, TrainActionResponse, TrainTriggerResponse

from tests.client.conftest import BASIC, Flavor, dump, seed
from tests.support.server import RecordingServer


def test_update_takes_the_model_id_positionally(flavor: Flavor, server: RecordingServer) -> None:
    payload = seed("models.update.response")
    server.enqueue(json=payload)

    updated = flavor.call(lambda client: client.models.update("model_1", name="Cinematic"))

    sent = server.last
    assert (sent.method, sent.path, sent.query_string) == ("PUT", "/models/model_1", "")
    assert sent.headers["authorization"] == BASIC
    assert sent.json == {"name": "Cinematic"}
    assert isinstance(updated, ModelUpdateResponse)
    assert dump(updated) == payload


def test_positional_and_keyword_model_id_send_the_same_request(
    flavor: Flavor, server: RecordingServer
) -> None:
    for _ in range(2):
        server.enqueue(json=seed("models.update.response"))

    flavor.call(lambda client: client.models.update("m/1 x", original_assets=True, name="n"))
    flavor.call(
        lambda client: client.models.update(model_id="m/1 x", original_assets=True, name="n")
    )

    first, second = server.requests
    assert first.path == second.path == "/models/m%2F1%20x"
    assert first.query_string == second.query_string == "originalAssets=true"
    assert first.body == second.body
    assert first.json == {"name": "n"}


def test_train_trigger_and_action_take_the_model_id_positionally(
    flavor: Flavor, server: RecordingServer
) -> None:
    server.enqueue(json=seed("models.train.trigger.response"))
    server.enqueue(json=seed("models.train.action.response"))

    triggered = flavor.call(lambda client: client.models.train.trigger("model_2"))
    action_body = seed("models.train.action.request")
    acted = flavor.call(lambda client: client.models.train.action("model_3", **action_body))

    trigger, action = server.requests
    assert (trigger.method, trigger.path) == ("PUT", "/models/model_2/train")
    assert (action.method, action.path) == ("POST", "/models/model_3/train/action")
    assert action.json == action_body
    assert isinstance(triggered, TrainTriggerResponse)
    assert isinstance(acted, TrainActionResponse)


def test_with_raw_response_passes_the_positional_model_id(
    flavor: Flavor, server: RecordingServer
) -> None:
    server.enqueue(json=seed("models.update.response"))

    raw = flavor.call(lambda client: client.models.with_raw_response.update("model_4", name="n"))

    assert isinstance(raw, APIResponse)
    assert server.last.path == "/models/model_4"
    assert raw.url.path == "/models/model_4"


def test_only_the_path_parameter_is_positional(server: RecordingServer) -> None:
    with Scenario(api_key="k", api_secret="s", base_url=server.url) as client:
        with pytest.raises(TypeError):
            client.models.update("model_1", True)  # type: ignore[misc]  # original_assets is keyword-only
        with pytest.raises(TypeError):
            client.models.update("model_1", model_id="model_2")  # type: ignore[misc]  # given twice
        kinds = {
            name: p.kind for name, p in inspect.signature(client.models.update).parameters.items()
        }
    assert kinds["model_id"] is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert {k for n, k in kinds.items() if n != "model_id"} == {inspect.Parameter.KEYWORD_ONLY}
    assert server.requests == []
