"""The client's own redirect policy, against two real servers on 127.0.0.1.

A second server on another port is another origin: what it received is the
evidence (no credential, no default or extra header, no cookie, no body).
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from generator.runtime._exceptions import (
    APIError,
    APIStatusError,
    RedirectError,
    RedirectNotFollowedError,
    TooManyRedirectsError,
)
from generator.runtime._operation import AuthScheme, OperationSpec
from tests.runtime.api import (
    API_KEY,
    API_SECRET,
    CREATE_MODEL,
    GET_MODEL,
    MODEL_ID,
    Model,
    model_json,
    options,
)
from tests.runtime.conftest import make_async_client, make_client, run
from tests.support.server import RecordedRequest, RecordingServer, ScriptedResponse

REDIRECTS = [301, 302, 303, 307, 308]
TEAM_SECRET = "team-header-SECRET-777"
CALL_SECRET = "call-header-SECRET-888"
QUERY_SECRET = "query-SECRET-999"
COOKIE_SECRET = "cookie-SECRET-555"
BASIC = "Basic " + base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()
# Headers a request may carry to another origin: none of them is a credential.
HARMLESS = {"host", "accept", "user-agent", "accept-encoding", "connection"}

KEY_GET = OperationSpec(
    operation_id="getModelByKey",
    method="GET",
    path="/models/{modelId}",
    params=(MODEL_ID,),
    response_type=Model,
    auth=((AuthScheme("apiKey", name="X-API-Key"),),),
)
UPDATE_MODEL = dataclasses.replace(CREATE_MODEL, operation_id="updateModel", method="PUT")
DELETE_WITH_BODY = dataclasses.replace(CREATE_MODEL, operation_id="deleteMany", method="DELETE")


@pytest.fixture
def other() -> Iterator[RecordingServer]:
    """Another origin: same host, another port."""
    with RecordingServer() as running:
        yield running


def _secrets() -> list[str]:
    token = BASIC.split()[1]
    return [API_KEY, API_SECRET, token, TEAM_SECRET, CALL_SECRET, QUERY_SECRET, COOKIE_SECRET]


def _assert_carries_no_secret(request: RecordedRequest) -> None:
    assert set(request.headers.keys()) <= HARMLESS, request.headers
    assert request.body == b""
    assert request.query == []
    seen = " ".join(f"{k}: {v}" for k, v in request.headers.multi_items()) + request.path
    for secret in _secrets():
        assert secret not in seen


def _redirect_to(server: RecordingServer, status: int, location: str) -> None:
    server.enqueue(
        status=status,
        headers={"Location": location, "Set-Cookie": f"sid2={COOKIE_SECRET}; Path=/"},
    )


def _call_kwargs() -> dict[str, Any]:
    return {
        "params": {"modelId": "m1"},
        "options": options(
            extra_headers={"X-Call-Token": CALL_SECRET}, extra_query={"api_key": QUERY_SECRET}
        ),
    }


# -- GET and HEAD follow; another origin gets nothing secret ----------------------------


@pytest.mark.parametrize("status", REDIRECTS)
def test_same_origin_redirect_keeps_credentials(server: RecordingServer, status: int) -> None:
    server.enqueue(status=status, headers={"Location": "/v2/models/m1"})
    server.enqueue(json=model_json("m1"))
    with make_client(server, default_headers={"X-Team": TEAM_SECRET}) as client:
        model = client.models.get("m1")
    assert model.model_id == "m1"
    _first, second = server.requests
    assert (second.method, second.path) == ("GET", "/v2/models/m1")
    assert second.headers["authorization"] == BASIC
    assert second.headers["x-team"] == TEAM_SECRET


@pytest.mark.parametrize("status", REDIRECTS)
@pytest.mark.parametrize("op", [GET_MODEL, KEY_GET], ids=["basic", "api-key-header"])
def test_cross_origin_redirect_sends_no_credential_header_cookie_or_query(
    server: RecordingServer, other: RecordingServer, status: int, op: OperationSpec
) -> None:
    server.enqueue(json=model_json("warmup"), headers={"Set-Cookie": f"sid={COOKIE_SECRET}"})
    _redirect_to(server, status, f"{other.url}/landing")
    other.enqueue(json=model_json("elsewhere"))
    with make_client(server, default_headers={"X-Team": TEAM_SECRET}) as client:
        client.request(GET_MODEL, params={"modelId": "warmup"})  # the jar now holds a cookie
        model = client.request(op, **_call_kwargs())
    assert model.model_id == "elsewhere"
    origin_request = server.requests[1]
    assert QUERY_SECRET in origin_request.query_string  # the origin did get everything
    assert origin_request.headers["x-team"] == TEAM_SECRET
    [landed] = other.requests
    assert (landed.method, landed.path) == ("GET", "/landing")
    _assert_carries_no_secret(landed)


def test_cross_origin_redirect_does_not_apply_the_http_clients_own_auth(
    server: RecordingServer, other: RecordingServer
) -> None:
    server.enqueue(status=302, headers={"Location": f"{other.url}/x"})
    with (
        httpx.Client(auth=("http-user", TEAM_SECRET), follow_redirects=True) as http,
        make_client(server, http_client=http, api_key=None, api_secret=None) as client,
    ):
        client.request(dataclasses.replace(GET_MODEL, auth=()), params={"modelId": "m1"})
    assert server.requests[0].headers["authorization"].startswith("Basic ")
    _assert_carries_no_secret(other.last)


def test_redirect_chain_back_to_the_origin_stays_stripped(
    server: RecordingServer, other: RecordingServer
) -> None:
    server.enqueue(status=302, headers={"Location": f"{other.url}/hop"})
    other.enqueue(status=302, headers={"Location": f"{server.url}/back"})
    server.enqueue(json=model_json("m1"))
    with make_client(server, default_headers={"X-Team": TEAM_SECRET}) as client:
        client.request(KEY_GET, **_call_kwargs())
    _assert_carries_no_secret(other.last)
    assert server.last.path == "/back"
    assert "x-api-key" not in server.last.headers  # once stripped, stripped for the call


def test_head_requests_follow_too(server: RecordingServer, other: RecordingServer) -> None:
    head = dataclasses.replace(GET_MODEL, method="HEAD", response_type=None)
    server.enqueue(status=307, headers={"Location": f"{other.url}/h"})
    with make_client(server) as client:
        client.request(head, params={"modelId": "m1"})
    assert other.last.method == "HEAD"
    _assert_carries_no_secret(other.last)


def test_async_cross_origin_redirect_sends_no_credentials(
    server: RecordingServer, other: RecordingServer
) -> None:
    _redirect_to(server, 308, f"{other.url}/landing")
    other.enqueue(json=model_json("elsewhere"))

    async def main() -> Any:
        async with make_async_client(server, default_headers={"X-Team": TEAM_SECRET}) as client:
            return await client.request(KEY_GET, **_call_kwargs())

    assert run(main()).model_id == "elsewhere"
    _assert_carries_no_secret(other.last)


def test_a_user_http_client_that_follows_redirects_still_gets_the_clients_policy(
    server: RecordingServer, other: RecordingServer
) -> None:
    server.enqueue(status=301, headers={"Location": f"{other.url}/moved"})
    with (
        httpx.Client(follow_redirects=True) as http,
        make_client(server, http_client=http) as client,
    ):
        client.request(KEY_GET, **_call_kwargs())
    _assert_carries_no_secret(other.last)


# -- other methods never follow ------------------------------------------------------


@pytest.mark.parametrize("status", REDIRECTS)
@pytest.mark.parametrize(
    "op", [CREATE_MODEL, UPDATE_MODEL, DELETE_WITH_BODY], ids=lambda o: o.method
)
@pytest.mark.parametrize("where", ["same-origin", "cross-origin"])
def test_non_get_redirect_raises_naming_the_location_and_resends_nothing(
    server: RecordingServer,
    other: RecordingServer,
    status: int,
    op: OperationSpec,
    where: str,
) -> None:
    target = "/elsewhere" if where == "same-origin" else f"{other.url}/elsewhere"
    server.enqueue(status=status, headers={"Location": target})
    with make_client(server) as client, pytest.raises(RedirectNotFollowedError) as caught:
        client.request(op, body={"displayName": "n"})
    error = caught.value
    assert isinstance(error, RedirectError)
    assert isinstance(error, APIError)
    expected = (server.url if where == "same-origin" else other.url) + "/elsewhere"
    assert error.location == expected
    assert expected in str(error)
    assert f"{op.method} " in str(error)
    assert str(status) in str(error)
    assert error.response.status_code == status
    assert len(server.requests) == 1  # not re-sent, not turned into a GET
    assert other.requests == []


def test_async_put_redirect_raises_too(server: RecordingServer, other: RecordingServer) -> None:
    server.enqueue(status=303, headers={"Location": f"{other.url}/done"})

    async def main() -> None:
        async with make_async_client(server) as client:
            await client.request(UPDATE_MODEL, body={"displayName": "n"})

    with pytest.raises(RedirectNotFollowedError):
        run(main())
    assert len(server.requests) == 1
    assert other.requests == []


# -- bounds and odd answers ----------------------------------------------------------


def test_too_many_redirects_is_an_api_error(server: RecordingServer) -> None:
    server.default = ScriptedResponse(status=302, headers={"Location": "/loop"})
    with make_client(server) as client, pytest.raises(TooManyRedirectsError) as caught:
        client.models.get("m1")
    assert isinstance(caught.value, APIError)
    assert len(server.requests) == 21  # the first request and 20 followed hops
    assert "more than 20 redirects" in str(caught.value)


def test_async_too_many_redirects(server: RecordingServer) -> None:
    server.default = ScriptedResponse(status=307, headers={"Location": "/loop"})

    async def main() -> None:
        async with make_async_client(server) as client:
            await client.models.get("m1")

    with pytest.raises(TooManyRedirectsError):
        run(main())
    assert len(server.requests) == 21


def test_the_location_in_an_error_is_redacted(
    server: RecordingServer, other: RecordingServer
) -> None:
    server.enqueue(status=302, headers={"Location": f"{other.url}/x?token={QUERY_SECRET}&page=2"})
    with make_client(server) as client, pytest.raises(RedirectNotFollowedError) as caught:
        client.request(UPDATE_MODEL, body={"displayName": "n"})
    assert QUERY_SECRET not in str(caught.value)
    assert QUERY_SECRET not in caught.value.location
    assert f"{other.url}/x?token=****&page=2" in str(caught.value)


def test_a_redirect_without_location_is_a_status_error(server: RecordingServer) -> None:
    server.enqueue(status=302, json={"error": "moved, but where?"})
    with make_client(server) as client, pytest.raises(APIStatusError) as caught:
        client.models.get("m1")
    assert caught.value.status_code == 302
    assert len(server.requests) == 1


@pytest.mark.parametrize("location", ["ftp://127.0.0.1/file", "file:///etc/passwd"])
def test_a_redirect_to_another_scheme_is_not_followed(
    server: RecordingServer, location: str
) -> None:
    server.enqueue(status=302, headers={"Location": location})
    with make_client(server) as client, pytest.raises(RedirectNotFollowedError) as caught:
        client.models.get("m1")
    assert "only http:// and https://" in str(caught.value)
    assert len(server.requests) == 1
