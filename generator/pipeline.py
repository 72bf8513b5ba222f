"""Orchestration of the stages for ``generate`` and ``check``.

``load -> validate -> bundle -> build_ir -> render_types + render_client -> fmt``
produce every output file in memory; ``write`` then applies the difference.
A manifest (spec hash, toolkit hash, tool versions, file hashes) lets an
unchanged spec and toolkit return at once, before any heavy import.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.errors import GeneratorError, Location, error
from generator.interrupt import checkpoint
from generator.manifest import (
    MANIFEST,
    manifest_text,
    read_manifest,
    recorded_files,
    skipped_entry,
)
from generator.progress import stage
from generator.write import GENERATED_MARK, Plan, apply, plan, refusals, sha256

if TYPE_CHECKING:
    from generator.errors import Problem
    from generator.incremental import Formatter
    from generator.ir import Api
    from generator.load import Document
    from generator.validate import Pending

TOOLKIT_ROOT = Path(__file__).resolve().parent
TEMPLATES_ROOT = TOOLKIT_ROOT.parent / "templates"
NOT_SHAPING_OUTPUT = frozenset({"commands", "toolkit"})
FORMATTED_TOOLS = ("datamodel-code-generator", "black", "isort")


@dataclass(frozen=True)
class Outcome:
    """What ``generate`` did."""

    up_to_date: bool
    plan: Plan
    warnings: tuple[Problem, ...] = ()  # what loading and validation forgave
    skipped: tuple[Problem, ...] = ()  # what x-sdk-ignore / --skip-unsupported left out


def _tool_versions() -> dict[str, str]:
    """Versions of the tools whose output lands in generated/.

    Read from the ``*.dist-info`` folder names on ``sys.path`` (a directory
    listing): ``importlib.metadata`` alone would double the no-op run's time.
    """
    wanted = {name.replace("-", "_").lower(): name for name in FORMATTED_TOOLS}
    versions = {"toolkit": __version__}
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as found:
                names = [item.name for item in found]
        except OSError:
            continue
        for folder in names:
            if folder.endswith(".dist-info"):
                dist, _, version = folder[: -len(".dist-info")].partition("-")
                tool = wanted.get(dist.replace("-", "_").lower())
                if tool is not None and tool not in versions:
                    versions[tool] = version
    for tool in FORMATTED_TOOLS:
        versions.setdefault(tool, "missing")
    return dict(sorted(versions.items()))


def toolkit_hash() -> str:
    """A hash of everything besides the spec that shapes the output.

    The pipeline's modules, the runtime and the templates; the subcommands and
    the schema toolkit (``commands/``, ``toolkit/``) do not shape it. Kept for
    as long as no file's size or modification time changes (a run asks twice).
    """
    paths: list[tuple[Path, Path]] = []
    for root in (TOOLKIT_ROOT, TEMPLATES_ROOT):
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if (
                path.suffix in {".py", ".j2", ".typed"}
                and "__pycache__" not in rel.parts
                and rel.parts[0] not in NOT_SHAPING_OUTPUT
                and path.is_file()
            ):
                paths.append((root, path))
    try:
        signature = tuple(
            (str(path), found.st_mtime_ns, found.st_size)
            for _, path in paths
            for found in [path.stat()]
        )
    except OSError:
        signature = None
    if signature is not None and _HASHED.get("signature") == signature:
        return str(_HASHED["hash"])
    parts = [
        path.relative_to(root.parent).as_posix().encode() + b"\0" + path.read_bytes()
        for root, path in paths
    ]
    digest = sha256(b"\0\0".join(parts))
    _HASHED.update(signature=signature, hash=digest)
    return digest


_HASHED: dict[str, object] = {}


def _spec_hashes(spec: Path, names: list[str]) -> dict[str, str] | None:
    hashes = {}
    for name in names:
        try:
            hashes[name] = sha256((spec.parent / name).read_bytes())
        except OSError:
            return None
    return hashes


def is_up_to_date(spec: Path, out: Path, package: str) -> bool:
    """The fast path: nothing that shapes the output changed since the last run."""
    manifest = read_manifest(out)
    if (
        not manifest
        or manifest.get("package") != package
        or manifest.get("spec_entry") != spec.name
    ):
        return False
    skipped = manifest.get("skipped") or []
    if not isinstance(skipped, list) or any(
        not str((entry or {}).get("pointer", "")).endswith("/x-sdk-ignore") for entry in skipped
    ):
        return False  # it was generated with --skip-unsupported: this run must fail or say so
    spec_files = manifest.get("spec_files")
    if not isinstance(spec_files, dict) or _spec_hashes(spec, list(spec_files)) != spec_files:
        return False
    if (
        manifest.get("tools") != _tool_versions()
        or manifest.get("toolkit_sha256") != toolkit_hash()
    ):
        return False
    for rel, digest in recorded_files(out, manifest).items():
        try:
            if sha256((out / rel).read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True


def render_all(
    spec: Path,
    out: Path,
    package: str,
    *,
    reuse_formatted: bool = True,
    strict: bool = False,
    warnings: list[Problem] | None = None,
    skip_unsupported: bool = False,
    skipped: list[Problem] | None = None,
    formatter: Formatter | None = None,
    split_above: int | None = None,
) -> dict[str, str]:
    """Every output file (relative path -> text), the manifest included.

    With ``reuse_formatted``, a Python file whose unformatted source is byte-identical
    to the one recorded in the manifest is taken from disk instead of formatted again.
    The spec's warnings are appended to ``warnings``; ``strict`` makes them errors.
    ``skip_unsupported`` leaves out what the generator cannot express (instead of
    failing); what was left out is appended to ``skipped`` and recorded in the manifest.
    ``split_above``: the class count above which the types module becomes a package
    (:data:`generator.types_split.SPLIT_ABOVE` by default; tests lower it).
    """
    stage("loading the spec", spec.name)
    notes: list[Problem] = []  # what rendering warns about (datamodel-codegen's warnings)
    # a child process for the types module, importing datamodel-codegen meanwhile (cold);
    # forked before the spec is loaded, so that it holds no copy of the loaded document
    # (GitHub's: 190 MB of its peak)
    types = _Types(warm=not reuse_formatted or not _reusable(out))
    try:
        files, validated = _loaded_and_rendered(
            types,
            spec,
            out,
            package,
            reuse_formatted=reuse_formatted,
            strict=strict,
            skip_unsupported=skip_unsupported,
            skipped=skipped if skipped is not None else [],
            formatter=formatter,
            notes=notes,
            split_above=split_above,
        )
    finally:
        types.close()  # no process left behind
    stage("validating the spec")
    found = validated()
    if warnings is not None:
        warnings += [*found, *notes]
    return files


def _reusable(out: Path) -> bool:
    """datamodel-codegen's output may be reused (:mod:`generator.types_cache`): the cache is
    on and ``out`` holds an earlier run's output, as in the edit loop.

    Otherwise (a first run into an empty folder, the cache off) the types child warms
    datamodel-codegen up at once, while this process loads the spec and builds the IR;
    where a reuse is likely, it does not, so that a cache hit never waits for that.
    """
    from generator.fmt_cache import folder  # noqa: PLC0415  # cold path only

    return folder() is not None and (out / MANIFEST).is_file()


def _loaded_and_rendered(
    types: _Types,
    spec: Path,
    out: Path,
    package: str,
    *,
    reuse_formatted: bool,
    strict: bool,
    skip_unsupported: bool,
    skipped: list[Problem],
    formatter: Formatter | None,
    notes: list[Problem],
    split_above: int | None = None,
) -> tuple[dict[str, str], Pending]:
    """The spec loaded and validated (in the background), and every output file rendered."""
    from generator.errors import GeneratorError  # noqa: PLC0415  # cold path only
    from generator.load import load  # noqa: PLC0415
    from generator.validate import validate_concurrently  # noqa: PLC0415

    doc = load(spec)
    validated = validate_concurrently(doc, strict=strict, reuse=reuse_formatted)
    try:
        files = _render(
            types,
            doc,
            spec,
            out,
            package,
            reuse_formatted=reuse_formatted,
            forgiven=validated.early,
            skip_unsupported=skip_unsupported,
            skipped=skipped,
            formatter=formatter,
            notes=notes,
            split_above=split_above,
        )
    except GeneratorError as exc:
        raise GeneratorError([*exc.problems, *validated()]) from None  # the warnings too
    except Exception:
        validated()  # a problem in the spec explains (and replaces) a failure to render it
        raise
    return files, validated


def _start_types(
    types: _Types, data: dict[str, Any], api: Api, header: str, *, reuse: bool
) -> None:
    """Start rendering the types, and import what renders and formats the client: after the
    types child has its input (it is the longer path), or before rendering them here (then
    datamodel-codegen too). black and isort only when nothing is reused."""
    if not types.forked:
        _import_renderers(cold=not reuse, types_here=True)
    types.start(data, api, header, reuse=reuse)
    if types.forked:
        _import_renderers(cold=not reuse, types_here=False)


def _import_renderers(*, cold: bool, types_here: bool = True) -> None:
    """Import the libraries rendering and formatting use (the heavy imports of a cold run);
    datamodel-codegen only when the types module is rendered in this process."""
    if cold:  # else black only if an edited statement needs it (generator.incremental)
        import black  # noqa: F401, PLC0415

        if types_here:
            import datamodel_code_generator  # noqa: F401, PLC0415
        import isort  # noqa: F401, PLC0415
    import jinja2  # noqa: F401, PLC0415


def _render(
    types: _Types,
    doc: Document,
    spec: Path,
    out: Path,
    package: str,
    *,
    reuse_formatted: bool,
    forgiven: list[Problem],
    skip_unsupported: bool,
    skipped: list[Problem],
    formatter: Formatter | None = None,
    notes: list[Problem] | None = None,
    split_above: int | None = None,
) -> dict[str, str]:
    from generator import literals  # noqa: PLC0415
    from generator.build_ir import build  # noqa: PLC0415  # cold path only
    from generator.bundle import bundle  # noqa: PLC0415
    from generator.fmt import format_python, format_statement  # noqa: PLC0415
    from generator.forgive import for_rendering  # noqa: PLC0415
    from generator.incremental import Formatter  # noqa: PLC0415
    from generator.render_client import (  # noqa: PLC0415
        comment,
        render_client,
        render_pyproject,
        runtime_files,
    )
    from generator.types_split import SPLIT_ABOVE  # noqa: PLC0415
    from generator.unsatisfiable import accepting_nothing  # noqa: PLC0415

    if split_above is None:
        split_above = SPLIT_ABOVE

    data = for_rendering(bundle(doc), forgiven)  # without the values validation warned about
    data, _ = accepting_nothing(data)  # validation warned: types that accept nothing
    spec_name = doc.display_name(doc.root)
    api = build(
        data,
        package=package,
        spec_name=spec_name,
        toolkit_version=__version__,
        locate=lambda pointer: doc.locate(doc.root, pointer),
        skip_unsupported=skip_unsupported,
    )
    skipped += api.skipped
    schemas = (data.get("components") or {}).get("schemas") or {}
    stage("rendering types", f"{len(schemas)} schemas")
    # Spec text in a `#` comment: one line, control characters escaped.
    source = literals.comment_text(f"{spec_name} ({api.title} {api.version})")
    header_text = (
        f"{GENERATED_MARK}{__version__} from {source}.\n"
        "Do not edit: change the spec or the templates and run `make generate`."
    )
    header = comment(header_text)
    previous = (read_manifest(out) or {}) if reuse_formatted else {}
    tools = _tool_versions()
    if previous.get("tools") != tools:  # formatted by other versions: nothing to reuse
        previous = {}
    # Formats each file, splicing black's output for the statements an edit changed into
    # the previous output when safe (generator.incremental); watch mode passes its own.
    formatter = formatter if formatter is not None else Formatter(format_python, format_statement)
    formatter.start(out, previous)
    _start_types(types, data, api, header, reuse=reuse_formatted)  # the caller closes it
    operations = sum(len(resource.operations) for resource in api.all_resources)
    stage("rendering the client", f"{operations} operations")
    laid_out: set[str] = set()  # written in black's layout already: not formatted again
    client = render_client(api, header_text, laid_out=laid_out)
    # formatted while the child renders the types: the second core is taken
    formatted = _formatted(
        out,
        package,
        {rel: text for rel, text in _python(client).items() if rel not in laid_out},
        previous=previous,
        formatter=formatter,
        tools=tools,
        share=not types.forked,
    )
    types_files = _types_result(types, doc, notes)
    rendered = {f"{package}/{name}": text for name, text in types_files.items()}
    formatted.update(
        _formatted(
            out, package, _python(rendered), previous=previous, formatter=formatter, tools=tools
        )
    )
    rendered.update(client)
    sources = {rel: sha256(text.encode()) for rel, text in _python(rendered).items()}
    files = {rel: formatted.get(rel, text) for rel, text in rendered.items()}
    files.update(runtime_files(api, header_text))
    types_source = files[f"{package}/types.py"]
    files.update(
        _types_package(
            out,
            package,
            api,
            header_text,
            files,
            split_above=split_above,
            previous=previous,
            formatter=formatter,
            tools=tools,
        )
    )
    shipped = [rel for rel in files if rel.startswith(f"{package}/")]
    files["pyproject.toml"] = render_pyproject(api, header_text, shipped, types_source)
    spec_names = sorted(doc.display_name(p) for p in doc.files)
    manifest: dict[str, Any] = {
        "package": package,
        "spec_entry": spec.name,
        "spec_files": _spec_hashes(spec, spec_names) or {},
        "toolkit_sha256": toolkit_hash(),
        "tools": tools,
        "sources": dict(sorted(sources.items())),
        "files": {rel: sha256(text.encode()) for rel, text in sorted(files.items())},
        "skipped": [skipped_entry(p) for p in api.skipped],
        "statements": formatter.manifest_entry(),
    }
    files[MANIFEST] = manifest_text(manifest)
    return files


def _types_result(types: _Types, doc: Document, notes: list[Problem] | None) -> dict[str, str]:
    """The types child's files; its warnings, placed here, appended to ``notes``."""
    if types.forked and types.warm:  # black formats the types module: imported
        import black  # noqa: F401, PLC0415  # while the child still renders it
        import isort  # noqa: F401, PLC0415
    types_files, types_notes = types.result()
    if notes is not None and types_notes:  # placed only now (see validate._check_version)
        where = doc.locate(doc.root, "/components/schemas")
        notes += [replace(note, location=note.location or where) for note in types_notes]
    return types_files


