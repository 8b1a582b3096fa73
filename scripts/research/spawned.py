"""Work handed to a second process, to run on the other core while the build goes on.

A new interpreter, not a fork of the build: after a fork, every page of memory the build then
writes to is first copied (copy-on-write), and on a 2-core VM that cost 11 µs a page, about half
a second of a 1,000-record serve rebuild (45,000 pages), more than the work handed over took.
The child imports only what it runs. The function and its arguments travel pickled through a
temporary file, so the build never waits for the child to start reading; messages sent while it
runs (`send`) through a pipe; its answer through another."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")

SCRIPTS_DIR = Path(__file__).resolve().parents[1]  # what the child needs on sys.path
_BOOT = "import sys; sys.path.insert(0, sys.argv[1]); from research.spawned import _run; _run()"


class SpawnedCall(Generic[T]):
    """`function(*args)` in a child interpreter; with `messages=True`, `function(inbox, *args)`,
    where `inbox` receives what `send` sends (EOFError once the build process has closed or
    died). `function` must be importable by name: a module-level function of this package (or
    of a module on PYTHONPATH). `result()` waits for its return value or raises what it raised;
    `cancel()` stops it at once."""

    def __init__(self, function: Callable[..., T], *args, name: str, messages: bool = False):
        self.name = name
        handle, self._arguments = tempfile.mkstemp(prefix="research-call-", suffix=".pickle")
        answers, answer = os.pipe()
        inbox, self._outbox = os.pipe() if messages else (-1, -1)
        if messages:
            _widen(self._outbox)
        child_ends = (answer, inbox) if messages else (answer,)
        try:
            with os.fdopen(handle, "wb") as file:
                pickle.dump((function, args, messages), file, protocol=pickle.HIGHEST_PROTOCOL)
            self._process: subprocess.Popen | None = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(SCRIPTS_DIR), self._arguments, str(answer)]
                + ([str(inbox)] if messages else []),
                stdin=subprocess.DEVNULL,
                pass_fds=child_ends,
            )
        except BaseException:
            for end in (answers, self._outbox):
                if end != -1:
                    os.close(end)
            os.unlink(self._arguments)
            raise
        finally:
            for end in child_ends:  # closed here: a child that dies shows as end of file
                os.close(end)
        self._answers = Connection(answers, writable=False)
        self._inbox = Connection(self._outbox, readable=False) if messages else None

    def send(self, message) -> None:
        """Raises OSError once the child has stopped reading (it has failed: `result` says why)."""
        if self._inbox is None:
            raise RuntimeError(f"{self.name}: made without messages=True, or already ended")
        self._inbox.send(message)

    def result(self) -> T:
        if self._process is None:
            raise RuntimeError(f"{self.name}: the result was already taken, or the call cancelled")
        try:
            self._close_inbox()
            try:
                succeeded, value = self._answers.recv()
            except EOFError:
                self._process.wait()
                raise RuntimeError(
                    f"{self.name}: the process stopped (exit code {self._process.returncode})"
                ) from None
        finally:
            self._release()
        if not succeeded:
            raise value
        return value

    def cancel(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._release()

    def _close_inbox(self) -> None:
        if self._inbox is not None:
            self._inbox.close()
            self._inbox = None

    def _release(self) -> None:
        self._close_inbox()
        self._process.wait()
        self._process = None
        self._answers.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._arguments)


class FinishedCall(Generic[T]):
    """A SpawnedCall's interface for work done in this process (too little to be worth
    starting an interpreter for)."""

    def __init__(self, function: Callable[..., T], *args):
        self._value = function(*args)

    def result(self) -> T:
        return self._value

    def cancel(self) -> None:
        pass


# A pipe holds 64 KB on Linux: a message of a few hundred KB (a batch of pages) then waits for
# the child to read most of it. 1 MB is the most an unprivileged process may ask for by default.
_PIPE_SIZE = 1 << 20


def _widen(pipe_end: int) -> None:
    if hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux
        with contextlib.suppress(OSError):  # a lower /proc/sys/fs/pipe-max-size: keep 64 KB
            fcntl.fcntl(pipe_end, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)


def _run() -> None:
    """The child: runs the call and answers. Its standard output is the build's."""
    arguments, answer_fd, *inbox_fd = sys.argv[2:]
    answers = Connection(int(answer_fd), readable=False)
    try:
        with open(arguments, "rb") as file:
            function, args, messages = pickle.load(file)
        os.unlink(arguments)  # read: gone even if the build is killed before it takes the result
        if messages:
            args = (Connection(int(inbox_fd[0]), writable=False), *args)
        outcome = (True, function(*args))
    except BaseException as error:
        outcome = (False, portable(error))
    with contextlib.suppress(OSError):  # the build has gone (or cancelled the call)
        answers.send(outcome)


def portable(error: BaseException) -> BaseException:
    """The error itself if it survives pickling, else its traceback as text."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError("".join(traceback.format_exception(error)).strip())
    return error
