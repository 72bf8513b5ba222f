"""The one URL redaction function every log line and error message uses."""

from __future__ import annotations

import httpx
import pytest

from generator.runtime._redact import add_sensitive_name, redact_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://h/p?page=2&q=cats", "http://h/p?page=2&q=cats"),
        ("http://h/p?api_key=K1&page=2", "http://h/p?api_key=****&page=2"),
        ("http://h/p?apiKey=K1&X-Amz-Signature=S1", "http://h/p?apiKey=****&X-Amz-Signature=****"),
        (
            "http://h/p?access_token=T&password=P&client_secret=C",
            "http://h/p?access_token=****&password=****&client_secret=****",
        ),
        ("http://u:PASS@h:8080/p", "http://****@h:8080/p"),
        ("https://h/p#frag-token", "https://h/p"),
        ("http://h/p?name=a%20b", "http://h/p?name=a%20b"),
    ],
)
def test_credentials_are_masked_and_the_rest_is_kept(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    assert redact_url(httpx.URL(url)) == shown


def test_long_urls_are_cut() -> None:
    shown = redact_url("http://h/p?q=" + "x" * 100_000)
    assert len(shown) == 303
    assert shown.endswith("...")


def test_a_registered_query_name_is_masked_whatever_it_looks_like() -> None:
    url = "http://h/p?appid=K1&page=2"
    assert redact_url(url) == url
    add_sensitive_name("AppID")
    assert redact_url(url) == "http://h/p?appid=****&page=2"
