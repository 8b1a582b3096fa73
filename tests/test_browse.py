"""Author, subject, series and year pages list exactly the records that name them, and every record
page links to its own. The expectations are read from the YAML files and the built HTML, not from
the index the build uses, so a wrong index cannot agree with itself."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import ARTICLE_ID, RECORD_ID, ROOT, build_site
from synthetic_records import make_project


def _tree(site: Path, url: str):
    return lxml.html.parse(str(site / url)).getroot()


def _resolve(page_url: str, href: str) -> str:
    """A relative link on `page_url`, as a site-relative path without its fragment."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_url), href.split("#")[0]))


def _records(project: Path) -> dict[str, dict]:
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((project / "data" / "records").glob("*.yml"))
    }


def _listed(site: Path, url: str) -> list[str]:
    """The record ids a listing page links to, in order."""
    hrefs = _tree(site, url).xpath(
        "//ul[@class='record-list']//a[@class='record-list__title']/@href"
    )
    return [posixpath.basename(_resolve(url, href)).removesuffix(".html") for href in hrefs]


def _date_key(published: str) -> tuple[int, ...]:
    return tuple(int(part) for part in published.split("-")) + (0,) * (3 - published.count("-") - 1)


def check_browse_pages(project: Path, site: Path) -> dict[str, int]:
    records = _records(project)
    people = yaml.safe_load((project / "data" / "people.yml").read_text(encoding="utf-8"))

    expected_by_author: dict[str, set[str]] = defaultdict(set)
    expected_by_series: dict[str, set[str]] = defaultdict(set)
    expected_by_year: dict[str, set[str]] = defaultdict(set)
    naming_subject_page: dict[str, set[str]] = defaultdict(set)  # page -> records linking to it
    terms_of_page: dict[str, set[str]] = defaultdict(set)

    for record_id, data in records.items():
        page = f"records/{record_id}.html"
        tree = _tree(site, page)
        for key in data["authors"]:
            expected_by_author[key].add(record_id)
        if "series" in data:
            expected_by_series[data["series"]].add(record_id)
        expected_by_year[data["published"][:4]].add(record_id)

        # Every record links to each of its authors' pages, in byline order, under their names.
        author_links = tree.xpath("//ul[@class='record-authors']//a[@class='record-author__name']")
        assert [_resolve(page, a.get("href")) for a in author_links] == [
            f"authors/{key}.html" for key in data["authors"]
        ], record_id
        for link, key in zip(author_links, data["authors"], strict=True):
            person = people[key]
            assert link.text_content() == f"{person['given']} {person['family']}"

        # ...and to a subject page for each keyword and each site subject, named as written.
        for list_class, terms in (
            ("subjects", data.get("subjects", [])),
            ("keywords", data.get("keywords", [])),
        ):
            heading = tree.xpath(f"//h3[@id='{list_class}']/following-sibling::ul[1]//a")
            assert [a.text_content() for a in heading] == terms, (record_id, list_class)
            for link, term in zip(heading, terms, strict=True):
                target = _resolve(page, link.get("href"))
                assert target.startswith("subjects/") and (site / target).is_file(), target
                naming_subject_page[target].add(record_id)
                terms_of_page[target].add(term)

        if "series" in data:
            series_links = tree.xpath("//dl[@class='record-publication']//a/@href")
            assert f"series/{data['series']}.html" in [_resolve(page, h) for h in series_links]

    def assert_newest_first(url: str, listed: list[str]) -> None:
        keys = [_date_key(records[r]["published"]) for r in listed]
        assert keys == sorted(keys, reverse=True), url

    for key, expected in expected_by_author.items():
        url = f"authors/{key}.html"
        listed = _listed(site, url)
        assert sorted(listed) == sorted(expected), url
        assert_newest_first(url, listed)
        tree = _tree(site, url)
        assert tree.xpath("string(//h1)") == f"{people[key]['given']} {people[key]['family']}"
        if people[key].get("orcid"):
            assert tree.xpath(f"//a[@href='https://orcid.org/{people[key]['orcid']}']"), url
    # No author page for anyone without a record, and none missing.
    author_pages = {p.name for p in (site / "authors").glob("*.html")} - {"index.html"}
    assert author_pages == {f"{key}.html" for key in expected_by_author}

    for url, expected in naming_subject_page.items():
        listed = _listed(site, url)
        assert sorted(listed) == sorted(expected), url
        assert_newest_first(url, listed)
        title = _tree(site, url).xpath("string(//h1)")
        assert title in terms_of_page[url], (url, title)
    subject_pages = {f"subjects/{p.name}" for p in (site / "subjects").glob("*.html")}
    assert subject_pages - {"subjects/index.html"} == set(naming_subject_page)

    for key, expected in expected_by_series.items():
        assert sorted(_listed(site, f"series/{key}.html")) == sorted(expected)

    years = _tree(site, "years/index.html")
    for year, expected in expected_by_year.items():
        section = years.xpath(f"//h2[@id='year-{year}']/following-sibling::ul[1]//a/@href")
        assert sorted(posixpath.basename(h).removesuffix(".html") for h in section) == sorted(
            expected
        )
    assert len(_listed(site, "years/index.html")) == len(records)

    return {
        "records": len(records),
        "authors": len(expected_by_author),
        "subjects": len(naming_subject_page),
    }


