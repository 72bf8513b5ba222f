"""The signatures of generated methods: argument order and kinds, read from a fresh interpreter.

The spec (specs/signatures.yaml) lists a required query parameter before the
path parameters, and the path parameters in another order than the path; the
expected signatures are written by hand from it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.generator.helpers import HERE, generate, run_python

SPEC = HERE / "specs" / "signatures.yaml"

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


def test_path_parameters_come_first_then_required_then_optional(package: Path) -> None:
    for client, params in signatures(package).items():
        names = [name for name, _, _ in params]
        assert names[:6] == ["order_id", "shop_id", "reason", "status", "notify", "note"], client
        assert names[6:] == ["extra_headers", "extra_query", "extra_body", "timeout", "max_retries"]
