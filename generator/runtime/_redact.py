"""Render URLs for log lines and error messages with their secrets masked.

Every log line and every message that shows a URL goes through
:func:`redact_url`: a password or user name in the authority becomes ``****``,
and so does the value of every query parameter whose name looks like a
credential (``api_key``, ``token``, ``X-Amz-Signature``, ``password``, ...)
or that an ``apiKey`` security scheme sends its key in (registered with
:func:`add_sensitive_name` when the key is first put in a query).
Long URLs are cut so that a 100 kB query value does not flood a log.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, quote, urlsplit

import httpx

__all__ = ["MASK", "add_sensitive_name", "is_sensitive_name", "redact_url"]

MASK = "****"
MAX_SHOWN_URL = 300

# Matched against a parameter or header name, lower case, with "-" and "_" removed.
_SENSITIVE = re.compile(r"key|token|secret|passw|pwd|auth|signature|sig$|credential|session|cookie")
# Query parameter names that carry a key (lower case), whatever they look like.
_REGISTERED: set[str] = set()


def add_sensitive_name(name: str) -> None:
    """Mask the query parameter ``name`` in every URL shown from now on."""
    _REGISTERED.add(name.lower())


def is_sensitive_name(name: str) -> bool:
    """True when a query parameter or header called ``name`` probably carries a secret."""
    lowered = name.lower()
    return lowered in _REGISTERED or bool(
        _SENSITIVE.search(lowered.replace("-", "").replace("_", ""))
    )


def _redacted_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    shown = [
        f"{quote(name, safe='')}={MASK if is_sensitive_name(name) else quote(value, safe='')}"
        for name, value in pairs
    ]
    return "&".join(shown)


def redact_url(url: httpx.URL | str, *, limit: int = MAX_SHOWN_URL) -> str:
    """``url`` for humans: credentials masked, at most ``limit`` characters (then ``...``)."""
    try:
        parts: SplitResult = urlsplit(str(url))
        netloc = parts.netloc
        if "@" in netloc:
            netloc = f"{MASK}@{netloc.rsplit('@', 1)[1]}"
        query = _redacted_query(parts.query) if parts.query else ""
        text = parts._replace(netloc=netloc, query=query, fragment="").geturl()
    except ValueError:
        text = "<unparsable URL>"
    return text if len(text) <= limit else text[:limit] + "..."
