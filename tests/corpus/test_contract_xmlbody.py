"""XML bodies of the contract check, read and written by OpenAPI's XML Object rules.

The expected documents are the examples of OpenAPI 3.0.3, section 4.7.26.2 (XML Object
Examples), written out by hand from the specification's text; values drawn for an XML body
must read back as drawn, checked with jsonschema against their converted schema.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis_jsonschema import from_schema

from benchmarks.corpus.contract import schemas, strategies, xmlbody

SPEC: dict[str, Any] = {
    "components": {
        "schemas": {
            "Person": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer", "format": "int32", "xml": {"attribute": True}},
                    "name": {"type": "string", "xml": {"namespace": "http://example.com/schema/sample", "prefix": "sample"}},
                },
            },
            "Tagged": {
                "type": "object",
                "required": ["TagSet"],
                "properties": {"TagSet": {"allOf": [{"$ref": "#/components/schemas/TagSet"}, {"description": "tags"}]}},
            },
            "TagSet": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/Tag"}, {"xml": {"name": "Tag"}}]}},
            "Tag": {"type": "object", "required": ["Key"], "properties": {"Key": {"type": "string"}, "Size": {"type": "integer"}, "On": {"type": "boolean"}}},
        }
    }
}  # fmt: skip


def _same(left: str, right: str) -> bool:
    return ET.canonicalize(left, strip_text=True) == ET.canonicalize(right, strip_text=True)


def test_an_attribute_and_a_namespaced_element_as_in_the_openapi_example() -> None:
    # <Person id="123"><sample:name xmlns:sample="...">example</sample:name></Person>
    document = ('<Person id="123"><sample:name xmlns:sample="http://example.com/schema/sample">'
                "example</sample:name></Person>")  # fmt: skip
    schema = {"$ref": "#/components/schemas/Person"}
    assert xmlbody.loads(document, SPEC, schema) == {"id": 123, "name": "example"}
    assert xmlbody.loads(
        xmlbody.dumps({"id": 123, "name": "example"}, SPEC, schema), SPEC, schema
    ) == {"id": 123, "name": "example"}


@pytest.mark.parametrize(
    ("array", "document"),
    [
        # "animals" unwrapped, no names: each item an <animals> element
        ({"type": "array", "items": {"type": "string"}},
         "<doc><animals>value</animals><animals>value2</animals></doc>"),
        # items named "animal", unwrapped: <animal> elements, the array's own name ignored
        ({"type": "array", "items": {"type": "string", "xml": {"name": "animal"}}},
         "<doc><animal>value</animal><animal>value2</animal></doc>"),
        ({"type": "array", "xml": {"name": "aliens"}, "items": {"type": "string", "xml": {"name": "animal"}}},
         "<doc><animal>value</animal><animal>value2</animal></doc>"),
        # wrapped: one <animals> element around them, the items named as the array when unnamed
        ({"type": "array", "xml": {"wrapped": True}, "items": {"type": "string"}},
         "<doc><animals><animals>value</animals><animals>value2</animals></animals></doc>"),
        ({"type": "array", "xml": {"wrapped": True}, "items": {"type": "string", "xml": {"name": "animal"}}},
         "<doc><animals><animal>value</animal><animal>value2</animal></animals></doc>"),
        ({"type": "array", "xml": {"name": "aliens", "wrapped": True}, "items": {"type": "string", "xml": {"name": "animal"}}},
         "<doc><aliens><animal>value</animal><animal>value2</animal></aliens></doc>"),
    ],
)  # fmt: skip
def test_arrays_as_in_the_openapi_examples(array: dict[str, Any], document: str) -> None:
    schema = {"type": "object", "properties": {"animals": array}}
    value = {"animals": ["value", "value2"]}
    assert xmlbody.loads(document, SPEC, schema) == value
    assert _same(
        xmlbody.dumps(value, SPEC, schema)
        .replace("<document>", "<doc>")
        .replace("</document>", "</doc>"),
        document,
    )


def test_types_are_read_by_the_schema_and_all_of_parts_carry_the_names() -> None:
    schema = {"$ref": "#/components/schemas/Tagged"}
    document = (
        "<Tagged><Tag><Key>a</Key><Size>3</Size><On>true</On></Tag><Tag><Key>b</Key></Tag></Tagged>"
    )
    assert xmlbody.loads(document, SPEC, schema) == {
        "TagSet": [{"Key": "a", "Size": 3, "On": True}, {"Key": "b"}]
    }


def test_a_root_the_schema_names_is_checked_and_text_is_not_xml() -> None:
    schema = {"$ref": "#/components/schemas/Tagged"}
    with pytest.raises(ValueError, match="root element"):
        xmlbody.loads("<Other/>", SPEC, schema)
    with pytest.raises(ValueError, match="not an XML document"):
        xmlbody.loads("gT¿", SPEC, {"type": "object"})
    assert xmlbody.loads(
        "<anything><a>1</a></anything>",
        SPEC,
        {"type": "object", "properties": {"a": {"type": "string"}}},
    ) == {"a": "1"}


def test_media_types() -> None:
    assert all(
        map(xmlbody.is_xml, ["text/xml", "application/xml; charset=utf-8", "application/atom+xml"])
    )
    assert not any(map(xmlbody.is_xml, ["application/json", "text/plain", None]))


BODY = schemas.to_json_schema(SPEC, {"$ref": "#/components/schemas/Tagged"})


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(from_schema(strategies.xml_text(BODY)))
def test_a_value_drawn_for_an_xml_body_reads_back_as_drawn(value: Any) -> None:
    jsonschema.validate(value, BODY)  # the narrowed draw is a value of the body's own schema
    schema = {"$ref": "#/components/schemas/Tagged"}
    assert xmlbody.loads(xmlbody.dumps(value, SPEC, schema), SPEC, schema) == value


def test_a_string_body_is_the_root_element_s_text() -> None:
    # Pandorabots' application/xml file contents, `type: string`: any document, its root's text
    assert xmlbody.loads("<aiml>hello</aiml>", SPEC, {"type": "string"}) == "hello"
    assert (
        xmlbody.loads(xmlbody.dumps("a & <b>", SPEC, {"type": "string"}), SPEC, {"type": "string"})
        == "a & <b>"
    )
