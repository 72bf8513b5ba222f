"""JSON request bodies of any schema: arrays, unions and primitives as one ``body``
argument; a top-level ``allOf`` as its merged fields; ``+json`` media types.

The spec is ``cases/kinds/json_bodies/spec.yaml``; what the server received is
read from the recorded request bytes with ``json.loads``.
"""

from __future__ import annotations

import json

import pytest

from tests.generator.kinds.support import CasePackage, case_package
from tests.support.server import RecordingServer


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> CasePackage:
    return case_package(tmp_path_factory, "json_bodies")


def test_an_array_body_is_one_typed_argument_sent_as_a_json_array(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        server.enqueue(status=204)
        server.enqueue(status=204)
        result = pkg.run(
            server,
            """
client.things.create_things(body=("a", "bb"))
asyncio.run(aclient.things.create_things(body=["c"]))
try:
    client.things.create_things(body=["toolong"])
except sdk.ParameterValidationError as exc:
    return [exc.parameter, exc.path, exc.rule, str(exc)]
""",
        )
        sent = server.requests
    assert [json.loads(r.body) for r in sent] == [["a", "bb"], ["c"]]
    assert {r.headers["content-type"] for r in sent} == {"application/json"}
    assert result[:3] == ["body", "body[0]", "maxLength 5"]  # and nothing sent for it
    assert len(sent) == 2


def test_a_one_of_body_accepts_a_model_or_a_dict_and_is_validated(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        server.enqueue(json={"kind": "square", "side": 2})
        server.enqueue(json={"kind": "circle", "radius": 1.5})
        result = pkg.run(
            server,
            """
from {pkg}.types import Circle
first = client.shapes.create_shape(body={"kind": "square", "side": 2})
second = client.shapes.create_shape(body=Circle(kind="circle", radius=1.5))
try:
    client.shapes.create_shape(body={"kind": "circle", "radius": 0})
    error = None
except sdk.ParameterValidationError as exc:
    error = exc.parameter
return [type(first).__name__, first.side, type(second).__name__, second.radius, error]
""".replace("{pkg}", pkg.package),
        )
        sent = server.requests
    assert [json.loads(r.body) for r in sent] == [
        {"kind": "square", "side": 2},
        {"kind": "circle", "radius": 1.5},
    ]
    assert result == ["Square", 2, "Circle", 1.5, "body"]


def test_an_optional_primitive_body_is_left_out_when_not_given(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        server.enqueue(status=204)
        server.enqueue(status=204)
        pkg.run(server, 'client.labels.set_label(body="red")\nclient.labels.set_label()')
        sent = server.requests
    assert json.loads(sent[0].body) == "red"
    assert sent[1].body == b""
    assert "content-type" not in sent[1].headers


def test_an_all_of_body_is_offered_as_its_merged_fields_with_its_media_type(
    pkg: CasePackage,
) -> None:
    with RecordingServer() as server:
        server.enqueue(
            status=201,
            body=json.dumps({"name": "Rex"}),
            headers={"Content-Type": "application/problem+json"},
        )
        result = pkg.run(
            server,
            """
import inspect
named = client.pets.create_pet(name="Rex", nick_name="R", legs=4)
try:
    client.pets.create_pet(name="Rex", legs=-1)
    error = None
except sdk.ParameterValidationError as exc:
    error = [exc.parameter, exc.rule]
signature = inspect.signature(client.pets.create_pet).parameters
return [type(named).__name__, named.name, error, [signature[n].default is inspect.Parameter.empty for n in ("name", "nick_name", "legs")]]
""",
        )
        (sent,) = server.requests
    assert json.loads(sent.body) == {"name": "Rex", "nickName": "R", "legs": 4}
    assert sent.headers["content-type"] == "application/vnd.pets+json"
    assert result == ["Named", "Rex", ["legs", "minimum 0"], [True, False, True]]
