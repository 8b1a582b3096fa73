"""The ways into a collection: by author, subject, series and year.

`BrowseIndex.build` makes one pass over the records and files each under its authors, subjects,
series and year, so a listing page never scans the collection: the work is linear in the number
of records (times the few authors and subjects each one names), whatever the number of pages."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .model import Collection, Person, Record, Series

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(term: str) -> str:
    """'Trauma-informed practice' and 'trauma informed practice' -> 'trauma-informed-practice':
    the same subject written two ways is one page."""
    ascii_text = unicodedata.normalize("NFKD", term).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-") or "subject"


# Site-relative addresses of the pages. Directory URLs are off (pages open from file://), so each
# page is a file: records/<id>.html, authors/<key>.html ...
def record_url(record: Record) -> str:
    return record.prose_path.removesuffix(".md") + ".html"


def author_url(person: Person) -> str:
    return f"authors/{person.key}.html"


def subject_url(subject_slug: str) -> str:
    return f"subjects/{subject_slug}.html"


def series_url(series: Series) -> str:
    return f"series/{series.key}.html"


YEARS_URL = "years/index.html"
AUTHORS_URL = "authors/index.html"
SUBJECTS_URL = "subjects/index.html"
SERIES_INDEX_URL = "series/index.html"


def year_anchor(year: int) -> str:
    return f"year-{year}"


@dataclass(frozen=True)
class Tagged:
    """One record filed under a subject, and how it names it: as one of the authors' keywords,
    as a subject this site assigned, or both."""

    record: Record
    keyword: bool
    site_subject: bool


@dataclass
class Subject:
    slug: str
    name: str  # the site's spelling when it assigns the subject, else the first keyword's
    entries: list[Tagged] = field(default_factory=list)


@dataclass(frozen=True)
class BrowseIndex:
    """Records grouped every way the site lets readers browse, each group newest first (the
    collection's own order, kept by appending in one pass)."""

    people: dict[str, Person]
    by_author: dict[str, list[Record]]
    subjects: dict[str, Subject]
    series: dict[str, Series]
    by_series: dict[str, list[Record]]
    by_year: dict[int, list[Record]]

    @classmethod
    def build(cls, collection: Collection) -> BrowseIndex:
        people: dict[str, Person] = {}
        by_author: dict[str, list[Record]] = {}
        subjects: dict[str, Subject] = {}
        series: dict[str, Series] = {}
        by_series: dict[str, list[Record]] = {}
        by_year: dict[int, list[Record]] = {}
        for record in collection:
            for person in record.authors:
                people.setdefault(person.key, person)
                by_author.setdefault(person.key, []).append(record)
            for tagged_slug, tagged in _tags(record).items():
                subject = subjects.get(tagged_slug)
                if subject is None:
                    subject = subjects[tagged_slug] = Subject(tagged_slug, tagged[0])
                elif tagged[1].site_subject and not _assigned_by_site(subject):
                    subject.name = tagged[0]  # the site's own spelling names the page
                subject.entries.append(tagged[1])
            if record.series:
                series.setdefault(record.series.key, record.series)
                by_series.setdefault(record.series.key, []).append(record)
            by_year.setdefault(record.year, []).append(record)
        return cls(people, by_author, subjects, series, by_series, by_year)

    def people_by_name(self) -> list[Person]:
        return sorted(self.people.values(), key=lambda p: (p.sort_name.casefold(), p.key))

    def subjects_by_name(self) -> list[Subject]:
        return sorted(self.subjects.values(), key=lambda s: (s.name.casefold(), s.slug))

    def series_by_title(self) -> list[Series]:
        return sorted(self.series.values(), key=lambda s: (s.title.casefold(), s.key))

    def years_newest_first(self) -> list[int]:
        return sorted(self.by_year, reverse=True)


def _assigned_by_site(subject: Subject) -> bool:
    return any(entry.site_subject for entry in subject.entries)


def _tags(record: Record) -> dict[str, tuple[str, Tagged]]:
    """The record's subjects and keywords by slug, with the spelling to show: a term that is both
    (after slugging) is filed once."""
    keyword_slugs = {slug(term): term for term in record.keywords}
    subject_slugs = {slug(term): term for term in record.subjects}
    tags = {}
    for tag_slug in {**keyword_slugs, **subject_slugs}:
        name = subject_slugs.get(tag_slug) or keyword_slugs[tag_slug]
        tags[tag_slug] = (
            name,
            Tagged(
                record, keyword=tag_slug in keyword_slugs, site_subject=tag_slug in subject_slugs
            ),
        )
    return tags
