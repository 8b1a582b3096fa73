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


def _with_hook(project, source: str):
    """The project with one more hook, run before ours (which are last, at priority -100)."""
    (project / "extra_hook.py").write_text(source)
    config = project / "mkdocs.yml"
    hooks = "  - scripts/hooks.py\n"
    assert hooks in config.read_text()
    config.write_text(config.read_text().replace(hooks, hooks + "  - extra_hook.py\n"))


def test_pages_are_written_by_the_site_writer_without_a_notice_each(project_copy, tmp_path):
    """MkDocs writes no page our hooks hand to the site writer (research/site_writer.py), and says
    nothing about it; a page another plugin empties is still skipped, with MkDocs' notice."""
    _with_hook(
        project_copy,
        "def on_post_page(output, page, config):\n"
        "    return '' if page.file.src_uri == 'accessibility.md' else output\n",
    )
    build = build_site(project_copy, tmp_path / "site")
    assert build.returncode == 0, build.output
    notices = [line for line in build.output.splitlines() if "Page skipped" in line]
    assert len(notices) == 1 and "'accessibility.md'" in notices[0], notices
    assert not (tmp_path / "site" / "accessibility.html").exists()
    for page in ("index.html", f"records/{RECORD_ID}.html", "authors/index.html"):
        assert (tmp_path / "site" / page).read_text().lstrip().startswith("<!doctype html>"), page


def test_a_page_that_cannot_be_written_stops_the_build(project_copy, tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "kept.txt").write_text("the last good build")
    _with_hook(  # a folder where the page goes: the site writer's open() fails
        project_copy,
        "import os\n"
        "def on_post_page(output, page, config):\n"
        "    if page.file.src_uri == 'accessibility.md':\n"
        "        os.makedirs(page.file.abs_dest_path)\n"
        "    return output\n",
    )
    build = build_site(project_copy, tmp_path / "site")
    assert build.returncode != 0
    assert "could not write the site: [Errno 21] Is a directory" in build.output
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["kept.txt"]
