"""The offline edition: the whole built site as one ZIP that a reader unzips and opens from disk.

Compressing a site of thousands of files is a good part of a build's time, so the archive is
written while the site is being built, by a separate process on the other core: the build sends
it each file's path as soon as the file is final, and at the end it adds whatever was written
last. (A thread was not enough: zlib releases Python's global lock, but everything around it in
zipfile does not, so a thread competing with the build's own Python code fell behind, and the
build then waited seconds for it.)

The archive depends only on the site's content: entries carry a fixed timestamp and mode, and
come in the order the build sends them (each batch sorted), never in the order of a race."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import traceback
import zipfile
from collections.abc import Iterable
from multiprocessing.connection import Connection, wait
from pathlib import Path

# Fixed timestamps make the archive depend only on the site's content.
_STAMP = (2022, 3, 18, 0, 0, 0)
# Level 6: level 9 took 1.8 times as long on a 1,000-record site for a file 0.5% smaller.
_LEVEL = 6
# Messages to the writer: a list of site-relative paths to add; _FINAL_SWEEP to add every file
# of the site not added yet; None at the end.
_FINAL_SWEEP = ("sweep",)


class EditionWriter:
    """Add files with `add` as they become final, then call `finish` (or `abandon`)."""

    def __init__(self, site_dir: Path, archive: Path, *, level: int = _LEVEL):
        self.site_dir = Path(site_dir)
        self.archive = Path(archive)
        self._root = os.path.abspath(self.site_dir)
        self._partial = self.archive.with_suffix(".zip.part")
        self.archive.parent.mkdir(parents=True, exist_ok=True)
        # The archive is not in itself (it may be outside the site, too).
        skip = {self._relative(path, strict=False) for path in (self.archive, self._partial)}
        # fork: the writer needs no module of its own imported (MkDocs puts scripts/ on sys.path
        # only while it imports the hooks, so a spawned interpreter could not import this one).
        context = multiprocessing.get_context("fork")
        inbox, self._outbox = context.Pipe(duplex=False)
        self._results, results = context.Pipe(duplex=False)
        self._process: multiprocessing.process.BaseProcess | None = context.Process(
            target=_write_edition,
            args=(inbox, results, self._outbox, self._root, str(self._partial)),
            kwargs={"folder": self.archive.stem, "skip": skip, "level": level},
            name="offline-edition",
            daemon=True,
        )
        self._process.start()
        inbox.close()  # the writer's ends: with them closed here, each side sees the other end
        results.close()
        self._gone: BaseException | None = None  # the writer could not be reached

    def add(self, path: Path) -> None:
        """A file that will not change again before the build ends."""
        self._send([self._relative(path)])

    def add_all_except(self, paths: Iterable[Path]) -> None:
        """Every file in the site now, except `paths` (files still to be written). The listing is
        made here, now, so that what it holds does not depend on when the writer gets to it."""
        pending = {self._relative(path) for path in paths}
        self._send([name for name in _site_files(self._root) if name not in pending])

    def finish(self) -> int:
        """Add every file not added yet, and move the archive into place. Returns the number of
        files in it."""
        if self._process is None:
            raise RuntimeError("the offline edition was already finished or abandoned")
        self._send(_FINAL_SWEEP)
        self._send(None)
        try:
            outcome = self._outcome()
        finally:
            self._stop()
        if isinstance(outcome, BaseException):
            self._partial.unlink(missing_ok=True)
            raise outcome
        self._partial.replace(self.archive)
        return outcome

    def abandon(self) -> None:
        """Stop, and leave no archive. Returns at once, whatever the writer is doing: it is
        killed (it holds nothing but the partial archive, removed here)."""
        if self._process is not None:
            self._process.kill()
            self._stop()
        self._partial.unlink(missing_ok=True)

    def _relative(self, path: Path | str, *, strict: bool = True) -> str:
        """The site-relative POSIX path, the archive's entry name within its folder."""
        absolute = os.path.abspath(path)
        if not absolute.startswith(self._root + os.sep):
            if not strict:
                return absolute
            raise ValueError(f"{path} is not in the site folder {self._root}")
        return absolute[len(self._root) + 1 :].replace(os.sep, "/")

    def _send(self, message) -> None:
        if self._gone is None and self._process is not None:
            try:
                self._outbox.send(message)
            except OSError as error:  # the writer has died: finish() says why
                self._gone = error

    def _outcome(self) -> int | BaseException:
        """The writer's answer: the number of files, or the error that stopped it."""
        ready = wait([self._results, self._process.sentinel])
        if self._results in ready or self._results.poll():
            try:
                return self._results.recv()
            except EOFError:
                pass
        return RuntimeError(
            f"the offline edition's writer process stopped (exit code {self._process.exitcode})"
        )

    def _stop(self) -> None:
        """Wait for the writer to end (it has been told to, or killed) and release it."""
        if self._process is None:
            return
        self._outbox.close()
        self._process.join()
        self._results.close()
        self._process.close()
        self._process = None


def _site_files(root: str) -> list[str]:
    """Every file under `root`, site-relative, in the order of their path components."""
    found = []
    for folder, _, names in os.walk(root):
        relative = os.path.relpath(folder, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found += [prefix + name for name in names]
    return sorted(found, key=lambda name: name.split("/"))


def _write_edition(
    inbox: Connection,
    results: Connection,
    builds_end: Connection,
    root: str,
    partial: str,
    *,
    folder: str,
    skip: set[str],
    level: int,
) -> None:
    """The writer process: reads paths from `inbox` until None, then answers on `results`."""
    builds_end.close()  # so that `inbox` ends (EOFError) if the build process dies
    added: set[str] = set()
    outcome: int | BaseException
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
            while (message := inbox.recv()) is not None:
                for name in _site_files(root) if message == _FINAL_SWEEP else message:
                    if name in added or name in skip:
                        continue
                    path = os.path.join(root, name)
                    if not os.path.isfile(path):
                        continue
                    added.add(name)
                    info = zipfile.ZipInfo(f"{folder}/{name}", _STAMP)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    with open(path, "rb") as handle:
                        zf.writestr(info, handle.read(), compresslevel=level)
        outcome = len(added)
    except EOFError:
        return  # the build process is gone: nobody to answer
    except BaseException as error:
        outcome = _portable(error)
        try:
            while inbox.recv() is not None:  # let the build send the rest and reach finish()
                pass
        except EOFError:
            return
    with contextlib.suppress(OSError):  # abandoned meanwhile
        results.send(outcome)


def _portable(error: BaseException) -> BaseException:
    """The error itself if it survives pickling, else its traceback as text."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError("".join(traceback.format_exception(error)).strip())
    return error
