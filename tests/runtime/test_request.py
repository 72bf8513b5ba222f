"""What goes over the wire: method, path, query styles, headers, JSON body."""

from __future__ import annotations

import datetime
import enum
import json

import httpx
import pytest

from generator.runtime._types import NOT_GIVEN, RequestOptions
from tests.runtime.api import (
    CREATE_MODEL,
    ECHO,
    CreateModelBody,
    HyperParameters,
    Model,
    Tag,
    model_json,
)
from tests.runtime.conftest import make_client
from tests.support.server import RecordingServer


def test_get_sends_method_path_and_default_headers(client, server: RecordingServer) -> None:
    server.enqueue(json=model_json("m1"))
    model = client.models.get("m1")
    assert isinstance(model, Model)
    assert model.model_id == "m1"
    seen = server.last
    assert seen.method == "GET"
    assert seen.path == "/models/m1"
    assert seen.query_string == ""
    assert seen.headers["accept"] == "application/json"
    assert seen.headers["user-agent"] == "rttest_sdk/0.1.0"
    assert "content-type" not in seen.headers
    assert seen.body == b""


def test_path_parameter_is_percent_encoded_as_one_segment(client, server) -> None:
    server.enqueue(json=model_json("a/b c?d#é"))
    client.models.get("a/b c?d#é")
    assert server.last.path == "/models/a%2Fb%20c%3Fd%23%C3%A9"
    assert server.last.decoded_path == "/models/a/b c?d#é"


def test_base_url_path_prefix_is_kept(server) -> None:
    with make_client(server, base_url=server.url + "/v1/") as client:
        client.models.get("m1")
    assert server.last.path == "/v1/models/m1"


def test_delete_without_response_type_returns_none(client, server) -> None:
    server.enqueue(status=204)
    assert client.models.delete("m1") is None
    assert server.last.method == "DELETE"


def test_query_form_explode_default_repeats_the_key(client, server) -> None:
    server.enqueue(json={"models": []})
    client.models.list(tags=["a", "b,c"], page_size=10, verbose=True)
    assert server.last.query == [
        ("pageSize", "10"),
        ("tag", "a"),
        ("tag", "b,c"),
        ("verbose", "true"),
    ]
    assert server.last.query_string == "pageSize=10&tag=a&tag=b%2Cc&verbose=true"


def test_query_form_no_explode_joins_with_literal_commas(client, server) -> None:
    server.enqueue(json={"models": []})
    client.models.list(ids=["x", "y,z", "w"])
    assert server.last.query_string == "ids=x,y%2Cz,w"


def test_query_space_and_pipe_delimited(client, server) -> None:
    server.enqueue(json={"models": []})
    client.models.list(sizes=[1, 2], kinds=["a", "b|c"])
    assert server.last.query_string == "sizes=1%202&kinds=a|b%7Cc"
    assert server.last.query == [("sizes", "1 2"), ("kinds", "a|b|c")]


def test_query_deep_object(client, server) -> None:
    server.enqueue(json={"models": []})
    client.models.list(filter={"owner": "me", "archived": False})
    assert server.last.query == [("filter[owner]", "me"), ("filter[archived]", "false")]


def test_query_booleans_enums_and_dates_are_spelled_as_json(client, server) -> None:
    class Status(enum.Enum):
        READY = "ready"

    server.enqueue(json={"models": []})
    client.models.list(status=Status.READY, verbose=False)
    assert server.last.query == [("status", "ready"), ("verbose", "false")]


def test_not_given_and_none_leave_optional_params_out(client, server) -> None:
    server.enqueue(json={"models": []})
    client.models.list(page_size=NOT_GIVEN, status=None, tags=NOT_GIVEN)
    assert server.last.query_string == ""


