"""The offline edition: the whole built site as one ZIP that a reader unzips and opens from disk.

Compressing a site of thousands of files is a good part of a build's time, so the archive is
written while the site is being built, by a separate process on the other core (spawned, not
forked: research/spawned.py says why): the build sends it each file's path as soon as the file is
final, and at the end it adds whatever was written last. (A thread was not enough: zlib releases
Python's global lock, but everything around it in zipfile does not, so a thread competing with
the build's own Python code fell behind, and the build then waited seconds for it.)

The archive depends only on the site's content: entries carry a fixed timestamp and mode, and
come in the order the build sends them (each batch sorted), never in the order of a race."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path

from research.spawned import SpawnedCall

# Fixed timestamps make the archive depend only on the site's content.
_STAMP = (2022, 3, 18, 0, 0, 0)
# Level 6: level 9 took 1.8 times as long on a 1,000-record site for a file 0.5% smaller.
_LEVEL = 6
# Messages to the writer: a list of site-relative paths to add; _FINAL_SWEEP to add every file
# of the site not added yet; None at the end.
_FINAL_SWEEP = ("sweep",)
# Files added one by one (the pages) are sent in lists of this many: one message a page cost the
# build a tenth of a second at 1,000 records.
_BATCH = 32


class EditionWriter:
    """Add files with `add` as they become final, then call `finish` (or `abandon`).
    `writer`: the function the writer process runs (tests give ones that fail)."""

    def __init__(self, site_dir: Path, archive: Path, *, level: int = _LEVEL, writer=None):
        self.site_dir = Path(site_dir)
        self.archive = Path(archive)
        self._root = os.path.abspath(self.site_dir)
        self._partial = self.archive.with_suffix(".zip.part")
        self.archive.parent.mkdir(parents=True, exist_ok=True)
        # The archive is not in itself (it may be outside the site, too).
        skip = {self._relative(path, strict=False) for path in (self.archive, self._partial)}
        self._call: SpawnedCall[int] | None = SpawnedCall(
            writer or write_edition,
            self._root,
            str(self._partial),
            self.archive.stem,
            skip,
            level,
            name="offline edition",
            messages=True,
        )
        self._gone: BaseException | None = None  # the writer could not be reached
        self._batch: list[str] = []  # added, not sent yet

    def add(self, path: Path) -> None:
        """A file that will not change again before the build ends."""
        self._batch.append(self._relative(path))
        if len(self._batch) >= _BATCH:
            self._send_batch()

    def add_all_except(self, paths: Iterable[Path]) -> None:
        """Every file in the site now, except `paths` (files still to be written). The listing is
        made here, now, so that what it holds does not depend on when the writer gets to it."""
        self._send_batch()
        pending = {self._relative(path) for path in paths}
        self._send([name for name in _site_files(self._root) if name not in pending])

    def _send_batch(self) -> None:
        if self._batch:
            self._send(self._batch)
            self._batch = []

    def finish(self) -> int:
        """Add every file not added yet, and move the archive into place. Returns the number of
        files in it."""
        if self._call is None:
            raise RuntimeError("the offline edition was already finished or abandoned")
        self._send_batch()
        self._send(_FINAL_SWEEP)
        self._send(None)
        call, self._call = self._call, None
        try:
            count = call.result()
        except BaseException:
            self._partial.unlink(missing_ok=True)
            raise
        self._partial.replace(self.archive)
        return count

    def abandon(self) -> None:
        """Stop, and leave no archive. Returns at once, whatever the writer is doing: it is
        killed (it holds nothing but the partial archive, removed here)."""
        if self._call is not None:
            self._call.cancel()
            self._call = None
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
        if self._gone is None and self._call is not None:
            try:
                self._call.send(message)
            except OSError as error:  # the writer has failed or died: finish() says why
                self._gone = error


def _site_files(root: str) -> list[str]:
    """Every file under `root`, site-relative, in the order of their path components."""
    found = []
    for folder, _, names in os.walk(root):
        relative = os.path.relpath(folder, root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found += [prefix + name for name in names]
    return sorted(found, key=lambda name: name.split("/"))


def write_edition(
    inbox: Connection, root: str, partial: str, folder: str, skip: set[str], level: int
) -> int:
    """The writer process: adds the files named in messages from `inbox` until None, and returns
    how many it added."""
    added: set[str] = set()
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
    return len(added)
