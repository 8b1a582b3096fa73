"""The plain-text reference is derived from the HTML one (one citeproc-py run per style instead of
two): it must be, character for character, what citeproc-py's own plain formatter prints, for
every style, on the fixture records and on arbitrary text (markup and entities included). The
patches references.py makes to citeproc-py act inside its style model, before any formatter, so
they reach both outputs alike and the comparison still holds."""

from __future__ import annotations

import dataclasses
import re
import warnings

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
from citeproc.source.json import CiteProcJSON
from exports_data import RECORD_IDS, record
from hypothesis import example, given, settings
from hypothesis import strategies as st
from research.formats import csl_json
from research.model import Person, Record
from research.references import STYLES, _csl, render_text


def plain_formatter_reference(key: str, item: Record) -> str:
    """The reference as citeproc-py's plain formatter prints it, from the unescaped item."""
    source = CiteProcJSON([csl_json.item(item)])
    bibliography = CitationStylesBibliography(_csl(key), source, formatter.plain)
    bibliography.register(Citation([CitationItem(item.id)]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (entry,) = bibliography.bibliography()
    return str(entry)


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_text_reference_is_the_plain_formatters(record_id):
    item = record(record_id)
    for style in STYLES:
        assert render_text(style.key, item) == plain_formatter_reference(style.key, item), style.key


# Text rich in what HTML escaping and tag stripping could get wrong.
MARKUPISH = (
    st.lists(
        st.one_of(
            st.sampled_from(["&amp;", "&lt;", "<i>", "</i>", "&#60;", "&copy", "<", ">", "&", ";"]),
            st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=4),
        ),
        min_size=1,
        max_size=8,
    )
    .map(lambda parts: " ".join("".join(parts).split()))
    .filter(bool)
)


@settings(max_examples=60, deadline=None)
@given(MARKUPISH, MARKUPISH, MARKUPISH, MARKUPISH)
@example("A & B <i>not italic</i> &amp; &lt;", "Ann", "O'Brien <b>", "R&D <Ltd>")
@example(".", "&amp;", "&amp;", "&amp;")  # found by Hypothesis: an italic title's "." then "."
@example("R&", "Ann", "Lee", "R&D;")  # "&" then ".": "&amp;" ends in ";", not a mark of the text
def test_text_reference_is_the_plain_formatters_on_any_text(title, given_name, family, corporate):
    base = record("awkward-report")
    people = (Person(key="a", given=given_name, family=family), Person(key="b", literal=corporate))
    item = dataclasses.replace(base, title=title, authors=people)
    for style in STYLES:
        assert render_text(style.key, item) == plain_formatter_reference(style.key, item), style.key


def test_a_title_ending_in_a_full_stop_keeps_one_in_every_style():
    """citeproc-py drops the style's "." after a title's own, except across the italic title's
    closing tag: references.py mends that, so the HTML and the text agree with its plain
    formatter."""
    from research.references import render_html

    item = dataclasses.replace(record("awkward-report"), title="Working with trauma.")
    for style in STYLES:
        assert "trauma.." not in render_text(style.key, item), style.key
        assert not re.search(r"trauma\.(</\w+>)+\.", render_html(style.key, item)), style.key
