"""JSON bodies that are not an object with properties written in place: a ``$ref``
into ``paths`` (an ``allOf`` composition, as DigitalOcean's spec writes them) as
its merged fields; a free-form object and ``additionalProperties`` maps (inline
or a component) as one typed ``body`` argument, never silently dropped.

The spec is ``cases/kinds/json_refs_and_maps/spec.yaml``; what the server
received is read with ``json.loads`` and checked with jsonschema against the
spec's own schema.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml

from tests.generator.helpers import CASES
from tests.generator.kinds.support import CasePackage, case_package
from tests.support.server import RecordingServer

SPEC: dict[str, Any] = yaml.safe_load(
    (CASES / "kinds" / "json_refs_and_maps" / "spec.yaml").read_text(encoding="utf-8")
)


def _schema(path: str, method: str) -> dict[str, Any]:
    """The request body schema of an operation, as a self-contained JSON Schema."""
    schema = SPEC["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return {**schema, "components": SPEC["components"], "paths": SPEC["paths"]}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> CasePackage:
    return case_package(tmp_path_factory, "json_refs_and_maps")


def test_a_body_referring_into_paths_is_offered_as_its_merged_fields(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        server.enqueue(status=204)
        result = pkg.run(
            server,
            """
import inspect
client.projects.patch_project(name="web", is_default=True)
try:
    client.projects.patch_project(name="far-too-long")
    error = None
except sdk.ParameterValidationError as exc:
    error = exc.parameter
return [error, list(inspect.signature(client.projects.patch_project).parameters)]
""",
        )
        (sent,) = server.requests
    body = json.loads(sent.body)
    assert body == {"name": "web", "is_default": True}
    jsonschema.validate(body, _schema("/projects", "patch"))
    assert result[0] == "name"  # maxLength 8, refused before sending
    assert result[1][:2] == ["name", "is_default"]


def test_a_map_body_is_one_typed_argument_validated_and_sent_as_an_object(
    pkg: CasePackage,
) -> None:
    with RecordingServer() as server:
        server.enqueue(status=204)
        result = pkg.run(
            server,
            """
client.counts.post_counts(body={"apples": 3, "pears": 0})
try:
    client.counts.post_counts(body={"apples": "many"})
    error = None
except sdk.ParameterValidationError as exc:
    error = exc.parameter
return error
""",
        )
        (sent,) = server.requests
    body = json.loads(sent.body)
    assert body == {"apples": 3, "pears": 0}
    jsonschema.validate(body, _schema("/counts", "post"))
    with pytest.raises(jsonschema.ValidationError):  # what the client refused, jsonschema refuses
        jsonschema.validate({"apples": "many"}, _schema("/counts", "post"))
    assert result == "body"


def test_a_free_form_and_a_component_map_body_are_sent_as_given(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        server.enqueue(status=204)
        server.enqueue(status=204)
        server.enqueue(status=204)
        pkg.run(
            server,
            """
client.free.post_free(body={"any": [1, {"x": None}]})
client.free.post_free()
asyncio.run(aclient.tags.put_tags(body={"env": "prod"}))
""",
        )
        sent = server.requests
    assert json.loads(sent[0].body) == {"any": [1, {"x": None}]}
    assert sent[1].body == b""  # optional and not given: no body at all
    assert json.loads(sent[2].body) == {"env": "prod"}
    jsonschema.validate(json.loads(sent[2].body), _schema("/tags", "put"))
