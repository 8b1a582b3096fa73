"""The build-time check of a built record page's <head> and its linkset, read back from the HTML
the build wrote (not from the values meant to go into it), so a template mistake is caught too.

Each function returns problems as sentences; an empty list means the page conforms."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

from .head import PAGE_LANGUAGE, Site
from .memo import Memo

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


def _reading(document: lxml.html.HtmlElement) -> HeadReading:
    reading = HeadReading(lang=document.get("lang"))
    head = document.find("head")
    if head is not None:
        for element in head.iter("meta", "link", "script"):
            attributes = {name: value or "" for name, value in element.attrib.items()}
            if element.tag == "meta":
                key = attributes.get("name") or attributes.get("property")
                if key and "content" in attributes:
                    reading.meta.append((key, attributes["content"]))
            elif element.tag == "link":
                reading.links.append(attributes)
            elif attributes.get("type") == "application/ld+json":
                reading.json_ld.append(element.text or "")
    reading.coins = len(_COINS(document))
    return reading


_COINS = etree.XPath("//span[contains(concat(' ', normalize-space(@class), ' '), ' Z3988 ')]")


def _what_to_read(html: str) -> str:
    # The body matters only for COinS spans, and a page whose markup never mentions Z3988 has
    # none: parsing a record page's body for nothing cost more, at 1,000 records, than the rest
    # of the build's own work together.
    end_of_head = html.find("</head>")
    if end_of_head != -1 and html.find("Z3988", end_of_head) == -1:
        return html[: end_of_head + len("</head>")]
    return html


def _parse(html: str) -> HeadReading:
    # libxml2's HTML parser, as browsers and metadata extractors read the page: three times
    # quicker than html.parser, which the check ran on every record page of every build.
    return _reading(lxml.html.document_fromstring(html))


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
) -> list[str]:
    text = _what_to_read(html)
    links, problems = _checked.get(
        (text, record_type, language), lambda: _check_reading(_parse(text), record_type, language)
    )
    return problems + _link_problems(links, page_path, site, exists)


# A head whose text was checked before (in the last `mkdocs serve` rebuild, or the last build) is
# not parsed or checked again. What its links point at is checked every time: the files a build
# publishes can change while a head does not.
_checked: Memo[tuple[list[dict[str, str]], list[str]]] = Memo("head-checks")


def _check_reading(
    head: HeadReading, record_type: str, language: str
) -> tuple[list[dict[str, str]], list[str]]:
    """The links to files the site must publish, and the problems found in the head alone."""
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
    links = head.rels("describedby") + [
        {"href": url, "rel": "citation_pdf_url"} for url in head.values("citation_pdf_url")
    ]
    return links, problems


def _link_problems(
    links: list[dict[str, str]], page_path: str, site: Site, exists: Callable[[str], bool]
) -> list[str]:
    problems = []
    for link in links:
        target = site_path(link.get("href", ""), page_path, site)
        if target is None or not exists(target):
            problems.append(f"{link['rel']} {link.get('href')!r} is not a file this site publishes")
        elif link["rel"] == "describedby" and not link.get("type"):
            problems.append(f"describedby {link['href']!r} has no media type")
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
