"""A ``format: password`` field (pydantic ``SecretStr``) is sent as its value, not pydantic's mask.

Found by the corpus contract check: AWS Account's PutAlternateContact sent
``"EmailAddress": "**********"``, which the spec's pattern refused.
"""

from __future__ import annotations

import pydantic

from generator.runtime._base_client import RequestOptions
from generator.runtime._operation import OperationSpec
from tests.runtime.conftest import make_client
from tests.support.server import RecordingServer


class Contact(pydantic.BaseModel):
    email: pydantic.SecretStr = pydantic.Field(alias="EmailAddress")
    name: str = pydantic.Field(alias="Name")
    model_config = pydantic.ConfigDict(populate_by_name=True)


PUT_CONTACT = OperationSpec(
    "putContact",
    "PUT",
    "/contact",
    body_model=Contact,
    body_fields={"EmailAddress": "email", "Name": "name"},
)
FORM_CONTACT = OperationSpec(
    "formContact", "PUT", "/contact", body_model=Contact, body_fields={"EmailAddress": "email", "Name": "name"},
    body_kind="form", body_media_type="application/x-www-form-urlencoded",
)  # fmt: skip


def test_a_secret_field_is_sent_as_its_value_in_json_and_form_bodies(
    server: RecordingServer,
) -> None:
    server.enqueue(status=204)
    server.enqueue(status=204)
    client = make_client(server)
    body = {"EmailAddress": "ceo@example.com", "Name": "Ada"}
    client.request(PUT_CONTACT, params={}, body=body, options=RequestOptions())
    client.request(FORM_CONTACT, params={}, body=body, options=RequestOptions())
    sent_json, sent_form = server.requests
    assert sent_json.json == {"EmailAddress": "ceo@example.com", "Name": "Ada"}
    assert sent_form.body == b"EmailAddress=ceo%40example.com&Name=Ada"
