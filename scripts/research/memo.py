"""Results of pure functions, kept between the builds of one process by their inputs.

`mkdocs serve` rebuilds the whole site after every save, in the same process, though a save
usually changes one record: every other record page's fragments, head and listing pages come out
the same as last time. A Memo keeps what the previous build made, keyed by the inputs themselves
(frozen dataclasses of text, compared by value), so an unchanged page costs a dictionary lookup,
and a changed input can never find a stale value. Each build keeps only what it used, so a long
session does not grow."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")

_MEMOS: list[Memo] = []
_PER_BUILD: list[Callable[[], object]] = []  # functools.cache wrappers, cleared every build


class Memo(Generic[Value]):
    def __init__(self) -> None:
        self._previous: dict[Hashable, Value] = {}
        self._current: dict[Hashable, Value] = {}
        _MEMOS.append(self)

    def get(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """The value for `key`: from this or the previous build, else `make()`. `key` must hold
        everything `make` reads."""
        if key in self._current:
            return self._current[key]
        value = self._previous[key] if key in self._previous else make()
        self._current[key] = value
        return value

    def next_build(self) -> None:
        self._previous, self._current = self._current, {}


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