def _types_package(
    out: Path,
    package: str,
    api: Api,
    header_text: str,
    files: dict[str, str],
    *,
    split_above: int,
    previous: dict[str, Any],
    formatter: Formatter,
    tools: dict[str, str],
) -> dict[str, str]:
    """The formatted types module of ``files`` split into a package when it is large
    (:mod:`generator.types_split`): the module and its table taken out of ``files``, the
    package's files returned (none: it stays one module)."""
    from generator.render_client import render_types_package  # noqa: PLC0415
    from generator.schema_table import TABLE_FILE  # noqa: PLC0415
    from generator.types_split import split  # noqa: PLC0415

    if (found := split(files[f"{package}/types.py"], above=split_above)) is None:
        return {}
    stage("splitting the types", f"{len(found.modules)} modules")
    del files[f"{package}/types.py"]
    table = files.pop(f"{package}/{TABLE_FILE}")
    laid_out: set[str] = set()
    made = render_types_package(api, header_text, found, laid_out=laid_out)
    made.update(
        _formatted(
            out,
            package,
            {rel: text for rel, text in made.items() if rel not in laid_out},
            previous=previous,
            formatter=formatter,
            tools=tools,
        )
    )
    made[f"{package}/types/{TABLE_FILE}"] = table
    return made


_Rendered = tuple[dict[str, str], list["Problem"]]  # files by name; datamodel-codegen's warnings


