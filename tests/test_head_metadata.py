"""The record page's <head>, read back by parsers we did not write: lxml for the Highwire
`citation_*` tags (what Google Scholar and Zotero read), extruct for JSON-LD, OpenGraph, Dublin
Core and RDFa. Plus the Signposting links, the linkset, the Atom feed, robots.txt and, for a build
that knows its public address, the sitemap and absolute links."""

from __future__ import annotations

import json
import re

import extruct
import lxml.etree
import lxml.html
import pytest
from conftest import RECORD_ID, ROOT, build_site, copy_project
from research.exports import EXPORTS
from research.load import load_collection

TITLE = "Working with trauma in adult probation"
AUTHORS_SORTED = ["Petrillo, Madeline", "Bradley, Alexandria"]
AUTHORS_DISPLAYED = ["Madeline Petrillo", "Alexandria Bradley"]
INSTITUTION = "Her Majesty’s Inspectorate of Probation"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
LICENCE_NAME = "Open Government Licence v3.0"
PERMANENT_URL = "https://eprints.leedsbeckett.ac.uk/id/eprint/8680"
ORCID = "0000-0003-2819-1366"
ABSTRACT_START = "Context: Trauma-informed practice (TIP) originated in healthcare organisations"
ABSTRACT_END = "and the continued dominance of the risk management paradigm."
PAGE = f"records/{RECORD_ID}.html"
SITE_URL = "https://research.example.org/probation/"


def _is_abstract(text: str) -> bool:
    return text.startswith(ABSTRACT_START) and text.endswith(ABSTRACT_END)


def _meta(tree, name: str) -> list[str]:
    return tree.xpath("//head/meta[@name=$name]/@content", name=name)


def _links(tree, rel: str) -> list[lxml.html.HtmlElement]:
    return [link for link in tree.xpath("//head/link") if rel in (link.get("rel") or "").split()]


