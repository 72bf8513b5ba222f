"""Binary bodies (bytes, a file, a path, an iterator of bytes), text/plain bodies and
application/x-www-form-urlencoded bodies.

The spec is ``cases/kinds/raw_bodies/spec.yaml``. Form bodies are read back with
``urllib.parse.parse_qsl``; binary ones are compared with the bytes the test wrote.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from tests.generator.kinds.support import CasePackage, case_package, parts, summary
from tests.support.server import RecordingServer


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> CasePackage:
    return case_package(tmp_path_factory, "raw_bodies")


def test_binary_bodies_of_every_kind_are_sent_as_given(pkg: CasePackage, tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(os.urandom(200_000))
    with RecordingServer() as server:
        for _ in range(5):
            server.enqueue(status=204)
        pkg.run(
            server,
            """
client.blobs.put_blob(name="a", body=b"raw")
client.blobs.put_blob(name="b", body=pathlib.Path(ARGS["blob"]))
with open(ARGS["blob"], "rb") as stream:
    client.blobs.put_blob(name="c", body=stream)
client.blobs.put_blob(name="d", body=(chunk for chunk in [b"one ", b"two"]))
asyncio.run(aclient.blobs.put_blob(name="e", body=iter([b"async ", b"chunks"])))
""",
            blob=str(blob),
        )
        sent = server.requests
    data = blob.read_bytes()
    assert [r.body for r in sent] == [b"raw", data, data, b"one two", b"async chunks"]
    assert {r.headers["content-type"] for r in sent} == {"application/octet-stream"}
    lengths = [r.headers.get("content-length") for r in sent[:3]]
    assert lengths == ["3", str(len(data)), str(len(data))]  # known sizes: not chunked
    assert [r.headers.get("transfer-encoding") for r in sent[3:]] == ["chunked", "chunked"]


def test_a_retried_binary_body_is_resent_or_refused(pkg: CasePackage, tmp_path: Path) -> None:
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"x" * 1000)
    with RecordingServer() as server:
        server.enqueue(status=503, headers={"Retry-After": "0"})
        server.enqueue(status=204)
        server.enqueue(status=503, headers={"Retry-After": "0"})
        result = pkg.run(
            server,
            """
client.blobs.put_blob(name="p", body=pathlib.Path(ARGS["blob"]))
try:
    client.blobs.put_blob(name="g", body=(c for c in [b"once"]))
except sdk.BodyNotReplayableError as exc:
    return str(exc)
""",
            blob=str(blob),
            retries=1,
        )
        sent = server.requests
    assert [r.body for r in sent] == [b"x" * 1000, b"x" * 1000, b"once"]
    assert "is an iterator: it was sent once" in result


def test_a_text_body_is_sent_as_utf8_and_a_text_response_read_back(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        server.enqueue(body="écho".encode(), headers={"Content-Type": "text/plain; charset=utf-8"})
        result = pkg.run(
            server,
            """
echoed = client.notes.post_note(body="ünïcode note")
try:
    client.notes.post_note(body=b"bytes")  # type: ignore[arg-type]
except sdk.ParameterValidationError as exc:
    return [echoed, exc.parameter, exc.rule]
""",
        )
        (sent,) = server.requests
    assert sent.body.decode("utf-8") == "ünïcode note"
    assert sent.headers["content-type"] == "text/plain; charset=utf-8"
    assert result == ["écho", "body", "type string"]


def test_a_form_body_is_urlencoded_with_form_explode_rules(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        server.enqueue(json={"access_token": "t"})
        result = pkg.run(
            server,
            """
token = client.auth.create_token(grant_type="client_credentials", scope=["read", "write x"], remember=False)
try:
    client.auth.create_token(grant_type="client_credentials", ttl=7200)
except sdk.ParameterValidationError as exc:
    return [token.access_token, exc.parameter, exc.rule]
""",
        )
        (sent,) = server.requests
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(sent.body.decode("ascii"), keep_blank_values=True) == [
        ("grant_type", "client_credentials"),
        ("scope", "read"),
        ("scope", "write x"),
        ("remember", "false"),
    ]
    assert result == ["t", "ttl", "maximum 3600"]


def test_content_type_picks_another_media_type_json_first(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        for _ in range(4):
            server.enqueue(status=204)
        result = pkg.run(
            server,
            """
client.documents.create_document(title="T", tags=["a", "b"])
client.documents.create_document(title="T", tags=["a"], content_type="application/x-www-form-urlencoded")
client.documents.create_document(title="T", content_type="multipart/form-data")
client.blobs.post_image(body=b"png", content_type="image/png")
errors = []
for call in (
    lambda: client.documents.create_document(title="T", content_type="application/xml"),  # type: ignore[arg-type]
    lambda: client.documents.create_document(title="x" * 21, content_type="multipart/form-data"),
    lambda: client.blobs.post_image(body=b"png", content_type="text/plain"),
):
    try:
        call()
    except sdk.ParameterValidationError as exc:
        errors.append(exc.parameter)
return errors
""",
        )
        sent = server.requests
    assert [r.headers["content-type"].split(";")[0] for r in sent] == [
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "image/png",
    ]
    assert sent[0].json == {"title": "T", "tags": ["a", "b"]}
    assert parse_qsl(sent[1].body.decode()) == [("title", "T"), ("tags", "a")]
    assert [summary(p) for p in parts(sent[2])] == [("title", None, "text/plain", b"T")]
    assert sent[3].body == b"png"
    assert result == ["content_type", "title", "content_type"]  # nothing sent for these
