"""Hostile servers and faults: slow drips, gzip bombs, deep nesting, cursor cycles, wrong
JSON kinds, corrupt encodings, and what a server sees when non-idempotent calls are retried.

Every case runs against the recording server on 127.0.0.1; the timing and memory
cases are bounded with generous margins (``make bench`` measures them precisely).
"""

from __future__ import annotations

import gzip
import itertools
import json
import logging
import time
import tracemalloc
import zlib
from typing import Any

import httpx
import pytest

from generator.runtime._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseDecodingError,
    APIResponseTooLargeError,
    APIResponseValidationError,
    APITimeoutError,
    InternalServerError,
)
from generator.runtime._json import JSONNestingError
from generator.runtime._operation import OperationSpec
from generator.runtime._retry import IDEMPOTENCY_HEADER
from generator.runtime._types import DEFAULT_MAX_RESPONSE_SIZE, CallTimeout
from tests.runtime.api import API_KEY, API_SECRET, BASIC, ECHO, MODEL_ID, Client, Model, model_json
from tests.runtime.conftest import make_async_client, make_client, run
from tests.support.server import (
    RecordedRequest,
    RecordingServer,
    ScriptedResponse,
    deep_json,
    gzip_bomb,
)

MIB = 1024 * 1024
SLACK = 3.0  # seconds of margin on every timing bound
RETRY_NOW = {"retry-after-ms": "1"}

REPLACE_MODEL = OperationSpec(
    operation_id="replaceModel",
    method="PUT",
    path="/models/{modelId}",
    params=(MODEL_ID,),
    response_type=Model,
    auth=(BASIC,),
)
PATCH_MODEL = OperationSpec(
    operation_id="patchModel",
    method="PATCH",
    path="/models/{modelId}",
    params=(MODEL_ID,),
    response_type=Model,
    auth=(BASIC,),
)


def slow_body() -> bytes:
    """A valid model body long enough to take 100 s at one byte per 0.5 s."""
    return json.dumps(model_json(padding="x" * 200)).encode()


# -- item 5: a total deadline per call ------------------------------------------------


def test_a_number_timeout_bounds_a_call_against_a_dripping_server(server, sleeps) -> None:
    server.enqueue(body=slow_body(), headers={"Content-Type": "application/json"}, drip=0.5)
    with make_client(server, sleeps, timeout=2) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match="total") as caught:
            client.models.get("m1")
        assert time.monotonic() - started < 2 + SLACK
    assert caught.value.request is not None
    assert len(server.requests) == 1  # out of time: no retry


def test_a_number_timeout_bounds_an_async_call_against_a_dripping_server(server) -> None:
    server.enqueue(body=slow_body(), headers={"Content-Type": "application/json"}, drip=0.5)

    async def call() -> float:
        async with make_async_client(server, timeout=1) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match="total"):
                await client.models.get("m1")
            return time.monotonic() - started

    assert run(call()) < 1 + SLACK
    assert len(server.requests) == 1


@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_the_deadline_holds_while_the_status_line_and_headers_drip(server, flavor) -> None:
    # A blocking read never returns control here: the deadline has to end it from outside.
    server.enqueue(json=model_json(), drip=0.5, drip_head=True)

    async def call_async() -> None:
        async with make_async_client(server, timeout=2) as client:
            await client.models.get("m1")

    def call_sync() -> None:
        with make_client(server, timeout=2) as client:
            client.models.get("m1")

    started = time.monotonic()
    with pytest.raises(APITimeoutError, match="total"):
        run(call_async()) if flavor == "async" else call_sync()
    assert time.monotonic() - started < 2 + SLACK
    assert len(server.requests) == 1


def test_a_dripping_head_within_the_deadline_still_answers(server) -> None:
    server.enqueue(json=model_json("m4"), drip=0.002, drip_head=True)
    with make_client(server, timeout=CallTimeout(5.0, total=30.0)) as client:
        assert client.models.get("m4").model_id == "m4"


