"""The base class of every generated model: pydantic's ``BaseModel`` plus ``to_dict`` / ``to_json``.

The types module's classes inherit from :class:`BaseModel` (datamodel-code-generator's
``base_class``), so every model, parsed from a response or built by hand, offers
the two conversions of Stainless SDKs. Both default to what the API sent: names
as on the wire (``modelId``, not ``model_id``) and only the fields that were set,
so ``Model.model_validate(payload).to_dict() == payload``.
"""

from __future__ import annotations

from typing import Literal

import pydantic

__all__ = ["BaseModel"]


class BaseModel(pydantic.BaseModel):
    """A generated model; pydantic's ``BaseModel`` with ``to_dict()`` and ``to_json()``."""

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "json",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> dict[str, object]:
        """This model as a dictionary, recursively (nested models become dictionaries too).

        ``mode="json"`` (the default) gives only JSON values; ``"python"`` keeps
        Python objects where a field has them. ``use_api_names``: keys as the
        API spells them, else the Python attribute names. ``exclude_unset``:
        leave out fields that were neither sent by the server nor given when
        the model was built. ``exclude_defaults`` / ``exclude_none``: leave out
        fields equal to their default / that are ``None``. ``warnings``: let
        pydantic warn about values that do not fit their field's type (kept
        leniently from a newer server's response).
        """
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """This model as JSON text, indented by ``indent`` spaces (``None``: on one line).

        The other options are those of :meth:`to_dict`.
        """
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )
