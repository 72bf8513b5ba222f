"""Problem messages quote jsonschema's reason without pasting whole schemas into it.

jsonschema itself is the oracle: it makes the errors, and it says which ``oneOf``
branches an instance is valid under."""

from __future__ import annotations

from typing import Any

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from generator.structure import describe

_LONG = "x" * 400  # a description long enough to swamp any message that quotes it


def _branch(index: int, kind: str) -> dict[str, Any]:
    return {"title": f"Branch {index}", "description": _LONG, "type": kind}


def _error(schema: dict[str, Any], instance: Any) -> Any:
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(instance))
    assert len(errors) == 1
    return errors[0]


@given(st.lists(st.sampled_from(["object", "string", "integer", "number"]), min_size=2, max_size=6))
def test_a_oneof_matched_twice_names_exactly_the_branches_it_matched(kinds: list[str]) -> None:
    schema = {"oneOf": [_branch(i, kind) for i, kind in enumerate(kinds)]}
    instance = 3  # valid under "integer" and "number"
    valid = [
        i
        for i, branch in enumerate(schema["oneOf"])
        if jsonschema.Draft202012Validator(branch).is_valid(instance)
    ]
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(instance))
    if len(valid) == 1:
        assert errors == []
        return
    assert len(errors) == 1
    message = describe(errors[0])
    assert _LONG not in message
    assert len(message) < 80 + 60 * len(valid)
    named = [int(part.split()[0]) for part in message.split("oneOf/")[1:]]
    assert named == valid
    if valid:
        assert "more than one oneOf schema" in message
        assert all(f"'Branch {i}'" in message for i in valid)
    else:
        assert "is not valid under any of the given schemas" in message


def test_a_oneof_of_refs_names_the_refs() -> None:
    defs = {"A": {"type": "integer", "description": _LONG}, "B": {"type": "number"}}
    schema = {"$defs": defs, "oneOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}]}
    message = describe(_error(schema, 1))
    assert "oneOf/0 '#/$defs/A'" in message
    assert "oneOf/1 '#/$defs/B'" in message


def test_a_long_enum_shows_its_start_and_length() -> None:
    values = [f"value-{i:03}" for i in range(200)]
    message = describe(_error({"enum": values}, "other"))
    assert message.startswith("'other' is not one of ['value-000', ")
    assert "(200 items)" in message
    assert len(message) < 200


def test_a_long_not_schema_is_shortened_and_the_reason_kept() -> None:
    message = describe(_error({"not": {"type": "integer", "description": _LONG}}, 1))
    assert message.startswith("1 should not be valid under {")
    assert _LONG not in message
    assert len(message) < 120


def test_a_long_string_instance_with_runs_of_spaces_is_shortened() -> None:
    instance = "{\n    " + "  ".join(["word"] * 100) + "\n}"
    message = describe(_error({"type": "object"}, instance))
    assert message.endswith(" is not of type 'object'")
    assert len(message) < 120


def test_short_messages_are_jsonschemas_own() -> None:
    err = _error({"type": "object", "required": ["id"]}, {})
    assert describe(err) == err.message
    err = _error({"oneOf": [{"type": "integer"}, {"type": "number"}]}, 2)
    assert (
        describe(err)
        == "2 is valid under more than one oneOf schema (oneOf/0, oneOf/1); oneOf allows one"
    )
