"""runtime._files, _multipart, _form and _raw_body on their own (no HTTP).

Multipart output is read back with the standard library's ``email`` parser;
form output with ``urllib.parse.parse_qsl``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
import pytest

from generator.runtime._exceptions import ParameterValidationError
from generator.runtime._files import BodyNotReplayableError, is_file, to_file_part
from generator.runtime._form import encode_form
from generator.runtime._multipart import encode_multipart
from generator.runtime._operation import OperationSpec
from generator.runtime._raw_body import SyncRawContent, binary_content, text_content
from generator.runtime._types import NOT_GIVEN
from tests.generator.kinds.support import parts, summary
from tests.support.server import RecordedRequest


def _op(kind: str, **more: object) -> OperationSpec:
    return OperationSpec("op", "POST", "/x", body_kind=kind, **more)  # type: ignore[arg-type]


def _recorded(content_type: str, body: bytes) -> RecordedRequest:
    return RecordedRequest(
        "POST", "/x", "", [], httpx.Headers({"content-type": content_type}), body, None
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(b"x", True), (io.BytesIO(b"x"), True), (Path("a"), True), (("a.txt", b"x"), True),
     (("a.txt", b"x", "text/plain"), True), ("text", False), (io.StringIO("x"), False), (3, False)],
)  # fmt: skip
def test_what_counts_as_a_file(value: object, expected: bool) -> None:
    assert is_file(value) is expected


def test_a_path_is_reopened_and_a_seekable_file_rewound_for_each_send(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(b"{}" * 50_000)
    part = to_file_part("f", path)
    assert (part.filename, part.media_type, part.size) == ("f.json", "application/json", 100_000)
    assert b"".join(part.chunks()) == b"".join(part.chunks()) == path.read_bytes()
    stream = io.BytesIO(b"0123456789")
    stream.seek(4)
    part = to_file_part("g", ("g.bin", stream, "application/x-g"))
    assert (part.size, part.media_type) == (6, "application/x-g")
    assert b"".join(part.chunks()) == b"".join(part.chunks()) == b"456789"


def test_a_stream_that_cannot_seek_is_read_once() -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, b"once")
    os.close(write_end)
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        part = to_file_part("p", pipe)
        assert part.size is None
        assert b"".join(part.chunks()) == b"once"
        with pytest.raises(BodyNotReplayableError, match="'p' is a file object that cannot seek"):
            b"".join(part.chunks())


def test_multipart_parts_and_length_read_back_by_the_email_parser() -> None:
    op = _op("multipart", body_fields={"n": "n"})
    body = encode_multipart(
        op,
        {"n": 3, "flag": False, "skip": NOT_GIVEN, "obj": {"a": [1]}, "f": ('x"y.txt', b"hi")},
        None,
    )
    data = b"".join(body)
    assert body.content_length == len(data)
    found = [summary(p) for p in parts(_recorded(body.content_type, data))]
    assert found == [
        ("n", None, "text/plain", b"3"),
        ("flag", None, "text/plain", b"false"),
        ("obj", None, "application/json", b'{"a": [1]}'),  # OpenAPI: objects are JSON
        ("f", "x%22y.txt", "text/plain", b"hi"),
    ]


def test_form_fields_follow_form_explode_and_are_checked() -> None:
    op = _op(
        "form",
        body_fields={"n": "count"},
        body_schema={"properties": {"n": {"type": "integer", "minimum": 1}}},
    )
    encoded = encode_form(op, {"n": 2, "list": ["a", "b c"], "obj": {"k": True}}, {"extra": "e"})
    assert parse_qsl(encoded.decode()) == [
        ("n", "2"), ("list", "a"), ("list", "b c"), ("k", "true"), ("extra", "e"),
    ]  # fmt: skip
    with pytest.raises(ParameterValidationError) as caught:
        encode_form(op, {"n": 0}, None)
    assert (caught.value.parameter, caught.value.rule) == ("count", "minimum 1")


def test_binary_and_text_content() -> None:
    assert binary_content(b"abc", is_async=False) == b"abc"
    chunks = binary_content(iter([b"a", b"b"]), is_async=False)
    assert isinstance(chunks, SyncRawContent)
    assert b"".join(chunks) == b"ab"
    with pytest.raises(BodyNotReplayableError):
        chunks.check_replayable()
    assert text_content("é", "text/plain") == ("é".encode(), "text/plain; charset=utf-8")
    assert text_content("é", "text/csv; charset=latin-1") == (b"\xe9", "text/csv; charset=latin-1")
