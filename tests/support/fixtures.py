"""Pytest fixtures over :mod:`tests.support.server`; registered in tests/conftest.py with
``pytest_plugins = ["tests.support.fixtures"]``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.server import RecordingServer, closed_url

__all__ = ["closed_base_url", "server"]


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    """A fresh recording HTTP server on 127.0.0.1, closed after the test."""
    with RecordingServer() as running:
        yield running


@pytest.fixture
def closed_base_url() -> str:
    """A base URL whose port refuses connections."""
    return closed_url()
