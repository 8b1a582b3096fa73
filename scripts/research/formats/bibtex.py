"""BibTeX through pybtex: the entry is built from the model and pybtex does all quoting and escaping."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pybtex.database import BibliographyData, Entry
from pybtex.database import Person as BibPerson
from pybtex.database.output.bibtex import Writer

from ..model import Person, Record

_JOURNAL_FIELDS = {"volume": "volume", "issue": "number", "pages": "pages", "issn": "issn"}


@cache
def _writer() -> Writer:
    # One Writer for the whole build: to_string() would look its plugin up on every call.
    return Writer(encoding="UTF-8")


def _person(person: Person) -> BibPerson:
    return BibPerson(
        first=person.given,
        prelast=person.particle or "",
        last=person.family,
        lineage=person.suffix or "",
    )


def entry(record: Record) -> Entry:
    fields: dict[str, str] = {"title": record.title}
    if record.type == "article" and record.journal:
        entry_type = "article"
        fields["journal"] = record.journal.title
        for name in ("volume", "issue", "pages", "issn"):
            value = getattr(record.journal, name)
            if value:
                fields[_JOURNAL_FIELDS[name]] = value.replace("-", "--") if name == "pages" else value
        if record.publisher:
            fields["publisher"] = record.publisher.name
    else:
        entry_type = "techreport"
        fields["institution"] = record.publisher.name
        fields["type"] = _report_type(record)
        if record.series:
            fields["series"] = record.series.title
        if record.series_number:
            fields["number"] = record.series_number
    fields["year"] = str(record.published.year)
    if record.published.month_name:  # a date known only to the year has no month
        fields["month"] = record.published.month_name
    if record.doi:
        fields["doi"] = record.doi
    if record.permanent_url:
        fields["url"] = record.permanent_url
    return Entry(entry_type, fields=fields, persons={"author": [_person(p) for p in record.authors]})


def _report_type(record: Record) -> str:
    """'Monograph (Project Report)' is the repository's label; the report type is the part in
    parentheses when there is one."""
    label = record.item_type
    if label.endswith(")") and "(" in label:
        return label[label.index("(") + 1 : -1]
    return label


def render_many(records: Iterable[Record]) -> str:
    data = BibliographyData(entries={record.id: entry(record) for record in records})
    return _writer().to_string(data)


def render(record: Record) -> str:
    return render_many([record])
