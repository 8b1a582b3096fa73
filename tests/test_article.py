"""The second record, a journal article known only to its year: its model, its page and its
exports say what is known (journal, issue, pages, ISSN, DOI) and invent nothing (no day, month or
publisher)."""

from __future__ import annotations

import bibtexparser
import lxml.html
import pytest
from conftest import ARTICLE_ID, ROOT, copy_project
from pybtex.database import parse_string
from research.load import load_collection
from research.model import PublicationDate
from research.problems import DataError

DOI = "10.54006/ACIY1627"
ARTICLE_FILE = f"data/records/{ARTICLE_ID}.yml"


def test_the_article_loads_with_a_year_only_date_and_no_publisher():
    article = load_collection(ROOT).get(ARTICLE_ID)
    assert article.type == "article"
    assert [p.display_name for p in article.authors] == ["Alexandria Bradley", "Madeline Petrillo"]
    assert article.authors[1].orcid == "0000-0003-2819-1366"
    assert article.published == PublicationDate(2022)
    assert article.publisher is None
    journal = article.journal
    assert (journal.title, journal.issue, journal.pages, journal.issn) == (
        "Probation Quarterly",
        "24",
        "9-13",
        "2752-6933",
    )
    assert journal.volume is None
    assert article.doi == DOI
    assert article.licence.name == "Creative Commons Attribution (CC BY)"
    assert article.keywords == (
        "trauma informed practice",
        "probation",
        "rehabilitation",
        "organisational development",
        "trauma",
    )
    assert article.subjects == ()  # the site assigns none: it has no text of the article to go on
    assert article.related == ("working-with-trauma-in-adult-probation",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022", PublicationDate(2022)),
        ("2022-03", PublicationDate(2022, 3)),
        ("2022-03-18", PublicationDate(2022, 3, 18)),
    ],
)
def test_publication_dates_keep_their_precision(text, expected):
    date = PublicationDate.parse(text)
    assert date == expected
    assert date.isoformat() == text


@pytest.mark.parametrize(
    ("date", "long"),
    [
        (PublicationDate(2022), "2022"),
        (PublicationDate(2022, 3), "March 2022"),
        (PublicationDate(2022, 3, 18), "18 March 2022"),
    ],
)
def test_publication_dates_print_only_what_is_known(date, long):
    assert date.long() == long


@pytest.mark.parametrize("text", ["2022-13", "2022-00", "2022-02-30", "22", "2022-3"])
def test_impossible_or_malformed_dates_are_refused(project_copy, text):
    path = project_copy / ARTICLE_FILE
    path.write_text(path.read_text().replace('published: "2022"', f'published: "{text}"'))
    with pytest.raises(DataError) as caught:
        load_collection(project_copy)
    (problem,) = caught.value.problems
    assert (problem.path, problem.field) == (ARTICLE_FILE, "published")


def test_a_report_needs_a_publisher(tmp_path):
    project = copy_project(tmp_path / "p")
    path = project / "data/records/working-with-trauma-in-adult-probation.yml"
    path.write_text(path.read_text().replace("publisher: hm-inspectorate-of-probation\n", ""))
    with pytest.raises(DataError) as caught:
        load_collection(project)
    assert [str(p).split(":", 2)[-1].strip() for p in caught.value.problems] == [
        "publisher: required field is missing"
    ]


@pytest.fixture(scope="module")
def article_page(built_site):
    tree = lxml.html.parse(str(built_site / "records" / f"{ARTICLE_ID}.html")).getroot()
    return tree, " ".join(tree.xpath("//article")[0].text_content().split())


def test_the_article_page_shows_journal_details_and_only_the_year(article_page):
    tree, text = article_page
    assert tree.xpath("string(//p[@class='record-kind'])") == "Journal article"
    assert tree.xpath("string(//article//h1)").startswith(
        "Embedding trauma-informed approaches in adult probation"
    )
    assert [t.get("datetime") for t in tree.xpath("//dl[@class='record-publication']//time")] == [
        "2022"
    ]
    facts = {
        " ".join(div.xpath("string(dt)").split()): " ".join(div.xpath("string(dd)").split())
        for div in tree.xpath("//dl[@class='record-publication']/div")
    }
    assert facts == {"Published": "2022", "Published in": "Probation Quarterly, issue 24, pp. 9–13"}
    rows = {
        " ".join(tr.xpath("string(th)").split()): " ".join(tr.xpath("string(td)").split())
        for tr in tree.xpath("//table[contains(@class, 'record-details')]//tr")
    }
    assert rows["ISSN"] == "2752-6933"
    assert rows["DOI"] == DOI
    assert rows["Item Type"] == "Article"
    assert "Publisher" not in rows  # not recorded, so not shown
    assert "Full text" not in text


def test_the_article_page_links_to_the_abstract_at_the_doi_instead_of_copying_it(article_page):
    tree, text = article_page
    assert "The abstract of this article is not reproduced on this site." in text
    abstract_links = tree.xpath("//h2[@id='abstract']/following-sibling::p[1]//a/@href")
    assert abstract_links == [f"https://doi.org/{DOI}"]


def test_the_article_exports_as_an_article_with_its_doi_and_journal(built_site):
    text = (built_site / "records" / f"{ARTICLE_ID}.bib").read_text(encoding="utf-8")

    entry = parse_string(text, "bibtex").entries[ARTICLE_ID]
    assert entry.type == "article"
    assert [str(p) for p in entry.persons["author"]] == [
        "Bradley, Alexandria",
        "Petrillo, Madeline",
    ]
    fields = dict(entry.fields)
    assert fields["journal"] == "Probation Quarterly"
    assert fields["number"] == "24"
    assert fields["pages"] == "9--13"
    assert fields["issn"] == "2752-6933"
    assert fields["doi"] == DOI
    assert fields["year"] == "2022"
    for unknown in ("month", "publisher", "institution", "volume"):
        assert unknown not in fields

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (other,) = library.entries
    assert other.entry_type == "article"
    assert other["journal"] == "Probation Quarterly"
    assert other["doi"] == DOI
    assert "month" not in other.fields_dict


def test_the_whole_collection_bibtex_holds_both_records(built_site):
    from research.exports import export

    text = (built_site / export("bibtex").bulk_file).read_text(encoding="utf-8")
    entries = parse_string(text, "bibtex").entries
    assert {key: entry.type for key, entry in entries.items()} == {
        "working-with-trauma-in-adult-probation": "techreport",
        ARTICLE_ID: "article",
    }
    assert entries[ARTICLE_ID].fields["doi"] == DOI
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert sorted(e.key for e in library.entries) == sorted(entries)
