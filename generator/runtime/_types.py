"""Small shared types: the NOT_GIVEN sentinel, header/query/body aliases, defaults, RequestOptions.

``NOT_GIVEN`` marks an argument the caller did not pass, which is different from
passing ``None`` (an explicit JSON ``null``, or "no timeout").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, TypeAlias, final

import httpx

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "Body",
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
Timeout: TypeAlias = float | httpx.Timeout | None

DEFAULT_TIMEOUT: Final = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES: Final = 2


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
    content_type: str | NotGiven = NOT_GIVEN  # one of the operation's request media types