def test_header_parameter_and_extra_headers(client, server) -> None:
    server.enqueue(json={"models": []})
    client.models.list(trace_id="t-1", opts={"extra_headers": {"X-Extra": "yes", "Accept": "*/*"}})
    assert server.last.headers["x-trace-id"] == "t-1"
    assert server.last.headers["x-extra"] == "yes"
    assert server.last.headers["accept"] == "*/*"


def test_default_headers_are_sent(server) -> None:
    with make_client(server, default_headers={"X-Team": "core"}) as client:
        client.models.get("m1")
    assert server.last.headers["x-team"] == "core"


def test_extra_query_adds_and_replaces_keys(client, server) -> None:
    server.enqueue(json={"models": []})
    client.models.list(page_size=5, opts={"extra_query": {"pageSize": 7, "debug": True}})
    assert server.last.query == [("pageSize", "7"), ("debug", "true")]


def test_body_snake_and_camel_keys_at_depth_are_sent_by_alias(client, server) -> None:
    server.enqueue(json=model_json())
    client.models.create(
        display_name="first",
        parameters={"learning_rate": 0.5, "batchSize": 8},
        tags=[{"name": "a", "tag_value": "1"}, {"name": "b", "tagValue": "2"}],
    )
    seen = server.last
    assert seen.method == "POST"
    assert seen.headers["content-type"] == "application/json"
    assert seen.json == {
        "displayName": "first",
        "parameters": {"learningRate": 0.5, "batchSize": 8},
        "tags": [{"name": "a", "tagValue": "1"}, {"name": "b", "tagValue": "2"}],
    }


def test_body_accepts_model_instances_and_leaves_unset_fields_out(client, server) -> None:
    client.models.create(
        display_name="x", parameters=HyperParameters(batch_size=2), tags=[Tag(name="t")]
    )
    assert server.last.json == {
        "displayName": "x",
        "parameters": {"batchSize": 2},
        "tags": [{"name": "t"}],
    }


def test_explicit_none_in_body_is_sent_as_null(client, server) -> None:
    client.models.create(display_name="x", mode=None)
    assert server.last.json == {"displayName": "x", "mode": None}


def test_extra_body_is_merged_over_the_body(client, server) -> None:
    extra = RequestOptions(extra_body={"beta": True, "displayName": "y"})
    client.request(CREATE_MODEL, body={"displayName": "x"}, options=extra)
    assert server.last.json == {"displayName": "y", "beta": True}


def test_extra_body_alone_is_sent(client, server) -> None:
    client.request(ECHO, options=RequestOptions(extra_body={"only": 1}))
    assert server.last.json == {"only": 1}


def test_body_without_model_converts_models_dates_and_enums(client, server) -> None:
    when = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)
    server.enqueue(json={"ok": True})
    result = client.request(
        ECHO,
        body={
            "spec": CreateModelBody(display_name="d"),
            "when": when,
            "skip": NOT_GIVEN,
            "items": [Tag(name="n", tag_value="v")],
        },
    )
    assert result == {"ok": True}
    assert server.last.json == {
        "spec": {"displayName": "d"},
        "when": "2024-05-01T12:00:00Z",
        "items": [{"name": "n", "tagValue": "v"}],
    }


def test_non_ascii_body_round_trips(client, server) -> None:
    client.models.create(display_name="modèle ✓")
    assert json.loads(server.last.body.decode("utf-8")) == {"displayName": "modèle ✓"}


def test_user_supplied_http_client_is_used_and_not_closed(server) -> None:
    with httpx.Client(headers={"X-From-Transport": "1"}) as http:
        with make_client(server, http_client=http) as client:
            client.models.get("m1")
        assert not http.is_closed
    assert server.last.headers["x-from-transport"] == "1"


@pytest.mark.parametrize("timeout", [0.5, httpx.Timeout(2.0)])
def test_per_call_timeout_is_applied(client, server, timeout) -> None:
    server.enqueue(json=model_json(), delay=0.0)
    client.models.get("m1", timeout=timeout)
    assert server.last.path == "/models/m1"
