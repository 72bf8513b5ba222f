"""What every call shares: retries and Retry-After, timeouts, connection errors, the error
classes, lenient and strict parsing, secrets, raw responses, configuration (environment,
``with_options``, user agent, an injected ``http_client``) and closing."""

from __future__ import annotations

import asyncio
import logging
import time
import tomllib
from pathlib import Path
from typing import Any

import httpx
import pytest
import scenario_sdk
from scenario_sdk import (
    APIConnectionError,
    APIError,
    APIResponse,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AsyncModelsCursor,
    AsyncScenario,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    MissingCredentialsError,
    NotFoundError,
    ParameterValidationError,
    PermissionDeniedError,
    RateLimitError,
    Scenario,
    SyncModelsCursor,
    UnprocessableEntityError,
)
from scenario_sdk.types import ModelUpdateResponse

from tests.client.conftest import (
    API_KEY,
    API_SECRET,
    BASIC,
    PUBLIC_TOKEN,
    Flavor,
    dump,
    make_async_client,
    make_client,
    run,
    seed,
)
from tests.support.server import RecordingServer

GENERATED = Path(__file__).resolve().parents[2] / "generated"
SECRETS = (API_KEY, API_SECRET, BASIC.removeprefix("Basic "))


def update(client: Any, **kwargs: Any) -> Any:
    return client.models.update(model_id="model_1", name="n", **kwargs)


def _no_secret_in(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


# -- retries ------------------------------------------------------------------------


def test_429_with_retry_after_is_retried_after_that_many_seconds(
    flavor: Flavor, server: RecordingServer
) -> None:
    server.enqueue(status=429, headers={"Retry-After": "3"}, json={"error": "slow down"})
    server.enqueue(status=429, headers={"retry-after-ms": "250"})
    server.enqueue(json=seed("models.update.response"))

    result = flavor.call(update)

    assert isinstance(result, ModelUpdateResponse)
    assert flavor.sleeps == [3.0, 0.25]
    assert len(server.requests) == 3
    for request in server.requests:  # the same request each time
        assert (request.method, request.path) == ("PUT", "/models/model_1")
        assert request.json == {"name": "n"}
        assert request.headers["authorization"] == BASIC


def test_429_until_out_of_retries_raises_rate_limit_error(
    flavor: Flavor, server: RecordingServer
) -> None:
    for _ in range(3):
        server.enqueue(status=429, headers={"Retry-After": "1", "x-request-id": "req_429"})
    with pytest.raises(RateLimitError) as caught:
        flavor.call(update)
    assert caught.value.status_code == 429
    assert caught.value.request_id == "req_429"
    assert flavor.sleeps == [1.0, 1.0]
    assert len(server.requests) == 3


def test_5xx_is_retried_with_backoff_then_raised(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(status=500, json={"error": "one"})
    server.enqueue(status=503, json={"error": "two"})
    server.enqueue(status=502, json={"error": "boom"}, headers={"x-request-id": "req_5xx"})

    with pytest.raises(InternalServerError) as caught:
        flavor.call(update)

    error = caught.value
    assert isinstance(error, APIStatusError)
    assert error.status_code == 502
    assert error.body == {"error": "boom"}
    assert error.request_id == "req_5xx"
    assert error.response.status_code == 502
    assert str(error) == 'Error code: 502 - {"error": "boom"}'
    assert len(server.requests) == 3  # the default max_retries is 2
    first, second = flavor.sleeps
    assert 0.375 <= first <= 0.5  # 0.5 s, shortened by up to 25 % jitter
    assert 0.75 <= second <= 1.0


def test_5xx_then_success(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(status=500)
    server.enqueue(json=seed("models.list.response"))
    page = flavor.call(lambda client: client.models.list())
    assert page.models[0].id == seed("models.list.response")["models"][0]["id"]
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (422, UnprocessableEntityError),
        (418, APIStatusError),
    ],
)
def test_4xx_maps_to_its_class_and_is_not_retried(
    flavor: Flavor, server: RecordingServer, status: int, error_class: type[APIStatusError]
) -> None:
    body = {"message": f"status {status}", "requestId": "r1"}
    server.enqueue(status=status, json=body, headers={"X-Request-Id": f"req_{status}"})

    with pytest.raises(APIStatusError) as caught:
        flavor.call(update)

    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, APIError)
    assert error.status_code == status
    assert error.body == body
    assert error.request_id == f"req_{status}"
    assert str(error).startswith(f"Error code: {status} - ")
    assert len(server.requests) == 1
    assert flavor.sleeps == []


