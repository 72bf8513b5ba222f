"""Secrets at the sending boundary: header values checked first, userinfo refused,
httpx and encoding failures inside the APIError tree, redacted log lines."""

from __future__ import annotations

import dataclasses
import gzip
import logging
import zlib

import httpx
import pytest

from generator.runtime._exceptions import (
    APIError,
    InvalidHeaderError,
    InvalidRequestError,
    InvalidURLError,
)
from generator.runtime._operation import AuthScheme
from tests.runtime.api import API_KEY, API_SECRET, ENV_PREFIX, GET_MODEL, Client, options
from tests.runtime.conftest import make_async_client, make_client, run
from tests.support.server import RecordingServer

KEY_GET = dataclasses.replace(
    GET_MODEL, operation_id="getByKey", auth=((AuthScheme("apiKey", name="X-API-Key"),),)
)
BAD_ENDINGS = {"newline": "\n", "crlf": "\r\n", "nul": "\x00", "space": " "}
PASSWORD = "hunter2-PASSWORD"


def _shown(error: BaseException) -> str:
    return f"{error} {error!r}"


# -- credentials and header values -----------------------------------------------------


@pytest.mark.parametrize("ending", BAD_ENDINGS.values(), ids=BAD_ENDINGS.keys())
@pytest.mark.parametrize("argument", ["api_key", "api_secret"])
def test_a_credential_with_a_control_character_is_refused_naming_it_not_its_value(
    server: RecordingServer, argument: str, ending: str
) -> None:
    value = {"api_key": API_KEY, "api_secret": API_SECRET}[argument]
    with pytest.raises(InvalidHeaderError) as caught:
        make_client(server, **{argument: value + ending})
    error = caught.value
    assert isinstance(error, APIError)
    assert isinstance(error, ValueError)
    assert error.header == argument
    assert f"{argument} ({ENV_PREFIX}{argument.upper()}" in str(error)
    assert value not in _shown(error)
    assert server.requests == []