def test_the_deadline_counts_every_retry(server, sleeps) -> None:
    # Each attempt stays well inside its 5 s phase timeouts, but three of them do not
    # fit in 2 s: the deadline cuts the third one short instead of running all six.
    for _ in range(6):
        server.enqueue(status=500, json={"error": "busy"}, headers=RETRY_NOW, delay=0.8)
    with make_client(server, sleeps, max_retries=5) as client:
        started = time.monotonic()
        with pytest.raises(APITimeoutError, match="total"):
            client.models.get("m1", timeout=CallTimeout(5.0, total=2.0))
        assert time.monotonic() - started < 2 + SLACK
    assert 2 <= len(server.requests) <= 3


def test_a_backoff_that_would_pass_the_deadline_ends_with_the_last_error(server) -> None:
    for _ in range(3):
        server.enqueue(status=503, json={"error": "busy"}, headers={"retry-after": "30"})
    with make_client(server, sleeps=None) as client:
        started = time.monotonic()
        with pytest.raises(InternalServerError):
            client.models.get("m1", timeout=CallTimeout(5.0, total=10.0))
        assert time.monotonic() - started < SLACK
    assert len(server.requests) == 1  # waiting 30 s would not fit in 10 s


def test_httpx_timeout_keeps_phase_timeouts_only(server, sleeps) -> None:
    server.enqueue(json=model_json(), delay=1.0)
    server.enqueue(json=model_json("m2"))
    with make_client(server, sleeps) as client:
        got = client.models.get("m1", timeout=httpx.Timeout(0.3), max_retries=1)
    assert got.model_id == "m2"  # the read timeout was retried: no total deadline
    assert len(server.requests) == 2


def test_a_dripping_server_within_the_deadline_still_answers(server, sleeps) -> None:
    body = json.dumps(model_json("m7")).encode()
    server.enqueue(body=body, headers={"Content-Type": "application/json"}, drip=0.01)
    with make_client(server, sleeps, timeout=CallTimeout(5.0, total=30.0)) as client:
        assert client.models.get("m7").model_id == "m7"


def test_call_timeout_rejects_a_total_of_zero() -> None:
    with pytest.raises(ValueError, match="total"):
        CallTimeout(1.0, total=0)


# -- item 6: a maximum response size, on the decompressed stream ----------------------


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """300 MiB of zeros, gzip-compressed to about 300 KB."""
    return gzip_bomb(300 * MIB)


def enqueue_bomb(server: RecordingServer, bomb: bytes, status: int = 200) -> None:
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    server.enqueue(status=status, body=bomb, headers=headers)


def test_a_gzip_bomb_stops_at_the_default_limit_without_inflating(server, bomb) -> None:
    assert 250_000 < len(bomb) < 400_000
    enqueue_bomb(server, bomb)
    with make_client(server) as client:
        tracemalloc.start()
        try:
            with pytest.raises(APIResponseTooLargeError) as caught:
                client.models.get("m1")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert isinstance(caught.value, APIError)
    assert caught.value.limit == DEFAULT_MAX_RESPONSE_SIZE
    assert str(DEFAULT_MAX_RESPONSE_SIZE) in str(caught.value)
    assert peak < DEFAULT_MAX_RESPONSE_SIZE + 16 * MIB, f"peak {peak / MIB:.0f} MiB"


def test_an_async_gzip_bomb_in_an_error_response_stops_at_a_client_limit(server, bomb) -> None:
    enqueue_bomb(server, bomb, status=400)

    async def call() -> int:
        async with make_async_client(server, max_response_size=4 * MIB) as client:
            tracemalloc.start()
            try:
                with pytest.raises(APIResponseTooLargeError):
                    await client.models.get("m1")
                return tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    assert run(call()) < 4 * MIB + 16 * MIB


