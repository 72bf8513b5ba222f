"""Reading operations and schemas out of a spec for the contract check (standard library only).

Shared by the server (which answers with a value of the response schema) and
the driver (which draws arguments from the operation's own schemas); both run
in venvs of their own, so this module imports nothing from the project.
"""

from __future__ import annotations

import copy
import fnmatch
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# OpenAPI annotations a JSON Schema validator or data generator has no use for.
ANNOTATIONS = {"discriminator", "xml", "externalDocs", "example", "examples", "deprecated",
               "readOnly", "writeOnly"}  # fmt: skip
FORMAT_PATTERNS = {"uuid": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}
INTEGER_FORMATS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
MAX_DEPTH = 3  # references followed along one path; deeper ones are a constant (see _convert)


def deref(spec: Mapping[str, Any], node: Any) -> Any:
    """Follow local ``$ref``s (at most 20 hops); a dangling one gives ``{}``.

    (``spec_stats`` has its own: the validating server imports this module on its
    own, in the openapi-core venv, where the ``benchmarks`` package is not importable.)
    """
    hops = 0
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and hops < 20:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            return {}
        target: Any = spec
        # a URI fragment: percent-decoded, then JSON pointer tokens, which may index a list
        # (DigitalOcean's `#/paths/~1v2~1images~1%7Bimage_id%7D/put/parameters/0`)
        for escaped in urllib.parse.unquote(ref[2:]).split("/"):
            token = escaped.replace("~1", "/").replace("~0", "~")
            if isinstance(target, list) and token.isdigit() and int(token) < len(target):
                target = target[int(token)]
            elif isinstance(target, Mapping) and token in target:
                target = target[token]
            else:
                return {}
        node = target
        hops += 1
    return node


def to_json_schema(spec: Mapping[str, Any], schema: Any, *, for_request: bool = True) -> Any:
    """A self-contained JSON Schema (refs inlined, ``nullable`` as a null alternative).

    References deeper than :data:`MAX_DEPTH` become a ``const`` of their minimal
    instance (recursion is cut, not followed, and the schema stays small enough
    to draw from: Stripe's expandable fields would multiply it otherwise). In a request, ``readOnly`` properties are left out.
    """
    return _convert(spec, schema, 0, for_request)


def _convert(
    spec: Mapping[str, Any],
    schema: Any,
    depth: int,
    for_request: bool,
    part: bool = False,
    hidden: frozenset[str] = frozenset(),
) -> Any:
    if isinstance(schema, bool):
        return schema
    if not isinstance(schema, Mapping):
        return {}
    if "$ref" in schema:
        # An allOf part is followed further (a constant there would forbid the other parts'
        # properties); a cycle through allOf alone is still cut, 10 levels later.
        if depth >= MAX_DEPTH + (10 if part else 0):  # cut: the smallest value, still valid
            value = minimal_instance(spec, schema)
            return {} if value is None else {"const": value}
        return _convert(spec, deref(spec, schema), depth + 1, for_request, hidden=hidden)
    if for_request:  # readOnly names of this object and of its allOf parts (siblings' too)
        hidden = hidden | read_only_names(spec, schema)
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ANNOTATIONS or key.startswith("x-") or key == "nullable":
            continue
        if key == "properties" and isinstance(value, Mapping):
            out[key] = {
                name: _convert(spec, sub, depth, for_request)
                for name, sub in value.items()
                if not (for_request and is_read_only(spec, sub))
            }
        elif key in {"items", "additionalProperties", "not", "contains", "propertyNames"}:
            out[key] = _convert(spec, value, depth, for_request)
        elif key == "allOf" and isinstance(value, list):
            out[key] = [
                _convert(spec, sub, depth, for_request, part=True, hidden=hidden) for sub in value
            ]
        elif key in {"anyOf", "oneOf", "prefixItems"} and isinstance(value, list):
            out[key] = [_convert(spec, sub, depth, for_request) for sub in value]
        else:
            out[key] = copy.deepcopy(value)
    pattern = FORMAT_PATTERNS.get(str(schema.get("format")))
    if pattern is not None and schema.get("type") == "string" and "pattern" not in schema:
        out["pattern"] = pattern  # a format hypothesis-jsonschema does not draw by itself
    bounds = INTEGER_FORMATS.get(str(schema.get("format")))
    if bounds is not None and schema.get("type") == "integer":  # a bound a generator honours
        out.setdefault("minimum", bounds[0])
        out.setdefault("maximum", bounds[1])
    if for_request and isinstance(out.get("required"), list):
        # A readOnly name is not sent, so not required; a name required beside an allOf part
        # that defines it (SendGrid's POST /senders, DigitalOcean's jobs[].name) stays required.
        closed = out.get("additionalProperties") is False
        defined = out.get("properties") or {}
        out["required"] = [
            n for n in out["required"] if n not in hidden and not (closed and n not in defined)
        ]
    enum = schema.get("enum")
    closed = isinstance(enum, list) and None not in enum  # 3.0.3: null must be listed in an enum
    if (
        schema.get("nullable") is True
        and not closed
        and not str(spec.get("openapi", "3.0")).startswith("3.1")
    ):
        return {
            "anyOf": [out, {"type": "null"}]
        }  # (3.1 has no `nullable`: null is not allowed there)
    return out


