"""What the templates print, prepared in Python so that the templates only loop and print.

Every value here is plain text; the fragment templates escape it (autoescape is on)."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass

from .exports import EXPORTS, export
from .model import Collection, Person, Record


def relative_url(target: str, page_url: str) -> str:
    """A link from the page at `page_url` (e.g. 'records/x.html') to `target` (site-relative),
    that works from file:// as well as from a server."""
    base = posixpath.dirname(page_url)
    return posixpath.relpath(target, base or ".")


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def repository_datetime(moment: dt.datetime) -> str:
    """'15 Oct 2024 09:26', as the repository shows it."""
    return f"{moment.day} {moment:%b %Y %H:%M}"


@dataclass(frozen=True)
class AuthorView:
    name: str
    affiliation: str | None
    orcid: str | None
    orcid_url: str | None


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


@dataclass(frozen=True)
class RecordView:
    id: str
    title: str
    authors: tuple[AuthorView, ...]
    published: str
    published_iso: str
    kind: str  # "Report" / "Journal article"
    series: str | None
    series_number: str | None
    publisher: str
    details: tuple[Row, ...]  # the "More information" table
    full_text_note: str | None
    abstract_note: str | None
    bibtex: str
    downloads: tuple[Download, ...]


def _author(person: Person) -> AuthorView:
    return AuthorView(
        name=person.display_name,
        affiliation=person.affiliation.name if person.affiliation else None,
        orcid=person.orcid,
        orcid_url=person.orcid_url,
    )


def _details(record: Record) -> tuple[Row, ...]:
    """Every row of the repository's 'More information' table, in its order, then the
    permanent URL. A field that is not recorded is left out, never guessed."""
    rows = [Row("Status", record.status), Row("Publisher", record.publisher.name)]
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


def record_view(record: Record) -> RecordView:
    bibtex = export("bibtex")
    return RecordView(
        id=record.id,
        title=record.title,
        authors=tuple(_author(p) for p in record.authors),
        published=long_date(record.published),
        published_iso=record.published.isoformat(),
        kind="Journal article" if record.type == "article" else "Report",
        series=record.series.title if record.series else None,
        series_number=record.series_number,
        publisher=record.publisher.name,
        details=_details(record),
        full_text_note=record.repository.full_text_note if record.repository else None,
        abstract_note=record.abstract_note,
        bibtex=bibtex.render(record),
        downloads=tuple(
            Download(
                key=fmt.key,
                label=fmt.label,
                href=fmt.file_name(record),  # beside the page
                file_name=fmt.file_name(record),
                media_type=fmt.media_type,
                description=fmt.description,
                content=fmt.render(record),
            )
            for fmt in EXPORTS
        ),
    )


@dataclass(frozen=True)
class RecordSummary:
    title: str
    href: str
    authors: str
    published: str
    published_iso: str
    series: str | None


def record_summaries(collection: Collection, page_url: str) -> tuple[RecordSummary, ...]:
    return tuple(
        RecordSummary(
            title=record.title,
            href=relative_url(page_file(record), page_url),
            authors="; ".join(p.display_name for p in record.authors),
            published=long_date(record.published),
            published_iso=record.published.isoformat(),
            series=record.series.title if record.series else None,
        )
        for record in collection
    )


def page_file(record: Record) -> str:
    """The built record page, site-relative (directory URLs are off so file:// works)."""
    return record.prose_path.removesuffix(".md") + ".html"
