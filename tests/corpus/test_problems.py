"""Reading our generator's problem lines."""

from __future__ import annotations

from benchmarks.corpus import problems


def test_first_error_code_of_our_output() -> None:
    output = "a.json:1 at #/x: warning [w1] meh\na.json:2 at #/y: error [unsupported] no\n"
    assert problems.first_error_code(output) == "unsupported"
    crash = "Traceback (most recent call last):\n  File \"x.py\", line 1\nAttributeError: 'bool' object has no attribute 'get'\n"
    assert problems.first_error_code(crash) == "traceback: AttributeError"
    assert problems.first_error_code("") == "no output"
    assert problems.first_error_code("something odd\n") == "no error code"


def test_error_kinds_are_distinct_and_in_order() -> None:
    output = (
        "a.json:1 at #/p: error [unsupported] media types ['text/plain'] are not supported\n"
        "a.json:2 at #/q: warning [lenient] default 3 does not match\n"
        "a.json:5 at #/r: error [unsupported] media types ['image/png', 'x/y'] are not supported\n"
        'a.json:7 at #/s: error [invalid] schema "Pet" has 2 problems\n'
    )
    assert problems.error_kinds(output) == [
        "media types [...] are not supported",
        "schema '...' has N problems",
    ]
