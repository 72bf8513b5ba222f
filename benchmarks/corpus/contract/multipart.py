"""openapi-core's reading of multipart bodies, with a primitive part read as its schema's type.

OpenAPI 3.0 (Encoding Object, 4.7.15) sends a primitive property of a multipart
body as a ``text/plain`` part holding the value's text (``hosts=0``). openapi-core
0.23.1 reads the part as that text and checks the string against the property's
``integer``, ``number`` or ``boolean`` schema, which no such part passes (Zoom's
``hosts``, OpenAI's ``n``). It reads a query parameter's text with its own schema
casters (``IntegerCaster``: ``'0'`` -> ``0``); :class:`CastingDeserializer` applies
the same casters to such a part, through openapi-core's documented
``media_type_deserializers_factory``. A part whose text is not of the type is
left as text, and the schema check refuses it as before; nothing else changes.

Imported by ``server.py`` in the server's venv (openapi-core is not a dependency
of the project).
"""

from __future__ import annotations

from typing import Any

from openapi_core.casting.schemas import (
    oas30_write_schema_casters_factory,
    oas31_schema_casters_factory,
)
from openapi_core.casting.schemas.exceptions import CastError
from openapi_core.deserializing.media_types import media_type_deserializers
from openapi_core.deserializing.media_types.deserializers import MediaTypeDeserializer
from openapi_core.deserializing.media_types.factories import MediaTypeDeserializersFactory
from openapi_core.deserializing.styles import StyleDeserializersFactory, style_deserializers

PRIMITIVE = {"integer", "number", "boolean"}


class CastingDeserializer(MediaTypeDeserializer):
    """openapi-core's media type deserializer; a multipart primitive part cast to its type."""

    def decode_property_content_type(
        self, prop_name: str, prop_schema: Any, location: Any, prop_encoding: Any = None
    ) -> Any:
        value = super().decode_property_content_type(
            prop_name, prop_schema, location, prop_encoding
        )
        if not self.mimetype.startswith("multipart") or self.schema_caster is None:
            return value
        many = (prop_schema / "type").read_str("") == "array"
        target = prop_schema / "items" if many else prop_schema
        if (target / "type").read_str("") not in PRIMITIVE:
            return value
        caster = self.schema_caster.evolve(target)
        try:
            if many and isinstance(value, list):
                return [caster.cast(v) if isinstance(v, str) else v for v in value]
            return caster.cast(value) if isinstance(value, str) else value
        except CastError:  # not of the type: the schema check says so
            return value


class CastingFactory(MediaTypeDeserializersFactory):
    """openapi-core's factory of media type deserializers, making :class:`CastingDeserializer`."""

    def create(self, *args: Any, **kwargs: Any) -> MediaTypeDeserializer:
        made = super().create(*args, **kwargs)
        made.__class__ = CastingDeserializer  # the same object and state; evolve() keeps the class
        return made


def factory(version: str) -> CastingFactory:
    """The factory for a document of this OpenAPI version (its own schema casters)."""
    casters = (
        oas31_schema_casters_factory
        if version.startswith("3.1")
        else oas30_write_schema_casters_factory
    )
    styles = StyleDeserializersFactory(casters, style_deserializers=style_deserializers)
    return CastingFactory(styles, media_type_deserializers=media_type_deserializers)
