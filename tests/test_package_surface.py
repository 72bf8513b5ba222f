"""The generated package's public surface is complete and mirrors the documented SDK."""

from __future__ import annotations

import inspect

import scenario_sdk
import yaml
from scenario_sdk import _exceptions, types

from tests.conftest import ROOT


def test_every_exported_name_exists() -> None:
    missing = [name for name in scenario_sdk.__all__ if not hasattr(scenario_sdk, name)]
    assert missing == []
    assert len(set(scenario_sdk.__all__)) == len(scenario_sdk.__all__)


def test_every_error_class_is_exported() -> None:
    errors = {
        name
        for name, value in vars(_exceptions).items()
        if inspect.isclass(value)
        and issubclass(value, Exception)
        and value.__module__ == _exceptions.__name__
    }
    assert errors
    assert errors <= set(scenario_sdk.__all__)


def test_documented_imports() -> None:
    # The reference pages import these names.
    from scenario_sdk import AsyncScenario, Scenario  # noqa: F401, PLC0415  # the import is the test
    from scenario_sdk.types import (  # noqa: F401, PLC0415
        Job,
        Model,
        ModelListResponse,
        ModelParameters,
        ModelTrainingProgress,
        ModelUpdateResponse,
        TrainActionResponse,
        TrainTriggerResponse,
    )


def test_documented_resource_methods_take_the_model_id_first_and_the_rest_by_keyword() -> None:
    # The pages call models.update(model_id, **params): the path parameter may be
    # positional (or a keyword), everything else is keyword-only.
    with scenario_sdk.Scenario(
        api_key="k", api_secret="s", base_url="http://127.0.0.1:9"
    ) as client:
        methods = {
            client.models.list: None,
            client.models.update: "model_id",
            client.models.train.trigger: "model_id",
            client.models.train.action: "model_id",
        }
        for method, positional in methods.items():
            parameters = list(inspect.signature(method).parameters.values())
            if positional is not None:
                first = parameters.pop(0)
                assert (first.name, first.kind) == (
                    positional,
                    inspect.Parameter.POSITIONAL_OR_KEYWORD,
                )
            assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters)
        update = inspect.signature(client.models.update).parameters
        assert {"model_id", "name", "parameters", "original_assets"} <= set(update)


def test_types_module_has_every_component() -> None:
    # Objects become classes and enums Literal aliases, named as the spec names them.
    spec = yaml.safe_load((ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8"))
    missing = [name for name in spec["components"]["schemas"] if not hasattr(types, name)]
    assert missing == []


def test_public_runtime_modules_are_re_exported_whole() -> None:
    # A name added to a public runtime module's __all__ reaches the package root
    # with no second list to update; private helpers stay out of it.
    from scenario_sdk import _response, _types, _validate  # noqa: PLC0415

    for module in (_exceptions, _response, _types, _validate):
        for name in module.__all__:
            assert getattr(scenario_sdk, name) is getattr(module, name), name
            assert name in scenario_sdk.__all__, name
    assert "make_status_error" not in scenario_sdk.__all__
    assert "raw_response_requested" not in scenario_sdk.__all__
