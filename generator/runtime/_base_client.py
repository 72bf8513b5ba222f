"""The HTTP clients generated code calls: :class:`SyncAPIClient` and :class:`AsyncAPIClient`.

One call, ``request(op, params=..., body=..., options=...)``, goes: validate and
encode parameters -> validate and encode the body by its kind (``_encoders``)
-> pick auth headers -> send, retrying connection errors, timeouts and
retryable statuses with backoff as the method's idempotency allows
(``_retry.py``; a body that cannot be re-sent stops the retry), all within the
call's total deadline (``_deadline.py``) -> read the body under
``max_response_size`` (``_reading.py``) -> raise the matching
:class:`APIStatusError` for a final non-2xx -> decode the response by its kind
(``_decoders``: JSON into the type ``op.response_type`` names, leniently unless ``strict``;
text; an unread binary response), or hand it over unread through
``with_streaming_response``. ``request_page`` does the same and wraps the
result in a page class. Redirects are followed by the client itself
(``_redirects``), never by httpx. Requests are logged at DEBUG, retries and
redirects at INFO, never with their headers and always with redacted URLs
(``<PREFIX>LOG=debug|info`` turns logging on, see ``_logging``).
"""

from __future__ import annotations

import asyncio
import copy
import logging
import os
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, Self, TypeVar

import httpx

from ._auth import apply_auth, mask
from ._call import CallBounds, checked_size
from ._checks import check_base_url, check_credential, check_headers
from ._deadline import Deadline, split_timeout
from ._decoders import accept, decode_response, streams
from ._encoders import check_replayable, encode_request_body, remember_body
from ._exceptions import (
    APIConnectionError,
    APITimeoutError,
    make_status_error,
    send_failure,
)
from ._logging import configure_from_env
from ._operation import OperationSpec
from ._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ._params import cookie_header, encode_params, merge_query, query_string
from ._reading import aread_body, read_body
from ._redact import redact_url
from ._redirects import next_request, uses_client_auth
from ._resource import AsyncAPIResource, SyncAPIResource
from ._response import APIResponse, raw_response_requested
from ._retry import RetryPolicy, retry_delay
from ._streaming import async_result, stream_requested, sync_result
from ._types import (
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    NOT_GIVEN,
    NotGiven,
    RequestOptions,
    Timeout,
)

__all__ = [
    "AsyncAPIClient",
    "AsyncAPIResource",
    "RequestOptions",
    "SyncAPIClient",
    "SyncAPIResource",
]

log = logging.getLogger(__name__.rsplit(".", 1)[0])

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)
SyncPageT = TypeVar("SyncPageT", bound=SyncCursorPage[Any])
AsyncPageT = TypeVar("AsyncPageT", bound=AsyncCursorPage[Any])

_NO_OPTIONS = RequestOptions()


def _env(name: str) -> str | None:
    return os.environ.get(name) or None


