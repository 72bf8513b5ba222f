"""Fixtures for the generated client's end-to-end tests.

Every test that should hold for both clients takes the ``flavor`` fixture, which
runs once with :class:`scenario_sdk.Scenario` and once with
:class:`scenario_sdk.AsyncScenario`. The two clients have the same surface, so a
test writes its call once, as a function of the client::

    result = flavor.call(lambda client: client.models.update(model_id="m"))

and the async flavor creates its client inside an event loop, awaits the call
and closes the client. Sleeps between retries are recorded, never slept.

Flavors hand their client an ``httpx`` client built on one shared TLS context:
``httpx.Client()`` loads the CA bundle each time (~50 ms, a third of this
suite's time). The clients' own default ``httpx`` client is still what the
tests that call :func:`make_client` / :func:`make_async_client` directly use
(closing, environment, pagination laziness, samples).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel
from scenario_sdk import AsyncScenario, Scenario

from tests.support.clients import make_async_client as make_async_client_of
from tests.support.clients import make_sync_client, run
from tests.support.server import RecordingServer

__all__ = ["make_async_client", "make_client", "run"]


SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
ENV_VARS = ("SCENARIO_SDK_API_KEY", "SCENARIO_SDK_API_SECRET", "SCENARIO_SDK_BASE_URL")

# Distinctive so a leak is easy to spot, long enough that repr shows a masked tail.
API_KEY = "key-e2e-AAAA-BBBB-7f3k"
API_SECRET = "secret-e2e-CCCC-DDDD-q9zx"
BASIC = "Basic a2V5LWUyZS1BQUFBLUJCQkItN2YzazpzZWNyZXQtZTJlLUNDQ0MtRERERC1xOXp4"
PUBLIC_TOKEN = "public-auth-token"


def seed(name: str) -> Any:
    """A seed fixture (the reference pages' JSON example), decoded; a fresh copy each call."""
    return json.loads((SEEDS / f"{name}.json").read_text(encoding="utf-8"))


def dump(model: BaseModel) -> Any:
    """What the generated types promise gives back the payload exactly."""
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


_TLS = httpx.create_ssl_context()


def make_client(
    server: RecordingServer, sleeps: list[float] | None = None, **kwargs: Any
) -> Scenario:
    """A sync client on ``server`` with credentials; sleeps recorded instead of slept."""
    return make_sync_client(Scenario, server, (API_KEY, API_SECRET), sleeps, **kwargs)


def make_async_client(
    server: RecordingServer, sleeps: list[float] | None = None, **kwargs: Any
) -> AsyncScenario:
    """An async client on ``server``; create it inside the running event loop."""
    return make_async_client_of(AsyncScenario, server, (API_KEY, API_SECRET), sleeps, **kwargs)


class Flavor:
    """One of the two clients, with the same way of calling either."""

    def __init__(self, kind: str, server: RecordingServer, sleeps: list[float]) -> None:
        self.kind = kind
        self.is_async = kind == "async"
        self.server = server
        self.sleeps = sleeps

    def __repr__(self) -> str:
        return self.kind

    def call(self, fn: Callable[[Any], Any], **client_kwargs: Any) -> Any:
        """``fn(client)`` on a fresh client (awaited for async); the client is closed after."""
        if not self.is_async:
            with (
                httpx.Client(verify=_TLS, follow_redirects=True) as http,
                make_client(self.server, self.sleeps, http_client=http, **client_kwargs) as client,
            ):
                return fn(client)

        async def main() -> Any:
            async with (
                httpx.AsyncClient(verify=_TLS, follow_redirects=True) as http,
                make_async_client(
                    self.server, self.sleeps, http_client=http, **client_kwargs
                ) as client,
            ):
                result = fn(client)
                return await result if inspect.isawaitable(result) else result

        return run(main())

    def items(self, fn: Callable[[Any], Any], **client_kwargs: Any) -> list[Any]:
        """Every item ``fn(client)`` iterates over (``for`` or ``async for``)."""
        if not self.is_async:
            with (
                httpx.Client(verify=_TLS, follow_redirects=True) as http,
                make_client(self.server, self.sleeps, http_client=http, **client_kwargs) as client,
            ):
                return list(fn(client))

        async def main() -> list[Any]:
            async with (
                httpx.AsyncClient(verify=_TLS, follow_redirects=True) as http,
                make_async_client(
                    self.server, self.sleeps, http_client=http, **client_kwargs
                ) as client,
            ):
                return [item async for item in fn(client)]

        return run(main())


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's real credentials or base URL."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest, server: RecordingServer, sleeps: list[float]) -> Flavor:
    return Flavor(request.param, server, sleeps)
