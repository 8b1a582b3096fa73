"""A content-addressed store of the files a build generates (exports, linksets, feeds...), so that
a clean build hard-links each one into the output folder instead of writing it again.

Writing ten thousand small files is a good part of a clean build's time on an ordinary disk,
while a hard link is one cheap call. Each distinct content is kept once, as
`<directory>/<sha256 of the bytes>`, written atomically (temporary file, then rename) and only
when absent; the output file becomes a second name for it.

A blob shares its inode with every output file linked to it, so something that rewrites an output
file in place (an editor keeping hard links, a post-processing plugin, `cp` onto it) rewrites the
blob too. A blob is therefore never trusted by its name alone: before it is linked, its bytes are
compared with the content the build wants (reading a small file costs about as much as linking
it, a tenth of writing it), and one that differs is replaced by a fresh copy, which leaves the
edited file with the old inode. Each linked blob's modification time is set to the build's time,
as writing the file would have, so servers' Last-Modified and ETag headers change with the build.

Where a link cannot be made (the output folder on another file system, a file system without hard
links, a blob removed meanwhile by another build's prune), the content is written as MkDocs would.
An existing output file is unlinked before anything is put in its place, never written into: it
may be another name of a blob."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# errno values after which no link will succeed in this output folder: write the rest.
_LINKING_UNSUPPORTED = {errno.EXDEV, errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EOPNOTSUPP}
_TEMP_SUFFIX = ".tmp"
_STALE_TEMP_SECONDS = 3600  # a temporary file this old belongs to a build that died


class BlobStore:
    """One build's use of the store under `directory`: `place` each file, then `prune` once the
    build has succeeded."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.used: set[str] = set()  # blob names this build placed
        self.linked = 0
        self.written = 0  # placed by writing the content (no link possible)
        self._verified: set[str] = set()  # blobs checked (or written) by this build
        self._folders: set[str] = set()  # output folders known to exist
        self._can_link = True
        self._temp_names = itertools.count()

    def place(self, content: bytes, destination: str | os.PathLike) -> None:
        """Make `destination` a file holding `content`: a link to its blob where possible."""
        destination = os.fspath(destination)
        make_parent(destination, self._folders)
        if self._can_link:
            name = hashlib.sha256(content).hexdigest()
            try:
                blob = self._blob(name, content)
                _replace_with_link(blob, destination)
            except OSError as error:
                if error.errno in _LINKING_UNSUPPORTED:
                    self._can_link = False
                # else: this file only (the blob pruned meanwhile, too many links to it...)
            else:
                self.used.add(name)
                self.linked += 1
                return
        _remove(destination)
        with open(destination, "wb") as output:
            output.write(content)
        self.written += 1

    def _blob(self, name: str, content: bytes) -> str:
        """The path of the blob holding `content`, made (or mended) if needed, dated now."""
        path = os.path.join(self.directory, name)
        if name not in self._verified:
            if not _holds(path, content):
                self._write(path, content)
            else:
                os.utime(path)
            self._verified.add(name)
        return path

    def _write(self, path: str, content: bytes) -> None:
        os.makedirs(self.directory, exist_ok=True)
        temp = f"{path}.{os.getpid()}-{next(self._temp_names)}{_TEMP_SUFFIX}"
        try:
            # Mode 0o666 less the umask, as MkDocs writes output files: the output file is this
            # inode, so it gets this mode.
            with open(temp, "wb") as handle:
                handle.write(content)
            os.replace(temp, path)
        except BaseException:
            _remove(temp)
            raise

    def prune(self) -> int:
        """Remove the blobs this build did not place (and temporary files of dead builds).
        Output folders of earlier builds keep their files: a link outlives its blob's name."""
        removed = 0
        now = time.time()
        try:
            entries = list(os.scandir(self.directory))
        except FileNotFoundError:
            return 0
        for entry in entries:
            if entry.name in self.used:
                continue
            if entry.name.endswith(_TEMP_SUFFIX):
                try:  # another build may be writing it right now
                    if now - entry.stat().st_mtime < _STALE_TEMP_SECONDS:
                        continue
                except FileNotFoundError:
                    continue
            _remove(entry.path)
            removed += 1
        return removed


@dataclass(frozen=True)
class Placed:
    linked: int
    written: int  # where no link could be made
    removed: int  # old blobs pruned


def make_parent(path: str, made: set[str]) -> None:
    """Make the folder of `path` unless `made` (the folders known to exist) holds it: once per
    folder, not once per file, in a build writing thousands."""
    folder = os.path.dirname(path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def place_all(directory: Path, site_dir: Path, files: Mapping[str, str | bytes]) -> Placed:
    """Put every generated file (site-relative path -> content) into `site_dir` from the store in
    `directory`, then prune the store to what this build used. It runs while the build converts
    its pages, in a second process on a large site (research/generated.py), so it ends with the
    prune instead of leaving that to the end of the build. Pruning a store never spoils a
    published site (a link outlives its blob's name), so a build that fails afterwards loses
    nothing but cache."""
    store = BlobStore(directory)
    for path, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        store.place(data, os.path.join(site_dir, *path.split("/")))
    removed = store.prune()
    return Placed(store.linked, store.written, removed)


def _holds(path: str, content: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(content) + 1) == content
    except FileNotFoundError:
        return False


def _replace_with_link(blob: str, destination: str) -> None:
    try:
        os.link(blob, destination)
    except FileExistsError:  # a --dirty build, or a rebuild into the same folder
        os.unlink(destination)
        os.link(blob, destination)


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
