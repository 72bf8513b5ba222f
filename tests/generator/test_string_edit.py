"""String literals written into black's output without black: byte-identical to black's own.

black (the formatter of record, pinned) is the oracle: a statement is
formatted, one of its strings edited, and whatever ``substitute`` answers for
the edited statement must be what black writes for it. Statements are drawn
as generated code looks (one-line calls, tuples, lists and dicts of strings,
classes and methods with docstrings), with lengths around the line length so
that layouts near each of black's decisions are drawn.
"""

from __future__ import annotations

import contextlib

import black
from hypothesis import assume, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from generator.fmt import LINE_LENGTH
from generator.string_edit import docstring, substitute

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=LINE_LENGTH)


def fmt(source: str) -> str:
    return black.format_str(source, mode=MODE)


WORDS = st.text(alphabet=st.sampled_from(list("abcxyz-_ .:'\"é漢#")), min_size=0, max_size=40)
IDENT = st.sampled_from(["a", "name", "wire", "schema", "enum", "OperationSpec", "ParamSpec"])


def _literal(text: str, quote: str) -> str:
    body = text.replace(quote, "")
    return f"{quote}{body}{quote}"


STRINGS = st.builds(_literal, WORDS, st.sampled_from(["'", '"']))


def _expressions() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        items = st.lists(inner, min_size=1, max_size=7)
        return st.one_of(
            items.map(lambda xs: "[" + ", ".join(xs) + "]"),
            items.map(lambda xs: "(" + ", ".join(xs) + ",)"),
            st.lists(st.tuples(STRINGS, inner), min_size=1, max_size=5).map(
                lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
            ),
            st.tuples(IDENT, st.lists(st.tuples(IDENT, inner), min_size=1, max_size=5)).map(
                lambda c: f"{c[0]}(" + ", ".join(f"{k}={v}" for k, v in c[1]) + ")"
            ),
            st.tuples(IDENT, items).map(lambda s: f"{s[0]}[" + ", ".join(s[1]) + "]"),
        )

    return st.recursive(
        STRINGS | st.sampled_from(["None", "1", "True", "x"]), extend, max_leaves=30
    )


ENUM_WORDS = st.text(alphabet=st.sampled_from(list("abcdxyz-_.")), min_size=1, max_size=24)


def _tables() -> st.SearchStrategy[str]:
    """Tables of string lists nested in calls, as the client's operation tables are."""
    table = st.lists(ENUM_WORDS, min_size=2, max_size=12).map(
        lambda xs: "[" + ", ".join(repr(x) for x in xs) + "]"
    )

    def wrap(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.tuples(IDENT, IDENT, inner, st.lists(STRINGS, max_size=3)).map(
            lambda c: f"{c[0]}({c[1]}={c[2]}" + "".join(f", k={v}" for v in c[3]) + ")"
        ) | st.tuples(STRINGS, inner).map(lambda c: "{" + f"{c[0]}: {c[1]}" + "}")

    return st.recursive(table, wrap, max_leaves=6)


def _edit(source: str, which: int, text: str) -> str | None:
    """``source`` with its ``which``-th string literal's text replaced (same quotes)."""
    import io  # noqa: PLC0415
    import tokenize  # noqa: PLC0415

    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type == tokenize.STRING
    ]
    if not tokens:
        return None
    token = tokens[which % len(tokens)]
    lines = source.splitlines(keepends=True)
    if token.start[0] != token.end[0]:
        return None
    row = token.start[0] - 1
    quote = token.string[0] * (3 if token.string.startswith(token.string[0] * 3) else 1)
    replaced = quote + text.replace(quote[0], "") + quote
    line = lines[row]
    lines[row] = line[: token.start[1]] + replaced + line[token.end[1] :]
    return "".join(lines)


def check(old: str, new: str) -> bool:
    """The substitution, when it answers, is black's output; whether it answered."""
    try:
        formatted = fmt(old)
        expected = fmt(new)
    except black.parsing.InvalidInput:
        assume(False)
        raise
    result = substitute(old, new, formatted)
    with contextlib.suppress(InvalidArgument):  # outside a property test
        event("substituted" if result is not None else "left to black")
    if result is not None:
        assert result == expected
    return result is not None