def test_a_key_read_from_a_file_via_the_environment_is_refused(
    server: RecordingServer, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(API_KEY + "\n")  # what `echo key > file` leaves behind
    monkeypatch.setenv(f"{ENV_PREFIX}API_KEY", key_file.read_text())
    with pytest.raises(InvalidHeaderError) as caught:
        Client(api_secret=API_SECRET, base_url=server.url)
    assert "newline" in str(caught.value)
    assert API_KEY not in _shown(caught.value)


def test_with_options_checks_credentials_too(client) -> None:
    with pytest.raises(InvalidHeaderError) as caught:
        client.with_options(api_key="k\r\nX-Injected: 1")
    assert "X-Injected" not in _shown(caught.value)


@pytest.mark.parametrize(
    ("layer", "value", "what"),
    [
        ("default_headers", "team\r\nX-Evil: 1", "carriage return"),
        ("default_headers", "a\x00b", "NUL"),
        ("extra_headers", "tail\n", "line break"),
        ("extra_headers", "caf\u00e9", "non-ASCII"),
        ("extra_headers", "Agent/1.2.3   ", "whitespace"),  # Apple SiriKit's User-Agent pattern
        ("default_headers", "\tteam", "whitespace"),
    ],
)
def test_a_bad_header_value_is_refused_before_sending(
    server: RecordingServer, layer: str, value: str, what: str
) -> None:
    headers = {"X-Team-Token": value}
    client_kwargs = {"default_headers": headers} if layer == "default_headers" else {}
    call_options = options(extra_headers=headers) if layer == "extra_headers" else options()
    with (
        make_client(server, **client_kwargs) as client,
        pytest.raises(InvalidHeaderError) as caught,
    ):
        client.request(GET_MODEL, params={"modelId": "m1"}, options=call_options)
    error = caught.value
    assert error.header == "X-Team-Token"
    assert str(error).startswith("header X-Team-Token: ")
    assert what in str(error)
    assert value not in _shown(error)
    assert server.requests == []
    if what == "non-ASCII":
        assert isinstance(error.__cause__, UnicodeEncodeError)


def test_a_non_ascii_api_key_in_a_header_scheme_names_the_header(server: RecordingServer) -> None:
    with (
        make_client(server, api_key="kéy-" + API_KEY) as client,
        pytest.raises(InvalidHeaderError) as caught,
    ):
        client.request(KEY_GET, params={"modelId": "m1"})
    assert caught.value.header == "X-API-Key"
    assert API_KEY not in _shown(caught.value)
    assert isinstance(caught.value.__cause__, UnicodeEncodeError)
    assert server.requests == []


def test_a_non_ascii_secret_still_works_with_basic_auth(server: RecordingServer) -> None:
    """Basic auth carries the credentials base64-encoded (RFC 7617 allows UTF-8)."""
    with make_client(server, api_secret="sécret") as client:
        client.models.get("m1")
    assert server.last.headers["authorization"].startswith("Basic ")


def test_async_client_checks_headers_too(server: RecordingServer) -> None:
    async def main() -> None:
        async with make_async_client(server) as client:
            await client.request(
                GET_MODEL, params={"modelId": "m1"}, options=options(extra_headers={"X-A": "b\n"})
            )

    with pytest.raises(InvalidHeaderError):
        run(main())
    assert server.requests == []


# -- the base URL ----------------------------------------------------------------------


@pytest.mark.parametrize("userinfo", [f"user:{PASSWORD}@", f"{PASSWORD}@", "user:@"])
def test_userinfo_in_the_base_url_is_refused_without_echoing_it(
    server: RecordingServer, userinfo: str
) -> None:
    base_url = server.url.replace("http://", f"http://{userinfo}")
    with pytest.raises(InvalidURLError) as caught:
        make_client(server, base_url=base_url)
    assert "user name or password" in str(caught.value)
    assert "api_key=" in str(caught.value)
    assert PASSWORD not in _shown(caught.value)
    assert "user" not in _shown(caught.value).replace("user name", "")
    assert server.requests == []


def test_userinfo_from_the_environment_or_with_options_is_refused(
    server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_password = server.url.replace("http://", f"http://u:{PASSWORD}@")
    monkeypatch.setenv(f"{ENV_PREFIX}BASE_URL", with_password)
    with pytest.raises(InvalidURLError) as from_env:
        Client(api_key=API_KEY, api_secret=API_SECRET)
    monkeypatch.delenv(f"{ENV_PREFIX}BASE_URL")
    with make_client(server) as client, pytest.raises(InvalidURLError) as from_copy:
        client.with_options(base_url=with_password)
    for error in (from_env.value, from_copy.value):
        assert PASSWORD not in _shown(error)


@pytest.mark.parametrize("base_url", ["ftp://127.0.0.1/v1", "127.0.0.1:8080/v1", "http://[::1"])
def test_a_base_url_that_is_not_http_is_refused(base_url: str) -> None:
    with pytest.raises(InvalidURLError) as caught:
        Client(api_key=API_KEY, api_secret=API_SECRET, base_url=base_url)
    assert "base_url" in str(caught.value)


# -- httpx and encoding failures stay in the APIError tree -------------------------------


def test_a_100_kb_query_value_is_an_invalid_url_error(server: RecordingServer) -> None:
    huge = "x" * 100_000
    with make_client(server) as client, pytest.raises(InvalidURLError) as caught:
        client.models.list(opts={"extra_query": {"filterText": huge}})
    assert isinstance(caught.value, InvalidRequestError)
    assert isinstance(caught.value.__cause__, httpx.InvalidURL)
    assert len(str(caught.value)) < 1000
    assert server.requests == []


def test_an_unencodable_query_value_is_an_invalid_request_error(server: RecordingServer) -> None:
    with make_client(server) as client, pytest.raises(InvalidRequestError) as caught:
        client.models.list(opts={"extra_query": {"q": "\ud800"}})
    assert isinstance(caught.value.__cause__, UnicodeEncodeError)
    assert server.requests == []


def test_an_undecodable_body_is_an_api_error_with_the_decoder_error_as_cause(
    server: RecordingServer,
) -> None:
    broken = gzip.compress(b'{"modelId": "m1"}')[:-8] + b"garbage!"
    server.enqueue(body=b"not gzip at all" + broken, headers={"Content-Encoding": "gzip"})
    with make_client(server, max_retries=0) as client, pytest.raises(APIError) as caught:
        client.models.get("m1")
    # The client inflates gzip itself (bounded): zlib's error, or httpx's for other codings.
    assert isinstance(caught.value.__cause__, (zlib.error, httpx.DecodingError))


# -- what logs and reprs show ----------------------------------------------------------


def test_log_lines_redact_query_credentials_and_never_show_headers(
    server: RecordingServer, other: None, sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.enqueue(status=503)
    server.enqueue(status=302, headers={"Location": "/moved?access_token=LOC-SECRET"})
    secrets = [API_KEY, API_SECRET, "Q-SECRET", "LOC-SECRET", "TEAM-SECRET"]
    with make_client(server, sleeps, default_headers={"X-Team": "TEAM-SECRET"}) as client:
        client.models.get("m1", extra_query={"api_key": "Q-SECRET", "page": "2"})
    ours = ("generator.runtime", "httpx")  # httpcore's DEBUG trace shows raw response headers
    lines = [r.getMessage() for r in caplog.records if r.name.startswith(ours)]
    assert any(line.startswith("HTTP Request: GET") for line in lines)
    assert any(line.startswith("retrying GET") for line in lines)
    assert any(line.startswith("redirect 302") for line in lines)
    assert any("api_key=****&page=2" in line for line in lines)
    assert any("access_token=****" in line for line in lines)
    for line in lines:
        for secret in secrets:
            assert secret not in line


@pytest.fixture
def other() -> None:
    """No second server needed here; keeps the signature symmetrical with test_redirects."""