def test_browse_pages_of_the_real_site_list_exactly_their_records(built_site):
    counts = check_browse_pages(ROOT, built_site)
    assert counts["records"] == 2
    assert counts["authors"] == 2


def test_shared_subjects_are_one_page_and_say_how_each_record_names_them(built_site):
    """The article's keyword 'probation' and the bulletin's site subject 'Probation' are one page,
    and the page says which is the authors' keyword and which the site's subject."""
    tree = _tree(built_site, "subjects/probation.html")
    assert tree.xpath("string(//h1)") == "Probation"
    notes = {
        posixpath.basename(li.xpath("string(a/@href)")).removesuffix(".html"): li.xpath(
            "string(span[@class='record-list__note'])"
        )
        for li in tree.xpath("//li[@class='record-list__item']")
    }
    assert notes == {
        RECORD_ID: "Listed as: a subject assigned by this site",
        ARTICLE_ID: "Listed as: the authors' keyword",
    }


def test_records_cross_link_as_related(built_site):
    for this, other in ((RECORD_ID, ARTICLE_ID), (ARTICLE_ID, RECORD_ID)):
        tree = _tree(built_site, f"records/{this}.html")
        related = tree.xpath("//h3[@id='related']/following-sibling::ul[1]//a/@href")
        assert related == [f"{other}.html"]


def test_home_shows_newest_records_and_every_way_to_browse(built_site):
    tree = _tree(built_site, "index.html")
    browse = tree.xpath("//h2[@id='browse']/following-sibling::ul[1]//a")
    assert {a.text_content(): a.get("href") for a in browse} == {
        "By year": "years/index.html",
        "By author": "authors/index.html",
        "By subject": "subjects/index.html",
        "By series": "series/index.html",
    }
    for a in browse:
        assert (built_site / a.get("href")).is_file()


def test_listing_pages_stay_out_of_the_navigation_and_search(built_site):
    """A navigation that grows with the records makes the build quadratic; listing pages repeat
    what record pages already put in the search index."""
    index = (built_site / "index.html").read_text(encoding="utf-8")
    assert "authors/madeline-petrillo.html" not in index
    search = (built_site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert "authors/madeline-petrillo.html" not in search
    assert f"records/{ARTICLE_ID}.html" in search


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory):
    project = make_project(
        tmp_path_factory.mktemp("synthetic") / "project", 200, keep_real_records=True
    )
    build = build_site(project.root, project.root / "site")
    assert build.returncode == 0, build.output
    return project


def test_two_hundred_synthetic_records_get_the_right_author_and_subject_pages(synthetic_site):
    counts = check_browse_pages(synthetic_site.root, synthetic_site.root / "site")
    assert counts["records"] == 202
    # Enough variety that the check means something: shared authors and shared subjects.
    assert counts["authors"] > 20 and counts["subjects"] > 50
    site = synthetic_site.root / "site"
    busiest = max(
        (site / "authors").glob("synthetic-person-*.html"),
        key=lambda p: len(_listed(site, f"authors/{p.name}")),
    )
    assert len(_listed(site, f"authors/{busiest.name}")) > 5


def test_search_holds_each_records_own_text_not_the_shared_reference_sections(built_site):
    """The metadata table, citations and licence are on the page but not in the search index,
    which every reader who searches downloads whole."""
    import json

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(
        doc["title"] + " " + doc["text"]
        for doc in index["docs"]
        if doc["location"].startswith(f"records/{RECORD_ID}.html")
    )
    for own in ("vicarious trauma", "Petrillo", "Staff wellbeing"):
        assert own in text
    page = (built_site / "records" / f"{RECORD_ID}.html").read_text(encoding="utf-8")
    for shared in ("Depositing User", "@techreport", "Open Government Licence", "Related records"):
        assert shared in page
        assert shared not in text
    assert "research:" not in page  # every placeholder was filled
