"""EndNote's tagged import format (Refer with EndNote's tags: `%0 Report`, `%A` per author, ...).

No maintained Python library writes it; the format has no quoting at all, only one tag and value
per line, so the one rule here is that a value never breaks across lines."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Record


def _line(text: str) -> str:
    return " ".join(text.split())


def _tags(record: Record) -> Iterator[tuple[str, str]]:
    yield "0", "Journal Article" if record.type == "article" else "Report"
    yield "T", record.title
    for person in record.authors:
        yield "A", person.sort_name
    yield "D", str(record.published.year)
    yield "8", record.published.isoformat()
    if record.publisher:
        yield "I", record.publisher.name
    if record.type == "article" and record.journal:
        journal = record.journal
        yield "J", journal.title
        for tag, value in (("V", journal.volume), ("N", journal.issue), ("P", journal.pages)):
            if value:
                yield tag, value
        if journal.issn:
            yield "@", journal.issn
    else:
        yield "9", record.report_type  # EndNote's "Type of Work"
        if record.series:
            yield "S", record.series.title  # EndNote's "Series Title" (tertiary title)
        if record.series_number:
            yield "N", record.series_number  # a Report's "Report Number"
    if record.doi:
        yield "R", record.doi
    if record.permanent_url:
        yield "U", record.permanent_url
    yield "G", record.language
    for keyword in record.keywords:
        yield "K", keyword


def render(record: Record) -> str:
    return "".join(f"%{tag} {_line(value)}\n" for tag, value in _tags(record))
