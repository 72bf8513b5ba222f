"""Clients pointed at the recording server, with sleeps recorded instead of slept."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from tests.support.server import RecordingServer

T = TypeVar("T")
C = TypeVar("C")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion (pytest-asyncio is not installed)."""
    return asyncio.run(coro)


def _configured(
    server: RecordingServer, credentials: tuple[str, str], kwargs: dict[str, Any]
) -> dict[str, Any]:
    kwargs.setdefault("api_key", credentials[0])
    kwargs.setdefault("api_secret", credentials[1])
    kwargs.setdefault("base_url", server.url)
    return kwargs


def make_sync_client(
    cls: type[C],
    server: RecordingServer,
    credentials: tuple[str, str],
    sleeps: list[float] | None = None,
    **kwargs: Any,
) -> C:
    """A ``cls`` client on ``server``; the backoff sleeps are appended to ``sleeps``."""
    client = cls(**_configured(server, credentials, kwargs))
    client._sleep = (sleeps if sleeps is not None else []).append  # type: ignore[attr-defined]  # the runtime's test hook
    return client


def make_async_client(
    cls: type[C],
    server: RecordingServer,
    credentials: tuple[str, str],
    sleeps: list[float] | None = None,
    **kwargs: Any,
) -> C:
    """An async ``cls`` client on ``server``; create it inside the running event loop."""
    client = cls(**_configured(server, credentials, kwargs))
    recorded = sleeps if sleeps is not None else []

    async def fake_sleep(seconds: float) -> None:
        recorded.append(seconds)

    client._sleep = fake_sleep  # type: ignore[attr-defined]  # the runtime's test hook
    return client
