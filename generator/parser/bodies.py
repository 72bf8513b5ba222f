"""An operation's request body as an IR :class:`~generator.ir.Body` with its kind.

The kind is decided here, once, from the media types offered and the schema
(JSON first, then the document's order):

* ``json-fields``: a JSON object with properties, or an ``allOf`` of such
  objects (its merged properties), offered as keyword arguments;
* ``json-value``: any other JSON schema (array, union, primitive, an object
  without properties such as a map), offered as one typed ``body`` argument;
* ``multipart``, ``form``, ``binary``, ``text``: by media type
  (``spec_access.media_kind``); an XML body (``application/xml``, ``+xml``,
  ``text/xml``) is ``text`` whatever its schema: the caller passes the
  document (``str`` or ``bytes``) and it is sent as given, as Stainless SDKs
  send non-JSON bodies; a structured schema only describes the document, and
  the method's docstring says so (no XML mapping is generated).

A wildcard media type (``*/*``, ``application/*``) whose schema describes a
JSON value (an object, an array, a composition, a number: anything but a
string or no schema) is a JSON body sent as ``application/json``, which the
wildcard covers: the schema says the bytes are that value (Kubernetes'
``DeleteOptions`` under ``*/*``). With a string schema or none it is binary.

Only the kinds in ``ir.GENERATED_BODY_KINDS`` are generated yet; any other
body is refused with a problem naming the construct.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from generator import literals, naming
from generator.errors import Problem, join_pointer
from generator.ir import GENERATED_BODY_KINDS, Body, BodyField, BodyKind
from generator.parser.context import ParseContext, Parsed
from generator.parser.encodings import body_encoding
from generator.spec_access import (
    OperationView,
    is_text_document,
    is_xml_media,
    json_media,
    media_essence,
    media_kind,
    schema_label,
)

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


_WILDCARDS = frozenset({"*/*", "application/*"})


def body_shape(ctx: ParseContext, content: dict[str, Any], pointer: str) -> BodyShape:
    """The kind of a request body's ``content`` map at ``pointer`` (the ``requestBody``)."""
    media = json_media(content)
    if media is not None:
        schema = (content[media] or {}).get("schema") or {}
        where = join_pointer(pointer, "content", media, "schema")
        return BodyShape(_json_kind(ctx, schema), media, schema, where)
    for other, item in content.items():
        schema = (item or {}).get("schema") or {}
        if _json_wildcard(ctx, str(other), schema):
            where = join_pointer(pointer, "content", other, "schema")
            return BodyShape(_json_kind(ctx, schema), "application/json", schema, where)
    for other, item in content.items():
        schema = (item or {}).get("schema") or {}
        kind = _media_body_kind(str(other))
        if kind is not None:
            return BodyShape(kind, other, schema, join_pointer(pointer, "content", other, "schema"))
    return BodyShape(None, None, None, pointer)


def _json_wildcard(ctx: ParseContext, media: str, schema: Any) -> bool:
    """Whether a wildcard media type's schema describes a JSON value, not octets or text."""
    if media_essence(media) not in _WILDCARDS:
        return False
    resolved = ctx.deref(schema)
    if not isinstance(resolved, dict) or not resolved:
        return False
    return resolved.get("type") != "string" and resolved.get("format") not in ("binary", "byte")


def _media_body_kind(media: str) -> BodyKind | None:
    """The kind of a non-JSON media type's body; an XML document, whatever its schema, is text."""
    kind = media_kind(media)
    if kind == "other":
        return "text"
    return _KIND_OF_MEDIA.get(kind)


_FIELD_KINDS = frozenset({"json-fields", "multipart", "form"})


