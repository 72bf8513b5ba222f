"""Auth headers, credential fallbacks, and keeping secrets out of reprs, errors and logs."""

from __future__ import annotations

import base64
import logging

import pytest

from generator.runtime._exceptions import APIError, MissingCredentialsError
from tests.runtime.api import (
    API_KEY,
    API_SECRET,
    BEARER_PING,
    ENV_PREFIX,
    OPEN_PING,
    PUBLIC_TOKEN,
    Client,
)
from tests.runtime.conftest import make_client
from tests.support.server import RecordingServer


def _basic() -> str:
    return "Basic " + base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()


def test_basic_auth_header(client, server: RecordingServer) -> None:
    client.models.get("m1")
    assert server.last.headers["authorization"] == _basic()
    assert "x-public-token" not in server.last.headers


def test_list_prefers_basic_when_credentials_exist(client, server) -> None:
    client.models.list()
    assert server.last.headers["authorization"] == _basic()
    assert "x-public-token" not in server.last.headers


def test_list_falls_back_to_the_constant_public_header(server) -> None:
    with make_client(server, api_key=None, api_secret=None) as client:
        client.models.list()
    assert server.last.headers["x-public-token"] == PUBLIC_TOKEN
    assert "authorization" not in server.last.headers


def test_key_without_secret_is_not_enough_for_basic(server) -> None:
    with make_client(server, api_secret=None) as client:
        with pytest.raises(MissingCredentialsError) as listing:
            client.models.list()  # half-configured: no silent downgrade to the public token
        with pytest.raises(MissingCredentialsError) as caught:
            client.models.get("m1")
    assert server.requests == []
    for error in (listing.value, caught.value):
        assert error.env_vars == (f"{ENV_PREFIX}API_SECRET",)
        assert f"{ENV_PREFIX}API_SECRET" in str(error)
        assert API_KEY not in str(error)


def test_missing_credentials_raise_at_first_call_and_send_nothing(server) -> None:
    client = make_client(server, api_key=None, api_secret=None)  # construction is fine
    with client, pytest.raises(MissingCredentialsError) as caught:
        client.models.get("m1")
    err = caught.value
    assert isinstance(err, APIError)
    assert err.env_vars == (f"{ENV_PREFIX}API_KEY", f"{ENV_PREFIX}API_SECRET")
    assert str(err) == (
        f"getModel needs credentials: set {ENV_PREFIX}API_KEY and {ENV_PREFIX}API_SECRET "
        "in the environment or pass api_key= and api_secret= to the client"
    )
    assert server.requests == []


def test_credentials_and_base_url_come_from_the_environment(server, monkeypatch) -> None:
    monkeypatch.setenv(f"{ENV_PREFIX}API_KEY", API_KEY)
    monkeypatch.setenv(f"{ENV_PREFIX}API_SECRET", API_SECRET)
    monkeypatch.setenv(f"{ENV_PREFIX}BASE_URL", server.url + "/env")
    with Client() as client:
        assert client.base_url == f"{server.url}/env"
        client.models.get("m1")
    assert server.last.path == "/env/models/m1"
    assert server.last.headers["authorization"] == _basic()


def test_explicit_arguments_win_over_the_environment(server, monkeypatch) -> None:
    monkeypatch.setenv(f"{ENV_PREFIX}API_KEY", "env-key")
    monkeypatch.setenv(f"{ENV_PREFIX}BASE_URL", "http://127.0.0.1:9")
    with Client(api_key=API_KEY, api_secret=API_SECRET, base_url=server.url) as client:
        client.models.get("m1")
    assert server.last.headers["authorization"] == _basic()


def test_default_base_url_when_nothing_else() -> None:
    with Client() as client:
        assert str(client.base_url) == "http://127.0.0.1:9/v1"


def test_bearer_scheme(client, server) -> None:
    client.request(BEARER_PING)
    assert server.last.headers["authorization"] == f"Bearer {API_KEY}"


def test_operation_without_auth_sends_no_credentials(client, server) -> None:
    client.request(OPEN_PING)
    assert "authorization" not in server.last.headers


def test_caller_supplied_authorization_header_satisfies_the_scheme(server) -> None:
    with make_client(server, api_key=None, api_secret=None) as client:
        client.models.get("m1", extra_headers={"Authorization": "Custom abc"})
    assert server.last.headers["authorization"] == "Custom abc"


def test_repr_masks_key_and_hides_secret(client, server) -> None:
    text = repr(client)
    assert server.url in text
    assert API_SECRET not in text
    assert API_KEY not in text
    assert "****1234" in text
    assert repr(client.with_options(max_retries=0)) == text


def test_secrets_never_reach_error_messages_or_logs(
    server, sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server.enqueue(status=500, json={"error": "boom"})
    server.enqueue(status=401, json={"error": "denied"})
    token = _basic().split()[1]
    with make_client(server, sleeps) as client:
        with pytest.raises(APIError) as caught:
            client.models.get("m1")
        with pytest.raises(MissingCredentialsError) as missing:
            client.with_options(api_secret=None).models.get("m1")
    texts = [str(caught.value), repr(caught.value), str(missing.value), repr(missing.value)]
    texts += [record.getMessage() for record in caplog.records]
    assert any("retrying GET" in t for t in texts)
    for text in texts:
        assert API_SECRET not in text
        assert API_KEY not in text
        assert token not in text
        assert "Basic " not in text


def test_each_scheme_reads_its_own_argument_and_a_missing_one_is_named() -> None:
    from generator.runtime._auth import apply_auth  # noqa: PLC0415
    from generator.runtime._operation import AuthScheme, OperationSpec  # noqa: PLC0415

    tenant = AuthScheme("apiKey", "X-Tenant", arguments=("tenant", "tenant_secret"))
    sig = AuthScheme("apiKey", "sig", "query", arguments=("sig", "sig_secret"))
    op = OperationSpec("op", "GET", "/", auth=((tenant, sig),))
    applied = apply_auth(op, credentials={"tenant": "T", "sig": "S&1"}, env_prefix="P_")
    assert applied.headers == {"X-Tenant": "T"}
    assert applied.query == [("sig", "S%261")]
    with pytest.raises(MissingCredentialsError) as caught:
        apply_auth(op, credentials={"tenant": "T"}, env_prefix="P_")
    assert tuple(caught.value.env_vars) == ("P_SIG",)
    assert "pass sig= to the client" in str(caught.value)
