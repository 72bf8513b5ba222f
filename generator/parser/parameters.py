"""An operation's path, query and header parameters as IR :class:`~generator.ir.Parameter` values.

The path item's parameters are merged with the operation's
(``spec_access.merged_parameters``). Cookie parameters, content-typed
parameters (``content:`` instead of ``schema:``) and recursive parameter
schemas are refused, each naming the parameter.
"""

from __future__ import annotations

from dataclasses import replace

from generator import literals, naming
from generator.errors import Problem
from generator.ir import Parameter
from generator.parser.context import ParseContext, Parsed
from generator.spec_access import OperationView, ParameterRef


def parse_parameters(ctx: ParseContext, view: OperationView) -> Parsed[tuple[Parameter, ...]]:
    """Every supported parameter of ``view``, with Python names unique among them."""
    out: list[Parameter] = []
    problems: list[Problem] = []
    for ref in view.parameters:
        found = _parameter(ctx, ref)
        if isinstance(found, Problem):
            problems.append(found)
        else:
            out.append(found)
    names = naming.deduplicate(p.python_name for p in out)
    return Parsed(tuple(renamed(p, n) for p, n in zip(out, names, strict=True)), tuple(problems))


def _parameter(ctx: ParseContext, ref: ParameterRef) -> Parameter | Problem:
    name, location, param = ref.name, ref.location, ref.value
    if location == "cookie":
        return ctx.error("unsupported", f"cookie parameter {name!r} is not supported", ref.pointer)
    if "schema" not in param:
        return ctx.error(
            "unsupported",
            f"parameter {name!r} has no schema (content-typed parameters are not supported)",
            ref.pointer,
        )
    schema = param["schema"]
    try:
        inlined = ctx.typer.inline(schema)
    except RecursionError:
        return ctx.error("unsupported", f"parameter {name!r} has a recursive schema", ref.pointer)
    style, explode = param.get("style"), param.get("explode")
    description = str(param.get("description") or ctx.deref(schema).get("description") or "")
    return Parameter(
        python_name=naming.parameter(name),
        wire_name=name,
        location=location,
        required=bool(param.get("required")) or location == "path",
        type_hint=ctx.typer.hint(schema, input_side=True),
        docstring_line=literals.one_line(description),
        schema_literal=literals.value(inlined),
        style=str(style) if style is not None else None,
        explode=bool(explode) if explode is not None else None,
    )


def renamed(param: Parameter, name: str) -> Parameter:
    """``param`` with another Python name (the wire name is kept)."""
    return replace(param, python_name=name)