def media_choices(
    ctx: ParseContext, content: dict[str, Any], default: BodyShape
) -> tuple[tuple[str, BodyKind], ...]:
    """The media types a caller may choose instead of the default, with the kind each is sent as.

    Only media types whose arguments are the default's count: the object's
    fields (JSON fields, multipart, form) or the one ``body`` value (JSON
    value, binary, text). The default comes first. A wildcard sent as JSON is
    not offered again: ``application/json`` is the type it stands for.
    """
    if default.kind is None or default.media_type is None:
        return ()
    family = default.kind in _FIELD_KINDS
    choices: list[tuple[str, BodyKind]] = [(default.media_type, default.kind)]
    for media, item in content.items():
        if media == default.media_type:
            continue
        schema = (item or {}).get("schema") or {}
        if _json_wildcard(ctx, str(media), schema):
            continue
        kind = _media_body_kind(str(media))
        if media_kind(str(media)) == "other" and not is_text_document(ctx.deref(schema)):
            kind = None  # a structured XML document is offered only as the default body
        if media_kind(str(media)) == "json":
            kind = _json_kind(ctx, schema)
        if kind is not None and (kind in _FIELD_KINDS) == family:
            choices.append((str(media), kind))
    return tuple(choices)


def _json_kind(ctx: ParseContext, schema: Any) -> BodyKind:
    """``json-fields`` for an object with properties (``allOf`` merged), else ``json-value``.

    An open object without properties (free-form, or a map of
    ``additionalProperties``) has no fields to offer: it is one ``body``
    argument like arrays and unions. A closed empty object
    (``additionalProperties: false``) stays a field set with no fields (``{}``).
    """
    merged = merged_object(ctx, schema)
    if merged is None:
        return "json-value"
    closed = ctx.deref(schema).get("additionalProperties") is False
    return "json-fields" if merged["properties"] or closed else "json-value"


def merged_object(ctx: ParseContext, schema: Any, depth: int = 0) -> dict[str, Any] | None:
    """``schema``'s properties and required names, ``allOf`` members merged in order.

    ``None`` when ``schema`` is not an object with properties: a union
    (``oneOf`` / ``anyOf``), an array or a primitive.
    """
    resolved = ctx.deref(schema)
    if depth > 20 or not isinstance(resolved, dict) or resolved.get("type", "object") != "object":
        return None
    if "oneOf" in resolved or "anyOf" in resolved:
        return None
    properties: dict[str, Any] = {}
    required: list[str] = []
    for member in resolved.get("allOf") or []:
        merged = merged_object(ctx, member, depth + 1)
        if merged is None:
            return None
        properties.update(merged["properties"])
        required += merged["required"]
    properties.update(resolved.get("properties") or {})
    required += [str(name) for name in resolved.get("required") or []]
    return {"properties": properties, "required": list(dict.fromkeys(required))}


def request_side(ctx: ParseContext, schema: Any) -> Any:
    """``schema`` as a request sends it: without its ``readOnly`` properties.

    OpenAPI: a readOnly property "SHOULD NOT be sent as part of the request",
    and its ``required`` applies to responses only. A body schema shared with
    the response (Apideck's ``Drive``, whose ``id`` is required and readOnly)
    would otherwise make callers pass the server's own fields. ``schema``
    itself when it has none (the same object: its class is the component's);
    otherwise a new object (its own class), keeping ``additionalProperties``.
    Only the top level is reduced: a nested object keeps its component's class.
    """
    merged = merged_object(ctx, schema)
    if merged is None:
        return schema
    read_only = {name for name, prop in merged["properties"].items() if _read_only(ctx, prop)}
    if not read_only:
        return schema
    kept = {n: p for n, p in merged["properties"].items() if n not in read_only}
    out: dict[str, Any] = {"type": "object", "properties": kept}
    if required := [n for n in merged["required"] if n not in read_only]:
        out["required"] = required
    resolved = ctx.deref(schema)
    for key in ("description", "additionalProperties"):
        if key in resolved:
            out[key] = resolved[key]
    return out


def _read_only(ctx: ParseContext, prop: Any) -> bool:
    """``readOnly: true`` beside a ``$ref`` (3.1) or on the schema it refers to."""
    return isinstance(prop, dict) and (
        prop.get("readOnly") is True
        or (isinstance(target := ctx.deref(prop), dict) and target.get("readOnly") is True)
    )


