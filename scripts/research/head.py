"""What a record page's <head> says to machines: Highwire `citation_*` tags (Google Scholar,
Zotero), Dublin Core, OpenGraph, schema.org JSON-LD, and FAIR Signposting links, plus the
record's RFC 9264 linkset. Plain values only: the theme template escapes them.

Addresses: when the site's public address (`site_url`) is known every link is absolute; when it
is not (the default, and always from file://) links are relative to the page, which browsers and
link-following harvesters resolve, and tags that must hold an absolute address (canonical,
og:url, citation_abstract_html_url) are left out rather than guessed. `cite-as` is always the
record's permanent address (its DOI, else its repository record), which never depends on where
this site is hosted."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .abstract import record_abstract
from .browse import record_url as page_path
from .exports import EXPORTS
from .formats import json_ld
from .formats.json_ld import SCHEMA_ORG, SCHEMA_TYPE, page_range
from .model import Person, PublicationDate, Record

DC_ELEMENTS = "http://purl.org/dc/elements/1.1/"
DC_TERMS = "http://purl.org/dc/terms/"
LINKSET_MEDIA_TYPE = "application/linkset+json"
LINKSET_SUFFIX = ".linkset.json"
# Every page's <html lang>: the site is written in British English (theme.language: custom, see
# docs/overrides/partials/languages/custom.html). A record's own `language` is the work's.
PAGE_LANGUAGE = "en-GB"

# schema.org type of the work, per record type; the page itself is an AboutPage (Signposting).


@dataclass(frozen=True)
class Site:
    """Where the built site lives: its public address when known."""

    url: str | None = None  # e.g. "https://example.org/research/", ending in "/"

    def __post_init__(self) -> None:
        if self.url and not self.url.endswith("/"):
            object.__setattr__(self, "url", self.url + "/")

    def absolute(self, target: str) -> str | None:
        """The absolute address of a site-relative path, or None when the site's is not known."""
        return self.url + target if self.url else None

    def link(self, target: str, from_path: str) -> str:
        """A link to the site-relative `target` from the file at site-relative `from_path`:
        absolute when the site's address is known, else relative (works from file://)."""
        absolute = self.absolute(target)
        if absolute:
            return absolute
        return _relative(target, posixpath.dirname(from_path) or ".")


def _relative(target: str, start: str) -> str:
    """posixpath.relpath(target, start), with the folders' part computed once per pair of
    folders: relpath resolves both against the working folder on every call, and a build makes
    some thirty links for each record, all between the same few folders."""
    folder, name = posixpath.split(target)
    folder = folder or "."
    between = _relative_folder(folder, start)
    plain_target = name if folder == "." else f"{folder}/{name}"
    if (
        between is None
        or name in ("", ".", "..")
        or start == plain_target
        or start.startswith(plain_target + "/")
    ):
        return posixpath.relpath(target, start)  # not a plain path, or the link climbs to target
    return name if between == "." else f"{between}/{name}"


@lru_cache(maxsize=1024)
def _relative_folder(folder: str, start: str) -> str | None:
    """relpath between two folders given as plain site paths (normalised, inside the site);
    None for any other."""
    for path in (folder, start):
        if path != posixpath.normpath(path) or path == ".." or path.startswith(("../", "/")):
            return None
    return posixpath.relpath(folder, start)


@dataclass(frozen=True)
class MetaTag:
    """One <meta>: `name` is read by Highwire and Dublin Core readers, `property` by OpenGraph
    and RDFa readers. A Dublin Core tag carries both, so RDFa sees the same statement."""

    name: str | None
    property: str | None
    content: str


@dataclass(frozen=True)
class Link:
    rel: str
    href: str
    type: str | None = None


@dataclass(frozen=True)
class RecordHead:
    """Everything the theme prints into a record page's <head>, in order."""

    description: str
    canonical: str | None
    meta: tuple[MetaTag, ...]
    links: tuple[Link, ...]
    json_ld: dict[str, Any]


def linkset_path(record: Record) -> str:
    return posixpath.join(posixpath.dirname(page_path(record)), record.id + LINKSET_SUFFIX)


def export_path(record: Record, file_name: str) -> str:
    return posixpath.join(posixpath.dirname(page_path(record)), file_name)


