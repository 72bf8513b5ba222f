"""Contract-check server: validates every request it receives against the spec with openapi-core.

Runs in its own venv (openapi-core, werkzeug), on 127.0.0.1 only, and stops by
itself after ``--max-seconds`` or ``--max-requests``. Each request is logged as a
JSON line: the call the driver says it is making (``X-Contract-Call``, and the
operation in ``X-Contract-Operation``), method, path, whether openapi-core
accepted it and why not. The answer is the first 2xx response of the matched
operation (the media type the request's ``Accept`` names when the response has
it), with a body drawn at random from its schema by hypothesis-jsonschema,
reproducibly (seeded by the call id): JSON, text or bytes as the media type
says. 404 when no operation matches.

openapi-core sees the header names as the client sent them: werkzeug's WSGI
environ drops names with an underscore and cannot tell ``A-B`` from ``A_B``, so
the request handler keeps the raw header list beside the environ. Media types
openapi-core has no deserializer for, but whose syntax the media type itself
names, are registered with openapi-core's documented
``extra_media_type_deserializers``: a ``+json`` suffix (RFC 6839) as JSON,
YAML types (RFC 9512) as YAML, any other ``text/*`` as text; a request body's
range media type (``*/*``) gets ``application/json`` listed beside it with the
same schema (``schemas.json_beside_ranges``: openapi-core would check JSON sent
under the range as raw bytes). XML request bodies are read by OpenAPI's XML Object
rules (``xmlbody``), a multipart primitive part as its schema's type with
openapi-core's own casters (``multipart``), and a template's ``#fragment`` is a
path segment of its own for openapi-core (``schemas.fragment_route``). Nothing
else is relaxed.

    python server.py SPEC --port-file FILE --log FILE [--max-seconds 600]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import threading
import time
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import instances  # sibling modules (this folder is sys.path[0] when run as a script)
import multipart
import schemas
import xmlbody
import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.deserializing.media_types.util import json_loads, plain_loads
from werkzeug.datastructures import Headers
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

HEADER = "X-Contract-Operation"
CALL = "X-Contract-Call"
RAW_HEADERS = "contract.raw_headers"  # environ key: the header (name, value) pairs as received


class RawHeadersHandler(WSGIRequestHandler):
    """werkzeug's request handler, keeping the headers as they came in beside the environ."""

    def make_environ(self) -> dict[str, Any]:
        environ = super().make_environ()
        environ[RAW_HEADERS] = list(self.headers.items())
        return environ


class RoutedRequest(WerkzeugOpenAPIRequest):
    """werkzeug's request for openapi-core, on the path the server routed it to (a template's
    ``#fragment`` as a segment of its own: ``schemas.fragment_route``)."""

    def __init__(self, request: Request, path: str) -> None:
        super().__init__(request)
        self.routed = path

    @property
    def path(self) -> str:
        return self.get_path(self.routed)


def openapi_request(request: Request, template: str | None = None) -> WerkzeugOpenAPIRequest:
    """openapi-core's view of the request, its headers named as sent (not the environ's), on the
    path of the template the server matched it to."""
    wrapped = RoutedRequest(request, schemas.routed_path(request.path, template))
    raw = request.environ.get(RAW_HEADERS)
    if raw is not None:
        wrapped.parameters = dataclasses.replace(wrapped.parameters, header=Headers(raw))
    return wrapped


