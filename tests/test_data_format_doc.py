"""docs/reference/data-format.md lists every field of every data file's schema, says which are
required, and gives an example; a field added to a schema fails here until it is documented."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT
from research.schema import SCHEMA_NAMES

PAGE = ROOT / "docs" / "reference" / "data-format.md"
SECTIONS = {
    "record": "data/records/&lt;id&gt;.yml",
    "people": "data/people.yml",
    "organisations": "data/organisations.yml",
    "series": "data/series.yml",
    "licences": "data/licences.yml",
}


def _fields(schema: dict, prefix: str = ""):
    """(dotted path, required) for every property, nested objects included."""
    for name, node in schema.get("properties", {}).items():
        yield prefix + name, name in schema.get("required", [])
        if node.get("type") == "object":
            yield from _fields(node, f"{prefix}{name}.")


def _schema_fields(name: str) -> list[tuple[str, bool]]:
    schema = json.loads((ROOT / "data" / "schema" / f"{name}.schema.json").read_text("utf-8"))
    entry = (
        schema["additionalProperties"]
        if isinstance(schema.get("additionalProperties"), dict)
        else schema
    )
    return list(_fields(entry))


def _rows(name: str) -> dict[str, list[str]]:
    """The section's table: field -> its cells."""
    text = PAGE.read_text(encoding="utf-8")
    heading = f"## {SECTIONS[name]}\n"
    assert heading in text, f"no section {heading.strip()!r}"
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if cells and re.fullmatch(r"`[a-z_.]+`", cells[0]):
            rows[cells[0].strip("`")] = cells
    return rows


def test_every_schema_has_a_section():
    assert set(SCHEMA_NAMES) == set(SECTIONS)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_field_is_documented_with_required_and_example(name):
    rows = _rows(name)
    fields = _schema_fields(name)
    missing = [field for field, _ in fields if field not in rows]
    assert not missing, f"document these {name} fields in {PAGE.relative_to(ROOT)}: {missing}"
    unknown = sorted(set(rows) - {field for field, _ in fields})
    assert not unknown, f"documented but not in the schema: {unknown}"
    for field, required in fields:
        field_cell, required_cell, about, example = rows[field]
        if required:
            assert required_cell.startswith("yes"), f"{field} is required"
        else:
            assert not required_cell.startswith("yes"), f"{field} is optional"
        assert about, f"{field}: say what it holds"
        is_group = any(other.startswith(f"{field}.") for other, _ in fields)
        assert example or is_group, f"{field}: give an example"


def test_the_page_is_in_the_navigation():
    assert "reference/data-format.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