def scholar_date(date: PublicationDate) -> str:
    """Google Scholar's date form: YYYY/MM/DD, or the year alone (Scholar takes no month-only
    form, and a day is never made up)."""
    if date.month and date.day:
        return f"{date.year:04d}/{date.month:02d}/{date.day:02d}"
    return f"{date.year:04d}"


def description(record: Record) -> str:
    """The record's own abstract as plain text; a record without one is described by its
    bibliographic facts, never by a site-wide blurb."""
    abstract = record_abstract(record)
    if abstract:
        return abstract
    names = " and ".join(p.display_name for p in record.authors)
    kind = "Journal article" if record.type == "article" else "Report"
    where = record.journal.title if record.journal else None
    if where is None and record.publisher:
        where = record.publisher.name
    facts = [f"{kind} by {names}", where, record.published.long()]
    return f"{record.title}. {', '.join(fact for fact in facts if fact)}."


# --- Highwire (Google Scholar, Zotero) -----------------------------------------------------


def _author_tags(person: Person) -> list[MetaTag]:
    # Scholar ties citation_author_institution / _orcid to the citation_author just before them.
    tags = [MetaTag("citation_author", None, person.sort_name)]
    if person.affiliation:
        tags.append(MetaTag("citation_author_institution", None, person.affiliation.name))
    if person.orcid:
        tags.append(MetaTag("citation_author_orcid", None, person.orcid))
    return tags


def highwire_tags(record: Record, site: Site, abstract: str | None = None) -> list[MetaTag]:
    def tag(key: str, content: str) -> MetaTag:
        return MetaTag(key, None, content)

    tags = [tag("citation_title", record.title)]
    for person in record.authors:
        tags += _author_tags(person)
    tags.append(tag("citation_publication_date", scholar_date(record.published)))
    if record.repository and record.repository.deposited:
        # The date this record went online in its repository: a recorded fact, unlike a guess
        # that the publisher's online date equals the publication date.
        deposited = record.repository.deposited
        day = PublicationDate(deposited.year, deposited.month, deposited.day)
        tags.append(tag("citation_online_date", scholar_date(day)))
    if record.type == "report" and record.publisher:
        # Zotero files the page as a Report only when this tag is present.
        tags.append(tag("citation_technical_report_institution", record.publisher.name))
        if record.series_number:
            tags.append(tag("citation_technical_report_number", record.series_number))
    if record.type == "article" and record.journal:
        journal = record.journal
        tags.append(tag("citation_journal_title", journal.title))
        if journal.issn:
            tags.append(tag("citation_issn", journal.issn))
        if journal.volume:
            tags.append(tag("citation_volume", journal.volume))
        if journal.issue:
            tags.append(tag("citation_issue", journal.issue))
        if journal.pages:
            first, last = page_range(journal.pages)
            tags.append(tag("citation_firstpage", first))
            if last:
                tags.append(tag("citation_lastpage", last))
    if record.doi:
        tags.append(tag("citation_doi", record.doi))
    if record.series:
        tags.append(tag("citation_series_title", record.series.title))
    if record.publisher:
        tags.append(tag("citation_publisher", record.publisher.name))
    page_url = site.absolute(page_path(record))
    if page_url:
        tags.append(tag("citation_abstract_html_url", page_url))
    tags.append(tag("citation_language", record.language))
    tags += [tag("citation_keywords", keyword) for keyword in record.keywords]
    if abstract:
        tags.append(tag("citation_abstract", abstract))  # Zotero reads it as the abstract
    # No citation_pdf_url: the site publishes no full text.
    return tags


# --- Dublin Core, OpenGraph --------------------------------------------------------------


