"""The client's redirect policy, one pure step shared by the sync and async send loops.

httpx's own redirect following is switched off: it strips only
``Authorization`` on a cross-origin hop (an ``X-API-Key`` or any
``default_headers`` entry would follow), re-sends the body on 307/308, and
turns a redirected PUT/POST into a GET on 302/303, so an update could "succeed"
without updating anything. Here:

- only GET and HEAD requests follow redirects (301, 302, 303, 307, 308 with a
  ``Location``), and only to http(s) targets; otherwise
  :class:`RedirectNotFollowedError` names the target, and nothing is re-sent;
- a hop to the same origin (scheme, host and port) keeps the request's headers;
  a hop to another origin carries only ``Accept`` and ``User-Agent``: no
  credential, cookie, ``default_headers`` or ``extra_headers`` entry, and the
  HTTP client's own auth is not applied there;
- at most :data:`MAX_REDIRECTS` hops per call, then :class:`TooManyRedirectsError`.
"""

from __future__ import annotations

import httpx

from ._exceptions import InvalidURLError, RedirectNotFollowedError, TooManyRedirectsError
from ._redact import redact_url

__all__ = ["MAX_REDIRECTS", "next_request", "same_origin", "uses_client_auth"]

MAX_REDIRECTS = 20
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_FOLLOWED_METHODS = frozenset({"GET", "HEAD"})
_CROSS_ORIGIN_HEADERS = ("Accept", "User-Agent")


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    """True when ``a`` and ``b`` share scheme, host and (effective) port."""
    return (a.scheme, a.host, _port(a)) == (b.scheme, b.host, _port(b))


def uses_client_auth(request: httpx.Request, base_url: httpx.URL) -> bool:
    """Whether the HTTP client's own ``auth`` may apply to ``request`` (same origin only)."""
    return same_origin(request.url, base_url)


def _port(url: httpx.URL) -> int | None:
    if url.port is not None:
        return url.port
    return {"http": 80, "https": 443}.get(url.scheme)


def _location(response: httpx.Response) -> httpx.URL:
    raw = response.headers["Location"]
    try:
        target = response.request.url.join(raw)
    except httpx.InvalidURL as exc:
        raise InvalidURLError(
            f"{response.request.method} {redact_url(response.request.url)} was redirected "
            f"({response.status_code}) to an invalid Location: {exc}"
        ) from exc
    return target.copy_with(fragment=None) if target.fragment else target


def next_request(response: httpx.Response, hops_done: int) -> httpx.Request | None:
    """The request to send after ``response``, or None when it is not a redirect.

    ``hops_done`` is how many redirects this call has already followed. Raises
    :class:`RedirectNotFollowedError` for a redirected non-GET/HEAD request and
    :class:`TooManyRedirectsError` past :data:`MAX_REDIRECTS`.
    """
    if response.status_code not in _REDIRECT_STATUSES or "Location" not in response.headers:
        return None
    request = response.request
    target = _location(response)
    shown = redact_url(target)
    what = f"{request.method} {redact_url(request.url)} was redirected ({response.status_code})"
    if request.method not in _FOLLOWED_METHODS:
        raise RedirectNotFollowedError(
            f"{what} to {shown}: not followed, only GET and HEAD requests follow redirects "
            "(nothing was re-sent; call the target's base URL directly)",
            response=response,
            location=shown,
        )
    if target.scheme not in ("http", "https"):
        raise RedirectNotFollowedError(
            f"{what} to {shown}: not followed, only http:// and https:// targets are",
            response=response,
            location=shown,
        )
    if hops_done >= MAX_REDIRECTS:
        raise TooManyRedirectsError(
            f"{what} to {shown}: more than {MAX_REDIRECTS} redirects in a row",
            response=response,
            location=shown,
        )
    if same_origin(target, request.url):
        headers = httpx.Headers(request.headers)
    else:
        headers = httpx.Headers(
            [
                (name, request.headers[name])
                for name in _CROSS_ORIGIN_HEADERS
                if name in request.headers
            ]
        )
    for name in ("Host", "Content-Length", "Content-Type", "Transfer-Encoding"):
        headers.pop(name, None)
    return httpx.Request(request.method, target, headers=headers, extensions=request.extensions)