def is_read_only(spec: Mapping[str, Any], schema: Any, depth: int = 0) -> bool:
    """A property schema marked ``readOnly``, itself or in one of its allOf parts (DigitalOcean's
    ``connection: {allOf: [{...}, {readOnly: true}]}``: the parts all apply to the value)."""
    node = deref(spec, schema)
    if not isinstance(node, Mapping) or depth > MAX_DEPTH + 10:
        return False
    if node.get("readOnly") is True:
        return True
    return any(is_read_only(spec, part, depth + 1) for part in node.get("allOf") or [])


def read_only_names(spec: Mapping[str, Any], schema: Any, depth: int = 0) -> frozenset[str]:
    """Names of the ``readOnly`` properties of an object schema and of its allOf parts."""
    node = deref(spec, schema)
    if not isinstance(node, Mapping) or depth > MAX_DEPTH + 10:
        return frozenset()
    names = {str(name) for name, sub in (node.get("properties") or {}).items()
             if is_read_only(spec, sub)}  # fmt: skip
    for part in node.get("allOf") or []:
        names |= read_only_names(spec, part, depth + 1)
    return frozenset(names)


def find_operation(
    spec: Mapping[str, Any], method: str, path: str
) -> tuple[Mapping[str, Any], Mapping[str, Any]] | None:
    """(path item, operation) for a method and a path template, None when absent."""
    item = deref(spec, (spec.get("paths") or {}).get(path))
    if not isinstance(item, Mapping):
        return None
    operation = item.get(method.lower())
    return (item, operation) if isinstance(operation, Mapping) else None


def match_path(spec: Mapping[str, Any], method: str, path: str, query: str = "",
               headers: Iterable[str] = ()) -> str | None:  # fmt: skip
    """The path template of the spec that a concrete request path matches (literal ones first).

    A template's ``#fragment`` (APIs.guru's S3: ``/{Bucket}/{Key}#uploads``, operations told
    apart by their query, or by a header: ``#x-amz-copy-source``) is not part of the path; of
    the templates that match, one whose fragment names only query parameters or headers the
    request has is preferred.
    """
    names = {pair.split("=", 1)[0] for pair in query.split("&") if pair}
    names |= {str(h).lower() for h in headers}
    candidates = []
    for template in spec.get("paths") or {}:
        bare, _, fragment = str(template).partition("#")
        if template_matches(str(template), path) and find_operation(spec, method, str(template)):
            wanted = {pair.split("=", 1)[0] for pair in fragment.split("&") if pair}
            known = wanted <= names or {w.lower() for w in wanted} <= names
            literal = len(re.sub(r"\{[^}]*\}", "", bare))  # `{bid}.pdf` before `{bid}`
            candidates.append((not known, -len(wanted), bare.count("{"), -literal, str(template)))
    return min(candidates)[-1] if candidates else None


def template_matches(template: str, path: str) -> bool:
    """Whether a concrete path fits a path template (its ``#fragment`` left out)."""
    bare = template.partition("#")[0]
    pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(bare)) + "$"
    return re.match(pattern, path) is not None


def parameters(
    spec: Mapping[str, Any], item: Mapping[str, Any], operation: Mapping[str, Any]
) -> dict[tuple[str, str], Mapping[str, Any]]:
    """The operation's parameters by (location, name); operation-level ones override the item's."""
    found: dict[tuple[str, str], Mapping[str, Any]] = {}
    for source in (item.get("parameters") or [], operation.get("parameters") or []):
        for raw in source:
            parameter = deref(spec, raw)
            if isinstance(parameter, Mapping) and "name" in parameter:
                found[(str(parameter.get("in")), str(parameter["name"]))] = parameter
    return found


def json_media(content: Any) -> tuple[str, Mapping[str, Any]] | None:
    """The first JSON media type of a ``content`` map and its entry."""
    if not isinstance(content, Mapping):
        return None
    for media, entry in content.items():
        base = str(media).split(";", 1)[0].strip().lower()
        if base == "application/json" or base.endswith("+json"):
            return str(media), entry if isinstance(entry, Mapping) else {}
    return None


