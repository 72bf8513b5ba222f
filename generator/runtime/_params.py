"""Validate path/query/header/cookie arguments against their schemas, then encode them.

Nothing is sent when an argument is wrong: :func:`encode_params` raises
:class:`ParameterValidationError` naming the Python keyword and the broken rule.
Encoding follows OpenAPI 3.x: path parameters are percent-encoded (``simple``,
``label`` or ``matrix`` style), query parameters honour ``style`` (``form``,
``spaceDelimited``, ``pipeDelimited``, ``deepObject``), headers use
``simple`` and cookies ``form``, all with ``explode``. A content-typed
parameter is sent as its JSON text. ``NOT_GIVEN`` and ``None`` leave an
optional parameter out.
"""

from __future__ import annotations

import datetime
import enum
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pydantic

from ._exceptions import ParameterValidationError
from ._operation import OperationSpec, ParamSpec
from ._schema import check
from ._types import NotGiven

__all__ = [
    "EncodedParams",
    "cookie_header",
    "encode_params",
    "encode_query",
    "merge_query",
    "query_string",
]

_DELIMITERS = {"form": ",", "spaceDelimited": "%20", "pipeDelimited": "|"}


@dataclass
class EncodedParams:
    """Parameters ready for the request: the filled-in path, query pairs, headers, cookies.

    Query pairs and cookie values are already percent-encoded (delimiters
    between array items stay literal, reserved characters inside items are
    escaped).
    """

    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)