class XmlBodies:
    """openapi-core's deserializer for XML request bodies (``xmlbody.loads``, OpenAPI's XML
    Object rules), registered through ``extra_media_type_deserializers``.

    openapi-core hands a deserializer the bytes alone, and an XML document is read by its
    schema: the server sets the schema of the request it is checking (the body schema of
    the operation it matched, for the request's media type) in a thread-local beside it.
    Without one (a response, whose XML bodies are drawn as text) the body is read as text,
    as before.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.local = threading.local()

    def set(self, schema: Any) -> None:
        self.local.schema = schema

    def __call__(self, value: bytes, **parameters: str) -> Any:
        schema = getattr(self.local, "schema", None)
        if schema is None:
            return plain_loads(value, **parameters)
        return xmlbody.loads(value, self.spec, schema)  # ValueError: openapi-core's refusal


def media_types(spec: dict[str, Any]) -> set[str]:
    """Every media type named by a request body or response of the spec."""
    found: set[str] = set()
    for raw in (spec.get("paths") or {}).values():
        item = schemas.deref(spec, raw)
        for method in schemas.METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if not isinstance(op, dict):
                continue
            bodies = [schemas.deref(spec, op.get("requestBody") or {})]
            bodies += [schemas.deref(spec, r) for r in (op.get("responses") or {}).values()]
            for body in bodies:
                if isinstance(body, dict) and isinstance(body.get("content"), dict):
                    found.update(str(m) for m in body["content"])
    return found


def yaml_loads(value: bytes, **parameters: str) -> Any:
    """A YAML body's value (openapi-core's deserializer signature)."""
    return yaml.safe_load(value)


def extra_deserializers(names: set[str], xml: Any = None) -> dict[str, Any]:
    """openapi-core deserializers for the media types whose syntax their name gives: a ``+json``
    structured suffix is JSON (RFC 6839 section 3.1), YAML types and the ``+yaml`` suffix are
    YAML (RFC 9512), XML types and ``+xml`` (RFC 7303) by OpenAPI's XML Object (``xml``, an
    :class:`XmlBodies`), any other ``text/*`` is text (RFC 2046 section 4.1)."""
    extra: dict[str, Any] = {}
    for name in names:
        bare = name.split(";")[0].strip().lower()
        if xml is not None and xmlbody.is_xml(bare):
            extra[bare] = xml
        elif bare.endswith("+json"):
            extra[bare] = json_loads
        elif bare.endswith(("/yaml", "/x-yaml", "+yaml")):
            extra[bare] = yaml_loads
        elif bare.startswith("text/") and "*" not in bare:
            extra[bare] = plain_loads
    return extra


def load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return dict(json.loads(text) if path.suffix == ".json" else yaml.safe_load(text))


def base_path(spec: dict[str, Any]) -> str:
    """The path part of the spec's first server URL ('' when none)."""
    servers = spec.get("servers") or [{}]
    url = str(servers[0].get("url") or "")
    for name, variable in (servers[0].get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(variable.get("default", "")))
    # an absolute URL, or a network-path reference (Kubernetes' `//kubernetes.local`): its path
    absolute = "://" in url or url.startswith("//")
    return urlsplit(url).path.rstrip("/") if absolute else url.rstrip("/")


def pointed_at(spec: dict[str, Any], origin: str) -> dict[str, Any]:
    """The spec with every ``servers`` list replaced by this server (its base path kept)."""
    spec = dict(spec)
    spec["servers"] = [{"url": origin + base_path(spec)}]
    paths = {}
    for template, raw in (spec.get("paths") or {}).items():
        item = dict(schemas.deref(spec, raw))
        item.pop("servers", None)
        for method in schemas.METHODS:
            if isinstance(item.get(method), dict):
                item[method] = {k: v for k, v in item[method].items() if k != "servers"}
        paths[template] = item
    spec["paths"] = paths
    return spec


class App:
    """The WSGI application: validate, log, answer."""

    def __init__(self, spec: dict[str, Any], log: Path) -> None:
        self.spec = spec
        self.prefix = base_path(spec)
        self.xml = XmlBodies(spec)
        extra = extra_deserializers(media_types(spec), self.xml)
        config = Config(spec_validator_cls=None, extra_media_type_deserializers=extra,
                        media_type_deserializers_factory=multipart.factory(str(spec.get("openapi"))))  # fmt: skip
        self.openapi = OpenAPI.from_dict(schemas.fragment_routes(spec), config=config)
        self.log = log.open("a", encoding="utf-8")
        self.lock = threading.Lock()
        self.count = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        accepted, error = True, ""
        template = self.template(request)
        self.xml.set(self.body_schema(request, template))
        try:
            self.openapi.validate_request(openapi_request(request, template))
        except Exception as exc:  # every validation failure is a finding, logged
            accepted, error = False, explain(exc)
        self.xml.set(None)
        reached = self.operation_id(request, template)
        meant = request.headers.get(HEADER, "")
        if accepted and meant and reached is not None and reached != meant:
            accepted, error = (
                False,
                f"OperationMismatch: the request reached {reached}, not {meant}",
            )
        response = self.answer(request, template)
        response_error = ""
        if response.status_code < 300 and response.get_data():
            try:
                self.openapi.validate_response(
                    openapi_request(request, template), WerkzeugOpenAPIResponse(response)
                )
            except Exception as exc:  # openapi-core refuses the drawn response: logged as such
                response_error = explain(exc)
        with self.lock:
            self.count += 1
            entry = {"call": request.headers.get(CALL, ""),
                     "operation": request.headers.get(HEADER, ""), "method": request.method,
                     "path": request.path, "query": request.query_string.decode("latin-1")[:600],
                     "accepted": accepted, "error": error,
                     "status": response.status_code, "response_error": response_error,
                     "content_type": response.headers.get("Content-Type", "")}  # fmt: skip
            self.log.write(json.dumps(entry) + "\n")
            self.log.flush()
        return response(environ, start_response)

    def template(self, request: Request) -> str | None:
        """The path template of the spec the request is on (None: no operation has it)."""
        path = (
            request.path[len(self.prefix) :]
            if request.path.startswith(self.prefix)
            else request.path
        )
        query = request.query_string.decode("latin-1")
        headers = [name for name, _ in request.environ.get(RAW_HEADERS, request.headers.items())]
        found = schemas.match_path(self.spec, request.method, path or "/", query, headers)
        meant = request.headers.get(HEADER, "")
        if found is None or not meant or self.operation_id(request, found) == meant:
            return found
        # Two operations the request fits, told apart by a fragment that names nothing it
        # carries (S3's `/{Bucket}#lifecycle` and `#lifecycle&deprecated!`, Box's
        # `.../securityClassification-6VMVochwUWo/schema#update` beside
        # `/metadata_templates/{scope}/{template_key}/schema`): the one the driver names.
        for template in self.spec.get("paths") or {}:
            fits = schemas.template_matches(str(template), path or "/")
            if fits and self.operation_id(request, str(template)) == meant:
                return str(template)
        return found

    def operation_id(self, request: Request, template: str | None) -> str | None:
        """The operationId of the operation the request reached (None: none, or it has none)."""
        found = schemas.find_operation(self.spec, request.method, template) if template else None
        value = found[1].get("operationId") if found else None
        return str(value) if value is not None else None

    def body_schema(self, request: Request, template: str | None) -> Any:
        """The schema of the request's body for its media type, when that is XML (else None)."""
        if template is None or not xmlbody.is_xml(request.content_type):
            return None
        found = schemas.find_operation(self.spec, request.method, template)
        body = schemas.deref(self.spec, found[1].get("requestBody")) if found else None
        content = body.get("content") if isinstance(body, dict) else None
        entry = schemas.media_entry(content, str(request.content_type))
        return entry.get("schema") if entry else None

    def answer(self, request: Request, template: str | None) -> Response:
        if template is None:
            return Response(status=404)
        found = schemas.find_operation(self.spec, request.method, template)
        assert found is not None
        status, media, schema = schemas.success_media(
            self.spec, found[1], request.headers.get("Accept", "")
        )
        if media is None or status == 204:
            return Response(status=status)
        kind = schemas.response_kind(media)
        key = request.headers.get(CALL, request.path)
        if kind == "binary":
            return Response(drawn_bytes(key), status=status, content_type=schemas.concrete(media))
        converted = schemas.to_json_schema(self.spec, schema, for_request=False)
        if kind == "text":
            is_string = isinstance(converted, dict) and converted.get("type") == "string"
            value = draw(converted if is_string else {"type": "string"}, key)
            return Response(str(value), status=status, content_type=schemas.concrete(media))
        try:
            value = draw(converted, key)
        except Exception:  # hypothesis-jsonschema cannot draw every schema: the minimal value
            value = schemas.minimal_instance(self.spec, schema)
        return Response(json.dumps(value), status=status, content_type=media)


def explain(exc: BaseException) -> str:
    """The exception and the causes openapi-core chains under it (its own message names only
    the parameter or the body), outermost first, each cut short so the innermost reason shows."""
    parts = []
    seen: BaseException | None = exc
    while seen is not None and len(parts) < 6:
        value = getattr(seen, "value", None)
        if isinstance(value, bytes) and getattr(seen, "type", None):  # a raw body: its type kept
            text = f"Value {value[:24]!r} ({len(value)} bytes) not valid for schema of type {seen.type}"
        else:
            text = str(seen)
        parts.append(f"{type(seen).__name__}: {text[:160]}")
        nested = getattr(seen, "schema_errors", None)
        if nested:
            parts.append("; ".join(_reason(e) for e in list(nested)[:3]))
        seen = seen.__cause__ or seen.__context__
    return " <- ".join(parts)[:900]


def _reason(error: Any) -> str:
    """One jsonschema error: where, which keyword, and the innermost context's message."""
    place = "/".join(str(p) for p in getattr(error, "absolute_path", []))
    context = getattr(error, "context", None) or []
    best = min(context, key=lambda e: len(e.message), default=None) if context else None
    message = str(getattr(error, "message", error))[:160]
    detail = f" (e.g. {best.message[:160]})" if best is not None else ""
    return f"at /{place} [{getattr(error, 'validator', '?')}] {message}{detail}"


def draw(schema: Any, key: str) -> Any:
    """A random value of ``schema``, the same one for the same key (the second of two draws:
    hypothesis starts with the simplest value, and the check wants a random one)."""
    if len(json.dumps(schema)) > instances.LARGE:  # hypothesis-jsonschema would take minutes
        return instances.instance(schema, random.Random(key))
    drawn: list[Any] = []

    @settings(max_examples=2, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @seed(zlib.crc32(key.encode()))
    @given(st.data())
    def one(data: st.DataObject) -> None:
        drawn.append(data.draw(from_schema(schema)))

    one()
    return drawn[-1]


def drawn_bytes(key: str) -> bytes:
    """Some bytes for a binary response, the same for the same key."""
    generator = random.Random(key)
    return bytes(generator.randrange(256) for _ in range(generator.randrange(1, 2048)))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec", type=Path)
    parser.add_argument("--port-file", type=Path, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    parser.add_argument("--max-requests", type=int, default=100_000)
    args = parser.parse_args()
    # The app needs the port for openapi-core's server matching: bound late, hence the lambda.
    server = make_server("127.0.0.1", 0, lambda e, s: app(e, s), threaded=True,  # noqa: PLW0108
                         request_handler=RawHeadersHandler)  # fmt: skip
    origin = f"http://127.0.0.1:{server.server_port}"
    app = App(schemas.json_beside_ranges(pointed_at(load(args.spec), origin)), args.log)
    partial = args.port_file.with_suffix(".partial")
    partial.write_text(origin + app.prefix)  # the client's base URL, in place at once
    partial.replace(args.port_file)
    deadline = time.monotonic() + args.max_seconds
    server.timeout = 0.5
    while time.monotonic() < deadline and app.count < args.max_requests:
        server.handle_request()
    return 0


if __name__ == "__main__":
    sys.exit(main())
