"""Measure the generated client's per-call overhead (a script, not a test; no timing asserts).

    .venv/bin/python tests/client/measure_overhead.py [--calls 2000]

One ``client.models.list()`` against a local server, compared with a bare
``httpx`` GET of the same URL plus ``ModelListResponse.model_validate_json`` of
the body. Both keep their connection alive and send the same basic auth; the
server runs in a child process (so it does not share the GIL) and answers every
GET with the list seed page. Calls are interleaved (bare, client, bare, ...) so
drift in machine load hits both alike; the figure is the difference of medians.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "tests" / "fixtures" / "seeds" / "models.list.response.json"
KEY, SECRET = "bench-key-000000", "bench-secret-000000"


def serve() -> None:
    """Child process: answer every request with the seed page, keep-alive, until killed."""
    body = PAGE.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # No Nagle: with keep-alive, delayed ACKs would add ~40 ms stalls at random.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_GET(self) -> None:
            head = (
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            )
            self.wfile.write(head.encode() + body)  # one write: headers and body together

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()


def interleaved(
    first: Callable[[], object], second: Callable[[], object], calls: int
) -> tuple[list[float], list[float]]:
    a: list[float] = []
    b: list[float] = []
    for _ in range(calls):
        for fn, out in ((first, a), (second, b)):
            started = time.perf_counter()
            fn()
            out.append(time.perf_counter() - started)
    return a, b


async def interleaved_async(
    first: Callable[[], Awaitable[object]], second: Callable[[], Awaitable[object]], calls: int
) -> tuple[list[float], list[float]]:
    a: list[float] = []
    b: list[float] = []
    for _ in range(calls):
        for fn, out in ((first, a), (second, b)):
            started = time.perf_counter()
            await fn()
            out.append(time.perf_counter() - started)
    return a, b


def report(label: str, bare: list[float], sdk: list[float]) -> None:
    bare_median = statistics.median(bare) * 1e6
    sdk_median = statistics.median(sdk) * 1e6
    print(
        f"{label}: bare httpx + model_validate_json {bare_median:.0f} us, "
        f"client.models.list() {sdk_median:.0f} us, overhead {sdk_median - bare_median:+.0f} us "
        f"({sdk_median / bare_median:.2f}x), median of {len(sdk)} interleaved calls"
    )


def in_process(
    scenario: type, page_type: type, headers: dict[str, str], calls: int, warmup: int
) -> None:
    """The same comparison over ``httpx.MockTransport`` (no sockets): the client's own cost
    without the server's and the kernel's noise."""
    body = PAGE.read_bytes()
    transport = httpx.MockTransport(
        lambda request: httpx.Response(
            200, content=body, headers={"Content-Type": "application/json"}
        )
    )
    base_url = "http://sdk.invalid"
    with (
        httpx.Client(transport=transport) as http,
        scenario(
            api_key=KEY,
            api_secret=SECRET,
            base_url=base_url,
            http_client=httpx.Client(transport=transport),
        ) as client,
    ):

        def bare() -> object:
            response = http.get(f"{base_url}/models", headers=headers)
            response.raise_for_status()
            return page_type.model_validate_json(response.content)  # type: ignore[attr-defined]

        def sdk() -> object:
            return client.models.list()

        interleaved(bare, sdk, warmup)
        report("sync, MockTransport (no sockets)", *interleaved(bare, sdk, calls))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return

    sys.path.insert(0, str(ROOT / "generated"))
    from scenario_sdk import AsyncScenario, Scenario  # noqa: PLC0415 -- after the path is set
    from scenario_sdk.types import ModelListResponse  # noqa: PLC0415

    child = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        base_url = f"http://127.0.0.1:{int(child.stdout.readline())}"
        auth = "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
        headers = {"Authorization": auth, "Accept": "application/json"}
        warmup = max(args.calls // 10, 50)

        with (
            httpx.Client() as http,
            Scenario(api_key=KEY, api_secret=SECRET, base_url=base_url) as client,
        ):

            def bare() -> object:
                response = http.get(f"{base_url}/models", headers=headers)
                response.raise_for_status()
                return ModelListResponse.model_validate_json(response.content)

            def sdk() -> object:
                return client.models.list()

            interleaved(bare, sdk, warmup)
            report("sync ", *interleaved(bare, sdk, args.calls))

        async def run_async() -> None:
            async with (
                httpx.AsyncClient() as http,
                AsyncScenario(api_key=KEY, api_secret=SECRET, base_url=base_url) as client,
            ):

                async def bare() -> object:
                    response = await http.get(f"{base_url}/models", headers=headers)
                    response.raise_for_status()
                    return ModelListResponse.model_validate_json(response.content)

                async def sdk() -> object:
                    return await client.models.list()

                await interleaved_async(bare, sdk, warmup)
                report("async", *await interleaved_async(bare, sdk, args.calls))

        asyncio.run(run_async())
        in_process(Scenario, ModelListResponse, headers, args.calls, warmup)
    finally:
        child.terminate()
        child.wait(timeout=10)


if __name__ == "__main__":
    main()
