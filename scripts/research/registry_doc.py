"""The lists of docs/reference/exports.md, written from the registries so that the page cannot
drift from the code (tests/test_exports_doc.py compares them). Lists, not tables: a table of
this many columns would not fit a phone's width without becoming a scroll region."""

from __future__ import annotations

from .exports import EXPORTS
from .references import STYLES


def _function_name(function) -> str:
    return f"`{function.__module__.removeprefix('research.')}.{function.__qualname__}`"


def exports_list() -> str:
    lines = []
    for fmt in EXPORTS:
        bulk = f"; every record: `{fmt.bulk_file}`" if fmt.bulk_file else ""
        lines.append(
            f"- **{fmt.label}** (`{fmt.key}`): `records/<id>{fmt.suffix}`, "
            f"`{fmt.media_type}`, written by {_function_name(fmt.render)}{bulk}. "
            f"{fmt.description}"
        )
    return "\n".join(lines) + "\n"


def styles_list() -> str:
    return (
        "\n".join(
            f"- **{style.label}** (`{style.key}`): `data/csl/{style.csl_file}`, {style.title}."
            for style in STYLES
        )
        + "\n"
    )
