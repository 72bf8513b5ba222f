"""Random values of a self-contained JSON Schema, fast, from a seeded ``random.Random``.

hypothesis-jsonschema draws better values (it honours every keyword it knows)
but takes seconds to minutes on the large schemas of real specs (Stripe's
inlined responses run to hundreds of kilobytes). The check draws from
hypothesis-jsonschema below :data:`LARGE` characters of schema, and from here
above it. This walks the schema once: a branch of ``oneOf``/``anyOf`` at
random, ``allOf`` parts merged, every required property and each optional one
with even odds (fewer as it goes deeper), arrays of ``minItems`` to a few more
items, strings per ``format``/``pattern``/length, numbers within their bounds.
What it cannot honour (a ``pattern`` it cannot satisfy, ``not``) is caught by
the validators downstream and reported as a drawn value, never hidden.
"""

from __future__ import annotations

import math
import random
import re
import string
from collections.abc import Mapping
from typing import Any

try:  # Python's own regular-expression parser (re._parser since 3.11, sre_parse before)
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

LARGE = 1500
MAX_DEPTH = 12
FORMATS = {
    "date-time": lambda r: f"20{r.randrange(10, 30)}-0{r.randrange(1, 10)}-1{r.randrange(0, 9)}T0{r.randrange(0, 10)}:1{r.randrange(0, 10)}:00Z",
    "date": lambda r: f"20{r.randrange(10, 30)}-0{r.randrange(1, 10)}-1{r.randrange(0, 9)}",
    "time": lambda r: f"0{r.randrange(0, 10)}:1{r.randrange(0, 10)}:00Z",
    "email": lambda r: f"{_word(r, 1, 8)}@example.com",
    "uri": lambda r: f"https://example.com/{_word(r, 0, 8)}",
    "url": lambda r: f"https://example.com/{_word(r, 0, 8)}",
    "uri-reference": lambda r: f"/{_word(r, 0, 8)}",
    "hostname": lambda r: f"{_word(r, 1, 8)}.example.com",
    "uuid": lambda r: f"{r.getrandbits(32):08x}-{r.getrandbits(16):04x}-4{r.getrandbits(12):03x}-a{r.getrandbits(12):03x}-{r.getrandbits(48):012x}",
    "ipv4": lambda r: ".".join(str(r.randrange(256)) for _ in range(4)),
    "ipv6": lambda r: "::" + format(r.getrandbits(16), "x"),
    "byte": lambda r: "aGVsbG8=",
    "decimal": lambda r: f"{r.randrange(-1000, 1000)}.{r.randrange(100):02d}",
    "int32": lambda r: str(r.randrange(-1000, 1000)),
    "int64": lambda r: str(r.randrange(-1000, 1000)),
}  # fmt: skip


def _word(rng: random.Random, low: int, high: int) -> str:
    return "".join(
        rng.choice(string.ascii_lowercase + string.digits) for _ in range(rng.randint(low, high))
    )


def instance(schema: Any, rng: random.Random, depth: int = 0) -> Any:
    """One random value of ``schema`` (refs already inlined)."""
    if schema is True or not isinstance(schema, Mapping) or not schema:
        return _any(rng, depth)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return rng.choice(list(schema["enum"]))
    for key in ("oneOf", "anyOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            rest = {k: v for k, v in schema.items() if k != key}
            chosen = rng.choice(options)
            return instance(_merge(rest, chosen) if rest else chosen, rng, depth)
    if isinstance(schema.get("allOf"), list):
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            merged = _merge(merged, part)
        return instance(merged, rng, depth)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = rng.choice(kind) if kind else None
    if kind is None:
        kind = _implied_type(schema)
    if kind == "object":
        return _object(schema, rng, depth)
    if kind == "array":
        return _array(schema, rng, depth)
    if kind == "string":
        return _string(schema, rng)
    if kind in {"integer", "number"}:
        return _number(schema, rng, kind == "integer")
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    return _any(rng, depth)


def _implied_type(schema: Mapping[str, Any]) -> str | None:
    """The type a schema without ``type`` implies by its keywords (None: any value)."""
    if "properties" in schema:
        return "object"
    if "items" in schema:
        return None  # any value validates; the generated type may say otherwise (a finding)
    if "pattern" in schema or "format" in schema:
        return "string"
    return None


def _merge(left: Mapping[str, Any], right: Any) -> dict[str, Any]:
    """Two schemas as one (properties and required united; the right one wins elsewhere)."""
    if not isinstance(right, Mapping):
        return dict(left)
    if any(k in right for k in ("oneOf", "anyOf", "allOf")):
        right = {**right}
        for key in ("oneOf", "anyOf"):
            if right.get(key):
                chosen = right.pop(key)[0]
                right = _merge(right, chosen)
        for part in right.pop("allOf", []) or []:
            right = _merge(right, part)
    merged = {**left, **right}
    merged["properties"] = {**(left.get("properties") or {}), **(right.get("properties") or {})}
    merged["required"] = list(
        dict.fromkeys([*(left.get("required") or []), *(right.get("required") or [])])
    )
    if not merged["properties"]:
        merged.pop("properties")
    if not merged["required"]:
        merged.pop("required")
    return merged


def _any(rng: random.Random, depth: int) -> Any:
    choices = [
        lambda: _word(rng, 0, 6),
        lambda: rng.randrange(-100, 100),
        lambda: rng.random() < 0.5,
        lambda: None,
    ]
    return rng.choice(choices)()


def _object(schema: Mapping[str, Any], rng: random.Random, depth: int) -> dict[str, Any]:
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or [])
    odds = 0.5 if depth < 3 else 0.2 if depth < MAX_DEPTH else 0.0
    value: dict[str, Any] = {}
    for name, sub in properties.items():
        if name in required or rng.random() < odds:
            value[name] = instance(sub, rng, depth + 1)
    for name in required - set(properties):
        value[name] = _any(rng, depth + 1)
    extra = schema.get("additionalProperties")
    if isinstance(extra, Mapping) and extra and depth < 3 and rng.random() < 0.3:
        value[_word(rng, 1, 6) + "_x"] = instance(extra, rng, depth + 1)
    return value