def test_the_limit_is_set_per_call_and_can_be_lifted(server) -> None:
    body = json.dumps(model_json(padding="y" * 5000)).encode()
    for _ in range(3):
        server.enqueue(body=gzip.compress(body), headers={"Content-Encoding": "gzip"})
    with make_client(server, max_response_size=1000) as client:
        with pytest.raises(APIResponseTooLargeError, match="1000 bytes"):
            client.models.get("m1")
        assert client.with_options(max_response_size=None).models.get("m1").padding == "y" * 5000
        assert client.with_options(max_response_size=len(body)).models.get("m1").model_id == "m1"


def test_a_plain_body_over_the_limit_is_refused_from_its_content_length(server) -> None:
    server.enqueue(json=model_json(padding="z" * 5000))
    with (
        make_client(server, max_response_size=1000) as client,
        pytest.raises(APIResponseTooLargeError),
    ):
        client.models.get("m1")


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(gzip.compress, id="gzip"),
        pytest.param(zlib.compress, id="deflate-zlib"),
        pytest.param(lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS), id="deflate-raw"),
    ],
)
def test_compressed_bodies_under_the_limit_decode(server, encode) -> None:
    coding = "gzip" if encode is gzip.compress else "deflate"
    server.enqueue(
        body=encode(json.dumps(model_json("m9")).encode()), headers={"Content-Encoding": coding}
    )
    with make_client(server, max_response_size=10_000) as client:
        assert client.models.get("m9").model_id == "m9"


def test_max_response_size_must_be_positive(server) -> None:
    with pytest.raises(ValueError, match="max_response_size"):
        make_client(server, max_response_size=0)


# -- item 9 (response side): decoding failures are APIErrors with a cause -------------


@pytest.mark.parametrize(
    ("body", "coding"),
    [
        pytest.param(b"\x1f\x8b\x08\x00garbage-not-deflate", "gzip", id="corrupt-gzip"),
        pytest.param(
            gzip.compress(b'{"modelId": "m1", "status": "ready"}')[:-12], "gzip", id="cut"
        ),
        pytest.param(b"\x1f\x8b garbage", "gzip, gzip", id="stacked-through-httpx"),
    ],
)
def test_corrupt_compressed_bodies_raise_a_decoding_error(server, body, coding) -> None:
    server.enqueue(body=body, headers={"Content-Encoding": coding})
    with make_client(server) as client, pytest.raises(APIResponseDecodingError) as caught:
        client.models.get("m1")
    assert isinstance(caught.value, APIError)
    assert caught.value.status_code == 200
    if coding == "gzip, gzip":
        assert isinstance(caught.value.__cause__, httpx.DecodingError)


def test_a_corrupt_gzip_body_raises_a_decoding_error_async(server) -> None:
    server.enqueue(
        body=b"\x1f\x8b\x08\x00garbage-not-deflate", headers={"Content-Encoding": "gzip"}
    )

    async def call() -> BaseException | None:
        async with make_async_client(server) as client:
            with pytest.raises(APIResponseDecodingError) as caught:
                await client.models.get("m1")
            return caught.value.__cause__

    assert isinstance(run(call()), zlib.error)


def test_malformed_json_raises_validation_error_with_the_decoding_error_as_cause(
    server,
) -> None:
    server.enqueue(body='{"modelId": "m1", ', headers={"Content-Type": "application/json"})
    with (
        make_client(server) as client,
        pytest.raises(APIResponseValidationError, match="not JSON") as caught,
    ):
        client.models.get("m1")
    assert isinstance(caught.value.__cause__, json.JSONDecodeError)


# -- item 8: deep nesting -------------------------------------------------------------


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_deeply_nested_json_in_a_200_is_a_validation_error(server, strict) -> None:
    server.enqueue(body=deep_json(100_000), headers={"Content-Type": "application/json"})
    with (
        make_client(server, strict=strict) as client,
        pytest.raises(APIResponseValidationError, match="nested too deeply") as caught,
    ):
        client.request(ECHO, params={}, body=None)
    assert isinstance(caught.value.__cause__, JSONNestingError)
    assert isinstance(caught.value.__cause__.__cause__, RecursionError)


