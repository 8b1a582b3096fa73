"""What the templates print, prepared in Python so that the templates only loop and print.

Every value here is plain text; the fragment templates escape it (autoescape is on)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from . import browse
from .exports import EXPORTS, bulk_exports
from .memo import Memo
from .model import Collection, Person, Record, keeps_its_hash
from .references import NOTICE, STYLES, StyledReference
from .rendering import Renderings, export_name, reference_name


def relative_url(target: str, page_url: str) -> str:
    """A link from the page at `page_url` (e.g. 'records/x.html') to `target` (site-relative),
    that works from file:// as well as from a server. Both are normalised site paths, so this
    is plain path arithmetic (posixpath.relpath would consult the working directory, and the
    listing pages make tens of thousands of links)."""
    page_dirs = page_url.split("/")[:-1]
    target_parts = target.split("/")
    common = 0
    while (
        common < len(page_dirs)
        and common < len(target_parts) - 1
        and page_dirs[common] == target_parts[common]
    ):
        common += 1
    return "/".join([".."] * (len(page_dirs) - common) + target_parts[common:])


def repository_datetime(moment: dt.datetime) -> str:
    """'15 Oct 2024 09:26', as the repository shows it."""
    return f"{moment.day} {moment:%b %Y %H:%M}"


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class AuthorView:
    name: str
    affiliation: str | None
    orcid: str | None
    orcid_url: str | None
    href: str  # the author's page on this site


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    url: str | None = None  # the value links here when set
    datetime: str | None = None  # machine-readable form for <time>


@dataclass(frozen=True)
class Download:
    key: str
    label: str
    href: str
    file_name: str
    media_type: str
    description: str
    content: str  # the file itself, so the page can save it when read from disk


@keeps_its_hash
@dataclass(frozen=True)
class RecordSummary:
    title: str
    href: str
    authors: str
    published: str
    published_iso: str
    kind: str
    container: str | None  # the series or the journal
    note: str | None = None  # why it is listed here, where that needs saying


@dataclass(frozen=True)
class RecordView:
    id: str
    title: str
    authors: tuple[AuthorView, ...]
    published: str
    published_iso: str
    year: int
    year_href: str  # the year on the browse-by-year page
    kind: str  # "Report" / "Journal article"
    series: str | None
    series_number: str | None
    series_href: str | None
    journal: str | None  # 'Probation Quarterly, issue 24, pp. 9–13'
    publisher: str | None
    subjects: tuple[Link, ...]  # assigned by this site
    keywords: tuple[Link, ...]  # the authors' own
    related: tuple[RecordSummary, ...]
    details: tuple[Row, ...]  # the "More information" table
    full_text_note: str | None
    abstract_note: str | None
    bibtex: str
    references: tuple[StyledReference, ...]  # the default style first
    references_notice: str
    downloads: tuple[Download, ...]


def _author(person: Person, page_url: str) -> AuthorView:
    return AuthorView(
        name=person.display_name,
        affiliation=person.affiliation.name if person.affiliation else None,
        orcid=person.orcid,
        orcid_url=person.orcid_url,
        href=relative_url(browse.author_url(person), page_url),
    )


def kind(record: Record) -> str:
    return "Journal article" if record.type == "article" else "Report"


def journal_citation(record: Record) -> str | None:
    """'Probation Quarterly, issue 24, pp. 9–13': the parts that are known, in citation order."""
    journal = record.journal
    if journal is None:
        return None
    parts = [journal.title]
    if journal.volume:
        parts.append(f"vol. {journal.volume}")
    if journal.issue:
        parts.append(f"issue {journal.issue}")
    if journal.pages:
        pages = journal.pages.replace("-", "\N{EN DASH}")
        parts.append(f"pp. {pages}" if "-" in journal.pages else f"p. {pages}")
    return ", ".join(parts)


def _subject_links(terms: tuple[str, ...], page_url: str) -> tuple[Link, ...]:
    return tuple(
        Link(term, relative_url(browse.subject_url(browse.slug(term)), page_url)) for term in terms
    )


def _details(record: Record) -> tuple[Row, ...]:
    """Every row of the repository's 'More information' table, in its order, then the
    permanent URL. A field that is not recorded is left out, never guessed."""
    rows = [Row("Status", record.status)]
    if record.publisher:
        rows.append(Row("Publisher", record.publisher.name))
    if record.journal:
        rows.append(Row("Published in", journal_citation(record)))
        if record.journal.issn:
            rows.append(Row("ISSN", record.journal.issn))
    if record.additional_information:
        rows.append(Row("Additional Information", record.additional_information))
    repository = record.repository
    if repository and repository.depositing_user:
        rows.append(Row("Depositing User", f"Deposited by {repository.depositing_user}"))
    if repository and repository.deposited:
        rows.append(
            Row(
                "Date Deposited",
                repository_datetime(repository.deposited),
                datetime=repository.deposited.isoformat(timespec="minutes"),
            )
        )
    if repository and repository.last_modified:
        rows.append(
            Row(
                "Last Modified",
                repository_datetime(repository.last_modified),
                datetime=repository.last_modified.isoformat(timespec="minutes"),
            )
        )
    rows.append(Row("Item Type", record.item_type))
    rows.append(Row("Licence", record.licence.name, url=record.licence.url))
    if record.study:
        period = f"{record.study.start:%B %Y} to {record.study.end:%B %Y}"
        if record.study.description:
            period = f"{period}: {record.study.description}"
        rows.append(Row("Study period", period))
    if record.doi_url:
        rows.append(Row("DOI", record.doi, url=record.doi_url))
    if repository:
        rows.append(Row("Repository record", repository.name, url=repository.url))
    if record.permanent_url:
        rows.append(Row("Permanent URL", record.permanent_url, url=record.permanent_url))
    return tuple(rows)


def record_view(record: Record, collection: Collection, rendered: Renderings) -> RecordView:
    """`rendered` holds the record's exports, made once per build (research.rendering)."""
    page_url = browse.record_url(record)
    return RecordView(
        id=record.id,
        title=record.title,
        authors=tuple(_author(p, page_url) for p in record.authors),
        published=record.published.long(),
        published_iso=record.published.isoformat(),
        year=record.year,
        year_href=relative_url(browse.YEARS_URL, page_url) + f"#{browse.year_anchor(record.year)}",
        kind=kind(record),
        series=record.series.title if record.series else None,
        series_number=record.series_number,
        series_href=(
            relative_url(browse.series_url(record.series), page_url) if record.series else None
        ),
        journal=journal_citation(record),
        publisher=record.publisher.name if record.publisher else None,
        subjects=_subject_links(record.subjects, page_url),
        keywords=_subject_links(record.keywords, page_url),
        related=record_summaries((collection.get(other) for other in record.related), page_url),
        details=_details(record),
        full_text_note=record.repository.full_text_note if record.repository else None,
        abstract_note=record.abstract_note,
        bibtex=rendered[export_name("bibtex")],
        references=tuple(
            StyledReference(
                style.key,
                style.label,
                rendered[reference_name(style.key, "text")],
                Markup(rendered[reference_name(style.key, "html")]),  # escaped by references.py
            )
            for style in STYLES
        ),
        references_notice=NOTICE,
        downloads=tuple(
            Download(
                key=fmt.key,
                label=fmt.label,
                href=fmt.file_name(record),  # beside the page
                file_name=fmt.file_name(record),
                media_type=fmt.media_type,
                description=fmt.description,
                content=rendered[export_name(fmt.key)],
            )
            for fmt in EXPORTS
        ),
    )