def success_response(
    spec: Mapping[str, Any], operation: Mapping[str, Any]
) -> tuple[int, Mapping[str, Any] | None]:
    """The first 2xx response: its status and its JSON schema (None when it has no JSON body)."""
    responses = operation.get("responses") or {}
    codes = sorted(str(code) for code in responses if str(code)[:1] == "2")
    if not codes:
        return 200, None
    code = codes[0]
    response = deref(spec, responses[code]) if isinstance(responses, Mapping) else {}
    status = int(code) if code.isdigit() else 200
    media = json_media(response.get("content") if isinstance(response, Mapping) else None)
    if media is None:
        return status, None
    return status, media[1].get("schema", {})


def minimal_instance(spec: Mapping[str, Any], schema: Any, depth: int = 0) -> Any:
    """A small deterministic value meant to satisfy ``schema`` (required properties only)."""
    schema = deref(spec, schema)
    if not isinstance(schema, Mapping) or depth > 20:
        return None
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("oneOf", "anyOf"):
        if schema.get(key):
            return minimal_instance(spec, schema[key][0], depth + 1)
    if schema.get("allOf"):
        merged: dict[str, Any] = {}
        own = {k: v for k, v in schema.items() if k != "allOf"}
        inherited: dict[str, Any] = {}
        for part in schema["allOf"]:
            found = deref(spec, part)
            if isinstance(found, Mapping):
                inherited.update(found.get("properties") or {})
        own["properties"] = {**inherited, **(own.get("properties") or {})}
        for part in [own, *schema["allOf"]]:  # the parts say what the names beside allOf hold
            value = minimal_instance(spec, part, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or (kind is None and ("properties" in schema or "required" in schema)):
        properties = schema.get("properties") or {}
        return {
            name: minimal_instance(spec, properties.get(name, {}), depth + 1)
            for name in schema.get("required") or []
        }
    if kind == "array":
        count = int(schema.get("minItems") or 0)
        return [minimal_instance(spec, schema.get("items", {}), depth + 1) for _ in range(count)]
    if kind == "string":
        return _string(schema)
    if kind in {"integer", "number"}:
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        if isinstance(low, bool):
            low = 0
        value = low + (1 if "exclusiveMinimum" in schema and "minimum" not in schema else 0)
        return int(value) if kind == "integer" else value
    if kind == "boolean":
        return False
    return None


FORMATS = {
    "date-time": "1970-01-01T00:00:00Z",
    "date": "1970-01-01",
    "time": "00:00:00Z",
    "email": "a@example.com",
    "uri": "http://127.0.0.1/",
    "url": "http://127.0.0.1/",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "ipv4": "127.0.0.1",
    "byte": "",
}


def _string(schema: Mapping[str, Any]) -> str:
    value = FORMATS.get(str(schema.get("format")), "")
    minimum = int(schema.get("minLength") or 0)
    return value + "a" * max(0, minimum - len(value))


def media_entry(content: Any, media_type: str) -> Mapping[str, Any] | None:
    """The entry of ``content`` for a media type (exact, then by base type, parameters ignored)."""
    if not isinstance(content, Mapping):
        return None
    if isinstance(content.get(media_type), Mapping):
        return content[media_type]
    base = media_type.split(";", 1)[0].strip().lower()
    for media, entry in content.items():
        if str(media).split(";", 1)[0].strip().lower() == base and isinstance(entry, Mapping):
            return entry
    # a range that covers it (``*/*``, ``application/*``), as openapi-core finds it
    for media, entry in content.items():
        key = str(media).split(";", 1)[0].strip().lower()
        if "*" in key and fnmatch.fnmatchcase(base, key) and isinstance(entry, Mapping):
            return entry
    return None


JSON_RANGES = ("*/*", "application/*")


def json_beside_ranges(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with ``application/json`` listed beside a request body's range media type
    (``*/*``, ``application/*``) that covers it, with the range's own entry.

    openapi-core finds a request's ``application/json`` under the range but picks the
    deserializer by the range's name, for which it has none: it checks the raw bytes
    against the schema (an object schema refuses any body). Naming the type the range
    already covers, with the same schema, lets it read JSON as JSON; what is valid is
    unchanged (OpenAPI: the most specific key applies). Path items are copied, not changed.
    """
    paths = {}
    for template, raw in (spec.get("paths") or {}).items():
        item = dict(deref(spec, raw))
        for method in METHODS:
            op = item.get(method)
            body = deref(spec, op.get("requestBody")) if isinstance(op, dict) else None
            content = body.get("content") if isinstance(body, dict) else None
            if not isinstance(content, dict) or "application/json" in content:
                continue
            ranges = [k for k in content if str(k).split(";", 1)[0].strip() in JSON_RANGES]
            if ranges:
                content = {**content, "application/json": content[ranges[0]]}
                item[method] = {**op, "requestBody": {**body, "content": content}}
        paths[template] = item
    return {**spec, "paths": paths}


def response_kind(media_type: str) -> str:
    """How a response body of this media type is written: ``json``, ``text`` or ``binary``."""
    base = media_type.split(";", 1)[0].strip().lower()
    if base == "application/json" or base.endswith("+json"):
        return "json"
    if base.startswith("text/"):
        return "text"
    return "binary"


def concrete(media_type: str) -> str:
    """A media type a response can carry for a range of them (``image/*`` -> ``image/png``)."""
    base = media_type.split(";", 1)[0].strip().lower()
    if base == "*/*":
        return "application/octet-stream"
    if base.endswith("/*"):
        return base[:-1] + {
            "image/": "png",
            "text/": "plain",
            "audio/": "mpeg",
            "video/": "mp4",
        }.get(base[:-1], "octet-stream")
    return media_type


def success_media(
    spec: Mapping[str, Any], operation: Mapping[str, Any], accept: str = ""
) -> tuple[int, str | None, Any]:
    """The first 2xx response: status, the media type to answer with (the one ``accept`` names
    when the response offers it, else the first), and its schema; no media for an empty body."""
    responses = operation.get("responses") or {}
    codes = sorted(str(code) for code in responses if str(code)[:1] == "2")
    if not codes:
        return 200, None, None
    code = codes[0]
    status = int(code) if code.isdigit() else 200
    response = deref(
        spec, responses.get(code, responses.get(int(code) if code.isdigit() else code))
    )
    content = response.get("content") if isinstance(response, Mapping) else None
    if not isinstance(content, Mapping) or not content:
        return status, None, None
    wanted = [a.split(";", 1)[0].strip().lower() for a in accept.split(",") if a.strip()]
    chosen = next(
        (str(m) for m in content if str(m).split(";", 1)[0].strip().lower() in wanted), None
    )
    media = chosen or str(next(iter(content)))
    entry = content.get(media)
    return status, media, entry.get("schema", {}) if isinstance(entry, Mapping) else {}


def undefined_required(spec: Mapping[str, Any], schema: Any, depth: int = 0) -> list[str]:
    """Names an object schema requires without defining them under ``properties`` (anywhere
    inside, allOf parts counted together): a spec inconsistency a client cannot satisfy."""
    node = deref(spec, schema)
    if not isinstance(node, Mapping) or depth > MAX_DEPTH + 4:
        return []
    found: list[str] = []
    defined = set((node.get("properties") or {}).keys())
    for part in node.get("allOf") or []:
        resolved = deref(spec, part)
        if isinstance(resolved, Mapping):
            defined |= set((resolved.get("properties") or {}).keys())
    if defined or node.get("type") == "object":
        found += [str(n) for n in node.get("required") or [] if n not in defined]
    children = list((node.get("properties") or {}).values())
    children += [node.get("items"), *(node.get("allOf") or []), *(node.get("anyOf") or [])]
    children += list(node.get("oneOf") or [])
    for child in children:
        if child is not None:
            found += undefined_required(spec, child, depth + 1)
    return list(dict.fromkeys(found))


FRAGMENT_SEGMENT = ".fragment({})"  # no drawn path segment has parentheses (PATH_SAFE)


def fragment_route(template: str) -> str:
    """The path openapi-core is given for a template with a ``#fragment`` (APIs.guru's S3:
    ``/{Bucket}#tagging``): the fragment as one more literal segment, ``/{Bucket}/.fragment(tagging)``.

    openapi-core reads the ``#`` as part of the path: a request finds no operation there, or
    the one of the bare path (``GET /{Bucket}#tagging`` was checked as ``GET /{Bucket}``,
    ListObjects). With its own literal segment, each such template is a path of its own, and
    openapi-core prefers a literal segment over a ``{Key}`` variable.
    """
    bare, hash_, fragment = template.partition("#")
    if not hash_:
        return template
    return bare.rstrip("/") + "/" + FRAGMENT_SEGMENT.format(urllib.parse.quote(fragment, safe=""))


def fragment_routes(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with every path template's ``#fragment`` made a segment (:func:`fragment_route`);
    the server hands openapi-core a request on such a template with that segment appended."""
    paths = {fragment_route(str(t)): raw for t, raw in (spec.get("paths") or {}).items()}
    return {**spec, "paths": paths}


def routed_path(path: str, template: str | None) -> str:
    """The concrete path openapi-core is given for a request the server matched to ``template``."""
    if template is None or "#" not in template:
        return path
    return (
        path.rstrip("/") + fragment_route(template)[len(template.partition("#")[0].rstrip("/")) :]
    )
