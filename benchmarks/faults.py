"""Group 6: hostile servers. The memory peak of a gzip bomb and the wall time of a dripping
server, for the generated client (bounded) next to bare httpx (unbounded).

- Bomb: a 300 KB gzip body that inflates to 300 MiB. Peak RSS of a fresh child
  process that makes one call (``os.wait4``), against the same child fetching a
  small body (its baseline), for ``client.models.list()`` under the default
  ``max_response_size`` and for ``httpx.get``; plus the Python-heap peak of
  ours in this process (``tracemalloc``).
- Drip: a server sending one byte every 0.5 s, of the body only or of the
  status line and headers too. Wall time of ``client.models.list(timeout=2)``
  until it raises, sync and async; bare httpx with ``timeout=2`` is shown for
  scale, stopped after ``PEER_CAP`` seconds.

The server runs in this process, on threads, bound to 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

MIB = 1024 * 1024
BOMB_INFLATED = 300 * MIB
DRIP_PAUSE = 0.5
TIMEOUT = 2.0
PEER_CAP = 8.0  # seconds a bare-httpx drip run may last before it is stopped

CHILD = r"""
import sys
sys.path.insert(0, sys.argv[3])
import httpx, scenario_sdk
mode, url = sys.argv[1], sys.argv[2]
if mode == "ours":
    with scenario_sdk.Scenario(api_key="k", api_secret="s", base_url=url) as client:
        try:
            client.models.list()
        except scenario_sdk.APIResponseTooLargeError:
            pass
else:
    httpx.get(url + "/models")
