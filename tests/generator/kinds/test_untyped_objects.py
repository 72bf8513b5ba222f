"""Response schemas with object keywords and no ``type`` admit every non-object.

JSON Schema applies ``properties``, ``required`` and ``additionalProperties`` to
objects only, so ``{"properties": {...}, "required": [...]}`` accepts ``3``,
``"x"``, ``[]``, ``true`` and ``null`` (Discourse's inline responses,
DigitalOcean's components). The generated class is the object case; a
response the schema admits is returned as it came, in strict and in lenient
mode, and one it refuses raises (strict) as before. The expected verdicts are
jsonschema's, over the spec of ``cases/kinds/untyped_objects/spec.yaml``.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import referencing
import yaml

from tests.generator.kinds.support import KIND_CASES, CasePackage, case_package
from tests.support.server import RecordingServer

SPEC = yaml.safe_load((KIND_CASES / "untyped_objects" / "spec.yaml").read_text("utf-8"))

# (the client call, the response schema in the spec, the bodies the server sends); the
# JSON kind of the declared type (a class: object) is the response schema's `type` or object
CALLS = [
    (
        "client.users.log_out_user(id=1)",
        SPEC["paths"]["/users/{id}/log_out"]["post"]["responses"]["200"],
        [3, "OK", [1, 2], True, None, {"success": "OK"}, {"success": 1}, {"success": "OK", "x": 1}],
    ),
    (
        "client.domains.get_domain(name='a')",
        SPEC["paths"]["/domains/{name}"]["get"]["responses"]["200"],
        [12.5, "d", [], False, None, {"name": "a", "ttl": 3}, {"ttl": 3}],
    ),
    (
        "client.domains.all_domains()",
        SPEC["paths"]["/domains/all"]["get"]["responses"]["200"],
        [[1, "x", None, {"name": "a"}], [{"name": "a", "ttl": 1}], [{"ttl": 1}], {"name": "a"}],
    ),
    (
        "client.domains.list_domains()",
        SPEC["paths"]["/domains"]["get"]["responses"]["200"],
        [{"domains": [1, "x", None, {"name": "a"}]}, {"domains": [{"ttl": 1}]}, [1]],
    ),
]

SCRIPT = """
import json
def dump(value):
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, list):
        return [dump(item) for item in value]
    return value
results = []
for strict in (True, False):
    strict_client = client.with_options(strict=strict)
    for body in ARGS["bodies"]:
        try:
            value = eval(ARGS["call"], {"client": strict_client})
        except sdk.APIResponseValidationError:
            results.append([strict, "refused", None])
        else:
            kind = "model" if hasattr(value, "model_dump") else "value"
            results.append([strict, kind, dump(value)])
return results
"""


def _valid(response: dict[str, Any], body: object) -> bool:
    """jsonschema's verdict on ``body`` for the response's schema, refs resolved in the spec."""
    resource = referencing.Resource.from_contents(SPEC, referencing.jsonschema.DRAFT202012)
    registry: referencing.Registry[Any] = referencing.Registry().with_resource("urn:spec", resource)
    schema = dict(response["content"]["application/json"]["schema"])
    if "$ref" in schema:
        schema["$ref"] = "urn:spec" + schema["$ref"]
    else:  # its own refs resolve against the spec
        schema["$id"] = "urn:spec"
        schema["components"] = SPEC["components"]
    return bool(jsonschema.Draft202012Validator(schema, registry=registry).is_valid(body))


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> CasePackage:
    return case_package(tmp_path_factory, "untyped_objects")


@pytest.mark.parametrize(("call", "response", "bodies"), CALLS, ids=[c[0] for c in CALLS])
def test_a_response_the_schema_admits_is_returned_and_one_it_refuses_raises_in_strict_mode(
    pkg: CasePackage, call: str, response: dict[str, Any], bodies: list[object]
) -> None:
    with RecordingServer() as server:
        for _ in (True, False):
            for body in bodies:
                server.enqueue(
                    body=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
                )
        results = pkg.run(server, SCRIPT, call=call, bodies=bodies)
    verdicts = [_valid(response, body) for body in bodies]
    strict, lenient = results[: len(bodies)], results[len(bodies) :]
    for body, valid, (_, outcome, value) in zip(bodies, verdicts, strict, strict=True):
        assert (outcome != "refused") == valid, (body, outcome)
        if valid:  # the object case as the class, any other value as it came
            assert (outcome == "model") == isinstance(body, dict), (body, outcome)
            assert value == body
    declared = (
        list if response["content"]["application/json"]["schema"].get("type") == "array" else dict
    )
    for body, valid, (_, outcome, value) in zip(bodies, verdicts, lenient, strict=True):
        # lenient: what the schema admits, and any value of the declared JSON kind (kept
        # as it came); another kind the schema refuses is an error page
        assert (outcome != "refused") == (valid or isinstance(body, declared)), (body, outcome)
        if valid:
            assert value == body


REQUEST_SCRIPT = """
sent = []
for resources in ARGS["arguments"]:
    try:
        client.tags.tag_resources(tag="t", resources=resources)
    except sdk.ParameterValidationError as exc:
        sent.append(["refused", exc.parameter])
    else:
        sent.append(["sent", None])
return sent
"""


def test_an_argument_the_schema_admits_is_sent_as_given_and_one_it_refuses_is_not_sent(
    pkg: CasePackage,
) -> None:
    arguments: list[list[object]] = [
        [{"resource_id": "1", "resource_type": "droplet"}, 3, None, "x", [1]],
        [{"resource_id": "2"}, False],
        [{"resource_type": "volume"}],
        [{"resource_id": 5}, 1],
    ]
    schema = SPEC["paths"]["/tags/{tag}/resources"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]
    verdicts = [
        jsonschema.Draft202012Validator(schema).is_valid({"resources": resources})
        for resources in arguments
    ]
    with RecordingServer() as server:
        for _ in arguments:
            server.enqueue(status=204)
        outcomes = pkg.run(server, REQUEST_SCRIPT, arguments=arguments)
        received = [request.json for request in server.requests]
    assert verdicts == [True, True, False, False]  # the cases cover both verdicts
    assert [outcome == ["sent", None] for outcome in outcomes] == verdicts
    assert all(outcome == ["refused", "resources"] for outcome in outcomes if outcome[0] != "sent")
    expected = [{"resources": r} for r, valid in zip(arguments, verdicts, strict=True) if valid]
    assert received == expected
