"""multipart/form-data uploads: files of every accepted kind and fields, streamed,
re-sent from the start on a retry (or refused when they cannot be).

The spec is ``cases/kinds/multipart/spec.yaml``. What the server received is
parsed with the standard library's ``email`` parser, not the client's encoder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.generator.kinds.support import CasePackage, case_package, parts, summary
from tests.support.server import RecordingServer


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> CasePackage:
    return case_package(tmp_path_factory, "multipart")


def test_files_of_every_kind_and_fields_are_sent_as_parts(pkg: CasePackage, tmp_path: Path) -> None:
    report = tmp_path / "report.csv"
    report.write_bytes(b"a,b\r\n1,2\r\n")
    with RecordingServer() as server:
        server.enqueue(status=201, json={"id": "u1"})
        result = pkg.run(
            server,
            """
import io
upload = client.files.upload_file(
    file=pathlib.Path(ARGS["report"]),
    purpose="training",
    tags=["x", "y"],
    private=True,
    attachments=[b"raw bytes", io.BytesIO(b"from memory"), ("notes.txt", b"hello", "text/plain")],
    meta={"source": "cli"},
)
return upload.id
""",
            report=str(report),
        )
        (sent,) = server.requests
    assert result == "u1"
    assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert int(sent.headers["content-length"]) == len(sent.body)  # sizes known: not chunked
    assert [summary(p) for p in parts(sent)] == [
        ("file", "report.csv", "text/csv", b"a,b\r\n1,2\r\n"),
        ("purpose", None, "text/plain", b"training"),
        ("tags", None, "text/plain", b"x"),
        ("tags", None, "text/plain", b"y"),
        ("private", None, "text/plain", b"true"),
        ("attachments", "attachments", "application/octet-stream", b"raw bytes"),
        ("attachments", "attachments", "application/octet-stream", b"from memory"),
        ("attachments", "notes.txt", "text/plain", b"hello"),
        ("meta", None, "application/json", json.dumps({"source": "cli"}).encode()),
    ]


def test_a_bad_field_is_refused_before_sending(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        result = pkg.run(
            server,
            """
try:
    client.files.upload_file(file=b"x", purpose="other")
except sdk.ParameterValidationError as exc:
    return [exc.parameter, exc.rule]
""",
        )
        assert server.requests == []
    assert result == ["purpose", "one of ['training', 'assets']"]


def test_a_retry_resends_paths_and_seekable_files_from_their_start(
    pkg: CasePackage, tmp_path: Path
) -> None:
    data = tmp_path / "data.bin"
    data.write_bytes(b"0123456789" * 1000)
    with RecordingServer() as server:
        for _ in range(2):
            server.enqueue(status=429, headers={"Retry-After": "0"})  # a POST is retried on 429
            server.enqueue(status=201, json={"id": "u"})
        pkg.run(
            server,
            """
client.files.upload_file(file=pathlib.Path(ARGS["data"]), purpose="assets")
with open(ARGS["data"], "rb") as stream:
    stream.seek(5)  # sent from where the caller left it, each time
    client.files.upload_file(file=("part.bin", stream), purpose="assets")
""",
            data=str(data),
            retries=1,
        )
        sent = server.requests
    contents = [summary(parts(r)[0])[3] for r in sent]
    assert contents == [data.read_bytes()] * 2 + [data.read_bytes()[5:]] * 2


def test_a_stream_that_cannot_seek_is_sent_chunked_and_not_resent(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        server.enqueue(status=429, headers={"Retry-After": "0"})  # a POST is retried on 429
        result = pkg.run(
            server,
            """
import os
read_end, write_end = os.pipe()
os.write(write_end, b"piped data")
os.close(write_end)
with open(read_end, "rb", buffering=0) as pipe:
    try:
        client.files.upload_file(file=("pipe.bin", pipe), purpose="assets")
    except sdk.BodyNotReplayableError as exc:
        return str(exc)
""",
            retries=1,
        )
        (sent,) = server.requests
    assert "'file' is a file object that cannot seek" in result
    assert "max_retries=0" in result
    assert sent.headers["transfer-encoding"] == "chunked"
    assert summary(parts(sent)[0]) == (
        "file",
        "pipe.bin",
        "application/octet-stream",
        b"piped data",
    )


def test_a_large_upload_is_streamed_not_read_whole_sync_and_async(
    pkg: CasePackage, tmp_path: Path
) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(1024 * 1024) * 24)  # 24 MiB
    with RecordingServer() as server:
        server.enqueue(status=201, json={"id": "big"})
        server.enqueue(status=201, json={"id": "big-async"})
        result = pkg.run(
            server,
            """
import tracemalloc
tracemalloc.start()
first = client.files.upload_file(file=pathlib.Path(ARGS["big"]), purpose="assets")
sync_peak = tracemalloc.get_traced_memory()[1]
tracemalloc.reset_peak()
second = asyncio.run(aclient.files.upload_file(file=pathlib.Path(ARGS["big"]), purpose="assets"))
async_peak = tracemalloc.get_traced_memory()[1]
return [first.id, second.id, sync_peak, async_peak]
""",
            big=str(big),
        )
        sent = server.requests
    first, second, sync_peak, async_peak = result
    assert (first, second) == ("big", "big-async")
    for request in sent:
        assert summary(parts(request)[0])[3] == big.read_bytes()
    # Generous bounds: a body read whole would be 24 MiB at least.
    assert sync_peak < 8 * 1024 * 1024
    assert async_peak < 8 * 1024 * 1024


def test_an_array_of_objects_is_one_json_part_per_item_and_an_empty_array_no_part(
    pkg: CasePackage,
) -> None:
    # OpenAPI (Encoding Object, contentType): an object property defaults to
    # application/json, an array to its items' type, one part per item; openapi-core
    # reads it so (Zoom's panelists: one JSON part holding the list was refused)
    labels = [{"name": "a", "weight": 1}, {"name": "é"}]
    with RecordingServer() as server:
        server.enqueue(status=201, json={"id": "u1"})
        server.enqueue(status=201, json={"id": "u2"})
        pkg.run(
            server,
            """
client.files.upload_file(file=b"x", purpose="assets", labels=ARGS["labels"], tags=["t"])
client.files.upload_file(file=b"x", purpose="assets", labels=[], tags=[])
return None
""",
            labels=labels,
        )
        first, second = server.requests
    found = [summary(p) for p in parts(first)]
    assert [p for p in found if p[0] == "labels"] == [
        ("labels", None, "application/json", json.dumps(label, ensure_ascii=False).encode())
        for label in labels
    ]
    assert [p for p in found if p[0] == "tags"] == [("tags", None, "text/plain", b"t")]
    assert [summary(p)[0] for p in parts(second)] == ["file", "purpose"]
