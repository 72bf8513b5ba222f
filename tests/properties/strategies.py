"""Hypothesis strategies read from the spec: valid instances, and mutations of them.

Objects, arrays and maps are built here from the spec (``properties``, ``required``,
``additionalProperties``, ``items``) with small sizes, so the big ``Model`` tree stays fast;
every scalar place is drawn by ``hypothesis_jsonschema.from_schema`` from its own schema
(converted to draft 7: no ``$ref``, no annotations). Nothing here looks at the generated
types. Tests assert that every drawn instance is valid for jsonschema, so a mistake in this
builder fails loudly instead of weakening the oracle.
"""

from __future__ import annotations

import copy
import functools
import math
import os
from typing import Any

from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from tests.properties.probes import all_enum_members, bound_probes, enum_near_misses
from tests.properties.spec import (
    BOUND_KEYWORDS,
    COMPONENTS,
    Node,
    Site,
    UnsupportedSchemaError,
    child,
    component_pointer,
    components,
    merged,
    pointer_get,
    property_names,
    schema_at,
    schema_chain,
)

DEEP = os.environ.get("HYPOTHESIS_PROFILE") == "deep"
MAX_ITEMS = 3 if DEEP else 2  # arrays and maps; the Model tree is wide enough already
MAX_EXTRA_KEYS = 2 if DEEP else 1
MAX_OPTIONAL = 8  # optional properties per object drawn at once (all of them under "deep")
MAX_TEXT = 12  # strings without a maxLength of their own: a cap on what is drawn, not a rule

LEAF_KEYWORDS = frozenset({"type", "enum", *BOUND_KEYWORDS})

# Strings without "n" cannot spell nan / inf / infinity, which pydantic's lax mode would
# read as floats that do not survive a JSON dump; numerals come from the curated pool.
RANDOM_TEXT = st.text(alphabet="abcdefghjklmopqrstuvwxyzABCZ -._", max_size=6)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
# Any JSON value, two levels deep (st.recursive is several times slower to draw from).
small_json = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(
        st.text(max_size=5), st.one_of(scalars, st.lists(scalars, max_size=2)), max_size=3
    ),
)


# ------------------------------------------------------------------------- valid instances


@functools.cache
def instances(name: str) -> st.SearchStrategy[Any]:
    """Valid instances of component ``name``."""
    return _strategy(Node(components()[name], component_pointer(name)), depth=0)


def valid_for(node: Node) -> st.SearchStrategy[Any]:
    """Valid values for the schema at ``node`` (any place of any component)."""
    if not node.pointer:
        return small_json
    return _valid_at(node.pointer)


@functools.cache
def _valid_at(pointer: str) -> st.SearchStrategy[Any]:
    return _strategy(Node(pointer_get(pointer), pointer), depth=0)


def _strategy(node: Node, depth: int) -> st.SearchStrategy[Any]:
    if depth > 40:
        raise UnsupportedSchemaError(f"{node.pointer}: too deep to draw")
    chain = schema_chain(node.schema, node.pointer)
    target = chain[-1].pointer
    if len(chain) > 1 and target.startswith(COMPONENTS) and "/" not in target[len(COMPONENTS) :]:
        return instances(target[len(COMPONENTS) :])
    s = merged(node.schema, node.pointer)
    kind = s.get("type")
    if kind == "object":
        return _object(node, s, depth)
    if kind == "array":
        return st.lists(
            _strategy(child(node.schema, node.pointer, 0), depth + 1), max_size=MAX_ITEMS
        )
    if not s or set(s) == {"additionalProperties"}:
        return small_json
    unknown = set(s) - LEAF_KEYWORDS
    if unknown:
        raise UnsupportedSchemaError(f"{node.pointer}: cannot draw with {sorted(unknown)}")
    return _leaf(s)


def _leaf(s: dict[str, Any]) -> st.SearchStrategy[Any]:
    leaf = {"$schema": "http://json-schema.org/draft-07/schema#", **s}
    if "maxLength" not in s and "enum" not in s:
        leaf["maxLength"] = max(MAX_TEXT, s.get("minLength", 0))
    drawn = from_schema(leaf)
    types = [s["type"]] if isinstance(s.get("type"), str) else list(s.get("type", []))
    if "number" in types and "enum" not in s:
        # from_schema draws floats for "number"; JSON integers are numbers too
        drawn = st.one_of(drawn, from_schema({**leaf, "type": "integer"}))
    return drawn


