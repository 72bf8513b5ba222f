"""Run one piece of work in a forked child process, on the second core.

Used for the OpenAPI meta-schema check (while the parent renders), for
datamodel-code-generator's generation of the types module (while the parent
renders and formats the client) and for black on one share of the modules
(while the parent formats the other). The child inherits every module the
parent imported, so it starts at once; it answers through a pipe (a pickle of
its result or of its problems) and leaves without cleanup. A child started
with :func:`deferred` gets its input later, through another pipe, and warms
up (imports) meanwhile.

A child dies with its parent (Linux's parent-death signal): a run killed from
outside (a CI step's timeout, ``kill -9``) leaves no child working on, as one
did for 80 minutes on a pattern that backtracked without end.

A Ctrl-C reaches the whole process group: it is held back over the fork, so
that none lands in the interpreter's after-fork hooks (an uncatchable
traceback); afterwards the parent reports it and the child leaves without a
word (exit status 130).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from generator.errors import GeneratorError, Problem, error

T = TypeVar("T")

_VALUE, _PROBLEMS, _CRASH = "value", "problems", "crash"

# The pipe ends this process holds for its children. A child forked later inherits every
# descriptor: it closes these at once, or a deferred child's input, whose write end it
# holds open too, would never end (that child waits for it; its parent waits for that
# child; a later child blocks on an answer its parent reads last).
_HELD: set[int] = set()


def _hold(*ends: int) -> None:
    _HELD.update(ends)


def _close(end: int) -> None:
    """Close a held end (dropped from :data:`_HELD` first: its number may be reused)."""
    _HELD.discard(end)
    os.close(end)


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
    pid = _fork()
    if pid == 0:  # the child: answer through the pipes, then leave without cleanup
        try:
            for read_end, _ in pipes:
                os.close(read_end)
            for work, (_, write_end) in zip(works, pipes, strict=True):
                _answer(work, write_end)
        finally:
            os._exit(0)
    for read_end, write_end in pipes:
        os.close(write_end)
        _hold(read_end)
    reaped: list[bool] = []

    def waiting(read_end: int, last: bool) -> Callable[[], Any]:
        received: list[tuple[str, object]] = []

        def wait() -> Any:
            if not received:
                _HELD.discard(read_end)
                with os.fdopen(read_end, "rb") as pipe:
                    payload = pipe.read()
                if last and not reaped:
                    os.waitpid(pid, 0)
                    reaped.append(True)
                received.append(_received(payload))
            return _unpacked(received[0], what)

        return wait

    return [waiting(read_end, i == len(pipes) - 1) for i, (read_end, _) in enumerate(pipes)]


class Deferred(Generic[T]):
    """A child process started before its input exists: see :func:`deferred`."""

    def __init__(self, pid: int, to_child: int, from_child: int, what: str) -> None:
        self._pid, self._to_child, self._from_child, self._what = pid, to_child, from_child, what
        self._received: list[tuple[str, object]] = []
        self._sent = False

    def send(self, value: object) -> None:
        """Give the child its input (a pickle through the pipe); it starts its work.

        A value that cannot be pickled raises here, before anything is sent (the
        caller may :meth:`close` and do the work itself); a child that is gone is
        reported by :meth:`wait`.
        """
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        self._sent = True
        _HELD.discard(self._to_child)
        with contextlib.suppress(BrokenPipeError), os.fdopen(self._to_child, "wb") as pipe:
            pipe.write(payload)

    def wait(self) -> T:
        """The child's result, as for :func:`forked` (its input must have been sent)."""
        if not self._received:
            _HELD.discard(self._from_child)
            with os.fdopen(self._from_child, "rb") as pipe:
                payload = pipe.read()
            os.waitpid(self._pid, 0)
            self._received.append(_received(payload))
        value: T = _unpacked(self._received[0], self._what)
        return value

    def close(self) -> None:
        """No process left behind, its answer dropped (after a failure here, that failure is
        the one to report): without input the child leaves at once; a child at work is
        stopped (SIGTERM), not awaited."""
        if self._received:
            return
        if self._sent:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGTERM)  # not reaped yet: still our child
        else:
            self._sent = True
            _close(self._to_child)  # the child reads the end of its input: it leaves
        with contextlib.suppress(GeneratorError):
            self.wait()


