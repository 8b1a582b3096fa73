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
    assert [str(p) for p in entry.persons["author"]] == ["Petrillo, Madeline", "Bradley, Alexandria"]
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
