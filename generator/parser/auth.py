"""An operation's security requirements as runtime :class:`~generator.runtime._operation.AuthScheme` alternatives.

The operation's ``security`` (else the document's) lists alternatives, each
a set of schemes applied together. Supported: http basic and bearer, apiKey
in a header, and oauth2 / openIdConnect sent as a bearer token; any other
scheme is refused, naming it.
"""

from __future__ import annotations

from typing import Any

from generator.errors import Problem, join_pointer
from generator.parser.context import ParseContext, Parsed
from generator.runtime._operation import AuthScheme
from generator.spec_access import OperationView

_SUPPORTED = "http basic/bearer, apiKey in header, oauth2 and openIdConnect as bearer"


def parse_auth(
    ctx: ParseContext, view: OperationView
) -> Parsed[tuple[tuple[AuthScheme, ...], ...]]:
    """The auth alternatives of ``view``; unsupported schemes are left out with a problem each."""
    requirements = view.op.get("security", ctx.data.get("security"))
    schemes = (ctx.data.get("components") or {}).get("securitySchemes") or {}
    alternatives: list[tuple[AuthScheme, ...]] = []
    problems: list[Problem] = []
    for requirement in requirements or []:
        alternative: list[AuthScheme] = []
        for name in requirement:
            scheme = ctx.deref(schemes.get(name))
            converted = auth_scheme(scheme) if isinstance(scheme, dict) else None
            if converted is None:
                message = f"security scheme {name!r} is not supported ({_SUPPORTED})"
                problems.append(
                    ctx.error("unsupported", message, join_pointer(view.pointer, "security"))
                )
                continue
            alternative.append(converted)
        alternatives.append(tuple(alternative))
    return Parsed(tuple(alternatives), tuple(problems))


def auth_scheme(scheme: dict[str, Any]) -> AuthScheme | None:
    """How the runtime applies one security scheme object (``None``: not supported)."""
    kind = scheme.get("type")
    http = str(scheme.get("scheme", "")).lower() if kind == "http" else None
    if http == "basic":
        return AuthScheme("basic")
    if http == "bearer" or kind in ("oauth2", "openIdConnect"):
        return AuthScheme("bearer")
    if kind == "apiKey" and scheme.get("in") == "header":
        value = scheme.get("x-sdk-value")
        return AuthScheme(
            "header",
            header=str(scheme.get("name")),
            value=str(value) if value is not None else None,
        )
    return None
