"""Pick the auth headers for an operation from its alternatives and the client's credentials.

The first alternative whose schemes can all be satisfied wins; a ``header``
scheme with a constant value is always satisfiable, and so is any scheme whose
header the caller already set (``default_headers`` / ``extra_headers``). An
anonymous alternative (constant headers only) is a fallback for a client with
no credentials at all: a client with a key but no secret (or the reverse) gets
:class:`MissingCredentialsError` instead of a silent downgrade.
Nothing here logs or formats a credential.
"""

from __future__ import annotations

import base64
from collections.abc import Collection

from ._exceptions import MissingCredentialsError
from ._operation import AuthScheme, OperationSpec

__all__ = ["auth_headers", "mask"]

_SHOWN_KEY_CHARS = 4
_MIN_KEY_TO_SHOW = 12


def mask(key: str | None) -> str | None:
    """``****wxyz`` for long keys, ``****`` for short ones, None when unset."""
    if key is None:
        return None
    if len(key) >= _MIN_KEY_TO_SHOW:
        return "****" + key[-_SHOWN_KEY_CHARS:]
    return "****"


def _header_value(scheme: AuthScheme, api_key: str | None, api_secret: str | None) -> str | None:
    if scheme.kind == "basic":
        if api_key is None or api_secret is None:
            return None
        token = base64.b64encode(f"{api_key}:{api_secret}".encode()).decode("ascii")
        return f"Basic {token}"
    if scheme.kind == "bearer":
        return None if api_key is None else f"Bearer {api_key}"
    return scheme.value if scheme.value is not None else api_key


def _needed(scheme: AuthScheme, api_key: str | None, api_secret: str | None) -> list[str]:
    """Which of API_KEY / API_SECRET this scheme still lacks."""
    missing = []
    if scheme.kind == "header" and scheme.value is not None:
        return []
    if api_key is None:
        missing.append("API_KEY")
    if scheme.kind == "basic" and api_secret is None:
        missing.append("API_SECRET")
    return missing


def _anonymous(alternative: tuple[AuthScheme, ...]) -> bool:
    """True when ``alternative`` uses none of the client's credentials (constant headers only)."""
    return all(scheme.kind == "header" and scheme.value is not None for scheme in alternative)


def _kwargs(missing: list[str]) -> str:
    return " and ".join(f"{name.lower()}=" for name in missing)


def auth_headers(
    op: OperationSpec,
    *,
    api_key: str | None,
    api_secret: str | None,
    env_prefix: str,
    provided: Collection[str] = (),
) -> dict[str, str]:
    """Headers authenticating ``op``; ``provided`` are header names (lower case) already set.

    Raises :class:`MissingCredentialsError` when no alternative can be satisfied.
    """
    if not op.auth:
        return {}
    configured = api_key is not None or api_secret is not None
    for alternative in op.auth:
        headers: dict[str, str] = {}
        for scheme in alternative:
            if scheme.header.lower() in provided:
                continue
            value = _header_value(scheme, api_key, api_secret)
            if value is None:
                break
            headers[scheme.header] = value
        else:
            if configured and alternative is not op.auth[0] and _anonymous(alternative):
                break  # half-configured credentials: never fall back to anonymous access
            return headers
    missing = list(dict.fromkeys(n for s in op.auth[0] for n in _needed(s, api_key, api_secret)))
    env_vars = [f"{env_prefix}{name}" for name in missing]
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
