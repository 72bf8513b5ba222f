"""GitHub Actions workflow annotations (``::error file=...,line=...::message``).

``--format github`` prints one per finding, so a CI run marks the spec lines
in the pull request. Values are escaped as the runner expects: ``%``, CR and
LF in the message; also ``:`` and ``,`` in properties.
"""

from __future__ import annotations

from generator.errors import Location

# Our levels -> the runner's commands.
COMMANDS = {"breaking": "error", "error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, title: str, message: str, where: Location | None) -> str:
    """One workflow command line: ``level`` (ours), a title, the message and its place."""
    props = []
    if where is not None:
        props.append(f"file={_property(where.file)}")
        if where.line is not None:
            props.append(f"line={where.line}")
        if where.column is not None:
            props.append(f"col={where.column}")
    props.append(f"title={_property(title)}")
    return f"::{COMMANDS.get(level, 'notice')} {','.join(props)}::{_data(message)}"
