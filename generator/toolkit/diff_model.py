"""What ``diff`` reports: :class:`Change` values, and how each kind is judged for a client.

A change is *breaking* when a client written against the old spec can fail
against the new one: an HTTP client sending requests the server now rejects or
reading responses it cannot handle, or an SDK user whose code stops running
(a renamed method, a removed type or argument). Direction matters: making
requests stricter breaks callers; making responses looser breaks readers that
validate strictly (``python -m generator validate``, strict parsing, and the
generated types' constraints), even though the default client parses
responses leniently.

Schema changes carry a *direction*: ``tighter`` (fewer values valid),
``looser`` (more values valid) or ``changed`` (neither contains the other);
the side where the schema is used (request, response, or both for a shared
component) turns it into a verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

REQUEST, RESPONSE = "request", "response"
TIGHTER, LOOSER, CHANGED = "tighter", "looser", "changed"

_BY_DIRECTION: dict[str, dict[str, tuple[bool, str]]] = {
    TIGHTER: {
        REQUEST: (True, "requests that were valid may now be rejected"),
        RESPONSE: (False, "every response that was valid still is"),
    },
    LOOSER: {
        REQUEST: (False, "every request that was valid still is"),
        RESPONSE: (
            True,
            "responses may now hold values that strict validators and the generated "
            "types reject (the default client parses them leniently)",
        ),
    },
    CHANGED: {
        REQUEST: (True, "requests that were valid may now be rejected"),
        RESPONSE: (True, "responses may now hold values that clients do not expect"),
    },
}

# Kinds whose verdict does not follow from a direction: per side.
_BY_KIND: dict[str, dict[str, tuple[bool, str]]] = {
    "property-removed": {
        REQUEST: (True, "SDK callers lose the field and servers may reject it if still sent"),
        RESPONSE: (True, "clients reading the field no longer get it"),
    },
    "property-added-required": {
        REQUEST: (True, "requests written before lack the new required field"),
        RESPONSE: (False, "clients ignore fields they do not know"),
    },
    "property-added-optional": {
        REQUEST: (False, "the new field is optional"),
        RESPONSE: (False, "clients ignore fields they do not know"),
    },
    "property-added-to-closed-object": {
        REQUEST: (False, "the new field is optional"),
        RESPONSE: (
            True,
            "the object did not allow additional properties: strict validators and the "
            "old generated types (extra='forbid') reject the new field",
        ),
    },
    "required-added": {
        REQUEST: (True, "requests that omit the field are now invalid"),
        RESPONSE: (False, "the field is now always present"),
    },
    "required-removed": {
        REQUEST: (False, "the field may now be omitted"),
        RESPONSE: (
            True,
            "clients relying on the field may find it missing (the type becomes optional)",
        ),
    },
    "enum-value-removed": {
        REQUEST: (True, "requests using the removed value are now rejected"),
        RESPONSE: (False, "responses no longer carry the value"),
    },
    "enum-value-added": {
        REQUEST: (False, "the new value is an extra option"),
        RESPONSE: (
            True,
            "strict validators (python -m generator validate, strict parsing) reject the new "
            "value; the default client keeps it as a plain string",
        ),
    },
    "ref-changed": {
        REQUEST: (True, "the field's generated type changes to another class"),
        RESPONSE: (True, "the field's generated type changes to another class"),
    },
    "default-changed": {
        REQUEST: (True, "clients that omit the field now get different behaviour"),
        RESPONSE: (False, "a response default documents the server; clients read the value"),
    },
    "pattern-added": {
        REQUEST: (True, "requests with values that do not match are now rejected"),
        RESPONSE: (False, "clients do not check response values against patterns"),
    },
    "pattern-changed": {
        REQUEST: (True, "values matching the old pattern may not match the new one"),
        RESPONSE: (False, "clients do not check response values against patterns"),
    },
    "pattern-removed": {
        REQUEST: (False, "every value that matched still is accepted"),
        RESPONSE: (False, "clients do not check response values against patterns"),
    },
    "extensible-enum-value-added": {
        REQUEST: (False, "the new value is an extra option"),
        RESPONSE: (False, "x-extensible-enum tells clients to expect unknown values"),
    },
    "extensible-enum-value-removed": {
        REQUEST: (True, "requests using the removed value are now rejected"),
        RESPONSE: (False, "responses no longer carry the value"),
    },
    "read-only-added": {
        REQUEST: (True, "clients sending the field may now be rejected or ignored"),
        RESPONSE: (False, "the field is still returned"),
    },
    "read-only-removed": {
        REQUEST: (False, "clients may now send the field"),
        RESPONSE: (False, "the field is still returned"),
    },
    "write-only-added": {
        REQUEST: (False, "clients still send the field"),
        RESPONSE: (True, "clients reading the field no longer get it"),
    },
    "write-only-removed": {
        REQUEST: (False, "clients still send the field"),
        RESPONSE: (
            False,
            "responses may now carry the field; clients ignore what they do not read",
        ),
    },
    "property-deprecated": {
        REQUEST: (False, "it still works; plan to stop sending it"),
        RESPONSE: (False, "it is still returned; plan to stop reading it"),
    },
    "equivalent-rewrite": {
        REQUEST: (False, "the schema accepts the same values; only how it is written changed"),
        RESPONSE: (False, "the schema accepts the same values; only how it is written changed"),
    },
}

# The direction a kind judged per side implies, for changes inside ``not`` (inverted) and
# ``if`` (unordered), where the table above does not apply.
IMPLIED: dict[str, str] = {
    "enum-value-removed": TIGHTER,
    "enum-value-added": LOOSER,
    "extensible-enum-value-removed": TIGHTER,
    "extensible-enum-value-added": LOOSER,
    "required-added": TIGHTER,
    "required-removed": LOOSER,
    "property-removed": LOOSER,
    "property-added-required": TIGHTER,
    "property-added-optional": TIGHTER,
    "property-added-to-closed-object": LOOSER,
    "pattern-added": TIGHTER,
    "pattern-removed": LOOSER,
}

# Kinds that never change which values are valid (judged the same inside ``not`` / ``if``).
NEUTRAL = frozenset({"equivalent-rewrite", "property-deprecated"})

# Non-breaking kinds that ask for attention (``warning``); every other non-breaking one is ``info``.
WARNING_KINDS = frozenset(
    {
        "operation-deprecated",
        "sunset-changed",
        "stability-increased",
        "webhook-removed",
        "parameter-deprecated",
        "property-deprecated",
    }
)


def flip(direction: str) -> str:
    """The opposite direction (inside ``not``)."""
    return {TIGHTER: LOOSER, LOOSER: TIGHTER}.get(direction, CHANGED)


@dataclass(frozen=True)
class OperationRef:
    """The operation a change belongs to: HTTP method, path and SDK name."""

    method: str
    path: str
    sdk: str | None

    def __str__(self) -> str:
        return f"{self.method} {self.path}" + (f" ({self.sdk})" if self.sdk else "")

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        return {"method": self.method, "path": self.path, "sdk": self.sdk}


@dataclass(frozen=True)
class Change:
    """One difference between the specs, judged for a client of the API.

    ``where`` says what part changed (``response 200 $.models[].name``,
    ``query parameter pageSize``, ``component Model $.name``);
    ``old_pointer`` / ``new_pointer`` are JSON pointers into each spec
    (``None`` where the thing does not exist on that side).
    """

    kind: str
    breaking: bool
    message: str
    reason: str
    where: str
    operation: OperationRef | None = None
    old_pointer: str | None = None
    new_pointer: str | None = None

    @property
    def level(self) -> str:
        """``breaking``; ``warning`` for a harmless change that asks for attention; else ``info``."""
        if self.breaking:
            return "breaking"
        return "warning" if self.kind in WARNING_KINDS else "info"

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values."""
        return {
            "kind": self.kind,
            "level": self.level,
            "breaking": self.breaking,
            "message": self.message,
            "reason": self.reason,
            "operation": self.operation.as_dict() if self.operation else None,
            "where": self.where,
            "old_pointer": self.old_pointer,
            "new_pointer": self.new_pointer,
        }


def judge(
    kind: str | None,
    direction: str | None,
    sides: Iterable[str],
    unused: str = "no operation uses this schema",
) -> tuple[bool, str]:
    """The verdict for a schema change used on ``sides`` (none: ``unused`` says why).

    ``kind=None`` judges by ``direction`` alone.
    """
    table = (_BY_KIND.get(kind) if kind else None) or _BY_DIRECTION[direction or CHANGED]
    verdicts = [table[side] for side in sorted(set(sides))]
    if not verdicts:
        return False, unused
    breaking = [reason for is_breaking, reason in verdicts if is_breaking]
    if breaking:
        return True, "; ".join(breaking)
    return False, "; ".join(reason for _, reason in verdicts)
