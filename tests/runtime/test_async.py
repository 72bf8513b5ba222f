"""The async client behaves like the sync one: same wire format, errors, retries and parsing."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx
import pytest

from generator.runtime._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    MissingCredentialsError,
    ParameterValidationError,
)
from generator.runtime._response import APIResponse
from tests.runtime.api import (
    API_KEY,
    API_SECRET,
    ECHO,
    PUBLIC_TOKEN,
    AsyncClient,
    AsyncModels,
    AsyncModelsPage,
    Model,
    model_json,
)
from tests.runtime.conftest import make_async_client, run
from tests.support.server import RecordingServer

T = TypeVar("T")


def with_client(
    server: RecordingServer,
    body: Callable[[AsyncClient], Awaitable[T]],
    sleeps: list[float] | None = None,
    **kwargs: Any,
) -> T:
    async def main() -> T:
        async with make_async_client(server, sleeps, **kwargs) as client:
            return await body(client)

    return run(main())


def test_get_path_headers_and_basic_auth(server) -> None:
    server.enqueue(json=model_json("a/b"))

    async def body(client: AsyncClient) -> Model:
        return await client.models.get("a/b")

    model = with_client(server, body)
    assert isinstance(model, Model)
    seen = server.last
    assert (seen.method, seen.path) == ("GET", "/models/a%2Fb")
    token = base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()
    assert seen.headers["authorization"] == f"Basic {token}"
    assert seen.headers["user-agent"] == "rttest_sdk/0.1.0"


def test_query_styles_and_header_params(server) -> None:
    async def body(client: AsyncClient) -> None:
        await client.models.list(tags=["a", "b"], ids=["x", "y"], kinds=["p", "q"], trace_id="t")

    with_client(server, body)
    assert server.last.query_string == "tag=a&tag=b&ids=x,y&kinds=p|q"
    assert server.last.headers["x-trace-id"] == "t"


def test_json_body_by_alias_from_snake_keys_and_models(server) -> None:
    async def body(client: AsyncClient) -> Model:
        return await client.models.create(
            display_name="n",
            parameters={"learning_rate": 0.5},
            tags=[{"tag_value": "v", "name": "t"}],
        )

    with_client(server, body)
    assert server.last.json == {
        "displayName": "n",
        "parameters": {"learningRate": 0.5},
        "tags": [{"tagValue": "v", "name": "t"}],
    }


def test_public_token_fallback_and_missing_credentials(server) -> None:
    async def body(client: AsyncClient) -> None:
        await client.models.list()
        with pytest.raises(MissingCredentialsError):
            await client.models.get("m1")

    with_client(server, body, api_key=None, api_secret=None)
    assert server.last.headers["x-public-token"] == PUBLIC_TOKEN
    assert len(server.requests) == 1


def test_invalid_params_and_body_send_nothing(server) -> None:
    async def body(client: AsyncClient) -> None:
        with pytest.raises(ParameterValidationError, match=r"^page_size: 500 is greater"):
            await client.models.list(page_size=500)
        with pytest.raises(ParameterValidationError) as caught:
            await client.models.create(display_name="n", parameters={"learningRate": 2})
        assert caught.value.path == "parameters.learning_rate"

    with_client(server, body)
    assert server.requests == []


def test_429_retry_after_then_success(server) -> None:
    sleeps: list[float] = []
    server.enqueue(status=429, headers={"retry-after": "1.5"})
    server.enqueue(status=503)
    server.enqueue(json=model_json())

    async def body(client: AsyncClient) -> Model:
        client._random = lambda: 0.0
        return await client.models.get("m1")

    with_client(server, body, sleeps)
    assert sleeps == [1.5, 1.0]
    assert len(server.requests) == 3


def test_5xx_exhausted_and_4xx_not_retried(server) -> None:
    sleeps: list[float] = []
    for _ in range(3):
        server.enqueue(status=500, json={"e": 1}, headers={"x-request-id": "r"})
    server.enqueue(status=400, json={"e": 2})

    async def body(client: AsyncClient) -> None:
        with pytest.raises(InternalServerError) as caught:
            await client.models.get("m1")
        assert (caught.value.status_code, caught.value.body, caught.value.request_id) == (
            500,
            {"e": 1},
            "r",
        )
        with pytest.raises(BadRequestError):
            await client.models.get("m1")

    with_client(server, body, sleeps)
    assert len(server.requests) == 4
    assert len(sleeps) == 2


def test_per_call_max_retries(server) -> None:
    for _ in range(3):
        server.enqueue(status=500)

    async def body(client: AsyncClient) -> None:
        with pytest.raises(InternalServerError):
            await client.models.get("m1", max_retries=0)

    with_client(server, body)
    assert len(server.requests) == 1


def test_timeout_and_connection_error(server, closed_base_url) -> None:
    server.enqueue(json=model_json(), delay=1.0)

    async def body(client: AsyncClient) -> None:
        with pytest.raises(APITimeoutError):
            await client.models.get("m1", timeout=httpx.Timeout(0.1), max_retries=0)

    with_client(server, body)

    async def refused(client: AsyncClient) -> None:
        with pytest.raises(APIConnectionError) as caught:
            await client.models.get("m1")
        assert not isinstance(caught.value, APITimeoutError)

    sleeps: list[float] = []
    with_client(server, refused, sleeps, base_url=closed_base_url)
    assert len(sleeps) == 2


def test_lenient_by_default_and_strict_on_request(server) -> None:
    server.enqueue(json={"modelId": "m", "status": "brand-new", "extraField": [1]})
    server.enqueue(json={"modelId": "m", "status": "brand-new"})

    async def body(client: AsyncClient) -> Model:
        model = await client.models.get("m")
        with pytest.raises(APIResponseValidationError):
            await client.with_options(strict=True).models.get("m")
        return model

    model = with_client(server, body)
    assert model.status == "brand-new"
    assert model.model_extra == {"extraField": [1]}


def test_with_raw_response_for_methods_and_the_paginator(server) -> None:
    server.enqueue(json=model_json("m1"), headers={"x-request-id": "q1"})
    server.enqueue(json={"models": [model_json("a")], "nextPaginationToken": "p2"})
    server.enqueue(json={"models": [model_json("b")]})

    async def body(client: AsyncClient) -> tuple[APIResponse[Any], APIResponse[Any], list[str]]:
        raw = await client.models.with_raw_response.get("m1")
        raw_page = await client.models.with_raw_response.list()
        page = raw_page.parse()
        assert isinstance(page, AsyncModelsPage)
        names = [m.model_id async for m in page]
        assert isinstance(await client.models.get("m1"), Model)  # flag did not leak
        return raw, raw_page, names

    raw, raw_page, names = with_client(server, body)
    assert raw.status_code == 200
    assert raw.request_id == "q1"
    assert isinstance(raw.parse(), Model)
    assert raw_page.status_code == 200
    assert names == ["a", "b"]


def test_context_manager_close_and_with_options(server) -> None:
    async def main() -> None:
        async with make_async_client(server) as client:
            copy_ = client.with_options(default_headers={"X-Copy": "1"})
            assert isinstance(copy_.models, AsyncModels)
            assert copy_.models._client is copy_
            await copy_.request(ECHO)
            await copy_.close()
            assert not client.is_closed()
        assert client.is_closed()

    run(main())
    assert server.last.headers["x-copy"] == "1"


def test_caller_async_http_client_is_not_closed(server) -> None:
    async def main() -> bool:
        async with httpx.AsyncClient() as http:
            async with make_async_client(server, http_client=http) as client:
                await client.models.get("m1")
            return http.is_closed

    assert run(main()) is False


def test_repr_hides_secrets(server) -> None:
    async def body(client: AsyncClient) -> str:
        return repr(client)

    text = with_client(server, body)
    assert API_SECRET not in text
    assert API_KEY not in text
    assert text.startswith("AsyncClient(base_url=")
