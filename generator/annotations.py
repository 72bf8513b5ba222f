"""Annotation checks: defaults, examples and patterns, reported at their own place.

A ``default``, ``example`` or ``examples`` value that its own schema rejects is
an annotation defect, common in published specs: a warning
(``invalid-default``, ``invalid-example``) at the value's pointer, never an
error. ``pattern`` strings are ECMA-262 (see :mod:`generator.patterns`): one
that is not valid ECMA-262 is an error (``invalid-pattern``); a valid one
that Python's ``re`` cannot express is a warning (``pattern-not-python``).

Values are checked with the OpenAPI schema validators of
openapi-schema-validator (3.0's ``nullable``, 3.1's dialect), their
``pattern`` keyword replaced by the ECMA-262 one; ``$ref``s resolve against
the document. Each schema is checked where it is written, once. jsonschema-rs
answers first where it cannot be more lenient than they are (see ``_Values``),
so a spec whose values all hold never imports them.
"""

from __future__ import annotations

import functools
import urllib.parse
from typing import Any

from generator import patterns
from generator.errors import Location, Problem, error, join_pointer, warning
from generator.load import Document, pointer_get
from generator.spec_access import mappings_in, ref_pointer
from generator.spec_schemas import Tokens, schema_roots, subschemas
from generator.structure import describe, short_repr

_BASE_URI = "urn:openapi-document"


def check_annotations(doc: Document, *, is_31: bool, place: bool = True) -> list[Problem]:
    """Warnings (and pattern errors) of every schema and example of the entry document.

    Without ``place``, each problem names its file and pointer but no line
    (:meth:`generator.load.Document.placed` adds it later): a JSON spec's lines
    cost a second pass over its text, which a caller waiting for the pointers
    alone need not wait for.
    """
    checker = _Checker(doc, _Values(doc.data, is_31=is_31), place=place)
    problems: list[Problem] = []
    for tokens, schema, owner in schema_roots(doc.data):
        for where, node in subschemas(schema, tokens):
            if isinstance(node, dict):
                problems += _check_schema(checker, where, node, is_31=is_31)
        if owner is not None:
            problems += _check_owner(checker, tokens, owner, schema)
    return problems


def _check_schema(
    checker: _Checker, where: Tokens, schema: dict[str, Any], *, is_31: bool
) -> list[Problem]:
    found: list[Problem] = []
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        place = checker.place((*where, "pattern"))
        reason = patterns.invalid_reason(pattern)
        if reason is not None:
            found.append(
                error(
                    "invalid-pattern",
                    f"pattern {pattern!r} is not an ECMA-262 regular expression: {reason}",
                    place,
                )
            )
        else:
            untranslatable = patterns.untranslatable_reason(pattern)
            if untranslatable is not None:
                found.append(
                    warning(
                        "pattern-not-python",
                        f"pattern {pattern!r} is valid ECMA-262, but {untranslatable}: it is checked here with ECMA-262 semantics, Python code using re cannot enforce it",
                        place,
                    )
                )
    for key in ("default", "example"):
        if key in schema:
            found += checker.value(schema, where, schema[key], (*where, key), f"invalid-{key}")
    examples = schema.get("examples")
    if is_31 and isinstance(examples, list):
        for index, value in enumerate(examples):
            found += checker.value(
                schema, where, value, (*where, "examples", index), "invalid-example"
            )
    return found


def _check_owner(
    checker: _Checker, schema_at: Tokens, owner: dict[str, Any], schema: Any
) -> list[Problem]:
    """``example`` / ``examples`` of a parameter, header or media type, against its schema
    (at ``schema_at``, the owner's ``schema`` key)."""
    where = schema_at[:-1]
    found: list[Problem] = []
    if "example" in owner:
        found += checker.value(
            schema, schema_at, owner["example"], (*where, "example"), "invalid-example"
        )
    examples = owner.get("examples")
    if isinstance(examples, dict):
        for name, example in examples.items():
            if isinstance(example, dict) and "value" in example and "$ref" not in example:
                place = (*where, "examples", name, "value")
                found += checker.value(
                    schema, schema_at, example["value"], place, "invalid-example"
                )
    return found


class _Checker:
    """Turns the reasons a value is invalid into warnings at the value's place."""

    def __init__(self, doc: Document, values: _Values, *, place: bool) -> None:
        self.doc = doc
        self.values = values
        self._lines = place

    def place(self, where: Tokens) -> Location:
        """The location of ``where`` in the entry document (with its line when placing)."""
        pointer = join_pointer("", *where)
        if self._lines:
            return self.doc.locate(self.doc.root, pointer)
        return Location(self.doc.display_name(self.doc.root), pointer)

    def value(
        self, schema: Any, schema_at: Tokens, value: Any, where: Tokens, code: str
    ) -> list[Problem]:
        """The warning (``code``) of ``value`` at ``where``, if ``schema`` (at ``schema_at``)
        rejects it."""
        what = code.removeprefix("invalid-")
        return [
            warning(
                code,
                f"the {what} {short_repr(value)} does not match its schema: {reason}",
                self.place(where),
                f"fix the {what} or the schema; generated code does not rely on it",
            )
            for reason in self.values.errors(schema, schema_at, value)
        ]


