"""The naming module: every identifier the generator prints comes from here."""

from __future__ import annotations

import keyword
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import naming
from tests.generator.helpers import run_python

# Spec names of every shape: camelCase, acronyms, separators, digits, unicode.
spec_names = st.text(
    alphabet=st.sampled_from("aZ09_-. $é" + "abcXYZ") | st.characters(), max_size=24
)
CLASS_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nextPaginationToken", "next_pagination_token"),
        ("HTTPServerError", "http_server_error"),
        ("modelID", "model_id"),
        ("X-Request-Id", "x_request_id"),
        ("a.b c", "a_b_c"),
        ("__dunder__", "dunder"),
        ("already_snake", "already_snake"),
        ("3d", "3d"),
    ],
)
def test_snake(name: str, expected: str) -> None:
    assert naming.snake(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("models.train", "ModelsTrain"),
        ("ModelListResponse", "ModelListResponse"),
        ("my-schema.v2_name", "MySchemaV2Name"),
        ("list", "List"),
        ("job_status", "JobStatus"),
    ],
)
def test_pascal(name: str, expected: str) -> None:
    assert naming.pascal(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("class", "class_"),  # keyword
        ("from", "from_"),
        ("import", "import_"),
        ("match", "match"),  # soft keywords are valid names, on every Python version
        ("type", "type"),
        ("list", "list"),  # builtins may be shadowed by attributes and arguments
        ("id", "id"),
        ("model_dump", "model_dump_"),  # pydantic's own attributes may not
        ("model_config", "model_config_"),
        ("schema", "schema_"),
        ("json", "json_"),
        ("model_id", "model_id"),  # protected-namespace lookalike, but not an attribute
        ("3d", "field_3d"),
        ("content-type", "content_type"),
        ("", "field"),
        ("名前", "field"),
    ],
)
def test_attribute(name: str, expected: str) -> None:
    assert naming.attribute(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("timeout", "timeout_"),
        ("extra_headers", "extra_headers_"),
        ("max_retries", "max_retries_"),
        ("self", "self_"),
        ("pageSize", "page_size"),
    ],
)
def test_parameter_never_shadows_a_method_option(name: str, expected: str) -> None:
    assert naming.parameter(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("class", "Class"),
        ("None", "NoneModel"),  # keyword
        ("BaseModel", "BaseModelModel"),  # imported by the types module
        ("Field", "FieldModel"),
        ("UUID", "UUIDModel"),
        ("ValueError", "ValueErrorModel"),  # builtin
        ("3d", "Schema3d"),
        ("Foo_2", "Foo2"),
        ("", "Schema"),
    ],
)
def test_class_name(name: str, expected: str) -> None:
    assert naming.class_name(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("request", "request_"),  # a client method
        ("timeout", "timeout_"),  # a client attribute
        ("with_options", "with_options_"),
        ("with_raw_response", "with_raw_response_"),
        ("with_anything", "with_anything_"),
        ("models", "models"),
        ("class", "class_"),
    ],
)
def test_resource_attribute(name: str, expected: str) -> None:
    assert naming.resource_attribute(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("listModels", "list_models"),
        ("with_raw_response", "with_raw_response_"),
        ("close", "close_"),
        ("def", "def_"),
        ("3rd", "op_3rd"),
    ],
)
def test_method_name(name: str, expected: str) -> None:
    assert naming.method_name(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("models.train", "models_train"), ("class", "class_"), ("list", "list_"), ("2fa", "mod_2fa")],
)
def test_module_name(name: str, expected: str) -> None:
    assert naming.module_name(name) == expected


def test_deduplicate_is_case_insensitive_and_keeps_the_first() -> None:
    assert naming.deduplicate(["a", "A", "a", "b"]) == ["a", "A_2", "a_3", "b"]
    assert naming.deduplicate(["class_", "class_"]) == ["class_", "class_2"]
    assert naming.deduplicate(["FooBar", "foobar"], separator="") == ["FooBar", "foobar2"]
    # a suffixed name may itself be taken later on: still unique
    assert naming.deduplicate(["Foo", "foo", "Foo2"], separator="") == ["Foo", "foo2", "Foo22"]


@given(spec_names)
def test_attribute_is_always_a_safe_identifier(name: str) -> None:
    result = naming.attribute(name)
    assert result.isidentifier()
    assert result.isascii()
    assert not keyword.iskeyword(result)
    assert result not in naming.PYDANTIC_RESERVED
    assert naming.attribute(result) == result, "not stable when applied twice"


@given(spec_names)
def test_parameter_and_resource_names_avoid_reserved_names(name: str) -> None:
    assert naming.parameter(name) not in naming.METHOD_OPTIONS
    resource = naming.resource_attribute(name)
    assert resource not in naming.CLIENT_ATTRIBUTES
    assert not (resource.startswith("with_") and not resource.endswith("_"))
    assert naming.resource_attribute(resource) == resource


