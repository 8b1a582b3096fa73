"""The "Cite this" panel from file:// with the network cut: switch to each style and copy it;
download every export and parse it; switching styles also works with JavaScript off."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
import rispy
import xmlschema
from citeproc.source.json import CiteProcJSON
from conftest import RECORD_ID, ROOT
from pybtex.database import parse_string
from research.exports import EXPORTS, bulk_exports
from research.load import load_collection
from research.references import STYLES, render_text

pytestmark = pytest.mark.browser

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
RECORD = load_collection(ROOT).get(RECORD_ID)


def _visible_reference(page) -> str:
    shown = page.locator(".cite-reference:visible")
    assert shown.count() == 1
    return shown.locator(".cite-reference__text").inner_text()


def test_switch_to_each_style_and_copy_it(built_site, guarded_page):
    guarded = guarded_page(permissions=["clipboard-read", "clipboard-write"])
    page = guarded.page
    page.goto((built_site / "records" / f"{RECORD_ID}.html").as_uri())
    # the default style is shown first, before anything is chosen
    assert _visible_reference(page) == render_text(STYLES[0].key, RECORD)
    for style in STYLES:
        page.locator(f"label[for='cite-style-{style.key}']").click()
        expected = render_text(style.key, RECORD)
        assert _visible_reference(page) == expected
        page.locator(f"#cite-reference-{style.key} button").click()
        status = page.locator(f"#cite-reference-{style.key} .cite-reference__status")
        status.filter(has_text="Copied").wait_for(timeout=5_000)
        assert page.evaluate("navigator.clipboard.readText()") == expected
    assert guarded.blocked == []
    assert guarded.console_errors == []


def test_styles_switch_without_javascript(built_site, guarded_page):
    guarded = guarded_page(java_script_enabled=False)
    page = guarded.page
    page.goto((built_site / "records" / f"{RECORD_ID}.html").as_uri())
    assert page.locator("button[data-copy-reference]:visible").count() == 0  # need a script
    for style in reversed(STYLES):
        page.locator(f"label[for='cite-style-{style.key}']").click()
        assert _visible_reference(page) == render_text(style.key, RECORD)


def _parse(key: str, text: str) -> str:
    """Parse a downloaded export with a parser made for its format; give back its title."""
    if key == "bibtex":
        return str(parse_string(text, "bibtex").entries[RECORD_ID].fields["title"])
    if key == "ris":
        return rispy.loads(text)[0]["title"]
    if key == "endnote":
        return next(line[3:] for line in text.splitlines() if line.startswith("%T "))
    if key == "csl-json":
        return str(CiteProcJSON(json.loads(text))[RECORD_ID].title)
    if key in ("dublin-core", "mods"):
        schema = SCHEMAS / ("oai_dc.xsd" if key == "dublin-core" else "mods-3-6.xsd")
        data = xmlschema.XMLSchema(str(schema)).to_dict(text)
        if key == "dublin-core":
            return data["dc:title"][0]
        return data["titleInfo"][0]["title"][0]
    if key == "json-ld":
        return json.loads(text)["name"]
    if key == "references-text":
        assert all(render_text(style.key, RECORD) in text for style in STYLES)
        return RECORD.title
    if key == "references-html":
        tree = lxml.html.document_fromstring(text)
        return tree.findtext(".//title").removeprefix("References: ")
    raise AssertionError(f"no parser for {key}")


@pytest.mark.parametrize("fmt", EXPORTS, ids=lambda fmt: fmt.key)
def test_download_each_export_from_disk_and_parse_it(built_site, guarded_page, fmt):
    guarded = guarded_page()
    page = guarded.page
    page.goto((built_site / "records" / f"{RECORD_ID}.html").as_uri())
    with page.expect_download() as info:
        page.locator(f".record-cite a[href='{fmt.file_name(RECORD)}']").click()
    download = info.value
    assert download.suggested_filename == fmt.file_name(RECORD)
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text == fmt.render(RECORD)
    assert _parse(fmt.key, text) == RECORD.title
    assert guarded.blocked == []


@pytest.mark.parametrize("fmt", bulk_exports(), ids=lambda fmt: fmt.key)
def test_all_records_links_from_the_home_page_open_the_file(built_site, guarded_page, fmt):
    """From disk a browser opens these files instead of saving them (file:// pages cannot ask
    for a download); over http the `download` attribute saves them."""
    guarded = guarded_page()
    page = guarded.page
    page.goto((built_site / "index.html").as_uri())
    page.locator(f"a[href='{fmt.bulk_file}']").click()
    page.wait_for_url(f"**/{fmt.bulk_file}")
    text = page.locator("body").inner_text()
    assert RECORD.title in text
    assert guarded.blocked == []