def dublin_core_tags(record: Record, abstract: str | None) -> list[MetaTag]:
    def tag(key: str, content: str) -> MetaTag:
        # DC.title -> dcterms:title: the DCMI terms restate the 15 elements, and RDFa's
        # initial context knows the `dcterms:` prefix.
        term = key.split(".", 1)[1]
        return MetaTag(key, f"dcterms:{term}", content)

    tags = [tag("DC.title", record.title)]
    tags += [tag("DC.creator", person.sort_name) for person in record.authors]
    tags.append(tag("DC.date", record.published.isoformat()))
    if record.publisher:
        tags.append(tag("DC.publisher", record.publisher.name))
    tags.append(tag("DC.type", "Text"))
    tags.append(tag("DC.language", record.language))
    if abstract:
        tags.append(tag("DC.description", abstract))
    tags += [tag("DC.subject", keyword) for keyword in record.keywords]
    if record.permanent_url:
        tags.append(tag("DC.identifier", record.permanent_url))
    tags.append(tag("DC.rights", record.licence.name))
    tags.append(tag("DCTERMS.license", record.licence.url))
    tags.append(tag("DCTERMS.issued", record.published.isoformat()))
    if record.series:
        tags.append(tag("DCTERMS.isPartOf", record.series.title))
    elif record.journal:
        tags.append(tag("DCTERMS.isPartOf", record.journal.title))
    return tags


def opengraph_tags(record: Record, site: Site, site_name: str, text: str) -> list[MetaTag]:
    def tag(key: str, content: str) -> MetaTag:
        return MetaTag(None, key, content)

    tags = [
        tag("og:type", "article"),
        tag("og:title", record.title),
        tag("og:description", text),
        tag("og:site_name", site_name),
        tag("og:locale", record.language.replace("-", "_")),
    ]
    page_url = site.absolute(page_path(record))
    if page_url:
        tags.append(tag("og:url", page_url))
    tags.append(tag("article:published_time", record.published.isoformat()))
    tags += [tag("article:author", person.display_name) for person in record.authors]
    tags += [tag("article:tag", keyword) for keyword in record.keywords]
    return tags


# --- FAIR Signposting ------------------------------------------------------------------------


def signposting_links(record: Record, site: Site, from_path: str) -> list[Link]:
    """The landing page's typed links, addressed from `from_path` (the page, or its linkset)."""
    page = page_path(record)
    links = [Link("cite-as", record.permanent_url or site.link(page, from_path))]
    for fmt in EXPORTS:
        target = export_path(record, fmt.file_name(record))
        links.append(Link("describedby", site.link(target, from_path), fmt.media_type))
    links.append(Link("license", record.licence.url))
    links.append(Link("type", f"{SCHEMA_ORG}/AboutPage"))
    links.append(Link("type", f"{SCHEMA_ORG}/{SCHEMA_TYPE[record.type]}"))
    links += [Link("author", p.orcid_url) for p in record.authors if p.orcid_url]
    return links


def linkset(record: Record, site: Site) -> dict[str, Any]:
    """The record's RFC 9264 linkset (JSON form): the landing page's links, and each metadata
    export linked back to the page it `describes`. Relative references resolve against the
    linkset's own address, which sits beside the page."""
    here = linkset_path(record)
    page_url = site.link(page_path(record), here)
    relations: dict[str, list[dict[str, str]]] = {}
    for link in signposting_links(record, site, here):
        target = {"href": link.href} | ({"type": link.type} if link.type else {})
        relations.setdefault(link.rel, []).append(target)
    contexts = [{"anchor": page_url, **relations}]
    for fmt in EXPORTS:
        export_url = site.link(export_path(record, fmt.file_name(record)), here)
        contexts.append(
            {"anchor": export_url, "describes": [{"href": page_url, "type": "text/html"}]}
        )
    return {"linkset": contexts}


# --- the whole head --------------------------------------------------------------------------


def record_head(record: Record, site: Site, site_name: str) -> RecordHead:
    abstract = record_abstract(record)
    text = description(record)
    page = page_path(record)
    links = [
        Link("schema.DC", DC_ELEMENTS),
        Link("schema.DCTERMS", DC_TERMS),
        *signposting_links(record, site, page),
        Link("linkset", site.link(linkset_path(record), page), LINKSET_MEDIA_TYPE),
    ]
    return RecordHead(
        description=text,
        canonical=site.absolute(page),
        meta=tuple(
            highwire_tags(record, site, abstract)
            + dublin_core_tags(record, abstract)
            + opengraph_tags(record, site, site_name, text)
        ),
        links=tuple(links),
        json_ld=json_ld.document(record, page_url=site.absolute(page)),
    )
