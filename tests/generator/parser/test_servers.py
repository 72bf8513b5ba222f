"""parser.servers: the default base URL."""

from __future__ import annotations

from generator.parser.servers import default_base_url


def test_the_first_servers_url_with_variable_defaults_and_no_trailing_slash() -> None:
    data = {
        "servers": [
            {
                "url": "https://{region}.example.com:{port}/v1/",
                "variables": {"region": {"default": "eu"}, "port": {"default": "8443"}},
            },
            {"url": "https://other.example.com"},
        ]
    }
    assert default_base_url(data) == "https://eu.example.com:8443/v1"


def test_without_servers_the_client_defaults_to_localhost() -> None:
    assert default_base_url({}) == "http://localhost"
    assert default_base_url({"servers": [{}]}) == "http://localhost"
