"""Contract-check server: validates every request it receives against the spec with openapi-core.

Runs in its own venv (openapi-core, werkzeug), on 127.0.0.1 only, and stops by
itself after ``--max-seconds`` or ``--max-requests``. Each request is logged as a
JSON line: the operation the driver says it is calling (``X-Contract-Operation``),
method, path, whether openapi-core accepted it and why not. The answer is the
first 2xx response of the matched operation with a small value of its schema
(skeleton: not yet drawn at random), or 404/405 when nothing matches.

    python server.py SPEC --port-file FILE --log FILE [--max-seconds 600]
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import schemas  # sibling module (this folder is sys.path[0] when run as a script)
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

HEADER = "X-Contract-Operation"


def load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return dict(json.loads(text) if path.suffix == ".json" else yaml.safe_load(text))


def base_path(spec: dict[str, Any]) -> str:
    """The path part of the spec's first server URL ('' when none)."""
    servers = spec.get("servers") or [{}]
    url = str(servers[0].get("url") or "")
    for name, variable in (servers[0].get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(variable.get("default", "")))
    return urlsplit(url).path.rstrip("/") if "://" in url else url.rstrip("/")


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
        self.openapi = OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))
        self.log = log.open("a", encoding="utf-8")
        self.lock = threading.Lock()
        self.count = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        accepted, error = True, ""
        try:
            self.openapi.validate_request(WerkzeugOpenAPIRequest(request))
        except Exception as exc:  # every validation failure is a finding, logged
            accepted, error = False, f"{type(exc).__name__}: {exc}"[:500]
        response = self.answer(request)
        with self.lock:
            self.count += 1
            entry = {"operation": request.headers.get(HEADER, ""), "method": request.method,
                     "path": request.path, "accepted": accepted, "error": error,
                     "status": response.status_code}  # fmt: skip
            self.log.write(json.dumps(entry) + "\n")
            self.log.flush()
        return response(environ, start_response)

    def answer(self, request: Request) -> Response:
        path = (
            request.path[len(self.prefix) :]
            if request.path.startswith(self.prefix)
            else request.path
        )
        template = schemas.match_path(self.spec, request.method, path or "/")
        if template is None:
            return Response(status=404)
        found = schemas.find_operation(self.spec, request.method, template)
        assert found is not None
        status, schema = schemas.success_response(self.spec, found[1])
        if schema is None or status == 204:
            return Response(status=status)
        body = json.dumps(schemas.minimal_instance(self.spec, schema))
        return Response(body, status=status, content_type="application/json")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec", type=Path)
    parser.add_argument("--port-file", type=Path, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--max-seconds", type=float, default=600.0)
    parser.add_argument("--max-requests", type=int, default=100_000)
    args = parser.parse_args()
    # The app needs the port for openapi-core's server matching: bound late, hence the lambda.
    server = make_server("127.0.0.1", 0, lambda e, s: app(e, s), threaded=True)  # noqa: PLW0108
    origin = f"http://127.0.0.1:{server.server_port}"
    app = App(pointed_at(load(args.spec), origin), args.log)
    args.port_file.write_text(origin + app.prefix)  # the client's base URL
    deadline = time.monotonic() + args.max_seconds
    server.timeout = 0.5
    while time.monotonic() < deadline and app.count < args.max_requests:
        server.handle_request()
    return 0


if __name__ == "__main__":
    sys.exit(main())