def test_deeply_nested_json_in_a_500_is_a_status_error(server, sleeps) -> None:
    server.enqueue(
        status=500, body=deep_json(100_000), headers={"Content-Type": "application/json"}
    )
    with (
        make_client(server, sleeps, max_retries=0) as client,
        pytest.raises(InternalServerError) as caught,
    ):
        client.models.get("m1")
    assert caught.value.body == deep_json(100_000).decode()
    assert isinstance(caught.value.__cause__, JSONNestingError)
    assert len(str(caught.value)) < 1000


def test_deeply_nested_json_async(server) -> None:
    server.enqueue(body=deep_json(100_000), headers={"Content-Type": "application/json"})

    async def call() -> None:
        async with make_async_client(server) as client:
            with pytest.raises(APIResponseValidationError):
                await client.request(ECHO, params={}, body=None)

    run(call())


# -- item 10: lenient but not blind ---------------------------------------------------

WRONG_KINDS = [
    pytest.param(b"<html><body>Please log in</body></html>", "text/html", "not JSON", id="html"),
    pytest.param(b"[]", "application/json", "a JSON array", id="list"),
    pytest.param(b'"ok"', "application/json", "a JSON string", id="string"),
    pytest.param(b"null", "application/json", "a JSON null", id="null"),
    pytest.param(b"", "application/json", "an empty body", id="empty"),
]


@pytest.mark.parametrize(("body", "content_type", "said"), WRONG_KINDS)
def test_lenient_mode_rejects_a_body_of_the_wrong_json_kind(
    server, body, content_type, said
) -> None:
    server.enqueue(body=body, headers={"Content-Type": content_type})
    with (
        make_client(server) as client,
        pytest.raises(APIResponseValidationError, match=said) as caught,
    ):
        client.models.get("m1")
    assert "GET /models/m1" in str(caught.value)
    assert "object" in str(caught.value) or said == "not JSON"


@pytest.mark.parametrize(("body", "content_type", "said"), WRONG_KINDS)
def test_a_list_call_on_an_error_page_raises_instead_of_yielding_nothing(
    server, body, content_type, said
) -> None:
    server.enqueue(body=body, headers={"Content-Type": content_type})

    async def call() -> None:
        async with make_async_client(server) as client:
            with pytest.raises(APIResponseValidationError, match=said):
                [m async for m in client.models.list()]

    run(call())


def test_lenient_mode_keeps_unknown_fields_and_enum_values(server) -> None:
    server.enqueue(json=model_json(status="archived", futureField={"x": 1}))
    with make_client(server) as client:
        got = client.models.get("m1")
    assert got.status == "archived"
    assert got.model_extra == {"futureField": {"x": 1}}


def test_a_declared_array_accepts_an_array_and_rejects_an_object(server) -> None:
    listing = OperationSpec(
        operation_id="listTags", method="GET", path="/tags", response_type=list[str]
    )
    server.enqueue(json=["a", 1])
    server.enqueue(json={"tags": []})
    with make_client(server) as client:
        assert client.request(listing, params={}, body=None) == ["a", 1]
        with pytest.raises(APIResponseValidationError, match="a JSON object where a JSON array"):
            client.request(listing, params={}, body=None)


# -- item 7: pagination ends ----------------------------------------------------------


def page_of(*ids: str, cursor: str | None) -> ScriptedResponse:
    return ScriptedResponse(
        json={"models": [model_json(i) for i in ids], "nextPaginationToken": cursor}
    )


def cursor_of(request: RecordedRequest) -> str | None:
    return dict(request.query).get("paginationToken")


def alternating(request: RecordedRequest) -> ScriptedResponse:
    """First page -> a -> b -> a -> b ... for ever."""
    cursor = cursor_of(request)
    if cursor is None:
        return page_of("m1", cursor="a")
    return page_of(f"m-{cursor}", cursor="b" if cursor == "a" else "a")


def cycling(request: RecordedRequest) -> ScriptedResponse:
    """First page -> c1 -> c2 -> c3 -> c1 ... for ever."""
    cursor = cursor_of(request)
    number = 0 if cursor is None else int(cursor[1:])
    return page_of(f"m{number}", cursor=f"c{number % 3 + 1}")