@pytest.fixture(scope="module")
def page_html(built_site) -> str:
    return (built_site / PAGE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tree(page_html):
    return lxml.html.fromstring(page_html)


@pytest.fixture(scope="module")
def extracted(page_html, built_site):
    return extruct.extract(
        page_html,
        base_url=(built_site / PAGE).as_uri(),
        syntaxes=["json-ld", "opengraph", "dublincore", "rdfa"],
        errors="strict",
    )


# --- Highwire, read with lxml ---------------------------------------------------------------


def test_highwire_tags_for_a_report(tree):
    assert _meta(tree, "citation_title") == [TITLE]
    assert _meta(tree, "citation_author") == AUTHORS_SORTED
    assert _meta(tree, "citation_publication_date") == ["2022/03/18"]
    assert _meta(tree, "citation_online_date") == ["2024/10/15"]
    assert _meta(tree, "citation_technical_report_institution") == [INSTITUTION]
    assert _meta(tree, "citation_publisher") == [INSTITUTION]
    assert _meta(tree, "citation_series_title") == [
        "HM Inspectorate of Probation Research & Analysis Bulletins"
    ]
    assert _meta(tree, "citation_language") == ["en-GB"]
    assert _meta(tree, "citation_author_orcid") == [ORCID]
    (abstract,) = _meta(tree, "citation_abstract")
    assert _is_abstract(abstract)


def test_orcid_and_institution_follow_their_author(tree):
    """Scholar ties these tags to the citation_author just before them."""
    sequence = [
        (m.get("name"), m.get("content"))
        for m in tree.xpath("//head/meta[starts-with(@name, 'citation_author')]")
    ]
    assert sequence == [
        ("citation_author", "Petrillo, Madeline"),
        ("citation_author_institution", "University of Greenwich"),
        ("citation_author_orcid", ORCID),
        ("citation_author", "Bradley, Alexandria"),
        ("citation_author_institution", "Leeds Beckett University"),
    ]


def test_no_tag_that_would_misfile_or_invent(tree, page_html):
    names = set(tree.xpath("//head/meta/@name"))
    for wrong in (
        "citation_journal_title",
        "citation_conference_title",
        "citation_pdf_url",
        # the bulletin's number is not known
        "citation_technical_report_number",
        # no site_url in this build: no absolute address to give
        "citation_abstract_html_url",
    ):
        assert wrong not in names
    assert "Z3988" not in page_html  # no COinS


def test_html_lang_and_description_is_the_records_own_abstract(tree):
    assert tree.get("lang") == "en-GB"
    (description,) = _meta(tree, "description")
    assert _is_abstract(description)


# --- extruct: every source finds the facts -------------------------------------------------


def test_json_ld(extracted):
    (data,) = extracted["json-ld"]
    assert data["@type"] == "Report"
    assert data["name"] == TITLE
    assert [a["name"] for a in data["author"]] == AUTHORS_DISPLAYED
    assert data["author"][0]["sameAs"] == f"https://orcid.org/{ORCID}"
    assert data["author"][0]["affiliation"]["name"] == "University of Greenwich"
    assert data["author"][1]["affiliation"]["name"] == "Leeds Beckett University"
    assert "sameAs" not in data["author"][1]
    assert data["datePublished"] == "2022-03-18"
    assert data["publisher"] == {
        "@type": "Organization",
        "name": INSTITUTION,
        "alternateName": "HM Inspectorate of Probation",
    }
    assert data["isPartOf"]["name"] == "HM Inspectorate of Probation Research & Analysis Bulletins"
    assert data["license"] == LICENCE_URL
    assert data["inLanguage"] == "en-GB"
    assert _is_abstract(data["abstract"])
    assert data["@id"] == PERMANENT_URL
    assert "keywords" not in data  # the bulletin has none recorded


def test_opengraph(extracted):
    (graph,) = extracted["opengraph"]
    properties = graph["properties"]
    values = lambda key: [v for k, v in properties if k == key]  # noqa: E731
    assert values("og:title") == [TITLE]
    assert values("og:type") == ["article"]
    assert values("article:author") == AUTHORS_DISPLAYED
    assert values("article:published_time") == ["2022-03-18"]
    assert values("og:locale") == ["en_GB"]
    assert _is_abstract(values("og:description")[0])
    assert values("og:url") == []  # no site_url: no absolute address to give


def test_dublin_core(extracted):
    (dc,) = extracted["dublincore"]
    elements = lambda name: [  # noqa: E731
        e["content"] for e in dc["elements"] if e.get("name") == f"DC.{name}"
    ]
    terms = lambda name: [  # noqa: E731
        e["content"] for e in dc["terms"] if e.get("name") == f"DCTERMS.{name}"
    ]
    assert dc["namespaces"]["DC"] == "http://purl.org/dc/elements/1.1/"
    assert elements("title") == [TITLE]
    assert elements("creator") == AUTHORS_SORTED
    assert elements("date") == ["2022-03-18"]
    assert elements("publisher") == [INSTITUTION]
    assert elements("rights") == [LICENCE_NAME]
    assert terms("license") == [LICENCE_URL]
    assert elements("identifier") == [PERMANENT_URL]
    assert _is_abstract(elements("description")[0])


def test_rdfa(extracted, built_site):
    page_uri = (built_site / PAGE).as_uri()
    (page,) = [item for item in extracted["rdfa"] if item["@id"] == page_uri]
    values = lambda iri: [v.get("@value", v.get("@id")) for v in page.get(iri, [])]  # noqa: E731
    dcterms = "http://purl.org/dc/terms/"
    assert values(dcterms + "title") == [TITLE]
    # RDF has no order: the authors are a set here (JSON-LD and Highwire keep the order).
    assert sorted(values(dcterms + "creator")) == sorted(AUTHORS_SORTED)
    assert values(dcterms + "date") == ["2022-03-18"]
    assert values(dcterms + "publisher") == [INSTITUTION]
    assert values(dcterms + "license") == [LICENCE_URL]
    assert values("http://www.w3.org/1999/xhtml/vocab#license") == [LICENCE_URL]
    assert _is_abstract(values(dcterms + "description")[0])


# --- Signposting and the linkset -------------------------------------------------------------


def test_signposting_links_in_the_head(tree, built_site):
    (cite_as,) = _links(tree, "cite-as")
    assert cite_as.get("href") == PERMANENT_URL
    described = {link.get("href"): link.get("type") for link in _links(tree, "describedby")}
    assert described == {_export_file(fmt): fmt.media_type for fmt in EXPORTS}
    for href in described:
        assert (built_site / "records" / href).is_file()
    assert [link.get("href") for link in _links(tree, "license")] == [LICENCE_URL]
    assert [link.get("href") for link in _links(tree, "type")] == [
        "https://schema.org/AboutPage",
        "https://schema.org/Report",
    ]
    assert [link.get("href") for link in _links(tree, "author")] == [f"https://orcid.org/{ORCID}"]
    (linkset,) = _links(tree, "linkset")
    assert linkset.get("type") == "application/linkset+json"
    assert (built_site / "records" / linkset.get("href")).is_file()
    assert not _links(tree, "canonical")  # no site_url: nothing absolute to point at


def _export_file(fmt) -> str:
    return f"{RECORD_ID}{fmt.suffix}"


def test_linkset_file(built_site):
    data = json.loads((built_site / "records" / f"{RECORD_ID}.linkset.json").read_text("utf-8"))
    page, *exports = data["linkset"]
    assert page["anchor"] == f"{RECORD_ID}.html"
    assert page["cite-as"] == [{"href": PERMANENT_URL}]
    assert page["license"] == [{"href": LICENCE_URL}]
    assert page["author"] == [{"href": f"https://orcid.org/{ORCID}"}]
    assert [t["href"] for t in page["type"]] == [
        "https://schema.org/AboutPage",
        "https://schema.org/Report",
    ]
    assert page["describedby"] == [
        {"href": _export_file(fmt), "type": fmt.media_type} for fmt in EXPORTS
    ]
    assert [e["anchor"] for e in exports] == [_export_file(fmt) for fmt in EXPORTS]
    for export in exports:
        assert export["describes"] == [{"href": f"{RECORD_ID}.html", "type": "text/html"}]
        assert (built_site / "records" / export["anchor"]).is_file()


# --- site-level discovery --------------------------------------------------------------------


ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}


