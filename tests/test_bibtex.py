"""The downloadable .bib file parses with pybtex and with bibtexparser to the same facts."""

from __future__ import annotations

import bibtexparser
from conftest import RECORD_ID
from pybtex.database import parse_string


def test_bib_file_round_trips_through_two_parsers(built_site):
    text = (built_site / "records" / f"{RECORD_ID}.bib").read_text(encoding="utf-8")

    entry = parse_string(text, "bibtex").entries[RECORD_ID]
    assert entry.type == "techreport"
    assert str(entry.fields["title"]) == "Working with trauma in adult probation"
    assert [str(p) for p in entry.persons["author"]] == [
        "Petrillo, Madeline",
        "Bradley, Alexandria",
    ]
    assert entry.fields["year"] == "2022"
    assert entry.fields["month"] == "March"
    assert entry.fields["institution"] == "Her Majesty’s Inspectorate of Probation"

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (other,) = library.entries
    assert other.entry_type == "techreport"
    assert other.key == RECORD_ID
    assert other["title"] == "Working with trauma in adult probation"
    assert other["author"] == "Petrillo, Madeline and Bradley, Alexandria"
    assert other["year"] == "2022"
    assert other["month"] == "March"
    assert other["institution"] == "Her Majesty’s Inspectorate of Probation"


def test_a_line_break_before_an_at_sign_does_not_start_an_entry():
    """BibTeX reads a line break as a space; written as it is, "\\n@" in a name or title would
    start a new entry for bibtexparser (found by the property test in test_markup_stays_text)."""
    import dataclasses

    from exports_data import record
    from research.formats import bibtex
    from research.model import Person

    item = dataclasses.replace(
        record("awkward-report"),
        title="A title\n@with a line break",
        authors=(Person(key="a", given="Ann", family='Family\n@"'),),
    )
    text = bibtex.render(item)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry["title"] == "A title @with a line break"
    assert parse_string(text, "bibtex").entries[item.id].fields["title"] == entry["title"]
