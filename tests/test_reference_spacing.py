"""Two citeproc-py 0.11 gaps that references.py patches, checked on what a reader copies: the
citation number of a style with second-field-align stands apart from the entry, and a localized
date keeps its locale's delimiter (NLM's "2022 Mar", not "2022Mar"). citeproc-js gives both."""

from __future__ import annotations

import pytest
from exports_data import record
from lxml import etree
from research.references import STYLES, render_html, render_text, style

REPORT = "working-with-trauma-in-adult-probation"
CSL = {"cs": "http://purl.org/net/xbiblio/csl"}


def _second_field_align(key: str) -> str | None:
    (bibliography,) = etree.parse(str(style(key).path)).xpath(
        "/cs:style/cs:bibliography", namespaces=CSL
    )
    return bibliography.get("second-field-align")


@pytest.mark.parametrize(
    ("key", "start"),
    [("ieee", "[1] M. Petrillo and A. Bradley, "), ("vancouver", "1. Petrillo M, ")],
)
def test_citation_number_is_set_apart(key, start):
    assert _second_field_align(key) == "flush"
    assert render_text(key, record(REPORT)).startswith(start)
    assert render_html(key, record(REPORT)).startswith(start)


def test_styles_without_second_field_align_are_left_alone():
    # The patch follows the style file: the author-date styles print no number to set apart.
    for s in STYLES:
        if _second_field_align(s.key) is None:
            assert render_text(s.key, record(REPORT)).startswith("Petrillo, M."), s.key


def test_localized_date_keeps_the_locales_delimiter():
    text = render_text("vancouver", record(REPORT))
    assert "Her Majesty’s Inspectorate of Probation; 2022 Mar. (HM Inspectorate" in text
    assert "2022Mar" not in text
    # Year, month and day, all three delimited (an article's issue date).
    assert "2021 Feb 28;12(3)" in render_text("vancouver", record("awkward-article"))
