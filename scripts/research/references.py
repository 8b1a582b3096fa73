"""Formatted references, rendered at build time by citeproc-py from the record's CSL-JSON item and
real CSL style files (data/csl/, CC BY-SA 3.0, from the Citation Style Language project).

Each style file is parsed once per process (parsing is the slow part); each call then renders one
record, so the functions stay pure (record -> str) and can be cached or run in parallel."""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.model import CitationStylesElement, Date, FormatNumber, Layout, Locale, Macro
from citeproc.source import VariableError
from citeproc.source.json import CiteProcJSON
from citeproc.string import join
from markupsafe import Markup

from .formats import csl_json
from .fragments import render_fragment
from .model import Record

CSL_DIR = Path(__file__).resolve().parents[2] / "data" / "csl"

_citeproc_last_page = FormatNumber._format_last_page


def _last_page(self, first: str, last: str) -> str:
    """citeproc-py 0.11 compares the two page numbers from the left, so a range whose last page
    has more digits loses them under "minimal-two" (MLA printed "9-13" as "9–3"). No CSL
    page-range format shortens such a range: give the last page whole."""
    if len(last) > len(first):
        return last
    return _citeproc_last_page(self, first, last)


FormatNumber._format_last_page = _last_page

_citeproc_render_single_date = Date.render_single_date


def _render_single_date(self, date, show_parts=None, context=None):
    """A localized date (a style's <date form="text"> calling the <date form="text"> of a
    <locale>) takes its delimiter from the locale's date: the CSL spec lets a locale's date set
    the delimiter and the calling date only its affixes and formatting, and citeproc-js does so.
    citeproc-py 0.11 joins the parts with the calling date's delimiter, which such a date has
    not, so NLM/Vancouver (whose locale gives delimiter=" ") printed "2022Mar" for "2022 Mar"."""
    if context is None or context is self or not self.is_locale_date():
        return _citeproc_render_single_date(self, date, show_parts, context)
    parts = self.parts(date, show_parts, context)
    return self.join(parts, context.get("delimiter", "")) if parts else None


Date.render_single_date = _render_single_date

_citeproc_render_bibliography = Layout.render_bibliography


def _render_bibliography(self, citation_items):
    """A bibliography with second-field-align sets its layout's first field (the citation number
    of IEEE's "[1]" or NLM's "1.") apart from the rest of the entry. citeproc-py 0.11 ignores the
    option and glues the two ("[1]M. Petrillo"); citeproc-js puts them in two blocks
    (csl-left-margin, csl-right-inline), which as text it writes with one space between. That
    space is what is given here, in HTML and text alike."""
    if self.getparent().get_option("second-field-align") is None:
        return _citeproc_render_bibliography(self, citation_items)
    output_items = []
    for item in citation_items:
        self.repressed = {}
        fields = []
        for child in self.iterchildren():
            try:
                field = child.render(item)
            except VariableError:
                continue
            if field is not None:
                fields.append(field)
        if len(fields) > 1:
            fields = [fields[0], join(fields[1:])]
        text = self.format(self.wrap(join(fields, " ") if fields else None))
        if text is not None:
            output_items.append(text)
    return output_items


Layout.render_bibliography = _render_bibliography

# citeproc-py finds a macro by an XPath search of the whole style on every call (several hundred
# per reference), and a term by one of the whole locale: together about half of its time; then
# it asks again and again whether a macro prints any variable (to hide a group that prints
# none), walking the macro each time. A style or locale is never changed once parsed, so each
# answer is kept on the element it is asked of. lxml keeps one Python object per element for as
# long as something refers to it: the style's root is held by the parsed style (_csl), each
# locale by the root's `locales` and each macro by the root's memo, so the memos live as long
# as those, and a memo on an element lxml made afresh merely starts empty.
_citeproc_get_macro = CitationStylesElement.get_macro
_citeproc_get_term = Locale.get_term
_citeproc_calls_variable = Macro.calls_variable
_MISSING = object()  # a term the locale lacks (citeproc-py raises IndexError for it)


def _memo(element: Any, name: str) -> dict:
    # Through __dict__: citeproc-py elements read an unknown attribute as a child element.
    return element.__dict__.setdefault(name, {})


def _get_macro(self, name: str):
    macros = _memo(self.get_root(), "_memo_macros")
    if name not in macros:
        macros[name] = _citeproc_get_macro(self, name)
    return macros[name]


def _get_term(self, name: str, form: str | None = None, zero_padded: bool = False):
    terms = _memo(self, "_memo_terms")
    key = (name, form, zero_padded)
    if key not in terms:
        try:
            terms[key] = _citeproc_get_term(self, name, form, zero_padded=zero_padded)
        except IndexError:
            terms[key] = _MISSING
    if terms[key] is _MISSING:
        raise IndexError(name)
    return terms[key]


def _macro_calls_variable(self) -> bool:
    # A macro's element is held by the style's memo above, so the answer lasts as long.
    answer = self.__dict__.get("_memo_calls_variable")
    if answer is None:
        answer = self.__dict__["_memo_calls_variable"] = _citeproc_calls_variable(self)
    return answer


CitationStylesElement.get_macro = _get_macro
Locale.get_term = _get_term
Macro.calls_variable = _macro_calls_variable
LOCALE = "en-GB"


