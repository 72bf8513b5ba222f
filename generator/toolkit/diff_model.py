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
}


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
        """``breaking`` or ``non-breaking``."""
        return "breaking" if self.breaking else "non-breaking"

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


def judge(kind: str, direction: str | None, sides: Iterable[str]) -> tuple[bool, str]:
    """The verdict for a schema change used on ``sides`` (none: an unused component)."""
    table = _BY_KIND.get(kind) or _BY_DIRECTION[direction or CHANGED]
    verdicts = [table[side] for side in sorted(set(sides))]
    if not verdicts:
        return False, "no operation uses this schema"
    breaking = [reason for is_breaking, reason in verdicts if is_breaking]
    if breaking:
        return True, "; ".join(breaking)
    return False, "; ".join(reason for _, reason in verdicts)
