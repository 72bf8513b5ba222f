"""Turn the package's logging on from the environment: ``<PREFIX>LOG=debug|info``.

With ``SCENARIO_SDK_LOG=debug`` (the prefix is the client's environment
prefix) every request, response, retry and redirect is logged to stderr; with
``info`` retries, redirects and failures only. Nothing is configured when the
variable is unset, so an application's own logging setup stays in charge. Log
lines never carry headers, and their URLs go through ``_redact.redact_url``.

httpx logs every request's full URL at INFO (``HTTP Request: GET ...``); a
filter on its logger, installed with the first client, masks credentials in
those URLs too. (httpcore's DEBUG trace, off unless asked for, shows raw
response headers.)
"""

from __future__ import annotations

import logging
import os

import httpx

from ._redact import redact_url

__all__ = ["configure_from_env", "redact_httpx_logs"]

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_configured: set[str] = set()


class _RedactURLs(logging.Filter):
    """Replaces every ``httpx.URL`` argument of a record by its redacted text."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(isinstance(a, httpx.URL) for a in record.args):
            record.args = tuple(
                redact_url(a, limit=2000) if isinstance(a, httpx.URL) else a for a in record.args
            )
        return True


def redact_httpx_logs() -> None:
    """Install the URL-redacting filter on httpx's logger (once)."""
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactURLs) for f in httpx_logger.filters):
        httpx_logger.addFilter(_RedactURLs())


def configure_from_env(logger: logging.Logger, env_prefix: str) -> None:
    """Once per logger: when ``{env_prefix}LOG`` is ``debug`` or ``info``, log to stderr."""
    redact_httpx_logs()
    if logger.name in _configured:
        return
    raw = os.environ.get(f"{env_prefix}LOG", "").strip().lower()
    level = _LEVELS.get(raw)
    if level is None:
        return
    _configured.add(logger.name)
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s")
    )
    logger.addHandler(handler)
    logger.setLevel(level)
