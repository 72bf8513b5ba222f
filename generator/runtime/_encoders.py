"""Choose a request body's encoder by the operation's ``body_kind``: the one place that does.

Generated methods pass the body as a mapping: the keyword arguments by wire
name for ``json-fields``, ``multipart`` and ``form``; the one ``body``
argument for ``json-value``, ``binary`` and ``text``. Each kind has its own
module; this one only dispatches and says which ``Content-Type`` goes with
the result. :class:`EncodedBody` is what the client builds its request from.
"""

from __future__ import annotations

import weakref
from collections.abc import AsyncIterable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TypeAlias

import httpx

from ._body import encode_body, validate_fields
from ._exceptions import ParameterValidationError
from ._form import encode_form
from ._json_value import encode_json_value
from ._multipart import content_for, encode_multipart
from ._operation import BodyKind, OperationSpec
from ._raw_body import RawContent, binary_content, text_content
from ._types import NOT_GIVEN, NotGiven

__all__ = ["EncodedBody", "check_replayable", "encode_request_body", "remember_body"]

Content: TypeAlias = bytes | Iterable[bytes] | AsyncIterable[bytes]


@dataclass(frozen=True)
class EncodedBody:
    """What to send: the content (``None``: no body) and the headers that describe it."""

    content: Content | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    # Raises when the content cannot be sent again (an upload from a stream that cannot seek).
    check_replayable: Callable[[], None] | None = None


_SENT_BODIES: weakref.WeakKeyDictionary[httpx.Request, EncodedBody] = weakref.WeakKeyDictionary()


def remember_body(request: httpx.Request, body: EncodedBody) -> httpx.Request:
    """Note which body ``request`` carries, for :func:`check_replayable`; returns ``request``."""
    if body.check_replayable is not None:
        _SENT_BODIES[request] = body
    return request


def check_replayable(request: httpx.Request) -> None:
    """Before a retry: raise ``BodyNotReplayableError`` if ``request``'s body cannot be re-sent."""
    body = _SENT_BODIES.get(request)
    if body is not None and body.check_replayable is not None:
        body.check_replayable()


Encoder: TypeAlias = Callable[
    [OperationSpec, Mapping[str, object], Mapping[str, object] | None, bool], EncodedBody
]


def encode_request_body(
    op: OperationSpec,
    body: Mapping[str, object] | None,
    extra_body: Mapping[str, object] | None,
    *,
    is_async: bool = False,
    content_type: str | NotGiven = NOT_GIVEN,
) -> EncodedBody:
    """The encoded body of one call (``is_async``: streams are async iterables).

    ``content_type`` picks another of the operation's media types (its kind's
    encoder is used), or names the actual type of a wildcard (``image/*``).
    """
    if not isinstance(content_type, NotGiven):
        op = chosen_media(op, content_type)
    if op.body_kind == "json-fields":
        content = encode_body(op, body, extra_body)
        return EncodedBody(content, _content_type(op) if content is not None else {})
    if op.body_kind in _FIELD_ENCODERS:
        if op.body_model is not None and body is not None:  # a JSON body sent as another kind
            body = validate_fields(op, body)
        return _FIELD_ENCODERS[op.body_kind](op, body or {}, extra_body, is_async)
    value = _single_value(body)
    absent = value is _ABSENT or (value is None and op.body_kind != "json-value")
    if absent:
        if op.body_required and not extra_body:
            raise ParameterValidationError(
                "body: a value is required", parameter="body", rule="required"
            )
        if not extra_body:
            return EncodedBody()
    return _ENCODERS[op.body_kind](op, {} if absent else {"body": value}, extra_body, is_async)


def chosen_media(op: OperationSpec, content_type: str) -> OperationSpec:
    """``op`` sending ``content_type`` with its kind's encoder; an unknown media type is refused."""
    base = content_type.split(";", 1)[0].strip().lower()
    kinds = {
        m.lower(): k for m, k in (op.body_media_types or {op.body_media_type: op.body_kind}).items()
    }
    kind = kinds.get(base)
    if kind is None:
        kind = next((k for m, k in kinds.items() if "*" in m and _matches(m, base)), None)
    if kind is None:
        offered = sorted(op.body_media_types or [op.body_media_type])
        raise ParameterValidationError(
            f"content_type: {content_type!r} is not one of {offered}",
            parameter="content_type",
            rule=f"one of {offered}",
        )
    return replace(op, body_kind=kind, body_media_type=content_type)


def _matches(pattern: str, media: str) -> bool:
    """Whether ``media`` (``image/png``) is covered by a wildcard (``image/*``, ``*/*``)."""
    kind, _, sub = pattern.partition("/")
    media_kind, _, media_sub = media.partition("/")
    return kind in ("*", media_kind) and sub in ("*", media_sub)


_ABSENT = object()


def _single_value(body: Mapping[str, object] | None) -> object:
    """The one value of a value-kind body mapping (``_ABSENT`` when not given).

    ``None`` given for a JSON value is JSON ``null`` (a value ``{}`` and
    ``type: [..., "null"]`` admit, which the body's schema check then judges);
    for the other kinds it means no body.
    """
    values = [v for v in (body or {}).values() if not isinstance(v, NotGiven)]
    return values[0] if values else _ABSENT


def _content_type(op: OperationSpec) -> dict[str, str]:
    return {"Content-Type": op.body_media_type}


def _json_value(
    op: OperationSpec, body: Mapping[str, object], extra: Mapping[str, object] | None, _: bool
) -> EncodedBody:
    return EncodedBody(encode_json_value(op, body.get("body"), extra), _content_type(op))


def _multipart(
    op: OperationSpec,
    body: Mapping[str, object],
    extra: Mapping[str, object] | None,
    is_async: bool,
) -> EncodedBody:
    encoded = encode_multipart(op, body, extra)
    headers = {"Content-Type": encoded.content_type}
    length = encoded.content_length
    if length is not None:
        headers["Content-Length"] = str(length)
    return EncodedBody(content_for(encoded, is_async=is_async), headers, encoded.check_replayable)


def _form(
    op: OperationSpec, body: Mapping[str, object], extra: Mapping[str, object] | None, _: bool
) -> EncodedBody:
    return EncodedBody(encode_form(op, body, extra), _content_type(op))


def _binary(
    op: OperationSpec, body: Mapping[str, object], _: Mapping[str, object] | None, is_async: bool
) -> EncodedBody:
    content = binary_content(body.get("body"), is_async=is_async)
    media = op.body_media_type if "*" not in op.body_media_type else "application/octet-stream"
    headers = {"Content-Type": media}
    if not isinstance(content, RawContent):
        return EncodedBody(content, headers)
    if content.size is not None:
        headers["Content-Length"] = str(content.size)
    return EncodedBody(content, headers, content.check_replayable)


def _text(
    op: OperationSpec, body: Mapping[str, object], _: Mapping[str, object] | None, __: bool
) -> EncodedBody:
    content, content_type = text_content(body.get("body"), op.body_media_type)
    return EncodedBody(content, {"Content-Type": content_type})


# Kinds whose body is the keyword arguments by wire name.
_FIELD_ENCODERS: dict[BodyKind, Encoder] = {
    "multipart": _multipart,
    "form": _form,
}
# Kinds whose body is the one ``body`` argument.
_ENCODERS: dict[BodyKind, Encoder] = {
    "json-value": _json_value,
    "binary": _binary,
    "text": _text,
}
