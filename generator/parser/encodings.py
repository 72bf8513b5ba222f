"""The ``encoding`` of multipart and form request bodies, as the runtime honours it.

For each multipart or form media type of a body, the entries of its
``encoding`` map become ``OperationSpec.body_encoding`` (media type, then
field wire name):

* ``contentType``: multipart parts are sent with it (a JSON type as JSON
  text; a file part without a caller-given type gets one it allows); a form
  field with a JSON ``contentType`` is sent as JSON text;
* ``style`` / ``explode``: form fields are written as query parameters of
  that style would be (``deepObject``: ``name[key]=value``). OpenAPI 3.0
  ignores both for multipart, as the runtime does; in 3.1 they apply there
  too, which is not generated yet and refused by name;
* ``headers`` (other than ``Content-Type``, which the spec says to ignore) of
  a multipart part and ``allowReserved: true`` of a form field are refused
  by name: nothing in a spec is dropped silently.
"""

from __future__ import annotations

from typing import Any

from generator.errors import Problem, join_pointer
from generator.parser.context import ParseContext, Parsed
from generator.spec_access import media_essence, media_kind

Encoding = dict[str, dict[str, dict[str, Any]]]


def body_encoding(
    ctx: ParseContext, content: dict[str, Any], media_types: list[str], pointer: str
) -> Parsed[Encoding]:
    """The honoured encoding of each multipart / form media type among ``media_types``.

    ``pointer`` is where ``content``'s request body sits; problems name each
    encoding entry the runtime cannot honour.
    """
    found: Encoding = {}
    problems: list[Problem] = []
    is_31 = str(ctx.data.get("openapi", "")).startswith("3.1")
    for media in media_types:
        kind = media_kind(media)
        item = ctx.deref(content.get(media)) or {}
        encoding = item.get("encoding") if isinstance(item, dict) else None
        if kind not in ("multipart", "form") or not isinstance(encoding, dict):
            continue
        entries: dict[str, dict[str, Any]] = {}
        for name, raw in encoding.items():
            where = join_pointer(pointer, "content", media, "encoding", name)
            entry, refused = _entry(ctx, str(name), ctx.deref(raw), kind, where, is_31=is_31)
            problems += refused
            if entry:
                entries[str(name)] = entry
        if entries:
            found[media_essence(media)] = entries
    return Parsed(found, tuple(problems))


def _entry(
    ctx: ParseContext, name: str, raw: Any, kind: str, where: str, *, is_31: bool
) -> tuple[dict[str, Any], list[Problem]]:
    """One field's honoured encoding and the problems of what cannot be honoured."""
    if not isinstance(raw, dict):
        return {}, []
    entry: dict[str, Any] = {}
    problems: list[Problem] = []
    if isinstance(raw.get("contentType"), str):
        entry["contentType"] = raw["contentType"]
    headers = [h for h in raw.get("headers") or {} if str(h).lower() != "content-type"]
    if kind == "multipart" and headers:
        problems.append(
            ctx.error(
                "unsupported",
                f"multipart encoding headers {sorted(map(str, headers))} of part {name!r}"
                " are not supported",
                join_pointer(where, "headers"),
            )
        )
    styled = {k: raw[k] for k in ("style", "explode") if k in raw}
    if kind == "form":
        entry.update(styled)
        if raw.get("allowReserved") is True:
            problems.append(
                ctx.error(
                    "unsupported",
                    f"allowReserved of form field {name!r} is not supported",
                    join_pointer(where, "allowReserved"),
                )
            )
    elif styled and is_31:
        problems.append(
            ctx.error(
                "unsupported",
                f"style/explode of multipart part {name!r} are not supported",
                where,
            )
        )
    return entry, problems
