"""Compare two versions of a spec and list every change, judged for clients.

Operations are matched by method and path template (parameter names aside),
then, for the rest, by SDK name (``x-sdk-resource`` + ``x-sdk-method``) or
operationId, which reveals renamed paths and changed methods. For each
matched operation: SDK names (an operationId change breaks only when the
generated method's name changes), x-sunset and x-stability-level, parameters
(removed, moved to another location or into the body, added, required-ness,
style, schema), the request body and the success responses, every media type
of them (JSON, XML, ``*/*``, ...), the success responses' headers, and the
non-2xx responses (documented or not, bodies compared; never breaking: the
client raises by status code and does not type error bodies); their schemas
are compared with ``$ref``s followed (``diff_schema``). Webhooks (3.1) are
compared the same way with the sides turned round: the API sends their
parameters and request, the client answers. Then the servers (the first is
the generated default base URL), the security schemes (where the credential
goes) and the components, each once, judged by the sides (request /
response) where the operation walks of either spec use them. Callbacks and
links are not compared: the generated client neither serves nor follows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator import naming
from generator.errors import join_pointer
from generator.load import pointer_get
from generator.parser.operations import resource_path
from generator.parser.servers import default_base_url, server_url
from generator.spec_access import (
    HTTP_METHODS,
    OperationView,
    deref,
    iter_operations,
    json_media,
    media_essence,
    media_kind,
    ref_pointer,
    refs_in,
    resolve,
    schema_component,
    success_responses,
)
from generator.toolkit.diff_model import REQUEST, RESPONSE, Change, OperationRef
from generator.toolkit.diff_schema import SchemaComparer, Site

_TEMPLATE = re.compile(r"\{[^{}]*\}")
_Media = dict[str, tuple[dict[str, Any], str]]


_STABILITY = ("draft", "alpha", "beta", "stable")
# Security scheme keys that say where and how the credential is sent.
_CREDENTIAL_PLACE = frozenset({"type", "in", "name", "scheme"})


@dataclass(frozen=True, eq=False)
class _Op(OperationView):
    """An operation (or, under ``/webhooks``, a webhook) as the differ matches and reports it."""

    root: str = "/paths"

    @property
    def webhook(self) -> bool:
        """Whether the API sends this request (a webhook) instead of receiving it."""
        return self.root != "/paths"

    @property
    def pointer(self) -> str:
        """The operation's JSON pointer."""
        return join_pointer(self.root, self.path, self.method)

    @property
    def sent(self) -> str:
        """How what the client sends is judged (its request; a webhook's response): tighter breaks."""
        return REQUEST

    @property
    def read(self) -> str:
        """How what the client reads is judged (the response; a webhook's request): looser breaks."""
        return RESPONSE

    @property
    def client_call(self) -> str:
        """The generated client's attribute path for the operation (``pets.list_pets``)."""
        op_id = str(self.op.get("operationId") or f"{self.method}_{self.path}")
        method = naming.method_name(str(self.op.get("x-sdk-method") or op_id))
        return ".".join((*resource_path(self), method))

    @property
    def sdk(self) -> str | None:
        """``resource.method`` from the x-sdk names, else the operationId."""
        resource, method = self.op.get("x-sdk-resource"), self.op.get("x-sdk-method")
        if isinstance(resource, str) and isinstance(method, str):
            return f"{resource}.{method}"
        op_id = self.op.get("operationId")
        return str(op_id) if op_id is not None else None

    @property
    def ref(self) -> OperationRef:
        """How a change names the operation."""
        path = f"webhook {self.path}" if self.webhook else self.path
        return OperationRef(self.method.upper(), path, self.sdk)


def _json_schema(data: dict[str, Any], holder: Any, pointer: str) -> tuple[Any, str] | None:
    """The JSON media type schema of a request body or response, and its pointer."""
    resolved, base = resolve(data, holder, pointer)
    if not isinstance(resolved, dict):
        return None
    content = resolved.get("content")
    media = json_media(content)
    item = content[media] if isinstance(content, dict) and media is not None else None
    if media is not None and isinstance(item, dict) and "schema" in item:
        return item["schema"], join_pointer(base, "content", media, "schema")
    return None


def _parameters(op: _Op) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
    return {(p.name, p.location): (p.value, p.defined_at) for p in op.parameters}


def _success_codes(op: _Op) -> list[str]:
    return [code for code, _ in op.success_responses]


