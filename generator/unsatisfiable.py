"""Schemas no value can satisfy, rendered as types that accept nothing.

``false``, an ``allOf`` with a member that accepts nothing or whose members
require disjoint types (``string`` and ``integer``), an ``anyOf`` / ``oneOf``
whose every alternative accepts nothing, and a ``const`` outside its own
``enum`` are unsatisfiable. datamodel-code-generator either fails on them or
renders a type that accepts anything; the data the types are rendered from
gets :func:`nothing` in their place instead (a string of at least one and
at most zero characters: every value, ``None`` included, is rejected), with
a description that says why, and validation warns once per schema at its
pointer (so generate, lint and diff say the same). ``false`` where it only forbids something (``additionalProperties``,
``not``, ``if`` / ``then`` / ``else``, ...) is kept as it is. The spec itself
(and with it payload validation) is untouched.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from generator.errors import Problem, escape_pointer_token, warning
from generator.load import Document
from generator.spec_access import deref
from generator.spec_schemas import Tokens, schema_roots, subschemas

# Where a schema stands for a value (so accepting nothing makes its owner unusable).
# Not ``items``/``prefixItems`` (``items: false`` only bounds the length, and the
# JSON Schema table checks it) nor one ``anyOf``/``oneOf`` alternative (the others
# may still match): those stay as written.
_VALUE_POSITIONS = frozenset({"properties", "allOf", "$defs"})


def nothing(reason: str) -> dict[str, Any]:
    """The schema rendered in place of an unsatisfiable one."""
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": 0,
        "description": f"No value satisfies this schema ({reason}).",
    }


def reason(data: Mapping[str, Any], schema: Any, seen: frozenset[int] = frozenset()) -> str | None:
    """Why no value satisfies ``schema`` (``$ref``s followed), or None when some value may."""
    node = deref(data, schema)
    if node is False:
        return "false"
    if not isinstance(node, dict) or id(node) in seen:
        return None
    seen = seen | {id(node)}
    members = [
        deref(data, m) for m in node.get("allOf") or [] if isinstance(node.get("allOf"), list)
    ]
    for member in members:
        if reason(data, member, seen) is not None:
            return "an allOf member accepts nothing"
    types = _types(node)
    for member in members:
        if isinstance(member, dict) and _types(member) is not None:
            types = _meet(types, _types(member))
    if types is not None and not types:
        written = sorted(
            {t for m in [node, *members] if isinstance(m, dict) for t in _types(m) or ()}
        )
        return "allOf requires type " + " and ".join(written)
    for key in ("anyOf", "oneOf"):
        options = node.get(key)
        if (
            isinstance(options, list)
            and options
            and all(reason(data, o, seen) is not None for o in options)
        ):
            return f"no {key} alternative accepts a value"
    if "const" in node and isinstance(node.get("enum"), list) and node["const"] not in node["enum"]:
        return f"const {node['const']!r} is not in its enum"
    return None


def _types(node: Mapping[str, Any]) -> set[str] | None:
    written = node.get("type")
    if isinstance(written, str):
        return {written}
    if isinstance(written, list):
        return {str(t) for t in written}
    return None


def _meet(left: set[str] | None, right: set[str] | None) -> set[str] | None:
    """The types both allow (``integer`` is a ``number``); None means any type."""
    if left is None or right is None:
        return right if left is None else left
    both = left & right
    if {"integer", "number"} <= left | right and ("integer" in left) != ("integer" in right):
        both.add("integer")
    return both


def find(data: Mapping[str, Any]) -> list[tuple[Tokens, str]]:
    """(tokens, reason) of every unsatisfiable schema written in a value position, outermost only."""
    found: list[tuple[Tokens, str]] = []
    for root, schema, _ in schema_roots(data):
        for tokens, node in subschemas(schema, root):
            if any(tokens[: len(done)] == done for done, _ in found):
                continue
            if not _value_position(tokens[len(root) :]):
                continue
            why = reason(data, node)
            if why is not None:
                found.append((tokens, why))
    return found


def _value_position(relative: Tokens) -> bool:
    """Whether the schema at ``relative`` (inside its root) stands for a value."""
    if not relative:
        return True
    return len(relative) >= 2 and relative[-2] in _VALUE_POSITIONS


def pointer(tokens: Iterable[str | int]) -> str:
    """The JSON pointer of ``tokens``."""
    return "".join("/" + escape_pointer_token(t) for t in tokens)


def accepting_nothing(data: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """``data`` (a copy where anything changes) with every unsatisfiable schema replaced.

    Returns the data and (pointer, reason) of each schema replaced.
    """
    found = find(data)
    if not found:
        return data, []
    data = copy.deepcopy(data)
    for tokens, why in found:
        owner: Any = data
        for token in tokens[:-1]:
            owner = owner[token]
        owner[tokens[-1]] = nothing(why)
    return data, [(pointer(tokens), why) for tokens, why in found]


def unsatisfiable_warnings(doc: Document) -> list[Problem]:
    """One ``unsatisfiable`` warning per schema of ``doc`` that no value satisfies."""
    return [
        warning(
            "unsatisfiable",
            f"no value satisfies this schema ({why}): its type accepts nothing",
            doc.locate(doc.root, pointer(tokens)),
        )
        for tokens, why in find(doc.data)
    ]
