"""An XML body or response whose schema is a string is the document's text: the
body a ``str`` sent as given with its XML ``Content-Type`` (Pandorabots' file
uploads), the response returned as ``str``. An XML body with a structured
schema is the document too (``str`` or ``bytes``, sent as given, as Stainless
SDKs send non-JSON bodies), and the method's docstring says that the schema
describes it and is not applied. An XML response with a structured schema is
the document's text as well, decoded by its charset, else by the encoding the
document itself declares (RFC 7303), else as UTF-8.

The spec is ``cases/kinds/xml_text/spec.yaml``.
"""

from __future__ import annotations

import pytest

from tests.generator.kinds.support import CasePackage, case_package
from tests.support.server import RecordingServer

DOCUMENT = '<?xml version="1.0"?><aiml><category pattern="HI">Hello é</category></aiml>'


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> CasePackage:
    return case_package(tmp_path_factory, "xml_text")


def test_an_xml_string_body_is_sent_as_text_and_the_xml_response_read_as_str(
    pkg: CasePackage,
) -> None:
    with RecordingServer() as server:
        server.enqueue(status=200, body="<ok/>", headers={"Content-Type": "application/xml"})
        result = pkg.run(
            server,
            "return client.bots.upload_file('bot1', body=ARGS['document'])",
            document=DOCUMENT,
        )
        (sent,) = server.requests
    assert sent.path == "/bots/bot1/files"
    assert sent.method == "PUT"
    assert sent.headers["content-type"].split(";")[0] == "application/xml"
    assert sent.body.decode("utf-8") == DOCUMENT
    assert result == "<ok/>"


ORDER = '<?xml version="1.0" encoding="ISO-8859-1"?><Order><id>\xe9</id></Order>'


def test_an_xml_body_with_a_structured_schema_is_sent_as_the_str_or_bytes_given(
    pkg: CasePackage,
) -> None:
    latin = ORDER.encode("latin-1")
    with RecordingServer() as server:
        for _ in range(4):
            server.enqueue(status=204)
        result = pkg.run(
            server,
            """
client.orders.create_order(body=ARGS["text"])
client.orders.create_order(body=ARGS["latin"].encode("latin-1"))
asyncio.run(aclient.orders.create_order(body=ARGS["text"]))
client.orders.replace_order(body=b"<Order/>")
try:
    client.orders.create_order(body={"id": "1"})
except sdk.ParameterValidationError as exc:
    refused = exc.parameter
return [refused, client.orders.create_order.__doc__, client.orders.replace_order.__doc__]
""",
            text=DOCUMENT,
            latin=ORDER,
        )
        sent = server.requests
    refused, create_doc, replace_doc = result
    assert [(r.method, r.path) for r in sent] == [("POST", "/orders")] * 3 + [("PUT", "/orders")]
    assert [r.body for r in sent] == [DOCUMENT.encode(), latin, DOCUMENT.encode(), b"<Order/>"]
    assert [r.headers["content-type"] for r in sent] == [
        "application/xml; charset=utf-8",
        "application/xml",  # bytes: the document names its own encoding
        "application/xml; charset=utf-8",
        "text/xml",
    ]
    assert refused == "body"  # nothing else is an XML document; and nothing was sent for it
    assert "The application/xml document (str or bytes), sent as given." in create_doc
    assert "the spec's schema 'Order' describes its structure" in create_doc
    assert "the spec's schema describes its structure" in replace_doc


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (ORDER.encode("latin-1"), "application/xml", ORDER),  # its declaration names Latin-1
        (ORDER.encode("latin-1"), "application/xml; charset=iso-8859-1", ORDER),
        (b"\xef\xbb\xbf<Order><id>\xc3\xa9</id></Order>", "text/xml", "<Order><id>\xe9</id></Order>"),
        ("<Order/>".encode("utf-16"), "application/vnd.x+xml", "<Order/>"),  # BOM
        (b'<?xml version="1.0" encoding="no-such"?><a>\xc3\xa9</a>', "application/xml",
         '<?xml version="1.0" encoding="no-such"?><a>\xe9</a>'),  # unknown: UTF-8
        # a charset the server names wins over the declaration
        ('<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>'.encode(),
         "application/xml; charset=utf-8", '<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>'),
    ],
)  # fmt: skip
def test_an_xml_response_with_a_structured_schema_is_the_document_as_text(
    pkg: CasePackage, body: bytes, content_type: str, expected: str
) -> None:
    with RecordingServer() as server:
        server.enqueue(status=200, body=body, headers={"Content-Type": content_type})
        server.enqueue(status=200, body=body, headers={"Content-Type": content_type})
        result = pkg.run(
            server,
            """
got = client.orders.get_order("o1")
got_async = asyncio.run(aclient.orders.get_order("o1"))
return [got, got_async, client.orders.get_order.__doc__]
""",
        )
        sent = server.requests
    got, got_async, doc = result
    assert [(r.method, r.path, r.headers["accept"]) for r in sent] == [
        ("GET", "/orders/o1", "application/xml")
    ] * 2
    assert got == got_async == expected
    assert "Returns the XML document as text: the spec's schema 'Order' describes its" in doc
