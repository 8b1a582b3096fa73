"""Writing the site's pages, and the offline edition, in a second process.

Writing a page is kernel work: on this 2-core VM, the 1,592 pages of a 1,000-record site took
0.6 to 2.3 s of a rebuild to write, more than the rest of the project's hooks together. So the
build hands each finished page to a process on the other core (spawned, not forked:
research/spawned.py says why), which writes it while the build renders the next ones; MkDocs,
given an empty page by the last `on_post_page`, writes nothing (scripts/hooks.py).

The same process writes the offline edition, the whole built site as one ZIP that a reader
unzips and opens from disk: each page as it writes it, the files already on disk when the build
says so, and at the end whatever was written last. (A thread was not enough for the ZIP: zlib
releases Python's global lock, but everything around it in zipfile does not, so a thread
competing with the build's own Python code fell behind, and the build then waited seconds.)

The archive depends only on the site's content: entries carry a fixed timestamp and mode, and
come in the order the build sends them (each listing sorted), never in the order of a race."""

from __future__ import annotations

import os
import queue
import threading
import zipfile
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import NamedTuple

from research.blobs import make_parent
from research.spawned import SpawnedCall

# Fixed timestamps make the archive depend only on the site's content.
_STAMP = (2022, 3, 18, 0, 0, 0)
# Level 6: level 9 took 1.8 times as long on a 1,000-record site for a file 0.5% smaller.
_LEVEL = 6
# Messages to the writer: (_PAGES, [(site-relative path, html), ...]) to write and archive;
# (_FILES, [site-relative path, ...]) to archive as they are on disk; _FINAL_SWEEP to archive
# every file of the site not archived yet; None at the end.
_PAGES, _FILES = "pages", "files"
_FINAL_SWEEP = ("sweep",)
# Pages are sent in lists of this many: one message a page cost the build a tenth of a second at
# 1,000 records.
_BATCH = 32


class Written(NamedTuple):
    pages: int
    archived: int  # files in the offline edition (0 without one)


class SiteWriter:
    """`write_page` each page once MkDocs has made it, then `finish` (or `abandon`).
    With `archive`, the offline edition is written there (`add_all_except` says when the files
    that are not pages are on disk). `writer`: the function the writer process runs (tests give
    ones that fail)."""

    def __init__(
        self,
        site_dir: Path,
        archive: Path | None = None,
        *,
        level: int = _LEVEL,
        writer=None,
    ):
        self.site_dir = Path(site_dir)
        self.archive = Path(archive) if archive is not None else None
        self._root = os.path.abspath(self.site_dir)
        self._partial = self.archive.with_suffix(".zip.part") if self.archive else None
        skip: set[str] = set()
        if self.archive is not None:
            self.archive.parent.mkdir(parents=True, exist_ok=True)
            # The archive is not in itself (it may be outside the site, too).
            skip = {self._relative(path, strict=False) for path in (self.archive, self._partial)}
        self._call: SpawnedCall[Written] | None = SpawnedCall(
            writer or write_site,
            self._root,
            str(self._partial) if self._partial else None,
            self.archive.stem if self.archive else "",
            skip,
            level,
            name="site writer",
            messages=True,
        )
        self._gone: BaseException | None = None  # the writer could not be reached
        self._pages: list[tuple[str, str]] = []  # made, not sent yet

    def write_page(self, path: Path | str, html: str) -> None:
        """A page as MkDocs would have written it (UTF-8, `xmlcharrefreplace`), at `path`."""
        self._pages.append((self._relative(path), html))
        if len(self._pages) >= _BATCH:
            self._send_pages()

    def add_all_except(self, paths: Iterable[Path]) -> None:
        """Into the offline edition: every file in the site now, except `paths` (pages still to
        be written). The listing is made here, now, so that what it holds does not depend on
        when the writer gets to it. Nothing to do without an edition."""
        if self.archive is None:
            return
        self._send_pages()
        pending = {self._relative(path) for path in paths}
        self._send((_FILES, [name for name in _site_files(self._root) if name not in pending]))

    def _send_pages(self) -> None:
        if self._pages:
            self._send((_PAGES, self._pages))
            self._pages = []

    def finish(self) -> Written:
        """Write the pages not sent yet, archive every file not archived yet, and move the
        archive into place. Returns once every page is on disk."""
        if self._call is None:
            raise RuntimeError("the site writer was already finished or abandoned")
        self._send_pages()
        if self.archive is not None:
            self._send(_FINAL_SWEEP)
        self._send(None)
        call, self._call = self._call, None
        try:
            written = call.result()
        except BaseException:
            self._remove_partial()
            raise
        if self.archive is not None:
            self._partial.replace(self.archive)
        return written

    def abandon(self) -> None:
        """Stop, and leave no archive. Returns at once, whatever the writer is doing: it is
        killed (pages it wrote stay: the build that failed discards or replaces them)."""
        if self._call is not None:
            self._call.cancel()
            self._call = None
        self._remove_partial()

    def _remove_partial(self) -> None:
        if self._partial is not None:
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


def write_site(
    inbox: Connection, root: str, partial: str | None, folder: str, skip: set[str], level: int
) -> Written:
    """The writer process: writes and archives what messages from `inbox` say until None."""
    edition = _Edition(partial, folder, skip, level) if partial is not None else None
    folders: set[str] = set()  # known to exist
    pages = 0
    try:
        for message in _received(inbox):
            kind, items = (_FILES, _site_files(root)) if message == _FINAL_SWEEP else message
            if kind == _PAGES:
                for name, html in items:
                    content = html.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs does
                    path = os.path.join(root, name)
                    make_parent(path, folders)
                    with open(path, "wb") as handle:
                        handle.write(content)
                    pages += 1
                    if edition is not None and edition.wants(name):
                        edition.add(name, content)
            elif edition is not None:
                for name in filter(edition.wants, items):
                    path = os.path.join(root, name)
                    if os.path.isfile(path):
                        with open(path, "rb") as handle:
                            edition.add(name, handle.read())
    finally:
        if edition is not None:
            edition.close()
    return Written(pages, len(edition.added) if edition is not None else 0)


class _Edition:
    """The archive being written: each file once, in the order added, none of `skip`."""

    def __init__(self, partial: str, folder: str, skip: set[str], level: int):
        self._zip = zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=level)
        self._folder, self._skip, self._level = folder, skip, level
        self.added: set[str] = set()

    def wants(self, name: str) -> bool:
        return name not in self.added and name not in self._skip

    def add(self, name: str, content: bytes) -> None:
        self.added.add(name)
        info = zipfile.ZipInfo(f"{self._folder}/{name}", _STAMP)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self._zip.writestr(info, content, compresslevel=self._level)

    def close(self) -> None:
        self._zip.close()


def _received(inbox: Connection) -> Iterator:
    """The messages until None, read by a thread as soon as they come: a pipe holds 64 KB, so
    a build sending pages while this process compresses others would otherwise wait for it
    (1.2 s of a 1,000-record build). Ends with what `recv` raised (EOFError: the build has
    gone)."""
    messages: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:
        try:
            while True:
                message = inbox.recv()
                messages.put(message)
                if message is None:
                    return
        except BaseException as error:
            messages.put(_Unreadable(error))

    threading.Thread(target=read, name="site writer inbox", daemon=True).start()
    while (message := messages.get()) is not None:
        if isinstance(message, _Unreadable):
            raise message.error
        yield message


class _Unreadable(NamedTuple):
    error: BaseException
