"""Per-scheme credentials can be changed in ``with_options`` as in the constructor.

The spec is ``cases/wire/several_schemes`` (an apiKey header and an apiKey
query parameter applied together). What the local server received says
which credential each copy sent; the original client keeps its own.
"""

from __future__ import annotations

from pathlib import Path

from tests.generator.helpers import CASES, generate, run_python
from tests.support.server import RecordingServer

CALL = r"""
import asyncio, importlib
package = importlib.import_module("vault_sdk")
client = package.Vault(base_url=ARGS["url"], max_retries=0, tenant_header="T-1", signature="S-2")
client.with_options(signature="S-9").secrets.list_secrets()
client.secrets.list_secrets()
client.with_options(credentials={"tenant_header": "T-7"}).secrets.list_secrets()
aclient = package.AsyncVault(base_url=ARGS["url"], max_retries=0, tenant_header="A-1", signature="A-2")
asyncio.run(aclient.with_options(tenant_header="A-5").secrets.list_secrets())
try:
    client.with_options(credentials={"nonsense": "x"})
    error = None
except ValueError as exc:
    error = str(exc)
print(json.dumps(error))
"""


def test_with_options_sets_each_schemes_credential_and_leaves_the_original(
    tmp_path: Path,
) -> None:
    generate(tmp_path / "out", "vault_sdk", CASES / "wire" / "several_schemes" / "spec.yaml")
    with RecordingServer() as server:
        error = run_python(CALL, cwd=tmp_path, path=[tmp_path / "out"], args={"url": server.url})
        seen = [(r.headers.get("x-tenant-key"), dict(r.query).get("sig")) for r in server.requests]
    assert seen == [("T-1", "S-9"), ("T-1", "S-2"), ("T-7", "S-2"), ("A-5", "A-2")]
    assert error == "unknown credential arguments: nonsense"
