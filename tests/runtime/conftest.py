"""Fixtures for the runtime tests: clients pointed at the recording server, fake sleeps."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest

from tests.runtime.api import API_KEY, API_SECRET, ENV_PREFIX, AsyncClient, Client
from tests.support.server import RecordingServer

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion (pytest-asyncio is not installed)."""
    return asyncio.run(coro)


def make_client(
    server: RecordingServer, sleeps: list[float] | None = None, **kwargs: Any
) -> Client:
    """A sync client on ``server`` with credentials; sleeps recorded instead of slept."""
    kwargs.setdefault("api_key", API_KEY)
    kwargs.setdefault("api_secret", API_SECRET)
    kwargs.setdefault("base_url", server.url)
    client = Client(**kwargs)
    client._sleep = (sleeps if sleeps is not None else []).append
    return client


def make_async_client(
    server: RecordingServer, sleeps: list[float] | None = None, **kwargs: Any
) -> AsyncClient:
    """An async client on ``server``; create it inside the running event loop."""
    kwargs.setdefault("api_key", API_KEY)
    kwargs.setdefault("api_secret", API_SECRET)
    kwargs.setdefault("base_url", server.url)
    client = AsyncClient(**kwargs)
    recorded = sleeps if sleeps is not None else []

    async def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)

    client._sleep = fake_sleep
    return client


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("API_KEY", "API_SECRET", "BASE_URL"):
        monkeypatch.delenv(f"{ENV_PREFIX}{name}", raising=False)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(server: RecordingServer, sleeps: list[float]) -> Iterator[Client]:
    with make_client(server, sleeps) as made:
        yield made
