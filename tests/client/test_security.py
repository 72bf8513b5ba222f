"""The generated client under a hostile or misconfigured setup: redirects to another
origin, redirected updates, secrets in reprs, and ``SCENARIO_SDK_LOG`` logging.

The flavors hand the client an ``httpx`` client built with ``follow_redirects=True``:
the client's own redirect policy must hold even then.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scenario_sdk import (
    APIStatusError,
    InvalidHeaderError,
    InvalidURLError,
    MissingCredentialsError,
    RedirectNotFollowedError,
)

from tests.client.conftest import API_KEY, API_SECRET, BASIC, Flavor, make_client, seed
from tests.support.server import RecordingServer

GENERATED = Path(__file__).resolve().parents[2] / "generated"
TEAM_SECRET = "team-SECRET-4242"
SECRETS = (API_KEY, API_SECRET, BASIC.removeprefix("Basic "), TEAM_SECRET)
HARMLESS = {"host", "accept", "user-agent", "accept-encoding", "connection"}


@pytest.fixture
def other() -> Iterator[RecordingServer]:
    """Another origin: a second server on another port."""
    with RecordingServer() as running:
        yield running


def _no_secret_in(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirected_update_raises_and_is_not_turned_into_a_get(
    flavor: Flavor, server: RecordingServer, other: RecordingServer, status: int
) -> None:
    server.enqueue(status=status, headers={"Location": f"{other.url}/v1/models/model_1"})
    other.enqueue(json=seed("models.update.response"))  # a GET there would "succeed"
    with pytest.raises(RedirectNotFollowedError) as caught:
        flavor.call(lambda client: client.models.update(model_id="model_1", name="n"))
    assert f"{other.url}/v1/models/model_1" in str(caught.value)
    assert [r.method for r in server.requests] == ["PUT"]
    assert other.requests == []


def test_a_list_redirected_to_another_origin_carries_no_credentials(
    flavor: Flavor, server: RecordingServer, other: RecordingServer
) -> None:
    server.enqueue(status=302, headers={"Location": f"{other.url}/cdn/models"})
    other.enqueue(json=seed("models.list.response"))
    page = flavor.call(
        lambda client: client.models.list(privacy="private"),
        default_headers={"X-Team-Key": TEAM_SECRET},
    )
    assert page.models[0].id == seed("models.list.response")["models"][0]["id"]
    assert server.requests[0].headers["authorization"] == BASIC
    landed = other.last
    assert set(landed.headers.keys()) <= HARMLESS
    _no_secret_in(" ".join(landed.headers.values()))


def test_no_secret_in_the_repr_of_a_client_response_page_or_error(
    server: RecordingServer, other: RecordingServer
) -> None:
    server.enqueue(json=seed("models.list.response"))
    server.enqueue(json=seed("models.list.response"))
    server.enqueue(status=401, json={"error": "denied"})
    server.enqueue(status=302, headers={"Location": f"{other.url}/x"})
    shown: list[str] = []
    errors: list[BaseException] = []
    with make_client(server, default_headers={"X-Team-Key": TEAM_SECRET}) as client:
        raw = client.models.with_raw_response.list()
        page = client.models.list()
        shown += [repr(client), str(client), repr(raw), str(raw), repr(page), str(page)]
        with pytest.raises(APIStatusError) as status_error:
            client.models.list()
        with pytest.raises(RedirectNotFollowedError) as redirect_error:
            client.models.update(model_id="model_1", name="n")
        with pytest.raises(MissingCredentialsError) as missing:
            client.with_options(api_secret=None).models.list()
        errors += [status_error.value, redirect_error.value, missing.value]
    for bad in ({"api_key": API_KEY + "\n"}, {"base_url": f"http://u:{API_SECRET}@127.0.0.1:9"}):
        with pytest.raises((InvalidHeaderError, InvalidURLError)) as caught:
            make_client(server, **bad)
        errors.append(caught.value)
    shown += [text for error in errors for text in (str(error), repr(error))]
    assert len(shown) == 16
    for text in shown:
        _no_secret_in(text)


# -- SCENARIO_SDK_LOG ------------------------------------------------------------------

_SCRIPT = """
import sys
from scenario_sdk import Scenario, NotFoundError
client = Scenario(
    api_key=sys.argv[1], api_secret=sys.argv[2], base_url=sys.argv[3],
    default_headers={"X-Team-Key": sys.argv[4]},
)
client._sleep = lambda seconds: None
for _ in client.models.list(extra_query={"api_key": sys.argv[4]}):
    pass
try:
    client.models.update(model_id="model_1", name="n")
except NotFoundError:
    print("not found", file=sys.stderr)
"""


def _run_with_log(server: RecordingServer, level: str | None) -> str:
    server.enqueue(status=503)
    server.enqueue(status=302, headers={"Location": "/v1/models?token=" + TEAM_SECRET})
    server.enqueue(json={"models": []})
    server.enqueue(status=404, json={"error": "no such model"})
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENARIO_SDK_")}
    env["PYTHONPATH"] = str(GENERATED)
    if level is not None:
        env["SCENARIO_SDK_LOG"] = level
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, API_KEY, API_SECRET, server.url, TEAM_SECRET],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert len(server.requests) == 4
    return done.stderr


def test_scenario_sdk_log_debug_logs_every_request_with_secrets_masked(
    server: RecordingServer,
) -> None:
    stderr = _run_with_log(server, "debug")
    lines = stderr.splitlines()
    assert sum(" DEBUG] request GET " in line for line in lines) == 3
    assert any(" INFO] retrying GET " in line for line in lines)
    assert any(" INFO] redirect 302: GET " in line for line in lines)
    assert any(" DEBUG] response PUT " in line and "-> 404" in line for line in lines)
    assert any("api_key=****" in line for line in lines)
    assert any("token=****" in line for line in lines)
    _no_secret_in(stderr)


def test_scenario_sdk_log_info_logs_retries_and_redirects_only(server: RecordingServer) -> None:
    lines = _run_with_log(server, "info").splitlines()
    assert any(" INFO] retrying GET " in line for line in lines)
    assert any(" INFO] redirect 302: " in line for line in lines)
    assert not any(" DEBUG] " in line for line in lines)


def test_without_scenario_sdk_log_nothing_is_logged(server: RecordingServer) -> None:
    assert _run_with_log(server, None).splitlines() == ["not found"]
