"""A total deadline for one call, retries and backoff included, next to httpx's phase timeouts.

httpx's timeouts are per phase (connect, each read, each write, pool wait): a
server sending one byte every half second never trips a read timeout. A call's
``timeout`` therefore also sets a total deadline:

==========================  ==========================  ==========================
``timeout=``                phase timeouts              total deadline of the call
==========================  ==========================  ==========================
a number ``n``              ``n`` for every phase       ``n`` seconds
``CallTimeout(p, total=t)`` like ``httpx.Timeout(p)``   ``t`` seconds (None: none)
``httpx.Timeout(...)``      as given                    none
``None``                    none                        none
==========================  ==========================  ==========================

:class:`Deadline` is one call's clock: it caps each attempt's phase timeouts to
the time left, says whether a backoff wait still fits, and raises
:class:`APITimeoutError` once the time is up.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from ._exceptions import APITimeoutError
from ._types import CallTimeout, Timeout

__all__ = ["Deadline", "split_timeout"]


def split_timeout(timeout: Timeout) -> tuple[httpx.Timeout, float | None]:
    """A ``timeout`` setting as (phase timeouts, total seconds or None); see the module table."""
    if isinstance(timeout, CallTimeout):
        return timeout, timeout.total
    if isinstance(timeout, httpx.Timeout):
        return timeout, None
    if timeout is None:
        return httpx.Timeout(None), None
    return httpx.Timeout(timeout), float(timeout)


class Deadline:
    """When one call must be over (``None``: never), on a monotonic clock."""

    def __init__(self, total: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.total = total
        self._clock = clock
        self.expires = None if total is None else clock() + total
        """The clock's time at the deadline, or None."""

    def remaining(self) -> float | None:
        """Seconds left (never below 0), or None without a deadline."""
        if self.expires is None:
            return None
        return max(0.0, self.expires - self._clock())

    def expired(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0.0

    def fits(self, delay: float) -> bool:
        """Whether waiting ``delay`` seconds still leaves time for another attempt."""
        left = self.remaining()
        return left is None or delay < left

    def cap(self, phases: httpx.Timeout) -> dict[str, float | None]:
        """``phases`` as httpx's timeout extension, each phase at most the time left."""
        left = self.remaining()
        timeouts = phases.as_dict()
        if left is None:
            return timeouts
        return {
            name: left if value is None else min(value, left) for name, value in timeouts.items()
        }

    def check(self, request: httpx.Request) -> None:
        """Raise :class:`APITimeoutError` when the time is up."""
        if self.expired():
            raise self.error(request)

    def error(self, request: httpx.Request) -> APITimeoutError:
        """The error for a call that ran out of its total time."""
        return APITimeoutError(
            request, message=f"Request timed out: the call took more than its {self.total}s total"
        )