def empty_pages(request: RecordedRequest) -> ScriptedResponse:
    """One item, then empty pages, each with a new cursor, for ever."""
    cursor = cursor_of(request)
    if cursor is None:
        return page_of("m0", cursor="e1")
    return page_of(cursor=f"e{int(cursor[1:]) + 1}")


ENDLESS = [
    pytest.param(alternating, ["m1", "m-a", "m-b"], 3, id="alternating"),
    pytest.param(cycling, ["m0", "m1", "m2", "m3"], 4, id="cycling"),
    pytest.param(empty_pages, ["m0"], 2, id="empty-pages"),
]


@pytest.mark.parametrize(("responder", "expected", "calls"), ENDLESS)
def test_sync_iteration_stops_on_a_repeated_cursor_or_an_empty_page(
    server, responder, expected, calls, caplog
) -> None:
    server.responder = responder
    with caplog.at_level(logging.WARNING), make_client(server) as client:
        got = [m.model_id for m in itertools.islice(client.models.list(), 50)]
    assert got == expected
    assert len(server.requests) == calls
    repeated = [r.getMessage() for r in caplog.records if "again" in r.getMessage()]
    assert len(repeated) == (0 if responder is empty_pages else 1)


@pytest.mark.parametrize(("responder", "expected", "calls"), ENDLESS)
def test_async_iteration_stops_on_a_repeated_cursor_or_an_empty_page(
    server, responder, expected, calls
) -> None:
    server.responder = responder

    async def call() -> list[str]:
        found: list[str] = []
        async with make_async_client(server) as client:
            async for model in client.models.list():
                found.append(model.model_id)
                if len(found) >= 50:
                    break
        return found

    assert run(call()) == expected
    assert len(server.requests) == calls


def test_an_empty_page_has_no_next_page(server) -> None:
    server.enqueue(json={"models": [], "nextPaginationToken": "more"})
    with make_client(server) as client:
        page = client.models.list()
    assert page.next_cursor == "more"
    assert not page.has_next_page()


# -- item 13: what the server sees when a non-idempotent call is retried -----------------


def keys(server: RecordingServer) -> list[str | None]:
    return [r.headers.get(IDEMPOTENCY_HEADER) for r in server.requests]


def create(client: Any, **opts: Any) -> Model:
    created: Model = client.models.create(display_name="x", **opts)
    return created


def test_a_post_dropped_after_sending_is_not_resent(server, sleeps) -> None:
    server.enqueue(disconnect=True)
    server.enqueue(json=model_json())
    with make_client(server, sleeps) as client, pytest.raises(APIConnectionError):
        create(client)
    assert len(server.requests) == 1
    assert sleeps == []
    (key,) = keys(server)
    assert key is not None
    assert key.startswith("idem-")


def test_a_post_answered_500_is_not_resent(server, sleeps) -> None:
    server.enqueue(status=500, json={"error": "boom"})
    server.enqueue(json=model_json())
    with make_client(server, sleeps) as client, pytest.raises(InternalServerError):
        create(client)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("status", "headers"),
    [(429, {}), (408, {}), (503, {"x-should-retry": "true"})],
    ids=["429", "408", "server-says-retry"],
)
def test_a_post_the_server_did_not_process_is_resent_with_the_same_key(
    server, sleeps, status, headers
) -> None:
    server.enqueue(status=status, json={"error": "later"}, headers=headers)
    server.enqueue(status=status, json={"error": "later"}, headers=headers)
    server.enqueue(json=model_json("m5"))
    with make_client(server, sleeps) as client:
        assert create(client).model_id == "m5"
        create(client)  # a second call gets a key of its own
    sent = keys(server)
    assert len(sent) == 4
    assert sent[0] is not None
    assert sent[0] == sent[1] == sent[2]
    assert sent[3] not in (None, sent[0])


