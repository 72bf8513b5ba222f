"""An XML body and its value, by the rules of OpenAPI's XML Object (standard library only).

The check's server reads an XML request body back into the value openapi-core
validates (openapi-core has no XML deserializer of its own: it would check the
document's text against the object schema), and the driver writes the value it
drew for an XML body as a document; the client sends that document unchanged
(an XML body is the caller's document). Both follow OpenAPI 3.0's XML Object,
section 4.7.26, and nothing else:

- an object is an element whose properties are child elements named by the
  property (or its ``xml.name``); ``xml.attribute: true`` makes a property an
  attribute of the object's element instead;
- an array is its items as repeated elements, each named by the items'
  ``xml.name`` or else by the property's name; ``xml.wrapped: true`` puts them
  inside one element named by the array's ``xml.name`` or the property;
- a primitive is the element's text (an attribute's value), read back as the
  schema's type says: ``integer``, ``number``, ``boolean`` (``true`` /
  ``false``), else a string;
- the root element is named by the body schema's ``xml.name``, or the name of
  the component it refers to; OpenAPI names none for an inline schema, so any
  root name is read. ``xml.prefix`` and ``xml.namespace`` qualify names: they
  are written and, when read, names are compared without their namespace.

The schemas are the spec's own (``$ref`` and ``allOf`` followed here), not the
converted ones the draws come from: the XML annotations live only there.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

try:
    from . import schemas
except ImportError:  # run beside server.py / driver.py as a script, not as a package
    import schemas  # type: ignore[no-redef]

MAX_DEPTH = 40  # references followed along one path (a document is never deeper than its value)
DEFAULT_ROOT = "document"


def is_xml(media_type: str | None) -> bool:
    """An XML media type (application/xml, text/xml, a ``+xml`` suffix; RFC 7303)."""
    bare = (media_type or "").split(";")[0].strip().lower()
    return bare in {"application/xml", "text/xml"} or bare.endswith("+xml")


def resolved(spec: Mapping[str, Any], schema: Any, depth: int = 0) -> dict[str, Any]:
    """The schema with its ``$ref`` followed and its ``allOf`` parts merged into it: properties
    and required names joined, any other keyword (``type``, ``items``, ``xml``) taken from the
    first place that has it, the schema's own keywords first."""
    node = schemas.deref(spec, schema)
    if not isinstance(node, Mapping) or depth > MAX_DEPTH:
        return {}
    out: dict[str, Any] = {k: v for k, v in node.items() if k != "allOf"}
    properties = dict(node.get("properties") or {})
    xml = dict(node.get("xml") or {})
    for part in node.get("allOf") or []:
        merged = resolved(spec, part, depth + 1)
        for name, sub in (merged.get("properties") or {}).items():
            properties.setdefault(name, sub)
        for key, value in (merged.get("xml") or {}).items():
            xml.setdefault(key, value)
        for key, value in merged.items():
            out.setdefault(key, value)
    if properties:
        out["properties"] = properties
    if xml:
        out["xml"] = xml
    return out


def _type(schema: Mapping[str, Any]) -> str:
    declared = schema.get("type")
    if isinstance(declared, list):  # a 3.1 type list: its first non-null type
        declared = next((t for t in declared if t != "null"), None)
    if declared is None and "properties" in schema:
        return "object"
    return str(declared or "string")


def _qualified(name: str, xml: Mapping[str, Any]) -> str:
    namespace = xml.get("namespace")
    return f"{{{namespace}}}{name}" if namespace else name


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def root_name(spec: Mapping[str, Any], schema: Any) -> str | None:
    """The root element's name: ``xml.name``, else the component the schema refers to."""
    xml = resolved(spec, schema).get("xml") or {}
    if xml.get("name"):
        return str(xml["name"])
    ref = schema.get("$ref") if isinstance(schema, Mapping) else None
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return ref.rsplit("/", 1)[-1]
    return None


# -- writing ---------------------------------------------------------------------------------


def dumps(value: Any, spec: Mapping[str, Any], schema: Any) -> str:
    """The XML document of a body value."""
    node = resolved(spec, schema)
    name = root_name(spec, schema) or DEFAULT_ROOT
    element = ET.Element(_qualified(name, node.get("xml") or {}))
    _fill(element, value, spec, node, 0)
    return ET.tostring(element, encoding="unicode")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _fill(element: ET.Element, value: Any, spec: Mapping[str, Any], node: Mapping[str, Any],
          depth: int) -> None:  # fmt: skip
    if not isinstance(value, Mapping):
        element.text = _text(value)
        return
    properties = node.get("properties") or {}
    extra = node.get("additionalProperties")
    for name, item in value.items():
        sub = resolved(spec, properties.get(name, extra if isinstance(extra, Mapping) else {}))
        _child(element, str(name), item, spec, sub, depth + 1)


