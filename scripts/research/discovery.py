"""Site-level discovery files: sitemap.xml (with last-modified dates), robots.txt and an Atom feed
of records. XML is built with ElementTree, which escapes every value.

A sitemap must list absolute addresses (sitemaps.org protocol), and so must robots.txt's
`Sitemap:` line: without the site's public address neither is written. The Atom feed allows
relative references (resolved against the feed's own address), so it is written either way."""

from __future__ import annotations

import datetime as dt
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from .abstract import record_abstract
from .head import Site, page_path
from .history import last_changed
from .model import Record

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
SITEMAP = "sitemap.xml"
FEED = "feed.xml"
FEED_MEDIA_TYPE = "application/atom+xml"


@dataclass(frozen=True)
class SitePage:
    path: str  # site-relative, e.g. "records/x.html"
    last_modified: dt.datetime


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def sitemap(pages: list[SitePage], site: Site) -> str | None:
    if not site.url:
        return None
    ET.register_namespace("", SITEMAP_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for page in sorted(pages, key=lambda p: p.path):
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = site.absolute(page.path)
        ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = page.last_modified.isoformat()
    return _xml(urlset)


def robots(site: Site) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if site.url:
        lines.append(f"Sitemap: {site.absolute(SITEMAP)}")
    return "\n".join(lines) + "\n"


def _entry_id(record: Record, site: Site) -> str:
    """An entry's permanent id: the record's citable address, else its page's, else a UUID made
    from the record's id (stable across builds)."""
    return (
        record.permanent_url
        or site.absolute(page_path(record))
        or uuid.uuid5(uuid.NAMESPACE_URL, f"record:{record.id}").urn
    )


def atom_feed(
    records: list[Record],
    updated: dict[str, dt.datetime],
    site: Site,
    title: str,
) -> str:
    """The records, newest first. `updated` maps a record id to when its page last changed."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str):
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "title", title)
    sub(feed, "id", site.absolute(FEED) or uuid.uuid5(uuid.NAMESPACE_URL, f"feed:{title}").urn)
    newest = max(updated.values(), default=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    sub(feed, "updated", newest.isoformat())
    sub(feed, "link", rel="self", href=site.link(FEED, FEED), type=FEED_MEDIA_TYPE)
    sub(feed, "link", rel="alternate", href=site.link("index.html", FEED), type="text/html")
    for record in records:
        entry = sub(feed, "entry")
        sub(entry, "title", record.title)
        sub(entry, "id", _entry_id(record, site))
        sub(entry, "updated", updated[record.id].isoformat())
        sub(
            entry,
            "link",
            rel="alternate",
            href=site.link(page_path(record), FEED),
            type="text/html",
        )
        if record.permanent_url:
            sub(entry, "link", rel="related", href=record.permanent_url)
        for person in record.authors:
            author = sub(entry, "author")
            sub(author, "name", person.display_name)
            if person.orcid_url:
                sub(author, "uri", person.orcid_url)
        abstract = record_abstract(record)
        if abstract:
            sub(entry, "summary", abstract, type="text")
        sub(entry, "rights", record.licence.name)
    return _xml(feed)


def page_dates(
    root: Path, pages: dict[str, Path | None], records: list[Record], homepage: str = "index.html"
) -> dict[str, dt.datetime]:
    """When each page's content last changed: its Markdown source and, for a record page, the
    record's data. The home page and the generated listing pages (no source file) list records,
    so they change with the newest of them."""
    sources = {path: [source] if source else [] for path, source in pages.items()}
    for record in records:
        sources.setdefault(page_path(record), []).append(root / record.source_path)
    changed = last_changed(root, [source for group in sources.values() for source in group])
    dates = {path: max(changed[s] for s in group) for path, group in sources.items() if group}
    newest_record = max((dates[page_path(r)] for r in records), default=None)
    for path, group in sources.items():
        if newest_record and (path == homepage or not group):
            dates[path] = max([newest_record, *(changed[s] for s in group)])
    return dates