def parse_body(ctx: ParseContext, view: OperationView, op_id: str) -> Parsed[Body | None]:
    """The request body of ``view`` (``None`` when it has none, or when it is refused)."""
    found = view.request_body
    if found is None:
        return Parsed(None)
    request = found[0]
    content = request.get("content") or {}
    pointer = join_pointer(view.pointer, "requestBody")
    shape = body_shape(ctx, content, pointer)
    if shape.kind in ("json-fields", "multipart", "form"):
        shape = replace(shape, schema=request_side(ctx, shape.schema))
    required = bool(request.get("required"))
    choices = media_choices(ctx, content, shape)
    if shape.kind == "json-value":
        return Parsed(replace(_json_value(ctx, shape, required=required), choices=choices))
    if shape.kind in ("multipart", "form"):
        media = [m for m, _ in choices] or [str(shape.media_type)]
        encoding = body_encoding(ctx, content, media, found[1])
        if encoding.problems:
            return Parsed(None, encoding.problems)
        body = _field_body(ctx, shape, required=required)
        return Parsed(replace(body, choices=choices, encoding=encoding.value))
    if shape.kind in ("binary", "text"):
        return Parsed(replace(_raw_body(ctx, shape, required=required), choices=choices))
    model = (
        ctx.model_for(shape.schema, naming.class_name(op_id) + "Body", compositions=True)
        if shape.kind == "json-fields"
        else None
    )
    if shape.kind not in GENERATED_BODY_KINDS or model is None:
        return Parsed(None, (_refusal(ctx, shape, sorted(content), pointer),))
    return Parsed(replace(_json_fields(ctx, shape, model, required=required), choices=choices))


def _refusal(ctx: ParseContext, shape: BodyShape, media: list[str], pointer: str) -> Problem:
    """The problem naming a body whose kind is not generated yet."""
    if shape.kind in ("json-fields", "json-value"):
        message = "a request body must be an object schema with properties"
        return ctx.error("unsupported", message, shape.schema_pointer)
    message = (
        f"request body media types {media} are not supported"
        " (JSON, multipart, form, text/*, XML and binary types are)"
    )
    return ctx.error("unsupported", message, pointer)


def _json_fields(ctx: ParseContext, shape: BodyShape, model: str, *, required: bool) -> Body:
    """A ``json-fields`` body: its model class and one keyword argument per property."""
    resolved = merged_object(ctx, shape.schema) or {}
    needed = set(resolved.get("required") or [])
    # A name required without a schema under properties (DigitalOcean's uptime check
    # `method`) may hold any value; the model requires it, so it is an argument too.
    defined = dict(resolved.get("properties") or {})
    undefined: dict[str, Any] = {n: {} for n in resolved.get("required") or [] if n not in defined}
    fields = tuple(
        BodyField(
            python_name=naming.parameter(name),
            wire_name=name,
            required=name in needed,
            type_hint=ctx.typer.hint(prop, input_side=True),
            docstring_line=literals.one_line(str(ctx.deref(prop).get("description") or "")),
        )
        for name, prop in {**defined, **undefined}.items()
    )
    return Body(
        model=model,
        fields=fields,
        required=required,
        kind="json-fields",
        media_type=str(shape.media_type),
    )


def _json_value(ctx: ParseContext, shape: BodyShape, *, required: bool) -> Body:
    """A ``json-value`` body: one ``body`` argument typed from the schema (a list, a union, ...)."""
    schema = shape.schema
    description = (
        ctx.deref(schema).get("description") if isinstance(ctx.deref(schema), dict) else ""
    )
    argument = BodyField(
        python_name="body",
        wire_name="body",
        required=required,
        type_hint=ctx.typer.hint(schema, input_side=True),
        docstring_line=literals.one_line(str(description or "The request body.")),
    )
    inlined: str | None = None
    try:
        plain = ctx.typer.inline(schema)
    except RecursionError:  # a recursive schema: its type still validates the value
        plain = None
    if plain is not None and not _has_objects(plain):
        # Objects are validated by their classes (``value_type``); the runtime's schema
        # check, which does not read properties, would take any object for any member.
        inlined = literals.source(plain)
    return Body(
        model=None,
        fields=(argument,),
        required=required,
        kind="json-value",
        media_type=str(shape.media_type),
        value_type=ctx.typer.hint(schema, input_side=False),
        value_schema=inlined,
    )


