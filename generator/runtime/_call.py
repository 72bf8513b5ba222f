"""What bounds one call, resolved once before its first attempt: :class:`CallBounds`.

Its retries, its total deadline and phase timeouts (``_deadline.py``), the
largest body it may read (``_reading.py``) and which failures its method
allows retrying (``_retry.py``). The clients consult it at every attempt.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from ._deadline import Deadline
from ._retry import RetryPolicy
from ._watchdog import watch

__all__ = ["CallBounds", "checked_size"]


def checked_size(size: int | None) -> int | None:
    """A ``max_response_size`` setting, refused unless positive or None."""
    if size is not None and size < 1:
        raise ValueError(f"max_response_size must be 1 or more bytes, or None, not {size}")
    return size


@dataclass(frozen=True)
class CallBounds:
    """One call's retries, total deadline, phase timeouts, body size limit and retry policy."""

    max_retries: int
    deadline: Deadline
    phases: httpx.Timeout
    max_response_size: int | None
    policy: RetryPolicy

    def start_attempt(self, request: httpx.Request) -> None:
        """Raise when the time is up; else give this attempt at most the time left."""
        self.deadline.check(request)
        request.extensions["timeout"] = self.deadline.cap(self.phases)

    @contextlib.contextmanager
    def sync_attempt(self, request: httpx.Request) -> Iterator[None]:
        """:meth:`start_attempt`, and a watchdog ending blocking reads at the deadline."""
        self.start_attempt(request)
        with watch(request, self.deadline.expires):
            yield
