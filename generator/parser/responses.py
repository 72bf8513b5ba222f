"""What an operation returns: the IR :class:`~generator.ir.Response` kind and its type hint.

The first 2xx response (by code, ``spec_access.success_responses``) decides:

* ``empty``: no 2xx response, no content, or a JSON media type without schema;
* ``model``: a JSON object (a component or an inline object, which gets a class);
* ``value``: any other JSON (an array, a union, a primitive);
* ``text`` (returned as ``str``) / ``binary`` (a streamed binary response,
  ``*/*`` included): by media type (``spec_access.media_kind``).

An XML response is ``text`` whatever its schema, as an XML request body is
(:mod:`generator.parser.bodies`): the document is returned as ``str``; a
structured schema only describes it, and the method's docstring says so (no
XML mapping is generated). A response whose media types are none of these
(``multipart/*``, a form) is refused with a problem naming them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator import naming
from generator.errors import join_pointer
from generator.ir import GENERATED_RESPONSE_KINDS, Response, ResponseKind
from generator.parser.context import ParseContext, Parsed, is_inline_object
from generator.spec_access import (
    OperationView,
    is_text_document,
    json_media,
    media_kind,
    schema_label,
)


@dataclass(frozen=True)
class ParsedResponse:
    """A response as the operation needs it: kind, type hint and the resolved JSON schema."""

    response: Response
    type_hint: str | None = None
    schema: Any = None  # resolved; pagination reads its properties
    note: str = ""  # for the method's docstring: what the returned value is not


def parse_response(ctx: ParseContext, view: OperationView, op_id: str) -> Parsed[ParsedResponse]:
    """The success response of ``view``; a refused kind comes back ``empty`` with a problem."""
    for code, written in view.success_responses:
        content = ctx.deref(written).get("content") or {}
        media = json_media(content)
        if media is not None:
            schema = (content[media] or {}).get("schema")
            if schema is None:
                return Parsed(ParsedResponse(Response("empty", media)))
            return Parsed(_json(ctx, schema, media, op_id))
        if not content:
            return Parsed(ParsedResponse(Response("empty")))
        other = _other(ctx, content)
        if other is not None and other.response.kind in GENERATED_RESPONSE_KINDS:
            return Parsed(other)
        message = (
            f"response media types {sorted(content)} are not supported"
            " (JSON, text/* and binary types are)"
        )
        problem = ctx.error("unsupported", message, join_pointer(view.pointer, "responses", code))
        return Parsed(ParsedResponse(Response("empty")), (problem,))
    return Parsed(ParsedResponse(Response("empty")))


def _other(ctx: ParseContext, content: dict[str, Any]) -> ParsedResponse | None:
    """A ``text`` or ``binary`` response for the first such media type (``None``: neither).

    An XML media type is the document's text; the note says what a structured schema is.
    """
    for media, item in content.items():
        kind = media_kind(str(media))
        if kind in ("text", "other"):
            written = (ctx.deref(item) or {}).get("schema") or {}
            note = ""
            if kind == "other" and not is_text_document(ctx.deref(written)):
                note = (
                    f"Returns the XML document as text: {schema_label(written)} describes its"
                    " structure, and the client neither parses nor checks it."
                )
            return ParsedResponse(Response("text", str(media)), "str", note=note)
        if kind == "binary":
            return ParsedResponse(Response("binary", str(media)))
    return None


def _json(ctx: ParseContext, schema: Any, media: str, op_id: str) -> ParsedResponse:
    """A JSON response: a ``model`` class for objects, a ``value`` type hint otherwise."""
    resolved = ctx.deref(schema)
    is_object = isinstance(resolved, dict) and (
        resolved.get("type") == "object" or "properties" in resolved
    )
    kind: ResponseKind = "model" if is_object else "value"
    if is_inline_object(schema):
        hint = ctx.model_for(schema, naming.class_name(op_id) + "Response")
    else:
        hint = ctx.typer.hint(schema, input_side=False)
    return ParsedResponse(Response(kind, media), hint, resolved)