def _has_objects(schema: Any) -> bool:
    """Whether an inlined schema describes an object anywhere inside it."""
    if isinstance(schema, list):
        return any(_has_objects(s) for s in schema)
    if not isinstance(schema, dict):
        return False
    types = schema.get("type")
    if (
        "properties" in schema
        or types == "object"
        or (isinstance(types, list) and "object" in types)
    ):
        return True
    return any(
        _has_objects(v) for k, v in schema.items() if k in ("items", "anyOf", "oneOf", "allOf")
    )


def is_file_schema(ctx: ParseContext, schema: Any) -> bool:
    """Whether a property is a file: a binary string (``format: binary``, or 3.1's
    ``contentMediaType`` / ``contentEncoding``)."""
    resolved = ctx.deref(schema)
    return (
        isinstance(resolved, dict)
        and resolved.get("type", "string") == "string"
        and (
            resolved.get("format") == "binary"
            or "contentMediaType" in resolved
            or resolved.get("contentEncoding") in ("binary", "base64")
        )
    )


def _field_hint(ctx: ParseContext, schema: Any) -> str:
    """A file property is ``FileTypes`` (a list of them ``Sequence[FileTypes]``), others as JSON."""
    if is_file_schema(ctx, schema):
        return "FileTypes"
    resolved = ctx.deref(schema)
    if (
        isinstance(resolved, dict)
        and resolved.get("type") == "array"
        and is_file_schema(ctx, resolved.get("items"))
    ):
        return "Sequence[FileTypes]"
    return ctx.typer.hint(schema, input_side=True)


def _field_body(ctx: ParseContext, shape: BodyShape, *, required: bool) -> Body:
    """A ``multipart`` or ``form`` body: one keyword argument per property of its object schema.

    Files are typed ``FileTypes`` (the runtime's one file type), not as the
    types module's ``bytes``; the other properties are checked against their
    schemas by the runtime (``body_schema``), there is no model class.
    """
    resolved = merged_object(ctx, shape.schema) or {"properties": {}, "required": []}
    needed = set(resolved["required"])
    properties = resolved["properties"]
    fields = tuple(
        BodyField(
            python_name=naming.parameter(name),
            wire_name=name,
            required=name in needed,
            type_hint=_field_hint(ctx, prop),
            docstring_line=literals.one_line(str(ctx.deref(prop).get("description") or "")),
        )
        for name, prop in properties.items()
    )
    checked = {}
    for name, prop in properties.items():
        if "FileTypes" in _field_hint(ctx, prop):
            continue
        try:
            checked[name] = ctx.typer.inline(prop)
        except RecursionError:  # a recursive field is sent as given
            continue
    return Body(
        model=None,
        fields=fields,
        required=required,
        kind=shape.kind or "multipart",
        media_type=str(shape.media_type),
        value_schema=literals.source({"properties": checked}) if checked else None,
    )


def _raw_body(ctx: ParseContext, shape: BodyShape, *, required: bool) -> Body:
    """A ``binary`` body (``BinaryContent``: bytes, a file, a path, chunks) or a ``text`` one
    (``str``; an XML document ``str | bytes``, its schema named in the docstring)."""
    resolved = ctx.deref(shape.schema)
    description = str((resolved.get("description") if isinstance(resolved, dict) else "") or "")
    media = str(shape.media_type)
    hint = "BinaryContent" if shape.kind == "binary" else "str"
    line = description or f"The {media} content."
    if shape.kind == "text" and is_xml_media(media):
        hint = "str | bytes"
        line = description or f"The {media} document (str or bytes), sent as given."
        if not is_text_document(resolved):
            line += f" {_xml_schema_note(shape.schema)}"
    argument = BodyField(
        python_name="body",
        wire_name="body",
        required=required,
        type_hint=hint,
        docstring_line=literals.one_line(line),
    )
    return Body(
        model=None,
        fields=(argument,),
        required=required,
        kind=shape.kind or "binary",
        media_type=media,
    )


def _xml_schema_note(schema: Any) -> str:
    """The docstring's note on an XML body's structured schema: what it is, what it is not."""
    return (
        f"Pass the XML document itself: {schema_label(schema)} describes its structure, and "
        "the client neither builds nor checks it."
    )