class _BaseClient(Generic[HttpT]):
    """Configuration and the parts of a call that do not depend on sync or async I/O."""

    _http_client: HttpT
    _owns_http_client: bool

    def __init__(
        self,
        *,
        api_key: str | None,
        api_secret: str | None,
        base_url: str | httpx.URL | None,
        timeout: Timeout | NotGiven,
        max_retries: int,
        max_response_size: int | None,
        strict: bool,
        default_headers: Mapping[str, str] | None,
        env_prefix: str,
        default_base_url: str,
        user_agent: str,
        credentials: Mapping[str, str | None] | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, not {max_retries}")
        configure_from_env(log, env_prefix)
        self.env_prefix = env_prefix
        self.api_key = api_key if api_key is not None else _env(f"{env_prefix}API_KEY")
        self.api_secret = api_secret if api_secret is not None else _env(f"{env_prefix}API_SECRET")
        # Per-scheme credentials of a spec with several schemes (argument name -> value).
        self._credentials = {
            name: value if value is not None else _env(f"{env_prefix}{name.upper()}")
            for name, value in (credentials or {}).items()
        }
        self._check_credentials()
        if base_url is None:
            base_url = _env(f"{env_prefix}BASE_URL") or default_base_url
        self.base_url = check_base_url(base_url)
        self.timeout: Timeout = DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else timeout
        self.max_retries = max_retries
        self.max_response_size = checked_size(max_response_size)
        self.strict = strict
        self.user_agent = user_agent
        self.default_headers: dict[str, str] = dict(default_headers or {})
        # Hooks for tests: the random source of the backoff jitter and the clock.
        self._random: Callable[[], float] = random.random
        self._now: Callable[[], float] = time.time

    def _changed_credentials(self, changes: Mapping[str, str | None]) -> dict[str, str | None]:
        """The per-scheme credentials with ``changes`` applied (unknown names are refused)."""
        unknown = sorted(set(changes) - set(self._credentials))
        if unknown:
            raise ValueError(f"unknown credential arguments: {', '.join(unknown)}")
        return {**self._credentials, **changes}

    def _check_credentials(self) -> None:
        check_credential("api_key", f"{self.env_prefix}API_KEY", self.api_key)
        check_credential("api_secret", f"{self.env_prefix}API_SECRET", self.api_secret)
        for name, value in self._credentials.items():
            check_credential(name, f"{self.env_prefix}{name.upper()}", value)

    # -- building a request -------------------------------------------------

    def _url(self, path: str, query: list[tuple[str, str]]) -> str:
        url = str(self.base_url).rstrip("/") + path
        return f"{url}?{query_string(query)}" if query else url

    def _timeout(self, options: RequestOptions) -> httpx.Timeout:
        return split_timeout(self._timeout_setting(options))[0]

    def _timeout_setting(self, options: RequestOptions) -> Timeout:
        return self.timeout if isinstance(options.timeout, NotGiven) else options.timeout

    def _deadline(self, options: RequestOptions) -> Deadline:
        return Deadline(split_timeout(self._timeout_setting(options))[1])

    def _max_response_size(self, options: RequestOptions) -> int | None:
        if isinstance(options.max_response_size, NotGiven):
            return self.max_response_size
        return checked_size(options.max_response_size)

    def _max_retries(self, options: RequestOptions) -> int:
        if isinstance(options.max_retries, NotGiven):
            return self.max_retries
        return options.max_retries

    def _build_request(
        self,
        op: OperationSpec,
        params: Mapping[str, object] | None,
        body: Mapping[str, object] | None,
        options: RequestOptions,
    ) -> httpx.Request:
        encoded = encode_params(op, params or {})
        is_async = isinstance(self._http_client, httpx.AsyncClient)
        encoded_body = encode_request_body(
            op, body, options.extra_body, is_async=is_async, content_type=options.content_type
        )
        extra_headers: dict[str, str] = dict(options.extra_headers or {})
        provided = {name.lower() for name in (*self.default_headers, *extra_headers)}
        auth = apply_auth(
            op,
            credentials={
                "api_key": self.api_key,
                "api_secret": self.api_secret,
                **self._credentials,
            },
            env_prefix=self.env_prefix,
            provided=provided,
        )
        headers = httpx.Headers({"Accept": accept(op), "User-Agent": self.user_agent})
        cookies = cookie_header(encoded.cookies, auth.cookies)
        cookie: dict[str, str] = {"Cookie": cookies} if cookies is not None else {}
        layers = (
            encoded_body.headers,
            self.default_headers,
            encoded.headers,
            cookie,
            auth.headers,
            extra_headers,
        )
        check_headers(item for layer in layers for item in layer.items())
        for layer in layers:
            headers.update(layer)
        method, url = op.method.upper(), str(self.base_url) + encoded.path  # url: for the error
        try:
            query = encoded.query + auth.query
            url = self._url(encoded.path, merge_query(query, options.extra_query))
            request = self._http_client.build_request(
                method,
                url,
                headers=headers,
                content=encoded_body.content,
                timeout=self._timeout(options),
            )
            return remember_body(request, encoded_body)
        except (httpx.InvalidURL, httpx.HTTPError, UnicodeError) as exc:
            raise send_failure(exc, method, url) from exc

    # -- retries ------------------------------------------------------------

    def _retry_after_error(
        self, exc: httpx.TransportError, request: httpx.Request, retries_done: int, call: CallBounds
    ) -> float:
        """Seconds to wait before retrying after ``exc``; raises when out of retries or time."""
        delay = retry_delay(retries_done, random=self._random, now=self._now())
        retry = retries_done < call.max_retries and call.policy.may_retry_error(exc)
        if not retry or not call.deadline.fits(delay):
            log.info(
                "%s %s failed: %s", request.method, redact_url(request.url), type(exc).__name__
            )
            if call.deadline.expired():
                raise call.deadline.error(request) from exc
            if isinstance(exc, httpx.TimeoutException):
                raise APITimeoutError(request) from exc
            raise APIConnectionError(message=f"Connection error: {exc}", request=request) from exc
        check_replayable(request)
        self._log_retry(request, type(exc).__name__, delay, retries_done, call.max_retries)
        return delay

    def _retry_after_status(
        self, response: httpx.Response, retries_done: int, call: CallBounds
    ) -> float | None:
        """Seconds to wait before retrying ``response``, or None to stop here."""
        if response.is_success or retries_done >= call.max_retries:
            return None
        if not call.policy.may_retry_status(response):
            return None
        check_replayable(response.request)
        delay = retry_delay(retries_done, response.headers, random=self._random, now=self._now())
        if not call.deadline.fits(delay):
            return None
        status = f"status {response.status_code}"
        self._log_retry(response.request, status, delay, retries_done, call.max_retries)
        return delay

    def _start_call(self, request: httpx.Request, options: RequestOptions) -> CallBounds:
        return CallBounds(
            max_retries=self._max_retries(options),
            deadline=self._deadline(options),
            phases=self._timeout(options),
            max_response_size=self._max_response_size(options),
            policy=RetryPolicy.for_request(request),
        )

    @staticmethod
    def _log_retry(
        request: httpx.Request, why: str, delay: float, retries_done: int, max_retries: int
    ) -> None:
        log.info(
            "retrying %s %s after %s in %.3fs (retry %d of %d)",
            request.method,
            redact_url(request.url),
            why,
            delay,
            retries_done + 1,
            max_retries,
        )

    def _next_hop(self, response: httpx.Response, hops_done: int) -> httpx.Request | None:
        """The redirected request to send after ``response``, or None (see ``_redirects``)."""
        following = next_request(response, hops_done)
        if following is not None:
            log.info(
                "redirect %d: %s %s -> %s",
                response.status_code,
                response.request.method,
                redact_url(response.request.url),
                redact_url(following.url),
            )
        return following

    # -- parsing ------------------------------------------------------------

    def _parse(self, op: OperationSpec, response: httpx.Response) -> Any:
        return decode_response(op, response, strict=self.strict)

    # -- copies and display -------------------------------------------------

    def with_options(
        self,
        *,
        api_key: str | NotGiven | None = NOT_GIVEN,
        api_secret: str | NotGiven | None = NOT_GIVEN,
        base_url: str | httpx.URL | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        max_response_size: int | NotGiven | None = NOT_GIVEN,
        strict: bool | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
        http_client: HttpT | NotGiven = NOT_GIVEN,
        credentials: Mapping[str, str | None] | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with some settings changed, sharing the HTTP client (which it won't close).

        ``default_headers`` are merged over the current ones; ``credentials``
        (the per-scheme arguments of a spec with several schemes, by argument
        name) over the current ones, as the generated client's own keyword
        arguments do.
        """
        new = copy.copy(self)
        new._owns_http_client = False
        new.default_headers = {**self.default_headers, **(default_headers or {})}
        if not isinstance(api_key, NotGiven):
            new.api_key = api_key
        if not isinstance(api_secret, NotGiven):
            new.api_secret = api_secret
        if not isinstance(credentials, NotGiven):
            new._credentials = self._changed_credentials(credentials)
        new._check_credentials()
        if not isinstance(base_url, NotGiven):
            new.base_url = check_base_url(base_url)
        if not isinstance(timeout, NotGiven):
            new.timeout = timeout
        if not isinstance(max_retries, NotGiven):
            if max_retries < 0:
                raise ValueError(f"max_retries must be 0 or more, not {max_retries}")
            new.max_retries = max_retries
        if not isinstance(max_response_size, NotGiven):
            new.max_response_size = checked_size(max_response_size)
        if not isinstance(strict, NotGiven):
            new.strict = strict
        if not isinstance(http_client, NotGiven):
            new._http_client = http_client
        # Resources made in the subclass's __init__ still point at self: remake them for the copy.
        for name, value in vars(new).items():
            if isinstance(value, SyncAPIResource | AsyncAPIResource) and value._client is self:
                # type(value) takes a client of the same kind (sync or async) as new.
                setattr(new, name, type(value)(new))  # type: ignore[arg-type]
        return new

    def __repr__(self) -> str:
        secret = None if self.api_secret is None else "****"
        return (
            f"{type(self).__name__}(base_url={redact_url(self.base_url)!r}, "
            f"api_key={mask(self.api_key)!r}, api_secret={secret!r})"
        )


class SyncAPIClient(_BaseClient[httpx.Client]):
    """Blocking client; generated clients subclass it and add resources."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
        http_client: httpx.Client | None = None,
        strict: bool = False,
        default_headers: Mapping[str, str] | None = None,
        env_prefix: str,
        default_base_url: str,
        user_agent: str,
        credentials: Mapping[str, str | None] | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            api_secret=api_secret,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_response_size=max_response_size,
            strict=strict,
            default_headers=default_headers,
            env_prefix=env_prefix,
            default_base_url=default_base_url,
            user_agent=user_agent,
            credentials=credentials,
        )
        self._owns_http_client = http_client is None
        self._http_client = http_client or httpx.Client(follow_redirects=False)
        self._sleep: Callable[[float], None] = time.sleep  # a hook for tests

    def request(
        self,
        op: OperationSpec,
        *,
        params: Mapping[str, object] | None = None,
        body: Mapping[str, object] | None = None,
        options: RequestOptions = _NO_OPTIONS,
    ) -> Any:
        """Call ``op`` and return its parsed response (an ``APIResponse`` when raw)."""
        raw, streamed = raw_response_requested(), stream_requested()
        response = self._send(op, params, body, options, stream=streamed or streams(op))
        return sync_result(response, lambda: self._parse(op, response), raw=raw, streamed=streamed)

    def request_page(
        self,
        op: OperationSpec,
        *,
        params: Mapping[str, object] | None = None,
        body: Mapping[str, object] | None = None,
        options: RequestOptions = _NO_OPTIONS,
        page_cls: type[SyncCursorPage[Any]],
    ) -> Any:
        """Call a paginated ``op`` and return its first page, a ``page_cls`` instance.

        Typed ``Any`` like :meth:`request` (generated methods cast the result):
        through ``with_raw_response`` it is an ``APIResponse`` instead.
        """
        raw = raw_response_requested()
        return self._fetch_page(op, dict(params or {}), body, options, page_cls, raw=raw)

    def _fetch_page(
        self,
        op: OperationSpec,
        params: Mapping[str, object],
        body: Mapping[str, object] | None,
        options: RequestOptions,
        page_cls: type[SyncPageT],
        *,
        raw: bool,
    ) -> Any:
        response = self._send(op, params, body, options)

        def make_page() -> SyncPageT:
            parsed = self._parse(op, response)
            return page_cls(
                client=self,
                operation=op,
                params=params,
                body=body,
                options=options,
                response=parsed,
            )

        return APIResponse(response, make_page) if raw else make_page()

    def _send(
        self,
        op: OperationSpec,
        params: Mapping[str, object] | None,
        body: Mapping[str, object] | None,
        options: RequestOptions,
        *,
        stream: bool = False,
    ) -> httpx.Response:
        request = self._build_request(op, params, body, options)
        call = self._start_call(request, options)
        retries_done = hops_done = 0
        while True:
            log.debug("request %s %s", request.method, redact_url(request.url))
            auth = httpx.USE_CLIENT_DEFAULT if uses_client_auth(request, self.base_url) else None
            try:
                with call.sync_attempt(request):
                    response = self._http_client.send(
                        request, auth=auth, follow_redirects=False, stream=True
                    )
                    url = redact_url(request.url)
                    log.debug("response %s %s -> %d", request.method, url, response.status_code)
                    following = self._next_hop(response, hops_done)
                    if following is not None:
                        response.close()
                        request, hops_done = following, hops_done + 1
                        continue
                    delay = self._retry_after_status(response, retries_done, call)
                    # a streamed success is handed over unread; anything else is read here
                    if delay is None and not (stream and response.is_success):
                        read_body(response, limit=call.max_response_size, deadline=call.deadline)
            except httpx.TransportError as exc:
                self._sleep(self._retry_after_error(exc, request, retries_done, call))
                retries_done += 1
                continue
            except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as exc:
                raise send_failure(exc, request.method, request.url, request) from exc
            if delay is None:
                if response.is_success:
                    return response
                raise make_status_error(response)
            response.close()
            self._sleep(delay)
            retries_done += 1

    def is_closed(self) -> bool:
        return self._http_client.is_closed

    def close(self) -> None:
        """Close the HTTP client if this client created it."""
        if self._owns_http_client:
            self._http_client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAPIClient(_BaseClient[httpx.AsyncClient]):
    """Asyncio client; generated clients subclass it and add resources."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
        http_client: httpx.AsyncClient | None = None,
        strict: bool = False,
        default_headers: Mapping[str, str] | None = None,
        env_prefix: str,
        default_base_url: str,
        user_agent: str,
        credentials: Mapping[str, str | None] | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            api_secret=api_secret,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            max_response_size=max_response_size,
            strict=strict,
            default_headers=default_headers,
            env_prefix=env_prefix,
            default_base_url=default_base_url,
            user_agent=user_agent,
            credentials=credentials,
        )
        self._owns_http_client = http_client is None
        self._http_client = http_client or httpx.AsyncClient(follow_redirects=False)
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep  # a hook for tests

    async def request(
        self,
        op: OperationSpec,
        *,
        params: Mapping[str, object] | None = None,
        body: Mapping[str, object] | None = None,
        options: RequestOptions = _NO_OPTIONS,
    ) -> Any:
        """Call ``op`` and return its parsed response (an ``APIResponse`` when raw)."""
        raw, streamed = raw_response_requested(), stream_requested()
        response = await self._send(op, params, body, options, stream=streamed or streams(op))
        parse = lambda: self._parse(op, response)  # noqa: E731 -- the same parser as sync
        return await async_result(response, parse, raw=raw, streamed=streamed)

    def request_page(
        self,
        op: OperationSpec,
        *,
        params: Mapping[str, object] | None = None,
        body: Mapping[str, object] | None = None,
        options: RequestOptions = _NO_OPTIONS,
        page_cls: type[AsyncPageT],
    ) -> AsyncPaginator[Any, AsyncPageT]:
        """A paginator for ``op``: await it for the first page, ``async for`` it for all items."""
        return AsyncPaginator(
            client=self,
            operation=op,
            params=dict(params or {}),
            body=body,
            options=options,
            page_cls=page_cls,
            raw=raw_response_requested(),
        )

    async def _fetch_page(
        self,
        op: OperationSpec,
        params: Mapping[str, object],
        body: Mapping[str, object] | None,
        options: RequestOptions,
        page_cls: type[AsyncPageT],
        *,
        raw: bool,
    ) -> Any:
        response = await self._send(op, params, body, options)

        def make_page() -> AsyncPageT:
            parsed = self._parse(op, response)
            return page_cls(
                client=self,
                operation=op,
                params=params,
                body=body,
                options=options,
                response=parsed,
            )

        return APIResponse(response, make_page) if raw else make_page()

    async def _send(
        self,
        op: OperationSpec,
        params: Mapping[str, object] | None,
        body: Mapping[str, object] | None,
        options: RequestOptions,
        *,
        stream: bool = False,
    ) -> httpx.Response:
        request = self._build_request(op, params, body, options)
        call = self._start_call(request, options)
        scope = asyncio.timeout(call.deadline.remaining())
        try:
            async with scope:
                return await self._attempts(request, call, stream=stream)
        except TimeoutError as exc:
            if not scope.expired():
                raise
            raise call.deadline.error(request) from exc

    async def _attempts(
        self, request: httpx.Request, call: CallBounds, *, stream: bool
    ) -> httpx.Response:
        retries_done = hops_done = 0
        while True:
            log.debug("request %s %s", request.method, redact_url(request.url))
            auth = httpx.USE_CLIENT_DEFAULT if uses_client_auth(request, self.base_url) else None
            try:
                call.start_attempt(request)
                response = await self._http_client.send(
                    request, auth=auth, follow_redirects=False, stream=True
                )
                url = redact_url(request.url)
                log.debug("response %s %s -> %d", request.method, url, response.status_code)
                following = self._next_hop(response, hops_done)
                if following is not None:
                    await response.aclose()
                    request, hops_done = following, hops_done + 1
                    continue
                delay = self._retry_after_status(response, retries_done, call)
                # a streamed success is handed over unread; anything else is read here
                if delay is None and not (stream and response.is_success):
                    await aread_body(response, limit=call.max_response_size, deadline=call.deadline)
            except httpx.TransportError as exc:
                await self._sleep(self._retry_after_error(exc, request, retries_done, call))
                retries_done += 1
                continue
            except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as exc:
                raise send_failure(exc, request.method, request.url, request) from exc
            if delay is None:
                if response.is_success:
                    return response
                raise make_status_error(response)
            await response.aclose()
            await self._sleep(delay)
            retries_done += 1

    def is_closed(self) -> bool:
        return self._http_client.is_closed

    async def close(self) -> None:
        """Close the HTTP client if this client created it."""
        if self._owns_http_client:
            await self._http_client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
