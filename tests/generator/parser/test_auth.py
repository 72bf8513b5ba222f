"""parser.auth: security requirements as runtime auth schemes; others refused by name."""

from __future__ import annotations

from typing import Any

from generator.errors import join_pointer
from generator.ir import AuthScheme
from generator.parser.auth import parse_auth
from generator.spec_access import operations
from tests.generator.parser.support import context, document, only_operation

SCHEMES = {
    "basic": {"type": "http", "scheme": "Basic"},
    "token": {"type": "http", "scheme": "bearer"},
    "oauth": {"type": "oauth2", "flows": {}},
    "key": {"type": "apiKey", "in": "header", "name": "X-Key", "x-sdk-value": "Key {key}"},
    "query": {"type": "apiKey", "in": "query", "name": "api_key"},
    "cookie": {"type": "apiKey", "in": "cookie", "name": "sid"},
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
        (
            AuthScheme("basic", arguments=("basic", "basic_secret")),
            AuthScheme("apiKey", name="X-Key", value="Key {key}"),  # a constant: no argument
        ),
        (AuthScheme("bearer", arguments=("token", "token_secret")),),
        (AuthScheme("bearer", arguments=("oauth", "oauth_secret")),),
        (),
    )


def test_the_document_security_applies_unless_the_operation_has_its_own() -> None:
    inherited = _data({}, security=[{"token": []}])
    assert parse_auth(context(inherited), only_operation(inherited)).value == (
        (AuthScheme("bearer", arguments=("token", "token_secret")),),
    )
    cleared = _data({"security": []}, security=[{"token": []}])
    assert parse_auth(context(cleared), only_operation(cleared)).value == ()


def test_api_keys_in_the_query_and_a_cookie() -> None:
    data = _data({"security": [{"query": [], "cookie": []}]})
    parsed = parse_auth(context(data), only_operation(data))
    assert parsed.problems == ()
    assert parsed.value == (
        (
            AuthScheme("apiKey", "api_key", "query", arguments=("query", "query_secret")),
            AuthScheme("apiKey", "sid", "cookie", arguments=("cookie", "cookie_secret")),
        ),
    )


def test_an_unsupported_scheme_is_refused_once_at_its_own_place() -> None:
    data = _data({"security": [{"digest": []}, {"token": []}]})
    data["components"]["securitySchemes"] = {
        **SCHEMES,
        "digest": {"type": "http", "scheme": "digest"},
    }
    data["paths"]["/other"] = {"get": {"security": [{"digest": []}], "responses": {}}}
    ctx = context(data)
    views = list(operations(data))
    first, second = (parse_auth(ctx, view) for view in views)
    problem, left_without = first.problems + second.problems
    assert problem.code == "unsupported"
    assert problem.message.startswith("security scheme 'digest' is not supported (")
    assert problem.location is not None
    assert problem.location.pointer == join_pointer("/components/securitySchemes", "digest")
    # the alternative needing it is left out (AND), the other remains (OR)
    assert first.value == ((AuthScheme("bearer", arguments=("token", "token_secret")),),)
    assert second.value == ()
    # an operation with no usable alternative says so (the build drops this unless skipping)
    assert left_without.code == "unsupported-auth"
    assert left_without.location is not None
    assert left_without.location.pointer == join_pointer("/paths", "/other", "get", "security")


def test_an_undeclared_scheme_is_reported_at_the_requirement() -> None:
    data = _data({"security": [{"nowhere": []}]})
    parsed = parse_auth(context(data), only_operation(data))
    ((problem),) = parsed.problems
    assert problem.code == "undeclared-scheme"
    assert problem.location is not None
    assert problem.location.pointer == join_pointer("/paths", "/things", "post", "security", 0)


def test_one_scheme_needing_a_credential_keeps_api_key_and_api_secret() -> None:
    data = document({"security": [{"basic": []}, {"key": []}]})
    data["components"]["securitySchemes"] = {"basic": SCHEMES["basic"], "key": SCHEMES["key"]}
    parsed = parse_auth(context(data), only_operation(data))
    assert parsed.value == (
        (AuthScheme("basic"),),
        (AuthScheme("apiKey", name="X-Key", value="Key {key}"),),
    )
