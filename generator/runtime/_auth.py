"""Authenticate an operation: headers, query pairs and cookies from its alternatives and the credentials.

The spec's ``security`` lists alternatives (OR), each a set of schemes applied
together (AND); an empty alternative (``{}``) makes auth optional. The first
alternative whose schemes can all be satisfied wins; an ``apiKey`` scheme with
a constant value is always satisfiable, and so is a header scheme whose header
the caller already set (``default_headers`` / ``extra_headers``). An
anonymous alternative (constant values only, or none) is a fallback for a
client with no credentials at all: a client with a key but no secret (or the
reverse) gets :class:`MissingCredentialsError` instead of a silent downgrade.
A key sent in the query has its parameter name registered with ``_redact``,
so no log line shows it. Nothing here logs or formats a credential.
"""

from __future__ import annotations

import base64
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from ._exceptions import MissingCredentialsError
from ._operation import AuthScheme, OperationSpec
from ._redact import add_sensitive_name

__all__ = ["AppliedAuth", "apply_auth", "mask"]

_SHOWN_KEY_CHARS = 4
_MIN_KEY_TO_SHOW = 12


def mask(key: str | None) -> str | None:
    """``****wxyz`` for long keys, ``****`` for short ones, None when unset."""
    if key is None:
        return None
    if len(key) >= _MIN_KEY_TO_SHOW:
        return "****" + key[-_SHOWN_KEY_CHARS:]
    return "****"


@dataclass
class AppliedAuth:
    """What authenticates one request: headers, percent-encoded query pairs, cookies."""

    headers: dict[str, str] = field(default_factory=dict)
    query: list[tuple[str, str]] = field(default_factory=list)
    cookies: dict[str, str] = field(default_factory=dict)

    def add(self, scheme: AuthScheme, value: str) -> None:
        """Place ``value`` where ``scheme`` says."""
        if scheme.location == "query":
            add_sensitive_name(scheme.name)
            self.query.append((quote(scheme.name, safe=""), quote(value, safe="")))
        elif scheme.location == "cookie":
            self.cookies[scheme.name] = value
        else:
            self.headers[scheme.name] = value


def _value(scheme: AuthScheme, credentials: Mapping[str, str | None]) -> str | None:
    key = credentials.get(scheme.arguments[0])
    if scheme.kind == "basic":
        secret = credentials.get(scheme.arguments[1])
        if key is None or secret is None:
            return None
        token = base64.b64encode(f"{key}:{secret}".encode()).decode("ascii")
        return f"Basic {token}"
    if scheme.kind == "bearer":
        return None if key is None else f"Bearer {key}"
    return scheme.value if scheme.value is not None else key


def _needed(scheme: AuthScheme, credentials: Mapping[str, str | None]) -> list[str]:
    """Which client arguments this scheme still lacks."""
    if scheme.kind == "apiKey" and scheme.value is not None:
        return []
    wanted = [scheme.arguments[0], *([scheme.arguments[1]] if scheme.kind == "basic" else [])]
    return [name for name in wanted if credentials.get(name) is None]


def _anonymous(alternative: tuple[AuthScheme, ...]) -> bool:
    """True when ``alternative`` uses none of the client's credentials (constant values only)."""
    return all(scheme.kind == "apiKey" and scheme.value is not None for scheme in alternative)


def _kwargs(missing: list[str]) -> str:
    return " and ".join(f"{name}=" for name in missing)


def apply_auth(
    op: OperationSpec,
    *,
    credentials: Mapping[str, str | None],
    env_prefix: str,
    provided: Collection[str] = (),
) -> AppliedAuth:
    """How to authenticate ``op`` with ``credentials`` (client argument name -> value).

    ``provided`` are header names (lower case) already set. Raises
    :class:`MissingCredentialsError` when no alternative can be satisfied.
    """
    if not op.auth:
        return AppliedAuth()
    configured = any(value is not None for value in credentials.values())
    for alternative in op.auth:
        applied = AppliedAuth()
        for scheme in alternative:
            if scheme.location == "header" and scheme.name.lower() in provided:
                continue
            value = _value(scheme, credentials)
            if value is None:
                break
            applied.add(scheme, value)
        else:
            if configured and alternative is not op.auth[0] and _anonymous(alternative):
                break  # half-configured credentials: never fall back to anonymous access
            return applied
    missing = list(dict.fromkeys(n for s in op.auth[0] for n in _needed(s, credentials)))
    env_vars = [f"{env_prefix}{name.upper()}" for name in missing]
    if configured:
        raise MissingCredentialsError(
            f"{op.operation_id}: credentials are half-configured, {' and '.join(env_vars)} "
            f"missing: set it in the environment or pass {_kwargs(missing)} to the client "
            "(without any credentials the client uses anonymous access where the API allows it)",
            env_vars=env_vars,
        )
    raise MissingCredentialsError(
        f"{op.operation_id} needs credentials: set {' and '.join(env_vars)} in the environment "
        f"or pass {_kwargs(missing)} to the client",
        env_vars=env_vars,
    )
