"""The build is strict-clean, and broken data stops it before anything is written."""

from __future__ import annotations

from conftest import RECORD_ID, build_site


def test_strict_build_writes_pages_exports_and_schemas(built_site):
    for path in (
        "index.html",
        f"records/{RECORD_ID}.html",
        f"records/{RECORD_ID}.bib",
        "schema/record.schema.json",
        "search/search_index.js",
        "assets/vendor/iframe-worker/shim.js",
    ):
        assert (built_site / path).is_file(), path


def test_broken_data_stops_the_build_naming_file_and_field(project_copy, tmp_path):
    record = project_copy / "data" / "records" / f"{RECORD_ID}.yml"
    record.write_text(record.read_text().replace("status: Published", "status: Publishd"))
    build = build_site(project_copy, tmp_path / "site")
    assert build.returncode != 0
    assert f"data/records/{RECORD_ID}.yml:15: status: 'Publishd' is not one of" in build.output
    assert not (tmp_path / "site").exists()


def test_a_docs_file_in_the_place_of_a_generated_file_stops_the_build(project_copy, tmp_path):
    """Exports, linksets, the feed... are not MkDocs files: a file of docs/ at one of their paths
    would be copied over one of them (and, through a hard link, into the blob store)."""
    (project_copy / "docs" / "records" / f"{RECORD_ID}.bib").write_text("@misc{x,}\n")
    build = build_site(project_copy, tmp_path / "site")
    assert build.returncode != 0
    assert f"records/{RECORD_ID}.bib: a file in docs/ or the theme has the path" in build.output
    assert not (tmp_path / "site").exists()


def test_a_docs_page_in_the_place_of_a_listing_page_stops_the_build(project_copy, tmp_path):
    (project_copy / "docs" / "authors").mkdir()
    (project_copy / "docs" / "authors" / "madeline-petrillo.md").write_text("# Mine\n")
    build = build_site(project_copy, tmp_path / "site")
    assert build.returncode != 0
    assert "docs/authors/madeline-petrillo.md would hide a generated listing page" in build.output
    assert not (tmp_path / "site").exists()
