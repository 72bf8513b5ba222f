"""The fast random values the contract check draws from large schemas, checked by jsonschema."""

from __future__ import annotations

import random
from typing import Any

import jsonschema
import pytest

from benchmarks.corpus.contract import instances, schemas

SPEC: dict[str, Any] = {
    "components": {"schemas": {
        "Sid": {"type": "string", "pattern": "^AC[0-9a-fA-F]{32}$", "minLength": 34, "maxLength": 34},
        "Base": {"type": "object", "required": ["type"], "properties": {"type": {"enum": ["user"]}}},
        "Mini": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"name": {"type": "string"}}}],
                 "required": ["name"]},
        "Full": {"allOf": [{"$ref": "#/components/schemas/Mini"}, {"properties": {"boss": {"$ref": "#/components/schemas/Full"}}}]},
        "Money": {"type": "object", "required": ["amount", "currency"], "properties": {
            "amount": {"type": "integer", "minimum": 0, "maximum": 10, "multipleOf": 2},
            "currency": {"type": "string", "enum": ["usd", "eur"]},
            "rate": {"type": "number", "exclusiveMinimum": 0, "maximum": 1}}},
        "Charge": {"allOf": [
            {"type": "object", "required": ["id"], "properties": {"id": {"$ref": "#/components/schemas/Sid"}}},
            {"type": "object", "required": ["money", "when"], "properties": {
                "money": {"$ref": "#/components/schemas/Money"},
                "when": {"type": "string", "format": "date-time"},
                "customer": {"anyOf": [{"type": "string", "maxLength": 5}, {"$ref": "#/components/schemas/Charge"}]},
                "tags": {"type": "array", "minItems": 1, "maxItems": 3, "uniqueItems": True, "items": {"type": "string"}},
                "note": {"type": "string", "nullable": True}}}]},
    }},
}  # fmt: skip


@pytest.mark.parametrize("name", ["Sid", "Money", "Charge", "Mini", "Full"])
@pytest.mark.parametrize("seed", range(25))
def test_random_values_validate_against_the_converted_schema(name: str, seed: int) -> None:
    converted = schemas.to_json_schema(
        SPEC, {"$ref": f"#/components/schemas/{name}"}, for_request=False
    )
    value = instances.instance(converted, random.Random(seed))
    jsonschema.Draft7Validator(
        converted, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    ).validate(value)


def test_values_vary_with_the_seed_and_repeat_with_it() -> None:
    converted = schemas.to_json_schema(
        SPEC, {"$ref": "#/components/schemas/Charge"}, for_request=False
    )
    drawn = [instances.instance(converted, random.Random(seed)) for seed in range(10)]
    assert len({repr(v) for v in drawn}) > 5  # random, not one minimal value
    assert drawn == [instances.instance(converted, random.Random(seed)) for seed in range(10)]


def test_a_cut_reference_is_a_constant_that_still_validates() -> None:
    full = schemas.to_json_schema(SPEC, {"$ref": "#/components/schemas/Full"}, for_request=False)
    minimal = schemas.minimal_instance(SPEC, {"$ref": "#/components/schemas/Mini"})
    assert minimal == {"type": "user", "name": ""}  # the required name outside allOf included
    jsonschema.validate(minimal, full)


@pytest.mark.parametrize(
    "pattern",
    [
        r"^[!-~]*(?:\/[ -~]+\/[ -~]+)(?:[ -~]*[!-~])?$",  # S3's x-amz-copy-source, as a header
        r"^((xn--)?[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*\.)+[a-zA-Z]{2,}\.?$",  # DigitalOcean's domain
        r"^(ab|cd)\d{2,3}[^x]?$",
    ],
)
def test_a_pattern_with_groups_is_drawn_from_python_s_own_parse_of_it(pattern: str) -> None:
    rng = random.Random(7)
    schema = {"type": "string", "pattern": pattern, "minLength": 1}
    for _ in range(20):
        jsonschema.validate(instances._string(schema, rng), schema)  # re is the oracle
