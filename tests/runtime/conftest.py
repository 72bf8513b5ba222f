"""Fixtures for the runtime tests: clients pointed at the recording server, fake sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.runtime.api import API_KEY, API_SECRET, ENV_PREFIX, AsyncClient, Client
from tests.support.clients import make_async_client as make_async_client_of
from tests.support.clients import make_sync_client, run
from tests.support.server import RecordingServer

__all__ = ["make_async_client", "make_client", "run"]


def make_client(
    server: RecordingServer, sleeps: list[float] | None = None, **kwargs: Any
) -> Client:
    """A sync client on ``server`` with credentials; sleeps recorded instead of slept."""
    return make_sync_client(Client, server, (API_KEY, API_SECRET), sleeps, **kwargs)


def make_async_client(
    server: RecordingServer, sleeps: list[float] | None = None, **kwargs: Any
) -> AsyncClient:
    """An async client on ``server``; create it inside the running event loop."""
    return make_async_client_of(AsyncClient, server, (API_KEY, API_SECRET), sleeps, **kwargs)


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
