"""An operation's types named by ``TypeRef`` resolve to the package's own types, once.

The generated package (``scenario_sdk``) is the subject: its runtime resolves a
hint against its ``types`` module. Expected types are built by hand from that
module, or read by ``typing.get_type_hints`` from the resource methods' return
annotations (the text mypy checks), never by the resolver itself.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Literal

import pytest
import scenario_sdk.resources.models as models_module
import scenario_sdk.resources.models_train as train_module
from scenario_sdk import _operation, types


def test_a_hint_resolves_to_the_types_it_names() -> None:
    assert _operation.TypeRef(hint="Model").resolve() is types.Model
    assert _operation.TypeRef(hint="list[Model] | None").resolve() == list[types.Model] | None
    hint = 'Mapping[str, Literal["a", "b"]]'
    assert _operation.TypeRef(hint=hint).resolve() == Mapping[str, Literal["a", "b"]]


def test_a_hint_is_resolved_once() -> None:
    ref = _operation.TypeRef(hint="list[TrainTriggerResponse]")
    assert ref.resolve() is ref.resolve()
    assert _operation.TypeRef(hint="list[TrainTriggerResponse]").resolve() is ref.resolve()


def test_a_type_given_as_it_is_stays_as_it_is() -> None:
    assert _operation.resolved(int) is int
    assert _operation.resolved(None) is None
    spec = _operation.OperationSpec(operation_id="x", method="GET", path="/", response_type=str)
    assert spec.type_of("response_type") is str
    assert spec.type_of("body_model") is None


def test_a_name_the_types_module_lacks_is_an_error() -> None:
    with pytest.raises(NameError, match="NoSuchModel"):
        _operation.TypeRef(hint="list[NoSuchModel]").resolve()


@pytest.mark.parametrize(
    ("module", "resource", "method", "constant"),
    [
        (models_module, "Models", "update", "_MODELS_UPDATE"),
        (train_module, "ModelsTrain", "trigger", "_MODELS_TRAIN_TRIGGER"),
        (train_module, "ModelsTrain", "action", "_MODELS_TRAIN_ACTION"),
    ],
)
def test_each_operation_resolves_the_type_its_method_returns(
    module: object, resource: str, method: str, constant: str
) -> None:
    function = getattr(getattr(module, resource), method)
    names = {**vars(module), **vars(types)}  # the module imports types for type checkers only
    returned = typing.get_type_hints(function, globalns=names)["return"]
    spec = getattr(module, constant)
    assert isinstance(spec.response_type, _operation.TypeRef)
    assert spec.type_of("response_type") is returned
