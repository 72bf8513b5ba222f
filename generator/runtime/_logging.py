"""Turn the package's logging on from the environment: ``<PREFIX>LOG=debug|info``.

With ``SCENARIO_SDK_LOG=debug`` (the prefix is the client's environment
prefix) every request, response, retry and redirect is logged to stderr; with
``info`` retries, redirects and failures only. Nothing is configured when the
variable is unset, so an application's own logging setup stays in charge. Log
lines never carry headers, and their URLs go through ``_redact.redact_url``.
"""

from __future__ import annotations

import logging
import os

__all__ = ["configure_from_env"]

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_configured: set[str] = set()


def configure_from_env(logger: logging.Logger, env_prefix: str) -> None:
    """Once per logger: when ``{env_prefix}LOG`` is ``debug`` or ``info``, log to stderr."""
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
