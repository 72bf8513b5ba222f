"""Group 4: client overhead. One ``client.models.list()`` against a local server
vs a bare ``httpx`` GET + ``ModelListResponse.model_validate_json``, sync and async.

The server (``canned_server.py``) runs in its own process, so it does not
share the GIL with the clients under test; it answers a bounded number of
requests on 127.0.0.1 and stops by itself. Both sides send HTTP basic auth
and keep their connection alive.
"""

from __future__ import annotations

import asyncio
import cProfile
import subprocess
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from harness import (
    PY,
    ROOT,
    WORK,
    Section,
    Stats,
    Target,
    fmt_ratio,
    log,
    ratio,
    table,
    time_batches,
    top_cumulative,
    top_functions,
)


class Server:
    """The canned-page server in a child process, for a ``with`` block."""

    def __init__(self, page: bytes, name: str) -> None:
        self.page_file = WORK / f"{name}.json"
        self.page_file.parent.mkdir(parents=True, exist_ok=True)
        self.page_file.write_bytes(page)

    def __enter__(self) -> str:
        self.proc = subprocess.Popen(
            [PY, ROOT / "benchmarks" / "canned_server.py", self.page_file],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout
        port = int(self.proc.stdout.readline())
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def _sync_batch(call: Callable[[], object]) -> Callable[[int], None]:
    def batch(n: int) -> None:
        for _ in range(n):
            call()

    return batch


def _async_batch(
    loop: asyncio.AbstractEventLoop, call: Callable[[], Awaitable[object]]
) -> Callable[[int], None]:
    async def many(n: int) -> None:
        for _ in range(n):
            await call()

    return lambda n: loop.run_until_complete(many(n))


def run(sdk: Any, pages: dict[str, bytes], *, samples: int) -> Section:
    """``sdk`` is the imported ``scenario_sdk``; ``pages``: label -> canned page."""
    parts: list[str] = []
    targets: list[Target] = []
    profiles: list[str] = []
    for label, page in pages.items():
        log(f"client overhead: {label}")
        try:
            with Server(page, "client-page") as url:
                stats, profile = _measure(sdk, url, samples=samples)
        except Exception as exc:  # the runtime is young: record, do not crash
            note = f"the client failed: {type(exc).__name__}: {exc}"
            parts.append(f"#### {label}\n\n**Not measured: {note}**")
            targets += [
                Target(f"client overhead, {label}, {m}: ours / bare httpx", None, 1.2, note=note)
                for m in ("sync", "async")
            ]
            continue
        for mode in ("sync", "async"):
            r = ratio(stats[f"ours {mode}"], stats[f"bare httpx {mode}"])
            targets.append(Target(f"client overhead, {label}, {mode}: ours / bare httpx", r, 1.2))
        if not all(t.met for t in targets[-2:]):
            profiles.append(
                f"Profile of 300 sync `client.models.list()` calls, {label} (cProfile):\n\n{profile}"
            )
        rows = [[name, *s.cells()] for name, s in stats.items()]
        parts.append(f"#### {label}\n\n" + table(["call", "min", "median", "max"], rows))
    parts.append(
        "Ours: `client.models.list()` (sync: `Scenario`, async: `await AsyncScenario(...).models.list()`), "
        "first page only. Bare: `httpx.Client(auth=...).get(url)` then "
        "`ModelListResponse.model_validate_json(response.content)` (async: `httpx.AsyncClient`). "
        f"Per-call medians of {samples} interleaved batches; the server runs in its own process."
    )
    parts += profiles
    rows = [[t.name.split(": ")[0], fmt_ratio(t.measured) if t.measured else "-"] for t in targets]
    parts.insert(0, table(["case", "ours / bare (median)"], rows))
    return Section("Client overhead", "\n\n".join(parts), targets)


def _measure(sdk: Any, url: str, *, samples: int) -> tuple[dict[str, Stats], str]:
    """Per-call stats of the four contenders, and a profile of ours (sync)."""
    page_type = sdk.types.ModelListResponse
    auth = ("k", "s")
    client = sdk.Scenario(api_key="k", api_secret="s", base_url=url)
    bare = httpx.Client(auth=auth)
    loop = asyncio.new_event_loop()
    aclient = sdk.AsyncScenario(api_key="k", api_secret="s", base_url=url)
    abare = httpx.AsyncClient(auth=auth)
    models_url = f"{url}/models"

    def bare_call() -> object:
        return page_type.model_validate_json(bare.get(models_url).content)

    async def abare_call() -> object:
        return page_type.model_validate_json((await abare.get(models_url)).content)

    async def aours_call() -> object:
        return await aclient.models.list()

    try:
        for first in (client.models.list(), loop.run_until_complete(aours_call())):
            if not getattr(first, "models", None):
                raise RuntimeError(f"models.list() returned {type(first).__name__} without models")
        batches = {
            "ours sync": _sync_batch(client.models.list),
            "bare httpx sync": _sync_batch(bare_call),
            "ours async": _async_batch(loop, aours_call),
            "bare httpx async": _async_batch(loop, abare_call),
        }
        stats = time_batches(batches, samples=samples, target=0.05, cap=200)
        return stats, _profile(client.models.list)
    finally:
        client.close()
        bare.close()
        loop.run_until_complete(aclient.close())
        loop.run_until_complete(abare.aclose())
        loop.close()


def _profile(call: Callable[[], object], n: int = 300) -> str:
    """Own time of everything, and the generated runtime's functions by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        call()
    profiler.disable()
    return (
        top_functions(profiler, limit=10)
        + "\n\nThe generated package's functions by cumulative time (what it adds around httpx):\n\n"
        + top_cumulative(profiler, include="scenario_sdk", limit=10)
    )
