"""Printing a record page, and the offline edition (the whole site as one ZIP)."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from conftest import RECORD_ID
from pypdf import PdfReader

pytestmark = pytest.mark.browser

PERMANENT_URL = "https://eprints.leedsbeckett.ac.uk/id/eprint/8680"


def test_printed_record_page_has_reference_and_permanent_url(built_site, browser):
    page = browser.new_page()
    try:
        page.goto((built_site / "records" / f"{RECORD_ID}.html").as_uri())
        page.emulate_media(media="print")
        assert page.locator(".md-header").is_hidden()
        assert page.locator(".md-sidebar--primary").is_hidden()
        assert page.locator(".md-search").is_hidden()
        assert page.locator("button:visible").count() == 0
        pdf = page.pdf(format="A4")
    finally:
        page.close()
    text = " ".join(
        "".join(part.extract_text() for part in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "Working with trauma in adult probation" in text
    assert "Petrillo" in text and "Bradley" in text
    assert PERMANENT_URL in text
    assert "Open Government Licence v3.0" in text


@pytest.fixture(scope="module")
def unzipped_edition(built_site, tmp_path_factory):
    archives = list((built_site / "download").glob("*-offline.zip"))
    assert len(archives) == 1
    target = tmp_path_factory.mktemp("edition")
    with zipfile.ZipFile(archives[0]) as archive:
        assert archive.testzip() is None
        archive.extractall(target)
    (folder,) = target.iterdir()
    return folder, archives[0].name


def test_home_page_links_the_offline_edition(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="download/' in html and "-offline.zip" in html


def test_unzipped_edition_works_from_disk_without_network(unzipped_edition, guarded_page):
    folder, archive_name = unzipped_edition
    guarded = guarded_page()
    pages = sorted(p for p in folder.rglob("*.html") if p.name != "404.html")
    assert any(p.name == f"{RECORD_ID}.html" for p in pages)
    for path in pages:
        guarded.page.goto(path.as_uri())
        guarded.page.wait_for_load_state("load")
        for href in guarded.page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
            if not href.startswith("file://") or href.endswith(archive_name):
                continue  # the edition does not contain itself
            target = href.split("#", 1)[0].removeprefix("file://")
            assert os.path.exists(target), f"{path.name}: {href}"
    guarded.page.goto((folder / "index.html").as_uri())
    guarded.page.locator("input.md-search__input").click()
    guarded.page.keyboard.type("vicarious trauma", delay=20)
    results = guarded.page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert any(f"records/{RECORD_ID}.html" in h for h in hrefs)
    guarded.page.goto((folder / "records" / f"{RECORD_ID}.html").as_uri())
    with guarded.page.expect_download() as info:
        guarded.page.locator(f"a[href='{RECORD_ID}.bib']").click()
    assert open(info.value.path(), encoding="utf-8").read().startswith("@techreport{")
    assert guarded.blocked == []
    assert guarded.console_errors == []
