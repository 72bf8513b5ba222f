"""Ctrl-C: one line on stderr, exit status 130, said once per command.

Used by ``generator.__main__`` (for an interrupt that comes while the toolkit
is still importing) and by ``generator.cli`` (during a command), so it imports
only modules the interpreter has loaded before any of ours: a Ctrl-C in the
first milliseconds gets the same line as one in the middle of a run.

A terminal's Ctrl-C reaches the whole process group, forked workers (the
spec validator) included: only the process that started the command speaks.

The handler both raises ``KeyboardInterrupt`` and remembers that it ran: Python
runs it at whatever bytecode comes next, which can be inside a ``__eq__`` or
``__hash__`` that C code calls and whose exception it discards (a dict lookup,
``hasattr``), or inside a library's bare ``except``. ``checkpoint`` raises again
for an interrupt that was swallowed that way, so it is never lost: the pipeline
calls it before writing, the CLI before reporting success.

Where Python cannot raise at all (a weakref callback such as the import
system's module-lock cleanup, a ``__del__``), it would print an "Exception
ignored" traceback for the handler's ``KeyboardInterrupt``; the unraisable hook
keeps quiet about that one interrupt, which is remembered and raised again at
the next checkpoint like any other swallowed one.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found,unused-ignore]  # no stubs; `signal` would import more
import os
import sys

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for a process ended by Ctrl-C
COMMAND_PID = os.getpid()  # the process that imported the CLI; forked workers inherit it

_received: list[int] = []  # the interrupts the handler saw, caught or not


def _on_interrupt(signum: int, _frame: object) -> None:
    _received.append(signum)
    raise KeyboardInterrupt


def _on_unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    if unraisable.exc_type is KeyboardInterrupt and _received:
        return  # ours, remembered: ``checkpoint`` or the CLI's last look raises it again
    sys.__unraisablehook__(unraisable)


def install() -> None:
    """Make Ctrl-C raise ``KeyboardInterrupt`` and be remembered, also where Python cannot raise."""
    sys.unraisablehook = _on_unraisable
    _signal.signal(_signal.SIGINT, _on_interrupt)


def was_interrupted() -> bool:
    """A Ctrl-C came during this command, even one that some code swallowed."""
    return bool(_received)


def checkpoint() -> None:
    """Raise ``KeyboardInterrupt`` now if a Ctrl-C came and was swallowed on its way."""
    if _received:
        raise KeyboardInterrupt


def interrupted() -> int:
    """Report the interrupt (in the command's own process only); returns the exit status.

    Further Ctrl-Cs are ignored from here on: the command is over, and a
    second one must not print a traceback or the line again while it exits.
    """
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    if os.getpid() != COMMAND_PID:  # a forked worker: leave without a word or any cleanup
        os._exit(EXIT_INTERRUPTED)
    sys.stderr.write("interrupted\n")
    # CPython remembers a KeyboardInterrupt that escaped an exec() of source text
    # (dataclasses and namedtuple build their methods that way) and then ends the
    # process by SIGINT instead of with the exit status; each such exec() resets it.
    exec("")  # noqa: S102  # a constant empty string
    return EXIT_INTERRUPTED


def caused_by_interrupt(exc: BaseException) -> bool:
    """Whether a Ctrl-C is among the causes of ``exc`` (Python wraps one raised in
    ``__set_name__`` during class creation in a ``RuntimeError``)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