"""


def gzip_bomb(inflated: int) -> bytes:
    """``inflated`` zero bytes, gzip-compressed in 1 MiB steps."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(MIB)
    parts = [packer.compress(zeros) for _ in range(inflated // MIB)]
    return b"".join([*parts, packer.flush()])


class _Hostile(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        mode = self.server.mode
        if mode == "bomb":
            self._answer(self.server.bomb, {"Content-Encoding": "gzip"})
        elif mode == "small":
            self._answer(b'{"models": []}', {})
        else:
            body = b'{"models": [], "padding": "' + b"x" * 400 + b'"}'
            head = (
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            )
            if mode == "drip-body":
                self.wfile.write(head)
                self._drip(body)
            else:
                self._drip(head + body)

    def _answer(self, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(200)
        for name, value in {"Content-Type": "application/json", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drip(self, data: bytes) -> None:
        self.close_connection = True
        for offset in range(len(data)):
            try:
                self.wfile.write(data[offset : offset + 1])
                self.wfile.flush()
            except OSError:
                return
            time.sleep(DRIP_PAUSE)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    mode = "small"
    bomb = b""

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hang up on purpose here."""


def _serve(bomb: bytes) -> tuple[_Server, str]:
    server = _Server(("127.0.0.1", 0), _Hostile)
    server.bomb = bomb
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    host, port = server.server_address[:2]
    return server, f"http://{host!s}:{port}"


def run(sdk: Any, package: Path, *, runs: int) -> Any:
    """Both measurements; ``sdk`` is the imported ``scenario_sdk`` from ``package``."""
    from harness import PY, Section, Stats, Target, child_env, log, run_child, table  # noqa: PLC0415

    bomb = gzip_bomb(BOMB_INFLATED)
    server, url = _serve(bomb)
    limit = sdk.Scenario(api_key="k", api_secret="s").max_response_size
    try:
        log(
            f"faults: gzip bomb ({len(bomb) // 1024} KB -> {BOMB_INFLATED // MIB} MiB), {runs} runs"
        )
        rss: dict[str, list[float]] = {}
        for _ in range(runs):
            for mode, who in (
                ("small", "ours"),
                ("bomb", "ours"),
                ("small", "httpx"),
                ("bomb", "httpx"),
            ):
                server.mode = mode
                child = run_child(
                    [PY, "-c", CHILD, who, url, package], cwd=package, env=child_env()
                )
                if not child.ok:
                    raise RuntimeError(f"bomb child {who}/{mode} failed: {child.stderr[-400:]}")
                rss.setdefault(f"{who} {mode}", []).append(child.max_rss_kb / 1024)
        server.mode = "bomb"
        heap = Stats([_heap_peak(sdk, url) / MIB for _ in range(runs)])
        stats = {name: Stats(values) for name, values in rss.items()}
        ours_extra = stats["ours bomb"].median - stats["ours small"].median
        peer_extra = stats["httpx bomb"].median - stats["httpx small"].median
        bomb_rows = [[name, *s.cells(_mib)] for name, s in stats.items()]
        bomb_rows.append(["ours, Python heap peak (tracemalloc)", *heap.cells(_mib)])
        log(f"faults: drip, {runs} runs per case")
        drip = _drip_stats(sdk, server, url, runs=runs)
        drip_rows = [[name, *s.cells(_seconds)] for name, s in drip.items()]
    finally:
        server.shutdown()
        server.server_close()
    worst = max(drip[k].median for k in drip if k.startswith("ours"))
    targets = [
        Target("gzip bomb: ours, heap peak / max_response_size", heap.median / (limit / MIB), 1.25),
        Target(f"drip: ours, slowest median wall / timeout={TIMEOUT:g}", worst / TIMEOUT, 1.25),
    ]
    body = "\n\n".join(
        [
            f"Gzip bomb: {len(bomb) // 1024} KB of gzip inflating to {BOMB_INFLATED // MIB} MiB; "
            f"ours under the default max_response_size ({limit // MIB} MiB). Peak RSS of a child "
            f"making one call (medians of {runs}): ours +{ours_extra:.0f} MiB over its small-body "
            f"baseline, bare `httpx.get` +{peer_extra:.0f} MiB.",
            table(["case", "min", "median", "max"], bomb_rows),
            f"Drip: one byte every {DRIP_PAUSE} s; `timeout={TIMEOUT:g}`; wall time until the call "
            f"raises (ours) or ends (httpx, stopped after {PEER_CAP:g} s: it would take the whole "
            "body's length in half-seconds).",
            table(["case", "min", "median", "max"], drip_rows),
        ]
    )
    return Section("Hostile servers", body, targets)


def _mib(value: float) -> str:
    return f"{value:.0f} MiB"


def _seconds(value: float) -> str:
    return f"{value:.2f} s"


def _heap_peak(sdk: Any, url: str) -> int:
    with sdk.Scenario(api_key="k", api_secret="s", base_url=url) as client:
        tracemalloc.start()
        try:
            client.models.list()
        except sdk.APIResponseTooLargeError:
            pass
        finally:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    return peak


def _timed(call: Callable[[], object]) -> float:
    started = time.monotonic()
    with contextlib.suppress(Exception):  # every contender fails here; the time is the result
        call()
    return time.monotonic() - started


def _drip_stats(sdk: Any, server: _Server, url: str, *, runs: int) -> dict[str, Any]:
    import httpx  # noqa: PLC0415
    from harness import Stats  # noqa: PLC0415

    def ours_sync() -> object:
        with sdk.Scenario(api_key="k", api_secret="s", base_url=url, max_retries=0) as client:
            return client.models.list(timeout=TIMEOUT)

    def ours_async() -> object:
        async def call() -> object:
            async with sdk.AsyncScenario(
                api_key="k", api_secret="s", base_url=url, max_retries=0
            ) as client:
                return await client.models.list(timeout=TIMEOUT)

        return asyncio.run(call())

    def peer() -> object:
        with httpx.Client(timeout=TIMEOUT) as client:
            deadline = time.monotonic() + PEER_CAP
            with client.stream("GET", url + "/models") as response:
                for _ in response.iter_raw():
                    if time.monotonic() > deadline:
                        return None
        return None

    found: dict[str, list[float]] = {}
    for _ in range(runs):
        for mode in ("drip-body", "drip-head"):
            server.mode = mode
            for name, call in (("ours sync", ours_sync), ("ours async", ours_async)):
                found.setdefault(f"{name}, {mode}", []).append(_timed(call))
    server.mode = "drip-body"
    found["bare httpx sync, drip-body (capped)"] = [_timed(peer)]
    return {name: Stats(values) for name, values in found.items()}


if __name__ == "__main__":  # a quick look without the bench venv: python benchmarks/faults.py
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    root = Path(__file__).resolve().parent.parent / "generated"
    sys.path.insert(0, str(root))
    import scenario_sdk

    section = run(scenario_sdk, root, runs=1)
    print(section.body)
    print([t.row() for t in section.targets])
