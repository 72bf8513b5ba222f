"""An operation's request body as an IR :class:`~generator.ir.Body` with its kind.

The kind is decided here, once, from the media types offered and the schema
(JSON first, then the document's order):

* ``json-fields``: a JSON object with properties, offered as keyword arguments;
* ``json-value``: any other JSON schema (array, union, primitive, composition);
* ``multipart``, ``form``, ``binary``, ``text``: by media type
  (``spec_access.media_kind``).

Only the kinds in ``ir.GENERATED_BODY_KINDS`` are generated yet; any other
body is refused with a problem naming the construct.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator import literals, naming
from generator.errors import Problem, join_pointer
from generator.ir import GENERATED_BODY_KINDS, Body, BodyField, BodyKind
from generator.parser.context import ParseContext, Parsed, is_inline_object
from generator.spec_access import OperationView, json_media, media_kind

_KIND_OF_MEDIA: dict[str, BodyKind] = {
    "multipart": "multipart",
    "form": "form",
    "binary": "binary",
    "text": "text",
}


@dataclass(frozen=True)
class BodyShape:
    """What a request body is before it becomes IR: its kind, media type and schema."""

    kind: BodyKind | None  # None: no kind the generator knows (an XML body)
    media_type: str | None
    schema: Any
    schema_pointer: str


def body_shape(ctx: ParseContext, content: dict[str, Any], pointer: str) -> BodyShape:
    """The kind of a request body's ``content`` map at ``pointer`` (the ``requestBody``)."""
    media = json_media(content)
    if media is not None:
        schema = (content[media] or {}).get("schema") or {}
        where = join_pointer(pointer, "content", media, "schema")
        return BodyShape(_json_kind(ctx, schema), media, schema, where)
    for other, item in content.items():
        kind = _KIND_OF_MEDIA.get(media_kind(str(other)))
        if kind is not None:
            schema = (item or {}).get("schema") or {}
            return BodyShape(kind, other, schema, join_pointer(pointer, "content", other, "schema"))
    return BodyShape(None, None, None, pointer)


def _json_kind(ctx: ParseContext, schema: Any) -> BodyKind:
    """``json-fields`` for an object with a model class and no composition, else ``json-value``."""
    resolved = ctx.deref(schema)
    if not isinstance(resolved, dict) or resolved.get("type", "object") != "object":
        return "json-value"
    if any(k in resolved for k in ("allOf", "oneOf", "anyOf")):
        return "json-value"
    has_model = ctx.component_class(schema) is not None or is_inline_object(schema)
    return "json-fields" if has_model else "json-value"


def parse_body(ctx: ParseContext, view: OperationView, op_id: str) -> Parsed[Body | None]:
    """The request body of ``view`` (``None`` when it has none, or when it is refused)."""
    found = view.request_body
    if found is None:
        return Parsed(None)
    request = found[0]
    content = request.get("content") or {}
    pointer = join_pointer(view.pointer, "requestBody")
    shape = body_shape(ctx, content, pointer)
    model = (
        ctx.model_for(shape.schema, naming.class_name(op_id) + "Body")
        if shape.kind == "json-fields"
        else None
    )
    if shape.kind not in GENERATED_BODY_KINDS or model is None:
        return Parsed(None, (_refusal(ctx, shape, sorted(content), pointer),))
    return Parsed(_json_fields(ctx, shape, model, required=bool(request.get("required"))))


def _refusal(ctx: ParseContext, shape: BodyShape, media: list[str], pointer: str) -> Problem:
    """The problem naming a body whose kind is not generated yet."""
    if shape.kind in ("json-fields", "json-value"):
        message = "a request body must be an object schema with properties"
        return ctx.error("unsupported", message, shape.schema_pointer)
    message = f"request body media types {media} are not supported (only JSON)"
    return ctx.error("unsupported", message, pointer)


def _json_fields(ctx: ParseContext, shape: BodyShape, model: str, *, required: bool) -> Body:
    """A ``json-fields`` body: its model class and one keyword argument per property."""
    resolved = ctx.deref(shape.schema)
    needed = set(resolved.get("required") or [])
    fields = tuple(
        BodyField(
            python_name=naming.parameter(name),
            wire_name=name,
            required=name in needed,
            type_hint=ctx.typer.hint(prop, input_side=True),
            docstring_line=literals.one_line(str(ctx.deref(prop).get("description") or "")),
        )
        for name, prop in (resolved.get("properties") or {}).items()
    )
    return Body(
        model=model,
        fields=fields,
        required=required,
        kind="json-fields",
        media_type=str(shape.media_type),
    )
