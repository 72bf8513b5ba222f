"""A real HTTP server on 127.0.0.1 that records requests and plays scripted responses.

Usage::

    with RecordingServer() as server:
        server.enqueue(status=429, headers={"Retry-After": "1"})
        server.enqueue(json={"id": "m1"})
        ...  # point a client at server.url
        assert server.requests[0].method == "GET"

Responses are consumed in the order enqueued; when none is left the server
answers ``server.default`` (200 ``{}``), or what ``server.responder(request)``
returns when that is set (for endless scripts: cycling cursors). ``delay``
holds a response back (for timeouts); ``drip`` sends the body one byte at a
time, that many seconds apart (a slow-loris server), and with
``drip_head=True`` the status line and headers too; ``disconnect=True``
closes the connection without answering. Hostile bodies for tests:
:func:`gzip_bomb` and :func:`deep_json`.
"""

from __future__ import annotations

import json as jsonlib
import socket
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx

__all__ = [
    "RecordedRequest",
    "RecordingServer",
    "ScriptedResponse",
    "closed_port",
    "closed_url",
    "deep_json",
    "gzip_bomb",
]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it."""

    method: str
    path: str  # raw, still percent-encoded, without the query
    query_string: str  # raw, without the "?"
    query: list[tuple[str, str]]  # decoded pairs in order, blanks kept
    headers: httpx.Headers  # case-insensitive
    body: bytes
    json: Any  # the body parsed as JSON, or None

    @property
    def decoded_path(self) -> str:
        return unquote(self.path)


@dataclass
class ScriptedResponse:
    """A response to play: status, JSON or raw body, headers, a delay, a drip, or a disconnect."""

    status: int = 200
    json: Any = None
    body: bytes | str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    disconnect: bool = False
    drip: float = 0.0
    drip_head: bool = False

    def payload(self) -> tuple[bytes, dict[str, str]]:
        headers = dict(self.headers)
        if self.body is not None:
            data = self.body.encode() if isinstance(self.body, str) else self.body
        elif self.json is not None:
            data = jsonlib.dumps(self.json).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            data = b""
        return data, headers


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def _handle(self) -> None:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            body = self._read_chunked()
        else:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        try:
            parsed = jsonlib.loads(body) if body else None
        except ValueError:
            parsed = None
        recorded = RecordedRequest(
            method=self.command,
            path=parts.path,
            query_string=parts.query,
            query=parse_qsl(parts.query, keep_blank_values=True),
            headers=httpx.Headers(list(self.headers.items())),
            body=body,
            json=parsed,
        )
        self.server.owner._record(recorded)
        scripted = self.server.owner._next_response(recorded)
        if scripted.delay:
            time.sleep(scripted.delay)
        if scripted.disconnect:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        data, headers = scripted.payload()
        headers["Content-Length"] = str(len(data))
        headers["Connection"] = "close"
        if scripted.drip_head:
            self.close_connection = True
            lines = [
                f"HTTP/1.1 {scripted.status} Scripted",
                *(f"{k}: {v}" for k, v in headers.items()),
            ]
            self._drip(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + data, scripted.drip)
            return
        self.send_response(scripted.status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command == "HEAD":
            return
        if not scripted.drip:
            self.wfile.write(data)
            return
        self.wfile.flush()
        self._drip(data, scripted.drip)

    def _drip(self, data: bytes, pause: float) -> None:
        """Send ``data`` a byte at a time, ``pause`` seconds apart, until the client hangs up."""
        for offset in range(len(data)):
            try:
                self.wfile.write(data[offset : offset + 1])
                self.wfile.flush()
            except OSError:  # the client gave up: expected
                return
            time.sleep(pause)

    def _read_chunked(self) -> bytes:
        """A body sent with ``Transfer-Encoding: chunked`` (RFC 9112 7.1), trailers skipped."""
        data = bytearray()
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return bytes(data)
            data += self.rfile.read(size)
            self.rfile.readline()  # the CRLF after each chunk

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle  # noqa: N815 -- stdlib names

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``server.requests`` instead."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: RecordingServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that time out and hang up are expected here; stay quiet."""


class RecordingServer:
    """A threaded HTTP server bound to 127.0.0.1 on a free port; see the module docstring."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[ScriptedResponse] = deque()
        self._requests: list[RecordedRequest] = []
        self.default = ScriptedResponse(json={})
        self.responder: Callable[[RecordedRequest], ScriptedResponse] | None = None
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        host, port = self._httpd.server_address[:2]
        self.url = f"http://{host!s}:{port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        self._closed = False

    @property
    def requests(self) -> list[RecordedRequest]:
        """Requests received so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def last(self) -> RecordedRequest:
        """The most recent request (fails when there is none)."""
        found = self.requests
        assert found, "the server has received no request"
        return found[-1]

    def enqueue(
        self,
        status: int = 200,
        json: Any = None,
        body: bytes | str | None = None,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        *,
        disconnect: bool = False,
        drip: float = 0.0,
        drip_head: bool = False,
    ) -> None:
        """Add a scripted response to the end of the queue."""
        scripted = ScriptedResponse(
            status, json, body, dict(headers or {}), delay, disconnect, drip, drip_head
        )
        with self._lock:
            self._queue.append(scripted)

    def clear(self) -> None:
        """Forget recorded requests and pending responses."""
        with self._lock:
            self._queue.clear()
            self._requests.clear()

    @property
    def pending(self) -> int:
        """How many scripted responses are still waiting to be played."""
        with self._lock:
            return len(self._queue)

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_response(self, request: RecordedRequest) -> ScriptedResponse:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        responder = self.responder
        return self.default if responder is None else responder(request)

    def close(self) -> None:
        """Stop serving and release the port (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> RecordingServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"RecordingServer({self.url!r}, requests={len(self.requests)})"


def closed_port() -> int:
    """A local port nothing listens on (bound, read, released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def closed_url() -> str:
    """A base URL on 127.0.0.1 whose port refuses connections."""
    return f"http://127.0.0.1:{closed_port()}"


def gzip_bomb(inflated: int, *, chunk: int = 1 << 20) -> bytes:
    """A gzip stream of ``inflated`` zero bytes (300 MB compress to about 300 KB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(chunk)
    parts = [packer.compress(zeros) for _ in range(inflated // chunk)]
    parts.append(packer.compress(bytes(inflated % chunk)))
    parts.append(packer.flush())
    return b"".join(parts)


def deep_json(depth: int) -> bytes:
    """Valid JSON nesting ``depth`` arrays: ``[[[...]]]``."""
    return b"[" * depth + b"]" * depth
