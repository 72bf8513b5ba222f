"""client.models.list and client.models.update against the recording server, sync and async.

Each test checks what the server received (method, path, query, body, auth) and
what the call returned (the generated types, compared with the seed payloads).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from scenario_sdk import (
    AsyncModelsCursor,
    MissingCredentialsError,
    ParameterValidationError,
    SyncModelsCursor,
)
from scenario_sdk.types import (
    Model,
    ModelListResponse,
    ModelUpdateParamsConcept,
    ModelUpdateParamsParameters,
    ModelUpdateResponse,
)

from tests.client.conftest import (
    BASIC,
    PUBLIC_TOKEN,
    Flavor,
    dump,
    make_async_client,
    make_client,
    run,
    seed,
)
from tests.support.server import RecordingServer

# -- models.list: request --------------------------------------------------------


def test_list_sends_get_models_with_basic_auth_and_parses_the_seed(
    flavor: Flavor, server: RecordingServer
) -> None:
    payload = seed("models.list.response")
    server.enqueue(json=payload)

    page = flavor.call(lambda client: client.models.list())

    sent = server.last
    assert (sent.method, sent.path, sent.query_string) == ("GET", "/models", "")
    assert sent.headers["authorization"] == BASIC
    assert sent.headers["accept"] == "application/json"
    assert sent.body == b""
    assert len(server.requests) == 1
    assert isinstance(page, AsyncModelsCursor if flavor.is_async else SyncModelsCursor)
    assert isinstance(page.response, ModelListResponse)
    assert dump(page.response) == payload
    assert all(isinstance(model, Model) for model in page.models)
    assert [dump(model) for model in page.models] == payload["models"]
    assert page.next_pagination_token == payload["nextPaginationToken"]


FILTERS: list[tuple[dict[str, Any], list[tuple[str, str]]]] = [
    ({"blacklisted": True}, [("blacklisted", "true")]),
    ({"blacklisted": False}, [("blacklisted", "false")]),
    ({"collection_id": "collection_1"}, [("collectionId", "collection_1")]),
    ({"collection_ids": "c1,c2"}, [("collectionIds", "c1,c2")]),
    ({"created_after": "2024-01-02T03:04:05.000Z"}, [("createdAfter", "2024-01-02T03:04:05.000Z")]),
    ({"created_before": "2024-02-01T00:00:00Z"}, [("createdBefore", "2024-02-01T00:00:00Z")]),
    ({"loaded_only": True}, [("loadedOnly", "true")]),
    ({"original_assets": False}, [("originalAssets", "false")]),
    ({"page_size": 50}, [("pageSize", "50")]),
    ({"pagination_token": "tok/=+&? x"}, [("paginationToken", "tok/=+&? x")]),
    ({"privacy": "public"}, [("privacy", "public")]),
    ({"sort_by": "updatedAt"}, [("sortBy", "updatedAt")]),
    ({"sort_direction": "asc"}, [("sortDirection", "asc")]),
    ({"status": "trained"}, [("status", "trained")]),
    ({"tags": "cats,dogs"}, [("tags", "cats,dogs")]),
    ({"type": "flux.1-lora"}, [("type", "flux.1-lora")]),
    ({"types": ["flux.1-lora", "sd-xl"]}, [("types", "flux.1-lora,sd-xl")]),
    ({"types": ("sd-1_5",)}, [("types", "sd-1_5")]),
    ({"updated_after": "2024-03-01T00:00:00Z"}, [("updatedAfter", "2024-03-01T00:00:00Z")]),
    ({"updated_before": "2024-04-01T00:00:00Z"}, [("updatedBefore", "2024-04-01T00:00:00Z")]),
]


@pytest.mark.parametrize(
    ("kwargs", "expected"), FILTERS, ids=[next(iter(kwargs)) for kwargs, _ in FILTERS]
)
def test_list_sends_each_filter_under_its_wire_name(
    flavor: Flavor, server: RecordingServer, kwargs: dict[str, Any], expected: list[Any]
) -> None:
    server.enqueue(json={"models": []})
    flavor.call(lambda client: client.models.list(**kwargs))
    assert server.last.query == expected


def test_list_query_string_is_encoded_as_the_spec_says(
    flavor: Flavor, server: RecordingServer
) -> None:
    """types: style form, explode false -> one comma-joined value; booleans lower case;
    reserved characters inside a value escaped (a ``+`` must not become a space)."""
    server.enqueue(json={"models": []})
    flavor.call(
        lambda client: client.models.list(
            types=["flux.1-lora", "sd-xl"],
            loaded_only=False,
            blacklisted=True,
            page_size=2,
            pagination_token="a+b/c",
        )
    )
    assert server.last.query_string == (
        "blacklisted=true&loadedOnly=false&pageSize=2&paginationToken=a%2Bb%2Fc"
        "&types=flux.1-lora,sd-xl"
    )


def test_list_sends_every_filter_at_once_and_leaves_none_out(
    flavor: Flavor, server: RecordingServer
) -> None:
    kwargs: dict[str, Any] = {}
    expected: list[tuple[str, str]] = []
    for one, pairs in FILTERS:
        if next(iter(one)) not in kwargs:
            kwargs.update(one)
            expected.extend(pairs)
    kwargs["collection_id"] = None  # None leaves an optional query parameter out
    expected.remove(("collectionId", "collection_1"))
    server.enqueue(json={"models": []})
    flavor.call(lambda client: client.models.list(**kwargs))
    assert sorted(server.last.query) == sorted(expected)


def test_list_without_credentials_sends_the_public_token(
    flavor: Flavor, server: RecordingServer
) -> None:
    server.enqueue(json=seed("models.list.response"))
    page = flavor.call(lambda client: client.models.list(), api_key=None, api_secret=None)
    assert server.last.headers["authorization"] == PUBLIC_TOKEN
    assert page.models[0].id == seed("models.list.response")["models"][0]["id"]


@pytest.mark.parametrize("privacy", ["private", "public", None])
@pytest.mark.parametrize("missing", ["api_key", "api_secret"])
def test_list_with_half_configured_credentials_raises_instead_of_sending_the_public_token(
    flavor: Flavor, server: RecordingServer, privacy: str | None, missing: str
) -> None:
    kwargs = {} if privacy is None else {"privacy": privacy}
    with pytest.raises(MissingCredentialsError) as caught:
        flavor.call(lambda client: client.models.list(**kwargs), **{missing: None})
    assert server.requests == []
    assert caught.value.env_vars == (f"SCENARIO_SDK_{missing.upper()}",)
    assert "half-configured" in str(caught.value)


def test_list_extra_headers_and_query_pass_through(flavor: Flavor, server: RecordingServer) -> None:
    flavor.call(
        lambda client: client.models.list(
            page_size=5,
            extra_headers={"X-Trace": "abc"},
            extra_query={"pageSize": 7, "debug": True},
        )
    )
    assert server.last.headers["x-trace"] == "abc"
    assert server.last.query == [("pageSize", "7"), ("debug", "true")]


# -- models.list: argument validation ---------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "parameter", "path", "rule"),
    [
        ({"page_size": 0}, "page_size", "page_size", "minimum 1"),
        ({"page_size": 501}, "page_size", "page_size", "maximum 500"),
        ({"page_size": "10"}, "page_size", "page_size", "type integer"),
        ({"page_size": True}, "page_size", "page_size", "type integer"),
        ({"privacy": "secret"}, "privacy", "privacy", "one of ['private', 'public']"),
        ({"sort_direction": "up"}, "sort_direction", "sort_direction", "one of ['asc', 'desc']"),
        ({"status": "brand-new"}, "status", "status", None),
        ({"type": "sd-3"}, "type", "type", None),
        ({"types": ["flux.1-lora", "sd-3"]}, "types", "types[1]", None),
        ({"blacklisted": "yes"}, "blacklisted", "blacklisted", "type boolean"),
    ],
)
def test_list_rejects_bad_arguments_before_sending(
    flavor: Flavor,
    server: RecordingServer,
    kwargs: dict[str, Any],
    parameter: str,
    path: str,
    rule: str | None,
) -> None:
    with pytest.raises(ParameterValidationError) as caught:
        flavor.call(lambda client: client.models.list(**kwargs))
    error = caught.value
    assert error.parameter == parameter
    assert error.path == path
    if rule is not None:
        assert error.rule == rule
        assert rule.split()[0] in str(error) or "not one of" in str(error)
    else:
        assert error.rule.startswith("one of [")
    assert str(error).startswith(f"{path}:")
    assert isinstance(error, ValueError)
    assert server.requests == []


@pytest.mark.parametrize("page_size", [1, 500])
def test_list_accepts_page_size_at_the_bounds(
    flavor: Flavor, server: RecordingServer, page_size: int
) -> None:
    flavor.call(lambda client: client.models.list(page_size=page_size))
    assert server.last.query == [("pageSize", str(page_size))]


# -- models.list: pagination -------------------------------------------------------


def _model(model_id: str) -> dict[str, Any]:
    model: dict[str, Any] = copy.deepcopy(seed("models.list.response")["models"][0])
    model["id"] = model_id
    return model


def _enqueue_three_pages(server: RecordingServer) -> None:
    server.enqueue(json={"models": [_model("m1"), _model("m2")], "nextPaginationToken": "cur-2"})
    server.enqueue(json={"models": [_model("m3")], "nextPaginationToken": "cur/3+"})
    server.enqueue(json={"models": [_model("m4"), _model("m5")]})


def _cursors(server: RecordingServer) -> list[str | None]:
    return [dict(request.query).get("paginationToken") for request in server.requests]


def test_iterating_a_page_walks_all_three_pages(flavor: Flavor, server: RecordingServer) -> None:
    _enqueue_three_pages(server)
    items = flavor.items(lambda client: client.models.list(page_size=2, privacy="public"))
    assert [item.id for item in items] == ["m1", "m2", "m3", "m4", "m5"]
    assert all(isinstance(item, Model) for item in items)
    assert _cursors(server) == [None, "cur-2", "cur/3+"]
    for request in server.requests:  # every page keeps the filters and the auth
        assert ("pageSize", "2") in request.query
        assert ("privacy", "public") in request.query
        assert request.headers["authorization"] == BASIC
        assert request.path == "/models"


def test_sync_iteration_is_lazy(server: RecordingServer) -> None:
    _enqueue_three_pages(server)
    with make_client(server) as client:
        page = client.models.list(page_size=2)
        assert len(server.requests) == 1
        items = iter(page)
        assert len(server.requests) == 1
        assert next(items).id == "m1"
        assert next(items).id == "m2"
        assert len(server.requests) == 1  # page 1 not exhausted yet
        assert next(items).id == "m3"
        assert len(server.requests) == 2
        assert next(items).id == "m4"
        assert len(server.requests) == 3
        assert next(items).id == "m5"
        with pytest.raises(StopIteration):
            next(items)
    assert _cursors(server) == [None, "cur-2", "cur/3+"]
    assert len(server.requests) == 3


def test_async_for_over_list_is_lazy(server: RecordingServer) -> None:
    _enqueue_three_pages(server)

    async def main() -> None:
        async with make_async_client(server) as client:
            items = aiter(client.models.list(page_size=2))
            assert server.requests == []  # nothing is sent before iterating
            assert (await anext(items)).id == "m1"
            assert len(server.requests) == 1
            assert (await anext(items)).id == "m2"
            assert len(server.requests) == 1
            assert (await anext(items)).id == "m3"
            assert len(server.requests) == 2
            assert (await anext(items)).id == "m4"
            assert len(server.requests) == 3
            assert (await anext(items)).id == "m5"
            with pytest.raises(StopAsyncIteration):
                await anext(items)

    run(main())
    assert _cursors(server) == [None, "cur-2", "cur/3+"]


def test_sync_pages_by_hand(server: RecordingServer) -> None:
    _enqueue_three_pages(server)
    with make_client(server) as client:
        first = client.models.list()
        assert isinstance(first, SyncModelsCursor)
        assert [m.id for m in first.models] == ["m1", "m2"]
        assert first.next_pagination_token == "cur-2"
        assert first.has_next_page()
        second = first.get_next_page()
        assert isinstance(second, SyncModelsCursor)
        assert [m.id for m in second.models] == ["m3"]
        third = second.get_next_page()
        assert [m.id for m in third.models] == ["m4", "m5"]
        assert third.next_pagination_token is None
        assert not third.has_next_page()
        with pytest.raises(RuntimeError):
            third.get_next_page()
        server.clear()
        server.enqueue(json={"models": [_model("m3")], "nextPaginationToken": "cur/3+"})
        server.enqueue(json={"models": [_model("m4")]})
        # iter_pages starts from the page in hand: page 1 is not fetched again
        assert [p.models[0].id for p in first.iter_pages()] == ["m1", "m3", "m4"]
    assert _cursors(server) == ["cur-2", "cur/3+"]


def test_await_list_gives_the_first_page_and_pages_by_hand(server: RecordingServer) -> None:
    _enqueue_three_pages(server)

    async def main() -> None:
        async with make_async_client(server) as client:
            first = await client.models.list(page_size=2)
            assert isinstance(first, AsyncModelsCursor)
            assert len(server.requests) == 1
            assert [m.id for m in first.models] == ["m1", "m2"]
            assert first.has_next_page()
            second = await first.get_next_page()
            assert [m.id for m in second.models] == ["m3"]
            assert second.next_pagination_token == "cur/3+"
            third = await second.get_next_page()
            assert not third.has_next_page()
            with pytest.raises(RuntimeError):
                await third.get_next_page()

    run(main())
    assert _cursors(server) == [None, "cur-2", "cur/3+"]


def test_async_for_over_an_awaited_page_walks_the_rest(server: RecordingServer) -> None:
    _enqueue_three_pages(server)

    async def main() -> list[str]:
        async with make_async_client(server) as client:
            page = await client.models.list()
            return [model.id async for model in page]

    assert run(main()) == ["m1", "m2", "m3", "m4", "m5"]
    assert _cursors(server) == [None, "cur-2", "cur/3+"]


@pytest.mark.parametrize("last_cursor", ["", "same"])
def test_pagination_stops_on_an_empty_or_repeated_cursor(
    flavor: Flavor, server: RecordingServer, last_cursor: str
) -> None:
    server.enqueue(json={"models": [_model("m1")], "nextPaginationToken": "same"})
    server.enqueue(json={"models": [_model("m2")], "nextPaginationToken": last_cursor})
    items = flavor.items(lambda client: client.models.list())
    assert [item.id for item in items] == ["m1", "m2"]
    assert len(server.requests) == 2


def test_pagination_starts_from_a_given_cursor(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(json={"models": [_model("m9")]})
    items = flavor.items(lambda client: client.models.list(pagination_token="start-here"))
    assert [item.id for item in items] == ["m9"]
    assert _cursors(server) == ["start-here"]


# -- models.update: request ---------------------------------------------------------


def test_update_sends_put_with_a_camel_case_body_and_parses_the_seed(
    flavor: Flavor, server: RecordingServer
) -> None:
    payload = seed("models.update.response")
    server.enqueue(json=payload)

    updated = flavor.call(
        lambda client: client.models.update(
            model_id="model_abc",
            name="Cinematic Realism",
            parameters={"learning_rate": 1e-4, "num_u_net_train_steps": 10},
            class_slug=None,
        )
    )

    sent = server.last
    assert (sent.method, sent.path, sent.query_string) == ("PUT", "/models/model_abc", "")
    assert sent.headers["authorization"] == BASIC
    assert sent.headers["content-type"] == "application/json"
    assert sent.json == {
        "name": "Cinematic Realism",
        "parameters": {"learningRate": 1e-4, "numUNetTrainSteps": 10},
        "classSlug": None,
    }
    assert isinstance(updated, ModelUpdateResponse)
    assert isinstance(updated.model, Model)
    assert dump(updated) == payload


def test_update_with_only_the_model_id_sends_an_empty_object(
    flavor: Flavor, server: RecordingServer
) -> None:
    server.enqueue(json=seed("models.update.response"))
    flavor.call(lambda client: client.models.update(model_id="m1"))
    assert server.last.body == b"{}"
    assert server.last.headers["content-type"] == "application/json"


def test_update_accepts_models_and_camel_case_keys(flavor: Flavor, server: RecordingServer) -> None:
    server.enqueue(json=seed("models.update.response"))
    flavor.call(
        lambda client: client.models.update(
            model_id="m1",
            parameters=ModelUpdateParamsParameters(learning_rate=0.0002, batch_size=2),
            concepts=[
                ModelUpdateParamsConcept(model_id="model_a", scale=0.5),
                {"model_id": "model_b", "scale": -1.5, "model_epoch": "000001"},
                {"modelId": "model_c", "scale": 2},
            ],
            short_description="short",
            type="flux.1-lora",
            epoch=None,
            thumbnail=None,
            original_assets=True,
        )
    )
    sent = server.last
    assert sent.query == [("originalAssets", "true")]
    assert sent.json == {
        "parameters": {"learningRate": 0.0002, "batchSize": 2},
        "concepts": [
            {"modelId": "model_a", "scale": 0.5},
            {"modelId": "model_b", "scale": -1.5, "modelEpoch": "000001"},
            {"modelId": "model_c", "scale": 2},
        ],
        "shortDescription": "short",
        "type": "flux.1-lora",
        "epoch": None,
        "thumbnail": None,
    }


@pytest.mark.parametrize("field", ["parameters", "concepts"])
def test_update_accepts_a_fetched_models_own_values_back(
    flavor: Flavor, server: RecordingServer, field: str
) -> None:
    """``update(parameters=model.parameters)``: the response's ModelParameters / ModelConcept
    are other classes than the body's, with the same fields; they are sent as they came."""
    payload = seed("models.update.response")
    fetched = ModelUpdateResponse.model_validate(payload).model
    server.enqueue(json=payload)
    flavor.call(
        lambda client: client.models.update(model_id="m1", **{field: getattr(fetched, field)})
    )
    assert server.last.json == {field: payload["model"][field]}


