"""The signatures of generated methods: argument order and kinds, read from a fresh interpreter.

The spec (specs/signatures.yaml) lists a required query parameter before the
path parameters, and the path parameters in another order than the path; the
expected signatures are written by hand from it. As in Stainless SDKs, only the
last path parameter (the order's id in ``/shops/{shopId}/orders/{orderId}``) is
positional: two positional ids could be swapped unnoticed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.generator.helpers import HERE, generate, run_python
from tests.support.server import RecordingServer

SPEC = HERE / "specs" / "signatures.yaml"
OPTIONS = ("extra_headers", "extra_query", "extra_body", "timeout", "max_retries")

SIGNATURES = r"""
import inspect
import shop_sdk

found = {}
for make in (shop_sdk.Shop, shop_sdk.AsyncShop):
    client = make(api_key="k", api_secret="s", base_url="http://127.0.0.1:9")
    found[make.__name__] = [
        [p.name, p.kind.name, p.default is inspect.Parameter.empty]
        for p in inspect.signature(client.orders.update).parameters.values()
    ]
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The signatures spec generated once for this module."""
    out = tmp_path_factory.mktemp("signatures") / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(out.parent)
        generate(out, "shop_sdk", SPEC)
    return out


def signatures(package: Path) -> dict[str, list[list[object]]]:
    """``[name, kind, required]`` of each parameter of ``orders.update``, sync and async."""
    found: dict[str, list[list[object]]] = run_python(SIGNATURES, cwd=package, path=[package])
    return found


def test_last_path_parameter_first_then_path_then_required_then_optional(package: Path) -> None:
    keyword = "KEYWORD_ONLY"
    expected = [
        ["order_id", "POSITIONAL_OR_KEYWORD", True],
        ["shop_id", keyword, True],
        ["reason", keyword, True],
        ["status", keyword, True],
        ["notify", keyword, False],
        ["note", keyword, False],
        *([name, keyword, False] for name in OPTIONS),
    ]
    found = signatures(package)
    assert set(found) == {"Shop", "AsyncShop"}
    for params in found.values():
        assert params == expected


CALLS = r"""
import asyncio
import shop_sdk

def calls(client):
    yield client.orders.update("o 1", shop_id="s1", reason="r", status="paid")
    yield client.orders.update(order_id="o 1", shop_id="s1", reason="r", status="paid")

with shop_sdk.Shop(api_key="k", api_secret="s", base_url=ARGS["url"]) as client:
    for _ in calls(client):
        pass

async def main():
    async with shop_sdk.AsyncShop(api_key="k", api_secret="s", base_url=ARGS["url"]) as client:
        for call in calls(client):
            await call

asyncio.run(main())
print(json.dumps("done"))
"""


def test_positional_and_keyword_ids_reach_the_same_path(
    package: Path, server: RecordingServer
) -> None:
    for _ in range(4):
        server.enqueue(status=204)

    run_python(CALLS, cwd=package, path=[package], args={"url": server.url})

    assert [(r.method, r.path, r.query_string) for r in server.requests] == [
        ("PUT", "/shops/s1/orders/o%201", "reason=r")
    ] * 4
    assert [r.json for r in server.requests] == [{"status": "paid"}] * 4