@settings(max_examples=600, deadline=None)
@given(
    _expressions() | _tables(),
    st.integers(0, 50),
    WORDS | ENUM_WORDS,
    st.sampled_from(["X = ", "    value = ", ""]),
)
@example(
    "OperationSpec(operation_id='listModels', params=(ParamSpec(name='a', schema={'enum': "
    "['sd-1', 'sd-xl-composition', 'sd-xl-lora', 'zimage-de-turbo-lora', 'zimage-lora', "
    "'flux']}),))",
    1,
    "sd-xl-composition-12",
    "X = ",
)
def test_an_edited_string_in_an_expression_is_written_as_black_writes_it(
    expression: str, which: int, text: str, target: str
) -> None:
    old = f"{target}{expression}\n"
    if target.startswith(" "):
        old = "if x:\n" + old
    new = _edit(old, which, text)
    assume(new is not None and new != old)
    check(old, new)  # type: ignore[arg-type]


DOC = st.text(alphabet=st.sampled_from(list("ab Z.\n'\"é漢")), max_size=160)


def _class(doc: str, attribute: str, method: str, width: int) -> str:
    pad = "w" * width
    return (
        f"class Model{pad}(Base):\n"
        f'    """{doc}"""\n'
        f"    field: int = 1\n"
        f'    """{attribute}"""\n'
        f"    def method(self, x: int) -> None:\n"
        f'        """{method}"""\n'
        f"        return None\n"
    )


@settings(max_examples=300, deadline=None)
@given(DOC, DOC, DOC, DOC, st.integers(0, 3), st.integers(0, 90))
@example("Doc.", "attr doc", "Args:\n    x: y", "Args:\n    x: y z", 2, 0)
def test_edited_docstrings_are_written_as_black_writes_them(
    one: str, two: str, three: str, four: str, which: int, width: int
) -> None:
    strip = lambda text: text.replace('"""', "").rstrip("\\")  # noqa: E731
    one, two, three, four = map(strip, (one, two, three, four))
    parts = [one, two, three]
    old = _class(*parts, width)
    parts[which % 3] = four
    new = _class(*parts, width)
    assume(new != old)
    check(old, new)


@settings(max_examples=300, deadline=None)
@given(DOC, st.integers(0, 24), st.integers(0, 110), st.booleans())
def test_a_docstring_is_laid_out_as_black_lays_it_out(
    text: str, depth: int, width: int, long_last: bool
) -> None:
    # a last line near the line length: where black moves the closing quotes
    text = text.replace('"""', "") + ("\n" + "y" * width if long_last else "z" * width)
    assume(not text.endswith(("\\", '"')))
    indent = "    " * (depth % 6)
    source = (
        "".join(f"{'    ' * level}def f{level}():\n" for level in range(len(indent) // 4 + 1))
        + f'{indent}    """{text}"""\n'
    )
    formatted = fmt(source)
    inner = indent + "    "
    ours = docstring(f'"""{text}"""', inner)
    assert ours is not None
    start = formatted.index(inner + '"""') + len(inner)
    assert formatted[start:].rstrip("\n") == ours


def test_the_edits_of_the_committed_client_are_substituted() -> None:
    """The two edits the edit loop measures: a method docstring and an enum value in a table."""
    old = (
        "def list(self) -> None:\n"
        '    """List models.\n\n    Args:\n        short_description: The model\'s short'
        ' description (ex: "x").\n    """\n    return None\n'
    )
    new = old.replace("short description (", "short description #2 (")
    assert check(old, new)
    values = ["sd-1_5", "sd-xl", "sd-xl-composition", "sd-xl-lora", "zimage-lora", "flux.1"]
    table = (
        "X = OperationSpec(operation_id='listModels', params=(ParamSpec(name='a', schema="
        f"{{'enum': {sorted(values * 2)!r}}}),))\n"
    )
    assert check(table, table.replace("sd-xl-composition", "sd-xl-composition-12"))
