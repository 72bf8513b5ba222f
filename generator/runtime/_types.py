"""Small shared types: the NOT_GIVEN sentinel, header/query/body aliases, defaults, RequestOptions.

``NOT_GIVEN`` marks an argument the caller did not pass, which is different from
passing ``None`` (an explicit JSON ``null``, or "no timeout").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeAlias, final

import httpx

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "Body",
    "CallTimeout",
    "Headers",
    "NotGiven",
    "Query",
    "RequestOptions",
    "Timeout",
]


@final
class NotGiven:
    """Type of :data:`NOT_GIVEN`: "the caller left this argument out". Falsy, one instance."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __copy__(self) -> NotGiven:
        return self

    def __deepcopy__(self, memo: object) -> NotGiven:
        return self

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

Headers: TypeAlias = Mapping[str, str]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = Mapping[str, object]


class CallTimeout(httpx.Timeout):
    """httpx's phase timeouts plus ``total``: seconds for the whole call, retries included.

    ``CallTimeout(60.0, connect=5.0, total=120.0)``: at most 5 s to connect, 60 s
    for any other phase, 120 s from the start of the call to its parsed result.
    """

    def __init__(
        self,
        timeout: float | None,
        *,
        total: float | None,
        connect: float | NotGiven | None = NOT_GIVEN,
        read: float | NotGiven | None = NOT_GIVEN,
        write: float | NotGiven | None = NOT_GIVEN,
        pool: float | NotGiven | None = NOT_GIVEN,
    ) -> None:
        given = {"connect": connect, "read": read, "write": write, "pool": pool}
        phases = {name: value for name, value in given.items() if not isinstance(value, NotGiven)}
        super().__init__(timeout, **phases)
        if total is not None and total <= 0:
            raise ValueError(f"total must be more than 0 seconds, or None, not {total}")
        self.total = total

    def __eq__(self, other: Any) -> bool:
        return super().__eq__(other) and getattr(other, "total", None) == self.total

    def __hash__(self) -> int:
        return hash((self.connect, self.read, self.write, self.pool, self.total))

    def __repr__(self) -> str:
        phases = ", ".join(f"{k}={v}" for k, v in self.as_dict().items())
        return f"CallTimeout({phases}, total={self.total})"


Timeout: TypeAlias = float | httpx.Timeout | None
"""A number (every phase and the whole call), httpx phases, a :class:`CallTimeout`, or None."""

DEFAULT_TIMEOUT: Final = CallTimeout(60.0, connect=5.0, total=600.0)
DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_MAX_RESPONSE_SIZE: Final = 32 * 1024 * 1024
"""Bytes a response body may have after decompression (32 MiB); None lifts the limit."""


@dataclass(frozen=True)
class RequestOptions:
    """Per-call overrides every generated method accepts and passes through unchanged.

    ``extra_headers`` stay out of the repr: they may carry credentials.
    """

    extra_headers: Headers | None = field(default=None, repr=False)
    extra_query: Query | None = None
    extra_body: Body | None = None
    timeout: Timeout | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    max_response_size: int | NotGiven | None = NOT_GIVEN
    content_type: str | NotGiven = NOT_GIVEN  # one of the operation's request media types