def to_plain(value: object) -> object:
    """Turn enums, dates, UUIDs, decimals and models into JSON-like values, recursively."""
    if isinstance(value, enum.Enum):
        return to_plain(value.value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    if isinstance(value, list | tuple):
        return [to_plain(item) for item in value]
    return value


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _escape(value: object) -> str:
    return quote(_text(value), safe="")


def _items(value: object) -> list[tuple[str, object]] | None:
    """An object's properties as pairs, or None when the value is not an object."""
    if isinstance(value, Mapping):
        return [(str(k), v) for k, v in value.items()]
    return None


def encode_query(
    wire: str, value: object, style: str | None = None, explode: bool | None = None
) -> list[tuple[str, str]]:
    """Encode one query parameter as percent-encoded ``(key, value)`` pairs."""
    style = style or "form"
    if explode is None:
        explode = style == "form"
    key = quote(wire, safe="")
    if style == "deepObject" and isinstance(value, Mapping | list | tuple):
        return _deep_object(key, value)
    props = _items(value)
    if props is not None:
        if explode:
            return [(quote(k, safe=""), _escape(v)) for k, v in props]
        return [(key, ",".join(f"{_escape(k)},{_escape(v)}" for k, v in props))]
    if isinstance(value, list | tuple):
        if explode:
            return [(key, _escape(item)) for item in value]
        delimiter = _DELIMITERS.get(style, ",")
        return [(key, delimiter.join(_escape(item) for item in value))]
    return [(key, _escape(value))]


def _deep_object(key: str, value: object) -> list[tuple[str, str]]:
    """``deepObject`` pairs: ``key[a]=1``; nested objects ``key[a][b]``, lists ``key[a][0]``.

    OpenAPI defines one level of an object; deeper values, and an array sent
    as a deepObject (``key[0]=a&key[1]=b``, which OpenAPI leaves undefined),
    follow the bracket convention of Rails, qs and Stripe's own libraries
    instead of being written as Python text or as repeated ``key=`` pairs.
    """
    if isinstance(value, Mapping):
        items: Iterable[tuple[str, object]] = ((str(k), v) for k, v in value.items())
    elif isinstance(value, list | tuple):
        items = ((str(i), v) for i, v in enumerate(value))
    else:
        return [(key, _escape(value))]
    pairs: list[tuple[str, str]] = []
    for name, item in items:
        pairs += _deep_object(f"{key}[{quote(name, safe='')}]", item)
    return pairs


def _encode_simple(value: object, explode: bool, escape: bool) -> str:
    """OpenAPI ``simple`` style, for path segments (escaped) and headers (not escaped)."""

    def enc(part: object) -> str:
        return _escape(part) if escape else _text(part)

    props = _items(value)
    if props is not None:
        if explode:
            return ",".join(f"{enc(k)}={enc(v)}" for k, v in props)
        return ",".join(f"{enc(k)},{enc(v)}" for k, v in props)
    if isinstance(value, list | tuple):
        return ",".join(enc(item) for item in value)
    return enc(value)


def _encode_label(value: object, explode: bool) -> str:
    """OpenAPI ``label`` style: ``.blue``, ``.blue.black`` (explode) or ``.blue,black``."""
    props = _items(value)
    if props is not None:
        if explode:
            return "".join(f".{_escape(k)}={_escape(v)}" for k, v in props)
        return "." + ",".join(f"{_escape(k)},{_escape(v)}" for k, v in props)
    if isinstance(value, list | tuple):
        return "." + ("." if explode else ",").join(_escape(item) for item in value)
    return "." + _escape(value)


def _encode_matrix(wire: str, value: object, explode: bool) -> str:
    """OpenAPI ``matrix`` style: ``;id=5``, ``;id=3;id=4`` (explode) or ``;id=3,4``."""
    key = _escape(wire)
    props = _items(value)
    if props is not None:
        if explode:
            return "".join(f";{_escape(k)}={_escape(v)}" for k, v in props)
        return f";{key}=" + ",".join(f"{_escape(k)},{_escape(v)}" for k, v in props)
    if isinstance(value, list | tuple):
        if explode:
            return "".join(f";{key}={_escape(item)}" for item in value)
        return f";{key}=" + ",".join(_escape(item) for item in value)
    return f";{key}={_escape(value)}"


def _encode_path(spec: ParamSpec, value: object) -> str:
    """A path parameter's text in the style the spec gives (``simple`` by default)."""
    explode = bool(spec.explode)
    if spec.style == "label":
        return _encode_label(value, explode)
    if spec.style == "matrix":
        return _encode_matrix(spec.wire, value, explode)
    return _encode_simple(value, explode, escape=True)


def _encode_cookie(value: object) -> str:
    """A cookie value in ``form`` style, not exploded (arrays and objects comma-joined)."""
    props = _items(value)
    if props is not None:
        return ",".join(f"{_escape(k)},{_escape(v)}" for k, v in props)
    if isinstance(value, list | tuple):
        return ",".join(_escape(item) for item in value)
    return _escape(value)


def cookie_header(*layers: Mapping[str, str]) -> str | None:
    """The ``Cookie`` header for already encoded cookies (later layers win), None when empty."""
    merged: dict[str, str] = {}
    for layer in layers:
        merged.update(layer)
    return "; ".join(f"{name}={value}" for name, value in merged.items()) or None


def _fail(spec: ParamSpec, path: str, rule: str, message: str) -> ParameterValidationError:
    where = f"{spec.name}{path}"
    return ParameterValidationError(
        f"{where}: {message}", parameter=spec.name, rule=rule, path=where
    )


def _validate(spec: ParamSpec, value: object) -> None:
    found = check(value, spec.schema)
    if found is not None:
        raise _fail(spec, found.path, found.rule, found.message)


def _place(encoded: EncodedParams, spec: ParamSpec, value: object) -> None:
    """Encode one validated parameter value into ``encoded``."""
    if spec.media_type is not None:  # content-typed: one JSON text, escaped where it goes
        ascii_only = spec.location == "header"  # headers carry ASCII; the rest is %-encoded
        value = json.dumps(value, separators=(",", ":"), ensure_ascii=ascii_only)
    if spec.location == "path":
        segment = _encode_path(spec, value)
        if not segment:  # "/models/" or "/models//train" would be another endpoint
            raise _fail(spec, "", "non-empty", "a path parameter cannot be empty")
        if segment in (".", ".."):  # URL normalisation would drop or climb the segment
            segment = segment.replace(".", "%2E")
        encoded.path = encoded.path.replace("{" + spec.wire + "}", segment)
    elif spec.location == "header":
        text = _encode_simple(value, bool(spec.explode), escape=False)
        if "\r" in text or "\n" in text:
            raise _fail(spec, "", "no line breaks", "header values cannot contain line breaks")
        encoded.headers[spec.wire] = text
    elif spec.location == "cookie":
        encoded.cookies[spec.wire] = _encode_cookie(value)
    else:
        encoded.query.extend(encode_query(spec.wire, value, spec.style, spec.explode))


def encode_params(op: OperationSpec, values: Mapping[str, object]) -> EncodedParams:
    """Validate ``values`` (``ParamSpec.mapping_key``, the wire name unless that is shared,
    -> value) against ``op.params`` and encode them.

    Keys that match no parameter are sent as plain query parameters, unvalidated.
    """
    # A template's #fragment is not part of the request (RFC 3986 section 3.5): APIs.guru's S3
    # keys `/{Bucket}/{Key}#uploads` apart by it; left in, the query after it would be lost.
    path = op.path.partition("#")[0]
    encoded = EncodedParams(path=path)
    known: set[str] = set()
    for spec in op.params:
        known.add(spec.mapping_key)
        raw = values.get(spec.mapping_key, NotGiven())
        if isinstance(raw, NotGiven) or (raw is None and not spec.required):
            if spec.required:
                raise _fail(spec, "", "required", "a value is required")
            continue
        value = to_plain(raw)
        _validate(spec, value)
        _place(encoded, spec, value)
    for wire, raw in values.items():
        if wire not in known and not isinstance(raw, NotGiven) and raw is not None:
            encoded.query.extend(encode_query(wire, to_plain(raw)))
    return encoded


def merge_query(
    pairs: list[tuple[str, str]], extra: Mapping[str, Any] | None
) -> list[tuple[str, str]]:
    """``pairs`` with every key of ``extra`` replaced by its (form, exploded) encoding.

    A ``None`` value removes the key.
    """
    if not extra:
        return pairs
    extra_pairs: list[tuple[str, str]] = []
    for key, value in extra.items():
        if value is not None and not isinstance(value, NotGiven):
            extra_pairs.extend(encode_query(key, to_plain(value)))
    replaced = {quote(key, safe="") for key in extra}
    return [pair for pair in pairs if pair[0] not in replaced] + extra_pairs


def query_string(pairs: Iterable[tuple[str, str]]) -> str:
    """Join encoded pairs into a query string (without the ``?``)."""
    return "&".join(f"{key}={value}" for key, value in pairs)