@given(spec_names)
def test_class_names_are_plain_pascal_case(name: str) -> None:
    # Letters and digits only: datamodel-code-generator keeps such names verbatim.
    result = naming.class_name(name)
    assert CLASS_NAME.match(result), result
    assert not keyword.iskeyword(result)
    assert result not in naming.GENERATED_MODULE_NAMES
    assert naming.class_name(result) == result


@given(st.lists(spec_names, max_size=12), st.sampled_from(["_", ""]))
def test_deduplicate_makes_names_unique_in_any_case(names: list[str], separator: str) -> None:
    result = naming.deduplicate(names, separator=separator)
    assert len(result) == len(names)
    assert len({n.lower() for n in result}) == len(result)
    assert all(r.startswith(n) for r, n in zip(result, names, strict=True))


@given(
    st.lists(st.sampled_from(["Foo", "foo", "Foo2", "foo_", "Foo_2", "bar"]), max_size=8),
    st.sampled_from(["Foo", "foo", "foo_", "Bar"]),
    st.sampled_from(["_", ""]),
)
def test_unique_takes_the_first_free_numbered_name(
    taken: list[str], name: str, separator: str
) -> None:
    lowered = {t.lower() for t in taken}
    result = naming.unique(name, lowered, separator=separator)
    join = "" if name.endswith("_") else separator
    free = [
        c for c in [name, *(f"{name}{join}{n}" for n in range(2, 12))] if c.lower() not in lowered
    ]
    assert result == free[0]


CLIENT_SURFACE = r"""
import mini_sdk

out = {}
for make in (mini_sdk.Mini, mini_sdk.AsyncMini):
    client = make(api_key="k", api_secret="s")
    out[make.__name__] = sorted(n for n in dir(client) if not n.startswith("_"))
out["resource"] = sorted(n for n in dir(mini_sdk.Mini(api_key="k").widgets) if not n.startswith("_"))
print(json.dumps(out))
"""


def test_client_attributes_cover_the_runtime_clients(mini_output: Path, tmp_path: Path) -> None:
    # A resource named like a client attribute would hide it; the reserved list
    # must follow the runtime when it grows.
    found = run_python(CLIENT_SURFACE, cwd=tmp_path, path=[mini_output])
    resources = {"widgets"}
    for client in ("Mini", "AsyncMini"):
        assert set(found[client]) - resources <= naming.CLIENT_ATTRIBUTES, client
    methods_and_children = {"list", "update", "parts"}
    assert set(found["resource"]) - methods_and_children <= naming.CLIENT_ATTRIBUTES


def test_credentials_one_scheme_keeps_api_key_several_are_named_from_the_schemes() -> None:
    assert naming.credentials([]) == []
    assert naming.credentials(["basicAuth"]) == [("api_key", "api_secret")]
    assert naming.credentials(["tenantKey", "api-key", "timeout", "class", "tenant_key"]) == [
        ("tenant_key", "tenant_key_secret"),
        ("api_key_", "api_key_secret"),
        ("timeout_", "timeout_secret"),
        ("class_", "class_secret"),
        ("tenant_key_2", "tenant_key_2_secret"),
    ]


TEMPLATES = Path(__file__).parents[2] / "templates"
RUNTIME = Path(__file__).parents[2] / "generator" / "runtime"


def test_every_class_name_a_template_imports_is_reserved() -> None:
    """A tag or schema named ``Self`` (Mist's ``/self`` endpoints) must not shadow an import.

    Read from the templates themselves: the names their ``from typing import`` lines
    spell, and the ``__all__`` of every runtime module they import from.
    """
    imported: set[str] = set()
    for template in TEMPLATES.rglob("*.py.j2"):
        text = template.read_text(encoding="utf-8")
        for names in re.findall(r"^from (?:typing|collections\.abc) import ([\w, ]+)$", text, re.M):
            imported.update(n.strip() for n in names.split(","))
        for module in re.findall(r"^from \.+(_\w+) import", text, re.M):
            if module == "_version":  # rendered from a template: __title__, __version__
                continue
            source = (RUNTIME / f"{module}.py").read_text(encoding="utf-8")
            found = re.search(r"^__all__ = \[(.*?)\]", source, re.M | re.S)
            assert found, module
            imported.update(re.findall(r'"(\w+)"', found[1]))
    capitalised = {n for n in imported if n[0].isupper() and not n.isupper()}
    assert "Self" in capitalised
    assert capitalised <= naming.GENERATED_MODULE_NAMES, capitalised - naming.GENERATED_MODULE_NAMES
    assert naming.class_name("self") != "Self"
