"""Each export read back by a parser this project did not write gives the record's title,
authors in order, date, institution and type."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
import xmlschema
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc.source.json import CiteProcJSON
from exports_data import RECORD_IDS, latex_text, record
from lxml import etree
from pybtex.database import parse_string
from research.exports import export
from research.formats import ris

SCHEMAS = Path(__file__).resolve().parent / "schemas"


def expected_names(item) -> list:
    """Each author as a format that keeps name parts apart gives it back: a corporate author's
    one name, or (given, family with its particle)."""
    return [
        p.literal
        if p.is_organisation
        else (p.given, " ".join(filter(None, (p.particle, p.family))))
        for p in item.authors
    ]


DC = "{http://purl.org/dc/elements/1.1/}"
MODS = "{http://www.loc.gov/mods/v3}"


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_bibtex_through_pybtex(record_id):
    item = record(record_id)
    entry = parse_string(export("bibtex").render(item), "bibtex").entries[item.id]
    assert entry.type == ("article" if item.type == "article" else "techreport")
    assert latex_text(entry.fields["title"]) == item.title
    names = []
    for person in entry.persons["author"]:
        first = latex_text(" ".join(person.first_names + person.middle_names))
        last = latex_text(" ".join(person.prelast_names + person.last_names))
        names.append(last if not first else (first, last))
    assert names == expected_names(item)
    assert entry.fields["year"] == str(item.published.year)
    field = "publisher" if item.type == "article" else "institution"
    if item.publisher:
        assert latex_text(entry.fields[field]) == item.publisher.name
    if item.type == "report":
        assert latex_text(entry.fields["type"]) == item.report_type
        if item.series_number:
            assert latex_text(entry.fields["number"]) == item.series_number


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_bibtex_through_bibtexparser(record_id):
    item = record(record_id)
    library = bibtexparser.parse_string(
        export("bibtex").render(item), append_middleware=[LatexDecodingMiddleware()]
    )
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.key == item.id
    assert entry.entry_type == ("article" if item.type == "article" else "techreport")
    # bibtexparser decodes \textasciicircum{} as U+02C6 (a known difference between parsers)
    assert entry["title"].replace("\u02c6", "^") == item.title
    assert entry["year"] == str(item.published.year)
    field = "publisher" if item.type == "article" else "institution"
    if item.publisher:
        assert entry[field] == item.publisher.name
    authors = entry["author"]
    assert authors.split(" and ")[0].startswith(item.authors[0].sort_name.split(",")[0])


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_ris_through_rispy(record_id):
    item = record(record_id)
    (entry,) = rispy.loads(export("ris").render(item))
    assert entry["type_of_reference"] == ("JOUR" if item.type == "article" else "RPRT")
    assert entry["title"] == item.title
    assert entry["authors"] == [p.sort_name for p in item.authors]
    assert entry["date"].split("/")[:3] == [
        f"{part:02d}" if part else ""
        for part in (item.published.year, item.published.month, item.published.day)
    ]
    assert entry.get("publisher") == (item.publisher.name if item.publisher else None)
    if item.type == "report":
        # Zotero reads a report's number from SN
        (with_mapping,) = rispy.loads(export("ris").render(item), mapping=ris.MAPPING)
        assert with_mapping.get("serial_number") == item.series_number
        assert with_mapping.get("tertiary_title") == (item.series.title if item.series else None)


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_csl_json_through_citeproc(record_id):
    item = record(record_id)
    source = CiteProcJSON(json.loads(export("csl-json").render(item)))
    reference = source[item.id]
    assert str(reference.title) == item.title
    assert str(reference.type) == ("article-journal" if item.type == "article" else "report")
    names = []
    for name in reference.author:
        names.append(
            str(name.literal) if "literal" in name else (str(name.given), str(name.family))
        )
    assert names == [p.literal if p.is_organisation else (p.given, p.family) for p in item.authors]
    assert reference.issued.year == item.published.year
    assert reference.issued.get("month") == item.published.month
    if item.publisher:
        assert str(reference.publisher) == item.publisher.name


@pytest.fixture(scope="module")
def oai_dc_schema():
    return xmlschema.XMLSchema(str(SCHEMAS / "oai_dc.xsd"))


@pytest.fixture(scope="module")
def mods_schema():
    return xmlschema.XMLSchema(str(SCHEMAS / "mods-3-6.xsd"))


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_dublin_core_is_valid_oai_dc(oai_dc_schema, record_id):
    item = record(record_id)
    text = export("dublin-core").render(item)
    oai_dc_schema.validate(text)
    root = etree.fromstring(text.encode("utf-8"))
    assert root.findtext(f"{DC}title") == item.title
    assert [e.text for e in root.findall(f"{DC}creator")] == [p.sort_name for p in item.authors]
    assert root.findtext(f"{DC}date") == item.published.isoformat()
    assert root.findtext(f"{DC}publisher") == (item.publisher.name if item.publisher else None)
    assert [e.text for e in root.findall(f"{DC}type")] == [
        "Text",
        "Article" if item.type == "article" else "Report",
    ]


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_mods_is_valid_mods(mods_schema, record_id):
    item = record(record_id)
    text = export("mods").render(item)
    mods_schema.validate(text)
    root = etree.fromstring(text.encode("utf-8"))
    assert root.findtext(f"{MODS}titleInfo/{MODS}title") == item.title
    names = []
    for name in root.findall(f"{MODS}name"):
        parts = {part.get("type"): part.text for part in name.findall(f"{MODS}namePart")}
        names.append(
            parts[None] if name.get("type") == "corporate" else (parts["given"], parts["family"])
        )
    assert names == expected_names(item)
    assert root.findtext(f"{MODS}originInfo/{MODS}dateIssued") == item.published.isoformat()
    assert root.findtext(f"{MODS}originInfo/{MODS}publisher") == (
        item.publisher.name if item.publisher else None
    )
    assert root.findtext(f"{MODS}genre") == ("article" if item.type == "article" else "report")
    if item.series_number:
        series = root.find(f"{MODS}relatedItem[@type='series']/{MODS}titleInfo")
        assert series.findtext(f"{MODS}partNumber") == item.series_number


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_json_ld(record_id):
    item = record(record_id)
    data = json.loads(export("json-ld").render(item))
    assert data["@type"] == ("ScholarlyArticle" if item.type == "article" else "Report")
    assert data["name"] == item.title
    assert [a["name"] for a in data["author"]] == [p.display_name for p in item.authors]
    assert data["datePublished"] == item.published.isoformat()
    if item.publisher:
        assert data["publisher"]["name"] == item.publisher.name


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_endnote_tags(record_id):
    item = record(record_id)
    lines = export("endnote").render(item).splitlines()
    tags = [(line[:2], line[3:]) for line in lines]
    assert tags[0] == ("%0", "Journal Article" if item.type == "article" else "Report")
    assert ("%T", item.title) in tags
    assert [v for t, v in tags if t == "%A"] == [p.sort_name for p in item.authors]
    if item.publisher:
        assert ("%I", item.publisher.name) in tags
    if item.type == "report" and item.series_number:
        assert ("%N", item.series_number) in tags


@pytest.mark.parametrize("record_id", RECORD_IDS)
def test_html_references_say_what_the_text_ones_say(record_id):
    """The HTML form of each style escapes every value: its text is the plain-text reference."""
    from lxml import html
    from research.references import STYLES, render_html, render_text

    item = record(record_id)
    for style in STYLES:
        fragment = html.fragment_fromstring(render_html(style.key, item), create_parent="p")
        assert fragment.text_content() == render_text(style.key, item), style.key
