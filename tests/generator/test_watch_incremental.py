"""Watch mode's statement-level formatting gives black's output for the whole file, byte for byte.

The oracle is black itself (through ``format_python``) on the whole edited
module; the subject splices black's output for the edited statements into the
previous output. Sources are the committed types module, edited the way a
changed description, enum value or field changes datamodel-code-generator's output.
"""

from __future__ import annotations

import io
import re
import shutil
import tokenize
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.fmt import format_python
from generator.incremental import Formatter, record, splice, top_level
from tests.generator.helpers import HERE, ROOT, load_json, run_cli

TYPES = ROOT / "generated" / "scenario_sdk" / "types.py"


@pytest.fixture(scope="module")
def module() -> str:
    """The committed types module: black's output, so black leaves it as it is."""
    return TYPES.read_text(encoding="utf-8")


def whole(source: str) -> str:
    return format_python(source, "scenario_sdk/types.py", "scenario_sdk")


def one(text: str) -> str:
    return format_python(text, "scenario_sdk/types.py", "scenario_sdk")


def spliced(old: str, new: str) -> str | None:
    """``new`` formatted by splicing into ``old`` (black's output for itself)."""
    prints, done = record(old), top_level(old)
    assert prints is not None
    assert done is not None
    return splice(prints, old, done, new, one)


def classes(source: str) -> list[str]:
    return re.findall(r"^class (\w+)\(BaseModel\):\n    \"\"\"", source, flags=re.MULTILINE)


def edit_docstring(source: str, name: str) -> str:
    start = source.index(f'class {name}(BaseModel):\n    """') + len(f"class {name}(BaseModel):\n")
    return (
        source[:start]
        + '    """Edited:   a new description, longer than before.  \n'
        + source[start + 8 :]
    )


def add_field(source: str, name: str) -> str:
    """A field appended, on one long unformatted line, after the class's model_config."""
    anchor = f"class {name}(BaseModel):\n"
    start = source.index(anchor)
    config = source.index("    model_config = ConfigDict(", start)
    end = source.index("    )\n", config) + len("    )\n")
    field = (
        "    added_field: Annotated[str | None, Field(alias='addedField', description="
        "'A field the edit added, described at a length black must wrap onto lines')] = None\n"
    )
    return source[:end] + field + source[end:]


def edit_enum(source: str) -> str:
    match = re.search(
        r"^(\w+) = TypeAliasType\(\n    \"\w+\",\n    Literal\[", source, re.MULTILINE
    )
    assert match is not None
    at = source.index("Literal[", match.start()) + len("Literal[")
    return source[:at] + "'an-added-value', " + source[at:]


