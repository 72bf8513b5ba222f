"""A wildcard request media type (``*/*``, ``application/*``) whose schema is a JSON value
is sent as JSON; with a binary string schema it stays a binary body.

The spec is ``cases/kinds/wildcard_bodies/spec.yaml`` (Kubernetes' ``DeleteOptions``
under ``*/*``). What the server received is read back with ``json.loads`` and
checked against the operation's schema with jsonschema.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml

from tests.generator.kinds.support import KIND_CASES, CasePackage, case_package
from tests.support.server import RecordingServer

SPEC = yaml.safe_load((KIND_CASES / "wildcard_bodies" / "spec.yaml").read_text())


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> CasePackage:
    return case_package(tmp_path_factory, "wildcard_bodies")


def _schema(path: str, method: str, media: str) -> dict[str, Any]:
    body = SPEC["paths"][path][method]["requestBody"]["content"][media]["schema"]
    return {**body, "components": SPEC["components"]}


def test_a_json_schema_under_a_wildcard_is_sent_as_json(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        for _ in range(3):
            server.enqueue(status=204)
        pkg.run(
            server,
            """
client.things.delete_with_options(dry_run=["All"], grace_period_seconds=0)
asyncio.run(aclient.things.post_names(body=["a", "b"]))
client.things.put_blob(body=b"\\x00raw")
return None
""",
        )
        options, names, blob = server.requests
    for request, path, method, media in (
        (options, "/options", "post", "*/*"),
        (names, "/names", "post", "application/*"),
    ):
        assert request.headers["content-type"] == "application/json"
        jsonschema.validate(json.loads(request.body), _schema(path, method, media))
    assert json.loads(options.body) == {"dryRun": ["All"], "gracePeriodSeconds": 0}
    assert blob.body == b"\x00raw"
    assert blob.headers["content-type"] == "application/octet-stream"
