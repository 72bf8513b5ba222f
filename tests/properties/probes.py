"""Deterministic instances and probe values, all read from the spec.

* ``minimal`` / ``maximal``: a valid instance with only the required properties / with every
  property (arrays of one item, maps of one entry, one extra key where the object is open);
* ``place``: an instance with one value put at a location (property, items, map values);
* ``enum_near_misses``, ``bound_probes``, ``wrong_type_values``: the values the enum, bound
  and type tests send, each with the verdict the spec's keyword semantics give (the tests
  check that jsonschema agrees, then that the generated types agree with jsonschema).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any

from tests.properties.spec import (
    ENUM_KEYWORDS,
    ITEMS,
    VALUES,
    Location,
    Node,
    Site,
    UnsupportedSchemaError,
    allowed_types,
    child,
    component_pointer,
    components,
    json_identical,
    json_schema_equal,
    keyword_sites,
    merged,
)

EXTRA_KEY = "extraKeyNotInSpec"
FREE_VALUE: Any = {"free": [1, "two", None, True, 2.5, {"nested": {}}]}
MAP_KEY = "someKey"


# ------------------------------------------------------------------------------ instances


def minimal(name: str) -> Any:
    return _build(Node(components()[name], component_pointer(name)), full=False, depth=0)


def maximal(name: str) -> Any:
    return _build(Node(components()[name], component_pointer(name)), full=True, depth=0)


def build(node: Node, *, full: bool) -> Any:
    return _build(node, full=full, depth=0)


def _build(node: Node, *, full: bool, depth: int) -> Any:
    if depth > 40:
        raise UnsupportedSchemaError(f"{node.pointer}: too deep to build an instance")
    s = merged(node.schema, node.pointer)
    if "enum" in s:
        members = s["enum"]
        return copy.deepcopy(members[-1] if full else members[0])
    types = s.get("type")
    kind = types if isinstance(types, str) else (types[0] if types else None)
    if kind == "object" or (kind is None and ("properties" in s)):
        return _build_object(node, s, full=full, depth=depth)
    if kind == "array":
        if not full:
            return []
        return [_build(child(node.schema, node.pointer, 0), full=full, depth=depth + 1)]
    if kind == "string":
        return _string(s, "text" if full else "s")
    if kind in ("number", "integer"):
        return pick_number(s, prefer_fraction=full and kind == "number")
    if kind == "boolean":
        return full
    if kind == "null":
        return None
    if kind is None:
        return copy.deepcopy(FREE_VALUE) if full else "any"
    raise UnsupportedSchemaError(f"{node.pointer}: cannot build a {kind!r}")


def _build_object(node: Node, s: dict[str, Any], *, full: bool, depth: int) -> dict[str, Any]:
    props = s.get("properties") or {}
    required = set(s.get("required") or [])
    out: dict[str, Any] = {}
    for prop in props:
        if full or prop in required:
            out[prop] = _build(child(node.schema, node.pointer, prop), full=full, depth=depth + 1)
    extra = s.get("additionalProperties", True)
    if full and extra is not False:
        key = EXTRA_KEY if props else MAP_KEY
        if isinstance(extra, dict) and extra:
            out[key] = _build(child(node.schema, node.pointer, key), full=True, depth=depth + 1)
        else:
            out[key] = copy.deepcopy(FREE_VALUE)
    return out


def _string(s: dict[str, Any], text: str) -> str:
    low = s.get("minLength", 0)
    text += "x" * max(0, low - len(text))
    return text[: s["maxLength"]] if "maxLength" in s else text


def satisfies_bounds(s: dict[str, Any], value: float) -> bool:
    """The numeric bound keywords of ``s``, read as JSON Schema 2020-12 defines them."""
    checks = (
        ("minimum", lambda b: value >= b),
        ("maximum", lambda b: value <= b),
        ("exclusiveMinimum", lambda b: value > b),
        ("exclusiveMaximum", lambda b: value < b),
    )
    return all(check(s[key]) for key, check in checks if key in s)


def pick_number(s: dict[str, Any], *, prefer_fraction: bool = False) -> int | float:
    """A number (an integer where the type says so) inside the bounds of ``s``."""
    integer = s.get("type") == "integer"
    bounds = [
        s[k] for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if k in s
    ]
    candidates: list[float] = [0.5, 1.5] if prefer_fraction and not integer else []
    candidates += [1, 0, *bounds]
    candidates += [b + d for b in bounds for d in (1, -1, 0.5, -0.5)]
    low = max((b for k, b in s.items() if k in ("minimum", "exclusiveMinimum")), default=None)
    high = min((b for k, b in s.items() if k in ("maximum", "exclusiveMaximum")), default=None)
    if low is not None and high is not None:
        candidates.append((low + high) / 2)
    for value in candidates:
        if integer and not float(value).is_integer():
            continue
        if satisfies_bounds(s, value):
            return int(value) if integer else value
    raise UnsupportedSchemaError(f"no number satisfies {s}")


# ------------------------------------------------------------------------------ placing


def place(name: str, base: Any, location: Location, value: Any) -> Any:
    """A copy of ``base`` (an instance of component ``name``) with ``value`` at ``location``.

    Missing containers on the way are filled with minimal valid content; array items and
    map values are reached through their first item / the key ``MAP_KEY``.
    """
    out = copy.deepcopy(base)
    node = Node(components()[name], component_pointer(name))
    holder: Any = out
    for i, step in enumerate(location):
        last = i == len(location) - 1
        if step == ITEMS:
            key: str | int = 0
            if not isinstance(holder, list):
                raise UnsupportedSchemaError(f"{name}: {location} does not lead through an array")
        elif step == VALUES:
            key = next(iter(holder), MAP_KEY) if isinstance(holder, dict) else MAP_KEY
        else:
            key = step
        sub = child(node.schema, node.pointer, key)
        if last:
            if isinstance(holder, list) and not holder:
                holder.append(value)
            else:
                holder[key] = value
            return out
        present = (isinstance(holder, list) and holder) or (
            isinstance(holder, dict) and key in holder
        )
        if not present:
            filler = build(sub, full=False)
            if isinstance(holder, list):
                holder.append(filler)
            else:
                holder[key] = filler
        holder = holder[key]
        node = sub
    return value


# ------------------------------------------------------------------------ enum probes


def _variants(member: str) -> list[str]:
    out = [
        member.upper(),
        member.capitalize(),
        member.swapcase(),
        member + " ",
        " " + member,
        member + "\n",
        member[:-1],
        member + "x",
        member.replace("-", "_"),
        member.replace("_", "-"),
        member.replace(".", ""),
        member.replace("-", "\u2010"),  # a typographic hyphen
        member.replace("a", "\u0430"),  # a Cyrillic a
        "",
    ]
    return [v for v in out if v != member]


def all_enum_members() -> list[Any]:
    """Every member of every enum of the spec, once (JSON equality), for near misses."""
    out: list[Any] = []
    for members in keyword_sites(ENUM_KEYWORDS).values():
        out += [m for m in members if not _contains(out, m)]
    return out


def _contains(values: list[Any], value: Any) -> bool:
    return any(json_identical(v, value) for v in values)


def is_member(members: list[Any], value: Any) -> bool:
    """JSON Schema's ``enum`` equality: ``true`` is not ``1``, ``1.0`` is ``1``."""
    return any(json_schema_equal(m, value) for m in members)


