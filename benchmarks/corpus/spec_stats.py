"""What a spec holds, counted from the parsed document alone (no generator code).

``operations`` and ``schemas`` are the denominators of the corpus table
(client methods and types a generator should write); ``constructs`` tags the
kinds of bodies, responses and auth a spec uses, so the table shows why a
spec is in the corpus and what it exercises.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Tags in the order the table prints them.
CONSTRUCTS = (
    "3.1",
    "multipart",
    "form",
    "binary-body",
    "text-body",
    "array-body",
    "union-body",
    "text-resp",
    "binary-resp",
    "apikey-query",
    "apikey-cookie",
    "cookie-param",
    "content-param",
)

BODY_TAGS = {"multipart": "multipart", "form": "form", "text": "text-body"}


def iter_operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """(path, method, operation) for every operation under ``paths`` (webhooks are not calls)."""
    paths = spec.get("paths")
    if not isinstance(paths, Mapping):
        return
    for path, raw in paths.items():
        item = _deref(spec, raw)
        if not isinstance(item, Mapping):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, Mapping):
                yield str(path), method, operation


def count_operations(spec: Mapping[str, Any]) -> int:
    """Operations a client should have one method for."""
    return sum(1 for _ in iter_operations(spec))


def schema_names(spec: Mapping[str, Any]) -> list[str]:
    """The names of the schemas under components/schemas (3.x) or definitions (2.0)."""
    components = spec.get("components")
    schemas = components.get("schemas") if isinstance(components, Mapping) else None
    if schemas is None:
        schemas = spec.get("definitions")
    return [str(name) for name in schemas] if isinstance(schemas, Mapping) else []


def count_schemas(spec: Mapping[str, Any]) -> int:
    """Schemas under components/schemas (3.x) or definitions (2.0)."""
    return len(schema_names(spec))


def openapi_version(spec: Mapping[str, Any]) -> str:
    """The document's ``openapi`` (or ``swagger``) version string, '?' when absent."""
    return str(spec.get("openapi") or spec.get("swagger") or "?")


def constructs(spec: Mapping[str, Any]) -> list[str]:
    """The tags of :data:`CONSTRUCTS` that the spec uses somewhere, in that order."""
    found: set[str] = set()
    if openapi_version(spec).startswith("3.1"):
        found.add("3.1")
    found |= _auth_tags(spec)
    for _, _, operation in iter_operations(spec):
        found |= _parameter_tags(spec, operation)
        found |= _body_tags(spec, operation)
        found |= _response_tags(spec, operation)
    return [tag for tag in CONSTRUCTS if tag in found]


def media_kind(media: str) -> str:
    """json, multipart, form, text or binary for one media type."""
    media = media.split(";", 1)[0].strip().lower()
    if media == "application/json" or media.endswith("+json") or media.endswith("/json"):
        return "json"
    if media.startswith("multipart/"):
        return "multipart"
    if media == "application/x-www-form-urlencoded":
        return "form"
    if media.startswith("text/") or media.endswith("+xml") or media == "application/xml":
        return "text"
    return "binary"


def _deref(spec: Mapping[str, Any], node: Any, depth: int = 0) -> Any:
    """Follow local ``$ref``s (a few hops; anything else is returned as it is)."""
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and depth < 20:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            return node
        target: Any = spec
        for escaped in ref[2:].split("/"):
            token = escaped.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, Mapping) or token not in target:
                return {}
            target = target[token]
        node = target
        depth += 1
    return node


def _auth_tags(spec: Mapping[str, Any]) -> set[str]:
    components = spec.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, Mapping) else None
    tags: set[str] = set()
    if isinstance(schemes, Mapping):
        for raw in schemes.values():
            scheme = _deref(spec, raw)
            if isinstance(scheme, Mapping) and scheme.get("type") == "apiKey":
                where = scheme.get("in")
                if where in {"query", "cookie"}:
                    tags.add(f"apikey-{where}")
    return tags


def _parameter_tags(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> set[str]:
    tags: set[str] = set()
    for raw in operation.get("parameters") or ():
        parameter = _deref(spec, raw)
        if not isinstance(parameter, Mapping):
            continue
        if parameter.get("in") == "cookie":
            tags.add("cookie-param")
        if "content" in parameter:
            tags.add("content-param")
    return tags


def _body_tags(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> set[str]:
    body = _deref(spec, operation.get("requestBody"))
    content = body.get("content") if isinstance(body, Mapping) else None
    if not isinstance(content, Mapping):
        return set()
    tags: set[str] = set()
    for media, entry in content.items():
        kind = media_kind(str(media))
        if kind == "json":
            schema = _deref(spec, entry.get("schema") if isinstance(entry, Mapping) else None)
            if isinstance(schema, Mapping):
                if schema.get("type") == "array":
                    tags.add("array-body")
                elif any(key in schema for key in ("oneOf", "anyOf")):
                    tags.add("union-body")
        else:
            tags.add(BODY_TAGS.get(kind, "binary-body"))
    return tags


def _response_tags(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> set[str]:
    responses = operation.get("responses")
    if not isinstance(responses, Mapping):
        return set()
    tags: set[str] = set()
    for raw in responses.values():
        response = _deref(spec, raw)
        content = response.get("content") if isinstance(response, Mapping) else None
        if not isinstance(content, Mapping):
            continue
        for media in content:
            kind = media_kind(str(media))
            if kind == "text":
                tags.add("text-resp")
            elif kind != "json":
                tags.add("binary-resp")
    return tags