@pytest.mark.parametrize(
    ("model_id", "raw_path"),
    [
        ("model_eyVcnFJcR92BxBkz7N6g5w", "/models/model_eyVcnFJcR92BxBkz7N6g5w"),
        ("a/b c", "/models/a%2Fb%20c"),
        ("?#%&+", "/models/%3F%23%25%26%2B"),
        ("modèle", "/models/mod%C3%A8le"),
        ("..", "/models/%2E%2E"),
        (".", "/models/%2E"),
    ],
)
def test_update_percent_encodes_the_model_id(
    flavor: Flavor, server: RecordingServer, model_id: str, raw_path: str
) -> None:
    server.enqueue(json=seed("models.update.response"))
    flavor.call(lambda client: client.models.update(model_id=model_id, name="n"))
    assert server.last.method == "PUT"
    assert server.last.path == raw_path
    assert server.last.decoded_path == f"/models/{model_id}"


def test_update_rejects_an_empty_model_id(flavor: Flavor, server: RecordingServer) -> None:
    """``PUT /models/`` would be another endpoint: nothing is sent."""
    with pytest.raises(ParameterValidationError) as caught:
        flavor.call(lambda client: client.models.update(model_id="", name="n"))
    assert caught.value.parameter == "model_id"
    assert server.requests == []