def test_atom_feed(built_site):
    records = list(load_collection(ROOT))
    feed = lxml.etree.parse(str(built_site / "feed.xml")).getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [r.title for r in records]
    assert [e.findtext(f"{ATOM}id") for e in entries] == [r.permanent_url for r in records]
    entry = entries[[r.id for r in records].index(RECORD_ID)]
    assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == AUTHORS_DISPLAYED
    assert _is_abstract(entry.findtext(f"{ATOM}summary"))
    for entry in entries:
        (alternate,) = entry.xpath("atom:link[@rel='alternate']/@href", namespaces=ATOM_NS)
        assert (built_site / alternate).is_file()
        assert re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", entry.findtext(f"{ATOM}updated")
        )
    assert feed.findtext(f"{ATOM}updated") == max(e.findtext(f"{ATOM}updated") for e in entries)


def test_article_page_is_an_article_without_a_made_up_abstract(built_site):
    article = next(r for r in load_collection(ROOT) if r.type == "article")
    tree = lxml.html.fromstring((built_site / f"records/{article.id}.html").read_text("utf-8"))
    assert _meta(tree, "citation_journal_title") == [article.journal.title]
    assert _meta(tree, "citation_doi") == [article.doi]
    assert _meta(tree, "citation_technical_report_institution") == []
    assert _meta(tree, "citation_publication_date") == [str(article.published.year)]
    (description,) = _meta(tree, "description")
    assert "not reproduced" not in description  # the withheld-abstract note is not an abstract
    assert description.startswith(article.title)
    (ld,) = extruct.extract(tree, syntaxes=["json-ld"])["json-ld"]
    assert ld["@type"] == "ScholarlyArticle" and "abstract" not in ld
    assert [link.get("href") for link in _links(tree, "cite-as")] == [article.doi_url]


def test_without_site_url_robots_has_no_sitemap_and_none_is_written(built_site):
    assert (built_site / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    assert not (built_site / "sitemap.xml").exists()
    assert not (built_site / "sitemap.xml.gz").exists()


def test_home_page_description_is_escaped(built_site):
    """Material prints site_description unescaped; its quotes used to end the attribute."""
    tree = lxml.html.fromstring((built_site / "index.html").read_text("utf-8"))
    (description,) = _meta(tree, "description")
    assert '"Working with trauma in adult probation" (2022)' in description


# --- a build that knows its public address ---------------------------------------------------


@pytest.fixture(scope="module")
def hosted_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hosted") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", SITE_URL)
        build = build_site(project, project.parent / "site")
    assert build.returncode == 0, build.output
    return build.site


def test_hosted_build_has_absolute_links(hosted_site):
    tree = lxml.html.fromstring((hosted_site / PAGE).read_text("utf-8"))
    page_url = SITE_URL + PAGE
    assert [link.get("href") for link in _links(tree, "canonical")] == [page_url]
    assert _meta(tree, "citation_abstract_html_url") == [page_url]
    assert tree.xpath("//head/meta[@property='og:url']/@content") == [page_url]
    assert [link.get("href") for link in _links(tree, "cite-as")] == [PERMANENT_URL]
    assert [link.get("href") for link in _links(tree, "describedby")] == [
        SITE_URL + "records/" + _export_file(fmt) for fmt in EXPORTS
    ]
    data = json.loads((hosted_site / "records" / f"{RECORD_ID}.linkset.json").read_text("utf-8"))
    assert data["linkset"][0]["anchor"] == page_url
    (ld,) = extruct.extract(tree, syntaxes=["json-ld"])["json-ld"]
    assert ld["url"] == page_url


def test_hosted_build_sitemap_and_robots(hosted_site):
    assert (hosted_site / "robots.txt").read_text().splitlines()[-1] == (
        f"Sitemap: {SITE_URL}sitemap.xml"
    )
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sitemap = lxml.etree.parse(str(hosted_site / "sitemap.xml"))
    entries = {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
        for url in sitemap.getroot().findall("s:url", namespaces=ns)
    }
    pages = {p.relative_to(hosted_site).as_posix() for p in hosted_site.rglob("*.html")}
    # an export in HTML (the formatted references) is a download, not a page
    downloads = {p for p in pages if any(p.endswith(fmt.suffix) for fmt in EXPORTS)}
    assert set(entries) == {SITE_URL + page for page in pages - downloads - {"404.html"}}
    for lastmod in entries.values():
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", lastmod)
    # the home page lists the record, so it is at least as new as it
    assert entries[SITE_URL + "index.html"] >= entries[SITE_URL + PAGE]
    feed = lxml.etree.parse(str(hosted_site / "feed.xml")).getroot()
    assert feed.findtext(f"{ATOM}id") == SITE_URL + "feed.xml"
