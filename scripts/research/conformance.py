"""The build-time check of a built record page's <head> and its linkset, read back from the HTML
the build wrote (not from the values meant to go into it), so a template mistake is caught too.

Each function returns problems as sentences; an empty list means the page conforms."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from .head import PAGE_LANGUAGE, Site

SCHOLAR_REQUIRED = ("citation_title", "citation_author", "citation_publication_date")
SCHOLAR_DATES = ("citation_publication_date", "citation_online_date", "citation_date")
SCHOLAR_DATE = re.compile(r"^\d{4}(/\d{2}/\d{2})?$")
# Tags that make Zotero and Scholar treat the page as a journal or conference paper.
ARTICLE_TAGS = (
    "citation_journal_title",
    "citation_journal_abbrev",
    "citation_conference_title",
    "citation_inbook_title",
)


@dataclass
class HeadReading:
    """What a parser sees in a page's <head>."""

    lang: str | None = None
    meta: list[tuple[str, str]] = field(default_factory=list)  # (name or property, content)
    links: list[dict[str, str]] = field(default_factory=list)
    json_ld: list[str] = field(default_factory=list)  # the text of each ld+json script
    coins: int = 0  # COinS spans anywhere in the page

    def values(self, key: str) -> list[str]:
        return [content for name, content in self.meta if name == key]

    def rels(self, rel: str) -> list[dict[str, str]]:
        return [link for link in self.links if rel in link.get("rel", "").split()]


class _HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.reading = HeadReading()
        self._in_head = False
        self._json_ld: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.reading.lang = attributes.get("lang")
        elif tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        elif tag == "span" and "Z3988" in attributes.get("class", "").split():
            self.reading.coins += 1
        if not self._in_head:
            return
        if tag == "meta" and "content" in attributes:
            key = attributes.get("name") or attributes.get("property")
            if key:
                self.reading.meta.append((key, attributes["content"]))
        elif tag == "link":
            self.reading.links.append(attributes)
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._json_ld = []

    def handle_data(self, data):
        if self._json_ld is not None:
            self._json_ld.append(data)

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False
        elif tag == "script" and self._json_ld is not None:
            self.reading.json_ld.append("".join(self._json_ld))
            self._json_ld = None


def _what_to_read(html: str) -> str:
    # The body matters only for COinS spans, and a page whose markup never mentions Z3988 has
    # none: parsing a record page's body for nothing cost more, at 1,000 records, than the rest
    # of the build's own work together.
    end_of_head = html.find("</head>")
    if end_of_head != -1 and "Z3988" not in html[end_of_head:]:
        return html[: end_of_head + len("</head>")]
    return html


def _parse(html: str) -> HeadReading:
    parser = _HeadParser()
    parser.feed(html)
    parser.close()
    return parser.reading


def read_head(html: str) -> HeadReading:
    return _parse(_what_to_read(html))


class HeadReadings:
    """read_head, remembering this build's and the previous build's readings by the text read.
    `mkdocs serve` rebuilds every page after each save, and all but the edited record's heads
    are the same text as before: those are not parsed again."""

    def __init__(self) -> None:
        self._previous: dict[bytes, HeadReading] = {}
        self._current: dict[bytes, HeadReading] = {}

    def next_build(self) -> None:
        self._previous, self._current = self._current, {}

    def read(self, html: str) -> HeadReading:
        text = _what_to_read(html)
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
        reading = self._current.get(key) or self._previous.get(key)
        if reading is None:
            reading = _parse(text)
        self._current[key] = reading
        return reading


def site_path(href: str, from_path: str, site: Site) -> str | None:
    """The site-relative path a link points at, or None when it leaves the site."""
    if site.url and href.startswith(site.url):
        return href[len(site.url) :]
    if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE) or href.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_path), href))


def check_head(
    html: str,
    *,
    page_path: str,
    record_type: str,
    site: Site,
    language: str = PAGE_LANGUAGE,
    exists: Callable[[str], bool],
    readings: HeadReadings | None = None,
) -> list[str]:
    head = readings.read(html) if readings else read_head(html)
    problems: list[str] = []
    for key in SCHOLAR_REQUIRED:
        if not any(value.strip() for value in head.values(key)):
            problems.append(f"no {key} tag: Google Scholar requires it")
    for key in SCHOLAR_DATES:
        for value in head.values(key):
            if not SCHOLAR_DATE.match(value):
                problems.append(f"{key} is {value!r}: Google Scholar wants YYYY/MM/DD")
    if record_type != "article":
        for key in ARTICLE_TAGS:
            if head.values(key):
                problems.append(f"{key} on a {record_type}: Zotero would file it as an article")
    if record_type == "report" and not head.values("citation_technical_report_institution"):
        problems.append("no citation_technical_report_institution: Zotero would not see a report")
    if head.coins:
        problems.append("a COinS span: Zotero would read it instead of the citation_* tags")
    if head.lang != language:
        problems.append(f'<html lang="{head.lang}">, expected "{language}"')
    if not any(v.strip() for v in head.values("description")):
        problems.append("no meta description")
    cite_as = head.rels("cite-as")
    if len(cite_as) != 1:
        problems.append(f"{len(cite_as)} cite-as links: Signposting wants exactly one")
    for link in head.rels("describedby") + [
        {"href": url, "rel": "citation_pdf_url"} for url in head.values("citation_pdf_url")
    ]:
        target = site_path(link.get("href", ""), page_path, site)
        if target is None or not exists(target):
            problems.append(f"{link['rel']} {link.get('href')!r} is not a file this site publishes")
        elif link["rel"] == "describedby" and not link.get("type"):
            problems.append(f"describedby {link['href']!r} has no media type")
    if not head.json_ld:
        problems.append("no JSON-LD")
    for text in head.json_ld:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            problems.append(f"JSON-LD does not parse: {error}")
            continue
        if not isinstance(data, dict) or "@context" not in data or "@type" not in data:
            problems.append("JSON-LD is not an object with @context and @type")
    return problems


def check_linkset(data: Any) -> list[str]:
    """The shape RFC 9264 gives the JSON form: {"linkset": [context objects]}, each with an
    "anchor" and relation types mapping to lists of target objects with an "href"."""
    if not isinstance(data, dict) or set(data) != {"linkset"}:
        return ['the linkset is not an object with the one member "linkset"']
    contexts = data["linkset"]
    if not isinstance(contexts, list) or not contexts:
        return ['"linkset" is not a non-empty list']
    problems = []
    for index, context in enumerate(contexts):
        if not isinstance(context, dict) or not isinstance(context.get("anchor"), str):
            problems.append(f"linkset[{index}] has no anchor")
            continue
        for rel, targets in context.items():
            if rel == "anchor":
                continue
            if not isinstance(targets, list) or not targets:
                problems.append(f"linkset[{index}].{rel} is not a non-empty list")
                continue
            for target in targets:
                if not isinstance(target, dict) or not isinstance(target.get("href"), str):
                    problems.append(f"linkset[{index}].{rel} has a target without an href")
    cite_as = contexts[0].get("cite-as", []) if isinstance(contexts[0], dict) else []
    if len(cite_as) != 1:
        problems.append(f"the linkset's page has {len(cite_as)} cite-as links, not exactly one")
    return problems
