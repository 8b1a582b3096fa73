"""Every page meets WCAG 2.2 AA as axe-core checks it, in both palettes, at desktop and phone
widths; the keyboard reaches everything, skip link first, with a visible focus indicator."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import RECORD_ID
from research.exports import EXPORTS

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _pages(site):
    """The site's pages; an export in HTML (the formatted references) is a download, not a page."""
    downloads = tuple(fmt.suffix for fmt in EXPORTS if fmt.suffix.endswith(".html"))
    return sorted(
        p for p in site.rglob("*.html") if p.name != "404.html" and not p.name.endswith(downloads)
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_axe_finds_no_violations_on_any_page(built_site, browser, scheme, viewport):
    axe = Axe()
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    try:
        page = context.new_page()
        found = {}
        for path in _pages(built_site):
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            palette = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert palette == ("slate" if scheme == "dark" else "default")
            result = axe.run(page, options=AXE_OPTIONS)
            violations = [
                f"{v['id']}: {[n['target'] for n in v['nodes']]}"
                for v in result.response["violations"]
            ]
            if violations:
                found[str(path.relative_to(built_site))] = violations
        assert found == {}
    finally:
        context.close()


_FOCUS_STATE = """() => {
  let el = document.activeElement;
  if (!el || el === document.body) return null;
  // A visually hidden radio or checkbox shows its focus on the label right after it.
  const label = el.tagName === 'INPUT' && el.type !== 'text' && el.nextElementSibling;
  if (label && label.tagName === 'LABEL' && label.getBoundingClientRect().width > 0) el = label;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName, text: (el.innerText || el.getAttribute('aria-label') || el.value || '').trim().slice(0, 40),
    href: el.getAttribute('href'), cls: el.className,
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden' &&
             box.bottom > 0 && box.right > 0 && box.left < window.innerWidth,
  };
}"""


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_keyboard_skip_link_first_and_focus_always_visible(built_site, browser, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    try:
        page = context.new_page()
        page.goto((built_site / "records" / f"{RECORD_ID}.html").as_uri())
        page.keyboard.press("Tab")
        first = page.evaluate(_FOCUS_STATE)
        assert "md-skip" in first["cls"].split() and first["text"] == "Skip to content"
        assert first["visible"] and first["outline"]

        page.keyboard.press("Enter")
        target = page.evaluate("location.hash")
        assert target == "#record-title"

        page.reload()  # walk the whole page from the top
        seen = []
        for _ in range(120):
            page.keyboard.press("Tab")
            state = page.evaluate(_FOCUS_STATE)
            if state is None:
                break
            page.evaluate(
                "document.activeElement.scrollIntoViewIfNeeded && document.activeElement.scrollIntoViewIfNeeded()"
            )
            state = page.evaluate(_FOCUS_STATE)
            seen.append(state)
            assert state["visible"], f"focused but invisible: {state}"
            assert state["outline"] or state["shadow"], f"no focus indicator: {state}"
        assert len(seen) > 10
        hrefs = [s["href"] for s in seen]
        assert f"{RECORD_ID}.bib" in hrefs  # the downloads are reachable by keyboard
    finally:
        context.close()
