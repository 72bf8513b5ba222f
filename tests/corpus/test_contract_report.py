"""The contract check's causes and its table, from hand-made results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus.contract import classify, earlier, report


@pytest.mark.parametrize(
    ("stage", "message", "facts", "cause"),
    [
        ("request", "InvalidRequestBody: Value b'\\x00' not valid for schema of type string", {}, classify.SPEC),
        ("request", "RequestBodyValidationError: Content for the following mimetype not found: "
                    "application/octet-stream. Valid mimetypes: ['image/*']", {}, classify.OURS),
        ("request", "ParameterValidationError: Query parameter error: page", {"invalid": ["page: 0 is less than 1"]},
         classify.DRAWN),
        ("request", "PathNotFound: Path not found for http://127.0.0.1/x", {}, classify.HARNESS),
        ("request", "InvalidRequestBody: <- at /data/workspace [readOnly] Tried to write read-only property "
                    "with {'name': 'x'}", {}, classify.DRAWN),
        ("request", "InvalidRequestBody: Value {'hosts': '0'} not valid for schema of type object: "
                    "(<ValidationError: \"'0' is not of type 'integer'\">,)",
         {"media_type": "multipart/form-data"}, classify.VALIDATOR),
        ("request", "InvalidRequestBody: Value {'site_id': 'YN'} not valid for schema o <- at "
                    "/extension_number [type] '150' is not of type 'integer'",
         {"media_type": "multipart/form-data"}, classify.VALIDATOR),
        ("request", "InvalidRequestBody: Request body validation error: Value {} not valid for schema of type "
                    "any: (<ValidationError: \"'plan_base' is a required property\">,)",
         {"media_type": "multipart/form-data"}, classify.VALIDATOR),
        ("request", "InvalidRequestBody: Request body validation error: Value {} not valid for schema of type "
                    "any: (<ValidationError: \"'plan_base' is a required property\">,)",
         {"media_type": "application/json"}, classify.UNCLASSIFIED),
        ("request", "InvalidRequestBody: Value {'panelists': [b'{\"email\": \"a@b.c\"}']} not valid for schema "
                    "of type object: (<ValidationError: 'b\\'{}\\' is not of type \\'object\\''>,)",
         {"media_type": "multipart/form-data"}, classify.VALIDATOR),
        ("request", "InvalidRequestBody: Request body validation error: Value {} not valid for schema of type "
                    "object: (<ValidationError: \"'email' is a required property\">,)",
         {"media_type": "multipart/form-data"}, classify.VALIDATOR),
        ("client", "Unsatisfiable: Unable to satisfy assumptions of one.", {}, classify.HARNESS),
        ("request", "InvalidRequestBody: Value {'type': 'assign'} not valid <- at / [anyOf] {'type': 'assign'} "
                    "reference 'models/reserved_ip_actions.yml#/reserved_ip_action_assig", {}, classify.SPEC),
        ("request", "InvalidParameter: Invalid path parameter: ssh_key_identifier <- InvalidSchemaValue: Value 0 "
                    "not valid for schema of type any <- at / [anyOf] 0 is not valid under any of the given "
                    "schemas (e.g. 0 is not of type 'string')", {}, classify.VALIDATOR),
        ("request", "InvalidRequestBody: Value {'at_items': [[]]} not valid <- at /at_items/0 [type] [] is not "
                    "of type 'object'", {"media_type": "multipart/form-data"}, classify.UNCLASSIFIED),
        ("request", "InvalidRequestBody: <- at /c/0 [oneOf] {'a': 1} does not contain discriminating "
                    "property 'condition_type'", {}, classify.SPEC),
        ("client", "ParameterValidationError: bacs: None is not allowed (the spec does not make it nullable)",
         {}, classify.DRAWN),
        ("request", "InvalidRequestBody: Value <a/> not valid for schema of type object",
         {"media_type": "text/xml"}, classify.VALIDATOR),
        ("request", "InvalidParameter: Invalid query parameter: start_date <- InvalidSchemaValue: Value  not "
                    "valid for schema of type string: (<ValidationError: \"'' is not a 'date'\">,)",
         {"query": "page_size=5"}, classify.SPEC),
        ("request", "InvalidParameter: Invalid query parameter: start_date <- InvalidSchemaValue: Value  not "
                    "valid for schema of type string: (<ValidationError: \"'' is not a 'date'\">,) <- at / "
                    "[format] '' is not a 'date'", {"query": ""}, classify.SPEC),
        ("request", "InvalidRequestBody: Value Tej2aQubz not valid for schema of type object",
         {"media_type": "text/plain"}, classify.SPEC),
        ("request", "InvalidParameter: Invalid query parameter: start_date <- InvalidSchemaValue: Value x not "
                    "valid for schema of type string: (<ValidationError: \"'x' is not a 'date'\">,) <- at / "
                    "[format] 'x' is not a 'date'",
         {"query": "start_date=x"}, classify.DRAWN),
        ("request", "InvalidParameter: Invalid query parameter: step_ids <- InvalidSchemaValue: Value [''] not "
                    "valid for schema of type array: (<ValidationError: \"'' is not a 'uuid'\">,)",
         {"query": "step_ids=&page_size=5"}, classify.VALIDATOR),
        # read as XML since (xmlbody): a value read back and refused is not the reader's limit
        ("request", "InvalidRequestBody: Value {'Tagging': {}} not valid for schema of type object",
         {"media_type": "text/xml"}, classify.UNCLASSIFIED),
        # cast since (multipart): a part whose text is no number is not openapi-core's limit
        ("request", "InvalidRequestBody: Value {'hosts': 'zero'} not valid for schema of type object: "
                    "(<ValidationError: \"'zero' is not of type 'integer'\">,)",
         {"media_type": "multipart/form-data"}, classify.UNCLASSIFIED),
        ("request", "InvalidRequestBody: Value {'a': 1} not valid for schema of type object",
         {"media_type": "application/json"}, classify.UNCLASSIFIED),
        ("client", "ParameterValidationError: spec: [] is not of type object", {}, classify.OURS),
        ("client", "ParameterValidationError: instructions[0]: 'x' is not of type object (and 6 more)", {},
         classify.OURS),
        ("client", "ParameterValidationError: count: 'x' is not of type integer", {}, classify.OURS),
        ("client", "UnicodeEncodeError: 'ascii' codec can't encode character", {}, classify.DRAWN),
        ("response", "ValidationError: 1 validation error for Pet", {"response_error": "InvalidData: id"},
         classify.DRAWN),
        ("response", "ValidationError: 1 validation error for Pet", {"response_error": ""}, classify.OURS),
        ("response", "APIResponseValidationError: Response to GET /v1/logs/0 did not match its type (1 error; "
                     "first: transitionId: null matches none of the anyOf schemas)", {"response_error": ""},
         classify.OURS),
        ("response", "APIResponseValidationError: x did not match its type",
         {"response_error": "InvalidData <- at /a [anyOf] None is not valid under any of the given schemas"},
         classify.OURS),  # openapi-core's nullable-anyOf verdict is not taken for the value's fault
        ("request", "ParameterValidationError: Query parameter error: expand <- DeserializeError: "
                    "('deepObject', 'expand') <- ValueError: not available", {}, classify.SPEC),
        ("request", "InvalidRequestBody: <- at /lock [required] 'type' is a required property",
         {"undefined": ["type"]}, classify.SPEC),
        ("request", "InvalidRequestBody: <- at /lock [required] 'type' is a required property",
         {"undefined": ["kind"]}, classify.UNCLASSIFIED),
        ("request", "MissingRequiredParameter: Missing required header parameter: WM_SEC.ACCESS_TOKEN", {},
         classify.UNCLASSIFIED),  # the server passes header names as sent: no longer the harness's
        ("request", "ParameterValidationError: Query parameter error: created <- DeserializeError: "
                    "('deepObject', 'created') <- ValueError: not available", {"query": "created%5Bgt%5D=1"},
         classify.VALIDATOR),  # an object sent as deepObject, refused for the schema's missing `type`
        ("request", "ParameterValidationError: Query parameter error: created <- DeserializeError: "
                    "('deepObject', 'created') <- ValueError: not available", {"query": "created=1"},
         classify.SPEC),  # a primitive: deepObject is not defined for it
        ("request", "InvalidRequestBody: Value b'{' not valid for schema of type object",
         {"call": "mirror.timeline.update|audio/adpcm|1|sync"}, classify.SPEC),
        ("request", "InvalidRequestBody: Value b\"'V\" not valid for schema of type object",
         {"call": "mirror.timeline.update|audio/rtx|1|sync"}, classify.SPEC),  # repr in double quotes
        ("request", "InvalidRequestBody: Value b'R' not valid for schema of type object",
         {"call": "youtube.captions.update|application/octet-stream|1|sync"}, classify.SPEC),
        ("request", "RequestBodyValidationError: Request body validation error: Failed to cast value to array "
                    "type: spei", {"call": "PostX|application/x-www-form-urlencoded|1|sync"}, classify.SPEC),
        ("request", "RequestBodyValidationError: Request body validation error: Failed to cast value to array "
                    "type: spei", {"call": "PostX|application/json|1|sync"}, classify.UNCLASSIFIED),
        ("request", "InvalidRequestBody: Value b'{' not valid for schema of type object",
         {"call": "subscribe|application/x-msgpack|1|sync"}, classify.VALIDATOR),
        ("request", "InvalidParameter: Invalid query parameter: limit <- InvalidSchemaValue: Value 100 not valid for "
                    "schema of type integer: (<ValidationError: \"'100' is not of type 'integer'\">,)", {}, classify.SPEC),
        ("request", "RequestBodyValidationError: Content for the following mimetype not found: +Df<. Valid "
                    "mimetypes: ['application/json']", {}, classify.OURS),
        ("request", "RequestBodyValidationError: Content for the following mimetype not found: text/csv. Valid "
                    "mimetypes: ['application/json']", {}, classify.UNCLASSIFIED),
        ("client", "TypeError: Roles.roles_read() missing 1 required positional argument: 'id_2'", {},
         classify.OURS),
        ("request", "InvalidRequestBody: Value b'0' not valid for schema of type object",
         {"call": "postQuery|application/x-yaml|0|sync"}, classify.HARNESS),
        ("request", "InvalidRequestBody: Value {} not valid for schema of type object: 'recipient' is a "
                    "required property", {"call": "publish|application/x-www-form-urlencoded|1|sync"},
         classify.VALIDATOR),
        ("request", "InvalidRequestBody: Value {} not valid for schema of type object: 'recipient' is a "
                    "required property", {"call": "publish|application/json|1|sync"}, classify.UNCLASSIFIED),
        ("request", "SomethingNew: never seen", {}, classify.UNCLASSIFIED),
    ],
)  # fmt: skip
def test_each_finding_gets_the_cause_of_its_first_matching_rule(
    stage: str, message: str, facts: dict[str, Any], cause: str
) -> None:
    found, why = classify.classify(stage, message, facts)
    assert found == cause
    assert (why == "") == (cause == classify.UNCLASSIFIED)


def _record(name: str, **contract: Any) -> dict[str, Any]:
    base = {"methods": 0, "called": 0, "calls": 0, "async_calls": 0, "requests": 0, "accepted": 0,
            "responses": 0, "parsed": 0, "kinds": [], "findings": [], "note": "", "seconds": 1.0, "error": ""}  # fmt: skip
    return {
        "name": name,
        "commit": "abc1234",
        "date": "2026-01-01 00:00 UTC",
        "contract": {**base, **contract},
    }


def test_the_table_sums_the_specs_and_lists_findings_grouped_with_their_cause() -> None:
    finding = {"operation": "getPet", "method": "Pets.get", "call": "getPet|None|0|sync", "stage": "request",
               "cause": "stale", "why": "stale", "message": "InvalidRequestBody: Value b'1' not valid for schema of type string"}  # fmt: skip
    records = [
        _record("one", methods=3, called=3, calls=10, async_calls=3, requests=10, accepted=8, responses=10,
                parsed=9, kinds=["json-fields"], findings=[finding, {**finding, "message": "InvalidRequestBody: Value b'22' not valid for schema of type string"}]),
        _record("two", methods=1, called=1, calls=2, async_calls=1, requests=2, accepted=2, responses=2, parsed=2),
        {"name": "three", "commit": "abc1234", "generate": "failed", "generate_error": "unsupported thing"},
    ]  # fmt: skip
    text = report.render(records, ["one", "two", "three", "four"])
    assert "| requests accepted by openapi-core | 10 (83.33 %) |" in text
    assert (
        "| ... leaving out the requests refused for the spec's own inconsistency | 10 of 10 (100.00 %) |"
        in text
    )
    assert (
        "| ... leaving out those and the ones refused for a limitation of openapi-core | 10 of 10 (100.00 %) |"
        in text
    )
    assert "| responses parsed in strict mode | 11 of 12 (91.67 %) |" in text
    assert "| specs checked (generated and called) | 2 of 4 |" in text
    assert "| findings: spec | 2 |" in text
    # decided again with the rules of today, not the stored ones
    why = next(r.why for r in classify.RULES if "type string" in r.pattern)
    assert f"| one | request | spec | 2 | {why} |" in text  # both values, one group
    assert "not checked: unsupported thing" in text
    assert text.rstrip().endswith("four")  # never run: listed


def test_rows_of_the_committed_tables_add_up_to_the_total_their_text_states() -> None:
    # CONTRACT-4.md's header, written by hand from the four tables: "14,968 of 15,538 requests
    # accepted", 76 specs (GitHub's not checked); each spec's row from the latest table having it.
    folder = Path(__file__).resolve().parents[2] / "benchmarks" / "corpus"
    tables = [
        folder / name for name in ("CONTRACT.md", "CONTRACT-2.md", "CONTRACT-3.md", "CONTRACT-4.md")
    ]
    rows = earlier.rows(tables)
    assert len(rows) == 76
    assert (sum(r.accepted for r in rows.values()), sum(r.requests for r in rows.values())) == (
        14968,
        15538,
    )
    assert rows["s3"].table == "CONTRACT-4.md"
    assert rows["s3"].refused == {"validator": 109, "harness": 14, "drawn value": 13, "spec": 1}
    assert sum(sum(r.refused.values()) for r in rows.values()) == 15538 - 14968


def test_a_file_that_is_no_contract_table_is_named(tmp_path: Path) -> None:
    other = tmp_path / "RESULTS.md"
    other.write_text("# something else\n")
    with pytest.raises(ValueError, match=r"RESULTS\.md: no 'Per spec' section"):
        earlier.rows([other])


def test_with_earlier_rows_the_specs_not_run_here_say_where_their_row_is() -> None:
    folder = Path(__file__).resolve().parents[2] / "benchmarks" / "corpus"
    rows = earlier.rows([folder / "CONTRACT.md"])
    text = report.render([], ["xkcd", "github"], earlier=rows)
    assert "With a row in an earlier table (in the corpus total): xkcd." in text
    assert "In no table: github." in text