class _Differ:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old, self.new = old, new
        self.schemas = SchemaComparer(old, new, follow_refs=True)
        self.changes: list[Change] = []

    def add(
        self,
        kind: str,
        verdict: tuple[bool, str],
        message: str,
        at: tuple[str, OperationRef | None],
        pointers: tuple[str | None, str | None],
    ) -> None:
        """Record a change: (breaking, reason), (where, operation), (old, new pointer)."""
        self.flush()
        breaking, reason = verdict
        (where, operation), (old_pointer, new_pointer) = at, pointers
        self.changes.append(
            Change(kind, breaking, message, reason, where, operation, old_pointer, new_pointer)
        )

    def flush(self) -> None:
        """Move the schema comparer's changes into the list, keeping the order of discovery."""
        self.changes += self.schemas.changes
        self.schemas.changes = []

    # -- operations -------------------------------------------------------

    def operations(self) -> None:
        old_ops, new_ops = _operations(self.old), _operations(self.new)
        pairs: list[tuple[_Op, _Op]] = []
        for key in (_template_key, _sdk_key, _id_key):
            by_key = {key(o): o for o in old_ops if key(o) is not None}
            for new_op in list(new_ops):
                old_op = by_key.get(key(new_op))
                if old_op is not None and old_op in old_ops:
                    pairs.append((old_op, new_op))
                    old_ops.remove(old_op)
                    new_ops.remove(new_op)
        for old_op, new_op in pairs:
            self.operation(old_op, new_op)
        for op in old_ops:
            verdict = (True, "clients calling it get an error; SDK users lose the method")
            if op.webhook:
                verdict = (False, "receivers no longer get this event")
            kind = "webhook-removed" if op.webhook else "operation-removed"
            self.add(kind, verdict, f"{kind.partition('-')[0]} {op.ref} removed",
                     ("operation", op.ref), (op.pointer, None))  # fmt: skip
        for op in new_ops:
            verdict = (False, "existing clients do not call it")
            if op.webhook:
                verdict = (False, "receivers that do not subscribe do not get it")
            kind = "webhook-added" if op.webhook else "operation-added"
            self.add(kind, verdict, f"{kind.partition('-')[0]} {op.ref} added",
                     ("operation", op.ref), (None, op.pointer))  # fmt: skip

    def operation(self, old: _Op, new: _Op) -> None:
        if new.webhook:
            self.webhook_parameters(old, new)
            self.request_body(old, new)
            self.responses(old, new)
            self.flush()
            return
        at, pointers = ("operation", new.ref), (old.pointer, new.pointer)
        if _template_key(old)[1] != _template_key(new)[1]:
            verdict = (True, "HTTP clients call the old path")
            self.add("path-renamed", verdict, f"path {old.path} -> {new.path}", at, pointers)
        if old.method != new.method:
            verdict = (True, "HTTP clients use the old method")
            message = f"method {old.method.upper()} -> {new.method.upper()}"
            self.add("method-changed", verdict, message, at, pointers)
        for key, kind in (
            ("x-sdk-resource", "sdk-resource-renamed"),
            ("x-sdk-method", "sdk-method-renamed"),
        ):
            if old.op.get(key) != new.op.get(key):
                verdict = (True, f"SDK users call client.{old.sdk}(...), which no longer exists")
                message = f"{key} {old.op.get(key)!r} -> {new.op.get(key)!r}"
                self.add(kind, verdict, message, at, pointers)
        if old.op.get("operationId") != new.op.get("operationId"):
            verdict = (
                (True, f"the SDK method client.{old.client_call} becomes client.{new.client_call}")
                if old.client_call != new.client_call
                else (
                    False,
                    "the generated method keeps its name; only tools keyed by operationId notice",
                )
            )
            message = f"operationId {old.op.get('operationId')!r} -> {new.op.get('operationId')!r}"
            self.add("operation-id-changed", verdict, message, at, pointers)
        elif old.client_call != new.client_call and not any(
            old.op.get(k) != new.op.get(k) for k in ("x-sdk-resource", "x-sdk-method")
        ):  # the first tag (or path segment) names the resource
            verdict = (
                True,
                f"SDK users call client.{old.client_call}(...), which no longer exists",
            )
            message = f"client.{old.client_call} -> client.{new.client_call}"
            self.add("sdk-call-moved", verdict, message, at, pointers)
        self.lifecycle(old, new)
        self.security(old, new)
        if old.op.get("x-sdk-pagination") != new.op.get("x-sdk-pagination"):
            verdict = (True, "the SDK pages through results differently")
            self.add("pagination-changed", verdict, "x-sdk-pagination changed", at, pointers)
        if not old.op.get("deprecated") and new.op.get("deprecated"):
            verdict = (False, "it still works; plan to stop calling it")
            self.add("operation-deprecated", verdict, "operation deprecated", at, pointers)
        self.parameters(old, new)
        self.request_body(old, new)
        self.responses(old, new)
        self.flush()

    def lifecycle(self, old: _Op, new: _Op) -> None:
        """x-sunset (the date the operation goes away) and x-stability-level."""
        at, pointers = ("operation", new.ref), (old.pointer, new.pointer)
        before, after = old.op.get("x-sunset"), new.op.get("x-sunset")
        if before != after and after is not None:
            verdict = (False, "the operation will go away: plan to stop calling it")
            self.add("sunset-changed", verdict, f"x-sunset {before!r} -> {after!r}", at, pointers)
        was, now = (_stability(o.op.get("x-stability-level")) for o in (old, new))
        if was != now:
            shown = [o.op.get("x-stability-level") for o in (old, new)]
            message = f"x-stability-level {shown[0]!r} -> {shown[1]!r}"
            if now < was:
                verdict = (True, "the operation is less stable than clients were promised")
                self.add("stability-decreased", verdict, message, at, pointers)
            else:
                verdict = (False, "the operation is more stable now")
                self.add("stability-increased", verdict, message, at, pointers)

    def security(self, old: _Op, new: _Op) -> None:
        """The operation's security alternatives (its own, else the spec's): removed, added, scopes."""
        before, after = _security(self.old, old.op), _security(self.new, new.op)
        at = ("security", new.ref)
        pointers = (join_pointer(old.pointer, "security"), join_pointer(new.pointer, "security"))
        for names, scopes in before.items():
            shown = " + ".join(sorted(names)) or "no authentication"
            if names not in after:
                verdict = (True, "clients authenticating this way are refused")
                self.add("security-removed", verdict, f"security {shown} removed", at, pointers)
                continue
            added = after[names] - scopes
            if added:
                verdict = (True, "tokens granted the old scopes may lack the new ones")
                message = f"security {shown} needs scope(s) {', '.join(sorted(added))} too"
                self.add("security-scope-added", verdict, message, at, pointers)
            if scopes - after[names]:
                verdict = (False, "the old tokens still have every scope asked for")
                message = (
                    f"security {shown} no longer needs {', '.join(sorted(scopes - after[names]))}"
                )
                self.add("security-scope-removed", verdict, message, at, pointers)
        for names in after.keys() - before.keys():
            shown = " + ".join(sorted(names)) or "no authentication"
            verdict = (False, "clients may keep authenticating as before")
            self.add("security-added", verdict, f"security {shown} added", at, pointers)

    # -- parameters -------------------------------------------------------

    def parameters(self, old: _Op, new: _Op) -> None:
        before, after = _parameters(old), _parameters(new)
        new_body = _json_schema(
            self.new, new.op.get("requestBody"), join_pointer(new.pointer, "requestBody")
        )
        added_fields = _property_names(self.new, new_body) - _property_names(
            self.old, _json_schema(self.old, old.op.get("requestBody"), "")
        )
        moved_to: set[tuple[str, str]] = set()
        for (name, location), (param, pointer) in before.items():
            at = (f"{location} parameter {name}", new.ref)
            moved = (True, "clients send it in the old place")
            if (name, location) in after:
                self.parameter(param, pointer, after[(name, location)], at)
            elif (
                other := next((k for k in after if k[0] == name and k not in before), None)
            ) is not None:
                moved_to.add(other)
                message = f"parameter {name!r} moved from {location} to {other[1]}"
                self.add("parameter-moved", moved, message, at, (pointer, after[other][1]))
                self.parameter(param, pointer, after[other], at)
            elif name in added_fields and new_body is not None:
                message = f"parameter {name!r} moved from {location} to the request body"
                self.add("parameter-moved", moved, message, at, (pointer, new_body[1]))
            else:
                verdict = (
                    True,
                    "SDK callers lose the argument; servers may reject it if still sent",
                )
                self.add(
                    "parameter-removed", verdict, f"parameter {name!r} removed", at, (pointer, None)
                )
        for (name, location), (param, pointer) in after.items():
            if (name, location) in before or (name, location) in moved_to:
                continue
            at = (f"{location} parameter {name}", new.ref)
            if param.get("required"):
                verdict = (True, "requests written before lack it")
                message = f"required parameter {name!r} added"
                self.add("parameter-added-required", verdict, message, at, (None, pointer))
            else:
                verdict = (False, "the new parameter is optional")
                message = f"optional parameter {name!r} added"
                self.add("parameter-added-optional", verdict, message, at, (None, pointer))

    def webhook_parameters(self, old: _Op, new: _Op) -> None:
        """A webhook's parameters: the API sends them, so removing one breaks its receivers."""
        before, after = _parameters(old), _parameters(new)
        for (name, location), (param, pointer) in before.items():
            at = (f"{location} parameter {name}", new.ref)
            if (name, location) not in after:
                verdict = (True, "receivers reading it no longer get it")
                self.add("parameter-removed", verdict, f"parameter {name!r} removed", at,
                         (pointer, None))  # fmt: skip
                continue
            new_param, new_pointer = after[(name, location)]
            was, now = bool(param.get("required")), bool(new_param.get("required"))
            if was != now:
                kind = "parameter-required-added" if now else "parameter-required-removed"
                reason = "receivers now always get it" if now else "receivers may no longer get it"
                message = f"parameter {name!r} is now {'required' if now else 'optional'}"
                self.add(kind, (not now, reason), message, at, (pointer, new_pointer))
            if "schema" in param and "schema" in new_param:
                site = Site(at[0], frozenset({RESPONSE}), new.ref)
                pointers = (join_pointer(pointer, "schema"), join_pointer(new_pointer, "schema"))
                self.schemas.compare(param["schema"], new_param["schema"], pointers, site)
        for (name, location), (param, pointer) in after.items():
            if (name, location) not in before:
                required = bool(param.get("required"))
                kind = "parameter-added-required" if required else "parameter-added-optional"
                verdict = (False, "receivers ignore what they do not read")
                message = f"{'required' if required else 'optional'} parameter {name!r} added"
                self.add(kind, verdict, message, (f"{location} parameter {name}", new.ref),
                         (None, pointer))  # fmt: skip

    def parameter(
        self,
        old: dict[str, Any],
        old_pointer: str,
        new_found: tuple[dict[str, Any], str],
        at: tuple[str, OperationRef],
    ) -> None:
        new, new_pointer = new_found
        pointers = (old_pointer, new_pointer)
        was, now = bool(old.get("required")), bool(new.get("required"))
        if was != now:
            kind = "parameter-required-added" if now else "parameter-required-removed"
            reason = "requests that omit it are now invalid" if now else "it may now be omitted"
            message = f"parameter {new.get('name')!r} is now {'required' if now else 'optional'}"
            self.add(kind, (now, reason), message, at, pointers)
        if not old.get("deprecated") and new.get("deprecated"):
            verdict = (False, "it still works; plan to stop sending it")
            message = f"parameter {new.get('name')!r} deprecated"
            self.add("parameter-deprecated", verdict, message, at, pointers)
        for key in ("style", "explode"):
            if old.get(key) != new.get(key):
                verdict = (True, "the value is serialised differently on the wire")
                message = f"{key} {old.get(key)!r} -> {new.get(key)!r}"
                self.add("parameter-style-changed", verdict, message, at, pointers)
        if "schema" in old and "schema" in new:
            schema_pointers = (
                join_pointer(old_pointer, "schema"),
                join_pointer(new_pointer, "schema"),
            )
            site = Site(at[0], frozenset({REQUEST}), at[1])
            self.schemas.compare(old["schema"], new["schema"], schema_pointers, site)

    # -- bodies -----------------------------------------------------------

    def request_body(self, old: _Op, new: _Op) -> None:
        at = ("request body", new.ref)
        old_raw, new_raw = old.op.get("requestBody"), new.op.get("requestBody")
        old_pointer = join_pointer(old.pointer, "requestBody")
        new_pointer = join_pointer(new.pointer, "requestBody")
        if new.webhook:  # the API sends it: judged like a response
            self.content((old, new), (old_raw, new_raw), (old_pointer, new_pointer), "request body")
            return
        before = _contents(self.old, old_raw, old_pointer)
        after = _contents(self.new, new_raw, new_pointer)
        required = bool(deref(self.new, new_raw).get("required")) if new_raw else False
        was_required = bool(deref(self.old, old_raw).get("required")) if old_raw else False
        if before is None and after is not None:
            reason = "requests written before have no body" if required else "the body is optional"
            message = f"{'required' if required else 'optional'} request body added"
            self.add("request-body-added", (required, reason), message, at, (None, after[1]))
        elif before is not None and after is None:
            verdict = (True, "SDK callers lose the body fields; servers may reject a body")
            self.add("request-body-removed", verdict, "request body removed", at, (before[1], None))
        elif before is not None and after is not None:
            if was_required != required:
                kind = (
                    "request-body-required-added" if required else "request-body-required-removed"
                )
                reason = (
                    "requests without a body are now invalid"
                    if required
                    else "the body may be omitted"
                )
                message = f"request body is now {'required' if required else 'optional'}"
                self.add(kind, (required, reason), message, at, (old_pointer, new_pointer))
            self.media_types(new, (before[0], after[0]), "request body", new.sent)

    def content(
        self,
        ops: tuple[_Op, _Op],
        holders: tuple[Any, Any],
        pointers: tuple[str, str],
        where: str,
    ) -> None:
        """A body the client reads (a response; a webhook's request): present, absent, media."""
        new = ops[1]
        before = _contents(self.old, holders[0], pointers[0])
        after = _contents(self.new, holders[1], pointers[1])
        at = (where, new.ref)
        if before is not None and after is None:
            verdict = (True, "clients reading the body get nothing")
            self.add("response-body-removed", verdict, "body removed", at, (before[1], pointers[1]))
        elif before is None and after is not None:
            verdict = (False, "clients that did not expect a body ignore it")
            self.add("response-body-added", verdict, "body added", at, (pointers[0], after[1]))
        elif before is not None and after is not None:
            self.media_types(new, (before[0], after[0]), where, new.read)

    def media_types(
        self, new_op: _Op, contents: tuple[_Media, _Media], where: str, side: str
    ) -> None:
        """Every media type of a body: removed, added, its schema added, removed or compared."""
        before, after = contents
        sent = side == REQUEST
        renamed = _parameters_changed(before, after)
        if renamed:
            back = {new: old for old, new in renamed.items()}
            after = {back.get(m, m): item for m, item in after.items()}
        for media in [*before, *(m for m in after if m not in before)]:
            label = where if media_kind(media) == "json" else f"{where} ({media})"
            at = (label, new_op.ref)
            if media in renamed:
                self._media_parameters(media, renamed[media], sent, at,
                                       (before[media][1], after[media][1]))  # fmt: skip
            if media not in after:
                reason = (
                    "clients sending it are rejected"
                    if sent
                    else "clients accepting only it get another type"
                )
                self.add("media-type-removed", (True, reason), f"media type {media} removed",
                         at, (before[media][1], None))  # fmt: skip
                continue
            if media not in before:
                reason = (
                    "clients keep sending what they did"
                    if sent
                    else "clients asking for another type still get it"
                )
                self.add("media-type-added", (False, reason), f"media type {media} added",
                         at, (None, after[media][1]))  # fmt: skip
                continue
            (old_item, old_pointer), (new_item, new_pointer) = before[media], after[media]
            old_schema, new_schema = old_item.get("schema"), new_item.get("schema")
            site = Site(label, frozenset({side}), new_op.ref)
            pointers = (join_pointer(old_pointer, "schema"), join_pointer(new_pointer, "schema"))
            if old_schema is None and new_schema is not None:  # no schema: any value
                self.schemas.compare({}, new_schema, (old_pointer, pointers[1]), site)
            elif old_schema is not None and new_schema is None:
                self.schemas.compare(old_schema, {}, (pointers[0], new_pointer), site)
            elif old_schema is not None and new_schema is not None:
                self.schemas.compare(old_schema, new_schema, pointers, site)

    def _media_parameters(
        self, media: str, new_media: str, sent: bool, at: tuple[str, Any], pointers: tuple[str, str]
    ) -> None:
        """A media type written with other parameters (``; charset=...``): the same body type."""
        if media_kind(media) == "json":
            verdict = (False, "JSON is UTF-8 whatever its parameters say: the bytes are the same")
        elif sent:
            verdict = (True, "clients keep sending the old parameters, which the server may read "
                       "differently")  # fmt: skip
        else:
            verdict = (False, "clients decode the body by the Content-Type the server sends")
        message = f"media type {media} -> {new_media}"
        self.add("media-type-parameters-changed", verdict, message, at, pointers)

    def responses(self, old: _Op, new: _Op) -> None:
        old_codes, new_codes = _success_codes(old), _success_codes(new)
        pairs = [(c, c) for c in old_codes if c in new_codes]
        if len(old_codes) == 1 and len(new_codes) == 1 and old_codes != new_codes:
            pairs = [(old_codes[0], new_codes[0])]
            verdict = (False, "clients treat every 2xx status as success")
            message = f"success status {old_codes[0]} -> {new_codes[0]}"
            pointers = (join_pointer(old.pointer, "responses", old_codes[0]),
                        join_pointer(new.pointer, "responses", new_codes[0]))  # fmt: skip
            self.add("success-status-changed", verdict, message, ("operation", new.ref), pointers)
        else:
            for code in (c for c in old_codes if c not in new_codes):
                verdict = (True, "clients expecting it get another status")
                where = (f"response {code}", new.ref)
                removed = (join_pointer(old.pointer, "responses", code), None)
                self.add("response-removed", verdict, f"response {code} removed", where, removed)
            for code in (c for c in new_codes if c not in old_codes):
                verdict = (False, "clients treat every 2xx status as success")
                where = (f"response {code}", new.ref)
                added = (None, join_pointer(new.pointer, "responses", code))
                self.add("response-added", verdict, f"response {code} added", where, added)
        for old_code, new_code in pairs:
            self.response(old, new, old_code, new_code)
        if not new.webhook:
            self.error_responses(old, new)

    def error_responses(self, old: _Op, new: _Op) -> None:
        """Non-2xx statuses: documented or not, their bodies compared, never breaking."""
        before, after = _error_responses(old), _error_responses(new)
        unused = "the generated client raises APIStatusError for every non-2xx status by its code"
        for code in [*before, *(c for c in after if c not in before)]:
            at = (f"response {code}", new.ref)
            old_pointer = join_pointer(old.pointer, "responses", code)
            new_pointer = join_pointer(new.pointer, "responses", code)
            if code not in after:
                self.add("error-response-removed", (False, unused), f"response {code} removed",
                         at, (old_pointer, None))  # fmt: skip
            elif code not in before:
                self.add("error-response-added", (False, unused), f"response {code} added",
                         at, (None, new_pointer))  # fmt: skip
            else:
                old_media = _contents(self.old, before[code], old_pointer)
                new_media = _contents(self.new, after[code], new_pointer)
                if old_media is None or new_media is None:
                    continue
                for media, (item, pointer) in old_media[0].items():
                    if media in new_media[0] and "schema" in item:
                        new_item, new_at = new_media[0][media]
                        site = Site(at[0], frozenset(), new.ref, unused)
                        pointers = (join_pointer(pointer, "schema"), join_pointer(new_at, "schema"))
                        self.schemas.compare(item["schema"], new_item.get("schema", {}),
                                             pointers, site)  # fmt: skip

    def headers(
        self, new: _Op, holders: tuple[Any, Any], pointers: tuple[str, str], code: str
    ) -> None:
        """A success response's headers: removed, added, required-ness and schema."""
        before = _headers(self.old, holders[0], pointers[0])
        after = _headers(self.new, holders[1], pointers[1])
        for key, (name, header, pointer) in before.items():
            at = (f"response {code} header {name}", new.ref)
            was = bool(header.get("required"))
            if key not in after:
                verdict = (
                    (True, "clients reading the header no longer get it")
                    if was
                    else (False, "the header was optional: clients could not rely on it")
                )
                self.add("response-header-removed", verdict, f"header {name} removed", at,
                         (pointer, None))  # fmt: skip
                continue
            _, new_header, new_pointer = after[key]
            now = bool(new_header.get("required"))
            if was != now:
                kind = (
                    "response-header-required-added" if now else "response-header-required-removed"
                )
                verdict = (
                    (False, "the header is now always sent")
                    if now
                    else (True, "clients relying on the header may find it missing")
                )
                message = f"header {name} is now {'required' if now else 'optional'}"
                self.add(kind, verdict, message, at, (pointer, new_pointer))
            if "schema" in header and "schema" in new_header:
                site = Site(at[0], frozenset({RESPONSE}), new.ref)
                schema_pointers = (
                    join_pointer(pointer, "schema"),
                    join_pointer(new_pointer, "schema"),
                )
                self.schemas.compare(header["schema"], new_header["schema"], schema_pointers, site)
        for key, (name, _header, pointer) in after.items():
            if key not in before:
                verdict = (False, "clients ignore headers they do not read")
                self.add("response-header-added", verdict, f"header {name} added",
                         (f"response {code} header {name}", new.ref), (None, pointer))  # fmt: skip

    def response(self, old: _Op, new: _Op, old_code: str, new_code: str) -> None:
        old_pointer = join_pointer(old.pointer, "responses", old_code)
        new_pointer = join_pointer(new.pointer, "responses", new_code)
        holders = (dict(old.success_responses)[old_code], dict(new.success_responses)[new_code])
        where = f"response {new_code}"
        if not new.webhook:
            self.content((old, new), holders, (old_pointer, new_pointer), where)
            self.headers(new, holders, (old_pointer, new_pointer), new_code)
            return
        before = _contents(self.old, holders[0], old_pointer)
        after = _contents(self.new, holders[1], new_pointer)
        if before is not None and after is not None:  # what the receiver answers
            self.media_types(new, (before[0], after[0]), where, new.sent)

    # -- document level ---------------------------------------------------

    def security_schemes(self) -> None:
        """Schemes kept under one name: where the credential goes (breaking), the rest (info)."""
        before = (self.old.get("components") or {}).get("securitySchemes") or {}
        after = (self.new.get("components") or {}).get("securitySchemes") or {}
        for name, written in before.items():
            if name not in after:
                continue  # an operation still using it shows as security-removed
            old_scheme, new_scheme = deref(self.old, written), deref(self.new, after[name])
            if not isinstance(old_scheme, dict) or not isinstance(new_scheme, dict):
                continue
            keys = sorted({*old_scheme, *new_scheme} - {"description"})
            changed = [k for k in keys if old_scheme.get(k) != new_scheme.get(k)]
            if not changed:
                continue
            placed = [k for k in changed if k in _CREDENTIAL_PLACE]
            verdict = (
                (True, "the generated client sends the credential where the server no longer looks")
                if placed
                else (False, "the generated client sends the credential as before")
            )
            pointer = join_pointer("/components/securitySchemes", name)
            message = f"security scheme {name!r}: {', '.join(changed)} changed"
            self.add("security-scheme-changed", verdict, message,
                     (f"security scheme {name}", None), (pointer, pointer))  # fmt: skip

    def servers(self) -> None:
        """Server URLs: the first one is the generated client's default base URL."""
        before, after = _server_urls(self.old), _server_urls(self.new)
        old_default, new_default = default_base_url(self.old), default_base_url(self.new)
        at: tuple[str, OperationRef | None] = ("servers", None)
        for url, pointer in before.items():
            if url in after:
                continue
            verdict = (
                (True, "clients generated before call it by default")
                if url == old_default
                else (False, "only clients that chose it as base_url must move")
            )
            self.add("server-removed", verdict, f"server {url} removed", at, (pointer, None))
        for url, pointer in after.items():
            if url not in before:
                verdict = (False, "clients keep calling the server they did")
                self.add("server-added", verdict, f"server {url} added", at, (None, pointer))
        if old_default != new_default and old_default in after:
            verdict = (False, "clients generated from now on default to another server")
            message = f"default base URL {old_default} -> {new_default}"
            self.add("default-server-changed", verdict, message, at,
                     (before.get(old_default), after.get(new_default)))  # fmt: skip

    # -- components -------------------------------------------------------

    def components(self) -> None:
        self.flush()
        old_schemas = (self.old.get("components") or {}).get("schemas") or {}
        new_schemas = (self.new.get("components") or {}).get("schemas") or {}
        sides = _component_sides(self.old)
        for name, found in _component_sides(self.new).items():
            sides.setdefault(name, set()).update(found)
        shallow = SchemaComparer(self.old, self.new, follow_refs=False)
        for name in [*old_schemas, *(n for n in new_schemas if n not in old_schemas)]:
            pointer = join_pointer("/components/schemas", name)
            at = (f"component {name}", None)
            if name not in new_schemas:
                verdict = (True, "code importing the generated type breaks")
                self.add(
                    "component-removed", verdict, f"component {name!r} removed", at, (pointer, None)
                )
            elif name not in old_schemas:
                verdict = (False, "a new generated type")
                self.add(
                    "component-added", verdict, f"component {name!r} added", at, (None, pointer)
                )
            else:
                site = Site(at[0], frozenset(sides.get(name, set())))
                shallow.compare(old_schemas[name], new_schemas[name], (pointer, pointer), site)
        self.changes += shallow.changes


