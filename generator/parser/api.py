"""The whole IR (:class:`~generator.ir.Api`) of a bundled, validated spec.

Runs the client-name check, every operation (``operations``), the resource
tree (``resources``) and the base URL (``servers``), collecting every
problem; raises :class:`~generator.errors.GeneratorError` with all of them
when any was found, so a spec that cannot be generated lists them at once.

Nothing is dropped silently. An operation marked ``x-sdk-ignore: true`` is
left out, and with ``skip_unsupported`` so is every operation whose only
problems are constructs the generator does not support (and every
unsupported security scheme); each left-out construct becomes one ``skipped``
entry (an INFO problem at its pointer) on :attr:`Api.skipped`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from generator.errors import GeneratorError, Location, Problem, Severity, join_pointer
from generator.ir import Api, Operation
from generator.parser.auth import credential_arguments, security_schemes
from generator.parser.context import ParseContext
from generator.parser.extensions import client_name
from generator.parser.keywords import refused_keywords
from generator.parser.operations import parse_operation
from generator.parser.resources import build_resources
from generator.parser.servers import default_base_url
from generator.spec_access import operations


def build(
    data: dict[str, Any],
    *,
    package: str,
    spec_name: str,
    toolkit_version: str,
    locate: Callable[[str], Location] | None = None,
    skip_unsupported: bool = False,
) -> Api:
    """The IR of a bundled, validated spec.

    ``locate`` maps a JSON pointer of ``data`` to a place in the spec's files
    (with a line), so problems found here are as precise as the loader's.
    """
    ctx = ParseContext(data, package=package, spec_name=spec_name, locate=locate)
    client = client_name(ctx)
    schemes = security_schemes(ctx)  # each unsupported scheme reported once, here
    ctx.auth_schemes = schemes.value
    problems: list[Problem] = [*client.problems, *schemes.problems, *refused_keywords(ctx)]
    skipped: list[Problem] = []
    by_resource: dict[tuple[str, ...], list[Operation]] = {}
    constants: set[str] = set()
    for view in operations(data):
        if view.op.get("x-sdk-ignore") is True:
            where = ctx.where(join_pointer(view.pointer, "x-sdk-ignore"))
            skipped.append(_skipped("operation left out (x-sdk-ignore: true)", where))
            continue
        parsed = parse_operation(ctx, view, constants)
        unsupported = [p for p in parsed.problems if p.code in UNSUPPORTED]
        if skip_unsupported and unsupported and len(unsupported) == len(parsed.problems):
            skipped += (_skipped(p.message, p.location) for p in unsupported)
            continue
        problems += parsed.problems
        placed = parsed.value
        by_resource.setdefault(placed.resource_path, []).append(placed.operation)
    # An unsupported scheme is reported once, at its declaration; the operations it
    # leaves without any usable alternative add nothing unless they are skipped.
    problems = [p for p in problems if p.code != "unsupported-auth"]
    if skip_unsupported:
        skipped += (_skipped(p.message, p.location) for p in problems if p.code == "unsupported")
        problems = [p for p in problems if p.code != "unsupported"]
    else:
        problems = [
            replace(p, hint=p.hint or SKIP_HINT) if p.code in UNSUPPORTED else p for p in problems
        ]
    name = client.value
    taken = set(ctx.schema_classes.values()) | {name, f"Async{name}"}
    resources = build_resources(by_resource, taken)
    if problems:
        raise GeneratorError(problems)
    info = data.get("info") or {}
    api = Api(
        title=str(info.get("title", "")),
        version=str(info.get("version", "")),
        description=str(info.get("description", "")),
        spec_name=spec_name,
        package=package,
        client_class=name,
        async_client_class=f"Async{name}",
        env_prefix=package.upper() + "_",
        default_base_url=default_base_url(data),
        resources=resources,
        schema_classes=ctx.schema_classes,
        synthetic_schemas=ctx.synthetic,
        toolkit_version=toolkit_version,
        skipped=tuple(skipped),
        credential_arguments=credential_arguments(schemes.value),
    )
    paginations = tuple(
        op.pagination for r in api.all_resources for op in r.operations if op.pagination
    )
    return replace(api, paginations=paginations)


# Codes of constructs the generator does not support (what --skip-unsupported leaves out).
UNSUPPORTED = frozenset({"unsupported", "unsupported-auth"})
SKIP_HINT = "--skip-unsupported generates the rest and lists what it leaves out"


def _skipped(message: str, location: Location | None) -> Problem:
    """One ``skipped`` entry: what was left out, at its place."""
    return Problem(Severity.INFO, "skipped", message, location)
