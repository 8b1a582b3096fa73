"""Render the HTML fragments that the build puts into pages, from templates in docs/overrides.

This environment escapes every value (MkDocs' own Jinja environment does not), and fails on a
name the context does not have, so a typo in a template cannot print nothing silently."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import jinja2

from .memo import per_build

FRAGMENT_DIR = Path(__file__).resolve().parents[2] / "docs" / "overrides" / "fragments"


@cache
def _environment(directory: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


@per_build
def templates_version() -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every fragment template: part of the key of anything
    remembered that a template rendered (a template may include another)."""
    return tuple(
        (entry.name, entry.stat().st_mtime_ns, entry.stat().st_size)
        for entry in sorted(os.scandir(FRAGMENT_DIR), key=lambda entry: entry.name)
    )


def render_fragment(name: str, directory: Path = FRAGMENT_DIR, **context: object) -> str:
    return _environment(directory).get_template(name).render(**context)
