"""A tiny hand-written "generated SDK" over the runtime, shaped like the generator's output.

Models are camelCase on the wire with snake_case Python names
(``extra="allow"``, ``populate_by_name=True``), operations are module constants,
resources call ``self._client.request(...)`` / ``request_page(...)``.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field

from generator.runtime._base_client import (
    AsyncAPIClient,
    AsyncAPIResource,
    RequestOptions,
    SyncAPIClient,
    SyncAPIResource,
)
from generator.runtime._operation import AuthScheme, OperationSpec, PaginationSpec, ParamSpec
from generator.runtime._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from generator.runtime._types import NOT_GIVEN, Headers, NotGiven, Query, Timeout

API_KEY = "key-AAAA-BBBB-CCCC-1234"
API_SECRET = "sup3r-s3cret-VALUE-42"
PUBLIC_TOKEN = "public-list-token"
ENV_PREFIX = "RTTEST_SDK_"


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class HyperParameters(_Model):
    learning_rate: float | None = Field(None, alias="learningRate", gt=0, le=1)
    batch_size: int | None = Field(None, alias="batchSize", ge=1)


class Tag(_Model):
    name: str = Field(max_length=16)
    tag_value: str | None = Field(None, alias="tagValue")


class Model(_Model):
    model_id: str = Field(alias="modelId")
    status: Literal["ready", "training"]
    hyper_parameters: HyperParameters | None = Field(None, alias="hyperParameters")
    tags: list[Tag] = Field(default_factory=list)
    created_at: datetime.datetime | None = Field(None, alias="createdAt")


class CreateModelBody(_Model):
    display_name: str = Field(alias="displayName", max_length=64)
    parameters: HyperParameters | None = None
    tags: list[Tag] | None = None
    mode: Literal["fast", "slow"] | None = None


class ModelList(_Model):
    models: list[Model]
    next_pagination_token: str | None = Field(None, alias="nextPaginationToken")


BASIC = (AuthScheme("basic"),)
PUBLIC = (AuthScheme("apiKey", name="X-Public-Token", value=PUBLIC_TOKEN),)

MODEL_ID = ParamSpec("model_id", "modelId", "path", {"type": "string", "minLength": 1}, True)

GET_MODEL = OperationSpec(
    operation_id="getModel",
    method="GET",
    path="/models/{modelId}",
    params=(MODEL_ID,),
    response_type=Model,
    auth=(BASIC,),
)
DELETE_MODEL = OperationSpec(
    operation_id="deleteModel",
    method="DELETE",
    path="/models/{modelId}",
    params=(MODEL_ID,),
    auth=(BASIC,),
)
LIST_MODELS = OperationSpec(
    operation_id="listModels",
    method="GET",
    path="/models",
    params=(
        ParamSpec(
            "page_size", "pageSize", "query", {"type": "integer", "minimum": 1, "maximum": 100}
        ),
        ParamSpec("pagination_token", "paginationToken", "query", {"type": "string"}),
        ParamSpec("status", "status", "query", {"type": "string", "enum": ["ready", "training"]}),
        ParamSpec("tags", "tag", "query", {"type": "array", "items": {"type": "string"}}),
        ParamSpec(
            "ids", "ids", "query", {"type": "array", "items": {"type": "string"}}, explode=False
        ),
        ParamSpec("sizes", "sizes", "query", {"type": "array"}, style="spaceDelimited"),
        ParamSpec("kinds", "kinds", "query", {"type": "array"}, style="pipeDelimited"),
        ParamSpec("filter", "filter", "query", {"type": "object"}, style="deepObject"),
        ParamSpec("verbose", "verbose", "query", {"type": "boolean"}),
        ParamSpec("trace_id", "X-Trace-Id", "header", {"type": "string", "maxLength": 32}),
    ),
    response_type=ModelList,
    auth=(BASIC, PUBLIC),
    pagination=PaginationSpec("paginationToken", "nextPaginationToken", "models"),
)
CREATE_MODEL = OperationSpec(
    operation_id="createModel",
    method="POST",
    path="/models",
    body_model=CreateModelBody,
    body_fields={
        "displayName": "display_name",
        "parameters": "parameters",
        "tags": "tags",
        "mode": "mode",
    },
    body_required=True,
    response_type=Model,
    auth=(BASIC,),
)
ECHO = OperationSpec(
    operation_id="echo", method="POST", path="/echo", response_type=dict[str, Any], auth=(BASIC,)
)
BEARER_PING = OperationSpec(
    operation_id="ping",
    method="GET",
    path="/ping",
    response_type=dict[str, Any],
    auth=((AuthScheme("bearer"),),),
)
OPEN_PING = OperationSpec(
    operation_id="openPing", method="GET", path="/open", response_type=dict[str, Any]
)


def options(
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    timeout: Timeout | NotGiven = NOT_GIVEN,
    max_retries: int | NotGiven = NOT_GIVEN,
) -> RequestOptions:
    return RequestOptions(
        extra_headers=extra_headers,
        extra_query=extra_query,
        timeout=timeout,
        max_retries=max_retries,
    )


class ModelsPage(SyncCursorPage[Model]):
    @property
    def models(self) -> list[Model]:
        found: list[Model] = self.response.models
        return found


class AsyncModelsPage(AsyncCursorPage[Model]):
    @property
    def models(self) -> list[Model]:
        found: list[Model] = self.response.models
        return found


def _list_params(**kwargs: Any) -> dict[str, object]:
    wire = {spec.name: spec.wire for spec in LIST_MODELS.params}
    return {wire[name]: value for name, value in kwargs.items()}


class Models(SyncAPIResource):
    def get(self, model_id: str, **opts: Any) -> Model:
        result: Model = self._client.request(
            GET_MODEL, params={"modelId": model_id}, body=None, options=options(**opts)
        )
        return result

    def delete(self, model_id: str, **opts: Any) -> None:
        # Always return the call's result: through with_raw_response it is an APIResponse.
        return self._client.request(  # type: ignore[no-any-return]  # None, or raw
            DELETE_MODEL, params={"modelId": model_id}, body=None, options=options(**opts)
        )

    def list(self, *, opts: dict[str, Any] | None = None, **params: Any) -> ModelsPage:
        return self._client.request_page(
            LIST_MODELS,
            params=_list_params(**params),
            body=None,
            options=options(**(opts or {})),
            page_cls=ModelsPage,
        )

    def create(
        self,
        *,
        display_name: object = NOT_GIVEN,
        parameters: object = NOT_GIVEN,
        tags: object = NOT_GIVEN,
        mode: object = NOT_GIVEN,
        **opts: Any,
    ) -> Model:
        body = {"displayName": display_name, "parameters": parameters, "tags": tags, "mode": mode}
        result: Model = self._client.request(
            CREATE_MODEL, params={}, body=body, options=options(**opts)
        )
        return result


class AsyncModels(AsyncAPIResource):
    async def get(self, model_id: str, **opts: Any) -> Model:
        result: Model = await self._client.request(
            GET_MODEL, params={"modelId": model_id}, body=None, options=options(**opts)
        )
        return result

    async def delete(self, model_id: str, **opts: Any) -> None:
        return await self._client.request(  # type: ignore[no-any-return]  # None, or raw
            DELETE_MODEL, params={"modelId": model_id}, body=None, options=options(**opts)
        )

    def list(
        self, *, opts: dict[str, Any] | None = None, **params: Any
    ) -> AsyncPaginator[Model, AsyncModelsPage]:
        return self._client.request_page(
            LIST_MODELS,
            params=_list_params(**params),
            body=None,
            options=options(**(opts or {})),
            page_cls=AsyncModelsPage,
        )

    async def create(
        self,
        *,
        display_name: object = NOT_GIVEN,
        parameters: object = NOT_GIVEN,
        tags: object = NOT_GIVEN,
        mode: object = NOT_GIVEN,
        **opts: Any,
    ) -> Model:
        body = {"displayName": display_name, "parameters": parameters, "tags": tags, "mode": mode}
        result: Model = await self._client.request(
            CREATE_MODEL, params={}, body=body, options=options(**opts)
        )
        return result


class Client(SyncAPIClient):
    def __init__(
        self,
        *,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | httpx.URL | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            api_key=api_key,
            api_secret=api_secret,
            base_url=base_url,
            env_prefix=ENV_PREFIX,
            default_base_url="http://127.0.0.1:9/v1",
            user_agent="rttest_sdk/0.1.0",
            **kwargs,
        )
        self.models = Models(self)


class AsyncClient(AsyncAPIClient):
    def __init__(
        self,
        *,
        api_key: str | None = None,
        api_secret: str | None = None,
        base_url: str | httpx.URL | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            api_key=api_key,
            api_secret=api_secret,
            base_url=base_url,
            env_prefix=ENV_PREFIX,
            default_base_url="http://127.0.0.1:9/v1",
            user_agent="rttest_sdk/0.1.0",
            **kwargs,
        )
        self.models = AsyncModels(self)


def model_json(model_id: str = "m1", **extra: Any) -> dict[str, Any]:
    return {"modelId": model_id, "status": "ready", **extra}
