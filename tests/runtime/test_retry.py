"""Retries: which failures are retried, how long the client waits, and per-call overrides."""

from __future__ import annotations

import email.utils
import logging

import httpx
import pytest

from generator.runtime._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from generator.runtime._retry import (
    backoff,
    retry_after,
    retry_delay,
    should_retry,
)
from tests.runtime.api import API_KEY, API_SECRET, Client, model_json
from tests.runtime.conftest import make_client
from tests.support.server import RecordingServer

NOW = 1_700_000_000.0


# -- backoff math ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("retries_done", "base"),
    [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 8.0), (60, 8.0), (5000, 8.0)],
)
def test_backoff_doubles_up_to_the_cap_and_jitter_only_shortens(retries_done, base) -> None:
    assert backoff(retries_done, lambda: 0.0) == base
    assert backoff(retries_done, lambda: 0.999999) == pytest.approx(base * 0.75, rel=1e-5)
    assert base * 0.75 <= backoff(retries_done, lambda: 0.5) <= base


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.25"}, 0.25),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": email.utils.formatdate(NOW + 7, usegmt=True)}, 7.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_forms(headers, expected) -> None:
    assert retry_after(httpx.Headers(headers), now=NOW) == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "60"}, 60.0),
        ({"retry-after": "61"}, 1.0),  # out of range: backoff for the second retry
        ({"retry-after": "0"}, 1.0),
        ({"retry-after": "-5"}, 1.0),
        ({"retry-after-ms": "120000"}, 1.0),
        ({"retry-after": email.utils.formatdate(NOW - 30, usegmt=True)}, 1.0),  # in the past
        ({"retry-after": email.utils.formatdate(NOW + 3600, usegmt=True)}, 1.0),
        ({"retry-after": email.utils.formatdate(NOW + 30, usegmt=True)}, 30.0),
    ],
)
def test_retry_delay_uses_retry_after_only_within_range(headers, expected) -> None:
    delay = retry_delay(1, httpx.Headers(headers), random=lambda: 0.0, now=NOW)
    assert delay == pytest.approx(expected)


@pytest.mark.parametrize(
    ("status", "headers", "expected"),
    [
        (408, {}, True),
        (409, {}, True),
        (429, {}, True),
        (500, {}, True),
        (503, {}, True),
        (400, {}, False),
        (404, {}, False),
        (422, {}, False),
        (400, {"x-should-retry": "true"}, True),
        (503, {"x-should-retry": "false"}, False),
        (503, {"x-should-retry": "maybe"}, True),
    ],
)
def test_should_retry(status, headers, expected) -> None:
    assert should_retry(httpx.Response(status, headers=headers)) is expected


# -- against the server ------------------------------------------------------------


def test_429_with_retry_after_then_success(client, server: RecordingServer, sleeps) -> None:
    server.enqueue(status=429, headers={"Retry-After": "2"})
    server.enqueue(status=429, headers={"retry-after-ms": "300"})
    server.enqueue(json=model_json("m1"))
    assert client.models.get("m1").model_id == "m1"
    assert len(server.requests) == 3
    assert sleeps == [2.0, 0.3]


def test_backoff_sleeps_without_retry_after(server) -> None:
    sleeps: list[float] = []
    server.enqueue(status=503)
    server.enqueue(status=502)
    server.enqueue(status=500)
    with make_client(server, sleeps, max_retries=3) as client:
        client._random = lambda: 0.0
        client.models.get("m1")
    assert sleeps == [0.5, 1.0, 2.0]


def test_5xx_retried_then_raised_with_status_body_and_request_id(client, server, sleeps) -> None:
    for _ in range(3):
        server.enqueue(status=503, json={"error": "down"}, headers={"x-request-id": "req-9"})
    with pytest.raises(InternalServerError) as caught:
        client.models.get("m1")
    err = caught.value
    assert len(server.requests) == 3  # 1 + max_retries (2)
    assert len(sleeps) == 2
    assert err.status_code == 503
    assert err.body == {"error": "down"}
    assert err.request_id == "req-9"
    assert err.response.status_code == 503
    assert err.request is not None
    assert err.request.url.path == "/models/m1"
    assert str(err) == 'Error code: 503 - {"error": "down"}'


