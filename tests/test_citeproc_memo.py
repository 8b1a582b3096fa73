"""citeproc-py's macro, term and "prints a variable" answers are remembered per style (see
research/references.py): remembering them changes no reference, only how long it takes."""

from __future__ import annotations

import pytest
from citeproc.model import CitationStylesElement, Locale, Macro
from conftest import FIXTURES, ROOT
from research import references
from research.load import load_collection
from synthetic_records import make_project


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("memo") / "project", 12, keep_real_records=True)
    return [
        *load_collection(project.root),
        *load_collection(FIXTURES / "awkward"),
        *load_collection(ROOT),
    ]


def _render_all(records) -> list[str]:
    render = references._render_html.__wrapped__  # past the per-record cache
    return [render(style.key, record) for record in records for style in references.STYLES]


def test_remembered_lookups_render_what_citeproc_renders(records, monkeypatch):
    remembered = _render_all(records)
    monkeypatch.setattr(CitationStylesElement, "get_macro", references._citeproc_get_macro)
    monkeypatch.setattr(Locale, "get_term", references._citeproc_get_term)
    monkeypatch.setattr(Macro, "calls_variable", references._citeproc_calls_variable)
    assert _render_all(records) == remembered


@pytest.mark.parametrize("style", references.STYLES, ids=lambda style: style.key)
def test_each_macro_and_term_is_the_element_citeproc_finds(style):
    root = references._csl(style.key).root
    for macro in root.findall("cs:macro", root.nsmap):
        name = macro.get("name")
        found = root.get_macro(name)
        assert found is root.get_macro(name)  # remembered
        assert found == references._citeproc_get_macro(root, name)
        assert found.calls_variable() == references._citeproc_calls_variable(found)
    for locale in root.locales:
        for term in locale.iterfind("cs:terms/cs:term", locale.nsmap):
            name, form = term.get("name"), term.get("form")
            try:
                expected = references._citeproc_get_term(locale, name, form)
            except IndexError:
                expected = None
            try:
                found = locale.get_term(name, form)
            except IndexError:
                found = None
            assert found == expected
    with pytest.raises(IndexError):
        root.locales[0].get_term("no-such-term")
    with pytest.raises(IndexError):  # a missing term is remembered as missing
        root.locales[0].get_term("no-such-term")
