"""The tables of docs/reference/exports.md, written from the registries so that the page cannot
drift from the code (tests/test_exports_doc.py compares them)."""

from __future__ import annotations

from .exports import EXPORTS
from .references import STYLES


def _function_name(function) -> str:
    return f"`{function.__module__.removeprefix('research.')}.{function.__qualname__}`"


def exports_table() -> str:
    rows = [
        "| key | label | per-record file | media type | render function | all-records file |",
        "|---|---|---|---|---|---|",
    ]
    for fmt in EXPORTS:
        bulk = f"`{fmt.bulk_file}`" if fmt.bulk_file else "—"
        rows.append(
            f"| `{fmt.key}` | {fmt.label} | `records/<id>{fmt.suffix}` | `{fmt.media_type}` "
            f"| {_function_name(fmt.render)} | {bulk} |"
        )
    return "\n".join(rows) + "\n"


def styles_table() -> str:
    rows = ["| key | label | CSL file | style |", "|---|---|---|---|"]
    for style in STYLES:
        rows.append(f"| `{style.key}` | {style.label} | `data/csl/{style.csl_file}` | {style.title} |")
    return "\n".join(rows) + "\n"