def _operations(data: dict[str, Any]) -> list[_Op]:
    """Every operation, then every webhook, in document order."""
    found = [_Op(data, *operation) for operation in iter_operations(data)]
    for name, written in (data.get("webhooks") or {}).items():
        item = deref(data, written)
        if isinstance(item, dict):
            found += [
                _Op(data, str(name), method, item[method], item, root="/webhooks")
                for method in HTTP_METHODS
                if isinstance(item.get(method), dict)
            ]
    return found


def _parameters_changed(before: _Media, after: _Media) -> dict[str, str]:
    """Old media type -> new, where one media type of each side differs only by its parameters."""
    gone = [m for m in before if m not in after]
    came = [m for m in after if m not in before]
    pairs: dict[str, str] = {}
    for media in gone:
        same = [m for m in came if media_essence(m) == media_essence(media)]
        if len(same) == 1 and sum(media_essence(m) == media_essence(media) for m in gone) == 1:
            pairs[media] = same[0]
    return pairs


def _contents(data: dict[str, Any], holder: Any, pointer: str) -> tuple[_Media, str] | None:
    """A body's media types (media -> (media type object, pointer)) and its pointer, if any."""
    resolved, base = resolve(data, holder, pointer)
    if not isinstance(resolved, dict) or not isinstance(resolved.get("content"), dict):
        return None
    found = {
        str(media): (item, join_pointer(base, "content", str(media)))
        for media, item in resolved["content"].items()
        if isinstance(item, dict)
    }
    return (found, base) if found else None