def test_text_error_body_is_kept_as_text(client, server) -> None:
    server.enqueue(status=404, body="no such model", headers={"content-type": "text/plain"})
    with pytest.raises(NotFoundError) as caught:
        client.models.get("m1")
    assert caught.value.body == "no such model"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (422, UnprocessableEntityError),
        (418, APIStatusError),
    ],
)
def test_4xx_are_not_retried(client, server, sleeps, status, cls) -> None:
    server.enqueue(status=status, json={"error": "no"})
    with pytest.raises(cls) as caught:
        client.models.get("m1")
    assert type(caught.value) is cls
    assert caught.value.status_code == status
    assert len(server.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize(("status", "cls"), [(409, ConflictError), (429, RateLimitError)])
def test_retryable_4xx_raise_their_class_when_exhausted(client, server, status, cls) -> None:
    for _ in range(3):
        server.enqueue(status=status)
    with pytest.raises(cls):
        client.models.get("m1")
    assert len(server.requests) == 3


def test_x_should_retry_header_is_honoured(client, server, sleeps) -> None:
    server.enqueue(status=503, headers={"x-should-retry": "false"})
    with pytest.raises(InternalServerError):
        client.models.get("m1")
    assert len(server.requests) == 1
    server.clear()
    server.enqueue(status=400, headers={"x-should-retry": "true"})
    client.models.get("m1")
    assert len(server.requests) == 2


def test_per_call_max_retries_override(client, server, sleeps) -> None:
    for _ in range(6):
        server.enqueue(status=500)
    with pytest.raises(InternalServerError):
        client.models.get("m1", max_retries=0)
    assert len(server.requests) == 1
    server.clear()
    for _ in range(6):
        server.enqueue(status=500)
    with pytest.raises(InternalServerError):
        client.models.get("m1", max_retries=4)
    assert len(server.requests) == 5


def test_client_max_retries_and_with_options(server, sleeps) -> None:
    with make_client(server, sleeps, max_retries=0) as client:
        server.enqueue(status=500)
        with pytest.raises(InternalServerError):
            client.models.get("m1")
        assert len(server.requests) == 1
        server.enqueue(status=500)
        client.with_options(max_retries=1).models.get("m1")  # second try gets the default 200
        assert len(server.requests) == 3


def test_negative_max_retries_is_rejected(server) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        make_client(server, max_retries=-1)


def test_slow_server_and_small_timeout_raise_api_timeout_error(client, server, sleeps) -> None:
    server.enqueue(json=model_json(), delay=1.0)
    with pytest.raises(APITimeoutError) as caught:
        client.models.get("m1", timeout=0.1, max_retries=0)
    assert isinstance(caught.value, APIConnectionError)
    assert caught.value.request is not None
    assert isinstance(caught.value.__cause__, httpx.TimeoutException)


def test_timeout_is_retried_then_succeeds(server, sleeps) -> None:
    server.enqueue(json=model_json(), delay=1.0)
    server.enqueue(json=model_json("m2"))
    # httpx.Timeout: phase timeouts only (a bare number would also bound the whole call).
    with make_client(server, sleeps, timeout=httpx.Timeout(0.1)) as client:
        assert client.models.get("m1").model_id == "m2"
    assert len(sleeps) == 1


def test_closed_port_raises_api_connection_error(closed_base_url, sleeps) -> None:
    with Client(api_key=API_KEY, api_secret=API_SECRET, base_url=closed_base_url) as client:
        client._sleep = sleeps.append
        with pytest.raises(APIConnectionError) as caught:
            client.models.get("m1")
    assert type(caught.value) is APIConnectionError
    assert caught.value.message.startswith("Connection error")
    assert len(sleeps) == 2  # retried twice first


def test_dropped_connection_is_retried(client, server, sleeps) -> None:
    server.enqueue(disconnect=True)
    server.enqueue(json=model_json("m1"))
    assert client.models.get("m1").model_id == "m1"
    assert len(server.requests) == 2
    assert len(sleeps) == 1


def test_requests_and_retries_are_logged_at_debug(client, server, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="generator.runtime")
    server.enqueue(status=503)
    client.models.get("m1")
    messages = [r.getMessage() for r in caplog.records if r.name == "generator.runtime"]
    assert any(m.startswith("request GET http://") for m in messages)
    assert any("retrying GET" in m and "status 503" in m for m in messages)
