"""Run one piece of work in a forked child process, on the second core.

Used for the OpenAPI meta-schema check (while the parent renders) and for
black on the largest module (while the parent formats the others). The child
inherits every module the parent imported, so it starts at once; it answers
through a pipe (a pickle of its result or of its problems) and leaves without
cleanup.

A Ctrl-C reaches the whole process group: it is held back over the fork, so
that none lands in the interpreter's after-fork hooks (an uncatchable
traceback); afterwards the parent reports it and the child leaves without a
word (exit status 130).
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from generator.errors import GeneratorError, Problem, error

T = TypeVar("T")

_VALUE, _PROBLEMS, _CRASH = "value", "problems", "crash"


def usable() -> bool:
    """Forking is available and safe here (no other thread could hold a lock)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def forked(work: Callable[[], T], what: str) -> Callable[[], T]:
    """Start ``work`` in a child process; the returned function waits for its result.

    The result is returned as the child computed it; a :class:`GeneratorError`
    raised by ``work`` is raised again with the same problems; any other
    failure (or a child that ends without an answer) is an internal error
    naming ``what``. Call :func:`usable` first.
    """
    (wait,) = forked_stages([work], what)
    return wait


def forked_stages(works: Sequence[Callable[[], Any]], what: str) -> list[Callable[[], Any]]:
    """Start ``works`` one after the other in one child process; one waiting function each.

    Each answer is sent as soon as its work is done, so the parent can use the
    first while the child goes on with the next. Answers as for :func:`forked`.
    """
    pipes = [os.pipe() for _ in works]
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGINT, lambda _signum, _frame: os._exit(130))
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if pid == 0:  # the child: answer through the pipes, then leave without cleanup
        try:
            for read_end, _ in pipes:
                os.close(read_end)
            for work, (_, write_end) in zip(works, pipes, strict=True):
                answer: tuple[str, object]
                try:
                    answer = (_VALUE, work())
                except GeneratorError as exc:
                    answer = (_PROBLEMS, list(exc.problems))
                except Exception as exc:  # reported by the parent as an internal error
                    answer = (_CRASH, f"{type(exc).__name__}: {exc}")
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(pickle.dumps(answer))
        finally:
            os._exit(0)
    for _, write_end in pipes:
        os.close(write_end)
    reaped: list[bool] = []

    def waiting(read_end: int, last: bool) -> Callable[[], Any]:
        received: list[tuple[str, object]] = []

        def wait() -> Any:
            if not received:
                with os.fdopen(read_end, "rb") as pipe:
                    payload = pipe.read()
                if last and not reaped:
                    os.waitpid(pid, 0)
                    reaped.append(True)
                lost = (_CRASH, "the process ended without an answer")
                received.append(pickle.loads(payload) if payload else lost)  # noqa: S301  # our own child
            kind, value = received[0]
            if kind == _VALUE:
                return value
            if kind == _PROBLEMS:
                raise GeneratorError(value)  # type: ignore[arg-type]  # a list of Problem
            raise GeneratorError([_internal(f"{what} failed: {value}")])

        return wait

    return [waiting(read_end, i == len(pipes) - 1) for i, (read_end, _) in enumerate(pipes)]


def _internal(message: str) -> Problem:
    return error("internal", message)
