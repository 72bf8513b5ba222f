"""When to retry a request and how long to wait first (pure functions, no sleeping).

Retried: connection errors and timeouts, and statuses 408, 409, 429 and >= 500,
unless the server says otherwise with ``x-should-retry: true|false``. The wait is
``min(0.5 * 2**retries_done, 8.0)`` seconds times a jitter factor in (0.75, 1.0],
unless the response asks for a wait with ``retry-after-ms`` / ``retry-after``
(seconds or an HTTP date) of more than 0 and at most 60 seconds.

Idempotency (:class:`RetryPolicy`): every call that is not safe (POST, PUT,
PATCH, DELETE) carries an ``Idempotency-Key`` header, made once per call and
the same on each of its retries, so a server can deduplicate; a key the caller
sets (``extra_headers`` or ``default_headers``) is kept. GET, HEAD, OPTIONS,
PUT and DELETE are idempotent (RFC 9110 9.2.2) and retried on every failure
above. POST and PATCH are not: without a caller's key they are retried only
on failures that prove the server did not process them (no connection made,
no pooled connection free, 408, 429) or when the server sends
``x-should-retry: true``; a caller who sets the key vouches that the server
deduplicates, and gets every retry.
"""

from __future__ import annotations

import datetime
import email.utils
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

__all__ = [
    "IDEMPOTENCY_HEADER",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "RetryPolicy",
    "backoff",
    "is_retryable_error",
    "retry_after",
    "retry_delay",
    "should_retry",
]

INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
_JITTER = 0.25
_RETRY_STATUSES = frozenset({408, 409, 429})

IDEMPOTENCY_HEADER = "Idempotency-Key"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_IDEMPOTENT_METHODS = _SAFE_METHODS | {"PUT", "DELETE"}
# Failures after which the server cannot have seen the request.
_UNSENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_UNPROCESSED_STATUSES = frozenset({408, 429})


def should_retry(response: httpx.Response) -> bool:
    """Whether a non-2xx response is worth another try."""
    advice = response.headers.get("x-should-retry", "").strip().lower()
    if advice == "true":
        return True
    if advice == "false":
        return False
    return response.status_code in _RETRY_STATUSES or response.status_code >= 500


def is_retryable_error(exc: httpx.TransportError) -> bool:
    """Transport errors that may pass on retry: not a bad URL scheme or our own bad request."""
    return not isinstance(exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError)


def retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asked us to wait, from ``retry-after-ms`` or ``retry-after``."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return float(millis) / 1000.0
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" zone: HTTP dates are always UTC
        when = when.replace(tzinfo=datetime.UTC)
    return when.timestamp() - (time.time() if now is None else now)


def backoff(retries_done: int, random: Callable[[], float]) -> float:
    """Exponential backoff with jitter that only shortens the wait."""
    delay = min(INITIAL_RETRY_DELAY * 2.0 ** min(retries_done, 64), MAX_RETRY_DELAY)
    return delay * (1.0 - _JITTER * random())


def retry_delay(
    retries_done: int,
    headers: Mapping[str, str] | None = None,
    *,
    random: Callable[[], float],
    now: float | None = None,
) -> float:
    """Seconds to wait before retry number ``retries_done + 1``."""
    if headers is not None:
        asked = retry_after(headers, now)
        if asked is not None and 0 < asked <= MAX_RETRY_AFTER:
            return asked
    return backoff(retries_done, random)


@dataclass(frozen=True)
class RetryPolicy:
    """Which failures one call may be retried after, given its method and idempotency key."""

    idempotent: bool
    keyed_by_caller: bool

    @classmethod
    def for_request(cls, request: httpx.Request) -> RetryPolicy:
        """The policy for ``request``; adds its ``Idempotency-Key`` when it is not safe."""
        method = request.method.upper()
        if method in _SAFE_METHODS:
            return _SAFE
        keyed = IDEMPOTENCY_HEADER in request.headers
        if not keyed:
            request.headers[IDEMPOTENCY_HEADER] = f"idem-{uuid.uuid4()}"
        return cls(idempotent=method in _IDEMPOTENT_METHODS, keyed_by_caller=keyed)

    @property
    def _any_failure(self) -> bool:
        return self.idempotent or self.keyed_by_caller

    def may_retry_error(self, exc: httpx.TransportError) -> bool:
        """Whether ``exc`` may be retried for this call."""
        if not is_retryable_error(exc):
            return False
        return self._any_failure or isinstance(exc, _UNSENT_ERRORS)

    def may_retry_status(self, response: httpx.Response) -> bool:
        """Whether a non-2xx ``response`` may be retried for this call."""
        if not should_retry(response):
            return False
        if self._any_failure or response.status_code in _UNPROCESSED_STATUSES:
            return True
        advice: str = response.headers.get("x-should-retry", "")
        return advice.strip().lower() == "true"


_SAFE = RetryPolicy(idempotent=True, keyed_by_caller=False)
