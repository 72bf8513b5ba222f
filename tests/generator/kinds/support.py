"""Shared by the kind tests: a case spec generated once per module, and a script runner.

Each case folder under ``cases/kinds/`` holds a spec exercising one kind of
request body or response. The generated client runs in a fresh interpreter
against :class:`~tests.support.server.RecordingServer` on 127.0.0.1; tests
assert what the server received (parsed by independent means) and what the
client returned.
"""

from __future__ import annotations

import email.parser
import email.policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from tests.generator.helpers import CASES, generate, run_python
from tests.support.server import RecordedRequest, RecordingServer

KIND_CASES = CASES / "kinds"


class CasePackage:
    """A generated case package and the way to run code against it."""

    def __init__(self, out: Path, package: str) -> None:
        self.out = out
        self.package = package

    def run(self, server: RecordingServer, body: str, **args: Any) -> Any:
        """Run ``body`` with ``client`` (sync) and ``aclient`` (async) pointed at ``server``.

        ``body`` is the inside of ``def main(client, aclient)`` (returns a JSON-able value).
        """
        script = (
            f"import asyncio, pathlib\nimport {self.package} as sdk\n"
            "def main(client, aclient):\n"
            + "".join(f"    {line}\n" for line in body.strip("\n").splitlines())
            + "names = sorted(sdk._client.__all__)\n"  # ["AsyncX", "X"]
            "settings = dict(base_url=ARGS['url'], api_key='k', api_secret='s')\n"
            "client = getattr(sdk, names[1])(**settings, max_retries=ARGS.get('retries', 0))\n"
            "aclient = getattr(sdk, names[0])(**settings, max_retries=ARGS.get('retries', 0))\n"
            "print(json.dumps(main(client, aclient)))\n"
        )
        return run_python(script, cwd=self.out, path=[self.out], args={"url": server.url, **args})


def case_package(tmp: pytest.TempPathFactory, case: str) -> CasePackage:
    """``cases/kinds/<case>/spec.yaml`` generated into a fresh folder."""
    out = tmp.mktemp(f"kind-{case}")
    package = f"{case}_sdk"
    generate(out, package, KIND_CASES / case / "spec.yaml")
    return CasePackage(out, package)


def parts(request: RecordedRequest) -> list[EmailMessage]:
    """The parts of a recorded multipart body, read by ``email`` (RFC 7578 is MIME)."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.body)
    assert message.is_multipart()
    return [p for p in message.iter_parts() if isinstance(p, EmailMessage)]


def summary(part: EmailMessage) -> tuple[str | None, str | None, str, bytes]:
    """(field name, filename, content type, content) of one part."""
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return (
        part.get_param("name", header="content-disposition"),
        part.get_filename(),
        part.get_content_type(),
        payload,
    )