def _error_responses(op: _Op) -> dict[str, Any]:
    """Code -> response as written, for every documented status that is not 2xx."""
    responses = op.op.get("responses")
    success = set(_success_codes(op))
    if not isinstance(responses, dict):
        return {}
    return {str(code): value for code, value in responses.items() if str(code) not in success}


def _headers(
    data: dict[str, Any], holder: Any, pointer: str
) -> dict[str, tuple[str, dict[str, Any], str]]:
    """A response's headers: lower-cased name -> (name, resolved header, its pointer)."""
    resolved, base = resolve(data, holder, pointer)
    written = resolved.get("headers") if isinstance(resolved, dict) else None
    found: dict[str, tuple[str, dict[str, Any], str]] = {}
    for name, header in (written if isinstance(written, dict) else {}).items():
        value, at = resolve(data, header, join_pointer(base, "headers", str(name)))
        if isinstance(value, dict):
            found[str(name).lower()] = (str(name), value, at)
    return found


def _server_urls(data: dict[str, Any]) -> dict[str, str]:
    """Each server's URL (variables at their defaults) -> its pointer; none without ``servers``
    (the client's fallback, ``http://localhost``, is no server a spec promised)."""
    servers = data.get("servers")
    if not isinstance(servers, list):
        return {}
    return {
        server_url(server): f"/servers/{index}"
        for index, server in enumerate(servers)
        if isinstance(server, dict)
    }


