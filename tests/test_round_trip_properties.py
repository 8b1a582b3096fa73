"""Property tests: titles and names drawn from arbitrary Unicode text come back unchanged from
BibTeX (through pybtex, then pylatexenc for the LaTeX) and from RIS (through rispy).

Text is drawn without control characters, surrogates and line/paragraph separators, with
whitespace runs collapsed to one space: every one of these formats is whitespace-insensitive, so
that is what the record's text means in them."""

from __future__ import annotations

import dataclasses

import rispy
from exports_data import latex_text, record
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string
from research.formats import bibtex, ris
from research.formats.latex import braces_pair_up
from research.model import Person

TEXT = (
    st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1)
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)


BASE = record("awkward-report")


def with_text(title: str, given_name: str, family: str, corporate: str):
    people = (
        Person(key="a", given=given_name, family=family),
        Person(key="b", literal=corporate),
    )
    return dataclasses.replace(BASE, title=title, authors=people)


@settings(max_examples=300, deadline=None)
# BibTeX counts braces even when LaTeX escapes them (\{): it cannot carry a value with
# unbalanced braces, so those are left out here (the writer spells them by name instead).
@given(*[TEXT.filter(braces_pair_up)] * 4)
@example(
    "a -- b --- c `` d '' e ,, f !` g ?` h << i >>", "Anne and Marie", "de la Cruz, Jr", "A and B"
)
@example('100% & $5 #1 _ {x} ~ ^ \\ " < >', "Ölaf", "van", "{Centre}")
def test_bibtex_round_trip_loses_nothing(title, given_name, family, corporate):
    item = with_text(title, given_name, family, corporate)
    entry = parse_string(bibtex.render(item), "bibtex").entries[item.id]
    assert latex_text(entry.fields["title"]) == title
    first, second = entry.persons["author"]
    assert latex_text(" ".join(first.first_names + first.middle_names)) == given_name
    assert latex_text(" ".join(first.prelast_names + first.last_names)) == family
    assert latex_text(" ".join(second.last_names)) == corporate
    assert not second.first_names


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, TEXT)
@example("ER - TY - x", "AU - y", "%0 z")
def test_ris_round_trip_loses_nothing(title, given_name, family):
    item = with_text(title, given_name, family, "Corporate")
    (entry,) = rispy.loads(ris.render(item), mapping=ris.MAPPING)
    assert entry["title"] == title
    assert entry["authors"][0] == f"{family}, {given_name}"
