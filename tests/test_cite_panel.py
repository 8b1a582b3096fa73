"""The built record page's "Cite this" panel, the export files beside it, and the home page's
all-records files, as the built site has them."""

from __future__ import annotations

import json

import lxml.html
import pytest
import rispy
from conftest import RECORD_ID, ROOT
from pybtex.database import parse_string
from research.exports import EXPORTS, bulk_exports
from research.load import load_collection
from research.references import STYLES, render_text


@pytest.fixture(scope="module")
def live_record():
    return load_collection(ROOT).get(RECORD_ID)


@pytest.fixture(scope="module")
def cite_panel(built_site):
    tree = lxml.html.parse(str(built_site / "records" / f"{RECORD_ID}.html")).getroot()
    (panel,) = tree.xpath("//section[@class='record-cite']")
    return panel


def test_panel_order_reference_chooser_then_downloads(cite_panel):
    order = [element.get("class") for element in cite_panel.xpath("./*[@class]")]
    assert order.index("cite-styles") < order.index("record-downloads")


def test_every_style_is_in_the_page_default_first_and_checked(cite_panel, live_record):
    radios = cite_panel.xpath(".//input[@type='radio']")
    assert [r.get("value") for r in radios] == [s.key for s in STYLES]
    assert [r.get("checked") is not None for r in radios] == [True] + [False] * (len(STYLES) - 1)
    for style in STYLES:
        (reference,) = cite_panel.xpath(f".//p[@id='cite-text-{style.key}']")
        assert reference.text_content() == render_text(style.key, live_record)
        (label,) = cite_panel.xpath(f".//label[@for='cite-style-{style.key}']")
        assert label.text_content() == style.label
        (button,) = cite_panel.xpath(f".//button[@data-copy-reference='cite-text-{style.key}']")
        assert button.get("data-copy-plain") == render_text(style.key, live_record)


def test_every_export_is_linked_with_its_media_type_and_built(cite_panel, built_site, live_record):
    links = cite_panel.xpath(".//ul[@class='record-downloads']//a")
    assert [(a.get("href"), a.get("type")) for a in links] == [
        (fmt.file_name(live_record), fmt.media_type) for fmt in EXPORTS
    ]
    for fmt in EXPORTS:
        built = (built_site / "records" / fmt.file_name(live_record)).read_text(encoding="utf-8")
        assert built == fmt.render(live_record), fmt.key


def test_csl_licence_notice_is_shown(cite_panel):
    (notice,) = cite_panel.xpath(".//p[@class='cite-notice']")
    assert "Creative Commons Attribution-ShareAlike 3.0" in notice.text_content()


def test_home_page_links_the_all_records_files(built_site):
    tree = lxml.html.parse(str(built_site / "index.html")).getroot()
    hrefs = tree.xpath("//h2[@id='download-all']/following-sibling::ul[1]//a/@href")
    assert hrefs == [fmt.bulk_file for fmt in bulk_exports()]
    for href in hrefs:
        assert (built_site / href).is_file()


def test_all_records_files_parse_with_every_record(built_site):
    ids = [record.id for record in load_collection(ROOT)]
    bib = parse_string((built_site / "exports" / "records.bib").read_text("utf-8"), "bibtex")
    assert list(bib.entries) == ids
    ris = rispy.loads((built_site / "exports" / "records.ris").read_text("utf-8"))
    assert len(ris) == len(ids)
    csl = json.loads((built_site / "exports" / "records.csl.json").read_text("utf-8"))
    assert [item["id"] for item in csl] == ids
