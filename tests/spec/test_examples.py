"""The reference pages' JSON examples validate against the spec; mutated copies do not."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
OPERATIONS = ("models.list", "models.update", "models.train.trigger", "models.train.action")
REQUEST_EXAMPLES = {
    "models.train.trigger": "models.train.trigger.request.json",
    "models.train.action": "models.train.action.request.json",
}


def fixture(name: str) -> Any:
    return json.loads((SEEDS / name).read_text(encoding="utf-8"))


def errors(walker: Any, schema: dict[str, Any], instance: Any) -> list[str]:
    validator = walker.validator(schema)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


@pytest.mark.parametrize("sdk_name", OPERATIONS)
def test_response_example_validates(walker: Any, sdk_name: str) -> None:
    example = fixture(f"{sdk_name}.response.json")
    found = errors(walker, walker.response_schema(sdk_name), example)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("sdk_name", OPERATIONS)
def test_embedded_response_example_equals_fixture(walker: Any, sdk_name: str) -> None:
    op, _ = walker.operation(sdk_name)
    media = op["responses"]["200"]["content"]["application/json"]
    embedded = [ex["value"] for ex in media.get("examples", {}).values()]
    if "example" in media:
        embedded.append(media["example"])
    assert embedded == [fixture(f"{sdk_name}.response.json")]


@pytest.mark.parametrize("sdk_name", sorted(REQUEST_EXAMPLES))
def test_request_example_validates_and_is_embedded(walker: Any, sdk_name: str) -> None:
    example = fixture(REQUEST_EXAMPLES[sdk_name])
    schema = walker.request_schema(sdk_name)
    found = errors(walker, schema, example)
    assert not found, "\n".join(found)
    op, _ = walker.operation(sdk_name)
    media = op["requestBody"]["content"]["application/json"]
    assert [ex["value"] for ex in media["examples"].values()] == [example]


def _set(path: list[Any], value: Any) -> Callable[[Any], None]:
    def mutate(doc: Any) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


def _delete(path: list[Any]) -> Callable[[Any], None]:
    def mutate(doc: Any) -> None:
        node = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return mutate


FLOW_ITEM = ["job", "metadata", "flow", 0, "inputs", 0, "items", 0, 0]
NEGATIVE = {
    "enum deep in list item": ("models.list", _set(["models", 0, "inputs", 0, "kind"], "4d")),
    "enum of list item type": ("models.list", _set(["models", 0, "type"], "sd-2")),
    "type deep in list item": ("models.list", _set(["models", 0, "parameters", "batchSize"], "1")),
    "bound in list item": ("models.list", _set(["models", 0, "parameters", "batchSize"], 5)),
    "missing required in list item": ("models.list", _delete(["models", 0, "capabilities"])),
    "list page without models": ("models.list", _delete(["models"])),
    "enum in items[][]": ("models.train.trigger", _set([*FLOW_ITEM, "type"], "text")),
    "type in items[][].ref": (
        "models.train.trigger",
        _set([*FLOW_ITEM, "ref", "conditional"], "node-1"),
    ),
    "bound in items[][].step": ("models.train.trigger", _set([*FLOW_ITEM, "step"], 0.5)),
    "job status enum": (
        "models.train.trigger",
        _set(["job", "statusHistory", 0, "status"], "done"),
    ),
    "job progress bound (C08)": ("models.train.trigger", _set(["job", "progress"], 1.5)),
    "ui config map value": (
        "models.update",
        _set(["model", "uiConfig", "inputProperties", "foo"], "x"),
    ),
    "concept scale bound": ("models.update", _set(["model", "concepts", 0, "scale"], 3)),
    "learning rate exclusive minimum": (
        "models.train.action",
        _set(["model", "parameters", "learningRate"], 0),
    ),
    "access restriction enum": ("models.train.action", _set(["model", "accessRestrictions"], 10)),
}


@pytest.mark.parametrize("case", sorted(NEGATIVE))
def test_mutated_response_example_is_rejected(walker: Any, case: str) -> None:
    sdk_name, mutate = NEGATIVE[case]
    example = copy.deepcopy(fixture(f"{sdk_name}.response.json"))
    mutate(example)
    assert errors(walker, walker.response_schema(sdk_name), example), (
        f"{case}: mutation was accepted"
    )


def test_responses_accept_unknown_fields(walker: Any) -> None:
    """Response objects stay open: a newer server's extra field must not break validation."""
    example = copy.deepcopy(fixture("models.train.trigger.response.json"))
    example["newTopLevel"] = 1
    example["model"]["newField"] = "x"
    example["job"]["metadata"]["flow"][0]["inputs"][0]["items"][0][0]["newField"] = True
    assert not errors(walker, walker.response_schema("models.train.trigger"), example)


@pytest.mark.parametrize(
    ("sdk_name", "body"),
    [
        ("models.update", {"nmae": "typo"}),
        ("models.update", {"name": "x" * 65}),
        ("models.update", {"parameters": {"batchSize": 2, "unknown": 1}}),
        ("models.update", {"concepts": [{"modelId": "m", "scale": 1, "weight": 1}]}),
        ("models.update", {"parameters": {"optimizeFor": "faces"}}),
        ("models.update", {"parameters": {"wandbKey": "k" * 41}}),
        ("models.train.action", {"action": "pause"}),
        ("models.train.action", {}),
        ("models.train.trigger", {"unexpected": True}),
    ],
)
def test_request_bodies_are_closed_and_checked(
    walker: Any, sdk_name: str, body: dict[str, Any]
) -> None:
    assert errors(walker, walker.request_schema(sdk_name), body), body


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"classSlug": None, "epoch": None, "thumbnail": None},
        {
            "name": "Cinematic Realism",
            "type": "flux.1-lora",
            "parameters": {"optimizeFor": "all", "priorLossWeight": 3.5},
        },
        {"concepts": [{"modelId": "model_x", "scale": -2, "modelEpoch": "000001"}]},
    ],
)
def test_valid_update_bodies(walker: Any, body: dict[str, Any]) -> None:
    found = errors(walker, walker.request_schema("models.update"), body)
    assert not found, "\n".join(found)
