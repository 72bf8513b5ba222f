"""The client's default base URL, from the spec's first server."""

from __future__ import annotations

from typing import Any


def default_base_url(data: dict[str, Any]) -> str:
    """The first server's URL with its variables at their defaults, no trailing slash.

    Without ``servers`` the client defaults to ``http://localhost``.
    """
    servers = data.get("servers") or [{}]
    return server_url(servers[0] if isinstance(servers[0], dict) else {})


def server_url(server: dict[str, Any]) -> str:
    """One server object's URL, each ``{variable}`` replaced by its default."""
    url = str(server.get("url") or "http://localhost")
    for name, var in (server.get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(var.get("default", "")))
    return url.rstrip("/")
