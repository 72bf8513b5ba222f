"""The whole IR (:class:`~generator.ir.Api`) of a bundled, validated spec.

Runs the client-name check, every operation (``operations``), the resource
tree (``resources``) and the base URL (``servers``), collecting every
problem; raises :class:`~generator.errors.GeneratorError` with all of them
when any was found, so a spec that cannot be generated lists them at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from generator.errors import GeneratorError, Location, Problem
from generator.ir import Api, Operation
from generator.parser.context import ParseContext
from generator.parser.extensions import client_name
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
) -> Api:
    """The IR of a bundled, validated spec.

    ``locate`` maps a JSON pointer of ``data`` to a place in the spec's files
    (with a line), so problems found here are as precise as the loader's.
    """
    ctx = ParseContext(data, package=package, spec_name=spec_name, locate=locate)
    client = client_name(ctx)
    problems: list[Problem] = list(client.problems)
    by_resource: dict[tuple[str, ...], list[Operation]] = {}
    constants: set[str] = set()
    for view in operations(data):
        parsed = parse_operation(ctx, view, constants)
        problems += parsed.problems
        placed = parsed.value
        by_resource.setdefault(placed.resource_path, []).append(placed.operation)
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
    )
    paginations = tuple(
        op.pagination for r in api.all_resources for op in r.operations if op.pagination
    )
    return replace(api, paginations=paginations)
