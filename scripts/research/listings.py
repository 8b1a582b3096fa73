"""The listing pages (one per author, subject and series, the browse-by-year page and an index of
each) as Markdown files the build adds to the site, and the home page's lists.

Each page's body is HTML from a fragment template (escaped by Jinja), after a YAML front matter
written by PyYAML, so the Markdown is complete in itself: the benchmark builds the very same files
with bare Material. Listing pages are left out of the search index: they repeat the titles and
names that the record pages already carry."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from . import browse
from .browse import BrowseIndex, Subject
from .context import Link, RecordSummary, Row, record_summaries, record_summary, relative_url
from .fragments import render_fragment, templates_version
from .memo import Memo
from .model import Collection, Person, Series

NEWEST_ON_HOME = 10


@dataclass(frozen=True)
class Section:
    heading: str | None
    anchor: str | None
    records: tuple[RecordSummary, ...]


@dataclass(frozen=True)
class ListingPage:
    """What browse-page.html prints."""

    title: str
    kind: str  # "Author", "Subject"... shown above the title
    facts: tuple[Row, ...]
    intro: str | None
    sections: tuple[Section, ...]
    links: tuple[Link, ...]  # an index page lists other pages rather than records


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where it sits in the docs tree, e.g. 'authors/madeline-petrillo.md'
    title: str
    markdown: str


def _page(src_uri: str, view: ListingPage) -> GeneratedPage:
    return _pages.get((src_uri, view, templates_version()), lambda: _markdown(src_uri, view))


_pages: Memo[GeneratedPage] = Memo("listing-pages")


def _markdown(src_uri: str, view: ListingPage) -> GeneratedPage:
    front = yaml.safe_dump(
        {"title": view.title, "search": {"exclude": True}}, allow_unicode=True, sort_keys=False
    )
    body = render_fragment("browse-page.html", page=view)
    return GeneratedPage(src_uri, view.title, f"---\n{front}---\n\n{body}\n")


def _src(url: str) -> str:
    return url.removesuffix(".html") + ".md"


def _count(number: int) -> str:
    return f"{number} record{'' if number == 1 else 's'}"


def author_page(person: Person, index: BrowseIndex) -> GeneratedPage:
    url = browse.author_url(person)
    facts = []
    if person.affiliation:
        facts.append(Row("Affiliation", person.affiliation.name, url=person.affiliation.url))
    if person.orcid:
        facts.append(Row("ORCID iD", person.orcid, url=person.orcid_url))
    records = index.by_author[person.key]
    return _page(
        _src(url),
        ListingPage(
            title=person.display_name,
            kind="Author",
            facts=tuple(facts),
            intro=f"Research on this site by {person.display_name}, newest first ({_count(len(records))}).",
            sections=(Section(None, None, record_summaries(records, url)),),
            links=(),
        ),
    )


_HOW_NAMED = {
    (True, False): "Listed as: the authors' keyword",
    (False, True): "Listed as: a subject assigned by this site",
    (True, True): "Listed as: the authors' keyword and a subject assigned by this site",
}


def subject_page(subject: Subject) -> GeneratedPage:
    url = browse.subject_url(subject.slug)
    summaries = tuple(
        record_summary(entry.record, url, note=_HOW_NAMED[(entry.keyword, entry.site_subject)])
        for entry in subject.entries
    )
    return _page(
        _src(url),
        ListingPage(
            title=subject.name,
            kind="Subject",
            facts=(),
            intro=(
                f"Records whose authors give this keyword, or to which this site assigns this "
                f"subject, newest first ({_count(len(summaries))})."
            ),
            sections=(Section(None, None, summaries),),
            links=(),
        ),
    )


def series_page(series: Series, index: BrowseIndex) -> GeneratedPage:
    url = browse.series_url(series)
    facts = [Row("Publisher", series.publisher.name, url=series.publisher.url)]
    if series.url:
        facts.append(Row("Series page", series.url, url=series.url))
    records = index.by_series[series.key]
    return _page(
        _src(url),
        ListingPage(
            title=series.title,
            kind="Series",
            facts=tuple(facts),
            intro=f"The records on this site in this series, newest first ({_count(len(records))}).",
            sections=(Section(None, None, record_summaries(records, url)),),
            links=(),
        ),
    )


def years_page(index: BrowseIndex) -> GeneratedPage:
    url = browse.YEARS_URL
    sections = tuple(
        Section(str(year), browse.year_anchor(year), record_summaries(index.by_year[year], url))
        for year in index.years_newest_first()
    )
    return _page(
        _src(url),
        ListingPage(
            title="Records by year",
            kind="Browse",
            facts=(),
            intro="Every record on this site by year of publication, newest first.",
            sections=sections,
            links=tuple(Link(section.heading, f"#{section.anchor}") for section in sections),
        ),
    )


def _index_page(url: str, title: str, intro: str, links: tuple[Link, ...]) -> GeneratedPage:
    return _page(_src(url), ListingPage(title, "Browse", (), intro, (), links))


def index_pages(index: BrowseIndex) -> Iterator[GeneratedPage]:
    yield _index_page(
        browse.AUTHORS_URL,
        "Authors",
        "Everyone who wrote a record on this site, by family name.",
        tuple(
            Link(
                f"{person.sort_name} ({_count(len(index.by_author[person.key]))})",
                relative_url(browse.author_url(person), browse.AUTHORS_URL),
            )
            for person in index.people_by_name()
        ),
    )
    yield _index_page(
        browse.SUBJECTS_URL,
        "Subjects",
        "The authors' keywords and the subjects this site assigns, A to Z.",
        tuple(
            Link(
                f"{subject.name} ({_count(len(subject.entries))})",
                relative_url(browse.subject_url(subject.slug), browse.SUBJECTS_URL),
            )
            for subject in index.subjects_by_name()
        ),
    )
    yield _index_page(
        browse.SERIES_INDEX_URL,
        "Series",
        "The publication series of the records on this site.",
        tuple(
            Link(
                f"{series.title} ({_count(len(index.by_series[series.key]))})",
                relative_url(browse.series_url(series), browse.SERIES_INDEX_URL),
            )
            for series in index.series_by_title()
        ),
    )


def listing_pages(index: BrowseIndex) -> Iterator[GeneratedPage]:
    """Every listing page of the site, each built from the index (never from a scan)."""
    for person in index.people_by_name():
        yield author_page(person, index)
    for subject in index.subjects_by_name():
        yield subject_page(subject)
    for series in index.series_by_title():
        yield series_page(series, index)
    yield years_page(index)
    yield from index_pages(index)


@dataclass(frozen=True)
class HomeView:
    newest: tuple[RecordSummary, ...]
    total: int
    browse: tuple[Link, ...]


def home_view(collection: Collection, page_url: str) -> HomeView:
    return HomeView(
        newest=record_summaries(collection.records[:NEWEST_ON_HOME], page_url),
        total=len(collection),
        browse=tuple(
            Link(text, relative_url(url, page_url))
            for text, url in (
                ("By year", browse.YEARS_URL),
                ("By author", browse.AUTHORS_URL),
                ("By subject", browse.SUBJECTS_URL),
                ("By series", browse.SERIES_INDEX_URL),
            )
        ),
    )
