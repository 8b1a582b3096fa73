"""schema.org JSON-LD: what web search engines read (Zotero ignores it).

One builder serves both the downloadable `.jsonld` export and the JSON-LD in the record page's
head; the page adds only its own address."""

from __future__ import annotations

import json
import re
from typing import Any

from ..abstract import record_abstract
from ..model import Organisation, Person, Record

SCHEMA_ORG = "https://schema.org"
SCHEMA_TYPE = {"report": "Report", "article": "ScholarlyArticle"}


def page_range(pages: str) -> tuple[str, str | None]:
    """'9-13' -> ('9', '13'); '9' -> ('9', None)."""
    first, *rest = re.split(r"\s*[-–—]+\s*", pages.strip(), maxsplit=1)
    return first, (rest[0] or None) if rest else None


def _agent(person: Person) -> dict[str, Any]:
    if person.is_organisation:  # a corporate author
        return {"@type": "Organization", "name": person.literal}
    node: dict[str, Any] = {
        "@type": "Person",
        "name": person.display_name,
        "givenName": person.given,
        "familyName": " ".join(part for part in (person.particle, person.family) if part),
    }
    if person.honorific:
        node["honorificPrefix"] = person.honorific
    if person.orcid_url:
        node["@id"] = person.orcid_url
        node["sameAs"] = person.orcid_url
    if person.affiliation:
        node["affiliation"] = _organisation(person.affiliation)
    return node


def _organisation(organisation: Organisation) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Organization", "name": organisation.name}
    if organisation.short_name:
        node["alternateName"] = organisation.short_name
    if organisation.url:
        node["url"] = organisation.url
    return node


def _journal_issue(record: Record) -> dict[str, Any]:
    journal = record.journal
    periodical: dict[str, Any] = {"@type": "Periodical", "name": journal.title}
    if journal.issn:
        periodical["issn"] = journal.issn
    part: dict[str, Any] = periodical
    if journal.volume:
        part = {"@type": "PublicationVolume", "volumeNumber": journal.volume, "isPartOf": part}
    if journal.issue:
        part = {"@type": "PublicationIssue", "issueNumber": journal.issue, "isPartOf": part}
    return part


def document(record: Record, page_url: str | None = None) -> dict[str, Any]:
    """The record as a schema.org `Report` or `ScholarlyArticle`. `page_url`, when the site's
    public address is known, is the record page's absolute address."""
    node: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": SCHEMA_TYPE[record.type],
        "name": record.title,
        "headline": record.title,
        "author": [_agent(person) for person in record.authors],
        "datePublished": record.published.isoformat(),
        "inLanguage": record.language,
        "license": record.licence.url,
    }
    if record.publisher:
        node["publisher"] = _organisation(record.publisher)
    if page_url:
        node["url"] = page_url
        node["mainEntityOfPage"] = page_url
    if record.permanent_url:
        node["@id"] = record.permanent_url
        node.setdefault("url", record.permanent_url)
        node["identifier"] = record.permanent_url
    if record.doi:
        node["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": record.doi}
        node["sameAs"] = record.doi_url
    abstract = record_abstract(record)
    if abstract:
        node["abstract"] = abstract
    if record.keywords:
        node["keywords"] = list(record.keywords)
    if record.copyright:
        node["copyrightNotice"] = record.copyright
    if record.type == "article" and record.journal:
        node["isPartOf"] = _journal_issue(record)
        if record.journal.pages:
            first, last = page_range(record.journal.pages)
            node["pageStart"] = first
            if last:
                node["pageEnd"] = last
            node["pagination"] = record.journal.pages
    else:
        node["genre"] = record.report_type
        if record.series:
            node["isPartOf"] = {"@type": "CreativeWorkSeries", "name": record.series.title}
        if record.series_number:
            node["reportNumber"] = record.series_number
    return node


def render(record: Record) -> str:
    return json.dumps(document(record), ensure_ascii=False, indent=2) + "\n"
