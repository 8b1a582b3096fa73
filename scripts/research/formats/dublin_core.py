"""Simple Dublin Core as OAI-PMH's `oai_dc` record: what repositories harvest."""

from __future__ import annotations

from lxml import etree

from ..model import Record
from .xml import XSI, child, serialise

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
SCHEMA_LOCATION = f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"


def _dc(parent: etree._Element, name: str, text: str) -> None:
    child(parent, f"{{{DC}}}{name}", text)


def element(record: Record) -> etree._Element:
    root = etree.Element(
        f"{{{OAI_DC}}}dc",
        {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION},
        nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI},
    )
    _dc(root, "title", record.title)
    for person in record.authors:
        _dc(root, "creator", person.sort_name)
    for subject in (*record.subjects, *record.keywords):
        _dc(root, "subject", subject)
    if record.publisher:
        _dc(root, "publisher", record.publisher.name)
    _dc(root, "date", record.published.isoformat())
    # DCMI's type vocabulary first, then what the item is, as EPrints writes it.
    _dc(root, "type", "Text")
    _dc(root, "type", "Article" if record.type == "article" else "Report")
    if record.permanent_url:
        _dc(root, "identifier", record.permanent_url)
    if record.doi:
        _dc(root, "identifier", f"doi:{record.doi}")
    if record.type == "article" and record.journal:
        journal = record.journal
        citation = ", ".join(
            part
            for part in (
                journal.title,
                f"vol. {journal.volume}" if journal.volume else None,
                f"no. {journal.issue}" if journal.issue else None,
                f"pp. {journal.pages}" if journal.pages else None,
            )
            if part
        )
        _dc(root, "source", citation)
    elif record.series:
        number = f", no. {record.series_number}" if record.series_number else ""
        _dc(root, "relation", f"{record.series.title}{number}")
    _dc(root, "language", record.language)
    _dc(root, "rights", f"{record.licence.name} ({record.licence.url})")
    return root


def render(record: Record) -> str:
    return serialise(element(record))
