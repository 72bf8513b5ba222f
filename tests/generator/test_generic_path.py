"""A spec without any x-sdk-* extension still gives a usable client.

Resources come from an operation's first tag or, without tags, from the first
path segment; method names are the operationIds in snake_case. The expected
surface below is written by hand from the spec, not read from the generator.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.generator.helpers import HERE, generate, run_python

GENERIC_SPEC = HERE / "specs" / "generic.yaml"

EXPECTED_SURFACE = {
    "pets": ["create_pet", "list_pets", "show_pet_by_id"],  # from the tag `pets`
    "store": ["get_inventory"],  # first path segment of /store/inventory
    # first path segment; operationId ListUserOrders, and no operationId at all
    "users": ["list_user_orders", "post_users_user_id_orders"],
    "ops_internal": ["health_check"],  # the tag `ops.internal`, not ops -> internal
}

SURFACE = r"""
import inspect
import petstore_sdk

found = {}
for make in (petstore_sdk.Petstore, petstore_sdk.AsyncPetstore):
    client = make(api_key="k", api_secret="s")
    found[make.__name__] = {
        name: sorted(
            m for m in dir(getattr(client, name))
            if not m.startswith("_") and m not in ("with_raw_response", "with_streaming_response")
        )
        for name in ARGS["resources"]
    }
    found[make.__name__ + ".coroutines"] = sorted(
        f"{name}.{m}"
        for name in ARGS["resources"]
        for m in found[make.__name__][name]
        if inspect.iscoroutinefunction(getattr(getattr(client, name), m))
    )
print(json.dumps(found))
"""


def surface(out: Path, cwd: Path) -> dict[str, object]:
    """Public methods of each resource on a sync and an async client, from a fresh interpreter."""
    return run_python(SURFACE, cwd=cwd, path=[out], args={"resources": sorted(EXPECTED_SURFACE)})


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    """A private copy of the generic spec."""
    target = tmp_path / "generic.yaml"
    shutil.copyfile(GENERIC_SPEC, target)
    return target


def test_resources_and_methods_come_from_tags_paths_and_operation_ids(
    spec: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    generate(out, "petstore_sdk", spec)
    found = surface(out, tmp_path)
    assert found["Petstore"] == EXPECTED_SURFACE
    assert found["AsyncPetstore"] == EXPECTED_SURFACE
    assert found["Petstore.coroutines"] == []
    assert found["AsyncPetstore.coroutines"] == sorted(
        f"{resource}.{method}"
        for resource, methods in EXPECTED_SURFACE.items()
        for method in methods
    )

    # Adding an operation to the spec adds its method to the generated resource.
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    data["paths"]["/pets/{petId}/vaccinations"] = {
        "post": {
            "operationId": "vaccinatePet",
            "tags": ["pets"],
            "parameters": [
                {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {"204": {"description": "done"}},
        }
    }
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    generate(out, "petstore_sdk", spec)

    after = surface(out, tmp_path)
    assert after["Petstore"] == {
        **EXPECTED_SURFACE,
        "pets": ["create_pet", "list_pets", "show_pet_by_id", "vaccinate_pet"],
    }
    assert "pets.vaccinate_pet" in after["AsyncPetstore.coroutines"]
