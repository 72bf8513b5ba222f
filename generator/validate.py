"""Stage 2: check a loaded document before anything is built from it.

Two layers, both reported as :class:`~generator.errors.Problem` values naming
the file, the JSON pointer and the reason:

* structural: the OpenAPI 3.0 / 3.1 meta-schema (openapi-spec-validator);
* semantic: what the meta-schema cannot see: dangling ``$ref``s, ``$ref``
  cycles that cannot become a type, path parameters not declared (or declared
  but not in the path), duplicate operationIds and SDK method names, ``x-sdk-*``
  values that cannot become identifiers, pagination fields that do not exist.
"""

from __future__ import annotations

import os
import pickle
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError, Location, Problem, error, join_pointer
from generator.load import Document, pointer_get
from generator.spec_access import iter_operations

_PATH_TEMPLATE = re.compile(r"\{([^{}]+)\}")
_SDK_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def validate(doc: Document) -> list[Problem]:
    """Every problem in ``doc``; raises :class:`GeneratorError` when any is an error."""
    problems = _check_version(doc)
    if not problems:
        problems = _check_refs(doc)
    if not problems:
        problems = _check_structure(doc)
        try:
            problems += _check_semantics(doc)
        except (AttributeError, TypeError, KeyError):
            if not problems:  # a shape the meta-schema did not reject: a real bug
                raise
    if problems:
        raise GeneratorError(problems)
    return problems


def validate_concurrently(doc: Document) -> Callable[[], None]:
    """Start :func:`validate`; the returned function waits for it and raises its problems.

    The meta-schema check (most of validation's time) runs in a forked child
    process, so the caller can build and render meanwhile on the second core;
    the cheap checks run here first. Where fork is unavailable or unsafe (other
    threads running), everything runs before this returns.
    """
    problems = _check_version(doc) or _check_refs(doc)
    if problems:
        raise GeneratorError(problems)
    if not hasattr(os, "fork") or threading.active_count() > 1:
        validate(doc)
        return lambda: None
    structural = _fork(lambda: _check_structure(doc), doc)
    try:
        semantic = _check_semantics(doc)
    except (AttributeError, TypeError, KeyError):
        found = structural()
        if found:  # the shape the semantic checks tripped over is reported there
            raise GeneratorError(found) from None
        raise

    def join() -> None:
        found = structural() + semantic
        if found:
            raise GeneratorError(found)

    return join


def _fork(check: Callable[[], list[Problem]], doc: Document) -> Callable[[], list[Problem]]:
    """Run ``check`` in a child process; the returned function waits for its problems."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer through the pipe, then leave without cleanup
        os.close(read_end)
        try:
            found = check()
        except Exception as exc:  # reported as a problem by the parent
            found = [
                error("internal", f"the OpenAPI validator failed: {exc}", doc.locate(doc.root, ""))
            ]
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(pickle.dumps(found))
        finally:
            os._exit(0)
    os.close(write_end)
    answer: list[list[Problem]] = []

    def wait() -> list[Problem]:
        if not answer:
            with os.fdopen(read_end, "rb") as pipe:
                payload = pipe.read()
            os.waitpid(pid, 0)
            where = doc.locate(doc.root, "")
            lost = [
                error("internal", "the OpenAPI validator process ended without an answer", where)
            ]
            answer.append(pickle.loads(payload) if payload else lost)  # noqa: S301  # our own child
        return answer[0]

    return wait


def _check_version(doc: Document) -> list[Problem]:
    data = doc.data
    version = data.get("openapi") if isinstance(data, dict) else None
    where = doc.locate(doc.root, "/openapi")
    if not isinstance(version, str):
        hint = "Swagger 2.0 documents must be converted first" if "swagger" in data else ""
        return [
            error(
                "not-openapi", "no 'openapi' version field: not an OpenAPI 3 document", where, hint
            )
        ]
    if not re.match(r"^3\.[01]\.\d+$", version):
        return [
            error(
                "unsupported-version",
                f"OpenAPI {version!r} is not supported (3.0.x or 3.1.x)",
                where,
            )
        ]
    return []


def _check_refs(doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    edges: dict[tuple[Path, str], tuple[Path, str]] = {}
    for file, pointer, ref in doc.walk_refs():
        where = doc.locate(file, join_pointer(pointer, "$ref"))
        try:
            target = doc.resolve(ref, file)
        except KeyError:
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
    from jsonschema.exceptions import best_match  # noqa: PLC0415  # cold path only
    from openapi_spec_validator import (  # noqa: PLC0415  # slow import, cold path only
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    data = doc.data
    cls = (
        OpenAPIV31SpecValidator
        if str(data["openapi"]).startswith("3.1")
        else OpenAPIV30SpecValidator
    )
    problems: list[Problem] = []
    try:
        errors = list(cls(data, base_uri=doc.root.as_uri()).iter_errors())
    except Exception as exc:  # the validator raises assorted errors on odd input
        return [
            error(
                "invalid-openapi",
                f"the OpenAPI validator failed: {_short(str(exc))}",
                Location(doc.display_name(doc.root)),
            )
        ]
    for err in errors:
        if type(err).__name__ in _COVERED_BY_SEMANTICS:
            continue
        deepest = best_match(err.context) if err.context else err
        pointer = _anchor(data, [str(p) for p in deepest.absolute_path], deepest.instance)
        problems.append(
            error("invalid-openapi", _short(deepest.message), doc.locate(doc.root, pointer))
        )
    return problems


# openapi-spec-validator errors that _check_semantics reports with a precise place.
_COVERED_BY_SEMANTICS = frozenset({"DuplicateOperationIDError", "UnresolvableParameterError"})


def _anchor(data: Any, path: list[str], instance: Any) -> str:
    """The JSON pointer of an error whose ``path`` may be relative to a nested schema.

    openapi-spec-validator checks each schema object on its own, so its error
    paths start at that schema, not at the document. The first node (in
    document order) at which ``path`` leads to the offending ``instance`` is
    taken as the schema the error is about.
    """
    relative = join_pointer("", *path)
    for base in _node_pointers(data, ""):
        try:
            if pointer_get(data, base + relative) == instance:
                return base + relative
        except KeyError:
            continue
    return relative


def _node_pointers(node: Any, pointer: str) -> Iterator[str]:
    yield pointer
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _node_pointers(value, join_pointer(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _node_pointers(value, join_pointer(pointer, index))


def _short(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _check_semantics(doc: Document) -> list[Problem]:
    data: dict[str, Any] = doc.data
    problems: list[Problem] = []
    op_ids: dict[str, str] = {}
    sdk_names: dict[tuple[str, str], str] = {}
    for path, method, op, item in iter_operations(data):
        base = join_pointer("/paths", path, method)
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
                error(
                    "unused-path-param",
                    f"path parameter {param.get('name')!r} does not appear in {path}",
                    doc.locate(doc.root, join_pointer("/paths", path, method, "parameters", index)),
                )
            )
    return problems