def deferred(warm: Callable[[], object], work: Callable[[Any], T], what: str) -> Deferred[T]:
    """Start a child that runs ``warm`` (imports: what it can do before its input exists),
    then ``work`` on the value :meth:`Deferred.send` gives it (``work`` holds the only
    reference to it: it may free it as it goes); :meth:`Deferred.wait` returns its
    result, answered as for :func:`forked`. A failure of ``warm`` is left to
    ``work`` to meet again. Call :func:`usable` first; call :meth:`Deferred.close` always.
    """
    to_child_read, to_child = os.pipe()
    from_child, from_child_write = os.pipe()
    pid = _fork()
    if pid == 0:  # the child: read the input while warming up, work, answer, leave
        try:
            os.close(to_child)
            os.close(from_child)
            chunks: list[bytes] = []
            reader = threading.Thread(target=_read_all, args=(to_child_read, chunks))
            reader.start()  # the parent writes without waiting for the warm-up to end
            with contextlib.suppress(Exception):  # a warm-up only; the work meets it again
                warm()
            reader.join()
            if chunks:  # nothing read: the parent gave up (Deferred.close)
                given = [pickle.loads(b"".join(chunks))]  # noqa: S301  # from our own parent
                chunks.clear()  # the pickle's bytes, not held while the work runs
                # the work gets the only reference to its input, and may drop it
                _answer(lambda: work(given.pop()), from_child_write)
        finally:
            os._exit(0)
    os.close(to_child_read)
    os.close(from_child_write)
    _hold(to_child, from_child)
    return Deferred(pid, to_child, from_child, what)


def _read_all(fd: int, chunks: list[bytes]) -> None:
    """Everything until the end of the pipe, appended to ``chunks`` if there was anything."""
    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    if data:
        chunks.append(data)


def _fork() -> int:
    """``os.fork()`` with Ctrl-C held back over it; the child leaves on a Ctrl-C, silently."""
    parent = os.getpid()
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
        if pid == 0:
            _die_with(parent)
            signal.signal(signal.SIGINT, lambda _signum, _frame: os._exit(130))
            for end in _HELD:  # the parent's, for its other children (see _HELD)
                with contextlib.suppress(OSError):
                    os.close(end)
            _HELD.clear()
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    return pid


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(parent: int) -> None:
    """In a child: be killed when ``parent`` ends (Linux; elsewhere nothing is done)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # noqa: PLC0415  # in the child only

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the call: nobody waits for this child
        os._exit(1)


def _answer(work: Callable[[], object], write_end: int) -> None:
    """Run ``work`` and write its answer (a pickle) to ``write_end``, closing it."""
    answer: tuple[str, object]
    try:
        answer = (_VALUE, work())
    except GeneratorError as exc:
        answer = (_PROBLEMS, list(exc.problems))
    except Exception as exc:  # reported by the parent as an internal error
        answer = (_CRASH, f"{type(exc).__name__}: {exc}")
    with os.fdopen(write_end, "wb") as pipe:
        pipe.write(pickle.dumps(answer))


def _received(payload: bytes) -> tuple[str, object]:
    if not payload:
        return (_CRASH, "the process ended without an answer")
    answer: tuple[str, object] = pickle.loads(payload)  # noqa: S301  # our own child
    return answer


def _unpacked(answer: tuple[str, object], what: str) -> Any:
    kind, value = answer
    if kind == _VALUE:
        return value
    if kind == _PROBLEMS:
        raise GeneratorError(value)  # type: ignore[arg-type]  # a list of Problem
    raise GeneratorError([_internal(f"{what} failed: {value}")])


def _internal(message: str) -> Problem:
    return error("internal", message)