class _Types:
    """The types module and its table (:func:`generator.render_types.render_prepared`) with
    what datamodel-codegen warned about.

    Rendered in a child process forked when the run starts, which imports (``warm``:
    and warms up) datamodel-codegen on the second core while this process imports the
    rest and builds the IR, then renders while this process renders and formats the
    client; rendered here, in :meth:`start`, where forking is unsafe.
    """

    def __init__(self, *, warm: bool) -> None:
        from generator import forked  # noqa: PLC0415  # cold path only

        self.warm = warm  # nothing is reused: datamodel-codegen and black will both run
        self._child: forked.Deferred[_Rendered] | None = None
        self._done: _Rendered | None = None
        if forked.usable():
            self._child = forked.deferred(
                _warm_types if warm else _no_warm_up,
                _render_types,
                "datamodel-code-generator (the types module)",
            )

    @property
    def forked(self) -> bool:
        """Rendered in the child (the second core is taken meanwhile)."""
        return self._child is not None

    def start(self, data: dict[str, Any], api: Api, header: str, *, reuse: bool) -> None:
        import pickle  # noqa: PLC0415  # cold path only

        from generator.render_types import what_it_reads  # noqa: PLC0415  # cold path only

        given = (*what_it_reads(data, api), header, reuse)
        if self._child is not None:
            try:
                self._child.send(given)
                return
            except (pickle.PicklingError, TypeError, AttributeError):  # not picklable: here
                self._child.close()
                self._child = None
        self._done = _render_types(given)

    def result(self) -> _Rendered:
        if self._child is not None:
            return self._child.wait()
        if self._done is None:
            raise RuntimeError("the types module was never started")
        return self._done

    def close(self) -> None:
        """The child collected, whatever it answers (after a failure here, or none)."""
        if self._child is not None:
            self._child.close()


