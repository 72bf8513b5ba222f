"""Decode JSON response bodies without letting hostile input escape as ``RecursionError``.

``json.loads`` raises ``RecursionError`` (not ``ValueError``) on deeply nested
input such as 100,000 ``[``. :func:`loads_json` turns that into
:class:`JSONNestingError`, a ``ValueError``, so every caller handles malformed
and too-deep bodies with one ``except ValueError``.
"""

from __future__ import annotations

import json

__all__ = ["JSONNestingError", "loads_json"]


class JSONNestingError(ValueError):
    """The JSON text nests arrays or objects deeper than the decoder can follow."""


def loads_json(raw: bytes | str) -> object:
    """``json.loads(raw)``; ``ValueError`` for malformed or too deeply nested text."""
    try:
        return json.loads(raw)
    except RecursionError as exc:
        raise JSONNestingError("JSON nested too deeply to decode") from exc
