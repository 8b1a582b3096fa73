"""The built record page shows every fact and every sentence of the source abstract, verbatim."""

from __future__ import annotations

import re

import lxml.html
import pytest
from conftest import ARTICLE_ID, FIXTURES, RECORD_ID

SOURCE = (FIXTURES / "source-record-page.txt").read_text(encoding="utf-8")


def _source_abstract_sentences() -> list[str]:
    body = SOURCE.split("Abstract\n", 1)[1].split("More Information", 1)[0]
    text = " ".join(
        line.lstrip("• ").strip()
        for line in body.splitlines()
        if line.strip() not in {"Context", "Approach", "Key findings and implications"}
    )
    return [s for s in re.split(r"(?<=[.])\s+", text) if s]


@pytest.fixture(scope="module")
def record_page(built_site):
    html = (built_site / "records" / f"{RECORD_ID}.html").read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    text = " ".join(tree.xpath("//article")[0].text_content().split())
    return tree, text


def test_every_sentence_of_the_abstract_is_on_the_page_verbatim(record_page):
    _, text = record_page
    sentences = _source_abstract_sentences()
    assert len(sentences) > 15
    missing = [s for s in sentences if s not in text]
    assert not missing


def test_sections_and_findings_with_stable_anchors(record_page):
    tree, _ = record_page
    headings = [
        " ".join(h.text_content().replace("¶", "").split())
        for h in tree.xpath("//article//h2 | //article//h3")
    ]
    for heading in (
        "Abstract",
        "Context",
        "Approach",
        "Key findings and implications",
        "More information",
        "Cite this report",
    ):
        assert heading in headings
    findings = tree.xpath("//li[contains(concat(' ', @class, ' '), ' finding ')]")
    assert [li.get("id") for li in findings] == [
        "finding-pockets-of-practice",
        "finding-benefits-for-staff",
        "finding-support-and-culture",
        "finding-barriers-to-progress",
    ]


def test_byline_title_and_publication(record_page):
    tree, text = record_page
    assert (
        tree.xpath("string(//article//h1)")
        .strip()
        .startswith("Working with trauma in adult probation")
    )
    authors = [
        " ".join(li.text_content().split()) for li in tree.xpath("//ul[@class='record-authors']/li")
    ]
    assert authors[0].startswith("Madeline Petrillo") and "University of Greenwich" in authors[0]
    assert authors[1].startswith("Alexandria Bradley") and "Leeds Beckett University" in authors[1]
    orcid_links = tree.xpath("//a[@class='record-author__orcid']/@href")
    assert orcid_links == ["https://orcid.org/0000-0003-2819-1366"]
    assert "18 March 2022" in text
    assert tree.xpath("//time[@datetime='2022-03-18']")
    assert "HM Inspectorate of Probation Research & Analysis Bulletins" in text


def test_more_information_table_has_every_source_row(record_page):
    tree, _ = record_page
    rows = {
        " ".join(tr.xpath("string(th)").split()): " ".join(tr.xpath("string(td)").split())
        for tr in tree.xpath("//table[contains(@class, 'record-details')]//tr")
    }
    assert rows["Status"] == "Published"
    assert rows["Publisher"] == "Her Majesty’s Inspectorate of Probation"
    assert rows["Additional Information"] == (
        "© Crown copyright 2022. You may re-use this information (excluding logos) free of "
        "charge in any format or medium, under the terms of the Open Government Licence."
    )
    assert rows["Depositing User"] == "Deposited by Bradley, Alexandria"
    assert rows["Date Deposited"] == "15 Oct 2024 09:26"
    assert rows["Last Modified"] == "15 Oct 2024 09:28"
    assert rows["Item Type"] == "Monograph (Project Report)"
    assert rows["Permanent URL"] == "https://eprints.leedsbeckett.ac.uk/id/eprint/8680"
    assert rows["Study period"].startswith("April 2021 to November 2021")


def test_full_text_note_and_bibtex_block(record_page):
    tree, text = record_page
    assert (
        "Note: this is the author's final manuscript and may differ from the published version "
        "which should be used for citation purposes." in text
    )
    code = tree.xpath("string(//pre[contains(@class, 'record-bibtex')]/code)")
    assert code.startswith(f"@techreport{{{RECORD_ID},")
    assert tree.xpath(f"//a[@href='{RECORD_ID}.bib'][@download]")


def test_home_page_lists_the_record(built_site):
    tree = lxml.html.parse(str(built_site / "index.html")).getroot()
    links = tree.xpath("//ul[@class='record-list']//a/@href")
    assert links == [f"records/{RECORD_ID}.html", f"records/{ARTICLE_ID}.html"]


def test_no_page_refers_to_another_host_for_assets(built_site):
    """Scripts, styles, fonts and images all come from the site itself."""
    for page in built_site.rglob("*.html"):
        tree = lxml.html.parse(str(page)).getroot()
        for url in tree.xpath(
            "//script/@src | //link[@rel='stylesheet']/@href | //img/@src | //link[@rel='preconnect']/@href"
        ):
            assert not re.match(r"^(https?:)?//", url), f"{page.name} loads {url}"


def test_the_page_as_read_is_made_from_what_search_indexed():
    from research.record_page import RecordPageParts

    parts = RecordPageParts(
        header="<header>H</header>",
        subjects="<ul>S</ul>",
        reference="<section>R</section>",
        more="<section>M</section>",
        search_header="<h1>h</h1>",
        search_subjects="<p>s</p>",
    )
    prose = "<p>The abstract, <code>&lt;p&gt;s&lt;/p&gt;</code></p>"
    indexed = parts.for_indexing(prose)
    assert "<section>" not in indexed and "<header>" not in indexed
    assert parts.for_reading(indexed) == parts.page(prose)
    with pytest.raises(ValueError):
        parts.for_reading(indexed.replace("<h1>h</h1>", "<h1>changed</h1>"))
