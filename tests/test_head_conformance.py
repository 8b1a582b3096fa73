"""The build-time conformance check: each rule catches its mistake, and a mistake in the theme
fails `mkdocs build --strict`."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import RECORD_ID, ROOT, build_site, copy_project
from research.conformance import check_head, check_linkset
from research.head import Site

GOOD_HEAD = """<!doctype html><html lang="en-GB"><head>
<meta name="description" content="An abstract.">
<meta name="citation_title" content="A title">
<meta name="citation_author" content="Family, Given">
<meta name="citation_publication_date" content="2022/03/18">
<meta name="citation_online_date" content="2024/10/15">
<meta name="citation_technical_report_institution" content="An institution">
<link rel="cite-as" href="https://repository.example/8680">
<link rel="describedby" href="x.bib" type="application/x-bibtex">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Report"}</script>
</head><body><p>text</p></body></html>"""


def _check(html: str, record_type: str = "report", site: Site | None = None) -> list[str]:
    return check_head(
        html,
        page_path="records/x.html",
        record_type=record_type,
        language="en-GB",
        site=site or Site(),
        exists={"records/x.bib", "records/x.html"}.__contains__,
    )


def test_a_conforming_head_passes():
    assert _check(GOOD_HEAD) == []


def test_absolute_describedby_inside_the_site_is_resolved():
    html = GOOD_HEAD.replace('href="x.bib"', 'href="https://example.org/s/records/x.bib"')
    assert _check(html, site=Site("https://example.org/s/")) == []
    assert _check(html) != []  # without the site's address it cannot be one of ours


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('<meta name="citation_title" content="A title">', "", "no citation_title"),
        ('<meta name="citation_author" content="Family, Given">', "", "no citation_author"),
        (
            'content="2022/03/18"',
            'content="2022-03-18"',
            "citation_publication_date is '2022-03-18'",
        ),
        ('content="2024/10/15"', 'content="15/10/2024"', "citation_online_date is '15/10/2024'"),
        ('<link rel="cite-as" href="https://repository.example/8680">', "", "0 cite-as links"),
        (
            '<link rel="cite-as" href="https://repository.example/8680">',
            '<link rel="cite-as" href="https://a.example/1"><link rel="cite-as" href="https://b.example/2">',
            "2 cite-as links",
        ),
        ('href="x.bib"', 'href="y.bib"', "describedby 'y.bib' is not a file this site publishes"),
        ('type="application/x-bibtex"', "", "describedby 'x.bib' has no media type"),
        ('"Report"}', '"Report",}', "JSON-LD does not parse"),
        ('<script type="application/ld+json">', '<script type="text/plain">', "no JSON-LD"),
        ('lang="en-GB"', 'lang="en"', '<html lang="en">, expected "en-GB"'),
        ('<meta name="description" content="An abstract.">', "", "no meta description"),
        (
            '<meta name="citation_title" content="A title">',
            '<meta name="citation_title" content="A title">'
            '<meta name="citation_journal_title" content="J">',
            "citation_journal_title on a report",
        ),
        (
            '<meta name="citation_technical_report_institution" content="An institution">',
            "",
            "no citation_technical_report_institution",
        ),
        ("<p>text</p>", '<span class="Z3988" title="ctx_ver=Z39.88-2004"></span>', "a COinS span"),
        (
            "</head>",
            '<meta name="citation_pdf_url" content="x.pdf"></head>',
            "citation_pdf_url 'x.pdf' is not a file this site publishes",
        ),
    ],
)
def test_each_rule_catches_its_mistake(old, new, expected):
    assert old in GOOD_HEAD
    problems = _check(GOOD_HEAD.replace(old, new))
    assert any(expected in problem for problem in problems), problems


def test_journal_tags_are_fine_on_an_article():
    html = GOOD_HEAD.replace(
        '<meta name="citation_technical_report_institution" content="An institution">',
        '<meta name="citation_journal_title" content="J">',
    )
    assert _check(html, record_type="article") == []


GOOD_LINKSET = {
    "linkset": [
        {
            "anchor": "x.html",
            "cite-as": [{"href": "https://repository.example/8680"}],
            "describedby": [{"href": "x.bib", "type": "application/x-bibtex"}],
        },
        {"anchor": "x.bib", "describes": [{"href": "x.html"}]},
    ]
}


@pytest.mark.parametrize(
    ("linkset", "expected"),
    [
        ([], 'not an object with the one member "linkset"'),
        ({"linkset": []}, '"linkset" is not a non-empty list'),
        ({"linkset": [{"cite-as": [{"href": "a"}]}]}, "linkset[0] has no anchor"),
        (
            {"linkset": [{"anchor": "x", "cite-as": {"href": "a"}}]},
            "cite-as is not a non-empty list",
        ),
        ({"linkset": [{"anchor": "x", "cite-as": [{"url": "a"}]}]}, "a target without an href"),
        ({"linkset": [{"anchor": "x"}]}, "0 cite-as links"),
    ],
)
def test_linkset_shape(linkset, expected):
    assert check_linkset(GOOD_LINKSET) == []
    problems = check_linkset(linkset)
    assert any(expected in problem for problem in problems), problems


def test_a_broken_head_template_fails_the_strict_build(tmp_path):
    """Printing the JSON-LD without `tojson` writes a Python dict: not JSON. (The code is copied,
    not linked: the fragment templates are found beside it.)"""
    project = copy_project(tmp_path / "project")
    (project / "scripts").unlink()
    shutil.copytree(
        ROOT / "scripts", project / "scripts", ignore=shutil.ignore_patterns("__pycache__")
    )
    fragment = project / "docs" / "overrides" / "fragments" / "record-head.html"
    text = fragment.read_text("utf-8")
    assert "record_head.json_ld | tojson" in text
    fragment.write_text(
        text.replace("record_head.json_ld | tojson", "record_head.json_ld"), "utf-8"
    )
    build = build_site(project, tmp_path / "site")
    assert build.returncode != 0
    assert f"records/{RECORD_ID}.html: JSON-LD does not parse" in build.output


def test_the_real_linkset_passes_the_shape_check(built_site):
    data = json.loads((built_site / "records" / f"{RECORD_ID}.linkset.json").read_text("utf-8"))
    assert check_linkset(data) == []
