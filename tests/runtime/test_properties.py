"""Property tests: the schema checker agrees with the ``jsonschema`` library, query encoding
round-trips, backoff stays in bounds and lenient parsing never raises."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import parse_qsl, unquote

import jsonschema
from hypothesis import assume, given
from hypothesis import strategies as st

from generator.runtime._lenient import parse_response
from generator.runtime._params import encode_query, query_string
from generator.runtime._retry import MAX_RETRY_DELAY, backoff
from generator.runtime._schema import check
from tests.runtime.api import Model, ModelList

SCHEMAS: list[dict[str, Any]] = [
    {"type": "integer", "minimum": -3, "maximum": 40},
    {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 2.5},
    {"type": ["string", "null"], "minLength": 2, "maxLength": 5},
    {"type": "string", "pattern": "^[a-c]+$"},
    {"enum": ["a", 1, None, True]},
    {"const": 3},
    {"type": "boolean"},
    {"type": "integer", "multipleOf": 3},
    {"type": "array", "items": {"type": "integer", "maximum": 5}, "maxItems": 3},
    {"type": "array", "minItems": 1, "uniqueItems": True},
    {"anyOf": [{"type": "integer", "maximum": 10}, {"type": "string"}]},
    {"oneOf": [{"type": "integer"}, {"type": "number", "minimum": 5}]},
    {"allOf": [{"type": "number"}, {"maximum": 7}]},
]

# JSON Schema counts 1.0 as an integer; parameters never do, so floats stay fractional.
fractional = st.floats(allow_nan=False, allow_infinity=False, min_value=-50, max_value=50).filter(
    lambda f: not f.is_integer()
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-50, max_value=50),
    fractional,
    st.text(alphabet="abcdAB1", max_size=7),
)
values = st.one_of(scalars, st.lists(scalars, max_size=4))


@given(st.sampled_from(SCHEMAS), values)
def test_check_agrees_with_jsonschema(schema: dict[str, Any], value: object) -> None:
    expected = jsonschema.Draft202012Validator(schema).is_valid(value)
    found = check(value, schema)
    assert (found is None) == expected, found


item_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)


@given(st.lists(item_text, max_size=5))
def test_form_explode_round_trips(items: list[str]) -> None:
    query = query_string(encode_query("k", items))
    assert parse_qsl(query, keep_blank_values=True) == [("k", item) for item in items]


@given(st.lists(item_text, min_size=1, max_size=5), st.sampled_from([",", "|", "%20"]))
def test_delimited_styles_round_trip(items: list[str], delimiter: str) -> None:
    style = {",": "form", "|": "pipeDelimited", "%20": "spaceDelimited"}[delimiter]
    # a space inside an item is ambiguous in spaceDelimited style by definition
    assume(delimiter != "%20" or not any(" " in item for item in items))
    [(key, raw)] = encode_query("k", items, style, explode=False)
    assert key == "k"
    assert [unquote(part) for part in raw.split(delimiter)] == items


@given(
    st.integers(min_value=0, max_value=10_000),
    st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_backoff_bounds(retries_done: int, draw: float) -> None:
    delay = backoff(retries_done, lambda: draw)
    nominal = min(0.5 * 2.0 ** min(retries_done, 64), MAX_RETRY_DELAY)
    assert 0.75 * nominal <= delay <= nominal
    assert delay <= MAX_RETRY_DELAY
    assert math.isfinite(delay)
    assert backoff(retries_done + 1, lambda: draw) >= delay


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["modelId", "status", "models", "tags", "name", "x"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@given(json_values)
def test_lenient_parsing_never_raises(data: object) -> None:
    parse_response(Model, data, strict=False)
    parse_response(ModelList, {"models": data, "nextPaginationToken": data}, strict=False)
    parse_response(list[Model], data, strict=False)
