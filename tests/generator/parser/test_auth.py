"""parser.auth: security requirements as runtime auth schemes; others refused by name."""

from __future__ import annotations

from typing import Any

from generator.errors import join_pointer
from generator.ir import AuthScheme
from generator.parser.auth import parse_auth
from tests.generator.parser.support import context, document, only_operation

SCHEMES = {
    "basic": {"type": "http", "scheme": "Basic"},
    "token": {"type": "http", "scheme": "bearer"},
    "oauth": {"type": "oauth2", "flows": {}},
    "key": {"type": "apiKey", "in": "header", "name": "X-Key", "x-sdk-value": "Key {key}"},
    "query": {"type": "apiKey", "in": "query", "name": "api_key"},
}


def _data(operation: dict[str, Any], **top: Any) -> dict[str, Any]:
    data = document(operation, **top)
    data["components"]["securitySchemes"] = SCHEMES
    return data


def test_alternatives_of_schemes_applied_together() -> None:
    data = _data({"security": [{"basic": [], "key": []}, {"token": []}, {"oauth": []}, {}]})
    parsed = parse_auth(context(data), only_operation(data))
    assert parsed.problems == ()
    assert parsed.value == (
        (AuthScheme("basic"), AuthScheme("header", header="X-Key", value="Key {key}")),
        (AuthScheme("bearer"),),
        (AuthScheme("bearer"),),
        (),
    )


def test_the_document_security_applies_unless_the_operation_has_its_own() -> None:
    inherited = _data({}, security=[{"token": []}])
    assert parse_auth(context(inherited), only_operation(inherited)).value == (
        (AuthScheme("bearer"),),
    )
    cleared = _data({"security": []}, security=[{"token": []}])
    assert parse_auth(context(cleared), only_operation(cleared)).value == ()


def test_an_unsupported_scheme_is_refused_by_name_at_the_operations_security() -> None:
    data = _data({"security": [{"query": []}]})
    parsed = parse_auth(context(data), only_operation(data))
    ((problem),) = parsed.problems
    assert problem.code == "unsupported"
    assert problem.message.startswith("security scheme 'query' is not supported (")
    assert problem.location is not None
    assert problem.location.pointer == join_pointer("/paths", "/things", "post", "security")
