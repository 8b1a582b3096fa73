"""Escape-proofing the head. MkDocs renders the theme without autoescaping, so every value must be
escaped by the template itself. Hostile text (`</script>`, both quotes, `&`, a tag) goes in; the
meta attributes and the JSON-LD must come back out as exactly the same strings, with nothing
injected into the page.

The loader refuses markup in a title and in keywords (by design), so those are tested with
hostile text at the renderer level, with a Record made in Python and MkDocs' own theme
environment; the series, the report number and the abstract carry it through a real build."""

from __future__ import annotations

import json

import lxml.html
from conftest import RECORD_ID, build_site
from research.head import Site, record_head
from research.model import Licence, Organisation, Person, PublicationDate, Record, Series
from research.record_page import record_head_markup

HOSTILE = (
    """</script><script>alert("x")</script> "double" 'single' & <img src=x onerror=alert(1)>"""
)
# Keywords may not hold markup (the loader refuses it), but quotes and ampersands are plain text.
# Not `&amp` even without its semicolon: HTML reads that as `&` in the page title Material prints.
KEYWORD = """"quoted" & 'apos' AT&T"""
# A series title titles the series' page, which Material prints unescaped: the loader refuses
# tags in it, so the planted title holds everything else.
SERIES_TITLE = """Series "double" 'single' & {braces} \\ 100%"""


def _hostile_record() -> Record:
    organisation = Organisation(key="org", name=f"Org {HOSTILE}")
    return Record(
        id="hostile",
        title=f"Title {HOSTILE}",
        type="report",
        item_type="Report",
        authors=(
            Person(
                key="p",
                given=f"Ann {HOSTILE}",
                family="O'Brien",
                affiliation=organisation,
                orcid="0000-0003-2819-1366",
            ),
        ),
        published=PublicationDate(2022, 3, 18),
        publisher=organisation,
        status="Published",
        language="en-GB",
        licence=Licence(key="l", name=f"Licence {HOSTILE}", url="https://example.org/l?a=1&b=2"),
        prose_path="records/hostile.md",
        abstract_markdown=(
            "## Abstract\n\nQuotes \"double\" and 'single', Tom & Jerry, and code "
            "`</script><script>alert(2)</script>`.\n"
        ),
        series=Series(key="s", title=f"Series {HOSTILE}", publisher=organisation),
        series_number=f"No. {HOSTILE}",
        keywords=(HOSTILE, "a & b"),
    )


def test_renderer_round_trips_hostile_values():
    site, site_name = Site("https://example.org/x/"), f"Site {HOSTILE}"
    head = record_head(_hostile_record(), site, site_name)
    markup = record_head_markup(_hostile_record(), site, site_name)
    assert markup.description == head.description
    rendered = markup.markup
    tree = lxml.html.fromstring(f"<html><head>{rendered}</head><body></body></html>")
    (head_element,) = tree.xpath("/html/head")

    # nothing but the expected elements: one per tag, one per link, one JSON-LD script
    assert [e.tag for e in head_element] == (
        ["meta"] * len(head.meta) + ["link"] * len(head.links) + ["script"]
    )
    assert not tree.xpath("//body/*") and not tree.xpath("//img")

    assert [(m.get("name"), m.get("property"), m.get("content")) for m in tree.xpath("//meta")] == [
        (tag.name, tag.property, tag.content) for tag in head.meta
    ]
    assert [(e.get("rel"), e.get("href"), e.get("type")) for e in tree.xpath("//link")] == [
        (link.rel, link.href, link.type) for link in head.links
    ]
    (script,) = tree.xpath("//script")
    assert script.get("type") == "application/ld+json"
    assert json.loads(script.text) == head.json_ld
    assert json.loads(script.text)["name"] == f"Title {HOSTILE}"
    assert rendered.count("</script>") == 1  # only the JSON-LD's own end tag


def _plant_hostile_values(project):
    series = project / "data" / "series.yml"
    series.write_text(
        series.read_text("utf-8").replace(
            "title: HM Inspectorate of Probation Research & Analysis Bulletins",
            f"title: {json.dumps(SERIES_TITLE)}",
        ),
        "utf-8",
    )
    record = project / "data" / "records" / f"{RECORD_ID}.yml"
    text = record.read_text("utf-8").replace(
        "status: Published",
        "status: Published\n"
        f"keywords: [{json.dumps(KEYWORD)}, {json.dumps('a & b')}]\n"
        f"series_number: {json.dumps('No. ' + HOSTILE)}",
    )
    record.write_text(text, "utf-8")
    prose = project / "docs" / "records" / f"{RECORD_ID}.md"
    prose.write_text(
        prose.read_text("utf-8").replace(
            "in adult probation.\n\n### Approach",
            "in adult probation. Quotes \"double\" and 'single', Tom & Jerry, and code "
            "`</script><script>alert(2)</script>`.\n\n### Approach",
        ),
        "utf-8",
    )


def test_real_build_with_hostile_text_fields(project_copy, tmp_path):
    _plant_hostile_values(project_copy)
    build = build_site(project_copy, tmp_path / "site")
    assert build.returncode == 0, build.output  # strict, so the conformance check passed too
    html = (build.site / "records" / f"{RECORD_ID}.html").read_text("utf-8")
    tree = lxml.html.fromstring(html)
    meta = lambda name: tree.xpath("//head/meta[@name=$n]/@content", n=name)  # noqa: E731

    assert meta("citation_keywords") == [KEYWORD, "a & b"]
    assert meta("DC.subject") == [KEYWORD, "a & b"]
    assert meta("citation_series_title") == [SERIES_TITLE]
    assert meta("citation_technical_report_number") == [f"No. {HOSTILE}"]
    sentence = (
        "Quotes \"double\" and 'single', Tom & Jerry, and code </script><script>alert(2)</script>."
    )
    (description,) = meta("description")
    assert sentence in description

    (ld_script,) = tree.xpath("//script[@type='application/ld+json']")
    data = json.loads(ld_script.text)
    assert data["keywords"] == [KEYWORD, "a & b"]
    assert data["isPartOf"]["name"] == SERIES_TITLE
    assert data["reportNumber"] == f"No. {HOSTILE}"
    assert data["abstract"] == description

    # No markup injected anywhere: the only scripts that mention the payload are the JSON-LD
    # (as data), and no <img> came from it.
    carrying = [
        s for s in tree.xpath("//script") if "alert" in (s.text or "") or s.get("src") == "x"
    ]
    assert carrying == [ld_script]
    assert not tree.xpath("//img[@onerror]")
