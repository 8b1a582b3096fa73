"""Results of pure functions, kept by their inputs: between the builds of one process, and on disk
between builds.

`mkdocs serve` rebuilds the whole site after every save, in the same process, though a save
usually changes one record: every other record page's fragments, head and listing pages come out
the same as last time. A Memo keeps what the previous build made, keyed by the inputs themselves
(frozen dataclasses of text, compared by value), so an unchanged page costs a dictionary lookup,
and a changed input can never find a stale value. Each build keeps only what it used, so a long
session does not grow.

A named Memo is also saved at the end of a `mkdocs build` (save), and read by the next build in
a new process (load), by a hash of each key's repr: the keys are tuples of frozen dataclasses,
text and numbers, whose repr is exact and stable. The file holds the package version it was
made with (rendering.package_version: the source, the templates, the installed distributions),
and is ignored after any change to those."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

Value = TypeVar("Value")

_MEMOS: list[Memo] = []
_PER_BUILD: list[Callable[[], object]] = []  # functools.cache wrappers, cleared every build


def _digest(key: Hashable) -> bytes:
    return hashlib.sha256(repr(key).encode("utf-8", "surrogatepass")).digest()


class Memo(Generic[Value]):
    def __init__(self, name: str | None = None) -> None:
        self.name = name  # saved between builds under this name; None: this process only
        self._previous: dict[Hashable, Value] = {}
        self._current: dict[Hashable, Value] = {}
        self._saved: dict[bytes, Value] = {}  # what the last build saved, by digest of key
        self._digests: dict[Hashable, bytes] = {}  # this build's keys looked up in _saved
        if name is not None:  # a module executed again (hooks.py reloaded) replaces its memos
            _MEMOS[:] = [memo for memo in _MEMOS if memo.name != name]
        _MEMOS.append(self)

    def get(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """The value for `key`: from this or the previous build, else `make()`. `key` must hold
        everything `make` reads."""
        if key in self._current:
            return self._current[key]
        if key in self._previous:
            value = self._previous[key]
        elif self._saved:
            digest = self._digests[key] = _digest(key)
            value = self._saved[digest] if digest in self._saved else make()
        else:
            value = make()
        self._current[key] = value
        return value

    def next_build(self) -> None:
        self._previous, self._current = self._current, {}
        self._digests = {}

    def _path(self, directory: Path) -> Path:
        return directory / f"{self.name}.pickle"

    def _load(self, directory: Path, version: str) -> None:
        try:
            with self._path(directory).open("rb") as handle:
                saved_version, table = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            return  # none yet, or torn by a crash, or from other code: made afresh
        if saved_version == version and isinstance(table, dict):
            self._saved = table

    def _save(self, directory: Path, version: str) -> None:
        table = {self._digests.get(key) or _digest(key): v for key, v in self._current.items()}
        if table.keys() == self._saved.keys():
            return  # the build used exactly what was saved: nothing to write
        path = self._path(directory)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            pickle.dump((version, table), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        self._saved = table


_loaded_from: tuple[Path, str] | None = None


def load(directory: Path, version: str) -> None:
    """Give every named Memo what the last saved build made, if the package is the same. Once
    per process: a serve rebuild has the previous build in memory."""
    global _loaded_from
    if _loaded_from == (directory, version):
        return
    _loaded_from = (directory, version)
    for memo in _MEMOS:
        if memo.name is not None:
            memo._load(directory, version)


def save(directory: Path, version: str) -> None:
    """Keep what this build made for the next build in another process."""
    for memo in _MEMOS:
        if memo.name is not None:
            memo._save(directory, version)


def per_build(function: Callable[[], Value]) -> Callable[[], Value]:
    """`function`, called once per build: for facts that hold during a build but may change
    between two (the templates, which `mkdocs serve` watches)."""
    cached = functools.cache(function)
    _PER_BUILD.append(cached)
    return cached


def next_build() -> None:
    """Start a build: what the build before last made, and did not make again, is dropped."""
    for memo in _MEMOS:
        memo.next_build()
    for cached in _PER_BUILD:
        cached.cache_clear()
