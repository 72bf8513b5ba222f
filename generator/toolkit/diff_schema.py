"""Compare two versions of one schema, keyword by keyword, into judged :class:`Change` values.

Used per operation location (``follow_refs=True``: ``$ref``s are resolved on
both sides, so a change inside a shared component shows wherever it is used;
each pair of compared definitions is visited once per root, which also stops
cycles) and per component (``follow_refs=False``: a ``$ref`` is compared by
its target, changes inside the target are reported at the target).

Annotations that do not change what a client sends or reads (``description``,
``title``, examples, ``x-*``) are not compared; equivalent spellings of a
schema (``diff_canonical``) are one ``equivalent-rewrite`` change. Every
keyword of JSON Schema 2020-12 and OpenAPI 3.0 that constrains values is
compared, in every subschema: inside ``not`` the direction of a change is
inverted, inside ``if`` it cannot be ordered (``changed``). A ``readOnly``
property is not sent by clients (its changes do not break requests), a
``writeOnly`` one is not read (they do not break responses).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from generator.errors import join_pointer
from generator.spec_access import resolve
from generator.toolkit.diff_canonical import canonical, form, meaning
from generator.toolkit.diff_model import (
    CHANGED,
    IMPLIED,
    LOOSER,
    NEUTRAL,
    REQUEST,
    RESPONSE,
    TIGHTER,
    Change,
    OperationRef,
    flip,
    judge,
)

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LENGTHS = (
    ("minLength", "maxLength", "length"),
    ("minItems", "maxItems", "item count"),
    ("minProperties", "maxProperties", "property count"),
    ("minContains", "maxContains", "count of items matching contains"),
)
# Keywords holding one subschema: how a change inside turns into a change of the whole
# (1: the same direction, -1: inverted, 0: cannot be ordered), and the payload path label.
_SUBSCHEMAS: tuple[tuple[str, int, str], ...] = (
    ("not", -1, ""),
    ("contains", 1, "[contains]"),
    ("if", 0, ""),
    ("then", 1, ""),
    ("else", 1, ""),
    ("propertyNames", 1, " (property names)"),
    ("unevaluatedProperties", 1, ".*"),
    ("unevaluatedItems", 1, "[]"),
    ("additionalItems", 1, "[]"),
    ("contentSchema", 1, " (content)"),
)
# Keywords holding a map of subschemas: an added entry constrains more (tighter).
_SUBSCHEMA_MAPS = (("patternProperties", "[/{}/]"), ("dependentSchemas", " (with {})"))
# A pattern that every string matches is no pattern.
_ANY_PATTERN = frozenset({"", ".*", "^.*$", "^.*", ".*$", "^(.*)$", "[\\s\\S]*"})
_READ_ONLY = "clients do not send a readOnly field"
_WRITE_ONLY = "clients do not read a writeOnly field"


@dataclass(frozen=True)
class Site:
    """Where a compared schema is used: a label, the sides it is on, the operation."""

    where: str
    sides: frozenset[str]
    operation: OperationRef | None = None
    unused: str = "no operation uses this schema"

    def without(self, side: str, reason: str) -> Site:
        """This site minus ``side`` (a readOnly / writeOnly field), ``reason`` saying why."""
        if side not in self.sides:
            return self
        return Site(self.where, self.sides - {side}, self.operation, reason)


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
    polarity: int = 1  # 1 as written, -1 inside ``not``, 0 inside ``if``

    def at(self, key: str) -> tuple[str, str]:
        """The pointers of keyword ``key`` in both versions (the schema's where it is absent)."""
        return (
            join_pointer(self.old_pointer, key) if key in _mapping(self.old) else self.old_pointer,
            join_pointer(self.new_pointer, key) if key in _mapping(self.new) else self.new_pointer,
        )

    def child(
        self,
        old: Any,
        new: Any,
        keys: tuple[str | int, ...],
        path: str,
        *,
        polarity: int = 1,
        site: Site | None = None,
    ) -> _Pair:
        """The pair of subschemas under ``keys``, at payload path ``path``."""
        return _Pair(
            old,
            new,
            join_pointer(self.old_pointer, *keys),
            join_pointer(self.new_pointer, *keys),
            site or self.site,
            path,
            self.polarity * polarity,
        )

    def moved(self, old: Any, new: Any, pointers: tuple[str, str]) -> _Pair:
        """The same pair, its schemas replaced (resolved, unwrapped) and found at ``pointers``."""
        return _Pair(old, new, *pointers, self.site, self.path, self.polarity)


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
        judged_kind: str | None = kind
        if (
            pair.polarity != 1 and kind not in NEUTRAL
        ):  # inside not / if: the kind's own table does not apply
            implied = direction or IMPLIED.get(kind, CHANGED)
            direction, judged_kind = (flip(implied) if pair.polarity < 0 else CHANGED), None
        breaking, reason = judge(judged_kind, direction, pair.site.sides, pair.site.unused)
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
        raw = pair
        if self.follow:
            old, old_pointer = self._deref(self.old, pair.old, pair.old_pointer)
            new, new_pointer = self._deref(self.new, pair.new, pair.new_pointer)
            if not _all_of_grew(old, new):
                old, old_pointer = canonical(self.old, old, old_pointer, follow=True)
                new, new_pointer = canonical(self.new, new, new_pointer, follow=True)
            pair = pair.moved(old, new, (old_pointer, new_pointer))
            self._rewritten(raw, pair)
            if (old_pointer, new_pointer) in visited:
                return
            visited.add((old_pointer, new_pointer))
        else:
            if not _all_of_grew(pair.old, pair.new):
                old, old_pointer = canonical(self.old, pair.old, pair.old_pointer, follow=False)
                new, new_pointer = canonical(self.new, pair.new, pair.new_pointer, follow=False)
                pair = pair.moved(old, new, (old_pointer, new_pointer))
            if self._refs_differ(pair):
                return
            self._rewritten(raw, pair)
        pair = pair.moved(
            _as_schema(pair.old), _as_schema(pair.new), (pair.old_pointer, pair.new_pointer)
        )
        if not isinstance(pair.old, dict) or not isinstance(pair.new, dict):
            self._replaced(pair)
            return
        for check in (self._type, self._enum, self._const, self._bounds, self._lengths,
                      self._multiple_of, self._strings, self._default, self._content,
                      self._dependent_required, self._discriminator):  # fmt: skip
            check(pair)
        self._properties(pair, visited)
        self._additional(pair, visited)
        self._items(pair, visited)
        self._composition(pair, visited)
        self._subschemas(pair, visited)

    def _replaced(self, pair: _Pair) -> None:
        """A schema that is not an object on one side: ``false`` (no value) narrows, else replaced."""
        if pair.old == pair.new:
            return
        if pair.new is False and isinstance(pair.old, dict):
            self.emit("type-narrowed", TIGHTER, "schema now false: no value is valid", pair)
        elif pair.old is False and isinstance(pair.new, dict):
            self.emit("type-widened", LOOSER, "schema was false: values are valid now", pair)
        else:
            self.emit("type-changed", CHANGED, "schema replaced", pair)

    def _rewritten(self, raw: _Pair, pair: _Pair) -> None:
        """An ``equivalent-rewrite`` where a ``$ref`` or a wrapper here changed, not the values."""
        local = raw.old is not pair.old or raw.new is not pair.new or _has_ref(raw.old, raw.new)
        if not local or form(raw.old) == form(raw.new):
            return
        if meaning(self.old, raw.old) == meaning(self.new, raw.new):
            self.emit("equivalent-rewrite", None, "written differently, same values", raw)

    def _refs_differ(self, pair: _Pair) -> bool:
        old_ref = pair.old.get("$ref") if isinstance(pair.old, dict) else None
        new_ref = pair.new.get("$ref") if isinstance(pair.new, dict) else None
        if old_ref == new_ref:
            return False
        shown_old = old_ref.rpartition("/")[2] if old_ref else "an inline schema"
        shown_new = new_ref.rpartition("/")[2] if new_ref else "an inline schema"
        if meaning(self.old, pair.old) == meaning(self.new, pair.new):
            message = f"now {shown_new} instead of {shown_old}, an identical schema"
            self.emit("equivalent-rewrite", None, message, pair)
        else:
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
        for key, prefix in (("enum", ""), ("x-extensible-enum", "extensible-")):
            self._enum_values(pair, key, prefix)
        before, after = pair.old.get("enum"), pair.new.get("enum")
        pointers = pair.at("enum")
        if isinstance(after, list) and before is None:
            message = f"values restricted to {_show(after)}"
            self.emit("enum-added", TIGHTER, message, pair, (pair.old_pointer, pointers[1]))
        elif isinstance(before, list) and after is None:
            pointers = (pointers[0], pair.new_pointer)
            self.emit("enum-removed", LOOSER, "any value allowed now", pair, pointers)

    def _enum_values(self, pair: _Pair, key: str, prefix: str) -> None:
        before, after = pair.old.get(key), pair.new.get(key)
        if not isinstance(before, list) or not isinstance(after, list):
            return
        pointers = pair.at(key)
        old_keys, new_keys = {_show(v) for v in before}, {_show(v) for v in after}
        removed = [_show(v) for v in before if _show(v) not in new_keys]
        added = [_show(v) for v in after if _show(v) not in old_keys]
        if removed:
            message = f"{key} value(s) removed: {', '.join(removed)}"
            self.emit(f"{prefix}enum-value-removed", None, message, pair, pointers)
        if added:
            message = f"{key} value(s) added: {', '.join(added)}"
            self.emit(f"{prefix}enum-value-added", None, message, pair, pointers)

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
            if key == "pattern":
                self.emit(_pattern_kind(before, after), None, message, pair, pair.at(key))
            else:  # a format changes the generated type
                self.emit("format-changed", CHANGED, message, pair, pair.at(key))

    def _content(self, pair: _Pair) -> None:
        for key in ("contentMediaType", "contentEncoding"):
            before, after = pair.old.get(key), pair.new.get(key)
            if before != after:
                message = f"{key} {_show(before)} -> {_show(after)}"
                self.emit("content-encoding-changed", CHANGED, message, pair, pair.at(key))

    def _discriminator(self, pair: _Pair) -> None:
        """``discriminator``: its property and mapping decide which variant a value is."""
        before, after = pair.old.get("discriminator"), pair.new.get("discriminator")
        if before == after:
            return
        pointers = pair.at("discriminator")
        if not isinstance(before, dict) or not isinstance(after, dict):
            message = "discriminator added" if isinstance(after, dict) else "discriminator removed"
            self.emit("discriminator-extended", None, message, pair, pointers)
            return
        if before.get("propertyName") != after.get("propertyName"):
            shown = f"{_show(before.get('propertyName'))} -> {_show(after.get('propertyName'))}"
            self.emit("discriminator-changed", None, f"discriminator {shown}", pair, pointers)
        old_map, new_map = _mapping(before.get("mapping")), _mapping(after.get("mapping"))
        changed = sorted(k for k in old_map if new_map.get(k) != old_map[k])
        if changed:
            message = (
                f"discriminator mapping {', '.join(map(_show, changed))} removed or retargeted"
            )
            self.emit("discriminator-changed", None, message, pair, pointers)
        added = sorted(k for k in new_map if k not in old_map)
        if added:
            message = f"discriminator mapping {', '.join(map(_show, added))} added"
            self.emit("discriminator-extended", None, message, pair, pointers)

    def _dependent_required(self, pair: _Pair) -> None:
        before = _mapping(pair.old.get("dependentRequired"))
        after = _mapping(pair.new.get("dependentRequired"))
        for name in [*before, *(n for n in after if n not in before)]:
            was, now = set(before.get(name) or []), set(after.get(name) or [])
            pointers = pair.at("dependentRequired")
            if now - was:
                shown = ", ".join(sorted(map(str, now - was)))
                message = f"with {name!r} present, now also required: {shown}"
                self.emit("dependent-required-added", TIGHTER, message, pair, pointers)
            if was - now:
                shown = ", ".join(sorted(map(str, was - now)))
                message = f"with {name!r} present, no longer required: {shown}"
                self.emit("dependent-required-removed", LOOSER, message, pair, pointers)

    def _default(self, pair: _Pair) -> None:
        old, new = pair.old, pair.new
        if old.get("default", ...) == new.get("default", ...):
            return
        shown = [_show(s["default"]) if "default" in s else "none" for s in (old, new)]
        message = f"default {shown[0]} -> {shown[1]}"
        self.emit("default-changed", None, message, pair, pair.at("default"))

    def _access(self, pair: _Pair, name: str) -> Site:
        """The site of property ``name`` (readOnly / writeOnly respected); reports flag flips."""
        old_child = _mapping(pair.old.get("properties")).get(name)
        new_child = _mapping(pair.new.get("properties")).get(name)
        sides = [
            self._deref(d, s, "")[0] for d, s in ((self.old, old_child), (self.new, new_child))
        ]
        site = pair.site
        for flag, side, reason, kind in (
            ("readOnly", REQUEST, _READ_ONLY, "read-only"),
            ("writeOnly", RESPONSE, _WRITE_ONLY, "write-only"),
        ):
            was, now = (isinstance(s, dict) and s.get(flag) is True for s in sides)
            if old_child is not None and new_child is not None and was != now:
                child = pair.child(old_child, new_child, ("properties", name),
                                   _child_path(pair.path, name))  # fmt: skip
                message = f"property {name!r} {'became' if now else 'is no longer'} {flag}"
                self.emit(f"{kind}-{'added' if now else 'removed'}", None, message, child)
            if was or now:
                site = site.without(side, reason)
        was, now = (isinstance(s, dict) and s.get("deprecated") is True for s in sides)
        if old_child is not None and new_child is not None and now and not was:
            child = pair.child(old_child, new_child, ("properties", name),
                               _child_path(pair.path, name))  # fmt: skip
            self.emit("property-deprecated", None, f"property {name!r} deprecated", child)
        return site

    def _properties(self, pair: _Pair, visited: set[tuple[str, str]]) -> None:
        before = _mapping(pair.old.get("properties"))
        after = _mapping(pair.new.get("properties"))
        old_required = set(pair.old.get("required") or [])
        new_required = set(pair.new.get("required") or [])
        closed = pair.old.get("additionalProperties") is False
        for name in sorted((old_required ^ new_required) - (set(before) & set(after))):
            if name in before or name in after:
                continue  # a property added or removed: reported with it
            now = name in new_required
            kind = "required-added" if now else "required-removed"
            message = f"{name!r} is now {'required' if now else 'optional'}"
            self.emit(kind, None, message, pair, pair.at("required"))
        for name in [*before, *(n for n in after if n not in before)]:
            path = _child_path(pair.path, name)
            site = self._access(pair, name)
            child = pair.child(
                before.get(name), after.get(name), ("properties", name), path, site=site
            )
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
        before, after = (_items_schema(s) for s in (pair.old, pair.new))
        if isinstance(before, dict) and isinstance(after, dict):
            self._compare(pair.child(before, after, ("items",), f"{pair.path}[]"), visited)
        elif False in (before, after) and before != after:  # no items past prefixItems
            closed = after is False
            kind, direction = ("items-restricted", TIGHTER) if closed else ("items-allowed", LOOSER)
            message = (
                "no items past prefixItems now" if closed else "items past prefixItems allowed"
            )
            self.emit(kind, direction, message, pair, pair.at("items"))
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

    def _subschemas(self, pair: _Pair, visited: set[tuple[str, str]]) -> None:
        """not, contains, if / then / else, propertyNames, unevaluated*, prefixItems, maps."""
        for key, polarity, label in _SUBSCHEMAS:
            self._subschema(pair, (key,), f"{pair.path}{label}", polarity, visited)
        for key, label in _SUBSCHEMA_MAPS:
            before, after = _mapping(pair.old.get(key)), _mapping(pair.new.get(key))
            for name in [*before, *(n for n in after if n not in before)]:
                path = f"{pair.path}{label.format(name)}"
                self._subschema(pair, (key, name), path, 1, visited)
        counts = [len(v) if isinstance(v, list) else 0 for v in _lookups(pair, "prefixItems")]
        for index in range(max(counts)):
            self._subschema(pair, ("prefixItems", index), f"{pair.path}[{index}]", 1, visited)

    def _subschema(
        self,
        pair: _Pair,
        keys: tuple[str | int, ...],
        path: str,
        polarity: int,
        visited: set[tuple[str, str]],
    ) -> None:
        """One subschema keyword: added (tighter), removed (looser), booleans, or compared."""
        old, new = _lookup(pair.old, keys), _lookup(pair.new, keys)
        if old is _ABSENT and new is _ABSENT:
            return
        shown = ".".join(map(str, keys))
        child = pair.child(
            None if old is _ABSENT else old,
            None if new is _ABSENT else new,
            keys,
            path,
            polarity=polarity,
        )
        if old is _ABSENT or new is _ABSENT:
            added = old is _ABSENT
            kind, direction = (
                ("subschema-added", TIGHTER) if added else ("subschema-removed", LOOSER)
            )
            if keys[0] == "if":  # a condition alone constrains nothing; with then/else it moves
                direction = CHANGED
            pointers = (pair.old_pointer, child.new_pointer) if added else (
                child.old_pointer, pair.new_pointer)  # fmt: skip
            outer = pair.moved(pair.old, pair.new, pointers)
            self.emit(kind, direction, f"{shown} {'added' if added else 'removed'}", outer)
        elif isinstance(old, bool) or isinstance(new, bool):
            if _as_schema(old) != _as_schema(new):
                tighter = new is False or old is True
                direction = TIGHTER if tighter else LOOSER
                if polarity <= 0:
                    direction = flip(direction) if polarity < 0 else CHANGED
                message = f"{shown} {_show(old)} -> {_show(new)}"
                pointers = (child.old_pointer, child.new_pointer)
                self.emit("subschema-changed", direction, message, pair, pointers)
        else:
            self._compare(child, visited)


_ABSENT: Any = object()


def _lookups(pair: _Pair, key: str) -> tuple[Any, Any]:
    return pair.old.get(key), pair.new.get(key)


def _lookup(schema: dict[str, Any], keys: tuple[str | int, ...]) -> Any:
    node: Any = schema
    for key in keys:
        found = (isinstance(node, dict) and isinstance(key, str) and key in node) or (
            isinstance(node, list) and isinstance(key, int) and key < len(node)
        )
        if found:
            node = node[key]
        else:
            return _ABSENT
    return node


def _as_schema(value: Any) -> Any:
    return {} if value is True else value


def _all_of_grew(old: Any, new: Any) -> bool:
    """Both written as ``allOf`` of different lengths: compared member by member, not unwrapped.

    Unwrapping the one-member side alone would compare its member with the
    other side's ``allOf`` and report the member's properties as removed.
    """
    parts = [s.get("allOf") if isinstance(s, dict) else None for s in (old, new)]
    return all(isinstance(p, list) for p in parts) and len(parts[0] or []) != len(parts[1] or [])


def _items_schema(schema: dict[str, Any]) -> Any:
    """``items`` of ``schema``: a schema, ``False``, or ``None`` where any item is valid."""
    items = _as_schema(schema.get("items"))
    return None if items == {} else items


def _pattern_kind(before: Any, after: Any) -> str:
    """pattern-added / -removed (also to one that matches everything) / -changed."""
    before = None if before in _ANY_PATTERN else before
    after = None if after in _ANY_PATTERN else after
    if before == after:
        return "pattern-removed" if after is None else "pattern-changed"
    if before is None:
        return "pattern-added"
    return "pattern-removed" if after is None else "pattern-changed"


def _has_ref(*schemas: Any) -> bool:
    return any(isinstance(s, dict) and "$ref" in s for s in schemas)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
