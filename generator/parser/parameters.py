"""An operation's path, query, header and cookie parameters as IR :class:`~generator.ir.Parameter` values.

The path item's parameters are merged with the operation's
(``spec_access.merged_parameters``). A content-typed parameter (``content:``
instead of ``schema:``) with a JSON media type is sent as JSON text, one of
another media type (``text/plain``, ``*/*``) as plain text; recursive
parameter schemas are refused, naming the parameter. Header parameters named
``Accept``, ``Content-Type`` or ``Authorization`` are ignored, as OpenAPI says
they must be: the media types and the security schemes describe those headers;
so is ``Content-Length``, which the transport computes from the body.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

from generator import literals, naming
from generator.errors import Problem
from generator.ir import Parameter
from generator.parser.context import ParseContext, Parsed
from generator.runtime._operation import ParamSpec
from generator.spec_access import OperationView, ParameterRef, json_media


def parse_parameters(ctx: ParseContext, view: OperationView) -> Parsed[tuple[Parameter, ...]]:
    """Every supported parameter of ``view``, with Python names unique among them."""
    out: list[Parameter] = []
    problems: list[Problem] = []
    for ref in view.parameters:
        if ref.location == "header" and ref.name.lower() in _LEFT_OUT_HEADERS:
            continue
        found = _parameter(ctx, ref)
        if isinstance(found, Problem):
            problems.append(found)
        else:
            out.append(found)
    names = naming.deduplicate(p.python_name for p in out)
    unique = _keyed([renamed(p, n) for p, n in zip(out, names, strict=True)])
    return Parsed(tuple(unique), tuple(problems))


# OpenAPI 3: "If in is "header" and the name field is "Accept", "Content-Type" or
# "Authorization", the parameter definition SHALL be ignored."
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
# The body's framing is the transport's (RFC 9110 8.6: the sender computes Content-Length
# from the content it sends): a Content-Length parameter (S3's PutObject, UploadPart,
# WriteGetObjectResponse) could only contradict the bytes sent, which the HTTP library
# then refuses to send. The client sets it from the body.
_FRAMING_HEADERS = frozenset({"content-length"})
_LEFT_OUT_HEADERS = _IGNORED_HEADERS | _FRAMING_HEADERS


def _keyed(params: list[Parameter]) -> list[Parameter]:
    """Parameters sharing a wire name (a query and a header ``Last-Event-ID``) get distinct
    mapping keys (``header:Last-Event-ID``); a query parameter keeps its plain wire name,
    which pagination and extra query parameters use."""
    counts: dict[str, int] = {}
    for p in params:
        counts[p.wire_name] = counts.get(p.wire_name, 0) + 1
    plain: set[str] = set()
    out = []
    for param in sorted(params, key=lambda p: p.location != "query"):  # query ones claim plain keys
        keyed = param
        if counts[param.wire_name] > 1 and param.wire_name in plain:
            keyed = replace(
                param, spec=replace(param.spec, key=f"{param.location}:{param.wire_name}")
            )
        plain.add(param.wire_name)
        out.append(keyed)
    by_name = {p.python_name: p for p in out}
    return [by_name[p.python_name] for p in params]


# Parameter locations the runtime sends.
_LOCATIONS: dict[str, Literal["path", "query", "header", "cookie"]] = {
    "path": "path",
    "query": "query",
    "header": "header",
    "cookie": "cookie",
}


_PRIMITIVE_TYPES = frozenset({"string", "number", "integer", "boolean"})


def _schema_of(ctx: ParseContext, ref: ParameterRef) -> tuple[Any, str | None] | Problem:
    """The parameter's schema and, for a JSON content-typed one, its media type.

    A content-typed parameter of another media type (``text/plain``, ``*/*``)
    is sent as text: a primitive schema as its value written out, anything
    else as the string the caller serializes (typed ``str``).
    """
    param = ref.value
    if "schema" in param:
        return param["schema"], None
    content = param.get("content")
    if not isinstance(content, dict) or not content:
        return ctx.error(
            "unsupported",
            f"parameter {ref.name!r} has no schema and no content",
            ref.pointer,
        )
    media = json_media(content)
    if media is None:
        entry = ctx.deref(next(iter(content.values()))) or {}
        schema = (entry.get("schema") if isinstance(entry, dict) else None) or {}
        resolved = ctx.deref(schema)
        kind = resolved.get("type", "string") if isinstance(resolved, dict) else None
        return (schema if kind in _PRIMITIVE_TYPES else {"type": "string"}), None
    entry = ctx.deref(content[media]) or {}
    return (entry.get("schema") if isinstance(entry, dict) else None) or {}, media


def _parameter(ctx: ParseContext, ref: ParameterRef) -> Parameter | Problem:
    name, param = ref.name, ref.value
    location = _LOCATIONS.get(ref.location)
    if location is None:
        return ctx.error(
            "unsupported", f"{ref.location} parameter {name!r} is not supported", ref.pointer
        )
    found = _schema_of(ctx, ref)
    if isinstance(found, Problem):
        return found
    schema, media_type = found
    try:
        inlined = ctx.typer.inline(schema)
    except RecursionError:
        return ctx.error("unsupported", f"parameter {name!r} has a recursive schema", ref.pointer)
    style, explode = param.get("style"), param.get("explode")
    description = str(param.get("description") or ctx.deref(schema).get("description") or "")
    spec = ParamSpec(
        name=naming.parameter(name),
        wire=name,
        location=location,
        schema=inlined,
        required=bool(param.get("required")) or location == "path",
        style=str(style) if style is not None else None,
        explode=bool(explode) if explode is not None else None,
        media_type=media_type,
    )
    return Parameter(
        spec=spec,
        type_hint=ctx.typer.hint(schema, input_side=True),
        docstring_line=literals.one_line(description),
    )


def renamed(param: Parameter, name: str) -> Parameter:
    """``param`` with another Python name (the wire name is kept)."""
    return replace(param, spec=replace(param.spec, name=name))