def _security(data: dict[str, Any], op: dict[str, Any]) -> dict[frozenset[str], frozenset[str]]:
    """Each alternative (the scheme names it combines) -> the scopes it asks for."""
    requirements = op.get("security", data.get("security"))
    found: dict[frozenset[str], frozenset[str]] = {}
    if requirements is None:  # nothing said: no authentication
        return {frozenset(): frozenset()}
    for requirement in requirements if isinstance(requirements, list) else []:
        if isinstance(requirement, dict):
            scopes = {
                f"{k}:{s}" for k, v in requirement.items() for s in v or [] if isinstance(v, list)
            }
            found[frozenset(map(str, requirement))] = frozenset(scopes)
    return found


def _stability(level: Any) -> int:
    """The rank of an x-stability-level (unknown or absent: stable)."""
    return _STABILITY.index(level) if level in _STABILITY else len(_STABILITY) - 1


def _template_key(op: _Op) -> tuple[str, str]:
    return op.method, op.root + _TEMPLATE.sub("{}", op.path)


def _sdk_key(op: _Op) -> str | None:
    return op.sdk


def _id_key(op: _Op) -> str | None:
    op_id = op.op.get("operationId")
    return str(op_id) if op_id is not None else None


def _property_names(data: dict[str, Any], found: tuple[Any, str] | None) -> set[str]:
    if found is None:
        return set()
    schema = deref(data, found[0])
    props = schema.get("properties") if isinstance(schema, dict) else None
    return set(props) if isinstance(props, dict) else set()


def _component_sides(data: dict[str, Any]) -> dict[str, set[str]]:
    """Component name -> the sides (request / response) where operations use it, transitively."""
    schemas = (data.get("components") or {}).get("schemas") or {}
    sides: dict[str, set[str]] = {}
    for _path, _method, op, item in iter_operations(data):
        roots = [
            (REQUEST, [item.get("parameters"), op.get("parameters"), op.get("requestBody")]),
            (
                RESPONSE,
                [response for _, response in success_responses(op)],
            ),
        ]
        for side, nodes in roots:
            pending = [ref for node in nodes for ref in refs_in(node)]
            seen: set[str] = set()
            while pending:
                ref = pending.pop()
                target = ref_pointer(ref)
                if target is None or target in seen:
                    continue
                seen.add(target)
                try:
                    pending.extend(refs_in(pointer_get(data, target)))
                except KeyError:
                    continue
                name = schema_component(ref)
                if name is not None and name in schemas:
                    sides.setdefault(name, set()).add(side)
    return sides


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from the bundled spec ``old`` to ``new``: operations first, then components."""
    differ = _Differ(old, new)
    differ.servers()
    differ.operations()
    differ.security_schemes()
    differ.components()
    return differ.changes
