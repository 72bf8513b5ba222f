"""Reading a bundled OpenAPI mapping: the one answer to each question about its shape.

The generator (``generator.parser``) and the toolkit (``lint``, ``diff``) read
the same documents; every rule they share lives here once, so they cannot
disagree about a spec:

* :func:`resolve` / :func:`deref`: follow a local ``$ref`` chain;
* :func:`refs_in`: every ``$ref`` written inside a node;
* :func:`schema_component`: which ``components/schemas`` entry a ``$ref`` names;
* :func:`media_kind` / :func:`json_media` / :func:`is_text_document`: what a
  media type carries;
* :func:`is_success` / :func:`success_responses`: which responses are 2xx;
* :func:`merged_parameters`: a path item's parameters overridden by the operation's;
* :func:`iter_operations` / :class:`OperationView`: every operation, in document order.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from generator.errors import join_pointer, unescape_pointer_token
from generator.load import pointer_get

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMAS_PREFIX = "/components/schemas/"

MediaKind = Literal["json", "multipart", "form", "text", "binary", "other"]

_SUCCESS = re.compile(r"^2(\d\d|XX)$", re.IGNORECASE)


# -- references -------------------------------------------------------------


def ref_pointer(ref: str) -> str | None:
    """The JSON pointer a local ``$ref`` (``#/...``) names; ``None`` for another document."""
    if not ref.startswith("#"):
        return None
    return urllib.parse.unquote(ref[1:])


def resolve(
    data: Mapping[str, Any], node: Any, pointer: str = "", *, keep_siblings: bool = False
) -> tuple[Any, str]:
    """``node`` with its ``$ref`` chain followed, and the pointer of what was reached.

    ``pointer`` is where ``node`` itself sits; it is returned unchanged when
    ``node`` is not a reference. A loop, a dangling reference or one into
    another document resolves to ``{}`` (validation reports those). With
    ``keep_siblings`` the keywords written next to each ``$ref`` (3.1 allows
    them) are kept, the nearest winning.
    """
    siblings: dict[str, Any] = {}
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        target = ref_pointer(ref)
        if ref in seen or target is None:
            return {}, pointer
        seen.add(ref)
        if keep_siblings:
            siblings = {**{k: v for k, v in node.items() if k != "$ref"}, **siblings}
        pointer = target
        try:
            node = pointer_get(data, target)
        except KeyError:
            return {}, pointer
    if siblings and isinstance(node, dict):
        node = {**node, **siblings}
    return node, pointer


def mappings_in(node: Any) -> Iterator[dict[str, Any]]:
    """Every mapping inside ``node``, ``node`` itself included (references are not followed)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def refs_in(node: Any) -> Iterator[str]:
    """Every ``$ref`` string written anywhere inside ``node`` (references are not followed)."""
    for item in mappings_in(node):
        ref = item.get("$ref")
        if isinstance(ref, str):
            yield ref


def deref(data: Mapping[str, Any], node: Any) -> Any:
    """``node`` with its ``$ref`` chain followed (``{}`` for a loop or a dangling ref)."""
    return resolve(data, node)[0]


def schema_component(ref: str, *, whole: bool = False) -> str | None:
    """The ``components/schemas`` key a ``$ref`` points into (unescaped), if any.

    With ``whole`` only a reference to the component itself counts, not one
    into a part of it (``#/components/schemas/A/properties/b``).
    """
    pointer = urllib.parse.unquote(ref.partition("#")[2])
    if not pointer.startswith(SCHEMAS_PREFIX):
        return None
    head, sep, _ = pointer[len(SCHEMAS_PREFIX) :].partition("/")
    if whole and sep:
        return None
    return unescape_pointer_token(head)


# -- media types ------------------------------------------------------------


def media_essence(media: str) -> str:
    """A media type without its parameters, in lower case (``Text/Plain; charset=x``: ``text/plain``)."""
    return media.split(";", maxsplit=1)[0].strip().lower()


def media_kind(media: str) -> MediaKind:
    """What a media type (parameters and case ignored) carries.

    ``json``: ``application/json`` and every ``+json`` suffix type (vendor
    types, ``application/problem+json``); ``multipart``: ``multipart/*``;
    ``form``: ``application/x-www-form-urlencoded``; ``text``: ``text/*``;
    ``binary``: octet streams, images, audio, video, fonts, PDF, archives, the
    wildcards ``*/*`` / ``application/*`` and every type not named here
    (``application/x-ndjson``, a vendor's ``application/octocat-stream``): their
    bytes are passed through as they are; ``other``: XML (a request body of
    it is the document's text, whatever its schema).
    """
    base = media_essence(media)
    if base == "application/json" or base.endswith("+json"):
        return "json"
    if base.startswith("multipart/"):
        return "multipart"
    if base == "application/x-www-form-urlencoded":
        return "form"
    if base.startswith("text/"):
        return "text"
    if base == "application/xml" or base.endswith("+xml"):
        return "other"
    return "binary"


def is_xml_media(media: str) -> bool:
    """Whether a media type is XML: ``application/xml``, a ``+xml`` suffix, or ``text/xml``."""
    return media_kind(media) == "other" or media_essence(media) == "text/xml"


def schema_label(schema: Any) -> str:
    """How a docstring names a (written, unresolved) schema: ``the spec's schema 'Order'`` for a
    reference, ``the spec's schema`` for an inline one."""
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    return f"the spec's schema {str(ref).rsplit('/', 1)[-1]!r}" if ref else "the spec's schema"


def is_text_document(schema: Any) -> bool:
    """Whether a (resolved) schema of a non-JSON media type is the document's text: a string
    that is not binary, or no schema at all (XML sent and read as ``str``)."""
    if not isinstance(schema, dict):
        return False
    if not schema:
        return True
    return schema.get("type") == "string" and schema.get("format") not in ("binary", "byte")


def json_media(content: Any) -> str | None:
    """The first JSON media type of a ``content`` map, in document order."""
    if not isinstance(content, dict):
        return None
    return next((m for m in content if media_kind(str(m)) == "json"), None)


# -- responses --------------------------------------------------------------


def is_success(code: str | int) -> bool:
    """Whether a response code is a 2xx status (``200``, ``204``, ``2XX``)."""
    return bool(_SUCCESS.match(str(code)))


def success_responses(op: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """(code, response as written) of every 2xx response, by code."""
    responses = op.get("responses")
    if not isinstance(responses, dict):
        return []
    found = [(str(code), response) for code, response in responses.items() if is_success(code)]
    return sorted(found, key=lambda pair: pair[0])


# -- parameters -------------------------------------------------------------


@dataclass(frozen=True)
class ParameterRef:
    """One parameter of an operation after merging: the resolved object and its places."""

    name: str
    location: str
    value: dict[str, Any]
    pointer: str  # where it is written (the path item's or the operation's list entry)
    defined_at: str  # where its object is (the ``$ref`` target, or ``pointer``)


def merged_parameters(
    data: Mapping[str, Any], op: Mapping[str, Any], item: Mapping[str, Any], pointer: str
) -> list[ParameterRef]:
    """The operation's parameters: the path item's, overridden by the operation's.

    A parameter is identified by name and location (OpenAPI 3). Path-item
    parameters keep their position when the operation overrides them;
    entries that do not resolve to an object are left out.
    """
    merged: dict[tuple[str, str], ParameterRef] = {}
    for source, base in ((item, pointer.rsplit("/", 1)[0]), (op, pointer)):
        for index, raw in enumerate(source.get("parameters") or []):
            written = join_pointer(base, "parameters", index)
            param, defined_at = resolve(data, raw, written)
            if isinstance(param, dict):
                key = (str(param.get("name")), str(param.get("in")))
                merged[key] = ParameterRef(key[0], key[1], param, written, defined_at)
    return list(merged.values())


# -- operations -------------------------------------------------------------


def iter_operations(
    data: Mapping[str, Any],
) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(path, method, operation, path item) for every operation, in document order."""
    for path, item in (data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield path, method, op, item


@dataclass(frozen=True, eq=False)
class OperationView:
    """One operation of a bundled spec, with the questions every reader asks of it."""

    data: Mapping[str, Any]
    path: str
    method: str
    op: dict[str, Any]
    item: dict[str, Any]

    @property
    def pointer(self) -> str:
        """The operation's JSON pointer (``/paths/~1models/get``)."""
        return join_pointer("/paths", self.path, self.method)

    @property
    def parameters(self) -> list[ParameterRef]:
        """The merged parameters (:func:`merged_parameters`)."""
        return merged_parameters(self.data, self.op, self.item, self.pointer)

    @property
    def request_body(self) -> tuple[dict[str, Any], str] | None:
        """The resolved request body object and its pointer, if the operation has one."""
        body, pointer = resolve(
            self.data, self.op.get("requestBody"), join_pointer(self.pointer, "requestBody")
        )
        return (body, pointer) if isinstance(body, dict) else None

    @property
    def success_responses(self) -> list[tuple[str, Any]]:
        """(code, response as written) of every 2xx response, by code."""
        return success_responses(self.op)


def operations(data: Mapping[str, Any]) -> Iterator[OperationView]:
    """Every operation of ``data`` as an :class:`OperationView`, in document order."""
    for path, method, op, item in iter_operations(data):
        yield OperationView(data, path, method, op, item)
