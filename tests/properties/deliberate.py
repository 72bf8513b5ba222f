"""Every accepted difference between the generated types and the spec, in one place.

Two lists:

* ``DELIBERATE``: behaviours of the generated pydantic types that differ from what
  jsonschema says about the spec and that the project accepts, each with its reason;
* ``KNOWN_GAPS`` (and ``KNOWN_TEXT_GAPS`` for JSON texts that never become instances):
  behaviours that are wrong and not fixed yet. Each has a strict xfail test
  (tests/properties/test_deliberate.py): when the types get fixed, that test passes, pytest
  fails it as XPASS, and the entry must go.

Each entry is a predicate over a place of an instance, given as a rewrite:

* ``reads``: the instance as the generated type judges it. The judge (judge.py) checks that
  the type's verdict on the original equals jsonschema's verdict on the rewritten instance:
  the entry must really explain a disagreement, not just be present when one happens;
* ``writes``: the instance as the type writes it back (``model_dump(mode="json",
  by_alias=True, exclude_unset=True)``); round trips compare with this exactly (``1`` and
  ``1.0`` are different spellings, ``true`` is not ``1``).

``modes`` says where the behaviour exists: ``strict`` is
``Type.model_validate_json(text, strict=True)`` (standalone validation), ``lax`` is
``Type.model_validate(payload)`` (the default, lenient reading of responses).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from tests.properties.probes import minimal, place
from tests.properties.spec import Node, allowed_types, child, is_required, merged, property_names

Mode = Literal["strict", "lax"]
MODES: tuple[Mode, ...] = ("strict", "lax")
BOTH: frozenset[Mode] = frozenset(MODES)
STRICT: frozenset[Mode] = frozenset({"strict"})
LAX: frozenset[Mode] = frozenset({"lax"})

# What a value becomes when the type rejects it where the spec accepts it: an object, which
# no place these rules touch (integer places) accepts.
REJECTED: dict[str, str] = {"rejected by the generated type": "see deliberate.py"}


@dataclass(frozen=True)
class Rule:
    """A rewrite of one place: ``at`` says from the schema alone whether it may fire there."""

    at: Callable[[Node], bool]
    apply: Callable[[Any, Node], Any]


@dataclass(frozen=True)
class Witness:
    """A concrete case where the difference shows: component, instance, mode."""

    component: str
    build: Callable[[], Any]
    mode: Mode


@dataclass(frozen=True)
class Difference:
    name: str
    reason: str
    modes: frozenset[Mode]
    reads: Rule | None
    writes: Rule | None
    witness: Witness


# ------------------------------------------------------------------------ place helpers


def _declared(node: Node) -> set[str]:
    """The JSON types named by ``type`` at a place (empty: the place takes anything)."""
    t = merged(node.schema, node.pointer).get("type")
    return {t} if isinstance(t, str) else set(t or [])


def _is_enum(node: Node) -> bool:
    return "enum" in merged(node.schema, node.pointer)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _integer_only(node: Node) -> bool:
    declared = _declared(node)
    return "integer" in declared and "number" not in declared


def _has_properties(node: Node) -> bool:
    return bool(merged(node.schema, node.pointer).get("properties"))


def _number_place(node: Node) -> bool:
    return "number" in _declared(node) and not _is_enum(node)


def _plain_integer_place(node: Node) -> bool:
    return _integer_only(node) and not _is_enum(node)


def _coercible_number_place(node: Node) -> bool:
    return bool({"number", "integer"} & _declared(node)) and not _is_enum(node)


def _boolean_place(node: Node) -> bool:
    return "boolean" in _declared(node) and not _is_enum(node)


# --------------------------------------------------------------------------------- rules


def _number_written_as_float(value: Any, node: Node) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _integral_float_written_as_int(value: Any, node: Node) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _lax_rejects_huge_integral_float(value: Any, node: Node) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) >= 2**63:
        return REJECTED
    return value


def _optional_null_absent(value: Any, node: Node) -> Any:
    if not isinstance(value, dict) or None not in value.values():
        return value
    props = merged(node.schema, node.pointer).get("properties") or {}
    dropped = [
        k
        for k, v in value.items()
        if v is None
        and k in props
        and not is_required(node.schema, k)
        and "null" not in allowed_types(child(node.schema, node.pointer, k).schema)
    ]
    return {k: v for k, v in value.items() if k not in dropped} if dropped else value


def _python_name_as_property(value: Any, node: Node) -> Any:
    if not isinstance(value, dict):
        return value
    props = merged(node.schema, node.pointer).get("properties") or {}
    names = property_names(node.schema, node.pointer)
    renames = {
        k: names[k]
        for k in value
        if k in names and names[k] != k and k not in props and names[k] not in value
    }
    if not renames:
        return value
    return {renames.get(k, k): v for k, v in value.items()}


def _lax_bool_as_number(value: Any, node: Node) -> Any:
    declared = _declared(node)
    if isinstance(value, bool) and "boolean" not in declared:
        if "number" in declared:
            return float(value)
        if "integer" in declared:
            return int(value)
    return value


_INTEGRAL = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?")
# Unicode White_Space, which pydantic trims; str.strip() would also trim \x1c-\x1f.
_WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
_WHITE_SPACE += "\u2028\u2029\u202f\u205f\u3000"


def _lax_numeric_string(value: Any, node: Node) -> Any:
    declared = _declared(node)
    if not isinstance(value, str) or "string" in declared:
        return value
    text = value.strip(_WHITE_SPACE)
    if not text.isascii():
        return value
    if "number" in declared:
        try:
            return float(text)
        except ValueError:
            return value
    if "integer" in declared and _INTEGRAL.fullmatch(text):
        return int(text.split(".")[0])
    return value


_TRUE = {"1", "on", "t", "true", "y", "yes"}
_FALSE = {"0", "off", "f", "false", "n", "no"}


def _lax_boolean_spellings(value: Any, node: Node) -> Any:
    declared = _declared(node)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and "string" not in declared:
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
    if _is_number(value) and not ({"number", "integer"} & declared) and value in (0, 1):
        return bool(value)
    return value


def _literal_python_equality(value: Any, node: Node) -> Any:
    members = merged(node.schema, node.pointer).get("enum")
    if not members:
        return value
    if isinstance(value, bool):
        for m in members:
            if _is_number(m) and m == value:
                return m
    elif _is_number(value):
        for m in members:
            if isinstance(m, bool) and m == value:
                return m
    return value


# ------------------------------------------------------------------------------ witnesses


def _with(component: str, prop: str, value: Any) -> Callable[[], Any]:
    return lambda: place(component, minimal(component), (prop,), value)


# ---------------------------------------------------------------------------- the lists

DELIBERATE: tuple[Difference, ...] = (
    Difference(
        name="populate-by-python-name",
        reason=(
            "DESIGN: the types populate by either name (populate_by_name=True). A key equal "
            "to a property's snake_case attribute name (page_size, class_) is read as that "
            "property when the wire name is absent, and written back under the wire name. "
            "For JSON Schema it is just another key (forbidden in closed request objects, "
            "anything in open response objects). Strict validation consults the schema table, "
            "which rejects such a key in closed objects (the witness shows the lax case)."
        ),
        modes=BOTH,
        reads=Rule(_has_properties, _python_name_as_property),
        writes=Rule(_has_properties, _python_name_as_property),
        witness=Witness("ModelListParams", lambda: {"page_size": 3}, "lax"),
    ),
    Difference(
        name="optional-null-accepted",
        reason=(
            "datamodel-code-generator types every optional property `X | None = None`, even "
            "with strict_nullable (which the generator sets), so the bare types accept JSON "
            "null where the spec does not allow it (only ModelUpdateParams.classSlug/epoch/"
            "thumbnail are nullable). It is read as 'absent' for the verdict and written back "
            "as null. Strict validation (validate(), model_validate(strict=True)) checks "
            "the schema table, which rejects it."
        ),
        modes=LAX,
        reads=Rule(_has_properties, _optional_null_absent),
        writes=None,
        witness=Witness("ModelListParams", lambda: {"pageSize": None}, "lax"),
    ),
    Difference(
        name="lax-rejects-integral-float-beyond-int64",
        reason=(
            "Lax mode reads an integral float in an integer place as an integer, but only "
            "strictly inside the 64-bit range: 9.2e18 (2**63) or 1e19 in Error.code is "
            "rejected (int_parsing_size) though JSON Schema counts it as an integer. Accepted: "
            "such floats are not integers any producer means."
        ),
        modes=LAX,
        reads=Rule(_plain_integer_place, _lax_rejects_huge_integral_float),
        writes=None,
        witness=Witness("Error", lambda: {"code": 1e19}, "lax"),
    ),
    Difference(
        name="lax-bool-as-number",
        reason=(
            "pydantic's lax mode (Type.model_validate, the tolerant default for responses) "
            "reads true/false as 1/0 in number and integer places. Strict mode rejects them."
        ),
        modes=LAX,
        reads=Rule(_coercible_number_place, _lax_bool_as_number),
        writes=Rule(_coercible_number_place, _lax_bool_as_number),
        witness=Witness("JobBilling", lambda: {"cuCost": True, "cuDiscount": 0.5}, "lax"),
    ),
    Difference(
        name="lax-numeric-string",
        reason=(
            "pydantic's lax mode reads numeric strings (' 7 ', '1.5', '1e3'; '3.0' for "
            "integers) as numbers in number and integer places. Strict mode rejects them."
        ),
        modes=LAX,
        reads=Rule(_coercible_number_place, _lax_numeric_string),
        writes=Rule(_coercible_number_place, _lax_numeric_string),
        witness=Witness("ModelListParams", lambda: {"pageSize": "3"}, "lax"),
    ),
    Difference(
        name="lax-boolean-spellings",
        reason=(
            "pydantic's lax mode reads 0/1 and 'yes'/'no', 'on'/'off', 'true'/'false', 't'/'f', "
            "'y'/'n', '1'/'0' (any case) as booleans. Strict mode rejects them."
        ),
        modes=LAX,
        reads=Rule(_boolean_place, _lax_boolean_spellings),
        writes=Rule(_boolean_place, _lax_boolean_spellings),
        witness=Witness("ModelListParams", lambda: {"blacklisted": "yes"}, "lax"),
    ),
    Difference(
        name="integer-places-write-integers",
        reason=(
            "An integer place holding 25.0 (the same JSON Schema value as 25) is written "
            "back as 25: integer enums (Literal[0, 25, ...]) in both modes, plain integers in "
            "lax mode. Same value, other spelling."
        ),
        modes=BOTH,
        reads=None,
        writes=Rule(_integer_only, _integral_float_written_as_int),
        witness=Witness("ModelListParams", lambda: {"pageSize": 3.0}, "lax"),
    ),
    Difference(
        name="number-places-write-floats",
        reason=(
            "`number` places are float fields: an integer is written back as a float (3 -> "
            "3.0, the same JSON Schema value); integers beyond 2**53 become the nearest "
            "double, as RFC 8259 section 6 warns every JSON reader may do."
        ),
        modes=BOTH,
        reads=None,
        writes=Rule(_number_place, _number_written_as_float),
        witness=Witness("JobBilling", lambda: {"cuCost": 3, "cuDiscount": 0.5}, "strict"),
    ),
)

KNOWN_GAPS: tuple[Difference, ...] = (
    Difference(
        name="literal-matches-bool-and-number",
        reason=(
            "pydantic-core compares Literal members by Python equality, even in strict mode: "
            "JSON false is accepted as the integer member 0 (Model.accessRestrictions, "
            "Literal[0, 25, 50, 75, 100]) and 1 / 1.0 as the boolean member true "
            "(JobMetadataFlow.includeOutputsInWorkflowJob, Literal[True]). JSON Schema "
            "keeps booleans and numbers apart. No datamodel-code-generator option changes it "
            "(an IntEnum behaves the same); strict validation checks the schema table, which closes it "
            "there, and so does an enum component used as a type on its own (in every mode)."
        ),
        modes=LAX,
        reads=Rule(_is_enum, _literal_python_equality),
        writes=Rule(_is_enum, _literal_python_equality),
        witness=Witness("JobMetadataFlow", lambda: _flow_with_include(1), "lax"),
    ),
)


@dataclass(frozen=True)
class TextGap:
    """A known gap that lives in the JSON text itself, before any decoded instance exists."""

    name: str
    reason: str
    component: str
    texts: tuple[str, ...]  # texts whose validation must fail (they are not JSON numbers)


KNOWN_TEXT_GAPS: tuple[TextGap, ...] = (
    TextGap(
        name="non-finite-numbers-accepted",
        reason=(
            "pydantic's JSON parser takes NaN, Infinity and -Infinity (not JSON, RFC 8259 "
            "section 6) and literals beyond the double range (1e400) as float fields' values, "
            "also in strict mode, and model_dump(mode='json') writes them back as null, which "
            "the spec rejects: the round trip turns a number into null. Fix: the generated "
            "models' config needs allow_inf_nan=False (datamodel-code-generator has no flag "
            "for it; its base_class option can point at a package base model that sets it)."
        ),
        component="JobBilling",
        texts=(
            '{"cuCost": NaN, "cuDiscount": 0}',
            '{"cuCost": Infinity, "cuDiscount": 0}',
            '{"cuCost": -Infinity, "cuDiscount": 0}',
            '{"cuCost": 1e400, "cuDiscount": 0}',
        ),
    ),
)


def _flow_with_include(value: Any) -> Any:
    return place(
        "JobMetadataFlow", minimal("JobMetadataFlow"), ("includeOutputsInWorkflowJob",), value
    )


def by_name() -> dict[str, Difference]:
    return {d.name: d for d in (*DELIBERATE, *KNOWN_GAPS)}
