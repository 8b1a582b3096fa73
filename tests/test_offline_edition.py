"""The offline edition, written while the site builds, holds every file of the finished site
with its final content, and a failed build leaves no half-written archive."""

from __future__ import annotations

import zipfile

from research.offline_edition import EditionWriter


def test_the_edition_holds_every_file_of_the_site_as_built(built_site):
    (archive,) = (built_site / "download").glob("*-offline.zip")
    site_files = {
        path.relative_to(built_site).as_posix(): path.read_bytes()
        for path in built_site.rglob("*")
        if path.is_file() and path != archive
    }
    with zipfile.ZipFile(archive) as edition:
        assert edition.testzip() is None
        folder = archive.stem
        contents = {
            name.removeprefix(f"{folder}/"): edition.read(name) for name in edition.namelist()
        }
    assert contents.keys() == site_files.keys()
    changed = [name for name, data in contents.items() if data != site_files[name]]
    assert changed == []


def test_files_added_early_and_at_the_end_are_each_in_once(tmp_path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "style.css").write_text("a {}")
    (site / "page.html").write_text("<p>draft</p>")
    writer = EditionWriter(site, site / "download" / "edition.zip")
    writer.add_all_except(frozenset({site / "page.html"}))  # the page is still being written
    (site / "page.html").write_text("<p>final</p>")
    writer.add(site / "page.html")
    (site / "search.json").write_text("{}")  # written at the very end
    assert writer.finish() == 3
    with zipfile.ZipFile(site / "download" / "edition.zip") as edition:
        assert sorted(edition.namelist()) == [
            "edition/assets/style.css",
            "edition/page.html",
            "edition/search.json",
        ]
        assert edition.read("edition/page.html") == b"<p>final</p>"
    assert not (site / "download" / "edition.zip.part").exists()


def test_an_abandoned_edition_leaves_nothing_behind(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>x</p>")
    writer = EditionWriter(site, site / "download" / "edition.zip")
    writer.add(site / "index.html")
    writer.abandon()
    assert list((site / "download").iterdir()) == []