class _Values:
    """Validates instance values against schemas of one document (refs resolve inside it).

    Two passes. jsonschema-rs answers "valid" for most values, so that a spec
    whose values all hold never imports openapi-schema-validator and jsonschema
    (about 0.1 s of every run, before anything can be rendered). A value it does
    not accept, or a schema it cannot compile, is judged by the OpenAPI validator:
    its verdict and its reason are the ones reported. The first pass may only be
    stricter than the second, so it is skipped where it could be more lenient:
    for 3.0, a schema that reaches a ``discriminator`` (3.0's validator enforces
    it, draft 4 does not know it). Both read ``pattern`` as ECMA-262.
    """

    def __init__(self, data: Any, *, is_31: bool) -> None:
        self.data = data
        self.is_31 = is_31
        self._fast: Any = None  # (registry, validator class), built on first use
        self._exact: Any = None  # (resolver, validator class), built on first need
        self._reached: dict[str, bool] = {}  # per $ref: reaches a discriminator (_reached_by)
        self._written: dict[str, tuple[bool, set[str]]] = {}  # per $ref (_target)

    def errors(self, schema: Any, schema_at: Tokens, value: Any) -> list[str]:
        """Why ``value`` is not valid under ``schema``, written at ``schema_at`` (best reason
        first; [] when valid)."""
        if not isinstance(schema, dict | bool):
            return []
        if self._fast_accepts(schema, schema_at, value):
            return []
        return self._exact_errors(schema, value)

    def _fast_accepts(self, schema: Any, schema_at: Tokens, value: Any) -> bool:
        if not self.is_31 and self._reaches_discriminator(schema):
            return False
        if self._fast is None:
            import jsonschema_rs  # noqa: PLC0415  # cold path only

            self._fast = (
                jsonschema_rs.Registry([(_BASE_URI, self.data)]),
                jsonschema_rs.Draft202012Validator if self.is_31 else jsonschema_rs.Draft4Validator,
            )
        registry, cls = self._fast
        # the schema by reference, so that its own $refs resolve in the document, as below
        fragment = urllib.parse.quote(join_pointer("", *schema_at), safe="/~")
        try:
            validator = cls({"$ref": f"{_BASE_URI}#{fragment}"}, registry=registry)
            return bool(validator.is_valid(value))
        except Exception:  # a schema it cannot compile (a $ref, a pattern): the exact pass decides
            return False

    def _reaches_discriminator(self, schema: Any) -> bool:
        """``schema`` holds a ``discriminator``, or reaches one through local ``$ref``s."""
        found, refs = _direct(schema)
        return found or any(self._reached_by(ref) for ref in refs)

    def _reached_by(self, ref: str) -> bool:
        """A ``$ref`` reaches a ``discriminator``: a walk over every ref behind it (cycles
        included), kept once complete; a complete answer of a ref met on the way is reused."""
        known = self._reached.get(ref)
        if known is not None:
            return known
        found = False
        seen = {ref}
        stack = [ref]
        while stack:
            current = stack.pop()
            done = self._reached.get(current)
            if done is not None:
                found = found or done
                continue
            own, uses = self._target(current)
            found = found or own
            stack.extend(uses - seen)
            seen |= uses
        self._reached[ref] = found
        return found

    def _target(self, ref: str) -> tuple[bool, set[str]]:
        """What the target of ``ref`` itself writes: a ``discriminator`` or not, its refs."""
        written = self._written.get(ref)
        if written is None:
            pointer = ref_pointer(ref)
            try:
                target = pointer_get(self.data, pointer) if pointer is not None else None
            except KeyError:
                target = None
            written = self._written[ref] = _direct(target)
        return written

    def _exact_errors(self, schema: Any, value: Any) -> list[str]:
        from jsonschema.exceptions import best_match  # noqa: PLC0415  # cold path only

        if self._exact is None:
            from referencing import Registry  # noqa: PLC0415  # cold path only
            from referencing.jsonschema import DRAFT4, DRAFT202012  # noqa: PLC0415

            resource = (DRAFT202012 if self.is_31 else DRAFT4).create_resource(self.data)
            resolver = Registry().with_resource(_BASE_URI, resource).resolver(_BASE_URI)
            self._exact = (resolver, _validator_class(self.is_31))
        resolver, cls = self._exact
        try:
            validator = cls(schema, _resolver=resolver)
            found = list(validator.iter_errors(value))
        except Exception:  # an unresolvable $ref or a broken schema: reported elsewhere
            return []
        if not found:
            return []
        best = best_match(found)
        return [describe(best) + _at(best)] if best is not None else []


def _direct(node: Any) -> tuple[bool, set[str]]:
    """``node`` writes a ``discriminator`` (in a schema, or as a property's name: the
    answer only has to err on the safe side), and the ``$ref`` strings it holds."""
    found = False
    refs: set[str] = set()
    for item in mappings_in(node):
        found = found or "discriminator" in item
        ref = item.get("$ref")
        if isinstance(ref, str):
            refs.add(ref)
    return found, refs


def _at(err: Any) -> str:
    path = "".join(f"[{p!r}]" if isinstance(p, str) else f"[{p}]" for p in err.absolute_path)
    return f" (at {path})" if path else ""


@functools.cache
def _validator_class(is_31: bool) -> Any:
    from jsonschema.validators import extend  # noqa: PLC0415  # cold path only
    from openapi_schema_validator import OAS30Validator, OAS31Validator  # noqa: PLC0415

    base = OAS31Validator if is_31 else OAS30Validator
    return extend(base, {"pattern": patterns.keyword})  # type: ignore[no-untyped-call]  # jsonschema's own API
