"""An XML body or response whose schema is a string is the document's text: the
body a ``str`` sent as given with its XML ``Content-Type`` (Pandorabots' file
uploads), the response returned as ``str``. XML with a structured schema stays
refused with one line naming the media type (``cases/bad/xml_body``).

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