def _warm_types() -> None:
    from generator.render_types import warm  # noqa: PLC0415  # in the child only

    warm()


def _no_warm_up() -> None:
    import generator.render_types  # noqa: F401, PLC0415  # in the child only


def _render_types(given: tuple[dict[str, Any], Api, str, bool]) -> _Rendered:
    """In the child, which hands over its input (:func:`generator.forked.deferred`): the
    spec is dropped once what the render reads of it is worked out, before datamodel-codegen
    runs (its peak is the child's)."""
    from generator.render_types import render_prepared, types_input  # noqa: PLC0415

    data, api, header, reuse = given
    del given
    staged = types_input(data, api)
    del data  # the last reference: GitHub's 10 MiB are free for datamodel-codegen
    said: list[Problem] = []  # placed by the caller
    return render_prepared(staged, api, header, said, reuse=reuse), said


def _python(rendered: dict[str, str]) -> dict[str, str]:
    return {rel: text for rel, text in rendered.items() if rel.endswith(".py")}


def _formatted(
    out: Path,
    package: str,
    unformatted: dict[str, str],
    *,
    previous: dict[str, Any],
    formatter: Formatter,
    tools: dict[str, str],
    share: bool = True,
) -> dict[str, str]:
    """Each module formatted: the file on disk if formatted from this very source, else
    spliced into its previous output, else by black (all those at once; on both cores
    with ``share``)."""
    from generator.fmt import format_all  # noqa: PLC0415  # cold path only

    formatted: dict[str, str] = {}
    for rel, text in unformatted.items():
        done = _reuse_formatted(out, rel, sha256(text.encode()), previous)
        if done is None:
            done = formatter.spliced_or_none(text, rel, package)
        if done is not None:
            formatted[rel] = done
    to_format = {rel: text for rel, text in unformatted.items() if rel not in formatted}
    if to_format:
        stage("formatting", f"{len(to_format)} modules")
    formatted.update(format_all(to_format, package, tools, share=share))
    for rel, text in unformatted.items():
        formatter(text, rel, package, formatted[rel])  # remembers what the next edit splices into
    return formatted


