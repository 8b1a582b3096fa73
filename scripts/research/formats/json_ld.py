"""schema.org JSON-LD: what web search engines read (Zotero ignores it)."""

from __future__ import annotations

import json
from typing import Any

from ..model import Person, Record


def _agent(person: Person) -> dict[str, Any]:
    if person.literal is not None:
        return {"@type": "Organization", "name": person.literal}
    agent: dict[str, Any] = {
        "@type": "Person",
        "name": person.display_name,
        "givenName": person.given,
        "familyName": " ".join(part for part in (person.particle, person.family) if part),
    }
    if person.honorific:
        agent["honorificPrefix"] = person.honorific
    if person.orcid_url:
        agent["@id"] = person.orcid_url
        agent["identifier"] = person.orcid_url
    if person.affiliation:
        agent["affiliation"] = {"@type": "Organization", "name": person.affiliation.name}
    return agent


def document(record: Record) -> dict[str, Any]:
    is_article = record.type == "article"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle" if is_article else "Report",
        "name": record.title,
        "headline": record.title,
        "author": [_agent(person) for person in record.authors],
        "datePublished": record.published.isoformat(),
        "inLanguage": record.language,
        "license": record.licence.url,
    }
    if record.publisher:
        data["publisher"] = {"@type": "Organization", "name": record.publisher.name}
    if record.permanent_url:
        data["@id"] = record.permanent_url
        data["url"] = record.permanent_url
    if record.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": record.doi}
        data["sameAs"] = record.doi_url
    if record.keywords:
        data["keywords"] = list(record.keywords)
    if is_article and record.journal:
        journal = record.journal
        periodical: dict[str, Any] = {"@type": "Periodical", "name": journal.title}
        if journal.issn:
            periodical["issn"] = journal.issn
        container: dict[str, Any] = periodical
        if journal.volume:
            container = {
                "@type": "PublicationVolume",
                "volumeNumber": journal.volume,
                "isPartOf": container,
            }
        if journal.issue:
            container = {
                "@type": "PublicationIssue",
                "issueNumber": journal.issue,
                "isPartOf": container,
            }
        data["isPartOf"] = container
        if journal.pages:
            data["pagination"] = journal.pages
    else:
        data["genre"] = record.report_type
        if record.series:
            data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": record.series.title}
        if record.series_number:
            data["reportNumber"] = record.series_number
    return data


def render(record: Record) -> str:
    return json.dumps(document(record), ensure_ascii=False, indent=2) + "\n"
