"""The site writer writes each page as MkDocs would have, in a second process; the offline
edition it writes while the site builds holds every file of the finished site with its final
content, and a failed build leaves no half-written archive."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from research.site_writer import SiteWriter, Written

TESTS = Path(__file__).resolve().parent
SCRIPTS = TESTS.parent / "scripts"


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


def test_pages_are_written_as_mkdocs_writes_them(tmp_path):
    site = tmp_path / "site"
    writer = SiteWriter(site)
    pages = {
        "index.html": "<p>home – “quoted”</p>",
        "records/deep/er/r.html": "<p>a lone surrogate: \ud800</p>",  # as MkDocs: a reference
    }
    for name, html in pages.items():
        writer.write_page(site / name, html)
    assert writer.finish() == Written(pages=2, archived=0)
    for name, html in pages.items():
        assert (site / name).read_bytes() == html.encode("utf-8", errors="xmlcharrefreplace")
    assert b"&#55296;" in (site / "records/deep/er/r.html").read_bytes()
    assert sorted(p.name for p in site.rglob("*") if p.is_file()) == ["index.html", "r.html"]


def test_every_page_is_on_disk_when_finish_returns(tmp_path):
    site = tmp_path / "site"
    writer = SiteWriter(site)
    for number in range(200):  # several batches, and the last one not full
        writer.write_page(site / f"p/{number}.html", f"<p>{number}</p>" * 1000)
    assert writer.finish().pages == 200
    assert len(list((site / "p").iterdir())) == 200
    assert (site / "p/199.html").read_text() == "<p>199</p>" * 1000


def test_files_added_early_and_at_the_end_are_each_in_once(tmp_path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "style.css").write_text("a {}")
    (site / "page.html").write_text("<p>draft</p>")  # an earlier build's
    writer = SiteWriter(site, site / "download" / "edition.zip")
    writer.add_all_except(frozenset({site / "page.html"}))  # the page is still to be written
    writer.write_page(site / "page.html", "<p>final</p>")
    writer.add_all_except(frozenset())  # again: nothing twice
    (site / "search.json").write_text("{}")  # written at the very end
    assert writer.finish() == Written(pages=1, archived=3)
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
    writer = SiteWriter(site, site / "download" / "edition.zip")
    writer.write_page(site / "index.html", "<p>y</p>")
    writer.abandon()
    assert list((site / "download").iterdir()) == []


def _site(tmp_path, count=3):
    site = tmp_path / "site"
    (site / "records").mkdir(parents=True)
    for index in range(count):
        (site / "records" / f"r{index}.html").write_text(f"<p>record {index}</p>" * 50)
    (site / "records-index.html").write_text("<p>sorted by path components, not text</p>")
    (site / "index.html").write_text("<p>home</p>")
    return site


def _write(site, name):
    writer = SiteWriter(site, site / "download" / name)
    writer.add_all_except(frozenset({site / "index.html"}))
    writer.write_page(site / "index.html", "<p>home</p>")
    writer.finish()
    return (site / "download" / name).read_bytes()


def test_the_archive_is_the_same_bytes_from_build_to_build(tmp_path):
    site = _site(tmp_path)
    first = _write(site, "edition.zip")
    assert _write(site, "edition.zip") == first
    with zipfile.ZipFile(site / "download" / "edition.zip") as edition:
        assert edition.namelist() == [
            "edition/records/r0.html",  # records/ before records-index.html, as paths sort
            "edition/records/r1.html",
            "edition/records/r2.html",
            "edition/records-index.html",
            "edition/index.html",  # written after the listing
        ]
        info = edition.getinfo("edition/index.html")
        assert info.date_time == (2022, 3, 18, 0, 0, 0)
        assert info.compress_type == zipfile.ZIP_DEFLATED


def test_compression_level_is_applied(tmp_path):
    site = _site(tmp_path, count=20)
    sizes = {}
    for level in (0, 9):
        writer = SiteWriter(site, tmp_path / "out" / f"{level}.zip", level=level)
        writer.add_all_except(frozenset())
        writer.finish()
        sizes[level] = (tmp_path / "out" / f"{level}.zip").stat().st_size
    assert sizes[9] < sizes[0] / 5


@pytest.fixture
def faults(child_path):
    """tests/edition_faults.py, importable by the writer's process."""
    import edition_faults

    return edition_faults