def _reuse_formatted(out: Path, rel: str, digest: str, previous: dict[str, Any]) -> str | None:
    """The formatted file on disk, when it was formatted from exactly this source."""
    if (previous.get("sources") or {}).get(rel) != digest:
        return None
    try:
        data = (out / rel).read_bytes()
    except OSError:
        return None
    if sha256(data) != (previous.get("files") or {}).get(rel):
        return None
    return data.decode("utf-8")


def generate(
    spec: Path,
    out: Path,
    package: str,
    *,
    force: bool = False,
    strict: bool = False,
    skip_unsupported: bool = False,
    formatter: Formatter | None = None,
    split_above: int | None = None,
) -> Outcome:
    """Regenerate ``out`` from ``spec``; unchanged inputs return at once.

    A spec read from standard input or a pipe has no file to compare, and
    ``strict`` must see the spec's warnings, ``skip_unsupported`` say what it
    leaves out: all of them always render.
    """
    fast = not (force or strict or skip_unsupported) and spec.is_file()
    if fast and is_up_to_date(spec, out, package):
        return Outcome(True, Plan())
    warnings: list[Problem] = []
    skipped: list[Problem] = []
    files = render_all(
        spec,
        out,
        package,
        reuse_formatted=not force,
        strict=strict,
        warnings=warnings,
        skip_unsupported=skip_unsupported,
        skipped=skipped,
        formatter=formatter,
        split_above=split_above,
    )
    result = plan(out, files, read_manifest(out))
    problems = refusals(out, result, force=force)
    if problems:
        raise GeneratorError(problems)
    checkpoint()  # a Ctrl-C swallowed while rendering still stops the run before any write
    if not result.empty:
        try:
            out.mkdir(parents=True, exist_ok=True)
            stage("writing", f"{len(result.changed)} files, {len(result.stale)} removed")
            apply(out, result)
        except OSError as exc:  # apply has put the previous output back
            where = Location(str(exc.filename or out))
            message = f"cannot write: {exc.strerror or exc}; the previous output is unchanged"
            raise GeneratorError([error("write-failed", message, where)]) from exc
    return Outcome(result.empty, result, tuple(warnings), tuple(skipped))


def check(
    spec: Path,
    out: Path,
    package: str,
    *,
    strict: bool = False,
    warnings: list[Problem] | None = None,
    skip_unsupported: bool = False,
    skipped: list[Problem] | None = None,
    split_above: int | None = None,
) -> tuple[Plan, dict[str, str]]:
    """What ``generate`` would change (always a full render, never the fast path)."""
    files = render_all(
        spec,
        out,
        package,
        reuse_formatted=False,
        strict=strict,
        warnings=warnings,
        skip_unsupported=skip_unsupported,
        skipped=skipped,
        split_above=split_above,
    )
    return plan(out, files, read_manifest(out)), files
