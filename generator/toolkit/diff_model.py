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
    "discriminator-changed": {
        REQUEST: (True, "the server picks the variant by another property or value"),
        RESPONSE: (True, "the generated types pick the variant by the old property or value"),
    },
    "discriminator-extended": {
        REQUEST: (False, "every value that was sent still names its variant"),
        RESPONSE: (False, "every value that was returned still names its variant"),
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
NEUTRAL = frozenset({"equivalent-rewrite", "property-deprecated", "discriminator-extended"})

# Non-breaking kinds that ask for attention (``warning``); every other non-breaking one is ``info``.
WARNING_KINDS = frozenset(
    {
        "operation-deprecated",
        "sunset-changed",
        "stability-increased",
        "webhook-removed",
        "parameter-deprecated",
        "property-deprecated",
        "default-server-changed",
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


# Every kind of change ``diff`` reports, with what it catches (each has a case folder of that
# name under tests/toolkit/cases/diff/). The verdict comes from the tables above (by side) or,
# for operation-level kinds, from ``diff.py``.
RULES: dict[str, str] = {
    # operations and their SDK names
    "operation-added": "a new operation",
    "operation-removed": "an operation removed",
    "operation-deprecated": "an operation marked deprecated (warning)",
    "path-renamed": "the path of an operation changed (matched by SDK name / operationId)",
    "method-changed": "the HTTP method of an operation changed",
    "sdk-resource-renamed": "x-sdk-resource changed: the SDK attribute path moves",
    "sdk-method-renamed": "x-sdk-method changed: the SDK method name changes",
    "operation-id-changed": "operationId changed; breaking only when the generated method name changes",
    "sdk-call-moved": "the generated method moves (its first tag or path segment changed)",
    "pagination-changed": "x-sdk-pagination changed",
    "sunset-changed": "x-sunset set or moved (warning)",
    "stability-decreased": "x-stability-level lowered (stable -> beta -> alpha -> draft)",
    "stability-increased": "x-stability-level raised (warning)",
    "security-removed": "a security alternative removed",
    "security-added": "a security alternative added",
    "security-scope-added": "an alternative asks for more OAuth scopes",
    "security-scope-removed": "an alternative asks for fewer OAuth scopes",
    "security-scheme-changed": "a security scheme's type, location, header name or HTTP scheme "
    "changed (breaking), or its flows / URLs (info)",
    "webhook-added": "a new webhook",
    "webhook-removed": "a webhook removed (warning)",
    "server-removed": "a server URL removed: clients generated before default to it",
    "server-added": "a server URL added",
    "default-server-changed": "the first server (the generated default base URL) changed (warning)",
    # parameters
    "parameter-added-required": "a required parameter added",
    "parameter-added-optional": "an optional parameter added",
    "parameter-removed": "a parameter removed",
    "parameter-moved": "a parameter moved to another location or into the body",
    "parameter-required-added": "a parameter became required",
    "parameter-required-removed": "a parameter became optional",
    "parameter-style-changed": "a parameter's style / explode changed",
    "parameter-deprecated": "a parameter marked deprecated (warning)",
    # (a webhook's parameters are sent by the API: the verdicts turn round there)
    # bodies and responses
    "request-body-added": "a request body added (breaking when required)",
    "request-body-removed": "the request body removed",
    "request-body-required-added": "the request body became required",
    "request-body-required-removed": "the request body became optional",
    "response-added": "a success status added",
    "response-removed": "a success status removed",
    "success-status-changed": "the only success status changed (200 -> 201)",
    "response-body-added": "a body added to a success response (or a webhook's request)",
    "response-body-removed": "a body removed from a success response (or a webhook's request)",
    "media-type-added": "a media type added to a body",
    "media-type-removed": "a media type removed from a body",
    "media-type-parameters-changed": "a body's media type written with other parameters "
    "(``; charset=...``): breaking for a non-JSON request body",
    "response-header-added": "a header added to a success response",
    "response-header-removed": "a response header removed (breaking when it was required)",
    "response-header-required-added": "a response header became required",
    "response-header-required-removed": "a response header became optional",
    "error-response-added": "a non-2xx status documented (its body changes are info too)",
    "error-response-removed": "a non-2xx status no longer documented",
    # schemas (judged by side: request, response, both for a shared component)
    "type-narrowed": "fewer types allowed (a schema added where there was none, too)",
    "type-widened": "more types allowed (null included)",
    "type-changed": "types neither narrowed nor widened",
    "enum-value-added": "enum values added",
    "enum-value-removed": "enum values removed",
    "enum-added": "a free value restricted to an enum",
    "enum-removed": "an enum removed",
    "extensible-enum-value-added": "x-extensible-enum values added (never breaking)",
    "extensible-enum-value-removed": "x-extensible-enum values removed",
    "const-changed": "const set, removed or changed",
    "bound-tightened": "a bound tightened (min/max, lengths, items, properties, contains, multipleOf)",
    "bound-loosened": "a bound loosened",
    "bound-changed": "multipleOf changed to a value neither divides",
    "pattern-added": "a pattern added",
    "pattern-changed": "a pattern changed (responses: not breaking)",
    "pattern-removed": "a pattern removed or loosened to one matching everything",
    "format-changed": "format changed",
    "content-encoding-changed": "contentMediaType / contentEncoding changed",
    "default-changed": "a default changed",
    "property-added-required": "a required property added",
    "property-added-optional": "an optional property added",
    "property-added-to-closed-object": "a property added to an object without additional properties",
    "property-removed": "a property removed",
    "property-deprecated": "a property marked deprecated (warning)",
    "required-added": "a property (or a name without a property schema) became required",
    "required-removed": "a property became optional",
    "dependent-required-added": "dependentRequired asks for more names",
    "dependent-required-removed": "dependentRequired asks for fewer names",
    "read-only-added": "a property became readOnly",
    "read-only-removed": "a property is no longer readOnly",
    "write-only-added": "a property became writeOnly",
    "write-only-removed": "a property is no longer writeOnly",
    "additional-properties-restricted": "additionalProperties closed or typed",
    "additional-properties-allowed": "additionalProperties opened",
    "items-restricted": "an item schema added to an array",
    "items-allowed": "an array's item schema removed",
    "composition-changed": "allOf / anyOf / oneOf gained or lost members",
    "subschema-added": "not / contains / then / else / propertyNames / unevaluated* / prefixItems / "
    "patternProperties / dependentSchemas / contentSchema added",
    "subschema-removed": "one of those subschemas removed",
    "subschema-changed": "a boolean subschema flipped (unevaluatedItems: false -> true)",
    "discriminator-changed": "discriminator propertyName changed, or a mapping entry removed or "
    "pointed at another schema",
    "discriminator-extended": "a discriminator added or removed, or mapping entries added",
    "ref-changed": "a $ref now names another, different schema (component level)",
    "equivalent-rewrite": "the same values written differently (one-schema allOf, oneOf with null, "
    "a $ref to an identical schema): never breaking",
    "component-added": "a schema component added",
    "component-removed": "a schema component removed (its generated type is gone)",
}


# The levels each rule can give (each shown by a case folder): a schema rule is judged by the
# side it is on (requests: tighter breaks; responses: looser breaks), and is info in an error body
# or a component no operation uses.
LEVELS: dict[str, tuple[str, ...]] = {
    "operation-added": ("info",),
    "operation-removed": ("breaking",),
    "operation-deprecated": ("warning",),
    "path-renamed": ("breaking",),
    "method-changed": ("breaking",),
    "sdk-resource-renamed": ("breaking",),
    "sdk-method-renamed": ("breaking",),
    "operation-id-changed": ("breaking", "info"),
    "sdk-call-moved": ("breaking",),
    "pagination-changed": ("breaking",),
    "sunset-changed": ("warning",),
    "stability-decreased": ("breaking",),
    "stability-increased": ("warning",),
    "security-removed": ("breaking",),
    "security-added": ("info",),
    "security-scope-added": ("breaking",),
    "security-scope-removed": ("info",),
    "security-scheme-changed": ("breaking", "info"),
    "webhook-added": ("info",),
    "webhook-removed": ("warning",),
    "server-removed": ("breaking", "info"),
    "server-added": ("info",),
    "default-server-changed": ("warning",),
    "parameter-added-required": ("breaking", "info"),
    "parameter-added-optional": ("info",),
    "parameter-removed": ("breaking",),
    "parameter-moved": ("breaking",),
    "parameter-required-added": ("breaking", "info"),
    "parameter-required-removed": ("breaking", "info"),
    "parameter-style-changed": ("breaking",),
    "parameter-deprecated": ("warning",),
    "request-body-added": ("breaking", "info"),
    "request-body-removed": ("breaking",),
    "request-body-required-added": ("breaking",),
    "request-body-required-removed": ("info",),
    "response-added": ("info",),
    "response-removed": ("breaking",),
    "success-status-changed": ("info",),
    "response-body-added": ("info",),
    "response-body-removed": ("breaking",),
    "media-type-added": ("info",),
    "media-type-removed": ("breaking",),
    "media-type-parameters-changed": ("breaking", "info"),
    "response-header-added": ("info",),
    "response-header-removed": ("breaking", "info"),
    "response-header-required-added": ("info",),
    "response-header-required-removed": ("breaking",),
    "error-response-added": ("info",),
    "error-response-removed": ("info",),
    "type-narrowed": ("breaking", "info"),
    "type-widened": ("breaking", "info"),
    "type-changed": ("breaking", "info"),
    "enum-value-added": ("breaking", "info"),
    "enum-value-removed": ("breaking", "info"),
    "enum-added": ("breaking", "info"),
    "enum-removed": ("breaking", "info"),
    "extensible-enum-value-added": ("info",),
    "extensible-enum-value-removed": ("breaking", "info"),
    "const-changed": ("breaking", "info"),
    "bound-tightened": ("breaking", "info"),
    "bound-loosened": ("breaking", "info"),
    "bound-changed": ("breaking",),
    "pattern-added": ("breaking", "info"),
    "pattern-changed": ("breaking", "info"),
    "pattern-removed": ("info",),
    "format-changed": ("breaking",),
    "content-encoding-changed": ("breaking",),
    "default-changed": ("breaking", "info"),
    "property-added-required": ("breaking", "info"),
    "property-added-optional": ("info",),
    "property-added-to-closed-object": ("breaking", "info"),
    "property-removed": ("breaking",),
    "property-deprecated": ("warning",),
    "required-added": ("breaking", "info"),
    "required-removed": ("breaking", "info"),
    "dependent-required-added": ("breaking", "info"),
    "dependent-required-removed": ("breaking", "info"),
    "read-only-added": ("breaking", "info"),
    "read-only-removed": ("info",),
    "write-only-added": ("breaking", "info"),
    "write-only-removed": ("info",),
    "additional-properties-restricted": ("breaking", "info"),
    "additional-properties-allowed": ("breaking", "info"),
    "items-restricted": ("breaking", "info"),
    "items-allowed": ("breaking", "info"),
    "composition-changed": ("breaking", "info"),
    "subschema-added": ("breaking", "info"),
    "subschema-removed": ("breaking", "info"),
    "subschema-changed": ("breaking", "info"),
    "discriminator-changed": ("breaking",),
    "discriminator-extended": ("info",),
    "ref-changed": ("breaking",),
    "equivalent-rewrite": ("info",),
    "component-added": ("info",),
    "component-removed": ("breaking",),
}