@pytest.mark.parametrize(
    "credentials",
    [
        {"api_key": None, "api_secret": None},
        {"api_secret": None},
        {"api_key": None},
    ],
    ids=["none", "no-secret", "no-key"],
)
def test_update_without_credentials_raises_and_sends_nothing(
    flavor: Flavor, server: RecordingServer, credentials: dict[str, None]
) -> None:
    with pytest.raises(MissingCredentialsError) as caught:
        flavor.call(lambda client: client.models.update(model_id="m1", name="n"), **credentials)
    missing = [name for name in ("api_key", "api_secret") if name in credentials]
    assert caught.value.env_vars == tuple(f"SCENARIO_SDK_{name.upper()}" for name in missing)
    for name in missing:
        assert f"SCENARIO_SDK_{name.upper()}" in str(caught.value)
    assert server.requests == []


# -- models.update: argument validation ----------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "parameter", "path", "rule"),
    [
        ({"name": "x" * 65}, "name", "name", "maxLength 64"),
        (
            {"short_description": "x" * 257},
            "short_description",
            "short_description",
            "maxLength 256",
        ),
        ({"type": "sd-3"}, "type", "type", None),
        (
            {"parameters": {"learning_rate": 0}},
            "parameters",
            "parameters.learning_rate",
            "exclusiveMinimum 0.0",
        ),
        (
            {"parameters": {"num_u_net_train_steps": 40001}},
            "parameters",
            "parameters.num_u_net_train_steps",
            "maximum 40000.0",
        ),
        (
            {"parameters": {"no_such_knob": 1}},
            "parameters",
            "parameters.no_such_knob",
            "additionalProperties false",
        ),
        (
            {"concepts": [{"model_id": "a", "scale": 0}, {"model_id": "b", "scale": 2.5}]},
            "concepts",
            "concepts[1].scale",
            "maximum 2.0",
        ),
        ({"concepts": [{"scale": 1}]}, "concepts", "concepts[0].model_id", "required"),
        ({"name": 5}, "name", "name", "type string"),
    ],
)
def test_update_rejects_bad_arguments_before_sending(
    flavor: Flavor,
    server: RecordingServer,
    kwargs: dict[str, Any],
    parameter: str,
    path: str,
    rule: str | None,
) -> None:
    with pytest.raises(ParameterValidationError) as caught:
        flavor.call(lambda client: client.models.update(model_id="m1", **kwargs))
    error = caught.value
    assert (error.parameter, error.path) == (parameter, path)
    if rule is None:
        assert error.rule.startswith("one of [")
    else:
        assert error.rule == rule
    assert str(error).startswith(f"{path}:")
    assert server.requests == []


def test_update_accepts_a_name_of_exactly_64_characters(
    flavor: Flavor, server: RecordingServer
) -> None:
    server.enqueue(json=seed("models.update.response"))
    flavor.call(lambda client: client.models.update(model_id="m1", name="x" * 64))
    assert server.last.json == {"name": "x" * 64}


def test_update_rejects_null_for_a_field_the_spec_does_not_make_nullable(
    server: RecordingServer,
) -> None:
    with make_client(server) as client, pytest.raises(ParameterValidationError) as caught:
        client.models.update(model_id="m1", name=None)  # type: ignore[arg-type]
    assert (caught.value.parameter, caught.value.rule) == ("name", "not nullable")
    assert server.requests == []


def test_update_rejects_null_nested_in_a_body_field(server: RecordingServer) -> None:
    with make_client(server) as client, pytest.raises(ParameterValidationError) as caught:
        client.models.update(model_id="m1", parameters={"learning_rate": None})
    assert caught.value.parameter == "parameters"
    assert caught.value.path == "parameters.learning_rate"
    assert server.requests == []
