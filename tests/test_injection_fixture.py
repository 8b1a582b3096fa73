"""The injection fixture, built for real: its markup is text on every page, in every attribute,
in every <script> data block and in every export; the policy lets only the site's own scripts run."""

from __future__ import annotations

import json

import html5lib
import pytest
from conftest import INJECTION_ID
from research.exports import EXPORTS
from test_markup_stays_text import EXPORT_CHECKS, _normal

PAGES = [
    f"records/{INJECTION_ID}.html",
    "authors/injection-person.html",
    "series/injection-series.html",
    "index.html",
    "authors/index.html",
    "subjects/index.html",
    "years/index.html",
]
HOSTILE_TEXT = [
    "<script>alert(1)</script> Institute",
    '"><img src=x onerror=alert(5)> Licence',
    '<script>alert(10)</script> </script> "><img src=x onerror=alert(11)> { } % \\',
    "</td></tr></table><script>alert(14)</script>",
    "</script><script>alert(13)</script> {% endraw %} ${x}",
    "Braces { and } 100% C:\\path \u202eright-to-left\u202c zero\u200bwidth",
]


def _parse(path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


@pytest.mark.parametrize("page", PAGES)
def test_no_element_or_attribute_from_the_data(injection_site, page):
    document = _parse(injection_site / page)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in {"img", "svg", "iframe", "b"}, f"<{element.tag}> from the data"
        assert not [name for name in element.attrib if name.startswith("on")], element.tag
        if element.tag == "script":
            text = element.text or ""
            if element.get("type") in {"application/json", "application/ld+json"}:
                json.loads(text)  # a data block still parses: nothing closed it early
            else:
                assert "alert(" not in text, "a script that runs holds text from the data"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_head_metadata_holds_the_data_as_text(injection_site):
    """Meta tags and JSON-LD (issue 4's head metadata) carry the markup as text, whole."""
    document = _parse(injection_site / f"records/{INJECTION_ID}.html")
    head = document.find("head")
    contents = [m.get("content") or "" for m in head.iter("meta")]
    assert "<script>alert(1)</script> Institute" in contents or not any(
        "Institute" in c for c in contents
    )
    blocks = [s for s in document.iter("script") if s.get("type") == "application/ld+json"]
    strings = {s for block in blocks for s in _strings(json.loads(block.text))}
    if blocks:
        assert "<script>alert(1)</script> Institute" in strings
        assert HOSTILE_TEXT[-1] in " ".join(strings)


def test_record_page_shows_the_markup_as_text(injection_site):
    document = _parse(injection_site / f"records/{INJECTION_ID}.html")
    text = _normal(" ".join(document.find(".//body").itertext()))
    for value in HOSTILE_TEXT:
        assert _normal(value) in text
    title = document.find(".//title").text
    assert title.startswith(
        "Braces { and } 100% C:\\path \u202eright-to-left\u202c zero\u200bwidth"
    )


def test_every_export_reads_back_as_the_data(injection_site):
    from research.load import load_collection  # the same data, loaded as the build loaded it

    project = injection_site.parent / "project"
    record = load_collection(project).get(INJECTION_ID)
    for fmt in EXPORTS:
        written = (injection_site / "records" / fmt.file_name(record)).read_text(encoding="utf-8")
        EXPORT_CHECKS[fmt.key](record, written)


def test_search_index_holds_the_markup_as_text(injection_site):
    """Material shows search results as HTML: the index must hold the data escaped."""
    index = json.loads((injection_site / "search" / "search_index.json").read_text("utf-8"))
    entries = [
        doc for doc in index["docs"] if doc["location"].startswith(f"records/{INJECTION_ID}")
    ]
    assert entries
    shown = []
    for entry in entries:
        for html in (entry["title"], entry["text"]):
            fragment = html5lib.parseFragment(html, namespaceHTMLElements=False)
            tags = {e.tag for e in fragment.iter() if isinstance(e.tag, str)}
            assert not tags & {"script", "img", "iframe", "svg", "b"}, entry["location"]
            shown.append(" ".join(fragment.itertext()))
    text = _normal(" ".join(shown))
    # the parts the index holds (the reference sections join the page after indexing)
    for value in (HOSTILE_TEXT[0], HOSTILE_TEXT[5], "{ keyword } % \\ \u202ertl\u202c"):
        assert _normal(value) in text
