"""Stage 2b: fold a multi-file spec into one document with local ``$ref``s only.

Schemas that other files define under ``components/schemas`` (or files that
are a schema as a whole) become components of the bundled document, so they
keep a name and become classes; any other external target is inlined. The
entry file's own ``$ref``s are left as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import naming
from generator.errors import GeneratorError, error, join_pointer
from generator.load import Document
from generator.refs import is_data, is_name_map

_SCHEMAS_PREFIX = "/components/schemas/"


class _Bundler:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        # The walk builds every container anew (instance data is shared with the
        # document, never changed); only the schemas map it adds to is copied first.
        self.out: dict[str, Any] = dict(doc.data)
        components = self.out.get("components")
        self.out["components"] = dict(components) if isinstance(components, dict) else {}
        schemas = self.out["components"].get("schemas")
        if isinstance(schemas, dict) or "schemas" not in self.out["components"]:
            schemas = self.out["components"]["schemas"] = dict(schemas or {})
        self.schemas: dict[str, Any] = schemas if isinstance(schemas, dict) else {}
        self.imported: dict[tuple[Path, str], str] = {}
        self.inlining: list[tuple[Path, str]] = []

    def run(self) -> dict[str, Any]:
        self.out = self._walk(self.out, self.doc.root, local_ok=True, pointer="")
        if not self.schemas:
            self.out["components"].pop("schemas", None)
            if not self.out["components"]:
                self.out.pop("components")
        return self.out

    def _walk(
        self,
        node: Any,
        base: Path,
        *,
        local_ok: bool,
        pointer: str,
        key: str | None = None,
        names: bool = False,
    ) -> Any:
        """``node`` with external refs folded in; instance data (see ``refs``) is kept as it is."""
        if isinstance(node, list):
            return [
                self._walk(v, base, local_ok=local_ok, pointer=join_pointer(pointer, i))
                for i, v in enumerate(node)
            ]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if not names and isinstance(ref, str) and (ref.partition("#")[0] or not local_ok):
            return self._external(node, ref, base, pointer)
        return {
            k: v
            if is_data(str(k), v, in_names=names)
            else self._walk(
                v,
                base,
                local_ok=local_ok,
                pointer=join_pointer(pointer, k),
                key=None if names else str(k),
                names=not names and is_name_map(key, str(k), v),
            )
            for k, v in node.items()
        }

    def _external(self, node: dict[str, Any], ref: str, base: Path, pointer: str) -> Any:
        target = self.doc.resolve(ref, base)
        key = (target.file, target.pointer)
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if target.pointer.startswith(_SCHEMAS_PREFIX) or target.pointer == "":
            name = self.imported.get(key)
            if name is None:
                raw = target.pointer[len(_SCHEMAS_PREFIX) :] if target.pointer else target.file.stem
                taken = {name.lower() for name in self.schemas}
                name = naming.unique(naming.pascal(raw) or "Schema", taken)
                self.imported[key] = name
                self.schemas[name] = {}
                self.schemas[name] = self._walk(
                    target.value, target.file, local_ok=False, pointer=target.pointer
                )
            return {"$ref": f"#/components/schemas/{name}", **siblings}
        if key in self.inlining:
            where = self.doc.locate(base, join_pointer(pointer, "$ref"))
            raise GeneratorError(
                [
                    error(
                        "ref-cycle",
                        f"$ref {ref!r} loops back through an inlined target; move the target under components/schemas",
                        where,
                    )
                ]
            )
        self.inlining.append(key)
        try:
            inlined = self._walk(target.value, target.file, local_ok=False, pointer=target.pointer)
        finally:
            self.inlining.pop()
        if isinstance(inlined, dict):
            return {**inlined, **siblings}
        return inlined


def bundle(doc: Document) -> dict[str, Any]:
    """The document as one mapping whose ``$ref``s are all local (``#/...``)."""
    return _Bundler(doc).run()