@dataclass(frozen=True)
class ReferenceStyle:
    key: str  # stable name, used in element ids, tests and docs
    label: str  # what the style chooser says
    csl_file: str  # in data/csl/
    title: str  # the style's own title, as its CSL file gives it

    @property
    def path(self) -> Path:
        return CSL_DIR / self.csl_file


STYLES: tuple[ReferenceStyle, ...] = (
    ReferenceStyle("apa", "APA 7th", "apa.csl", "APA Style 7th edition"),
    ReferenceStyle(
        "harvard",
        "Harvard (Cite Them Right)",
        "harvard-cite-them-right.csl",
        "Cite Them Right 12th edition (author-date/Harvard)",
    ),
    ReferenceStyle(
        "mla",
        "MLA 9th",
        "modern-language-association.csl",
        "MLA Handbook 9th edition (in-text citations)",
    ),
    ReferenceStyle(
        "chicago",
        "Chicago (author-date)",
        "chicago-author-date.csl",
        "Chicago Manual of Style 18th edition (author-date)",
    ),
    # Vancouver's reference form is the NLM's "Citing Medicine"; CSL names it so.
    ReferenceStyle(
        "vancouver",
        "Vancouver",
        "nlm-citation-sequence.csl",
        "NLM/Vancouver: Citing Medicine 2nd edition (citation-sequence)",
    ),
    ReferenceStyle("ieee", "IEEE", "ieee.csl", "IEEE Reference Guide version 11.29.2023"),
)
DEFAULT_STYLE = STYLES[0]


def style(key: str) -> ReferenceStyle:
    return next(s for s in STYLES if s.key == key)


@cache
def _csl(key: str) -> CitationStylesStyle:
    return CitationStylesStyle(str(style(key).path), locale=LOCALE, validate=False)


def _escaped(value: Any) -> Any:
    """Every text value of a CSL item, HTML-escaped. citeproc-py's HTML formatter escapes the
    style's own words and punctuation but passes the item's values through as they are."""
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "id" else _escaped(v) for k, v in value.items()}
    return value


# citeproc-py's HTML formatter writes only its own tags (TagWrapper: <i>, <b>, <span style=...>...),
# and every "<" of text reaches its output escaped: the style's words by the formatter, the item's
# values by _escaped. So removing the tags and unescaping the rest gives, character for character,
# what the plain formatter gives, for one citeproc run instead of two (tests/test_rendering.py
# checks this for every style on every fixture record and on arbitrary text).
_TAG = re.compile(r"<[^>]*>")


def _plain_text(html_reference: str) -> str:
    return html.unescape(_TAG.sub("", html_reference))


# citeproc-py drops a punctuation mark that repeats the one before it where two pieces meet
# (a title ending in "." and the style's "." after it: "Trauma." not "Trauma.."), but it
# compares the pieces as written, and in HTML an italic title ends in "</i>": the HTML (and so
# the text made from it) kept both marks. The same rule, applied across closing tags; a mark
# that ends a character reference ("&amp;") is not a mark of the text.
_SEAM = re.compile(r"(&#?\w+;|[.,;:!?])((?:</\w+>)+)([.,;:!?])")


def _one_mark_at_seams(html_reference: str) -> str:
    def mend(match: re.Match) -> str:
        before, tags, after = match.groups()
        return before + tags if before == after else match.group()

    return _SEAM.sub(mend, html_reference)


# The page's panel and the two reference exports print the same references: each record is
# formatted once per style (a record is frozen, so it is its own key).
@lru_cache(maxsize=16384)
def _render_html(key: str, record: Record) -> str:
    source = CiteProcJSON([_escaped(csl_json.item(record))])
    bibliography = CitationStylesBibliography(_csl(key), source, formatter.html)
    bibliography.register(Citation([CitationItem(record.id)]))
    with warnings.catch_warnings():
        # citeproc-py warns about CSL features it does not implement; the output is still
        # complete for the fields a report or an article has.
        warnings.simplefilter("ignore")
        (entry,) = bibliography.bibliography()
    return _one_mark_at_seams(str(entry))


def render_text(key: str, record: Record) -> str:
    """The reference as plain text: never markup (printed escaped, like any text)."""
    return _plain_text(_render_html(key, record))


def render_html(key: str, record: Record) -> str:
    """The reference as an HTML fragment, with the style's italics; every value is escaped."""
    return _render_html(key, record)


@dataclass(frozen=True)
class StyledReference:
    key: str
    label: str
    text: str
    html: Markup  # citeproc-py's output, escaped (see _escaped): safe to print as it is


def styled_references(record: Record) -> tuple[StyledReference, ...]:
    """Every style's reference for one record."""
    return tuple(
        StyledReference(
            s.key, s.label, render_text(s.key, record), Markup(render_html(s.key, record))
        )
        for s in STYLES
    )


NOTICE = (
    "Formatted by citeproc-py with styles from the Citation Style Language project, licensed "
    "under Creative Commons Attribution-ShareAlike 3.0: " + "; ".join(s.title for s in STYLES) + "."
)


def text_document(record: Record) -> str:
    """Every style's reference as plain text, one labelled paragraph each."""
    parts = [f"{ref.label}\n{ref.text}\n" for ref in styled_references(record)]
    return "\n".join([*parts, NOTICE + "\n"])


def html_document(record: Record) -> str:
    """Every style's reference in a small standalone HTML page."""
    return (
        render_fragment(
            "references-document.html",
            title=record.title,
            references=styled_references(record),
            notice=NOTICE,
        )
        + "\n"
    )
