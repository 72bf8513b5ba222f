"""Check what the client is configured with and what a request carries, before sending.

Header values, the credentials they are made of, and the base URL.

h11 would refuse a value with a line break deep inside the send, quoting the
value whole in its message (``Illegal header value b'<key>\\n'``); httpx would
raise a bare ``UnicodeEncodeError`` for a non-ASCII one. Here each value is
checked first and the error names the header (or the credential), never the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import httpx

from ._exceptions import InvalidHeaderError, InvalidURLError
from ._redact import redact_url

__all__ = ["check_base_url", "check_credential", "check_headers"]

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_CONTROL_NAMES = {"\n": "a line break (\\n)", "\r": "a carriage return (\\r)", "\x00": "a NUL byte"}


def _problem(value: str, *, credential: bool = False) -> tuple[str, Exception | None]:
    """What is wrong with ``value`` ('' when nothing) and the causing error.

    Header values must be ASCII without control characters, and neither start
    nor end with whitespace (h11 refuses them, as an ``APIConnectionError``); a
    credential may be any Unicode (Basic auth sends it base64-encoded).
    """
    found = _CONTROL.search(value)
    if found is not None:
        char = found.group()
        what = _CONTROL_NAMES.get(char, f"a control character (U+{ord(char):04X})")
        where = "at its end" if found.start() >= len(value.rstrip()) else "inside it"
        return f"contains {what} {where}", None
    if value != value.strip(" \t"):  # RFC 9110 5.5: no whitespace around a field value
        return "starts or ends with whitespace", None
    if credential:
        return "", None
    try:
        value.encode("ascii")
    except UnicodeEncodeError as exc:
        return f"contains a non-ASCII character at position {exc.start}", exc
    return "", None


def check_headers(headers: Iterable[tuple[str, str]]) -> None:
    """Raise :class:`InvalidHeaderError` for the first header that cannot be sent as is."""
    for name, value in headers:
        if not _TOKEN.fullmatch(name):
            raise InvalidHeaderError(
                f"header name {name[:40]!r} is not a valid HTTP token", header=name
            )
        problem, cause = _problem(value)
        if problem:
            raise InvalidHeaderError(
                f"header {name}: the value {problem}; nothing was sent", header=name
            ) from cause


def check_credential(argument: str, env_var: str, value: str | None) -> None:
    """Refuse a credential that cannot travel in a header; the message names it, not its value.

    A key read from a file or a secret mount often ends with a newline: the
    message says so instead of letting the server answer 401.
    """
    if value is None:
        return
    problem, cause = _problem(value, credential=True)
    if problem:
        raise InvalidHeaderError(
            f"{argument} ({env_var} or {argument}=) {problem}; strip it before use "
            "(a value read from a file often ends with a newline)",
            header=argument,
        ) from cause


def check_base_url(value: str | httpx.URL) -> httpx.URL:
    """``value`` as a URL; refuses userinfo (``http://user:pass@host``) and non-HTTP schemes.

    A password in the base URL would show wherever the URL is shown and would
    silently replace the API credentials on the wire: pass ``api_key=`` /
    ``api_secret=`` instead.
    """
    try:
        url = httpx.URL(str(value))
    except httpx.InvalidURL as exc:
        raise InvalidURLError(
            f"base_url {redact_url(str(value))!r} is not a valid URL: {exc}"
        ) from exc
    if url.userinfo:
        raise InvalidURLError(
            f"base_url {redact_url(url)!r} contains a user name or password: "
            "pass the credentials as api_key= / api_secret= instead"
        )
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidURLError(
            f"base_url {redact_url(url)!r} must be an absolute http:// or https:// URL"
        )
    return url
