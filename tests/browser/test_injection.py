"""The injection fixture's pages open with no dialog, no Content-Security-Policy violation and a
clean console, from disk and over http; search works under the policy."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from conftest import INJECTION_ID, _free_port, _QuietHandler

pytestmark = pytest.mark.browser

PAGES = [
    f"records/{INJECTION_ID}.html",
    "authors/injection-person.html",
    "series/injection-series.html",
]
# Recorded from the first script on, before the page's own scripts run.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture(scope="module")
def injection_server(injection_site):
    handler = functools.partial(_QuietHandler, directory=str(injection_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def _open(guarded, url):
    dialogs = []
    guarded.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    messages = []
    guarded.page.on("console", lambda message: messages.append(message.text))
    guarded.page.add_init_script(RECORD_VIOLATIONS)
    guarded.page.goto(url)
    guarded.page.wait_for_load_state("load")
    guarded.page.wait_for_timeout(300)  # let any injected handler (onerror, onload) fire
    return dialogs, messages


@pytest.mark.parametrize("page", PAGES)
def test_injection_pages_from_disk_run_nothing_from_the_data(injection_site, guarded_page, page):
    guarded = guarded_page()
    dialogs, messages = _open(guarded, (injection_site / page).as_uri())
    assert dialogs == []
    assert guarded.page.evaluate("window.__violations") == []
    assert not [m for m in messages if "Content Security Policy" in m]
    assert guarded.console_errors == []
    assert guarded.blocked == []
    # the markup is on the page as text
    assert "<script>alert(1)</script> Institute" in guarded.page.locator("body").inner_text()
    # a right-to-left override in a value cannot reorder the text after it
    bidi = guarded.page.eval_on_selector_all(
        "article a, article span, article time",
        "elements => [...new Set(elements.map(e => getComputedStyle(e).unicodeBidi))]",
    )
    assert bidi == ["isolate"]


def test_injection_page_over_http_and_search_under_the_policy(injection_server, guarded_page):
    guarded = guarded_page(injection_server)
    dialogs, _ = _open(guarded, injection_server + f"records/{INJECTION_ID}.html")
    guarded.page.locator("input.md-search__input").click()
    guarded.page.keyboard.type("Institute", delay=20)
    results = guarded.page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10_000)
    guarded.page.wait_for_timeout(300)
    assert dialogs == []
    assert guarded.page.evaluate("window.__violations") == []
    assert guarded.console_errors == []
    assert guarded.blocked == []


def test_search_from_disk_under_the_policy(injection_site, guarded_page):
    guarded = guarded_page()
    dialogs, _ = _open(guarded, (injection_site / f"records/{INJECTION_ID}.html").as_uri())
    guarded.page.locator("input.md-search__input").click()
    guarded.page.keyboard.type("Institute", delay=20)
    hrefs = guarded.page.locator(".md-search-result__item a")
    hrefs.first.wait_for(timeout=10_000)
    assert any(INJECTION_ID in href for href in hrefs.evaluate_all("a => a.map(x => x.href)"))
    assert dialogs == []
    assert guarded.page.evaluate("window.__violations") == []
    assert guarded.console_errors == []
