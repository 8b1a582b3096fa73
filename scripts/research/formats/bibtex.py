"""BibTeX through pybtex: the entry is built from the model and pybtex's writer lays it out.

Field text is turned into LaTeX by pylatexenc (latex.py) instead of the writer's own encoder,
which leaves `$ ^ \\ { }` as LaTeX markup: a title with "$5" would start maths mode."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from pybtex.database import BibliographyData, Entry
from pybtex.database import Person as BibPerson
from pybtex.database.output.bibtex import Writer

from ..model import Person, Record
from .latex import to_latex

# Written as they are, not as text: biblatex reads `doi` and `url` verbatim (an escaped `\_` in
# a DOI would be a different DOI), and `pages` is a range in BibTeX's own notation ("9--13").
_VERBATIM_FIELDS = {"doi", "url", "pages"}

_JOURNAL_FIELDS = {"volume": "volume", "issue": "number", "pages": "pages", "issn": "issn"}


class _LatexWriter(Writer):
    """pybtex's writer with pylatexenc's LaTeX for field values; names arrive already encoded,
    part by part (encoding the joined 'A and B' string would escape the braces that protect a
    corporate author)."""

    def _encode(self, text: str) -> str:
        return to_latex(text)

    def _write_field(self, stream, type, value):
        if type in _VERBATIM_FIELDS:
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)

    def _write_persons(self, stream, persons, role):
        if persons:
            names = " and ".join(self._format_name(stream, person) for person in persons)
            stream.write(f",\n    {role} = {self.quote(names)}")


@cache
def _writer() -> Writer:
    # One Writer for the whole build: to_string() would look its plugin up on every call.
    return _LatexWriter(encoding="UTF-8")


# A family name BibTeX reads as one family name without help: one word, not starting in lower
# case (a lower-case first word would be taken for a particle such as "van").
_PLAIN_FAMILY = re.compile(r"[^\W\d_a-z][\w.'-]*")
_AND = re.compile(r"(?i)(^|\s)and(\s|$)")


def _protected(part: str, *, plain: re.Pattern[str] | None = None) -> str:
    """A name part as BibTeX name syntax needs it: braced when a comma, the word 'and', or (for
    a family name) anything but a plain word would make BibTeX split it differently."""
    latex = to_latex(part)
    needs_braces = "," in part or _AND.search(part) or (plain and not plain.fullmatch(part))
    return f"{{{latex}}}" if needs_braces else latex


def _person(person: Person) -> BibPerson:
    if person.literal is not None:
        # A corporate author: one braced name, never split into given and family names.
        return BibPerson(last=f"{{{to_latex(person.literal)}}}")
    return BibPerson(
        first=_protected(person.given or ""),
        prelast=_protected(person.particle) if person.particle else "",
        last=_protected(person.family or "", plain=_PLAIN_FAMILY),
        lineage=_protected(person.suffix) if person.suffix else "",
    )


def entry(record: Record) -> Entry:
    fields: dict[str, str] = {"title": record.title}
    if record.type == "article" and record.journal:
        entry_type = "article"
        fields["journal"] = record.journal.title
        for name in ("volume", "issue", "pages", "issn"):
            value = getattr(record.journal, name)
            if value:
                fields[_JOURNAL_FIELDS[name]] = (
                    value.replace("-", "--") if name == "pages" else value
                )
        if record.publisher:
            fields["publisher"] = record.publisher.name
    else:
        entry_type = "techreport"
        fields["institution"] = record.publisher.name
        # Zotero's BibTeX import maps `type` to the report type and `number` to its number.
        fields["type"] = record.report_type
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
    if record.language:
        fields["language"] = record.language
    return Entry(
        entry_type, fields=fields, persons={"author": [_person(p) for p in record.authors]}
    )


def render_many(records: Iterable[Record]) -> str:
    data = BibliographyData(entries={record.id: entry(record) for record in records})
    return _writer().to_string(data)


def render(record: Record) -> str:
    return render_many([record])
