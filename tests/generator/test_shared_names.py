"""A key that is one class's wire name and another class's attribute name is a wire name.

Plaid's ``RecurringTransfer`` sends ``account_id`` as its wire name, while another class
spells ``accountId`` with the attribute ``account_id``. ``Model.model_validate(data,
strict=True)`` had taken the key for an attribute name (pydantic's own reading and
verdict), whose strict Python mode refuses a ``date-time`` string: valid payloads were
refused, and the client refused the responses. The verdicts must be jsonschema's.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from tests.generator.helpers import verdicts

SPEC = """
openapi: 3.0.0
info: {title: Transfers, version: "1"}
paths: {}
components:
  schemas:
    Transfer:
      type: object
      required: [created, account_id]
      properties:
        created: {type: string, format: date-time}
        account_id: {type: string}
    Account:
      type: object
      properties:
        accountId: {type: string}
"""

PAYLOADS = [
    {"created": "2006-01-02T15:04:05Z", "account_id": "a"},
    {"created": "not a date", "account_id": "a"},  # format is an annotation
    {"created": "2006-01-02T15:04:05Z"},
    {"created": 5, "account_id": "a"},
]


def test_a_shared_name_is_read_as_the_wire_name_it_is(tmp_path: Path) -> None:
    schema = yaml.safe_load(SPEC)["components"]["schemas"]["Transfer"]
    expected = [jsonschema.Draft202012Validator(schema).is_valid(p) for p in PAYLOADS]
    assert expected == [True, True, False, False]  # the oracle's own verdicts, as a check
    found = verdicts(
        tmp_path, SPEC, "transfers_sdk", "Transfer", PAYLOADS, ["validate", "strict", "strict_json"]
    )
    assert found == [[v, v, v] for v in expected]