def _object(node: Node, s: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    props: dict[str, Any] = s.get("properties") or {}
    required = set(s.get("required") or [])
    missing = required - props.keys()
    if missing:
        raise UnsupportedSchemaError(f"{node.pointer}: required {sorted(missing)} without a schema")
    subs = {p: _strategy(child(node.schema, node.pointer, p), depth + 1) for p in props}
    known = st.fixed_dictionaries({p: subs[p] for p in props if p in required})
    optional = [p for p in props if p not in required]
    chosen = st.lists(
        st.sampled_from(optional) if optional else st.nothing(),
        unique=True,
        max_size=len(optional) if DEEP else min(len(optional), MAX_OPTIONAL),
    )
    extra = s.get("additionalProperties", True)
    extras: st.SearchStrategy[dict[str, Any]] = st.just({})
    if extra is not False:
        values = (
            _strategy(child(node.schema, node.pointer, "\0extra"), depth + 1)
            if isinstance(extra, dict) and extra
            else small_json
        )
        keys = st.text(max_size=6).filter(lambda k: k not in props)
        extras = st.dictionaries(keys, values, max_size=MAX_EXTRA_KEYS if props else MAX_ITEMS)

    @st.composite
    def objects(draw: st.DrawFn) -> dict[str, Any]:
        out = draw(known)
        for prop in sorted(draw(chosen), key=optional.index):
            out[prop] = draw(subs[prop])
        out.update(draw(extras))
        return out

    return objects()


# ------------------------------------------------------------------------------- mutations


@functools.cache
def _global_pool() -> tuple[Any, ...]:
    """Values worth trying anywhere: JSON types, lax-mode bait, every enum member."""
    pool: list[Any] = [
        None,
        True,
        False,
        0,
        1,
        -1,
        2,
        7,
        0.0,
        1.0,
        2.0,
        1.5,
        -0.5,
        1e308,
        2**53 + 1,
        "",
        "s",
        "0",
        "1",
        "2",
        "-1",
        "1.5",
        "3.0",
        " 7 ",
        "1e3",
        "true",
        "false",
        "True",
        "yes",
        "off",
        "y",
        [],
        {},
        ["s"],
        {"a": 1},
        [None],
    ]
    return tuple(pool + all_enum_members())


def _site_values(node: Node) -> list[Any]:
    """Values aimed at the constraints of one place: near-miss enum values, bound probes."""
    s = merged(node.schema, node.pointer)
    out: list[Any] = []
    if "enum" in s:
        out += list(s["enum"]) + enum_near_misses(s["enum"])[:40]
        out += [float(m) for m in s["enum"] if isinstance(m, int) and not isinstance(m, bool)]
    for key in BOUND_KEYWORDS & s.keys():
        site = Site("", (), key, s[key], "", node.pointer)
        out += [p.value for p in bound_probes(site, node.schema)]
    if s.get("type") == "number":
        out += [3, 2**60 + 1, math.nextafter(0.0, 1.0)]
    return out


def replacement(node: Node) -> st.SearchStrategy[Any]:
    """A value to put at a place governed by ``node``: valid, near miss, or anything."""
    return _replacement_at(node.pointer)


@functools.cache
def _replacement_at(pointer: str) -> st.SearchStrategy[Any]:
    node = Node(pointer_get(pointer), pointer) if pointer else Node({}, "")
    targeted = _site_values(node)
    options = [
        st.sampled_from(_global_pool()),
        small_json,
        RANDOM_TEXT,
        valid_for(node),
    ]
    if targeted:
        options.append(st.sampled_from(targeted))
    return st.one_of(options)


def _paths(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _get(value: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def _key_candidates(name: str, path: tuple[str | int, ...], obj: dict[str, Any]) -> list[str]:
    """Keys to add to the object at ``path``: absent properties, their Python names, look-alikes."""
    schema = schema_at(name, path).schema
    wire = list((merged(schema).get("properties") or {}).keys())
    python = list(property_names(schema).keys())
    lookalikes = [w[:1].upper() + w[1:] for w in wire] + [w + " " for w in wire]
    return [k for k in wire + python + lookalikes if k not in obj]


@st.composite
def mutated(draw: st.DrawFn, name: str) -> tuple[Any, list[str]]:
    """A valid instance of ``name`` changed in one to three places, and what was changed."""
    instance = copy.deepcopy(draw(instances(name), label="valid instance"))
    notes: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(instance)
        path = draw(st.sampled_from(paths))
        target = _get(instance, path)
        kinds = ["replace", "replace"]
        if path:
            kinds.append("remove")
        if isinstance(target, dict):
            kinds += ["add", "add"]
        kind = draw(st.sampled_from(kinds))
        if kind == "replace":
            # a copy: pooled values ([], {}) must not be changed by a later mutation
            value = copy.deepcopy(draw(replacement(schema_at(name, path))))
            notes.append(f"replace {list(path)} with {value!r}")
            if path:
                _get(instance, path[:-1])[path[-1]] = value
            else:
                instance = value
        elif kind == "remove":
            notes.append(f"remove {list(path)}")
            del _get(instance, path[:-1])[path[-1]]
        else:
            candidates = _key_candidates(name, path, target)
            key = draw(st.sampled_from(candidates) if candidates else RANDOM_TEXT)
            key = draw(st.one_of(st.just(key), RANDOM_TEXT))
            value = copy.deepcopy(draw(replacement(schema_at(name, (*path, key)))))
            notes.append(f"add {key!r}: {value!r} at {list(path)}")
            target[key] = value
    return instance, notes