def test_edits_of_descriptions_fields_and_enums_splice_to_blacks_output(module: str) -> None:
    names = classes(module)
    assert len(names) > 10
    edits = [
        *(edit_docstring(module, name) for name in names[:: max(1, len(names) // 4)]),
        add_field(module, names[len(names) // 2]),
        edit_enum(module),
    ]
    for edited in edits:
        assert edited != module
        result = spliced(module, edited)
        assert result is not None
        assert result == whole(edited)


def test_two_statements_edited_at_once(module: str) -> None:
    names = classes(module)
    edited = edit_docstring(edit_docstring(module, names[1]), names[-1])
    result = spliced(module, edited)
    assert result is not None
    assert result == whole(edited)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda s: s.replace("from pydantic import", "from pydantic  import", 1), id="import"
        ),
        pytest.param(
            lambda s: s.replace(
                "    model_config = ConfigDict(", "    # note\n    model_config = ConfigDict(", 1
            ),
            id="comment",
        ),
        pytest.param(lambda s: s + "\nx = 1\n", id="statement-added"),
        pytest.param(
            lambda s: s.replace("\n\n\nclass ", "\n\nclass ", 1), id="blank-lines-between"
        ),
    ],
)
def test_edits_that_could_move_neighbours_are_left_to_whole_file_formatting(
    module: str, change: Callable[[str], str]
) -> None:
    edited = change(module)
    assert edited != module
    assert spliced(module, edited) is None


def test_the_formatter_falls_back_to_the_whole_file_and_remembers_outputs(module: str) -> None:
    formatter = Formatter(lambda source, rel, package: whole(source))
    formatter.start(Path("unused"), {})
    assert formatter(module, "types.py", "scenario_sdk", module) == module  # reused from disk
    formatter.warm()
    edited = edit_docstring(module, classes(module)[3])
    assert formatter(edited, "types.py", "scenario_sdk", None) == whole(edited)
    assert formatter.spliced == 1
    again = edited + "\nx = 1\n"  # not spliceable: the whole file is formatted
    assert formatter(again, "types.py", "scenario_sdk", None) == whole(again)
    assert formatter.spliced == 1


def test_the_module_is_real(module: str) -> None:
    assert Path(TYPES).stat().st_size > 10_000
    assert whole(module) == module


def test_an_enum_value_edited_everywhere_including_the_schema_table(module: str) -> None:
    edited = module.replace('"sd-xl-composition"', '"sd-xl-composed"')
    table = module.index("__schemas__")
    assert edited[table:] != module[table:]  # the table (whose strings hold "#") changed too
    result = spliced(module, edited)
    assert result is not None
    assert result == whole(edited)


def test_a_fresh_run_after_an_edit_writes_what_a_full_format_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(HERE / "specs" / "multi", spec)
    out = tmp_path / "out"
    args = ("--spec", spec / "openapi.yaml", "--out", out, "--package", "multi_sdk")
    assert run_cli(capsys, "generate", *args).code == 0
    manifest = load_json(out / ".generator-manifest.json")
    assert "multi_sdk/types.py" in manifest["statements"]["files"]
    schemas = spec / "schemas.yaml"
    schemas.write_text(
        schemas.read_text("utf-8").replace("A thing from a sibling file.", "Edited, and longer."),
        encoding="utf-8",
    )
    edited = run_cli(capsys, "generate", *args)
    assert edited.code == 0
    assert "types.py" in edited.err
    assert "Edited, and longer." in (out / "multi_sdk" / "types.py").read_text("utf-8")
    checked = run_cli(capsys, "check", *args)  # renders and formats every file in full
    assert checked.code == 0, checked.out + checked.err


RESOURCE = ROOT / "generated" / "scenario_sdk" / "resources" / "models.py"


def _method_docstring_lines(source: str) -> list[int]:
    """Lines (0-based) inside the multi-line docstrings of methods (indented by 8)."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING and token.start[1] == 8 and token.end[0] > token.start[0]:
            found.extend(range(token.start[0], token.end[0] - 1))  # 1-based start: the next line
    return found


@pytest.mark.parametrize("pick", [0, 1, 2, -1])
def test_an_edited_method_is_formatted_alone_inside_its_class(pick: int) -> None:
    """A resource class is not formatted whole for one method's docstring."""
    module = RESOURCE.read_text(encoding="utf-8")
    lines = module.splitlines(keepends=True)
    docstring = _method_docstring_lines(module)
    assert len(docstring) > 4
    at = docstring[pick * (len(docstring) // 4)]
    lines[at] = (
        "        Inserted words, enough of them to pass the limit of a hundred columns:   "
        + (lines[at].lstrip())
    )
    edited = "".join(lines)
    given = _spliced_pieces(module, edited)
    assert given
    assert all(text.startswith("class _:\n    ") for text in given)


def test_a_changed_class_header_formats_the_whole_class() -> None:
    module = RESOURCE.read_text(encoding="utf-8")
    edited = module.replace("(SyncAPIResource):", "(SyncAPIResource, ):", 1)
    assert edited != module
    given = _spliced_pieces(module, edited)
    assert given
    assert not any(text.startswith("class _:") for text in given)


def _spliced_pieces(module: str, edited: str, *, old_source: str | None = None) -> list[str]:
    """What the splice of ``edited`` over ``module`` gave black; its result must be black's."""
    given: list[str] = []

    def formatting(text: str) -> str:
        given.append(text)
        return one(text)

    prints, done = record(module), top_level(module)
    assert prints is not None
    assert done is not None
    result = splice(prints, module, done, edited, formatting, old_source=old_source)
    assert result == whole(edited)
    return given


def _refused(text: str) -> str:
    raise AssertionError(f"black was asked to format {text[:60]!r}")


@pytest.mark.parametrize("which", ["types", "resource"])
def test_edits_of_strings_alone_are_written_in_without_black(module: str, which: str) -> None:
    """Given the previous source, a docstring or enum value edit needs no black at all."""
    source = module if which == "types" else RESOURCE.read_text(encoding="utf-8")
    if which == "types":
        edits = [
            source.replace('"sd-xl-composition"', '"sd-xl-composed-of-several"'),
            source.replace("The model's short description", "The model's own short description"),
        ]
    else:
        edits = [
            source.replace("short_description: The model's", "short_description: The own model's"),
            source.replace('"sd-xl-composition"', '"sd-xl-comp"'),
        ]
    prints, done = record(source), top_level(source)
    assert prints is not None
    assert done is not None
    for edited in edits:
        assert edited != source
        result = splice(prints, source, done, edited, _refused, old_source=source)
        assert result == whole(edited)


def test_two_string_edits_one_adding_a_line_match_blacks_output(module: str) -> None:
    """The previous text of each edited statement is found even when an edit adds lines."""
    names = classes(module)
    first = module.index(f"class {names[2]}(BaseModel):\n") + len(f"class {names[2]}(BaseModel):\n")
    assert module[first : first + 7] == '    """'
    edited = module[: first + 7] + "An added first line.\n\n    " + module[first + 7 :]
    edited = edited.replace('"sd-xl-composition"', '"sd-xl-composed"')
    assert edited.count('"sd-xl-composed"') >= 1
    _spliced_pieces(module, edited, old_source=module)
