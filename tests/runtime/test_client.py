"""Client lifecycle and raw responses: context managers, close, with_options, with_raw_response."""

from __future__ import annotations

import copy
import pickle

import httpx
import pytest

from generator.runtime._exceptions import NotFoundError
from generator.runtime._response import APIResponse, RawResponseProxy
from generator.runtime._types import DEFAULT_TIMEOUT, NOT_GIVEN, NotGiven, RequestOptions
from tests.runtime.api import Model, Models, ModelsPage, model_json
from tests.runtime.conftest import make_client
from tests.support.server import RecordingServer


def test_not_given_is_a_falsy_singleton() -> None:
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert NotGiven() is NOT_GIVEN
    assert copy.deepcopy(NOT_GIVEN) is NOT_GIVEN
    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN
    assert RequestOptions().timeout is NOT_GIVEN


def test_request_options_repr_hides_extra_headers() -> None:
    text = repr(RequestOptions(extra_headers={"Authorization": "Bearer secret"}, max_retries=1))
    assert "secret" not in text
    assert "max_retries=1" in text


def test_context_manager_closes_the_client_it_created(server: RecordingServer) -> None:
    with make_client(server) as client:
        client.models.get("m1")
        assert not client.is_closed()
    assert client.is_closed()


def test_close_leaves_a_caller_http_client_open(server) -> None:
    with httpx.Client() as http:
        client = make_client(server, http_client=http)
        client.close()
        assert not http.is_closed


def test_default_and_custom_timeouts(server) -> None:
    with make_client(server) as client:
        assert client.timeout == DEFAULT_TIMEOUT
    with make_client(server, timeout=3.0) as client:
        assert client.timeout == 3.0
        assert client.with_options(timeout=None).timeout is None


def test_with_options_copies_share_the_http_client_and_rebind_resources(server) -> None:
    with make_client(server) as client:
        copy_ = client.with_options(default_headers={"X-Copy": "1"}, base_url=server.url + "/v2")
        assert copy_ is not client
        assert copy_._http_client is client._http_client
        assert copy_.models is not client.models
        assert isinstance(copy_.models, Models)
        assert copy_.models._client is copy_
        copy_.models.get("m1")
        assert server.last.path == "/v2/models/m1"
        assert server.last.headers["x-copy"] == "1"
        client.models.get("m1")
        assert server.last.path == "/models/m1"
        assert "x-copy" not in server.last.headers
        copy_.close()  # does not close the shared client
        assert not client.is_closed()


def test_with_raw_response_gives_status_headers_and_parse(client, server) -> None:
    server.enqueue(status=201, json=model_json("m1"), headers={"x-request-id": "req-1"})
    raw = client.models.with_raw_response.get("m1")
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 201
    assert raw.headers["x-request-id"] == "req-1"
    assert raw.request_id == "req-1"
    assert raw.http_response.request.url.path == "/models/m1"
    assert raw.json() == model_json("m1")
    assert raw.content.startswith(b"{")
    assert '"modelId"' in raw.text
    parsed = raw.parse()
    assert isinstance(parsed, Model)
    assert raw.parse() is parsed
    assert repr(raw) == "<APIResponse [201] GET /models/m1>"
    # the flag does not leak into later calls
    server.enqueue(json=model_json("m2"))
    assert isinstance(client.models.get("m2"), Model)


def test_with_raw_response_on_a_list_parses_to_a_page(client, server) -> None:
    server.enqueue(json={"models": [model_json("a")], "nextPaginationToken": "p2"})
    server.enqueue(json={"models": [model_json("b")]})
    raw = client.models.with_raw_response.list()
    assert isinstance(raw, APIResponse)
    page = raw.parse()
    assert isinstance(page, ModelsPage)
    assert [m.model_id for m in page] == ["a", "b"]


def test_with_raw_response_of_no_content(client, server) -> None:
    server.enqueue(status=204)
    raw = client.models.with_raw_response.delete("m1")
    assert raw.status_code == 204
    assert raw.parse() is None


def test_with_raw_response_still_raises_status_errors(client, server) -> None:
    server.enqueue(status=404)
    with pytest.raises(NotFoundError):
        client.models.with_raw_response.get("m1")


def test_raw_proxy_passes_other_attributes_through(client) -> None:
    proxy = client.models.with_raw_response
    assert isinstance(proxy, RawResponseProxy)
    assert proxy._client is client
    assert "with_raw_response" in repr(proxy)
