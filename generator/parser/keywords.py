"""Refusals of the JSON Schema keywords the generated package cannot check exactly.

The schema table (``generator.schema_table``) and its checker in the runtime
(``_jsonschema``) give JSON Schema's verdict for every keyword they keep;
the keywords below need what they lack (annotation collection across
subschemas for ``unevaluatedProperties`` / ``unevaluatedItems``, dynamic
scopes for ``$dynamicRef`` and its older spelling ``$recursiveRef``). Rather
than drop them, ``generate`` refuses each by name at its JSON pointer (with
``--skip-unsupported`` the keyword is left out of the checks and the skip
recorded, as for every other unsupported construct).
"""

from __future__ import annotations

from generator.errors import Problem, join_pointer
from generator.parser.context import ParseContext
from generator.spec_schemas import schema_roots, subschemas

REFUSED: dict[str, str] = {
    "unevaluatedProperties": "needs annotation collection across subschemas",
    "unevaluatedItems": "needs annotation collection across subschemas",
    "$dynamicRef": "needs dynamic scopes",
    "$dynamicAnchor": "needs dynamic scopes",
    "$recursiveRef": "needs dynamic scopes",
    "$recursiveAnchor": "needs dynamic scopes",
}


def refused_keywords(ctx: ParseContext) -> list[Problem]:
    """One ``unsupported`` error per refused keyword written in any schema of the spec."""
    problems: list[Problem] = []
    for tokens, root, _ in schema_roots(ctx.data):
        for where, node in subschemas(root, tokens):
            if not isinstance(node, dict):
                continue
            for keyword in REFUSED.keys() & node.keys():
                pointer = join_pointer("", *where, keyword)
                message = (
                    f"JSON Schema keyword {keyword!r} is not supported ({REFUSED[keyword]}); "
                    "the generated types could not check it"
                )
                problems.append(ctx.error("unsupported", message, pointer))
    return problems
