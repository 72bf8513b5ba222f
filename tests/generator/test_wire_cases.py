"""Case folders under ``cases/wire``: what a generated client puts on the wire.

Each case is a small spec and an ``expected.json`` written by hand from the
OpenAPI rules: the client's arguments (``client``) and environment
variables (``env``, without the package prefix), the method (``call``,
``resource.method``) and its arguments (``kwargs``), and what the local
server must have received: the decoded ``query`` pairs in order (and the raw
``query_string`` where given), ``headers`` (lower-case names), headers that
must be ``absent_headers``, the ``path``, the JSON ``body``. ``secret_not_logged`` is a value
that must not appear in the client's debug log, which is captured too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.generator.helpers import CASES, generate, load_json, run_python
from tests.support.server import RecordingServer

WIRE_CASES = sorted(p for p in (CASES / "wire").iterdir() if p.is_dir())

CALL = r"""
import importlib, io, logging, os
os.environ[ARGS["prefix"] + "LOG"] = "debug"
for name, value in ARGS["env"].items():
    os.environ[ARGS["prefix"] + name] = value
log = io.StringIO()
handler = logging.StreamHandler(log)
logging.getLogger().addHandler(handler)
logging.getLogger().setLevel(logging.DEBUG)
package = importlib.import_module(ARGS["package"])
client_class = next(
    getattr(package, name) for name in package.__all__
    if isinstance(getattr(package, name), type)
    and hasattr(getattr(package, name), "with_options")
    and not name.startswith("Async")
)
client = client_class(base_url=ARGS["url"], max_retries=0, **ARGS["client"])
resource_name, method_name = ARGS["call"].split(".")
getattr(getattr(client, resource_name), method_name)(**ARGS["kwargs"])
print(json.dumps({"log": log.getvalue()}))
"""


@pytest.mark.parametrize("case", WIRE_CASES, ids=lambda p: p.name)
def test_the_request_on_the_wire_is_what_the_spec_says(case: Path, tmp_path: Path) -> None:
    expected: dict[str, Any] = load_json(case / "expected.json")
    package = f"wire_{case.name}"
    generate(tmp_path / "out", package, case / "spec.yaml")
    with RecordingServer() as server:
        found = run_python(
            CALL,
            cwd=tmp_path,
            path=[tmp_path / "out"],
            args={
                "package": package,
                "prefix": package.upper() + "_",
                "url": server.url,
                "client": expected.get("client", {}),
                "env": expected.get("env", {}),
                "call": expected["call"],
                "kwargs": expected["kwargs"],
            },
        )
        (request,) = server.requests
    assert request.query == [tuple(pair) for pair in expected["query"]]
    if "query_string" in expected:
        assert request.query_string == expected["query_string"]
    if "path" in expected:
        assert request.path == expected["path"]
    if "body" in expected:
        assert request.json == expected["body"]
    for name, value in expected.get("headers", {}).items():
        assert request.headers.get(name) == value, name
    for name in expected.get("absent_headers", []):
        assert name not in request.headers, name
    if "secret_not_logged" in expected:
        assert "=****" in found["log"]  # the debug log showed the URL, the key masked
        assert expected["secret_not_logged"] not in found["log"]


def test_every_wire_case_is_complete() -> None:
    assert len(WIRE_CASES) >= 6
    for case in WIRE_CASES:
        expected = load_json(case / "expected.json")
        assert {"call", "kwargs", "query"} <= expected.keys(), case.name