def _array(schema: Mapping[str, Any], rng: random.Random, depth: int) -> list[Any]:
    low = int(schema.get("minItems") or 0)
    high = int(schema.get("maxItems", low + (3 if depth < 3 else 1)))
    count = rng.randint(low, max(low, min(high, low + 3)))
    items = schema.get("items", {})
    found = [instance(items, rng, depth + 1) for _ in range(count)]
    if schema.get("uniqueItems"):
        unique: list[Any] = []
        for item in found:
            if item not in unique:
                unique.append(item)
        found = unique
    return found


def _string(schema: Mapping[str, Any], rng: random.Random) -> str:
    low = int(schema.get("minLength") or 0)
    high = int(schema.get("maxLength", low + 12))
    if isinstance(schema.get("pattern"), str):
        tries = [_from_pattern(schema["pattern"], rng) for _ in range(PATTERN_TRIES)]
        tries += [_from_parsed(schema["pattern"], rng) for _ in range(PATTERN_TRIES)]
        found = [t for t in tries if t is not None and low <= len(t) <= max(low, high)]
        if found:  # one within the length bounds, else any match (a finding, if it is not)
            return found[0]
        if any(t is not None for t in tries):
            return next(t for t in tries if t is not None)
    maker = FORMATS.get(str(schema.get("format")))
    if maker is not None:
        return str(maker(rng))
    alphabet = string.ascii_letters + string.digits + " -_é€"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, max(low, high))))


def _from_pattern(pattern: str, rng: random.Random) -> str | None:
    """A string matching a simple pattern (literal, classes, quantifiers), or None."""
    try:
        compiled = re.compile(pattern)
    except re.error:
        return None
    # Sample a few candidates of an alphabet guess; fine for the common ^[A-Z]{2}[0-9a-f]{32}$ kinds.
    body = pattern.removeprefix("^").removesuffix("$")
    out = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "[":
            end = body.find("]", index)
            if end < 0:
                return None
            choices = _class(body[index + 1 : end])
            index = end + 1
        elif char == "\\" and index + 1 < len(body):
            classes = {
                "d": string.digits,
                "w": string.ascii_letters + string.digits + "_",
                "s": " ",
            }
            choices = classes.get(body[index + 1], body[index + 1])
            index += 2
        elif char in "()|.*+?{":
            return _fallback(compiled, rng)
        else:
            choices = char
            index += 1
        count = 1
        if index < len(body) and body[index] == "{":
            end = body.find("}", index)
            spec = body[index + 1 : end].split(",")
            low = int(spec[0] or 0)
            high = int(spec[-1]) if spec[-1] else low + 4
            count = rng.randint(low, high)
            index = end + 1
        elif index < len(body) and body[index] in "*+?":
            count = {"*": rng.randint(0, 4), "+": rng.randint(1, 4), "?": rng.randint(0, 1)}[
                body[index]
            ]
            index += 1
        out.append("".join(rng.choice(choices) for _ in range(count)) if choices else "")
    value = "".join(out)
    return value if compiled.search(value) else _fallback(compiled, rng)


