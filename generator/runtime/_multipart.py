"""Encode a ``multipart/form-data`` body: fields and files, streamed part by part.

Field values are sent as text (``true``/``false`` for booleans); an object
is one part of JSON text with ``Content-Type: application/json``, OpenAPI's
default for an object property. A list is one part per item under the same
name (OpenAPI: an array's default content type is its items'), each item a
file, text or JSON as above; an empty list sends no part. Files (``_files``) are read in
chunks while sending, never whole, and again from the start when a retry
re-sends the request. The ``Content-Length`` is computed when every file's
size is known (paths, bytes, seekable files); otherwise the body is chunked.
Non-file fields are checked against their schemas before anything is sent.
A field's ``encoding`` ``contentType`` in the spec is honoured: it is the
part's ``Content-Type`` (a JSON type sends the value as JSON text), and a
file whose media type the caller did not give gets the guessed type when the
list allows it, else the first type listed.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ._body import to_json_value
from ._fields import check_fields
from ._files import FilePart, is_file, to_file_part
from ._form import is_json_media
from ._operation import OperationSpec, field_encoding

__all__ = ["MultipartBody", "encode_multipart"]


@dataclass(frozen=True)
class _Field:
    name: str
    value: str
    content_type: str | None = None  # sent as the part's Content-Type when set


class MultipartBody:
    """The parts of one multipart body; iterating yields its bytes (again on every iteration)."""

    def __init__(self, parts: list[_Field | FilePart], boundary: str) -> None:
        self.parts = parts
        self.boundary = boundary

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def _head(self, part: _Field | FilePart) -> bytes:
        name = _quote(part.name if isinstance(part, _Field) else part.field)
        lines = [f"--{self.boundary}", f'Content-Disposition: form-data; name="{name}"']
        if isinstance(part, FilePart):
            lines[1] += f'; filename="{_quote(part.filename or part.field)}"'
            lines.append(f"Content-Type: {part.media_type}")
        elif part.content_type is not None:
            lines.append(f"Content-Type: {part.content_type}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    @property
    def content_length(self) -> int | None:
        """The body's size in bytes, when every file's size is known."""
        total = len(f"--{self.boundary}--\r\n")
        for part in self.parts:
            size = len(part.value.encode()) if isinstance(part, _Field) else part.size
            if size is None:
                return None
            total += len(self._head(part)) + size + 2
        return total

    def check_replayable(self) -> None:
        """Raise :class:`~._files.BodyNotReplayableError` if a file cannot be sent again."""
        for part in self.parts:
            if isinstance(part, FilePart):
                part.check_replayable()

    def __iter__(self) -> Iterator[bytes]:
        self.check_replayable()
        for part in self.parts:
            yield self._head(part)
            if isinstance(part, _Field):
                yield part.value.encode()
            else:
                yield from part.chunks()
            yield b"\r\n"
        yield f"--{self.boundary}--\r\n".encode()


class _SyncContent:
    """The body as a re-iterable sync byte stream (httpx iterates it once per attempt)."""

    def __init__(self, body: MultipartBody) -> None:
        self._body = body

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)


class _AsyncContent:
    """The body as a re-iterable async byte stream (files are read in chunks as it goes)."""

    def __init__(self, body: MultipartBody) -> None:
        self._body = body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._body:
            yield chunk


def encode_multipart(
    op: OperationSpec, body: Mapping[str, object], extra_body: Mapping[str, object] | None
) -> MultipartBody:
    """The multipart body of the given fields (wire name -> value; unset ones dropped)."""
    values = {**check_fields(op, body), **(extra_body or {})}
    parts: list[_Field | FilePart] = []
    for name, value in values.items():
        media = _media_types(field_encoding(op, name).get("contentType"))
        if media and is_json_media(media[0]):  # the spec names JSON for the field: one part
            text = json.dumps(to_json_value(value), ensure_ascii=False)
            parts.append(_Field(name, text, media[0]))
            continue
        items = value if isinstance(value, list | tuple) and not is_file(value) else [value]
        for item in items:
            if is_file(item):
                parts.append(to_file_part(name, item, allowed=media))  # type: ignore[arg-type]
            elif _is_plain(item):
                parts.append(_Field(name, _text(item), media[0] if media else None))
            else:  # an object (or a nested list): JSON, OpenAPI's default for an object
                text = json.dumps(to_json_value(item), ensure_ascii=False)
                parts.append(_Field(name, text, media[0] if media else "application/json"))
    return MultipartBody(parts, secrets.token_hex(16))


def _media_types(content_type: object) -> tuple[str, ...]:
    """The media types an ``encoding`` ``contentType`` lists (``"image/png, image/jpeg"``)."""
    if not isinstance(content_type, str):
        return ()
    return tuple(m.strip() for m in content_type.split(",") if m.strip())


def content_for(body: MultipartBody, *, is_async: bool) -> _SyncContent | _AsyncContent:
    """The byte stream httpx sends (sync or async, as the client is)."""
    return _AsyncContent(body) if is_async else _SyncContent(body)


def _is_plain(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _quote(name: str) -> str:
    """A header parameter value: quotes and line breaks escaped (as browsers do, WHATWG)."""
    return name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
