"""An author may be an organisation (a corporate author): a `literal` name in data/people.yml,
loaded as a Person that citation formats never split into given and family names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from exports_data import AWKWARD, record
from research.load import load_collection
from research.problems import DataError


def test_corporate_author_loads_with_its_literal_name():
    corporate = record("awkward-report").authors[-1]
    assert corporate.is_organisation
    assert corporate.literal == "Centre for Trauma & Justice Research"
    assert corporate.display_name == corporate.sort_name == corporate.literal
    assert (corporate.given, corporate.family) == (None, None)


def _fixture_copy(tmp_path: Path, people: str) -> Path:
    project = tmp_path / "awkward"
    shutil.copytree(AWKWARD, project)
    (project / "data" / "people.yml").write_text(people, encoding="utf-8")
    return project


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "  literal: Centre\n  given: Jan\n",
            "data/people.yml:13: centre-for-trauma-research.given: an author with a `literal` "
            "(organisation) name has no personal-name fields",
        ),
        (
            "  given: Jan\n",
            "data/people.yml:11: centre-for-trauma-research.family: required field is missing",
        ),
    ],
)
def test_a_person_is_either_named_or_literal(tmp_path, entry, message):
    text = (AWKWARD / "data" / "people.yml").read_text(encoding="utf-8")
    start = text.index("centre-for-trauma-research:")
    end = text.index("olga-ivanova:")
    broken = text[:start] + "centre-for-trauma-research:\n" + entry + text[end:]
    project = _fixture_copy(tmp_path, broken)
    with pytest.raises(DataError) as error:
        load_collection(project)
    assert message in str(error.value)
