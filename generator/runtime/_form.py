"""Encode an ``application/x-www-form-urlencoded`` body from its fields.

OpenAPI's default for form bodies is ``style: form, explode: true``: a list is
one ``name=value`` pair per item, an object one pair per property; booleans
are ``true`` / ``false``. Fields are checked against their schemas first
(``_fields``).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping

from ._body import to_json_value
from ._fields import check_fields
from ._operation import OperationSpec

__all__ = ["encode_form"]


def encode_form(
    op: OperationSpec, body: Mapping[str, object], extra_body: Mapping[str, object] | None
) -> bytes:
    """The urlencoded bytes of the given fields (wire name -> value; unset ones dropped)."""
    values = to_json_value({**check_fields(op, body), **(extra_body or {})})
    pairs: list[tuple[str, str]] = []
    assert isinstance(values, dict)
    for name, value in values.items():
        if isinstance(value, dict):
            pairs += [(str(key), _text(item)) for key, item in value.items()]
        elif isinstance(value, list):
            pairs += [(name, _text(item)) for item in value]
        elif value is not None:
            pairs.append((name, _text(value)))
    return urllib.parse.urlencode(pairs).encode("ascii")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