def enum_near_misses(members: list[Any]) -> list[Any]:
    """Values that look like members but are not (JSON equality decides).

    Per member: case variants, surrounding white space, one character less or more,
    separators swapped, typographic look-alikes; for numbers their neighbours, their string
    and their boolean; plus the members of every enum that shares a member with this one
    (``unlisted`` for the list filter's privacy, ``deleted`` for a model status).
    """
    candidates: list[Any] = []
    for m in members:
        if isinstance(m, str):
            candidates += _variants(m)
        elif isinstance(m, bool):
            candidates += [not m, int(m), float(m), str(m).lower(), str(m)]
        elif isinstance(m, int):
            candidates += [m + 1, m - 1, -m - 1, str(m), m + 0.5, bool(m)]
    for other in keyword_sites(ENUM_KEYWORDS).values():
        if any(is_member(members, o) for o in other):
            candidates += other
    out: list[Any] = []
    for c in candidates:
        if not is_member(members, c) and not _contains(out, c):
            out.append(c)
    return out


def integer_member_spellings(members: list[Any]) -> list[float]:
    """Integer members spelled as JSON floats (``25.0``): the same JSON Schema value."""
    return [float(m) for m in members if isinstance(m, int) and not isinstance(m, bool)]


# ------------------------------------------------------------------------ bound probes


@dataclass(frozen=True)
class Probe:
    label: str
    value: Any
    expected: bool  # the verdict the keyword's definition gives


def bound_probes(site: Site, schema: dict[str, Any]) -> list[Probe]:
    """The bound itself and its nearest neighbours on both sides, with expected verdicts."""
    s = merged(schema)
    kind = s.get("type")
    bound = site.value
    if site.keyword in ("maxLength", "minLength"):
        probes = []
        for label, n in (("limit-1", bound - 1), ("limit", bound), ("limit+1", bound + 1)):
            if n < 0:
                continue
            for alphabet, char in (("ascii", "x"), ("astral", "\U0001f600")):
                text = char * n
                probes.append(Probe(f"{label}-{alphabet}", text, _length_ok(s, text)))
        return probes
    if kind == "integer":
        values: list[tuple[str, Any]] = [
            ("bound-1", bound - 1),
            ("bound", bound),
            ("bound+1", bound + 1),
        ]
        return [Probe(label, v, satisfies_bounds(s, v)) for label, v in values]
    if kind == "number":
        fb = float(bound)
        values = [
            ("nextafter-down", math.nextafter(fb, -math.inf)),
            ("bound-float", fb),
            ("nextafter-up", math.nextafter(fb, math.inf)),
        ]
        if isinstance(bound, int) or fb.is_integer():
            b = int(fb)
            values += [("bound-int-1", b - 1), ("bound-int", b), ("bound-int+1", b + 1)]
        return [Probe(label, v, satisfies_bounds(s, v)) for label, v in values]
    raise UnsupportedSchemaError(f"{site.keyword_pointer}: a bound on a {kind!r}")


def _length_ok(s: dict[str, Any], text: str) -> bool:
    n = len(text)  # code points, as JSON Schema counts them
    return n >= s.get("minLength", 0) and ("maxLength" not in s or n <= s["maxLength"])


# ------------------------------------------------------------------ wrong-type probes

TYPE_REPRESENTATIVES: dict[str, list[Any]] = {
    "null": [None],
    "boolean": [True, False],
    "integer": [0, 7],
    "number": [2.5],
    "string": ["", "text"],
    "array": [[], ["text"]],
    "object": [{}, {"text": 1}],
}


def wrong_type_values(schema: dict[str, Any]) -> list[Any]:
    """One or two values of every JSON type the schema at a place does not allow."""
    allowed = allowed_types(schema)
    out: list[Any] = []
    for kind, samples in TYPE_REPRESENTATIVES.items():
        if kind not in allowed:
            out += samples  # shared: callers put them in copies and never change them
    return out
