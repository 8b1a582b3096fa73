"""The HTML the build puts around a record's prose, in one place: the hooks and the tests that
check escaping both assemble a record page from here, so they cannot drift apart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .context import RecordView, record_view
from .fragments import render_fragment, templates_version
from .head import RecordHead, Site, record_head
from .licensing import LicenceView, licence_view
from .memo import Memo
from .model import Collection, Record
from .rendering import renderer_version


@dataclass(frozen=True)
class RecordPageParts:
    header: str  # title, byline, publication: before the prose
    subjects: str  # the site's subjects and the authors' keywords: after it, searchable
    reference: str  # metadata table, "Cite this" panel, licence
    more: str  # links to related records and to the authors' other work
    # The words of `header` and `subjects` with less markup, for the search index to read
    search_header: str
    search_subjects: str

    def page(self, prose_html: str) -> str:
        """The whole content of the record page, in reading order."""
        return "".join((self.header, prose_html, self.reference, self.subjects, self.more))

    # What the search plugin indexes of a record page is its own text: title, byline, abstract,
    # subjects; the title, byline and subjects with as little markup as keeps their headings.
    # The page as read replaces it once indexed: the full header and subjects, and the reference
    # sections and links to other records, which are most of its HTML and the same labels on
    # every record. Parsing markup is most of the indexer's time.
    def for_indexing(self, prose_html: str) -> str:
        return self.search_header + prose_html + self.search_subjects

    def for_reading(self, indexed: str) -> str:
        """page(), from what for_indexing gave (with the prose as the indexer left it)."""
        if not (indexed.startswith(self.search_header) and indexed.endswith(self.search_subjects)):
            raise ValueError("a record page's content changed between indexing and writing")
        start, end = len(self.search_header), len(indexed) - len(self.search_subjects)
        return self.page(indexed[start:end])


def record_page_parts(
    record: Record, collection: Collection, rendered: Mapping[str, str]
) -> RecordPageParts:
    """`rendered` holds the record's exports and references (research.rendering)."""
    # Everything the parts show: the record, the records it lists as related work, its
    # renderings and the templates. The renderings are made from the record by the renderers
    # (research.rendering, whose cache keys them the same way): the renderers' version stands
    # for them, rather than 50 KB of text hashed for every record of every build.
    related = tuple(collection.get(other) for other in record.related)
    return _remembered.get(
        (record, related, renderer_version(), templates_version()),
        lambda: _render_parts(record_view(record, collection, rendered), licence_view(record)),
    )


_remembered: Memo[RecordPageParts] = Memo("record-pages")


def _render_parts(view: RecordView, licence: LicenceView) -> RecordPageParts:
    return RecordPageParts(
        header=render_fragment("record-header.html", record=view),
        subjects=render_fragment("record-subjects.html", record=view),
        reference=render_fragment("record-details.html", record=view)
        + render_fragment("record-cite.html", record=view)
        + render_fragment("record-licence.html", licence=licence),
        more=render_fragment("record-more.html", record=view),
        search_header=render_fragment("search-header.html", record=view),
        search_subjects=render_fragment("search-subjects.html", record=view),
    )


@dataclass(frozen=True)
class RecordHeadMarkup:
    """What the theme's main.html prints in a record page's <head>."""

    description: str  # for <meta name="description">
    markup: str  # the metadata tags, escaped: fragments/record-head.html


def record_head_markup(record: Record, site: Site, site_name: str) -> RecordHeadMarkup:
    return _heads.get(
        (record, site, site_name, templates_version()),
        lambda: _head_markup(record_head(record, site, site_name)),
    )


# Rendered once per record rather than by the theme on every build: the theme's Jinja spent a
# third of a millisecond a page on it.
_heads: Memo[RecordHeadMarkup] = Memo("record-head-markup")


def _head_markup(head: RecordHead) -> RecordHeadMarkup:
    return RecordHeadMarkup(head.description, render_fragment("record-head.html", record_head=head))
