"""docs/reference/exports.md shows the registries as they are: its lists are written from
EXPORTS and STYLES (with --update-golden) and compared with them."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from research.registry_doc import exports_list, styles_list

PAGE = ROOT / "docs" / "reference" / "exports.md"


@pytest.mark.parametrize("name, table", [("exports", exports_list), ("styles", styles_list)])
def test_docs_table_matches_registry(request, name, table):
    text = PAGE.read_text(encoding="utf-8")
    pattern = re.compile(
        rf"(<!-- {name}-list:start -->\n)(.*?)(<!-- {name}-list:end -->)", re.DOTALL
    )
    match = pattern.search(text)
    assert match, f"{PAGE.name} has no {name}-list markers"
    if request.config.getoption("--update-golden"):
        PAGE.write_text(pattern.sub(lambda m: m[1] + table() + m[3], text), encoding="utf-8")
        return
    assert match[2] == table(), f"{PAGE.name}: the {name} list is out of date (--update-golden)"


def test_docs_page_is_built_and_lists_every_format(built_site):
    from lxml import html
    from research.exports import EXPORTS

    tree = html.parse(str(built_site / "reference" / "exports.html")).getroot()
    (formats,) = tree.xpath("//h2[@id='export-formats']/following-sibling::ul[1]")
    keys = [item.xpath("string(code[1])") for item in formats.xpath("li")]
    assert keys == [fmt.key for fmt in EXPORTS]