def test_a_caller_key_makes_a_post_retried_like_an_idempotent_call(server, sleeps) -> None:
    server.enqueue(disconnect=True)
    server.enqueue(status=500, json={"error": "boom"})
    server.enqueue(json=model_json("m6"))
    with make_client(server, sleeps) as client:
        got = create(client, extra_headers={IDEMPOTENCY_HEADER: "order-42"})
    assert got.model_id == "m6"
    assert keys(server) == ["order-42"] * 3


def test_a_post_is_retried_when_no_connection_could_be_made(closed_base_url, sleeps) -> None:
    with Client(api_key=API_KEY, api_secret=API_SECRET, base_url=closed_base_url) as client:
        client._sleep = sleeps.append
        with pytest.raises(APIConnectionError) as caught:
            create(client)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert len(sleeps) == 2  # a refused connection proves nothing was sent: retried


def test_patch_is_not_resent_after_a_500(server, sleeps) -> None:
    server.enqueue(status=500, json={"error": "boom"})
    with make_client(server, sleeps) as client, pytest.raises(InternalServerError):
        client.request(PATCH_MODEL, params={"modelId": "m1"}, body=None)
    assert len(server.requests) == 1
    assert keys(server)[0] is not None


@pytest.mark.parametrize("operation", [REPLACE_MODEL, "delete"], ids=["PUT", "DELETE"])
def test_put_and_delete_are_resent_with_one_key(server, sleeps, operation) -> None:
    server.enqueue(disconnect=True)
    server.enqueue(status=502, json={"error": "gateway"})
    server.enqueue(json=model_json("m8"))
    with make_client(server, sleeps) as client:
        if operation == "delete":
            client.models.delete("m1")
        else:
            assert client.request(operation, params={"modelId": "m1"}, body=None).model_id == "m8"
    sent = keys(server)
    assert len(sent) == 3
    assert sent[0] is not None
    assert len(set(sent)) == 1


def test_a_get_carries_no_idempotency_key(server) -> None:
    server.enqueue(json=model_json())
    with make_client(server) as client:
        client.models.get("m1")
    assert keys(server) == [None]


def test_async_post_keeps_its_key_across_retries(server) -> None:
    server.enqueue(status=429, json={"error": "later"})
    server.enqueue(json=model_json("m3"))

    async def call() -> str:
        async with make_async_client(server) as client:
            created: Model = await client.models.create(display_name="x")
            return created.model_id

    assert run(call()) == "m3"
    sent = keys(server)
    assert len(sent) == 2
    assert sent[0] is not None
    assert sent[0] == sent[1]


# -- transports that hand over bodies already read ---------------------------------------


def test_a_mock_transport_body_is_still_held_to_the_limit() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=model_json(padding="p" * 2000))

    http_client = httpx.Client(transport=httpx.MockTransport(answer))
    with Client(api_key=API_KEY, api_secret=API_SECRET, http_client=http_client) as client:
        assert client.models.get("m1").padding == "p" * 2000
        with pytest.raises(APIResponseTooLargeError):
            client.with_options(max_response_size=1000).models.get("m1")
    http_client.close()


def test_a_head_response_announcing_a_large_body_is_not_refused(server) -> None:
    head = OperationSpec(
        operation_id="headModel",
        method="HEAD",
        path="/models/{modelId}",
        params=(MODEL_ID,),
        auth=(BASIC,),
    )
    server.enqueue(json=model_json(padding="h" * 5000))
    with make_client(server, max_response_size=1000) as client:
        assert client.request(head, params={"modelId": "m1"}, body=None) is None
    assert server.last.method == "HEAD"


def test_raw_json_of_a_deep_or_non_json_body_is_an_api_error(server) -> None:
    server.enqueue(body=deep_json(100_000), headers={"Content-Type": "application/json"})
    server.enqueue(body="<html>", headers={"Content-Type": "text/html"})
    with make_client(server) as client:
        for said in ("nested too deeply", "not JSON"):
            raw = client.models.with_raw_response.get("m1")
            with pytest.raises(APIResponseValidationError, match=said) as caught:
                raw.json()
            assert isinstance(caught.value.__cause__, ValueError)
