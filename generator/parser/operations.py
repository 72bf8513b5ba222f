"""One operation as an IR :class:`~generator.ir.Operation`, and where in the resource tree it goes.

Composes the other parser modules in a fixed order (parameters, request body,
response, pagination, auth: inline classes are named in that order) and
decides what only the operation as a whole can: its resource path, method
name, the signature's argument names (unique across parameters and body
fields), its constant, the type names its module imports, and its docstring.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator import naming
from generator.errors import Problem
from generator.ir import Body, Operation, Pagination, Parameter
from generator.parser.auth import parse_auth
from generator.parser.bodies import parse_body
from generator.parser.context import ParseContext, Parsed
from generator.parser.pagination import parse_pagination
from generator.parser.parameters import parse_parameters, renamed
from generator.parser.responses import parse_response
from generator.spec_access import OperationView


@dataclass(frozen=True)
class PlacedOperation:
    """An operation and the resource path it belongs to (``("models", "train")``)."""

    resource_path: tuple[str, ...]
    operation: Operation


def resource_path(view: OperationView) -> tuple[str, ...]:
    """``x-sdk-resource`` split at dots, else the first tag, else the first literal path segment."""
    resource = view.op.get("x-sdk-resource")
    if isinstance(resource, str):  # dots separate sub-resources
        parts = resource.split(".")
    else:  # a tag or a path segment is one resource, dots and all
        tags = view.op.get("tags") or []
        first_segment = next(
            (s for s in view.path.split("/") if s and not s.startswith("{")), "root"
        )
        parts = [str(tags[0]) if tags else first_segment]
    return tuple(naming.resource_attribute(part) for part in parts if part) or ("root",)


def parse_operation(
    ctx: ParseContext, view: OperationView, constants: set[str]
) -> Parsed[PlacedOperation]:
    """The operation of ``view``; ``constants`` holds the constant names used so far, lower-cased
    (and gains its)."""
    op = view.op
    op_id = str(op.get("operationId") or f"{view.method}_{view.path}")
    path = resource_path(view)
    method_name = str(op.get("x-sdk-method") or op_id)
    params, body = parse_parameters(ctx, view), parse_body(ctx, view, op_id)
    response = parse_response(ctx, view, op_id)
    signature_params, signature_body = signature_names(params.value, body.value)
    pagination = parse_pagination(ctx, view, signature_params, response.value.schema)
    auth = parse_auth(ctx, view)
    constant = naming.unique("_" + naming.snake(".".join((*path, method_name))).upper(), constants)
    constants.add(constant.lower())
    operation = Operation(
        operation_id=op_id,
        method_name=naming.method_name(method_name),
        http_method=view.method.upper(),
        path=view.path,
        docstring=docstring(view, response.value.note),
        constant=constant,
        params=signature_params,
        body=signature_body,
        response_type=response.value.type_hint,
        pagination=pagination.value,
        auth=auth.value,
        type_names=_type_names(
            ctx, signature_params, signature_body, response.value.type_hint, pagination.value
        ),
        deprecated=bool(op.get("deprecated")),
        response=response.value.response,
    )
    problems: tuple[Problem, ...] = (
        *params.problems,
        *body.problems,
        *response.problems,
        *pagination.problems,
        *auth.problems,
    )
    return Parsed(PlacedOperation(path, operation), problems)


def _type_names(
    ctx: ParseContext,
    params: tuple[Parameter, ...],
    body: Body | None,
    response_hint: str | None,
    pagination: Pagination | None,
) -> tuple[str, ...]:
    """The generated classes the operation's signature and result mention, sorted."""
    hints = [response_hint or "", *(p.type_hint for p in params)]
    names: set[str] = set()
    if body:
        if body.model is not None:
            names.add(body.model)
        if body.value_type is not None:
            hints.append(body.value_type)
        hints += [f.type_hint for f in body.fields]
    if pagination:
        hints.append(pagination.item_type)
    for hint in hints:
        names.update(ctx.typer.names_in(hint))
    return tuple(sorted(names))


def signature_names(
    params: tuple[Parameter, ...], body: Body | None
) -> tuple[tuple[Parameter, ...], Body | None]:
    """Parameters and body fields renamed so that every keyword argument name is unique."""
    if not body:
        return params, body
    names = naming.deduplicate(
        [p.python_name for p in params] + [f.python_name for f in body.fields] + ["content_type"]
    )
    renamed_params = tuple(renamed(p, n) for p, n in zip(params, names, strict=False))
    count = len(params) + len(body.fields)
    fields = tuple(
        replace(f, python_name=n)
        for f, n in zip(body.fields, names[len(params) : count], strict=True)
    )
    return renamed_params, replace(body, fields=fields, content_type_name=names[count])


def docstring(view: OperationView, note: str = "") -> str:
    """Summary and description (each once), else ``METHOD /path``; deprecated ones say so first;
    then the response's ``note``, if any."""
    lines = [
        s
        for s in (view.op.get("summary"), view.op.get("description"))
        if isinstance(s, str) and s.strip()
    ]
    text = "\n\n".join(dict.fromkeys(s.strip() for s in lines))
    text = text or f"{view.method.upper()} {view.path}"
    if view.op.get("deprecated"):
        text = "Deprecated.\n\n" + text
    return f"{text}\n\n{note}" if note else text
