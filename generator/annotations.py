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
the document. Each schema is checked where it is written, once.
"""

from __future__ import annotations

import functools
from typing import Any

from generator import patterns
from generator.errors import Problem, error, join_pointer, warning
from generator.load import Document
from generator.spec_schemas import Tokens, schema_roots, subschemas
from generator.structure import describe, short_repr

_BASE_URI = "urn:openapi-document"


def check_annotations(doc: Document, *, is_31: bool) -> list[Problem]:
    """Warnings (and pattern errors) of every schema and example of the entry document."""
    checker = _Checker(doc, _Values(doc.data, is_31=is_31))
    problems: list[Problem] = []
    for tokens, schema, owner in schema_roots(doc.data):
        for where, node in subschemas(schema, tokens):
            if isinstance(node, dict):
                problems += _check_schema(doc, checker, where, node, is_31=is_31)
        if owner is not None:
            problems += _check_owner(checker, tokens[:-1], owner, schema)
    return problems


def _check_schema(
    doc: Document, checker: _Checker, where: Tokens, schema: dict[str, Any], *, is_31: bool
) -> list[Problem]:
    found: list[Problem] = []
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        place = doc.locate(doc.root, join_pointer("", *where, "pattern"))
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
            found += checker.value(schema, schema[key], (*where, key), f"invalid-{key}")
    examples = schema.get("examples")
    if is_31 and isinstance(examples, list):
        for index, value in enumerate(examples):
            found += checker.value(schema, value, (*where, "examples", index), "invalid-example")
    return found


def _check_owner(
    checker: _Checker, where: Tokens, owner: dict[str, Any], schema: Any
) -> list[Problem]:
    """``example`` / ``examples`` of a parameter, header or media type, against its schema."""
    found: list[Problem] = []
    if "example" in owner:
        found += checker.value(schema, owner["example"], (*where, "example"), "invalid-example")
    examples = owner.get("examples")
    if isinstance(examples, dict):
        for name, example in examples.items():
            if isinstance(example, dict) and "value" in example and "$ref" not in example:
                place = (*where, "examples", name, "value")
                found += checker.value(schema, example["value"], place, "invalid-example")
    return found


class _Checker:
    """Turns the reasons a value is invalid into warnings at the value's place."""

    def __init__(self, doc: Document, values: _Values) -> None:
        self.doc = doc
        self.values = values

    def value(self, schema: Any, value: Any, where: Tokens, code: str) -> list[Problem]:
        """The warning (``code``) of ``value`` at ``where``, if ``schema`` rejects it."""
        what = code.removeprefix("invalid-")
        return [
            warning(
                code,
                f"the {what} {short_repr(value)} does not match its schema: {reason}",
                self.doc.locate(self.doc.root, join_pointer("", *where)),
                f"fix the {what} or the schema; generated code does not rely on it",
            )
            for reason in self.values.errors(schema, value)
        ]


class _Values:
    """Validates instance values against schemas of one document (refs resolve inside it)."""

    def __init__(self, data: Any, *, is_31: bool) -> None:
        from referencing import Registry  # noqa: PLC0415  # cold path only
        from referencing.jsonschema import DRAFT4, DRAFT202012  # noqa: PLC0415

        resource = (DRAFT202012 if is_31 else DRAFT4).create_resource(data)
        self.resolver = Registry().with_resource(_BASE_URI, resource).resolver(_BASE_URI)
        self.cls = _validator_class(is_31)

    def errors(self, schema: Any, value: Any) -> list[str]:
        """Why ``value`` is not valid under ``schema`` (best reason first; [] when valid)."""
        if not isinstance(schema, dict | bool):
            return []
        from jsonschema.exceptions import best_match  # noqa: PLC0415  # cold path only

        try:
            validator = self.cls(schema, _resolver=self.resolver)
            found = list(validator.iter_errors(value))
        except Exception:  # an unresolvable $ref or a broken schema: reported elsewhere
            return []
        if not found:
            return []
        best = best_match(found)
        return [describe(best) + _at(best)] if best is not None else []


def _at(err: Any) -> str:
    path = "".join(f"[{p!r}]" if isinstance(p, str) else f"[{p}]" for p in err.absolute_path)
    return f" (at {path})" if path else ""


@functools.cache
def _validator_class(is_31: bool) -> Any:
    from jsonschema.validators import extend  # noqa: PLC0415  # cold path only
    from openapi_schema_validator import OAS30Validator, OAS31Validator  # noqa: PLC0415

    base = OAS31Validator if is_31 else OAS30Validator
    return extend(base, {"pattern": patterns.keyword})  # type: ignore[no-untyped-call]  # jsonschema's own API