def _started(tmp_path, writer):
    """A site, and an edition of it whose writer process runs `writer` and has been sent it."""
    site = _site(tmp_path)
    edition = SiteWriter(site, site / "download" / "edition.zip", writer=writer)
    edition.add_all_except(frozenset())
    return site, edition


def test_an_error_in_the_writer_reaches_finish_and_leaves_nothing(tmp_path, faults):
    site, writer = _started(tmp_path, faults.disk_full)
    writer.write_page(site / "index.html", "<p>x</p>")  # sent after the error: no deadlock
    with pytest.raises(OSError) as raised:
        writer.finish()
    assert raised.value.errno == errno.ENOSPC
    assert list((site / "download").iterdir()) == []


def test_an_error_that_cannot_travel_arrives_as_its_traceback(tmp_path, faults):
    site, writer = _started(tmp_path, faults.untransportable)
    with pytest.raises(RuntimeError, match=r"LocalError: compression went wrong \(level 6\)"):
        writer.finish()
    assert list((site / "download").iterdir()) == []


def test_a_writer_that_dies_fails_finish_instead_of_hanging(tmp_path, faults):
    site, writer = _started(tmp_path, faults.dies)
    for _ in range(1_000):  # more than a pipe holds: sending to a dead writer must not block
        writer.write_page(site / "index.html", "<p>x</p>" * 100)
    with pytest.raises(RuntimeError, match="exit code 3"):
        writer.finish()
    assert list((site / "download").iterdir()) == []


def test_abandon_returns_at_once_while_the_writer_is_busy(tmp_path, faults):
    site, writer = _started(tmp_path, faults.hangs)
    time.sleep(1)  # the writer has started and is now inside the sleep
    started = time.monotonic()
    writer.abandon()
    assert time.monotonic() - started < 5
    assert list((site / "download").iterdir()) == []
    writer.abandon()  # twice (a failed build after an earlier failure): harmless


def test_the_build_does_not_wait_for_the_writer_to_compress(tmp_path, faults):
    """The writer reads its messages as they come, while it compresses: a build that sends
    pages faster than they are compressed goes on (the pipe alone holds 1 MB)."""
    site = tmp_path / "site"
    writer = SiteWriter(site, site / "download" / "edition.zip", writer=faults.slow)
    started = time.monotonic()
    for number in range(200):  # 0.2 s each to compress: 40 s; 10 MB to send
        writer.write_page(site / f"{number}.html", f"<p>{number:05}</p>" * 4_000)
    sent = time.monotonic() - started
    writer.abandon()
    assert sent < 10


def test_a_file_outside_the_site_is_refused(tmp_path):
    site = _site(tmp_path)
    writer = SiteWriter(site, site / "download" / "edition.zip")
    try:
        with pytest.raises(ValueError, match="not in the site folder"):
            writer.write_page(tmp_path / "elsewhere.html", "<p>x</p>")
    finally:
        writer.abandon()


def test_the_writer_ends_when_the_build_process_dies(tmp_path):
    """No orphan left compressing (or waiting) after a build killed mid-way."""
    site = _site(tmp_path)
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from research.site_writer import SiteWriter\n"
        f"writer = SiteWriter(Path({str(site)!r}), Path({str(site / 'e.zip')!r}))\n"
        "print(writer._call._process.pid, flush=True)\n"
        "os._exit(0)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SCRIPTS)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    pid = int(done.stdout)
    deadline = time.monotonic() + 10
    while _running(pid):
        assert time.monotonic() < deadline, "the writer outlived the build process"
        time.sleep(0.05)


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended; its new parent reaps it
