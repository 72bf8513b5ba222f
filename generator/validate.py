"""Stage 2: check a loaded document before anything is built from it.

Two layers, both reported as :class:`~generator.errors.Problem` values naming
the file, the JSON pointer and the reason:

* structural: the OpenAPI 3.0 / 3.1 meta-schema (:mod:`generator.structure`),
  defaults, examples and ECMA-262 patterns (:mod:`generator.annotations`);
* semantic: what the meta-schema cannot see: dangling ``$ref``s, ``$ref``
  cycles that cannot become a type, path parameters not declared (or declared
  but not in the path), duplicate operationIds and SDK method names, ``x-sdk-*``
  values that cannot become identifiers, pagination fields that do not exist.

Defects that do not stop generation (what loading forgave, bad defaults and
examples, a missing response description, a declared path parameter absent
from the path ...) are warnings: :func:`validate` returns them, and raises
every problem at once when any is an error (``strict``: when there is any).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator import forked
from generator.annotations import check_annotations
from generator.errors import (
    GeneratorError,
    Location,
    Problem,
    Severity,
    arrange,
    error,
    join_pointer,
    warning,
)
from generator.errors import strict as make_strict
from generator.load import Document, pointer_get
from generator.spec_access import iter_operations
from generator.structure import HTTP_METHODS, check_structure
from generator.unsatisfiable import unsatisfiable_warnings

_PATH_TEMPLATE = re.compile(r"\{([^{}]+)\}")
__all__ = [
    "HTTP_METHODS",
    "Pending",
    "iter_operations",
    "validate",
    "validate_concurrently",
    "verdict",
]
_SDK_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def validate(doc: Document, *, strict: bool = False) -> list[Problem]:
    """The warnings of ``doc``; raises :class:`GeneratorError` with every problem when any is an error.

    ``strict`` makes every warning an error.
    """
    problems = _check_version(doc)
    if not problems:
        problems = _check_refs(doc)
    if not problems:
        problems = _check_structure(doc)
        try:
            problems += _check_semantics(doc)
        except (AttributeError, TypeError, KeyError):
            if not _errors(problems):  # a shape the meta-schema did not reject: a real bug
                raise
    return verdict([*doc.warnings, *problems], strict=strict)


def verdict(problems: list[Problem], *, strict: bool) -> list[Problem]:
    """The warnings among ``problems``, arranged; raise them all when any is an error."""
    if strict:
        problems = make_strict(problems)
    if _errors(problems):
        raise GeneratorError(problems)
    return arrange(problems)


def _errors(problems: list[Problem]) -> bool:
    return any(p.severity >= Severity.ERROR for p in problems)


class Pending:
    """A validation under way: call it to wait for the verdict (warnings, or raise).

    ``early`` (waited for on first use) holds what is found before the
    meta-schema check ends (what loading forgave, the annotation and semantic
    checks), for a caller that renders meanwhile and must leave forgiven
    values out.
    """

    def __init__(
        self, early: Callable[[], list[Problem]], wait: Callable[[], list[Problem]]
    ) -> None:
        self._early = early
        self._found: list[list[Problem]] = []
        self.wait = wait

    @property
    def early(self) -> list[Problem]:
        """The problems found without the meta-schema (waits for the annotation checks)."""
        if not self._found:
            self._found.append(self._early())
        return self._found[0]

    def __call__(self) -> list[Problem]:
        """The warnings; raises :class:`GeneratorError` when any problem is an error."""
        return self.wait()


def validate_concurrently(doc: Document, *, strict: bool = False, reuse: bool = False) -> Pending:
    """Start :func:`validate`; the returned :class:`Pending` waits for it.

    The annotation checks, then the meta-schema check, run in a forked child
    process (the JSON Schema libraries they import are needed there only),
    so the caller can import what it renders with, then build and render
    meanwhile on the second core; the semantic checks run here. Where fork is
    unavailable or unsafe (other threads running), everything runs before
    this returns. With ``reuse``, a spec that differs from one that passed both
    checks only in descriptions and enum values is not checked again
    (:mod:`generator.verdict_cache`).
    """
    problems = _check_version(doc) or _check_refs(doc)
    if problems:
        raise GeneratorError(problems)
    if not forked.usable():
        found = validate(doc, strict=strict)
        return Pending(lambda: found, lambda: found)
    annotations, structural = _reused_checks(doc) if reuse else _fork_checks(doc)
    try:
        semantic = [*doc.warnings, *_check_semantics(doc)]
    except (AttributeError, TypeError, KeyError):
        found = structural()
        if _errors(found):  # the shape the semantic checks tripped over is reported there
            raise GeneratorError(found) from None
        raise

    def early() -> list[Problem]:
        return [*semantic, *annotations()]

    # the last answer holds the annotation problems again, with their lines
    return Pending(early, lambda: verdict([*semantic, *structural()], strict=strict))


def _reused_checks(doc: Document) -> list[Callable[[], list[Problem]]]:
    """The checks of :func:`_fork_checks`, answered at once when a same-shaped spec passed them."""
    from generator.verdict_cache import Verdict  # noqa: PLC0415

    known = Verdict(doc)
    if known.known_clean():
        return [list, list]
    annotations, structural = _fork_checks(doc)

    def remembered() -> list[Problem]:
        found = structural()
        if not found and not annotations():
            known.passed()
        return found

    return [annotations, remembered]


def _fork_checks(doc: Document) -> list[Callable[[], list[Problem]]]:
    """The annotation and meta-schema checks in a child process; a waiting function for each.

    The first answers with the annotation problems' pointers alone (what rendering waits
    for); the second with the meta-schema's problems and the annotation problems again,
    placed on their lines (a JSON spec's second pass over its text, done meanwhile).
    """

    def where() -> Location:  # placed only when needed (see _check_version)
        return doc.locate(doc.root, "")

    def guarded(check: Callable[[], list[Problem]]) -> Callable[[], list[Problem]]:
        def run() -> list[Problem]:
            try:
                return check()
            except Exception as exc:  # reported as a problem, at the document
                return [error("internal", f"the OpenAPI validator failed: {exc}", where())]

        return run

    def answered(wait: Callable[[], list[Problem]]) -> Callable[[], list[Problem]]:
        def problems() -> list[Problem]:
            try:
                return wait()
            except GeneratorError as exc:  # the child ended without an answer
                return [replace(p, location=p.location or where()) for p in exc.problems]

        return problems

    unplaced: list[Problem] = []  # the child's: both checks run there, one after the other

    def annotations() -> list[Problem]:
        unplaced[:] = _check_annotations(doc, place=False)
        return unplaced

    structure = guarded(lambda: check_structure(doc))
    checks = [guarded(annotations), lambda: [*map(doc.placed, unplaced), *structure()]]
    return [answered(wait) for wait in forked.forked_stages(checks, "the OpenAPI validator")]


def _check_version(doc: Document) -> list[Problem]:
    data = doc.data
    version = data.get("openapi") if isinstance(data, dict) else None
    if isinstance(version, str) and re.match(r"^3\.[01]\.\d+$", version):
        return []
    # placed only now: a JSON spec's places cost a second pass over its text
    where = doc.locate(doc.root, "/openapi")
    if not isinstance(version, str):
        hint = "Swagger 2.0 documents must be converted first" if "swagger" in data else ""
        return [
            error(
                "not-openapi", "no 'openapi' version field: not an OpenAPI 3 document", where, hint
            )
        ]
    return [
        error(
            "unsupported-version",
            f"OpenAPI {version!r} is not supported (3.0.x or 3.1.x)",
            where,
        )
    ]


def _check_refs(doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    edges: dict[tuple[Path, str], tuple[Path, str]] = {}
    for file, pointer, ref in doc.walk_refs():
        try:
            target = doc.resolve(ref, file)
        except KeyError:
            where = doc.locate(file, join_pointer(pointer, "$ref"))  # placed only when needed
            problems.append(error("dangling-ref", f"$ref {ref!r} points at nothing", where))
            continue
        node = pointer_get(doc.files[file], pointer)
        if isinstance(node, dict) and set(node) <= {"$ref", "description", "summary"}:
            edges[(file, pointer)] = (target.file, target.pointer)
    # A chain of objects that are nothing but a $ref and loops back cannot become a type.
    reported: set[tuple[Path, str]] = set()
    for start in sorted(edges):
        chain, node = [start], edges[start]
        while node in edges and node not in chain:
            chain.append(node)
            node = edges[node]
        if node in chain and not reported.intersection(chain):
            reported.update(chain)
            cycle = " -> ".join(f"#{p}" for _, p in chain[chain.index(node) :]) + f" -> #{node[1]}"
            problems.append(
                error("ref-cycle", f"$ref cycle that cannot be a type: {cycle}", doc.locate(*start))
            )
    return problems


def _check_structure(doc: Document) -> list[Problem]:
    """The meta-schema (what it forgives as warnings) and the annotation checks."""
    return [*check_structure(doc), *_check_annotations(doc)]


def _check_annotations(doc: Document, *, place: bool = True) -> list[Problem]:
    is_31 = str(doc.data["openapi"]).startswith("3.1")
    return check_annotations(doc, is_31=is_31, place=place)


def _check_semantics(doc: Document) -> list[Problem]:
    data: dict[str, Any] = doc.data
    problems: list[Problem] = []
    op_ids: dict[str, str] = {}
    sdk_names: dict[tuple[str, str], str] = {}
    problems += _check_tags(doc)
    problems += unsatisfiable_warnings(doc)
    items_seen: set[str] = set()
    for path, method, op, item in iter_operations(data):
        base = join_pointer("/paths", path, method)
        if path not in items_seen:
            items_seen.add(path)
            problems += _check_duplicate_params(doc, join_pointer("/paths", path), item)
        problems += _check_duplicate_params(doc, base, op)
        op_id = op.get("operationId")
        if isinstance(op_id, str):
            if op_id in op_ids:
                problems.append(
                    error(
                        "duplicate-operation-id",
                        f"operationId {op_id!r} is also used at #{op_ids[op_id]}",
                        doc.locate(doc.root, base + "/operationId"),
                    )
                )
            op_ids.setdefault(op_id, base)
        problems += _check_path_params(doc, path, method, op, item)
        resource, method_name = op.get("x-sdk-resource"), op.get("x-sdk-method")
        for key, value in (("x-sdk-resource", resource), ("x-sdk-method", method_name)):
            if value is None:
                continue
            parts = value.split(".") if isinstance(value, str) else [None]
            if not all(isinstance(p, str) and _SDK_NAME.match(p) for p in parts) or (
                key == "x-sdk-method" and len(parts) != 1
            ):
                problems.append(
                    error(
                        "invalid-sdk-name",
                        f"{key} {value!r} cannot become a Python name",
                        doc.locate(doc.root, f"{base}/{key}"),
                        "use letters, digits and underscores (dots separate sub-resources)",
                    )
                )
        if isinstance(resource, str) and isinstance(method_name, str):
            key2 = (resource, method_name)
            if key2 in sdk_names:
                problems.append(
                    error(
                        "duplicate-sdk-method",
                        f"{resource}.{method_name} is also defined at #{sdk_names[key2]}",
                        doc.locate(doc.root, base + "/x-sdk-method"),
                    )
                )
            sdk_names.setdefault(key2, base)
    return problems


def _check_duplicate_params(doc: Document, pointer: str, owner: dict[str, Any]) -> list[Problem]:
    """A parameter listed twice (same name and location) in one parameters list: an error."""
    problems: list[Problem] = []
    seen: dict[tuple[Any, Any], str] = {}
    for index, param in _params(doc, owner.get("parameters")):
        key = (param.get("name"), param.get("in"))
        where = join_pointer(pointer, "parameters", index)
        if key in seen:
            problems.append(
                error(
                    "duplicate-parameter",
                    f"{key[1]} parameter {key[0]!r} is also declared at #{seen[key]}",
                    doc.locate(doc.root, where),
                )
            )
        seen.setdefault(key, where)
    return problems


def _check_tags(doc: Document) -> list[Problem]:
    """A tag name declared twice in the top-level ``tags``: a warning (the first one is used)."""
    tags = doc.data.get("tags")
    problems: list[Problem] = []
    seen: set[Any] = set()
    for index, tag in enumerate(tags if isinstance(tags, list) else []):
        name = tag.get("name") if isinstance(tag, dict) else None
        if name in seen:
            where = doc.locate(doc.root, join_pointer("/tags", index))
            problems.append(warning("duplicate-tag", f"tag {name!r} is declared twice", where))
        seen.add(name)
    return problems


def _params(doc: Document, params: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    for index, param in enumerate(params or []):
        resolved = param
        if isinstance(param, dict) and "$ref" in param:
            resolved = doc.resolve(param["$ref"], doc.root).value
        if isinstance(resolved, dict):
            yield str(index), resolved


def _check_path_params(
    doc: Document, path: str, method: str, op: dict[str, Any], item: dict[str, Any]
) -> list[Problem]:
    problems: list[Problem] = []
    in_template = _PATH_TEMPLATE.findall(path)
    declared = {
        p.get("name")
        for _, p in [*_params(doc, item.get("parameters")), *_params(doc, op.get("parameters"))]
        if p.get("in") == "path"
    }
    for name in in_template:
        if name not in declared:
            problems.append(
                error(
                    "undeclared-path-param",
                    f"path parameter {{{name}}} of {method.upper()} {path} is not declared in its parameters",
                    doc.locate(doc.root, join_pointer("/paths", path, method)),
                    f"add {{name: {name}, in: path, required: true, schema: {{type: string}}}}",
                )
            )
    for index, param in _params(doc, op.get("parameters")):
        if param.get("in") == "path" and param.get("name") not in in_template:
            problems.append(
                warning(
                    "unused-path-param",
                    f"path parameter {param.get('name')!r} does not appear in {path}: it is not sent",
                    doc.locate(doc.root, join_pointer("/paths", path, method, "parameters", index)),
                )
            )
    return problems
