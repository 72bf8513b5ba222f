"""Compare two versions of one schema, keyword by keyword, into judged :class:`Change` values.

Used per operation location (``follow_refs=True``: ``$ref``s are resolved on
both sides, so a change inside a shared component shows wherever it is used;
each pair of compared definitions is visited once per root, which also stops
cycles) and per component (``follow_refs=False``: a ``$ref`` is compared by
its target, changes inside the target are reported at the target).

Annotations that do not change what a client sends or reads (``description``,
``title``, examples, ``x-*``) are not compared.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from generator.errors import join_pointer
from generator.spec_access import resolve
from generator.toolkit.diff_model import (
    CHANGED,
    LOOSER,
    TIGHTER,
    Change,
    OperationRef,
    judge,
)

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LENGTHS = (
    ("minLength", "maxLength", "length"),
    ("minItems", "maxItems", "item count"),
    ("minProperties", "maxProperties", "property count"),
)


@dataclass(frozen=True)
class Site:
    """Where a compared schema is used: a label, the sides it is on, the operation."""

    where: str
    sides: frozenset[str]
    operation: OperationRef | None = None


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _types(schema: dict[str, Any]) -> frozenset[str] | None:
    declared = schema.get("type")
    if declared is None:
        return None
    names = {declared} if isinstance(declared, str) else {str(t) for t in declared}
    if schema.get("nullable") is True:
        names.add("null")
    return frozenset(names)


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _lower(schema: dict[str, Any]) -> tuple[Any, bool] | None:
    """The lower bound as (value, exclusive); the stricter when both keywords are given."""
    minimum, exclusive = schema.get("minimum"), schema.get("exclusiveMinimum")
    if isinstance(exclusive, bool):  # OpenAPI 3.0 spelling
        return (minimum, exclusive) if _is_number(minimum) else None
    found = [(v, e) for v, e in ((minimum, False), (exclusive, True)) if _is_number(v)]
    return max(found) if found else None


def _upper(schema: dict[str, Any]) -> tuple[Any, bool] | None:
    maximum, exclusive = schema.get("maximum"), schema.get("exclusiveMaximum")
    if isinstance(exclusive, bool):
        return (maximum, exclusive) if _is_number(maximum) else None
    found = [(v, e) for v, e in ((maximum, False), (exclusive, True)) if _is_number(v)]
    return min(found, key=lambda b: (b[0], not b[1])) if found else None


def _bound_text(bound: tuple[Any, bool] | None, lower: bool) -> str:
    if bound is None:
        return "none"
    sign = (">" if lower else "<") + ("" if bound[1] else "=")
    return f"{sign} {_show(bound[0])}"


def _multiple(a: float, b: float) -> bool:
    if b == 0:
        return False
    quotient = a / b
    return math.isfinite(quotient) and abs(quotient - round(quotient)) < 1e-9 * max(
        1, abs(quotient)
    )


def _child_path(path: str, name: str) -> str:
    return f"{path}.{name}" if _IDENT.match(name) else f"{path}[{json.dumps(name)}]"


@dataclass(frozen=True)
class _Pair:
    """Two versions of one schema, their pointers, and where they are used."""

    old: Any
    new: Any
    old_pointer: str
    new_pointer: str
    site: Site
    path: str = "$"

    def at(self, key: str) -> tuple[str, str]:
        """The pointers of keyword ``key`` in both versions (the schema's where it is absent)."""
        return (
            join_pointer(self.old_pointer, key) if key in _mapping(self.old) else self.old_pointer,
            join_pointer(self.new_pointer, key) if key in _mapping(self.new) else self.new_pointer,
        )

    def child(self, old: Any, new: Any, keys: tuple[str | int, ...], path: str) -> _Pair:
        """The pair of subschemas under ``keys``, at payload path ``path``."""
        return _Pair(
            old,
            new,
            join_pointer(self.old_pointer, *keys),
            join_pointer(self.new_pointer, *keys),
            self.site,
            path,
        )


class SchemaComparer:
    """Collects the changes between pairs of schemas of an old and a new bundled spec."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any], *, follow_refs: bool) -> None:
        self.old, self.new = old, new
        self.follow = follow_refs
        self.changes: list[Change] = []

    def compare(self, old: Any, new: Any, pointers: tuple[str, str], site: Site) -> None:
        """Every change from ``old`` to ``new`` (schemas at ``pointers``) used at ``site``."""
        self._compare(_Pair(old, new, *pointers, site), set())

    # -- reporting --------------------------------------------------------

    def emit(
        self,
        kind: str,
        direction: str | None,
        message: str,
        pair: _Pair,
        pointers: tuple[str | None, str | None] | None = None,
    ) -> None:
        """Record one change at ``pair`` (pointers default to the pair's), judged for its sides."""
        breaking, reason = judge(kind, direction, pair.site.sides)
        where = pair.site.where if pair.path == "$" else f"{pair.site.where} {pair.path}"
        old_pointer, new_pointer = pointers or (pair.old_pointer, pair.new_pointer)
        self.changes.append(
            Change(
                kind,
                breaking,
                message,
                reason,
                where,
                pair.site.operation,
                old_pointer,
                new_pointer,
            )
        )

    # -- resolution -------------------------------------------------------

    def _deref(self, data: dict[str, Any], schema: Any, pointer: str) -> tuple[Any, str]:
        """``schema`` with its ``$ref`` chain resolved (keywords next to a ``$ref`` kept)."""
        return resolve(data, schema, pointer, keep_siblings=True)

    # -- the walk ---------------------------------------------------------

    def _compare(self, pair: _Pair, visited: set[tuple[str, str]]) -> None:
        if self.follow:
            old, old_pointer = self._deref(self.old, pair.old, pair.old_pointer)
            new, new_pointer = self._deref(self.new, pair.new, pair.new_pointer)
            if (old_pointer, new_pointer) in visited:
                return
            visited.add((old_pointer, new_pointer))
            pair = _Pair(old, new, old_pointer, new_pointer, pair.site, pair.path)
        elif self._refs_differ(pair):
            return
        if not isinstance(pair.old, dict) or not isinstance(pair.new, dict):
            if pair.old != pair.new:
                self.emit("type-changed", CHANGED, "schema replaced", pair)
            return
        for check in (self._type, self._enum, self._const, self._bounds, self._lengths,
                      self._multiple_of, self._strings, self._default):  # fmt: skip
            check(pair)
        self._properties(pair, visited)
        self._additional(pair, visited)
        self._items(pair, visited)
        self._composition(pair, visited)

    def _refs_differ(self, pair: _Pair) -> bool:
        old_ref = pair.old.get("$ref") if isinstance(pair.old, dict) else None
        new_ref = pair.new.get("$ref") if isinstance(pair.new, dict) else None
        if old_ref == new_ref:
            return False
        shown_old = old_ref.rpartition("/")[2] if old_ref else "an inline schema"
        shown_new = new_ref.rpartition("/")[2] if new_ref else "an inline schema"
        self.emit("ref-changed", CHANGED, f"now {shown_new} instead of {shown_old}", pair)
        return True

    def _type(self, pair: _Pair) -> None:
        before, after = _types(pair.old), _types(pair.new)
        if before == after:
            return
        if before is None or (after is not None and _covers(before, after)):
            kind, direction = "type-narrowed", TIGHTER
        elif after is None or _covers(after, before):
            kind, direction = "type-widened", LOOSER
        else:
            kind, direction = "type-changed", CHANGED
        shown = [" | ".join(sorted(t)) if t is not None else "any" for t in (before, after)]
        self.emit(kind, direction, f"type {shown[0]} -> {shown[1]}", pair, pair.at("type"))

    def _enum(self, pair: _Pair) -> None:
        before, after = pair.old.get("enum"), pair.new.get("enum")
        pointers = pair.at("enum")
        if isinstance(before, list) and isinstance(after, list):
            old_keys, new_keys = {_show(v) for v in before}, {_show(v) for v in after}
            removed = [_show(v) for v in before if _show(v) not in new_keys]
            added = [_show(v) for v in after if _show(v) not in old_keys]
            if removed:
                message = f"enum value(s) removed: {', '.join(removed)}"
                self.emit("enum-value-removed", None, message, pair, pointers)
            if added:
                message = f"enum value(s) added: {', '.join(added)}"
                self.emit("enum-value-added", None, message, pair, pointers)
        elif isinstance(after, list) and before is None:
            message = f"values restricted to {_show(after)}"
            self.emit("enum-added", TIGHTER, message, pair, (pair.old_pointer, pointers[1]))
        elif isinstance(before, list) and after is None:
            pointers = (pointers[0], pair.new_pointer)
            self.emit("enum-removed", LOOSER, "any value allowed now", pair, pointers)

    def _const(self, pair: _Pair) -> None:
        old, new = pair.old, pair.new
        if old.get("const", ...) == new.get("const", ...):
            return
        direction = TIGHTER if "const" not in old else LOOSER if "const" not in new else CHANGED
        message = f"const {_show(old.get('const'))} -> {_show(new.get('const'))}"
        self.emit("const-changed", direction, message, pair, pair.at("const"))

    def _bounds(self, pair: _Pair) -> None:
        for lower, before, after in (
            (True, _lower(pair.old), _lower(pair.new)),
            (False, _upper(pair.old), _upper(pair.new)),
        ):
            if before == after:
                continue
            if before is None or after is None:
                tighter = before is None
            elif lower:
                tighter = (after[0], after[1]) > (before[0], before[1])
            else:
                tighter = (-after[0], after[1]) > (-before[0], before[1])
            name = "minimum" if lower else "maximum"
            message = f"{name} {_bound_text(before, lower)} -> {_bound_text(after, lower)}"
            key = name if name in pair.new or name in pair.old else f"exclusive{name.title()}"
            self._bound(tighter, message, pair, key)

    def _lengths(self, pair: _Pair) -> None:
        for low_key, high_key, label in _LENGTHS:
            for key, lower in ((low_key, True), (high_key, False)):
                before, after = pair.old.get(key), pair.new.get(key)
                if before == after:
                    continue
                if not _is_number(before) or not _is_number(after):
                    tighter = before is None
                else:
                    tighter = after > before if lower else after < before
                self._bound(
                    tighter, f"{key} {_show(before)} -> {_show(after)} ({label})", pair, key
                )
        was, now = bool(pair.old.get("uniqueItems")), bool(pair.new.get("uniqueItems"))
        if was != now:
            self._bound(now, f"uniqueItems {was} -> {now}", pair, "uniqueItems")

    def _bound(self, tighter: bool, message: str, pair: _Pair, key: str) -> None:
        kind, direction = ("bound-tightened", TIGHTER) if tighter else ("bound-loosened", LOOSER)
        self.emit(kind, direction, message, pair, pair.at(key))

    def _multiple_of(self, pair: _Pair) -> None:
        before, after = pair.old.get("multipleOf"), pair.new.get("multipleOf")
        if before == after:
            return
        message = f"multipleOf {_show(before)} -> {_show(after)}"
        if not _is_number(before) or not _is_number(after):
            self._bound(before is None, message, pair, "multipleOf")
        elif _multiple(after, before) or _multiple(before, after):
            self._bound(_multiple(after, before), message, pair, "multipleOf")
        else:
            self.emit("bound-changed", CHANGED, message, pair, pair.at("multipleOf"))

    def _strings(self, pair: _Pair) -> None:
        for key in ("pattern", "format"):
            before, after = pair.old.get(key), pair.new.get(key)
            if before == after:
                continue
            message = f"{key} {_show(before)} -> {_show(after)}"
            if key == "pattern" and before is None:
                self.emit("pattern-added", TIGHTER, message, pair, pair.at(key))
            elif key == "pattern" and after is None:
                self.emit("pattern-removed", LOOSER, message, pair, pair.at(key))
            else:  # a changed pattern cannot be ordered; a format changes the generated type
                self.emit(f"{key}-changed", CHANGED, message, pair, pair.at(key))

    def _default(self, pair: _Pair) -> None:
        old, new = pair.old, pair.new
        if old.get("default", ...) == new.get("default", ...):
            return
        shown = [_show(s["default"]) if "default" in s else "none" for s in (old, new)]
        message = f"default {shown[0]} -> {shown[1]}"
        self.emit("default-changed", None, message, pair, pair.at("default"))

    def _properties(self, pair: _Pair, visited: set[tuple[str, str]]) -> None:
        before = _mapping(pair.old.get("properties"))
        after = _mapping(pair.new.get("properties"))
        old_required = set(pair.old.get("required") or [])
        new_required = set(pair.new.get("required") or [])
        closed = pair.old.get("additionalProperties") is False
        for name in [*before, *(n for n in after if n not in before)]:
            path = _child_path(pair.path, name)
            child = pair.child(before.get(name), after.get(name), ("properties", name), path)
            if name not in after:
                pointers = (child.old_pointer, pair.new_pointer)
                self.emit("property-removed", None, f"property {name!r} removed", child, pointers)
            elif name not in before:
                required = name in new_required
                kind = "property-added-" + (
                    "required" if required else "to-closed-object" if closed else "optional"
                )
                message = f"property {name!r} added ({'required' if required else 'optional'})"
                self.emit(kind, None, message, child, (pair.old_pointer, child.new_pointer))
            else:
                if (name in old_required) != (name in new_required):
                    now = name in new_required
                    kind = "required-added" if now else "required-removed"
                    message = f"property {name!r} is now {'required' if now else 'optional'}"
                    self.emit(kind, None, message, child, pair.at("required"))
                self._compare(child, visited)

    def _additional(self, pair: _Pair, visited: set[tuple[str, str]]) -> None:
        before = pair.old.get("additionalProperties", True)
        after = pair.new.get("additionalProperties", True)
        if isinstance(before, dict) and isinstance(after, dict) and before and after:
            child = pair.child(before, after, ("additionalProperties",), f"{pair.path}.*")
            self._compare(child, visited)
            return
        if before == after or (before in (True, {}) and after in (True, {})):
            return
        openness = {True: "any", False: "none"}
        shown = [
            openness.get(v, "typed") if isinstance(v, bool) else "typed" for v in (before, after)
        ]
        message = f"additional properties {shown[0]} -> {shown[1]}"
        tighter = before is True or before == {} or (isinstance(before, dict) and after is False)
        kind, direction = (
            ("additional-properties-restricted", TIGHTER)
            if tighter
            else ("additional-properties-allowed", LOOSER)
        )
        self.emit(kind, direction, message, pair, pair.at("additionalProperties"))

    def _items(self, pair: _Pair, visited: set[tuple[str, str]]) -> None:
        before, after = pair.old.get("items"), pair.new.get("items")
        if isinstance(before, dict) and isinstance(after, dict):
            self._compare(pair.child(before, after, ("items",), f"{pair.path}[]"), visited)
        elif isinstance(before, dict) != isinstance(after, dict):
            added = isinstance(after, dict)
            kind, direction = ("items-restricted", TIGHTER) if added else ("items-allowed", LOOSER)
            self.emit(kind, direction, f"item schema {'added' if added else 'removed'}", pair)

    def _composition(self, pair: _Pair, visited: set[tuple[str, str]]) -> None:
        for key in ("allOf", "anyOf", "oneOf"):
            before, after = pair.old.get(key) or [], pair.new.get(key) or []
            if not isinstance(before, list) or not isinstance(after, list):
                continue
            if len(before) == len(after):
                for index, (a, b) in enumerate(zip(before, after, strict=True)):
                    self._compare(pair.child(a, b, (key, index), pair.path), visited)
                continue
            grew = len(after) > len(before)
            if not before or not after:
                direction = CHANGED
            elif key == "allOf":
                direction = TIGHTER if grew else LOOSER
            else:
                direction = LOOSER if grew else TIGHTER
            message = f"{key} has {len(after)} schemas instead of {len(before)}"
            self.emit("composition-changed", direction, message, pair, pair.at(key))


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
