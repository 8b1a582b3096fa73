"""The head builder on records made in Python: an article gets journal tags and no report tags, a
report the reverse; the abstract is the prose's own, as plain text; addresses follow site_url."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import posixpath
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from research.abstract import abstract_text
from research.head import Site, description, linkset, page_range, record_head, scholar_date
from research.history import last_changed
from research.model import (
    Journal,
    Licence,
    Organisation,
    Person,
    PublicationDate,
    Record,
    Series,
)

GREENWICH = Organisation(key="gre", name="University of Greenwich")
PETRILLO = Person(
    key="mp",
    given="Madeline",
    family="Petrillo",
    affiliation=GREENWICH,
    orcid="0000-0003-2819-1366",
)
BRADLEY = Person(key="ab", given="Alexandria", family="Bradley")
HMIP = Organisation(key="hmip", name="Her Majesty’s Inspectorate of Probation")
CC_BY = Licence(key="CC-BY", name="CC BY", url="https://creativecommons.org/licenses/by/")

# The article facts are the second record's in FACTS.md.
ARTICLE = Record(
    id="embedding",
    title="Embedding trauma-informed approaches in adult probation",
    type="article",
    item_type="Article",
    authors=(BRADLEY, PETRILLO),
    published=PublicationDate(2022),
    publisher=HMIP,
    status="Published",
    language="en-GB",
    licence=CC_BY,
    prose_path="records/embedding.md",
    abstract_markdown="<!-- metadata only -->\n",
    doi="10.54006/ACIY1627",
    journal=Journal(title="Probation Quarterly", issue="24", pages="9-13", issn="2752-6933"),
    keywords=("trauma informed practice", "probation"),
)
REPORT = dataclasses.replace(
    ARTICLE,
    id="report",
    prose_path="records/report.md",
    type="report",
    doi=None,
    journal=None,
    series=Series(key="s", title="Research & Analysis Bulletins", publisher=HMIP),
    series_number="2022/03",
    published=PublicationDate(2022, 3, 18),
    abstract_markdown="## Abstract\n\nThe abstract.\n\n## Findings\n\nNot the abstract.\n",
)


def _tags(record, site=None):
    head = record_head(record, site or Site(), "Site")
    return [(t.name or t.property, t.content) for t in head.meta], head


def _values(pairs, key):
    return [value for name, value in pairs if name == key]


def test_article_gets_journal_tags_and_no_report_tags():
    tags, head = _tags(ARTICLE)
    assert _values(tags, "citation_journal_title") == ["Probation Quarterly"]
    assert _values(tags, "citation_issue") == ["24"]
    assert _values(tags, "citation_volume") == []  # not recorded: not invented
    assert _values(tags, "citation_firstpage") == ["9"]
    assert _values(tags, "citation_lastpage") == ["13"]
    assert _values(tags, "citation_doi") == ["10.54006/ACIY1627"]
    assert _values(tags, "citation_issn") == ["2752-6933"]
    assert _values(tags, "citation_keywords") == ["trauma informed practice", "probation"]
    assert _values(tags, "citation_author") == ["Bradley, Alexandria", "Petrillo, Madeline"]
    assert not [name for name, _ in tags if name.startswith("citation_technical_report")]
    assert head.json_ld["@type"] == "ScholarlyArticle"
    assert head.json_ld["sameAs"] == "https://doi.org/10.54006/ACIY1627"
    assert head.json_ld["isPartOf"] == {
        "@type": "PublicationIssue",
        "issueNumber": "24",
        "isPartOf": {"@type": "Periodical", "name": "Probation Quarterly", "issn": "2752-6933"},
    }
    assert (head.json_ld["pageStart"], head.json_ld["pageEnd"]) == ("9", "13")
    cite_as = [link.href for link in head.links if link.rel == "cite-as"]
    assert cite_as == ["https://doi.org/10.54006/ACIY1627"]
    types = [link.href for link in head.links if link.rel == "type"]
    assert types == ["https://schema.org/AboutPage", "https://schema.org/ScholarlyArticle"]


def test_report_gets_report_tags_and_no_journal_tags():
    tags, head = _tags(REPORT)
    assert _values(tags, "citation_technical_report_institution") == [HMIP.name]
    assert _values(tags, "citation_technical_report_number") == ["2022/03"]
    assert _values(tags, "citation_series_title") == ["Research & Analysis Bulletins"]
    for name, _ in tags:
        assert not name.startswith(("citation_journal", "citation_issue", "citation_volume"))
        assert name not in {"citation_firstpage", "citation_doi", "citation_pdf_url"}
    assert head.json_ld["reportNumber"] == "2022/03"
    assert head.json_ld["abstract"] == "The abstract."
    assert _values(tags, "citation_abstract") == ["The abstract."]


def test_without_a_permanent_address_cite_as_is_the_page_itself():
    _, head = _tags(REPORT)
    assert [link.href for link in head.links if link.rel == "cite-as"] == ["report.html"]
    _, hosted = _tags(REPORT, Site("https://example.org/s"))
    assert [link.href for link in hosted.links if link.rel == "cite-as"] == [
        "https://example.org/s/records/report.html"
    ]
    assert hosted.canonical == "https://example.org/s/records/report.html"


def test_a_record_without_an_abstract_is_described_by_its_facts():
    assert description(ARTICLE) == (
        "Embedding trauma-informed approaches in adult probation. Journal article by "
        "Alexandria Bradley and Madeline Petrillo, Probation Quarterly, 2022."
    )
    tags, head = _tags(ARTICLE)
    assert "abstract" not in head.json_ld
    assert _values(tags, "citation_abstract") == []
    assert _values(tags, "DC.description") == []


def test_linkset_relative_and_absolute():
    relative = linkset(ARTICLE, Site())["linkset"]
    assert relative[0]["anchor"] == "embedding.html"
    assert relative[1]["describes"][0]["href"] == "embedding.html"
    absolute = linkset(ARTICLE, Site("https://example.org/"))["linkset"]
    assert absolute[0]["anchor"] == "https://example.org/records/embedding.html"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("## Abstract\n\nOne *two* [three](x.html).\n", "One two three."),
        ("## Abstract\n\n### Context\n\nA.\n\n- B.\n  { #b .finding }\n", "Context: A. B."),
        ("# Title\n\nIntro.\n\n## Abstract\n\nA & B.\n\n## Next\n\nC.\n", "A & B."),
        ("<!-- note -->\n\n## Abstract\n\nUse `</script>` here.\n", "Use </script> here."),
        ("## Abstract\n\nText <script>alert(1)</script> end.\n", "Text end."),
        ("## Findings\n\nNo abstract here.\n", None),
        ("## Abstract { .abstract-withheld }\n\nNot reproduced here.\n", None),
    ],
)
def test_abstract_text(source, expected):
    assert abstract_text(source) == expected


def test_scholar_dates_never_make_up_a_day():
    assert scholar_date(PublicationDate(2022, 3, 18)) == "2022/03/18"
    assert scholar_date(PublicationDate(2022, 3)) == "2022"
    assert scholar_date(PublicationDate(2022)) == "2022"
    tags, head = _tags(ARTICLE)
    assert _values(tags, "citation_publication_date") == ["2022"]
    assert head.json_ld["datePublished"] == "2022"


def test_page_range():
    assert page_range("9-13") == ("9", "13")
    assert page_range("9 – 13") == ("9", "13")
    assert page_range("e1234") == ("e1234", None)


def test_last_changed_prefers_the_commit_date_unless_edited(tmp_path):
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2023-05-06T07:08:09+01:00",
        "GIT_COMMITTER_DATE": "2023-05-06T07:08:09+01:00",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }

    def run(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)

    run("init", "-q")
    committed, edited, untracked = (tmp_path / n for n in ("a.yml", "b.md", "c.md"))
    committed.write_text("a")
    edited.write_text("b")
    run("add", "a.yml", "b.md")
    run("commit", "-q", "-m", "x")
    edited.write_text("b, edited")
    untracked.write_text("c")
    os.utime(edited, (1_700_000_000, 1_700_000_000))
    dates = last_changed(tmp_path, [committed, edited, untracked])
    assert dates[committed] == dt.datetime(
        2023, 5, 6, 7, 8, 9, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert dates[edited] == dt.datetime.fromtimestamp(1_700_000_000, dt.UTC)
    assert dates[untracked].tzinfo is not None


def test_last_changed_without_git_uses_modification_times(tmp_path):
    path = tmp_path / "a.yml"
    path.write_text("a")
    os.utime(path, (1_600_000_000, 1_600_000_000))
    assert last_changed(tmp_path, [path]) == {
        path: dt.datetime.fromtimestamp(1_600_000_000, dt.UTC)
    }


_SEGMENT = st.sampled_from(
    ["records", "authors", "a", "b.html", "x.bib", "index.html", ".", "..", ""]
)
_SITE_PATH = st.lists(_SEGMENT, min_size=1, max_size=4).map("/".join).filter(bool)


@settings(max_examples=1000, deadline=None)
@given(_SITE_PATH, _SITE_PATH)
def test_relative_links_are_what_relpath_gives(target, from_path):
    """Site.link computes the folders' part of a relative link once per pair of folders: it
    must be the link posixpath.relpath makes."""
    expected = posixpath.relpath(target, posixpath.dirname(from_path) or ".")
    assert Site().link(target, from_path) == expected