def record_summary(record: Record, page_url: str, note: str | None = None) -> RecordSummary:
    return _summaries.get((record, page_url, note), lambda: _summary(record, page_url, note))


# A serve rebuild finds the same summaries, so the listing pages' views made of them are found
# in their memo by identity, not compared field by field. In this process only: a build in a
# new process makes them again, rather than hash a whole record's repr for each.
_summaries: Memo[RecordSummary] = Memo()


def _summary(record: Record, page_url: str, note: str | None) -> RecordSummary:
    return RecordSummary(
        title=record.title,
        href=relative_url(browse.record_url(record), page_url),
        authors="; ".join(p.display_name for p in record.authors),
        published=record.published.long(),
        published_iso=record.published.isoformat(),
        kind=kind(record),
        container=journal_citation(record) or (record.series.title if record.series else None),
        note=note,
    )


def record_summaries(records: Iterable[Record], page_url: str) -> tuple[RecordSummary, ...]:
    return tuple(record_summary(record, page_url) for record in records)


@dataclass(frozen=True)
class BulkDownload:
    label: str
    href: str
    file_name: str
    media_type: str
    description: str


def bulk_downloads(page_url: str) -> tuple[BulkDownload, ...]:
    return tuple(
        BulkDownload(
            label=f"All records as {fmt.label}",
            href=relative_url(fmt.bulk_file, page_url),
            file_name=fmt.bulk_file.rsplit("/", 1)[-1],
            media_type=fmt.media_type,
            description=fmt.description,
        )
        for fmt in bulk_exports()
    )
