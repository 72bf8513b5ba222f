"""The ``encoding`` of multipart and form bodies is honoured, not dropped.

The spec is ``cases/kinds/encodings/spec.yaml``: a multipart upload whose
parts have a ``contentType`` (a file limited to PNG or JPEG, a JSON part, a
text part with a charset) and a form body with ``deepObject`` fields (Stripe's
style) and a JSON field. What the local server received is read by
independent means: the multipart body by ``email`` (RFC 7578 is MIME), the
form body by ``urllib.parse.parse_qsl``.
"""

from __future__ import annotations

import json
import urllib.parse

import pytest

from tests.generator.kinds.support import CasePackage, case_package, parts, summary
from tests.support.server import RecordingServer


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> CasePackage:
    return case_package(tmp_path_factory, "encodings")


def test_multipart_parts_carry_the_content_type_their_encoding_names(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        for _ in range(3):
            server.enqueue(status=204)
        pkg.run(
            server,
            """
client.avatars.upload_avatar(avatarfile=("me.jpg", b"JPEG"), meta={"crop": 3}, label="hé")
client.avatars.upload_avatar(avatarfile=("me.bin", b"RAW"))
client.avatars.upload_avatar(avatarfile=("me.gif", b"GIF", "image/gif"))
""",
        )
        sent = server.requests
    first = {summary(p)[0]: p for p in parts(sent[0])}
    assert summary(first["avatarfile"]) == ("avatarfile", "me.jpg", "image/jpeg", b"JPEG")
    assert first["meta"].get_content_type() == "application/json"
    assert json.loads(summary(first["meta"])[3]) == {"crop": 3}
    assert first["label"].get_content_type() == "text/plain"
    assert first["label"].get_param("charset") == "utf-8"
    assert summary(first["label"])[3].decode("utf-8") == "hé"
    # a guessed type the encoding does not allow: its first type; the caller's own type wins
    assert summary(parts(sent[1])[0])[2] == "image/png"
    assert summary(parts(sent[2])[0])[2] == "image/gif"


def test_form_fields_follow_their_encoding_style_and_content_type(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        server.enqueue(status=204)
        pkg.run(
            server,
            """
client.charges.create_charge(
    amount=5,
    metadata={"order": "A&1", "b c": "2"},
    card={"number": "42", "address": {"city": "Oslo"}},
    expand=["customer", "invoice"],
    options={"fast": True},
)
""",
        )
        (sent,) = server.requests
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    pairs = urllib.parse.parse_qsl(sent.body.decode("ascii"), keep_blank_values=True)
    options = [json.loads(v) for k, v in pairs if k == "options"]
    assert options == [{"fast": True}]
    assert sorted((k, v) for k, v in pairs if k != "options") == sorted(
        [
            ("amount", "5"),
            ("metadata[order]", "A&1"),
            ("metadata[b c]", "2"),
            ("card[number]", "42"),
            ("card[address][city]", "Oslo"),
            # an array as a deepObject (undefined in OpenAPI): indexed brackets, as Stripe's
            # own libraries send it
            ("expand[0]", "customer"),
            ("expand[1]", "invoice"),
        ]
    )