def _child(parent: ET.Element, name: str, value: Any, spec: Mapping[str, Any],
           node: Mapping[str, Any], depth: int) -> None:  # fmt: skip
    xml = node.get("xml") or {}
    own = str(xml.get("name") or name)
    if xml.get("attribute"):
        parent.set(_qualified(own, xml), _text(value))
        return
    if isinstance(value, list):
        items = resolved(spec, node.get("items") or {})
        item_xml = items.get("xml") or {}
        holder = parent
        if xml.get("wrapped"):
            holder = ET.SubElement(parent, _qualified(own, xml))
            item_name = str(item_xml.get("name") or own)
        else:
            item_name = str(item_xml.get("name") or name)
        for item in value:
            element = ET.SubElement(holder, _qualified(item_name, item_xml))
            _fill(element, item, spec, items, depth + 1)
        return
    element = ET.SubElement(parent, _qualified(own, xml))
    _fill(element, value, spec, node, depth)


# -- reading ---------------------------------------------------------------------------------


def loads(document: bytes | str, spec: Mapping[str, Any], schema: Any) -> Any:
    """The value of an XML document by its body schema (``ValueError`` if it is not XML, or its
    root element is not the one the schema names)."""
    try:
        root = ET.fromstring(document)
    except ET.ParseError as exc:
        raise ValueError(f"not an XML document: {exc}") from exc
    wanted = root_name(spec, schema)
    if wanted is not None and _local(root.tag) != wanted:
        raise ValueError(f"root element {_local(root.tag)!r}, the schema names {wanted!r}")
    return _read(root, spec, resolved(spec, schema), 0)


def _scalar(text: str, node: Mapping[str, Any]) -> Any:
    kind = _type(node)
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            number = float(text)
            return int(number) if number.is_integer() and "." not in text else number
    except ValueError:
        return text  # left as text: the schema check says what is wrong with it
    if kind == "boolean" and text in {"true", "false"}:
        return text == "true"
    return text


def _read(element: ET.Element, spec: Mapping[str, Any], node: Mapping[str, Any],
          depth: int) -> Any:  # fmt: skip
    if _type(node) != "object" or depth > MAX_DEPTH:
        return _scalar(element.text or "", node)
    value: dict[str, Any] = {}
    children = list(element)
    properties = node.get("properties") or {}
    for name, raw in properties.items():
        sub = resolved(spec, raw)
        xml = sub.get("xml") or {}
        own = str(xml.get("name") or name)
        if xml.get("attribute"):
            found = next((v for k, v in element.attrib.items() if _local(k) == own), None)
            if found is not None:
                value[name] = _scalar(found, sub)
            continue
        if _type(sub) == "array":
            items = resolved(spec, sub.get("items") or {})
            item_xml = items.get("xml") or {}
            if xml.get("wrapped"):
                wrapper = next((c for c in children if _local(c.tag) == own), None)
                if wrapper is None:
                    continue
                item_name = str(item_xml.get("name") or own)
                value[name] = [_read(c, spec, items, depth + 1) for c in wrapper
                               if _local(c.tag) == item_name]  # fmt: skip
            else:
                item_name = str(item_xml.get("name") or name)
                found_items = [c for c in children if _local(c.tag) == item_name]
                if found_items:
                    value[name] = [_read(c, spec, items, depth + 1) for c in found_items]
            continue
        child = next((c for c in children if _local(c.tag) == own), None)
        if child is not None:
            value[name] = _read(child, spec, sub, depth + 1)
    extra = node.get("additionalProperties")
    if extra not in (None, False):  # names the properties do not claim: one element each
        claimed = _claimed(spec, properties)
        sub = resolved(spec, extra if isinstance(extra, Mapping) else {})
        for child in children:
            if _local(child.tag) not in claimed:
                value[_local(child.tag)] = _read(child, spec, sub, depth + 1)
    return value


def _claimed(spec: Mapping[str, Any], properties: Mapping[str, Any]) -> set[str]:
    """The element names an object's properties take (their own, or their items')."""
    names: set[str] = set()
    for name, raw in properties.items():
        sub = resolved(spec, raw)
        xml = sub.get("xml") or {}
        names.add(str(xml.get("name") or name))
        item_xml = resolved(spec, sub.get("items") or {}).get("xml") or {}
        if item_xml.get("name"):
            names.add(str(item_xml["name"]))
    return names
