"""A page does not load the search index until the reader goes to search (with hundreds of
records the index outweighs the page); once they do, search works, from disk and over http."""

from __future__ import annotations

import pytest
from conftest import ARTICLE_ID, RECORD_ID

pytestmark = pytest.mark.browser


def _index_requests(page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "search_index" in r.url else None)
    return requests


@pytest.mark.parametrize("over", ["file", "http"])
def test_the_index_loads_only_when_search_is_focused(built_site, site_server, guarded_page, over):
    guarded = guarded_page(site_server)
    page = guarded.page
    requests = _index_requests(page)
    base = built_site.as_uri() + "/" if over == "file" else site_server
    page.goto(f"{base}records/{RECORD_ID}.html")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    assert requests == []

    page.keyboard.press("s")  # Material's shortcut: focuses the search box
    page.keyboard.type("rehabilitation", delay=20)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert len(requests) == 1 and requests[0].endswith(
        "search_index.js" if over == "file" else "search_index.json"
    )
    assert any(f"records/{ARTICLE_ID}.html" in href for href in hrefs), hrefs
    assert guarded.blocked == []
    assert guarded.console_errors == []
