"""Per-record renderings: the cache returns exactly what rendering returns, re-renders a record
when anything in it changes and only then, and the worker pool gives the same texts as one
process. Also: listing-page links are the links posixpath would make."""

from __future__ import annotations

import dataclasses
import posixpath

import pytest
from conftest import RECORD_ID, ROOT
from hypothesis import given
from hypothesis import strategies as st
from research import rendering
from research.context import relative_url
from research.exports import EXPORTS, bulk_exports
from research.load import load_collection
from research.references import STYLES, render_text
from research.rendering import (
    POOL_THRESHOLD,
    export_name,
    record_fingerprint,
    reference_name,
    render_collection,
    render_record,
)
from synthetic_records import make_project


@pytest.fixture(autouse=True)
def _no_memory_between_builds(monkeypatch):
    """Each test sees only the disk cache it made, not a previous test's build."""
    monkeypatch.setattr(rendering, "_last_build", {})
    monkeypatch.setattr(rendering, "_last_directory", None)


@pytest.fixture(scope="module")
def records():
    return list(load_collection(ROOT))


def test_every_export_is_rendered_once_per_record(records):
    result, stats = render_collection(records, None)
    assert stats.rendered == len(records) and stats.from_cache == 0
    for record in records:
        assert set(result[record.id]) == {export_name(fmt.key) for fmt in EXPORTS} | {
            reference_name(style.key, form) for style in STYLES for form in ("text", "html")
        } | {rendering.ABSTRACT_TEXT}
        for fmt in EXPORTS:
            assert result[record.id][export_name(fmt.key)] == fmt.render(record)
        for style in STYLES:
            text = result[record.id][reference_name(style.key, "text")]
            assert text == render_text(style.key, record)


def test_a_second_build_renders_nothing_and_returns_the_same_texts(records, tmp_path):
    first, stats = render_collection(records, tmp_path)
    assert stats.rendered == len(records)
    rendering._last_build.clear()  # a new process: only the disk cache is left
    second, stats = render_collection(records, tmp_path)
    assert (stats.rendered, stats.from_cache) == (0, len(records))
    assert second == first


def test_changing_a_record_re_renders_that_record_alone(records, tmp_path):
    render_collection(records, tmp_path)
    changed = [
        dataclasses.replace(r, title=r.title + " (revised)") if r.id == RECORD_ID else r
        for r in records
    ]
    result, stats = render_collection(changed, tmp_path)
    assert (stats.rendered, stats.from_cache) == (1, len(records) - 1)
    assert "(revised)" in result[RECORD_ID][export_name("bibtex")]
    # The rebuild removed the old entry of the changed record (from what it remembered).
    assert len(list(tmp_path.glob("*/*.json"))) == len(records)


def test_a_change_anywhere_in_a_record_changes_its_fingerprint(records):
    record = next(r for r in records if r.id == RECORD_ID)
    person = dataclasses.replace(record.authors[1], given="Alex")
    for changed in (
        dataclasses.replace(record, abstract_markdown=record.abstract_markdown + " "),
        dataclasses.replace(record, authors=(record.authors[0], person)),
        dataclasses.replace(record, published=dataclasses.replace(record.published, day=19)),
    ):
        assert record_fingerprint(changed) != record_fingerprint(record)
    assert record_fingerprint(dataclasses.replace(record)) == record_fingerprint(record)


def test_new_rendering_code_invalidates_every_entry(records, tmp_path, monkeypatch):
    render_collection(records, tmp_path)
    rendering._last_build.clear()
    monkeypatch.setattr(rendering, "renderer_version", lambda: "a different renderer")
    _, stats = render_collection(records, tmp_path)
    assert stats.rendered == len(records)
    # ...and the entries of the old version are pruned, not kept for ever.
    assert len(list(tmp_path.glob("*/*.json"))) == len(records)


def test_a_torn_cache_entry_is_rendered_again(records, tmp_path):
    render_collection(records, tmp_path)
    rendering._last_build.clear()
    for entry in tmp_path.glob("*/*.json"):
        entry.write_text('{"export:bib', encoding="utf-8")
    result, stats = render_collection(records, tmp_path)
    assert stats.rendered == len(records)
    assert result[RECORD_ID] == render_record(next(r for r in records if r.id == RECORD_ID))


def test_two_worker_processes_render_what_one_process_does(tmp_path):
    project = make_project(tmp_path / "project", POOL_THRESHOLD + 6)
    many = list(load_collection(project.root))
    pooled, stats = render_collection(many, None, workers=2)
    assert stats.workers == 2
    serial, stats = render_collection(many, None, workers=1)
    assert stats.workers == 1
    assert pooled == serial


_segment = st.text(alphabet="abcxyz-", min_size=1, max_size=4)
_site_path = st.builds(
    lambda dirs, name: "/".join([*dirs, f"{name}.html"]),
    st.lists(_segment, max_size=3),
    _segment,
)


@given(target=_site_path, page=_site_path)
def test_relative_links_match_posixpath(target, page):
    expected = posixpath.relpath(target, posixpath.dirname(page) or ".")
    assert relative_url(target, page) == expected


def test_every_all_records_file_is_joined_from_the_per_record_files():
    assert bulk_exports() and all(fmt.join for fmt in bulk_exports())


@pytest.mark.parametrize("fmt", bulk_exports(), ids=lambda f: f.key)
def test_joined_records_are_the_all_records_file(fmt, tmp_path):
    """The build joins cached per-record texts into the all-records file; that must be exactly
    what the format's own render_many writes."""
    many = list(load_collection(make_project(tmp_path / "p", 12, keep_real_records=True).root))
    assert fmt.join(fmt.render(record) for record in many) == fmt.render_many(many)


def test_cached_abstract_texts_are_what_conversion_gives(records):
    from research import abstract

    result, _ = render_collection(records, None)
    for record in records:
        cached = result[record.id][rendering.ABSTRACT_TEXT] or None
        assert cached == abstract._abstract_text(record.abstract_markdown)


def test_the_renderer_version_covers_every_module_rendering_imports():
    """Computed from the import statements; checked against what Python really loads when a
    fresh process renders a record. Page views and hooks are left out, so editing them keeps
    the cache."""
    import subprocess
    import sys

    from research.rendering import PACKAGE_DIR, renderer_sources

    script = (
        "import sys; sys.path.insert(0, 'scripts')\n"
        "from research.load import load_collection\n"
        "records = list(load_collection('.'))\n"
        "loaded_before = {m for m in sys.modules if m.startswith('research')}\n"
        "from research.rendering import render_record\n"
        "for r in records: render_record(r)\n"
        "print('\\n'.join(sorted({getattr(sys.modules[m], '__file__', '') or '' for m in sys.modules"
        " if m.startswith('research') and m not in loaded_before or m.startswith('research.formats')})))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    imported = {line for line in done.stdout.splitlines() if line}
    sources = {str(path) for path in renderer_sources()}
    assert imported <= sources
    names = {path.relative_to(PACKAGE_DIR).as_posix() for path in renderer_sources()}
    assert {"formats/bibtex.py", "references.py", "exports.py", "model.py"} <= names
    assert not names & {"context.py", "listings.py", "site_writer.py", "head.py"}
