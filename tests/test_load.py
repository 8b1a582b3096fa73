"""The data loads into the model, and broken data is refused with messages naming file and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import RECORD_ID, ROOT, copy_project
from research.load import load_collection, orcid_checksum_ok
from research.model import PublicationDate
from research.problems import DataError

RECORD_FILE = f"data/records/{RECORD_ID}.yml"


def test_live_data_loads_every_fact():
    record = load_collection(ROOT).get(RECORD_ID)
    assert record.title == "Working with trauma in adult probation"
    assert [p.display_name for p in record.authors] == ["Madeline Petrillo", "Alexandria Bradley"]
    assert [p.affiliation.name for p in record.authors] == [
        "University of Greenwich",
        "Leeds Beckett University",
    ]
    assert [p.orcid for p in record.authors] == ["0000-0003-2819-1366", None]
    assert record.published == PublicationDate(2022, 3, 18)
    assert record.publisher.name == "Her Majesty’s Inspectorate of Probation"
    assert record.series.title == "HM Inspectorate of Probation Research & Analysis Bulletins"
    assert record.series_number is None  # not known: never invented
    assert record.status == "Published"
    assert record.item_type == "Monograph (Project Report)"
    assert record.licence.key == "OGL-UK-3.0"
    assert record.copyright == "© Crown copyright 2022"
    assert record.repository.depositing_user == "Bradley, Alexandria"
    assert record.repository.deposited == dt.datetime(2024, 10, 15, 9, 26)
    assert record.repository.last_modified == dt.datetime(2024, 10, 15, 9, 28)
    assert record.repository.url == "https://eprints.leedsbeckett.ac.uk/id/eprint/8680"
    assert record.repository.full_text == "author's final manuscript"
    assert (record.study.start, record.study.end) == (dt.date(2021, 4, 1), dt.date(2021, 11, 1))


@pytest.mark.parametrize(
    ("orcid", "valid"),
    [
        ("0000-0003-2819-1366", True),
        ("0000-0002-1825-0097", True),  # ORCID's own documented example
        ("0000-0002-1694-233X", True),  # check character X
        ("0000-0003-2819-1367", False),
        ("0000-0002-1694-2330", False),
    ],
)
def test_orcid_checksum(orcid, valid):
    assert orcid_checksum_ok(orcid) is valid


def _break(project: Path, old: str, new: str, file: str = RECORD_FILE) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = [
    pytest.param(
        "title: Working with trauma in adult probation\n",
        "",
        RECORD_FILE,
        f"{RECORD_FILE}:4: title: required field is missing",
        id="missing-title",
    ),
    pytest.param(
        'published: "2022-03-18"',
        'published: "2022-02-30"',
        RECORD_FILE,
        f"{RECORD_FILE}:11: published: '2022-02-30' is not a real calendar date",
        id="impossible-date",
    ),
    pytest.param(
        'published: "2022-03-18"',
        'published: "18/03/2022"',
        RECORD_FILE,
        f"{RECORD_FILE}:11: published: '18/03/2022' is not in the expected form: "
        "Publication date as precisely as it is known: YYYY-MM-DD, YYYY-MM or YYYY",
        id="non-iso-date",
    ),
    pytest.param(
        "orcid: 0000-0003-2819-1366",
        "orcid: 0000-0003-2819-1367",
        "data/people.yml",
        "data/people.yml:8: madeline-petrillo.orcid: '0000-0003-2819-1367' fails the ORCID "
        "check digit",
        id="orcid-check-digit",
    ),
    pytest.param(
        "status: Published",
        "status: Published\nstatsu: Published",
        RECORD_FILE,
        f"{RECORD_FILE}:16: statsu: unknown field (did you mean 'status'?)",
        id="unknown-key",
    ),
    pytest.param(
        "licence: OGL-UK-3.0",
        "licence: OGL-2",
        RECORD_FILE,
        f"{RECORD_FILE}:17: licence: 'OGL-2' is not defined in data/licences.yml "
        "(known: CC-BY, OGL-UK-3.0)",
        id="unknown-licence",
    ),
]


@pytest.mark.parametrize(("old", "new", "file", "message"), BROKEN)
def test_broken_data_is_refused_naming_file_and_field(project_copy, old, new, file, message):
    _break(project_copy, old, new, file)
    with pytest.raises(DataError) as caught:
        load_collection(project_copy)
    assert message in [str(problem) for problem in caught.value.problems]


def test_all_problems_are_reported_together(project_copy):
    _break(project_copy, 'published: "2022-03-18"', 'published: "2022-13-01"')
    _break(
        project_copy, "orcid: 0000-0003-2819-1366", "orcid: 0000-0003-2819-136", "data/people.yml"
    )
    with pytest.raises(DataError) as caught:
        load_collection(project_copy)
    fields = sorted(p.field for p in caught.value.problems)
    assert fields == ["madeline-petrillo.orcid", "published"]


def test_markup_in_a_title_is_refused(tmp_path):
    project = copy_project(tmp_path / "p")
    _break(project, "title: Working with trauma", "title: Working with <i>trauma</i>")
    with pytest.raises(DataError, match=r"title: contains markup"):
        load_collection(project)
