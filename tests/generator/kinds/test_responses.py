"""Responses of every kind: text/* as ``str``; binary and ``*/*`` as a streamed binary
response; ``+json`` / ``problem+json`` as JSON; ``with_streaming_response`` everywhere.

The spec is ``cases/kinds/responses/spec.yaml``. The bytes compared are the ones
the test server was scripted to send; memory is measured with ``tracemalloc``
inside the client's interpreter.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from tests.generator.kinds.support import CasePackage, case_package
from tests.support.server import RecordingServer


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> CasePackage:
    return case_package(tmp_path_factory, "responses")


def test_a_text_response_is_a_str_in_the_charset_the_server_names(pkg: CasePackage) -> None:
    text = "ok, naïve ✓"
    with RecordingServer() as server:
        server.enqueue(
            body=text.encode("utf-8"), headers={"Content-Type": "text/plain; charset=utf-8"}
        )
        server.enqueue(
            body=text.encode("latin-1", "replace"),
            headers={"Content-Type": "text/plain; charset=latin-1"},
        )
        result = pkg.run(
            server,
            "return [client.health.health(), asyncio.run(aclient.health.health())]",
        )
        sent = server.requests
    assert result == [text, text.encode("latin-1", "replace").decode("latin-1")]
    assert sent[0].headers["accept"] == "text/plain"


def test_a_binary_download_streams_to_a_file_without_loading_the_body(
    pkg: CasePackage, tmp_path: Path
) -> None:
    payload = os.urandom(1024) * (24 * 1024)  # 24 MiB
    target = tmp_path / "download.bin"
    with RecordingServer() as server:
        server.enqueue(body=payload, headers={"Content-Type": "application/octet-stream"})
        result = pkg.run(
            server,
            """
import tracemalloc
tracemalloc.start()
download = client.files.download_file(file_id="f 1")
received = tracemalloc.get_traced_memory()[1]
with download:
    written = download.write_to_file(ARGS["target"])
peak = tracemalloc.get_traced_memory()[1]
return [type(download).__name__, download.content_type, written, received, peak, download.is_closed]
""",
            target=str(target),
        )
        (sent,) = server.requests
    name, content_type, written, received, peak, closed = result
    assert (name, content_type, written, closed) == (
        "BinaryResponse", "application/octet-stream", len(payload), True,
    )  # fmt: skip
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(payload).digest()
    assert sent.decoded_path == "/files/f 1/content"
    assert sent.headers["accept"] == "application/octet-stream"
    # Generous bounds: a body read whole would be 24 MiB at least.
    assert received < 4 * 1024 * 1024
    assert peak < 8 * 1024 * 1024


def test_binary_responses_read_iterate_and_close_sync_and_async(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        server.enqueue(body=b"\x89PNG-data", headers={"Content-Type": "image/png"})
        server.enqueue(body=b"anything at all", headers={"Content-Type": "application/x-thing"})
        server.enqueue(body=b"0123456789", headers={"Content-Type": "image/png"})
        server.enqueue(body=b"async bytes", headers={"Content-Type": "application/x-thing"})
        result = pkg.run(
            server,
            """
avatar = client.files.get_avatar().read()
with client.files.get_anything() as anything:
    chunks = list(anything.iter_bytes(chunk_size=4))
async def run():
    first = await aclient.files.get_avatar()
    async with first:
        data = await first.read()
    second = await aclient.files.get_anything()
    parts = [c async for c in second.iter_bytes()]
    return [type(first).__name__, data.decode(), b"".join(parts).decode(), first.is_closed]
return [avatar.decode("latin-1"), [c.decode() for c in chunks], asyncio.run(run())]
""",
        )
        accepts = [r.headers["accept"] for r in server.requests]
    assert result == [
        "\x89PNG-data",
        ["anyt", "hing", " at ", "all"],
        ["AsyncBinaryResponse", "0123456789", "async bytes", True],
    ]
    assert accepts == ["image/png", "*/*", "image/png", "*/*"]


def test_an_error_on_a_binary_endpoint_raises_with_its_body_read(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        server.enqueue(status=404, json={"title": "no such file"})
        result = pkg.run(
            server,
            """
try:
    client.files.download_file(file_id="missing")
except sdk.NotFoundError as exc:
    return [exc.status_code, exc.body]
""",
        )
    assert result == [404, {"title": "no such file"}]


def test_vendor_json_and_problem_json_are_json(pkg: CasePackage) -> None:
    files = [{"id": "a", "size": 1}, {"id": "b"}]
    with RecordingServer() as server:
        server.enqueue(
            body=json.dumps(files), headers={"Content-Type": "application/vnd.files+json"}
        )
        server.enqueue(
            status=400,
            body=json.dumps({"title": "bad filter"}),
            headers={"Content-Type": "application/problem+json"},
        )
        result = pkg.run(
            server,
            """
listed = client.files.list_files()
try:
    client.files.list_files()
except sdk.BadRequestError as exc:
    error = exc.body
return [[type(f).__name__ for f in listed], [f.id for f in listed], error]
""",
        )
    assert result == [["File", "File"], ["a", "b"], {"title": "bad filter"}]


def test_with_streaming_response_gives_the_unread_response_in_a_context(
    pkg: CasePackage,
) -> None:
    files = [{"id": "a"}, {"id": "b"}]
    with RecordingServer() as server:
        server.enqueue(
            body=json.dumps(files), headers={"Content-Type": "application/vnd.files+json"}
        )
        server.enqueue(body="line one\nline two\n", headers={"Content-Type": "text/plain"})
        server.enqueue(
            body=json.dumps(files), headers={"Content-Type": "application/vnd.files+json"}
        )
        result = pkg.run(
            server,
            """
with client.files.with_streaming_response.list_files() as response:
    status = response.status_code
    parsed = [f.id for f in response.parse()]
with client.health.with_streaming_response.health() as response:
    lines = list(response.iter_lines())
closed = response.is_closed
async def run():
    async with aclient.files.with_streaming_response.list_files() as response:
        body = await response.read()
        ids = [f.id for f in await response.parse()]
    return [json.loads(body), ids, response.is_closed]
return [status, parsed, lines, closed, asyncio.run(run())]
""",
        )
    assert result == [200, ["a", "b"], ["line one", "line two"], True, [files, ["a", "b"], True]]