PATTERN_TRIES = 8
VISIBLE = [chr(c) for c in range(0x21, 0x7F)]


def _from_parsed(pattern: str, rng: random.Random) -> str | None:
    """A string matching ``pattern``, built from the parse tree of Python's own ``re`` (groups,
    alternation, classes, repeats); None if it cannot be parsed or the result does not match."""
    try:
        compiled = re.compile(pattern)
        tree = sre_parse.parse(pattern)
    except (re.error, OverflowError, RecursionError):
        return None
    try:
        value = _emit(tree, rng, 0)
    except (ValueError, RecursionError):
        return None
    return value if compiled.search(value) else None


def _emit(items: Any, rng: random.Random, depth: int) -> str:
    out = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append(rng.choice([c for c in VISIBLE if ord(c) != arg]))
        elif name == "ANY":
            out.append(rng.choice(VISIBLE))
        elif name == "IN":
            out.append(_emit_class(arg, rng))
        elif name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
            low, high, sub = arg
            high = min(int(high), low + 4)
            out += [_emit(sub, rng, depth + 1) for _ in range(rng.randint(low, max(low, high)))]
        elif name == "SUBPATTERN":
            out.append(_emit(arg[-1], rng, depth + 1))
        elif name == "ATOMIC_GROUP":
            out.append(_emit(arg, rng, depth + 1))
        elif name == "BRANCH":
            out.append(_emit(rng.choice(arg[1]), rng, depth + 1))
        elif name == "CATEGORY":
            out.append(_emit_class([(op, arg)], rng))
        elif name != "AT":  # anchors write nothing; look-arounds, back-references: give up
            raise ValueError(name)
    return "".join(out)


def _emit_class(items: Any, rng: random.Random) -> str:
    """One character of a class (``[a-z0-9]``, ``\\d``, ``[^...]``)."""
    allowed: set[str] = set()
    negate = False
    categories = {"CATEGORY_DIGIT": string.digits, "CATEGORY_SPACE": " ",
                  "CATEGORY_WORD": string.ascii_letters + string.digits + "_",
                  "CATEGORY_NOT_DIGIT": string.ascii_letters, "CATEGORY_NOT_SPACE": string.ascii_letters,
                  "CATEGORY_NOT_WORD": " -."}  # fmt: skip
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            allowed.add(chr(arg))
        elif name == "RANGE":
            allowed |= {chr(c) for c in range(arg[0], min(arg[1], arg[0] + 300) + 1)}
        elif name == "CATEGORY":
            allowed |= set(categories.get(str(arg), ""))
    choices = [c for c in [*VISIBLE, " "] if c not in allowed] if negate else sorted(allowed)
    if not choices:
        raise ValueError("empty class")
    return rng.choice(choices)


def _class(text: str) -> str:
    chars = []
    index = 0
    while index < len(text):
        if index + 2 < len(text) and text[index + 1] == "-":
            chars += [chr(c) for c in range(ord(text[index]), ord(text[index + 2]) + 1)]
            index += 3
        elif text[index] == "\\" and index + 1 < len(text):
            chars += list(
                {"d": string.digits, "w": string.ascii_letters + string.digits + "_"}.get(
                    text[index + 1], text[index + 1]
                )
            )
            index += 2
        else:
            chars.append(text[index])
            index += 1
    return "".join(chars) if not text.startswith("^") else string.ascii_letters


def _fallback(compiled: re.Pattern[str], rng: random.Random) -> str | None:
    for candidate in ("", "a", "abc", "1", "123", _word(rng, 1, 8)):
        if compiled.search(candidate):
            return candidate
    return None


def _number(schema: Mapping[str, Any], rng: random.Random, integer: bool) -> int | float:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    low = -1000 if not isinstance(low, int | float) or isinstance(low, bool) else low
    high = low + 2000 if not isinstance(high, int | float) or isinstance(high, bool) else high
    if (
        isinstance(schema.get("exclusiveMinimum"), int | float)
        or schema.get("exclusiveMinimum") is True
    ):
        low = low + (1 if integer else 1e-6)
    if (
        isinstance(schema.get("exclusiveMaximum"), int | float)
        or schema.get("exclusiveMaximum") is True
    ):
        high = high - (1 if integer else 1e-6)
    step = schema.get("multipleOf")
    if isinstance(step, int | float) and step > 0 and not isinstance(step, bool):
        first, last = math.ceil(low / step), math.floor(high / step)
        value = rng.randint(int(first), int(max(first, last))) * step
        return int(value) if integer else value
    if integer:
        return rng.randint(math.ceil(low), max(math.ceil(low), math.floor(high)))
    return round(rng.uniform(low, high), 4)
