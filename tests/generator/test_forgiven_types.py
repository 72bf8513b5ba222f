"""A schema ``type`` that names no type (an object written there, as in a published
spec) is forgiven: a warning, and the generated code does not rely on it.

The case is ``cases/lenient/type_not_a_name``: ``Item.kind`` refers to a schema
whose ``type`` is an object. The generated client must send any value for
``kind`` as given (the schema constrains nothing by type), and the JSON the
local server received is checked with jsonschema against ``Item`` with the
bad ``type`` left out, the reading the warning announces.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from tests.generator.helpers import CASES, generate, run_python
from tests.support.server import RecordingServer

CASE = CASES / "lenient" / "type_not_a_name"

CALL = r"""
import importlib
package = importlib.import_module("items_sdk")
sync_name = sorted(package._client.__all__)[1]  # ["AsyncX", "X"]
client = getattr(package, sync_name)(base_url=ARGS["url"], max_retries=0)
client.items.create_item(name="a", kind="Service")
client.items.create_item(name="b", kind=5)
print(json.dumps(None))
"""


def test_a_type_that_names_no_type_constrains_nothing_in_the_client(tmp_path: Path) -> None:
    generate(tmp_path / "out", "items_sdk", CASE / "spec.yaml")
    with RecordingServer() as server:
        server.enqueue(status=204)
        server.enqueue(status=204)
        run_python(CALL, cwd=tmp_path, path=[tmp_path / "out"], args={"url": server.url})
        sent = [json.loads(r.body) for r in server.requests]
    assert sent == [{"name": "a", "kind": "Service"}, {"name": "b", "kind": 5}]
    spec = yaml.safe_load((CASE / "spec.yaml").read_text(encoding="utf-8"))
    item = spec["components"]["schemas"]["Item"]
    del item["definitions"]["itemType"]["type"]  # the forgiven reading
    item["properties"]["kind"] = item["definitions"]["itemType"]
    for body in sent:
        jsonschema.validate(body, item)
