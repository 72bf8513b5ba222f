"""The check's server reads what openapi-core alone cannot: XML bodies, multipart primitive parts,
#fragment templates. Verdicts from openapi-core itself, in the server's venv (.corpus/venvs/).

Expected answers follow OpenAPI 3.0: a multipart part of an ``integer`` property holds the
number's text (Encoding Object), so ``0`` is accepted and ``zero`` refused; an XML body's
elements are its properties (XML Object); ``/{Bucket}#tagging`` is the operation of
``GET /b?tagging``, not ``GET /{Bucket}``'s.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from benchmarks.corpus import contract

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "benchmarks" / "corpus" / "contract"

SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import server
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

ok = {"200": {"description": "ok"}}
bucket = {"name": "Bucket", "in": "path", "required": True, "schema": {"type": "string"}}
spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "servers": [{"url": "/"}],
  "paths": {
    "/u": {"post": {"operationId": "upload", "requestBody": {"content": {"multipart/form-data": {"schema": {
        "type": "object", "properties": {"hosts": {"type": "integer"}, "on": {"type": "boolean"}}}}}},
        "responses": ok}},
    "/{Bucket}": {"get": {"operationId": "ListObjects", "parameters": [bucket], "responses": ok}},
    "/{Bucket}#tagging": {
        "get": {"operationId": "GetTagging", "parameters": [bucket,
            {"name": "tagging", "in": "query", "required": True, "schema": {"type": "boolean"}}], "responses": ok},
        "put": {"operationId": "PutTagging", "parameters": [bucket], "requestBody": {"content": {"text/xml": {"schema": {
            "type": "object", "required": ["TagSet"], "properties": {"TagSet": {"type": "array",
                "items": {"type": "object", "xml": {"name": "Tag"}, "properties": {"Size": {"type": "integer"}}}}}}}}},
            "responses": ok}}}}
app = server.App(spec, __import__("pathlib").Path(sys.argv[2]))

def verdict(method, path, query="", data=b"", content_type=None, operation=""):
    builder = EnvironBuilder(path=path, method=method, query_string=query, data=data,
                             content_type=content_type, headers={server.HEADER: operation})
    environ = builder.get_environ()
    app(environ, lambda status, headers: None)
    return json.loads(open(sys.argv[2]).read().splitlines()[-1])["accepted"]

part = lambda name, text: f'--B\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{text}\r\n'.encode()
multipart = "multipart/form-data; boundary=B"
print(json.dumps({
    "integer part": verdict("POST", "/u", data=part("hosts", "0") + part("on", "true") + b"--B--\r\n", content_type=multipart, operation="upload"),
    "not an integer": verdict("POST", "/u", data=part("hosts", "zero") + b"--B--\r\n", content_type=multipart, operation="upload"),
    "tagging query": verdict("GET", "/b", "tagging=true", operation="GetTagging"),
    "tagging without its query": verdict("GET", "/b", "", operation="GetTagging"),
    "xml": verdict("PUT", "/b", "tagging=true", data=b"<Tagging><Tag><Size>3</Size></Tag></Tagging>", content_type="text/xml", operation="PutTagging"),
    "xml of another type": verdict("PUT", "/b", "tagging=true", data=b"<Tagging><Tag><Size>x</Size></Tag></Tagging>", content_type="text/xml", operation="PutTagging"),
    "xml missing a required element": verdict("PUT", "/b", "tagging=true", data=b"<Tagging/>", content_type="text/xml", operation="PutTagging"),
    "text": verdict("PUT", "/b", "tagging=true", data=b"TagSet", content_type="text/xml", operation="PutTagging"),
}))
"""


def test_openapi_core_verdicts_with_the_servers_readers(tmp_path: Path) -> None:
    python = contract.server_venv(ROOT / ".corpus")
    log = tmp_path / "log.jsonl"
    log.touch()
    done = subprocess.run([python, "-c", SCRIPT, str(HERE), str(log)], capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {
        "integer part": True,
        "not an integer": False,
        "tagging query": True,
        "tagging without its query": False,  # reaches ListObjects, not the operation meant
        "xml": True,
        "xml of another type": False,
        "xml missing a required element": False,
        "text": False,
    }
