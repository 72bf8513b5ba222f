"""Enforce a sync call's deadline inside httpx's blocking reads: shut its socket down in time.

A blocking client gets control back only between reads; a server dripping
its status line and headers one byte at a time never lets a read time out,
and never hands control back. :func:`watch` hooks httpx's documented
``trace`` extension: when the request starts on a connection, the
connection's socket is registered with one shared daemon thread, which shuts
it down when the deadline has passed (by ``GRACE`` seconds). The blocked read then fails at once, and
the client reports the deadline. Asyncio calls do not need this: they are
cancelled at their deadline.

Finding the socket reads httpcore's connection object from the caller's
frame; when that is not possible (another transport, another httpcore), the
call still has its phase timeouts capped to the time left, and the deadline
is checked between reads.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

import httpx

__all__ = ["watch"]

_TRACE = "trace"
_STARTED = "http11.send_request_headers.started"
# After the deadline, a silent socket's read timeout (capped to the deadline) fires
# first and names the phase; the watchdog is for sockets that keep dripping.
GRACE = 0.1
_COMPACT_MIN = 1024


class _Watchdog:
    """One daemon thread and a heap of (when, sequence, socket holder) entries.

    The thread sleeps until the earliest entry is due and is woken only when an
    earlier one arrives. Cancelling empties an entry's holder; emptied entries
    are dropped when they come due, or all at once when they outnumber the
    live ones (so a busy client with long deadlines does not pile them up).
    """

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._heap: list[tuple[float, int, list[socket.socket | None]]] = []
        self._count = itertools.count()
        self._thread: threading.Thread | None = None
        self._compact_at = _COMPACT_MIN

    def add(self, when: float, sock: socket.socket) -> Callable[[], None]:
        """Shut ``sock`` down at monotonic time ``when``; returns the function cancelling it."""
        holder: list[socket.socket | None] = [sock]
        with self._lock:
            if len(self._heap) >= self._compact_at:
                self._heap = [entry for entry in self._heap if entry[2][0] is not None]
                heapq.heapify(self._heap)
                self._compact_at = max(_COMPACT_MIN, 2 * len(self._heap))
            earliest = not self._heap or when < self._heap[0][0]
            heapq.heappush(self._heap, (when, next(self._count), holder))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="sdk-deadline", daemon=True)
                self._thread.start()
            elif earliest:
                self._lock.notify()

        def cancel() -> None:
            holder[0] = None

        return cancel

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._heap:
                    self._lock.wait()
                when, _, holder = self._heap[0]
                wait = when - time.monotonic()
                if wait > 0 and holder[0] is not None:
                    self._lock.wait(wait)
                    continue
                heapq.heappop(self._heap)
                sock = holder[0]
            if sock is not None:
                with contextlib.suppress(OSError):  # already closed: nothing to stop
                    sock.shutdown(socket.SHUT_RDWR)


_WATCHDOG = _Watchdog()


def _connection_socket() -> socket.socket | None:
    """The socket of the httpcore connection whose request is starting (None if not found)."""
    frame: FrameType | None = sys._getframe(2)
    for _ in range(8):
        if frame is None:
            return None
        owner = frame.f_locals.get("self")
        stream = getattr(owner, "_network_stream", None)
        if stream is not None and hasattr(stream, "get_extra_info"):
            found = stream.get_extra_info("socket")
            return found if isinstance(found, socket.socket) else None
        frame = frame.f_back
    return None


@contextlib.contextmanager
def watch(request: httpx.Request, expires: float | None) -> Iterator[None]:
    """While the block runs, shut the request's socket down at monotonic time ``expires``."""
    if expires is None:
        yield
        return
    cancels: list[Callable[[], None]] = []
    previous = request.extensions.get(_TRACE)

    def trace(event: str, info: dict[str, Any]) -> None:
        if event == _STARTED:
            sock = _connection_socket()
            if sock is not None:
                cancels.append(_WATCHDOG.add(expires + GRACE, sock))
        if previous is not None:
            previous(event, info)

    request.extensions[_TRACE] = trace
    try:
        yield
    finally:
        for cancel in cancels:
            cancel()
        if previous is None:
            request.extensions.pop(_TRACE, None)
        else:
            request.extensions[_TRACE] = previous
