"""Choose a response's decoder by the operation's ``response_kind``: the one place that does.

``model`` / ``value`` / ``empty``: the JSON body parsed into ``response_type``
(``_lenient``, strict when asked); ``text``: the body as ``str`` (in the
charset the server names, else UTF-8); ``binary``: a
:class:`~._binary.BinaryResponse` over the unread body. :func:`streams`
says which responses the client must leave unread when it receives them.
"""

from __future__ import annotations

from typing import Any

import httpx

from ._binary import AsyncBinaryResponse, BinaryResponse
from ._lenient import parse_json_response
from ._operation import OperationSpec

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
        return content.decode(response.charset_encoding or "utf-8", errors="replace")
    return parse_json_response(
        op.type_of("response_type"), content, strict=strict, response=response
    )


def _content(response: httpx.Response) -> bytes:
    """The body, read now if it was received unread (sync responses only)."""
    try:
        return response.content
    except httpx.ResponseNotRead:
        return response.read()
