"""An operation's security requirements as runtime :class:`~generator.runtime._operation.AuthScheme` alternatives.

The operation's ``security`` (else the document's) lists alternatives (OR),
each a set of schemes applied together (AND); an empty requirement ``{}``
makes auth optional. Supported: http basic and bearer, apiKey in a header,
the query or a cookie, and oauth2 / openIdConnect sent as a bearer token.
Every scheme of ``components.securitySchemes`` is converted once: a scheme
the client cannot apply is one problem at its own pointer, however many
operations use it, and the alternatives that need it are left out. With
several schemes that need a credential, each gets client arguments (and
environment variables) of its own, named by ``naming.credentials``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from generator import naming
from generator.errors import Problem, join_pointer
from generator.parser.context import ParseContext, Parsed
from generator.runtime._operation import AuthScheme
from generator.spec_access import OperationView

_SUPPORTED = (
    "http basic/bearer, apiKey in header, query or cookie, oauth2 and openIdConnect as bearer"
)
_KEY_LOCATIONS = ("header", "query", "cookie")


def parse_auth(
    ctx: ParseContext, view: OperationView
) -> Parsed[tuple[tuple[AuthScheme, ...], ...]]:
    """The auth alternatives of ``view``.

    The first call converts the declared schemes (unless the caller did, with
    :func:`security_schemes`) and also reports every unsupported one.
    """
    reported: tuple[Problem, ...] = ()
    if ctx.auth_schemes is None:
        converted = security_schemes(ctx)
        ctx.auth_schemes, reported = converted.value, converted.problems
    problems: list[Problem] = []
    declared = (ctx.data.get("components") or {}).get("securitySchemes") or {}
    requirements = view.op.get("security", ctx.data.get("security"))
    alternatives: list[tuple[AuthScheme, ...]] = []
    for index, requirement in enumerate(requirements or []):
        alternative = [ctx.auth_schemes.get(name) for name in requirement]
        for name in requirement:
            if name not in declared:
                pointer = join_pointer(view.pointer, "security", str(index))
                problems.append(
                    ctx.error(
                        "undeclared-scheme", f"security scheme {name!r} is not declared", pointer
                    )
                )
        if all(scheme is not None for scheme in alternative):
            alternatives.append(tuple(s for s in alternative if s is not None))
    if requirements and not alternatives and not problems:
        names = sorted({str(name) for requirement in requirements for name in requirement})
        message = f"operation needs security scheme {' or '.join(map(repr, names))}, not supported"
        pointer = join_pointer(view.pointer, "security")
        problems.append(ctx.error("unsupported-auth", message, pointer))
    return Parsed(tuple(alternatives), (*reported, *problems))


def security_schemes(ctx: ParseContext) -> Parsed[Mapping[str, AuthScheme]]:
    """Every declared scheme the runtime can apply, and one problem per scheme it cannot."""
    declared = (ctx.data.get("components") or {}).get("securitySchemes") or {}
    converted: dict[str, AuthScheme] = {}
    problems: list[Problem] = []
    for name, node in declared.items():
        scheme = ctx.deref(node)
        found = auth_scheme(scheme) if isinstance(scheme, dict) else None
        if found is None:
            pointer = join_pointer("/components/securitySchemes", str(name))
            message = f"security scheme {name!r} is not supported ({_SUPPORTED})"
            problems.append(ctx.error("unsupported", message, pointer))
        else:
            converted[str(name)] = found
    needing = [name for name, s in converted.items() if s.value is None]
    for name, (key, secret) in zip(needing, naming.credentials(needing), strict=True):
        converted[name] = replace(converted[name], arguments=(key, secret))
    return Parsed(converted, tuple(problems))


def credential_arguments(schemes: Mapping[str, AuthScheme]) -> tuple[str, ...]:
    """The client arguments the schemes need beyond ``api_key`` / ``api_secret``, in order."""
    names = (
        name
        for s in schemes.values()
        if s.value is None
        for name in (s.arguments if s.kind == "basic" else s.arguments[:1])
    )
    return tuple(n for n in dict.fromkeys(names) if n not in ("api_key", "api_secret"))


def auth_scheme(scheme: dict[str, Any]) -> AuthScheme | None:
    """How the runtime applies one security scheme object (``None``: not supported)."""
    kind = scheme.get("type")
    http = str(scheme.get("scheme", "")).lower() if kind == "http" else None
    if http == "basic":
        return AuthScheme("basic")
    if http == "bearer" or kind in ("oauth2", "openIdConnect"):
        return AuthScheme("bearer")
    location = scheme.get("in")
    if kind == "apiKey" and location in _KEY_LOCATIONS and isinstance(scheme.get("name"), str):
        value = scheme.get("x-sdk-value")
        return AuthScheme(
            "apiKey",
            name=str(scheme["name"]),
            location=location,
            value=str(value) if value is not None else None,
        )
    return None
