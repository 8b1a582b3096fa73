"""docs/reference/exports.md shows the registries as they are: its tables are written from
EXPORTS and STYLES (with --update-golden) and compared with them."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from research.registry_doc import exports_table, styles_table

PAGE = ROOT / "docs" / "reference" / "exports.md"


@pytest.mark.parametrize("name, table", [("exports", exports_table), ("styles", styles_table)])
def test_docs_table_matches_registry(request, name, table):
    text = PAGE.read_text(encoding="utf-8")
    pattern = re.compile(
        rf"(<!-- {name}-table:start -->\n)(.*?)(<!-- {name}-table:end -->)", re.DOTALL
    )
    match = pattern.search(text)
    assert match, f"{PAGE.name} has no {name}-table markers"
    if request.config.getoption("--update-golden"):
        PAGE.write_text(pattern.sub(lambda m: m[1] + table() + m[3], text), encoding="utf-8")
        return
    assert match[2] == table(), f"{PAGE.name}: the {name} table is out of date (--update-golden)"


def test_docs_page_is_built_and_lists_every_format(built_site):
    from lxml import html

    from research.exports import EXPORTS

    tree = html.parse(str(built_site / "reference" / "exports.html")).getroot()
    keys = tree.xpath("//table[1]//tbody/tr/td[1]//code/text()")
    assert keys == [fmt.key for fmt in EXPORTS]
