"""parser.context: component classes and classes made for inline objects."""

from __future__ import annotations

from generator.parser.context import is_inline_object
from tests.generator.parser.support import context, document

SCHEMAS = {"Thing": {"type": "object", "properties": {"a": {"type": "string"}}}, "CreateBody": {}}


def test_a_component_reference_names_the_component_class_and_registers_nothing() -> None:
    ctx = context(document(schemas=SCHEMAS))
    assert ctx.model_for({"$ref": "#/components/schemas/Thing"}, "Unused") == "Thing"
    assert ctx.synthetic == {}


def test_a_reference_into_a_part_of_a_component_has_no_class() -> None:
    ctx = context(document(schemas=SCHEMAS))
    assert ctx.component_class({"$ref": "#/components/schemas/Thing/properties/a"}) is None


def test_an_inline_object_gets_a_new_class_whose_name_is_not_taken() -> None:
    ctx = context(document(schemas=SCHEMAS))
    inline = {"type": "object", "properties": {"b": {"type": "integer"}}}
    first = ctx.model_for(inline, "CreateBody")
    second = ctx.model_for(dict(inline), "CreateBody")
    assert first is not None
    assert second is not None
    assert len({first, second, *ctx.schema_classes.values()}) == 2 + len(SCHEMAS)
    assert ctx.synthetic == {first: inline, second: inline}
    assert ctx.typer.names_in(f"list[{first}]") == [first]


def test_only_objects_written_in_place_are_inline_objects() -> None:
    assert is_inline_object({"type": "object"})
    assert is_inline_object({"properties": {}})
    assert not is_inline_object({"$ref": "#/components/schemas/Thing"})
    assert not is_inline_object({"type": "array"})
    assert not is_inline_object(True)


def test_problems_are_returned_with_their_place() -> None:
    problem = context(document()).error("unsupported", "no", "/paths/~1x")
    assert problem.location is not None
    assert (problem.location.file, problem.location.pointer) == ("spec.yaml", "/paths/~1x")
