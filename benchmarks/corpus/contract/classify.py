"""Why a call of the contract check went wrong: one cause per finding, from rules kept here.

A finding is a request the validator refused, a call the client refused to
send, or a response the client could not parse. The cause comes first from
facts the check recorded (a drawn argument that does not validate against its
own schema; a drawn response that openapi-core itself refuses), then from the
first rule in :data:`RULES` whose pattern matches the message. Anything else is
``unclassified``: listed as it is, never guessed.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

OURS = "ours"  # our client's bug
SPEC = "spec"  # the spec's own inconsistency
VALIDATOR = "validator"  # a limitation of openapi-core
DRAWN = (
    "drawn value"  # a drawn value that breaks its schema (a keyword the generator did not honour)
)
HARNESS = "harness"  # the check itself (server, routing)
UNCLASSIFIED = "unclassified"
CAUSES = (OURS, SPEC, VALIDATOR, DRAWN, HARNESS, UNCLASSIFIED)


@dataclass(frozen=True)
class Rule:
    """A message pattern (regular expression, searched), where it applies, its cause and why."""

    stage: str  # request | client | response
    pattern: str
    cause: str
    why: str
    media: str = ""  # when set, the call's body media type must match it too (searched)


# openapi-core verdicts on a drawn response that are its own limitation, not the value's fault:
# null under a `nullable: true` schema whose anyOf/oneOf branches are not nullable themselves.
UNRELIABLE = (r"\[(anyOf|oneOf)\] None is not valid",)

RULES: tuple[Rule, ...] = (
    Rule("request", r"\[readOnly\] Tried to write read-only property", DRAWN,
         "a readOnly property drawn for a request (nested, its readOnly on the schema it refers to: "
         "Asana's data.workspace, data.completed_by): OpenAPI says it SHOULD NOT be sent; the draws' "
         "converter left it in"),
    Rule("request", r"(ValidationError: \"|\[type\] )'(-?[0-9][0-9.eE+-]*' is not of type '(integer|number)"
         r"|(true|false)' is not of type 'boolean)'",
         VALIDATOR,
         "a multipart/form-data field of a number or boolean schema, sent as its text (`hosts=0`, as "
         "OpenAPI 3.0 encodes primitive parts): openapi-core checks the part's string against the "
         "schema's type without reading it as that type (Zoom; the check's server casts such parts since, "
         "multipart.py)",
         media=r"^multipart/form-data"),
    Rule("request", r"Value \{\} not valid for schema of type (any|object): \(<ValidationError: \"'[^']+' is a "
         r"required property", VALIDATOR,
         "a multipart/form-data body whose schema has its properties under `allOf` (Zoom's accountPlanCreate, "
         "webinarRegistrantCreate; the client requires those arguments and sends them): "
         "openapi-core 0.23.1 reads no part of it and sees `{}`; the same parts are accepted under the "
         "flattened object schema",
         media=r"^multipart/form-data"),
    Rule("request", r"Value \{.*: \[b['\"].* is not of type \\?'object", VALIDATOR,
         "a multipart/form-data array whose items are objects by `allOf` but have no `type` (Zoom's "
         "panelists, phone_numbers): openapi-core 0.23.1 takes application/octet-stream as such an item's "
         "default part type and checks the JSON part's bytes against the object schema",
         media=r"^multipart/form-data"),
    Rule("request", r"Invalid path parameter: ssh_key_identifier <- .*\[anyOf\] .* is not valid under any of the "
         r"given schemas", VALIDATOR,
         "a path parameter whose anyOf branches are readOnly (DigitalOcean's ssh_key_identifier refers to the "
         "response's id and fingerprint): readOnly is defined for properties, and openapi-core 0.23.1 applies "
         "it to the parameter's value, refusing every value (the same anyOf without readOnly accepts '0' and "
         "'ab:cd')"),
    Rule("request", r"does not contain discriminating property", SPEC,
         "a oneOf's discriminator names a tag its members do not require (Mailchimp's condition_type): "
         "JSON Schema accepts a member without it, openapi-core follows OpenAPI's 'the discriminator "
         "property MUST be present' and refuses it"),
    Rule("client", r"None is not allowed \(the spec does not make it nullable\)", DRAWN,
         "null drawn for `nullable: true` beside an allOf whose member is a non-nullable `type: object` "
         "(Plaid's RecipientBACSNullable): OpenAPI 3.0.3 applies nullable only with a `type` in the same "
         "schema, so the member refuses null; the draws' converter admitted it"),
    Rule("request", r"Value (?![{\[]|b['\"]).*not valid for schema of type (object|array)", VALIDATOR,
         "an XML body (S3's text/xml with an object schema, generated as the document's text): "
         "openapi-core has no XML deserializer, reads the body as a string and checks it against the "
         "object schema; no XML document passes (the check draws XML documents and reads them by the XML "
         "Object rules since, xmlbody.py)",
         media=r"^(text|application)/xml|\+xml"),
    Rule("request", r"Value b['\"].*not valid for schema of type (object|array)", SPEC,
         "a binary media type (audio/*, image/*, video/*, application/octet-stream) declared with an object "
         "schema (Google's converted specs give every upload media type the metadata's schema): no bytes "
         "satisfy it; the client sends the file's bytes",
         media=r"^((audio|image|video|font|model)/|application/octet-stream)"),
    Rule("request", r"Value (?![{\[]|b['\"]).*not valid for schema of type (object|array)", SPEC,
         "a text media type (text/plain) declared with an object schema (Azure Data Lake's Path_Update): "
         "the body is text, which no object schema admits; the client sends the caller's text",
         media=r"^text/plain"),
    Rule("request", r"Value b['\"].*not valid for schema of type string", SPEC,
         "a binary body declared `type: string` without `format: binary` (Docker's application/x-tar, Clever "
         "Cloud's */*): OpenAPI 3.0 describes octets as `format: binary`; openapi-core checks the raw bytes "
         "as a text string (with `format: binary` it accepts them, checked on 0.23.1)"),
    Rule("request", r"Value b['\"].*not valid for schema of type (object|array)", HARNESS,
         "the check drew random bytes for a YAML body with an object schema, and its server gave openapi-core "
         "no YAML deserializer (both fixed since: a YAML document of the schema's value, read as YAML)",
         media=r"(/yaml|/x-yaml|\+yaml)$"),
    Rule("request", r"EmptyQueryParameterValue", HARNESS,
         "an empty string drawn for a nullable query parameter (anyOf string/null after conversion) and sent "
         "as `name=`, which openapi-core refuses without allowEmptyValue (the draws narrow it since)"),
    Rule("request", r"Value \{\} not valid for schema of type object.*is a required property", VALIDATOR,
         "an object field of a form body sent form-exploded as OpenAPI's style table gives it (Ably's "
         "recipient as `clientId=a&deviceId=b`, no field name): openapi-core looks for a pair named after "
         "the field and finds none", media=r"^application/x-www-form-urlencoded"),
    Rule("request", r"Value b['\"].*not valid for schema of type (array|object|integer|number|boolean|any)", VALIDATOR,
         "openapi-core has no deserializer for this media type (application/x-msgpack): it checks the raw bytes"),
    Rule("request", r"at / \[type\] b['\"]", VALIDATOR,
         "openapi-core has no deserializer for this media type (application/x-msgpack): it checks the raw bytes"),
    Rule("request", r"\[enum\] None is not one of", DRAWN,
         "null drawn for a `nullable: true` enum that does not list null (OpenAPI 3.0.3 asks for it in the "
         "enum; openapi-core follows that; results before the harness stopped drawing it)"),
    Rule("request", r"None for not nullable", VALIDATOR,
         "openapi-core refuses null where the spec says `nullable: true` (seen on a `type: object` without properties)"),
    Rule("request", r"is not a '(int32|int64)'", DRAWN,
         "an integer outside int32/int64: the drawn value ignored the format"),
    Rule("request", r"\[format\] .* is not a '", DRAWN,
         "a string drawn without honouring its format (hypothesis-jsonschema ignores some, e.g. uuid)"),
    Rule("request", r"mimetype not found: application/octet-stream\. Valid mimetypes: \['[a-z]+/\*'\]", OURS,
         "without content_type=, a wildcard body media type (image/*) is sent as application/octet-stream, outside its range"),
    Rule("request", r"(mimetype not found: (?![a-z]+/[^ .]+\. )|ValueError: not enough values to unpack)", OURS,
         "a header parameter named Content-Type is offered and sent, replacing the body's media type "
         "(OpenAPI: header parameters named Accept, Content-Type or Authorization SHALL be ignored; Webflow)"),
    Rule("request", r"Missing required header parameter: (Content-Type|Accept|Authorization)\b", VALIDATOR,
         "openapi-core requires a header parameter named Accept/Content-Type/Authorization that OpenAPI says "
         "to ignore"),
    Rule("request", r"Missing required request body", VALIDATOR,
         "openapi-core takes an empty body for a missing one"),
    Rule("request", r"Invalid query parameter: .*Value \[''\] not valid for schema of type array", VALIDATOR,
         "an empty array sent `style: form`, `explode: false` as `name=` (OpenAPI 3.0's style examples: "
         "empty `color=`): openapi-core reads it as one empty string, [''], and checks that item "
         "(SendGrid's step_ids)"),
    Rule("request", r"Invalid (query|header|cookie) parameter: .*(is not one of|is not of type)", SPEC,
         "the parameter's `default` does not match its own schema (Nexmo's status 'none', Ably's limit '100'): "
         "openapi-core fills the absent parameter with it and refuses it; the client sent nothing (it checks "
         "the values it sends)"),
    Rule("client", r"InvalidHeaderError: .*(non-ASCII|control character)", DRAWN,
         "a header value outside visible ASCII (a schema without `type` is not narrowed); the client refuses "
         "to send it"),
    Rule("request", r"(Unresolvable|PointerToNowhere|RefResolutionError|could not be resolved"
         r"|\[anyOf\] .* reference ')", SPEC,
         "the spec has a reference that does not resolve (DigitalOcean's 'models/...yml#/...', the message "
         "cut before 'could not be resolved' when the value is long)"),
    Rule("request", r"'\*{10}' does not match", OURS,
         "a `format: password` field (SecretStr) was sent as pydantic's mask '**********' (fixed in the "
         "runtime's _body.dump_model; this result predates the fix)"),
    Rule("request", r"(ServerNotFound|PathNotFound|OperationNotFound)", HARNESS,
         "the request did not reach an operation of the spec"),
    Rule("request", r"DeserializeError: \('deepObject', '[^']*'\) <- ValueError: not available", SPEC,
         "style deepObject on a value that is not an object (an array, a primitive branch of anyOf): OpenAPI "
         "defines deepObject for objects only; openapi-core 0.23 refuses every encoding of an array "
         "(`expand=a`, `expand[]=a`, `expand[0]=a`: the client sends the last, as Stripe's libraries do)"),
    Rule("request", r"RequestBodyValidationError: .*Failed to cast value to (array|object) type", SPEC,
         "an array or object nested inside a deepObject form field (Stripe's "
         "`bank_transfer[requested_address_types][0]=spei`): OpenAPI defines deepObject one level deep; "
         "openapi-core reads that one level and finds a string where the schema wants an array",
         media=r"^application/x-www-form-urlencoded"),
    Rule("request", r"MediaTypeDeserializeError|DeserializeError", VALIDATOR,
         "openapi-core cannot deserialize this body"),
    Rule("client", r"Unsatisfiable: Unable to satisfy assumptions", HARNESS,
         "hypothesis-jsonschema drew no arguments for the method (a filter of its own it could not satisfy): "
         "no call was made"),
    Rule("client", r"a path parameter cannot be empty", DRAWN,
         "an empty path segment drawn (a union schema is not narrowed to non-empty); the client refuses it, "
         "rightly"),
    Rule("client", r"UnicodeEncodeError|'ascii' codec|'latin-1' codec", DRAWN,
         "a drawn header value outside what HTTP headers carry"),
    Rule("client", r"'TypeAliasType' object has no attribute 'model_validate'", OURS,
         "a JSON body object with only additionalProperties is generated as json-fields with a type alias "
         "for its model: no argument carries it and the call fails (generator/parser/bodies.py _json_kind)"),
    Rule("client", r"missing \d+ required positional argument: '[^']*_\d+'", OURS,
         "a query parameter sharing its wire name with the last path parameter (IX-API's `id`) was made a "
         "required positional argument (fixed in generator/ir.py; results generated before it show it)"),
    Rule("client", r"missing \d+ required keyword-only argument", OURS,
         "the method requires an argument the spec's request schema does not require as sent (a readOnly "
         "property, e.g. Apideck's id, or a required name it never defines): the generator should not make it "
         "required"),
    Rule("client", r"ParameterValidationError: [^ ]*: .* is not of type object", OURS,
         "`properties` without `type: object` (DigitalOcean's tag resources, LaunchDarkly's instructions): "
         "any value validates, the body model's types take only an object (fixed: a JSON body the schema "
         "table admits is sent as given, runtime/_body.py; results generated before it show it)"),
    Rule("client", r"ValidationError", OURS,
         "the client refused arguments that validate against the spec's schema"),
    Rule("response", r"an empty body where a JSON", SPEC,
         "a 204 response declares a JSON body (HTTP gives a 204 none); the client requires the body"),
    Rule("response", r"a JSON object where a JSON (null or )?string is declared", OURS,
         "the response names the wrong type: datamodel-codegen renamed the component's class (product -> "
         "ProductModel) because an inline string schema took the name first, and the operation still "
         "refers to `Product`, now that string alias"),
    Rule("response", r"a JSON (number|string|array|boolean|null) where a JSON object is declared", OURS,
         "`properties` without `type: object`: any value validates, the client took only an object (fixed: "
         "the schema table of the generated class decides, runtime/_lenient.py; results generated before "
         "it show it)"),
    Rule("response", r"Input should be an object", OURS,
         "an item schema with `properties` but no `type: object` (OpenAI's Model) inside a response type "
         "that is not a generated class (`list[Model]`): any value validates, strict parsing of the list "
         "took only objects (fixed: each item gets its class's table verdict, runtime/_lenient.py; results "
         "generated before it show it)"),
    Rule("response", r"Input should be a valid array", SPEC,
         "`items` without `type: array`: any value validates, the generated type takes only an array"),
    Rule("response", r"first: [^ ]*: null matches none of the anyOf schemas", OURS,
         "null refused under `nullable: true` beside an `anyOf` without `type` (Stripe's expandable fields, "
         "3.0.0 and 3.0.1 documents): those versions' text allows null for the schema, and openapi-core "
         "admits it; the strict check follows 3.0.3's narrower reading (nullable only next to `type`)"),
    Rule("response", r"ValidationError", OURS,
         "strict parsing refused a response that validates against the spec's schema"),
)  # fmt: skip


def classify(stage: str, message: str, facts: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """(cause, why) of one finding at ``stage`` (``request``, ``client`` or ``response``)."""
    facts = facts or {}
    if stage in {"request", "client"} and facts.get("invalid"):
        return DRAWN, "drawn argument breaks its schema: " + "; ".join(facts["invalid"])[:200]
    refused = str(facts.get("response_error") or "")
    if stage == "response" and refused and not any(re.search(p, refused) for p in UNRELIABLE):
        return DRAWN, "drawn response breaks its schema: " + refused[:200]
    missing = re.search(r"'([^']+)' is a required property", message)
    undefined = facts.get("undefined") or []
    names = undefined.split() if isinstance(undefined, str) else [str(n) for n in undefined]
    if stage == "request" and missing and missing.group(1) in names:
        return SPEC, (f"the schema requires `{missing.group(1)}` without defining it under properties "
                      "(a typo in the spec?): the client has no argument for it")  # fmt: skip
    deep = re.search(r"\('deepObject', '([^']+)'\) <- ValueError: not available", message)
    query = str(facts.get("query") or "")
    if (
        stage == "request"
        and deep
        and re.search(re.escape(deep.group(1)) + r"(\[|%5B)", query, re.I)
    ):
        return VALIDATOR, ("an object sent deepObject-style (`created[gt]=1`) under a schema without "
                           "`type: object` (Stripe's anyOf of an object and an integer): openapi-core "
                           "deserializes deepObject only when the schema's `type` is object")  # fmt: skip
    absent = re.search(r"Invalid query parameter: ([^ ]+) <-", message)
    recorded = facts.get("query") is not None  # the query string the server received is known
    if stage == "request" and absent and recorded and not _sent(absent.group(1), query):
        return SPEC, ("the query parameter was not sent, and openapi-core refuses the `default` it fills "
                      "in, which breaks its own schema (SendGrid's start_date: `default: ''` with "
                      "`format: date`)")  # fmt: skip
    media = media_type(facts)
    for rule in RULES:
        if rule.stage != stage or (rule.media and not re.search(rule.media, media)):
            continue
        if re.search(rule.pattern, message, re.DOTALL):
            return rule.cause, rule.why
    return UNCLASSIFIED, ""


def _sent(name: str, query: str) -> bool:
    """Whether the query string carries a pair named ``name`` (or one of its deepObject keys)."""
    names = {urllib.parse.unquote(pair.split("=", 1)[0]) for pair in query.split("&") if pair}
    return any(n == name or n.startswith(name + "[") for n in names)


def media_type(facts: Mapping[str, Any]) -> str:
    """The body media type of the call (``operation|media type|draw|flavour``), '' for none."""
    if facts.get("media_type"):
        return str(facts["media_type"])
    parts = str(facts.get("call") or "").rsplit("|", 3)
    return parts[1] if len(parts) == 4 and parts[1] != "None" else ""