def test_409_is_retried_by_design_then_raised_as_conflict_error(
    flavor: Flavor, server: RecordingServer
) -> None:
    for _ in range(3):
        server.enqueue(status=409, json={"message": "busy"})
    with pytest.raises(ConflictError) as caught:
        flavor.call(update)
    assert caught.value.status_code == 409
    assert len(server.requests) == 3
    assert len(flavor.sleeps) == 2


def test_409_then_success(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(status=409)
    server.enqueue(json=seed("models.update.response"))
    assert isinstance(flavor.call(update), ModelUpdateResponse)
    assert len(server.requests) == 2


def test_408_is_retried_and_has_no_class_of_its_own(
    flavor: Flavor, server: RecordingServer
) -> None:
    for _ in range(3):
        server.enqueue(status=408)
    with pytest.raises(APIStatusError) as caught:
        flavor.call(update)
    assert type(caught.value) is APIStatusError
    assert caught.value.body is None
    assert str(caught.value) == "Error code: 408"
    assert len(server.requests) == 3


def test_x_should_retry_false_stops_a_5xx_retry(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(status=503, headers={"x-should-retry": "false"})
    with pytest.raises(InternalServerError):
        flavor.call(update)
    assert len(server.requests) == 1


def test_a_text_error_body_is_kept_as_text(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(status=400, body="plain words", headers={"Content-Type": "text/plain"})
    with pytest.raises(BadRequestError) as caught:
        flavor.call(update)
    assert caught.value.body == "plain words"
    assert str(caught.value) == "Error code: 400 - plain words"


def test_per_call_max_retries_zero(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(status=500)
    server.enqueue(json=seed("models.update.response"))  # never requested
    with pytest.raises(InternalServerError):
        flavor.call(lambda client: update(client, max_retries=0))
    assert len(server.requests) == 1
    assert flavor.sleeps == []


def test_per_call_max_retries_above_the_default(flavor: Flavor, server: RecordingServer) -> None:
    for _ in range(4):
        server.enqueue(status=503)
    server.enqueue(json=seed("models.update.response"))
    assert isinstance(flavor.call(lambda c: update(c, max_retries=4)), ModelUpdateResponse)
    assert len(server.requests) == 5
    assert len(flavor.sleeps) == 4


def test_client_max_retries_and_with_options(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(status=500)
    with pytest.raises(InternalServerError):
        flavor.call(update, max_retries=0)
    assert len(server.requests) == 1

    server.clear()
    for _ in range(2):
        server.enqueue(status=500)
    with pytest.raises(InternalServerError):
        flavor.call(lambda client: update(client.with_options(max_retries=1)), max_retries=0)
    assert len(server.requests) == 2


def test_negative_max_retries_is_refused() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        Scenario(api_key="k", api_secret="s", max_retries=-1)


def test_async_calls_run_concurrently_on_one_client(server: RecordingServer) -> None:
    for _ in range(5):
        server.enqueue(json=seed("models.update.response"), delay=0.3)

    async def main() -> list[Any]:
        async with make_async_client(server) as client:
            return await asyncio.gather(
                *(client.models.update(model_id=f"m{i}", name="n") for i in range(5))
            )

    started = time.monotonic()
    results = run(main())
    assert time.monotonic() - started < 1.2  # in turn, five 0.3 s answers take 1.5 s
    assert all(isinstance(result, ModelUpdateResponse) for result in results)
    assert sorted(request.path for request in server.requests) == [
        f"/models/m{i}" for i in range(5)
    ]


# -- timeouts and connection errors ---------------------------------------------------


def test_a_slow_server_with_a_small_timeout_raises_api_timeout_error(
    flavor: Flavor, server: RecordingServer
) -> None:
    server.enqueue(json=seed("models.update.response"), delay=2.0)
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as caught:
        flavor.call(lambda client: update(client, timeout=0.2, max_retries=0))
    assert time.monotonic() - started < 1.5
    assert isinstance(caught.value, APIConnectionError)
    assert caught.value.request is not None
    assert caught.value.request.url.path == "/models/model_1"
    assert len(server.requests) == 1


def test_a_timeout_is_retried_and_the_client_timeout_applies(
    flavor: Flavor, server: RecordingServer
) -> None:
    server.enqueue(json={"models": []}, delay=2.0)
    server.enqueue(json=seed("models.list.response"))
    # httpx.Timeout sets phases only; a bare number would also bound the whole call.
    page = flavor.call(lambda client: client.models.list(), timeout=httpx.Timeout(0.2))
    assert page.models[0].id == seed("models.list.response")["models"][0]["id"]
    assert len(server.requests) == 2
    assert len(flavor.sleeps) == 1


def test_timeout_through_with_options(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(json={"models": []}, delay=2.0)
    with pytest.raises(APITimeoutError):
        flavor.call(lambda client: client.with_options(timeout=0.2, max_retries=0).models.list())


def test_a_closed_port_raises_api_connection_error_after_retries(
    flavor: Flavor, closed_base_url: str
) -> None:
    with pytest.raises(APIConnectionError) as caught:
        flavor.call(update, base_url=closed_base_url)
    assert not isinstance(caught.value, APITimeoutError)
    assert str(caught.value).startswith("Connection error")
    assert len(flavor.sleeps) == 2  # connection errors are retried like 5xx


def test_a_closed_port_with_max_retries_zero_fails_at_once(
    flavor: Flavor, closed_base_url: str
) -> None:
    with pytest.raises(APIConnectionError):
        flavor.call(lambda client: update(client, max_retries=0), base_url=closed_base_url)
    assert flavor.sleeps == []


def test_a_dropped_connection_is_retried(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(disconnect=True)
    server.enqueue(json=seed("models.update.response"))
    assert isinstance(flavor.call(update), ModelUpdateResponse)
    assert len(server.requests) == 2
    assert len(flavor.sleeps) == 1


# -- lenient and strict parsing -------------------------------------------------------


def _newer_server_page() -> dict[str, Any]:
    payload: dict[str, Any] = seed("models.list.response")
    payload["models"][0]["status"] = "brand-new"
    payload["models"][0]["newField"] = {"nested": [1, 2]}
    payload["pageInfo"] = {"total": 1}
    return payload


def test_unknown_enum_values_and_extra_fields_are_kept_by_default(
    flavor: Flavor, server: RecordingServer
) -> None:
    payload = _newer_server_page()
    server.enqueue(json=payload)

    page = flavor.call(lambda client: client.models.list())

    model = page.models[0]
    assert model.status == "brand-new"
    assert model.model_extra is not None
    assert model.model_extra["newField"] == {"nested": [1, 2]}
    assert model.id == payload["models"][0]["id"]
    assert page.response.model_extra["pageInfo"] == {"total": 1}
    assert dump(page.response) == payload  # nothing lost


def test_strict_rejects_an_unknown_enum_value(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(json=_newer_server_page())
    with pytest.raises(APIResponseValidationError) as caught:
        flavor.call(lambda client: client.models.list(), strict=True)
    error = caught.value
    assert error.status_code == 200
    assert error.body == _newer_server_page()
    assert any(err["loc"][:3] == ("models", 0, "status") for err in error.errors)
    assert "GET /models" in str(error)


def test_strict_through_with_options(flavor: Flavor, server: RecordingServer) -> None:
    broken = seed("models.update.response")
    broken["model"]["status"] = "brand-new"
    server.enqueue(json=broken)
    with pytest.raises(APIResponseValidationError):
        flavor.call(lambda client: update(client.with_options(strict=True)))


def _spec_verdict(payload: Any) -> bool:
    """Whether the spec's ModelUpdateResponse accepts ``payload`` (jsonschema, the oracle)."""
    import jsonschema  # noqa: PLC0415
    import yaml  # noqa: PLC0415

    spec = yaml.safe_load((Path(__file__).parents[2] / "spec" / "openapi.yaml").read_text())
    schema = {**spec, "$ref": "#/components/schemas/ModelUpdateResponse"}
    return jsonschema.Draft202012Validator(schema).is_valid(payload)


@pytest.mark.parametrize("field", ["authorId", "name"])
def test_strict_gives_the_schemas_verdict_on_null(
    flavor: Flavor, server: RecordingServer, field: str
) -> None:
    """null in an optional field the spec does not make nullable: rejected strict, kept lax."""
    payload = seed("models.update.response")
    payload["model"][field] = None
    assert _spec_verdict(payload) is False
    assert scenario_sdk.validate("ModelUpdateResponse", payload)  # validate() agrees
    server.enqueue(json=payload)
    with pytest.raises(APIResponseValidationError) as caught:
        flavor.call(update, strict=True)
    assert any(tuple(err["loc"])[:2] == ("model", field) for err in caught.value.errors)
    server.enqueue(json=payload)
    assert dump(flavor.call(update)) == payload


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda c: c.models.list(), "models.list.response"),
        (update, "models.update.response"),
        (lambda c: c.models.train.trigger(model_id="m"), "models.train.trigger.response"),
        (
            lambda c: c.models.train.action(model_id="m", action="cancel"),
            "models.train.action.response",
        ),
    ],
    ids=["list", "update", "trigger", "action"],
)
def test_strict_accepts_every_seed(
    flavor: Flavor, server: RecordingServer, call: Any, name: str
) -> None:
    server.enqueue(json=seed(name))
    result = flavor.call(call, strict=True)
    assert dump(getattr(result, "response", result)) == seed(name)


# -- secrets --------------------------------------------------------------------------


def test_repr_shows_no_secret(server: RecordingServer) -> None:
    client = make_client(server)
    for shown in (repr(client), str(client), repr(client.with_options(timeout=1.0))):
        _no_secret_in(shown)
        assert "****" in shown
    assert repr(client).startswith("Scenario(")

    async def main() -> str:
        async with make_async_client(server) as async_client:
            return repr(async_client)

    shown = run(main())
    _no_secret_in(shown)
    assert shown.startswith("AsyncScenario(")
    client.close()


def test_no_secret_in_exception_messages_or_debug_logs(
    server: RecordingServer, closed_base_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    errors: list[BaseException] = []
    with make_client(server) as client:
        server.enqueue(status=429, headers={"Retry-After": "1"})
        server.enqueue(status=401, json={"message": "bad credentials"})
        with pytest.raises(AuthenticationError) as status_error:
            update(client)
        errors.append(status_error.value)
        server.enqueue(json={}, delay=2.0)
        with pytest.raises(APITimeoutError) as timeout_error:
            update(client, timeout=0.2, max_retries=0)
        errors.append(timeout_error.value)
        server.enqueue(json={"model": {"id": 1}})
        with pytest.raises(APIResponseValidationError) as validation_error:
            update(client.with_options(strict=True))
        errors.append(validation_error.value)
        with pytest.raises(ParameterValidationError) as parameter_error:
            update(client, parameters={"learning_rate": -1})
        errors.append(parameter_error.value)
    with make_client(server, base_url=closed_base_url) as client:
        with pytest.raises(APIConnectionError) as connection_error:
            update(client)
        errors.append(connection_error.value)
    with make_client(server, api_secret=None) as client:
        with pytest.raises(MissingCredentialsError) as missing:
            update(client)
        errors.append(missing.value)

    for error in errors:
        _no_secret_in(str(error))
        _no_secret_in(repr(error))
        request = getattr(error, "request", None)
        if request is not None:
            _no_secret_in(repr(request))
            _no_secret_in(str(request.url))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    _no_secret_in(logged)
    sdk_records = [record for record in caplog.records if record.name == "scenario_sdk"]
    assert any("retrying PUT" in record.getMessage() for record in sdk_records)
    assert any("request PUT" in record.getMessage() for record in sdk_records)


# -- raw responses --------------------------------------------------------------------


def test_with_raw_response_update(flavor: Flavor, server: RecordingServer) -> None:
    payload = seed("models.update.response")
    server.enqueue(json=payload, headers={"x-request-id": "req_raw", "X-Custom": "yes"})

    raw = flavor.call(
        lambda client: client.models.with_raw_response.update(model_id="model_1", name="n")
    )

    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200
    assert raw.headers["x-custom"] == "yes"
    assert raw.headers["content-type"] == "application/json"
    assert raw.request_id == "req_raw"
    assert raw.url.path == "/models/model_1"
    assert raw.json() == payload
    parsed = raw.parse()
    assert isinstance(parsed, ModelUpdateResponse)
    assert dump(parsed) == payload
    assert raw.parse() is parsed  # parsed once
    assert server.last.json == {"name": "n"}


def test_with_raw_response_list_parses_into_a_page_that_still_paginates(
    server: RecordingServer,
) -> None:
    server.enqueue(
        json={"models": [seed("models.list.response")["models"][0]], "nextPaginationToken": "c2"}
    )
    server.enqueue(json={"models": []})
    with make_client(server) as client:
        raw = client.models.with_raw_response.list(page_size=1)
        assert raw.status_code == 200
        page = raw.parse()
        assert isinstance(page, SyncModelsCursor)
        assert len(list(page)) == 1
    assert [dict(r.query).get("paginationToken") for r in server.requests] == [None, "c2"]

    server.clear()
    server.enqueue(json=seed("models.list.response"), headers={"x-request-id": "req_list"})

    async def main() -> None:
        async with make_async_client(server) as client:
            raw = await client.models.with_raw_response.list()
            assert raw.request_id == "req_list"
            assert isinstance(raw.parse(), AsyncModelsCursor)

    run(main())


def test_with_raw_response_still_raises_status_errors(
    flavor: Flavor, server: RecordingServer
) -> None:
    server.enqueue(status=404, json={"message": "no such model"})
    with pytest.raises(NotFoundError):
        flavor.call(lambda client: client.models.with_raw_response.update(model_id="m"))


# -- configuration --------------------------------------------------------------------


def test_user_agent_names_the_package_version(flavor: Flavor, server: RecordingServer) -> None:
    flavor.call(lambda client: client.models.list())
    project = tomllib.loads((GENERATED / "pyproject.toml").read_text(encoding="utf-8"))
    assert scenario_sdk.__version__ == project["project"]["version"]
    assert server.last.headers["user-agent"] == f"scenario_sdk/{scenario_sdk.__version__}"


def test_credentials_and_base_url_from_the_environment(
    server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", API_KEY)
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", API_SECRET)
    monkeypatch.setenv("SCENARIO_SDK_BASE_URL", f"{server.url}/v1")
    server.enqueue(json=seed("models.update.response"))
    with Scenario() as client:
        update(client)
    assert server.last.path == "/v1/models/model_1"
    assert server.last.headers["authorization"] == BASIC

    async def main() -> None:
        async with AsyncScenario() as client:
            await client.models.list()

    run(main())
    assert server.last.path == "/v1/models"
    assert server.last.headers["authorization"] == BASIC


def test_arguments_win_over_the_environment(
    server: RecordingServer, monkeypatch: pytest.MonkeyPatch, closed_base_url: str
) -> None:
    monkeypatch.setenv("SCENARIO_SDK_API_KEY", "env-key")
    monkeypatch.setenv("SCENARIO_SDK_API_SECRET", "env-secret")
    monkeypatch.setenv("SCENARIO_SDK_BASE_URL", closed_base_url)
    with Scenario(api_key=API_KEY, api_secret=API_SECRET, base_url=server.url) as client:
        client.models.list()
    assert server.last.headers["authorization"] == BASIC


def test_with_options_changes_the_copy_only(server: RecordingServer) -> None:
    with make_client(server) as client:
        assert client.models.train is not None  # resources cached before the copy is made
        anonymous = client.with_options(api_key=None, api_secret=None)
        assert anonymous.models is not client.models
        anonymous.models.list()
        assert server.last.headers["authorization"] == PUBLIC_TOKEN
        client.models.list()
        assert server.last.headers["authorization"] == BASIC
        with pytest.raises(MissingCredentialsError):
            update(anonymous)
        with pytest.raises(MissingCredentialsError):
            anonymous.models.train.action(model_id="m", action="cancel")
        with client.with_options(max_retries=0) as copy:  # closing a copy leaves the pool open
            copy.models.list()
        assert not client.is_closed()
        client.models.list()
    assert client.is_closed()


def test_default_and_extra_headers(flavor: Flavor, server: RecordingServer) -> None:
    flavor.call(
        lambda client: client.models.list(extra_headers={"X-Call": "2"}),
        default_headers={"X-Team": "t1", "X-Call": "1"},
    )
    assert server.last.headers["x-team"] == "t1"
    assert server.last.headers["x-call"] == "2"


def test_an_authorization_header_given_by_the_caller_replaces_credentials(
    flavor: Flavor, server: RecordingServer
) -> None:
    server.enqueue(json=seed("models.update.response"))
    flavor.call(
        lambda client: update(client, extra_headers={"Authorization": "Bearer from-caller"}),
        api_key=None,
        api_secret=None,
    )
    assert server.last.headers.get_list("authorization") == ["Bearer from-caller"]


class RecordingTransport(httpx.BaseTransport):
    """Wraps a real transport and remembers what went through it."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.seen: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.seen: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_an_injected_http_client_is_used_and_left_open(server: RecordingServer) -> None:
    transport = RecordingTransport()
    http_client = httpx.Client(transport=transport)
    server.enqueue(json=seed("models.update.response"))
    with make_client(server, http_client=http_client) as client:
        assert isinstance(update(client), ModelUpdateResponse)
    assert [(r.method, r.url.path) for r in transport.seen] == [("PUT", "/models/model_1")]
    assert server.last.headers["authorization"] == BASIC
    assert server.last.headers["user-agent"].startswith("scenario_sdk/")
    assert not http_client.is_closed  # the caller owns it
    http_client.close()


def test_an_injected_async_http_client_is_used_and_left_open(server: RecordingServer) -> None:
    async def main() -> None:
        transport = AsyncRecordingTransport()
        http_client = httpx.AsyncClient(transport=transport)
        async with make_async_client(server, http_client=http_client) as client:
            await client.models.list(page_size=3)
        assert [str(r.url.query, "ascii") for r in transport.seen] == ["pageSize=3"]
        assert not http_client.is_closed
        await http_client.aclose()

    run(main())
    assert server.last.headers["authorization"] == BASIC


def test_the_context_manager_closes_the_client(server: RecordingServer) -> None:
    with make_client(server) as client:
        client.models.list()
        assert not client.is_closed()
    assert client.is_closed()

    async def main() -> AsyncScenario:
        async with make_async_client(server) as async_client:
            await async_client.models.list()
            assert not async_client.is_closed()
        return async_client

    assert run(main()).is_closed()
