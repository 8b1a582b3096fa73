"""Every export format and every reference style, for the real record and the awkward fixtures,
against golden files (tests/golden/; rewrite them only with `pytest --update-golden`)."""

from __future__ import annotations

import pytest
from exports_data import RECORD_IDS, record
from research.exports import EXPORTS
from research.references import STYLES, render_html, render_text


@pytest.mark.parametrize("record_id", RECORD_IDS)
@pytest.mark.parametrize("fmt", EXPORTS, ids=lambda fmt: fmt.key)
def test_export_matches_golden(golden, fmt, record_id):
    item = record(record_id)
    golden(f"{record_id}/{fmt.file_name(item)}", fmt.render(item))


@pytest.mark.parametrize("record_id", RECORD_IDS)
@pytest.mark.parametrize("style", STYLES, ids=lambda style: style.key)
def test_reference_style_matches_golden(golden, style, record_id):
    item = record(record_id)
    golden(f"{record_id}/style-{style.key}.txt", render_text(style.key, item) + "\n")
    golden(f"{record_id}/style-{style.key}.html", render_html(style.key, item) + "\n")


def test_every_golden_file_belongs_to_a_format_or_style():
    """A format or style that was removed leaves no golden file behind to mislead."""
    from conftest import GOLDEN

    expected = {f"{rid}/{fmt.file_name(record(rid))}" for rid in RECORD_IDS for fmt in EXPORTS} | {
        f"{rid}/style-{s.key}.{ext}"
        for rid in RECORD_IDS
        for s in STYLES
        for ext in ("txt", "html")
    }
    found = {path.relative_to(GOLDEN).as_posix() for path in GOLDEN.rglob("*") if path.is_file()}
    assert found == expected
