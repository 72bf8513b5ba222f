"""Every error the client raises, one tree rooted at :class:`APIError`::

    APIError
    ├── APIConnectionError            no HTTP response (DNS, refused, reset, ...)
    │   └── APITimeoutError           the request timed out
    ├── APIStatusError                the server answered with a non-2xx status
    │   ├── BadRequestError           400
    │   ├── AuthenticationError       401
    │   ├── PermissionDeniedError     403
    │   ├── NotFoundError             404
    │   ├── ConflictError             409
    │   ├── UnprocessableEntityError  422
    │   ├── RateLimitError            429
    │   └── InternalServerError       >= 500
    ├── RedirectError                 a redirect the client will not follow
    │   ├── RedirectNotFollowedError  a non-GET/HEAD request was redirected (nothing re-sent)
    │   └── TooManyRedirectsError     more hops than the client follows
    ├── APIResponseValidationError    a 2xx body is not JSON, not the declared JSON type,
    │                                 nested too deep; strict mode: any mismatch
    ├── APIResponseDecodingError      the body's Content-Encoding data is corrupt
    ├── APIResponseTooLargeError      the decompressed body passed ``max_response_size``
    ├── ParameterValidationError      an argument broke its schema; nothing was sent
    │                                 (also a ValueError)
    ├── MissingCredentialsError       no (or half-configured) credentials for an operation
    └── InvalidRequestError           the request could not be built; nothing was sent
        ├── InvalidHeaderError        a header or credential value cannot be sent (also ValueError)
        └── InvalidURLError           a bad base URL (userinfo, scheme) or a URL httpx refuses

Messages never contain credentials: requests are kept as objects, never rendered
with their headers; URLs in messages go through ``_redact.redact_url``; a
header's error names the header, never its value. Errors wrapping a lower-level
failure (httpx, encoding) keep it as ``__cause__``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import httpx

from ._json import loads_json
from ._redact import redact_url

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseDecodingError",
    "APIResponseTooLargeError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "InvalidHeaderError",
    "InvalidRequestError",
    "InvalidURLError",
    "MissingCredentialsError",
    "NotFoundError",
    "ParameterValidationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "RedirectNotFollowedError",
    "TooManyRedirectsError",
    "UnprocessableEntityError",
]

_MAX_BODY_IN_MESSAGE = 500


class APIError(Exception):
    """Base of every error raised by the client."""

    message: str
    request: httpx.Request | None
    body: object | None

    def __init__(
        self, message: str, request: httpx.Request | None = None, *, body: object | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body


class APIConnectionError(APIError):
    """The request got no HTTP response (refused, reset, DNS failure, ...)."""

    def __init__(self, *, message: str = "Connection error.", request: httpx.Request) -> None:
        super().__init__(message, request)


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""

    def __init__(self, request: httpx.Request, *, message: str = "Request timed out.") -> None:
        super().__init__(message=message, request=request)


class APIStatusError(APIError):
    """The server answered with a status outside 2xx; ``body`` is its JSON (or text)."""

    response: httpx.Response
    status_code: int
    request_id: str | None

    def __init__(self, message: str, *, response: httpx.Response, body: object | None) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""


class InternalServerError(APIStatusError):
    """Any 5xx status."""


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _response_body(response: httpx.Response) -> tuple[object | None, ValueError | None]:
    """The response's JSON if it parses, else its text, else None (reads the response).

    Also returns why a body that says it is JSON did not parse (None otherwise).
    """
    content = response.read()
    if not content:
        return None, None
    try:
        body: object = loads_json(content)
    except ValueError as exc:
        said_json = "json" in response.headers.get("content-type", "").lower()
        return response.text, exc if said_json else None
    return body, None


def make_status_error(response: httpx.Response) -> APIStatusError:
    """Build the :class:`APIStatusError` subclass matching ``response.status_code``.

    When a body declared as JSON does not parse (too deep, malformed), ``body``
    is its text and the parsing error is the ``__cause__``.
    """
    body, undecodable = _response_body(response)
    status = response.status_code
    cls = InternalServerError if status >= 500 else _STATUS_CLASSES.get(status, APIStatusError)
    message = f"Error code: {status}"
    if body is not None:
        shown = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
        if len(shown) > _MAX_BODY_IN_MESSAGE:
            shown = shown[:_MAX_BODY_IN_MESSAGE] + "..."
        message += f" - {shown}"
    error = cls(message, response=response, body=body)
    error.__cause__ = undecodable
    return error


class APIResponseValidationError(APIError):
    """A successful response's body did not match the declared type.

    Always raised when the body is not JSON, is nested too deep to decode, or is
    not even the declared JSON type (an object where an object is declared, ...);
    in strict mode also for any mismatch inside it.

    ``errors`` are pydantic's error dicts; ``response`` is None only when the
    parser was called without one (never from the client).
    """

    response: httpx.Response | None
    status_code: int | None
    errors: list[Any]

    def __init__(
        self,
        *,
        response: httpx.Response | None,
        body: object | None,
        errors: Sequence[Any] = (),
        message: str | None = None,
    ) -> None:
        request = response.request if response is not None else None
        if message is None:
            count = len(errors)
            what = "Response"
            if request is not None:
                what = f"Response to {request.method} {request.url.path}"
            first = ""
            if errors:
                err = errors[0]
                where = ".".join(str(part) for part in err.get("loc", ())) or "<root>"
                first = f"; first: {where}: {err.get('msg', '')}"
            plural = "s" if count != 1 else ""
            message = f"{what} did not match its type ({count} error{plural}{first})"
        super().__init__(message, request, body=body)
        self.response = response
        self.status_code = response.status_code if response is not None else None
        self.errors = list(errors)


def _describe(response: httpx.Response) -> str:
    request = response.request
    return f"Response to {request.method} {request.url.path}"


class APIResponseDecodingError(APIError):
    """The body could not be decompressed as its ``Content-Encoding`` says (corrupt data).

    The decompressor's error is the ``__cause__``.
    """

    response: httpx.Response
    status_code: int

    def __init__(self, *, response: httpx.Response, reason: str) -> None:
        encoding = response.headers.get("content-encoding", "identity")
        message = f"{_describe(response)}: cannot decode its {encoding!r} body: {reason}"
        super().__init__(message, response.request)
        self.response = response
        self.status_code = response.status_code


class APIResponseTooLargeError(APIError):
    """The body, after decompression, is larger than the client's ``max_response_size``.

    Reading stops as soon as the limit is passed; ``limit`` is that limit in bytes.
    """

    response: httpx.Response
    status_code: int
    limit: int

    def __init__(self, *, response: httpx.Response, limit: int) -> None:
        message = (
            f"{_describe(response)}: the body is larger than max_response_size "
            f"({limit} bytes, counted after decompression)"
        )
        super().__init__(message, response.request)
        self.response = response
        self.status_code = response.status_code
        self.limit = limit


class ParameterValidationError(APIError, ValueError):
    """An argument does not satisfy its schema; raised before anything is sent.

    ``parameter`` is the Python keyword name; ``path`` is where inside it the
    problem is (``parameters.learning_rate``, ``tags[2]``; equal to ``parameter``
    at top level); ``rule`` is the broken rule, e.g. ``maximum 100``.
    """

    parameter: str
    path: str
    rule: str

    def __init__(self, message: str, *, parameter: str, rule: str, path: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.path = parameter if path is None else path
        self.rule = rule


class MissingCredentialsError(APIError):
    """An operation needs credentials that were neither passed nor found in the environment."""

    env_vars: tuple[str, ...]

    def __init__(self, message: str, *, env_vars: Sequence[str]) -> None:
        super().__init__(message)
        self.env_vars = tuple(env_vars)


class InvalidRequestError(APIError, ValueError):
    """The configuration or the arguments cannot make a valid HTTP request; nothing was sent."""


class InvalidHeaderError(InvalidRequestError):
    """A header (or the credential it is made of) cannot be sent; ``header`` names it.

    The message says what is wrong (a line break at its end, a NUL, a non-ASCII
    character) and never shows the value.
    """

    header: str

    def __init__(self, message: str, *, header: str) -> None:
        super().__init__(message)
        self.header = header


class InvalidURLError(InvalidRequestError):
    """A base URL the client refuses (a user name or password in it, not http/https),
    or a request URL httpx cannot build (e.g. a query too long)."""


class RedirectError(APIError):
    """The server redirected and the client did not follow.

    ``location`` is the redirect target with secrets masked; ``response`` is the
    redirect response itself.
    """

    location: str
    response: httpx.Response

    def __init__(self, message: str, *, response: httpx.Response, location: str) -> None:
        super().__init__(message, response.request)
        self.response = response
        self.location = location


class RedirectNotFollowedError(RedirectError):
    """A request other than GET/HEAD was redirected; it was not re-sent anywhere."""


class TooManyRedirectsError(RedirectError):
    """More redirects in a row than the client follows."""


def send_failure(
    exc: Exception, method: str, url: httpx.URL | str, request: httpx.Request | None = None
) -> APIError:
    """An :class:`APIError` for a failure building or sending ``method url`` (raise it ``from exc``).

    For httpx and encoding errors that are not transport errors (those are
    retried, then become :class:`APIConnectionError`).
    """
    where = f"{method} {redact_url(url)}"
    if isinstance(exc, httpx.InvalidURL):
        return InvalidURLError(f"{where}: invalid URL: {exc}")
    if isinstance(exc, UnicodeError):
        return InvalidRequestError(f"{where}: the request cannot be encoded: {exc}")
    return APIError(f"{where} failed: {type(exc).__name__}: {exc}", request)
