"""Encode an ``application/x-www-form-urlencoded`` body from its fields.

OpenAPI's default for form bodies is ``style: form, explode: true``: a list is
one ``name=value`` pair per item, an object one pair per property; booleans
are ``true`` / ``false``. A field's ``encoding`` in the spec is honoured:
``style`` / ``explode`` as for a query parameter (``deepObject`` writes
``name[key]=value``, nested objects ``name[a][b]``), a JSON ``contentType``
sends the value as JSON text. Fields are checked against their schemas first
(``_fields``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import quote

from ._body import to_json_value
from ._fields import check_fields
from ._operation import OperationSpec, field_encoding
from ._params import encode_query

__all__ = ["encode_form", "is_json_media"]


def encode_form(
    op: OperationSpec, body: Mapping[str, object], extra_body: Mapping[str, object] | None
) -> bytes:
    """The urlencoded bytes of the given fields (wire name -> value; unset ones dropped)."""
    values = to_json_value({**check_fields(op, body), **(extra_body or {})})
    pairs: list[tuple[str, str]] = []
    assert isinstance(values, dict)
    for name, value in values.items():
        if value is None:
            continue
        encoding = field_encoding(op, name)
        if is_json_media(encoding.get("contentType")):
            pairs.append(
                (quote(name, safe=""), quote(json.dumps(value, ensure_ascii=False), safe=""))
            )
            continue
        pairs += encode_query(name, value, encoding.get("style"), encoding.get("explode"))
    return "&".join(f"{key}={item}" for key, item in pairs).encode("ascii")


def is_json_media(media: object) -> bool:
    """Whether an ``encoding`` ``contentType`` (possibly a list) names JSON first."""
    if not isinstance(media, str) or not media:
        return False
    first = media.split(",", 1)[0].split(";", 1)[0].strip().lower()
    return first == "application/json" or first.endswith("+json")
