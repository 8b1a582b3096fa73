"""RIS (the tagged format every reference manager imports), written by rispy."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from rispy import RisWriter
from rispy.config import TAG_KEY_MAPPING

from ..model import Record

# rispy calls SN `issn`; for a report it carries the report number, where Zotero looks for it.
MAPPING = {**TAG_KEY_MAPPING, "SN": "serial_number"}


class _Writer(RisWriter):
    def set_header(self, count: int) -> str:
        return ""  # no "1." line before each reference: some importers read it as junk


@cache
def _writer() -> _Writer:
    return _Writer(mapping=MAPPING)


def _line(text: str) -> str:
    """A tag's value is one line: runs of whitespace (line breaks included) become one space."""
    return " ".join(text.split())


def reference(record: Record) -> dict[str, Any]:
    published = record.published
    # RIS dates are YYYY/MM/DD/ with empty parts where they are not known: "2022///".
    month = f"{published.month:02d}" if published.month else ""
    day = f"{published.day:02d}" if published.day else ""
    ref: dict[str, Any] = {
        "type_of_reference": "JOUR" if record.type == "article" else "RPRT",
        "title": _line(record.title),
        "authors": [_line(person.sort_name) for person in record.authors],
        "year": str(published.year),
        "date": f"{published.year:04d}/{month}/{day}/",
        "language": record.language,
    }
    if record.publisher:
        ref["publisher"] = _line(record.publisher.name)
    if record.type == "article" and record.journal:
        journal = record.journal
        ref["secondary_title"] = _line(journal.title)
        if journal.volume:
            ref["volume"] = journal.volume
        if journal.issue:
            ref["number"] = journal.issue
        if journal.pages:
            first, _, last = journal.pages.partition("-")
            ref["start_page"] = first
            if last:
                ref["end_page"] = last
        if journal.issn:
            ref["serial_number"] = journal.issn
    else:
        ref["type_of_work"] = _line(record.report_type)
        if record.series:
            ref["tertiary_title"] = _line(record.series.title)
        if record.series_number:
            ref["serial_number"] = _line(record.series_number)
    if record.doi:
        ref["doi"] = record.doi
    if record.permanent_url:
        ref["urls"] = [record.permanent_url]
    if record.keywords:
        ref["keywords"] = [_line(keyword) for keyword in record.keywords]
    return ref


def render_many(records: Iterable[Record]) -> str:
    return _writer().formats([reference(record) for record in records])


def render(record: Record) -> str:
    return render_many([record])
