"""Choose a response's decoder by the operation's ``response_kind``: the one place that does.

``model`` / ``value`` / ``empty``: the JSON body parsed into ``response_type``
(``_lenient``, strict when asked); ``text``: the body as ``str`` (in the
charset the server names; else, for an XML document, the encoding its byte
order mark or XML declaration names, as RFC 7303 says; else UTF-8); ``binary``: a
:class:`~._binary.BinaryResponse` over the unread body. :func:`streams`
says which responses the client must leave unread when it receives them.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import httpx

from ._binary import AsyncBinaryResponse, BinaryResponse
from ._lenient import parse_json_response
from ._operation import OperationSpec
from ._raw_body import is_xml

__all__ = ["accept", "decode_response", "streams"]


def accept(op: OperationSpec) -> str:
    """The ``Accept`` header of a call of ``op``: the media type its success response has."""
    return op.response_media_type


def streams(op: OperationSpec) -> bool:
    """Whether ``op``'s response is received unread (its body is read only when asked)."""
    return op.response_kind == "binary"


def decode_response(op: OperationSpec, response: httpx.Response, *, strict: bool) -> Any:
    """The value a call of ``op`` returns for a 2xx ``response``."""
    if op.response_kind == "binary":
        if isinstance(response.stream, httpx.AsyncByteStream):
            return AsyncBinaryResponse(response)
        return BinaryResponse(response)
    content = _content(response)
    if op.response_kind == "text":
        return content.decode(_text_encoding(response, content), errors="replace")
    return parse_json_response(
        op.type_of("response_type"), content, strict=strict, response=response
    )


def _text_encoding(response: httpx.Response, content: bytes) -> str:
    """The encoding of a text body: its charset, else an XML document's own, else UTF-8."""
    if response.charset_encoding:
        return response.charset_encoding
    if is_xml(response.headers.get("content-type", "")):
        return _xml_encoding(content) or "utf-8"
    return "utf-8"


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")


def _xml_encoding(content: bytes) -> str | None:
    """The encoding an XML document names by its byte order mark or its declaration."""
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    found = _DECLARED.match(content, 0, 200)
    if found is None:
        return None
    name = found.group(1).decode("ascii")
    try:
        codecs.lookup(name)
    except LookupError:  # an encoding Python does not know: UTF-8, replacing what fails
        return None
    return name


def _content(response: httpx.Response) -> bytes:
    """The body, read now if it was received unread (sync responses only)."""
    try:
        return response.content
    except httpx.ResponseNotRead:
        return response.read()
