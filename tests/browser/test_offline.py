"""The built site, opened from disk with the network cut, works: pages, links, downloads, search.
The same search works over http on 127.0.0.1."""

from __future__ import annotations

import pytest
from conftest import RECORD_ID

pytestmark = pytest.mark.browser

SEARCHES = ["vicarious trauma", "Petrillo", "personality disorder", "burnout"]


def _search(page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    if box.is_visible():
        box.click()
    else:  # narrow screens: the search box opens from the header's icon
        page.locator("label.md-header__button[for='__search']").click()
    # Material searches on key events; fill() alone would not start a search.
    page.keyboard.type(query, delay=20)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    return results.evaluate_all("links => links.map(a => a.href)")


def test_every_page_opens_from_disk_without_any_outside_request(built_site, guarded_page):
    guarded = guarded_page()
    pages = sorted(built_site.rglob("*.html"))
    pages = [p for p in pages if p.name != "404.html"]  # a server's page; never opened from disk
    assert len(pages) >= 2
    for path in pages:
        response = guarded.page.goto(path.as_uri())
        assert response is None or response.ok
        guarded.page.wait_for_load_state("load")
        # every same-site link on the page points at a file that exists
        for href in guarded.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            if href.startswith("file://"):
                target = href.split("#", 1)[0].split("?", 1)[0].removeprefix("file://")
                assert target and __import__("os").path.exists(target), f"{path.name}: {href}"
    assert guarded.blocked == []
    assert guarded.console_errors == []


@pytest.mark.parametrize("query", SEARCHES)
def test_search_from_disk_finds_the_record(built_site, guarded_page, query):
    guarded = guarded_page()
    guarded.page.goto((built_site / "index.html").as_uri())
    hrefs = _search(guarded.page, query)
    assert any(f"records/{RECORD_ID}.html" in href for href in hrefs), hrefs
    assert guarded.blocked == []


def test_search_over_http_finds_the_record(site_server, guarded_page):
    guarded = guarded_page(site_server)
    guarded.page.goto(site_server)
    hrefs = _search(guarded.page, "vicarious trauma")
    assert any(f"records/{RECORD_ID}.html" in href for href in hrefs), hrefs
    assert guarded.blocked == []
    assert guarded.console_errors == []


def test_bibtex_download_from_disk(built_site, guarded_page):
    guarded = guarded_page()
    guarded.page.goto((built_site / "records" / f"{RECORD_ID}.html").as_uri())
    with guarded.page.expect_download() as info:
        guarded.page.locator(f"a[href='{RECORD_ID}.bib']").click()
    download = info.value
    assert download.suggested_filename == f"{RECORD_ID}.bib"
    text = open(download.path(), encoding="utf-8").read()
    assert text.startswith(f"@techreport{{{RECORD_ID},")


def test_copy_button_copies_the_bibtex(built_site, browser):
    context = browser.new_context()
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto((built_site / "records" / f"{RECORD_ID}.html").as_uri())
        page.locator(".record-bibtex-entry summary").click()  # the entry is folded away
        page.locator(".record-bibtex").hover()
        page.locator("pre.record-bibtex button[data-md-type='copy']").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(f"@techreport{{{RECORD_ID},")
    finally:
        context.close()
