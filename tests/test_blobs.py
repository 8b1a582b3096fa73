"""The store of generated files' contents (research/blobs.py): an output file is a link to a blob
holding exactly its content; a blob edited through an output file is never linked again; where
no link can be made the content is written; an existing output file is replaced, never written
into; prune keeps what the build used."""

from __future__ import annotations

import errno
import hashlib
import os
import time

import pytest
from research import blobs
from research.blobs import BlobStore


def _blob(store: BlobStore, content: bytes):
    return store.directory / hashlib.sha256(content).hexdigest()


def test_a_placed_file_is_a_link_to_the_blob_of_its_content(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    site = tmp_path / "site"
    store.place(b"@report{a}\n", site / "records" / "a.bib")
    store.place(b"TY  - RPRT\n", site / "records" / "a.ris")
    for name, content in (("a.bib", b"@report{a}\n"), ("a.ris", b"TY  - RPRT\n")):
        placed = site / "records" / name
        assert placed.read_bytes() == content
        assert os.path.samefile(placed, _blob(store, content))
    assert (store.linked, store.written) == (2, 0)
    umask = os.umask(0)
    os.umask(umask)
    assert placed.stat().st_mode & 0o777 == 0o666 & ~umask  # as MkDocs would have written it


def test_the_next_build_links_the_same_blob_and_dates_it_anew(tmp_path):
    content = b'{"linkset": []}\n'
    BlobStore(tmp_path / "blobs").place(content, tmp_path / "site1" / "x.json")
    blob = _blob(BlobStore(tmp_path / "blobs"), content)
    inode = blob.stat().st_ino
    os.utime(blob, (1_000_000, 1_000_000))
    before = time.time() - 1
    BlobStore(tmp_path / "blobs").place(content, tmp_path / "site2" / "x.json")
    assert blob.stat().st_ino == inode  # not written again
    assert os.path.samefile(tmp_path / "site2" / "x.json", blob)
    assert (tmp_path / "site2" / "x.json").stat().st_mtime >= before  # as if written now


def test_a_blob_edited_through_an_output_file_is_replaced_not_linked(tmp_path):
    content = b"@report{a, title={Trauma}}\n"
    BlobStore(tmp_path / "blobs").place(content, tmp_path / "site1" / "a.bib")
    # Edited in place (as an editor keeping hard links, or `cp` onto the file, would).
    with open(tmp_path / "site1" / "a.bib", "r+b") as handle:
        handle.write(b"@REPORT")
    store = BlobStore(tmp_path / "blobs")
    store.place(content, tmp_path / "site2" / "a.bib")
    assert (tmp_path / "site2" / "a.bib").read_bytes() == content
    assert _blob(store, content).read_bytes() == content
    assert os.path.samefile(tmp_path / "site2" / "a.bib", _blob(store, content))
    # The edited file keeps its edit (its own inode now), and nothing else.
    assert (tmp_path / "site1" / "a.bib").read_bytes().startswith(b"@REPORT")


@pytest.mark.parametrize("grown", [b"", b" and more"])
def test_a_blob_cut_short_or_grown_is_replaced(tmp_path, grown):
    content = b"0123456789"
    store = BlobStore(tmp_path / "blobs")
    store.place(content, tmp_path / "site1" / "f.txt")
    _blob(store, content).write_bytes(content[:4] + grown)
    BlobStore(tmp_path / "blobs").place(content, tmp_path / "site2" / "f.txt")
    assert (tmp_path / "site2" / "f.txt").read_bytes() == content


def test_an_existing_output_file_is_replaced_never_written_into(tmp_path):
    """A --dirty build or a rebuild into the same folder: the old file may be a blob's link."""
    store = BlobStore(tmp_path / "blobs")
    target = tmp_path / "site" / "feed.xml"
    store.place(b"<feed>old</feed>\n", target)
    old_blob = _blob(store, b"<feed>old</feed>\n")
    store.place(b"<feed>new</feed>\n", target)
    assert target.read_bytes() == b"<feed>new</feed>\n"
    assert old_blob.read_bytes() == b"<feed>old</feed>\n"


@pytest.mark.parametrize("code", [errno.EXDEV, errno.EPERM])
def test_where_no_link_can_be_made_the_content_is_written(tmp_path, monkeypatch, code):
    calls = []

    def refuse(source, destination):
        calls.append(destination)
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(blobs.os, "link", refuse)
    store = BlobStore(tmp_path / "blobs")
    for index in range(3):
        store.place(f"record {index}\n".encode(), tmp_path / "site" / f"{index}.txt")
    assert [(tmp_path / "site" / f"{i}.txt").read_text() for i in range(3)] == [
        "record 0\n",
        "record 1\n",
        "record 2\n",
    ]
    assert (store.linked, store.written) == (0, 3)
    assert len(calls) == 1  # the output folder cannot link: no attempt for each file


def test_writing_in_place_of_a_link_leaves_its_blob_alone(tmp_path, monkeypatch):
    store = BlobStore(tmp_path / "blobs")
    target = tmp_path / "site" / "robots.txt"
    store.place(b"User-agent: *\n", target)

    def refuse(source, destination):
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(blobs.os, "link", refuse)
    store = BlobStore(tmp_path / "blobs")
    store.place(b"Disallow: /\n", target)
    assert target.read_bytes() == b"Disallow: /\n"
    assert _blob(store, b"User-agent: *\n").read_bytes() == b"User-agent: *\n"


def test_a_blob_removed_by_another_build_falls_back_to_writing_that_file(tmp_path, monkeypatch):
    real_link = os.link

    def pruned_meanwhile(source, destination):
        if destination.endswith("a.txt"):
            os.unlink(source)
        real_link(source, destination)

    monkeypatch.setattr(blobs.os, "link", pruned_meanwhile)
    store = BlobStore(tmp_path / "blobs")
    store.place(b"a\n", tmp_path / "site" / "a.txt")
    store.place(b"b\n", tmp_path / "site" / "b.txt")
    assert (tmp_path / "site" / "a.txt").read_bytes() == b"a\n"
    assert os.path.samefile(tmp_path / "site" / "b.txt", _blob(store, b"b\n"))
    assert (store.linked, store.written) == (1, 1)


def test_a_file_that_fails_to_write_raises(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "records").write_text("a file where a folder must go")
    with pytest.raises(OSError):
        store.place(b"x", tmp_path / "site" / "records" / "a.bib")


def test_prune_keeps_what_this_build_used_and_other_builds_temporary_files(tmp_path):
    old = BlobStore(tmp_path / "blobs")
    old.place(b"old version\n", tmp_path / "site1" / "a.txt")
    old.place(b"unchanged\n", tmp_path / "site1" / "b.txt")
    fresh_temp = tmp_path / "blobs" / "abc.123-0.tmp"  # another build writing a blob now
    fresh_temp.write_bytes(b"partial")
    stale_temp = tmp_path / "blobs" / "def.456-0.tmp"  # left by a build that died
    stale_temp.write_bytes(b"partial")
    os.utime(stale_temp, (1_000_000, 1_000_000))

    store = BlobStore(tmp_path / "blobs")
    store.place(b"new version\n", tmp_path / "site2" / "a.txt")
    store.place(b"unchanged\n", tmp_path / "site2" / "b.txt")
    assert store.prune() == 2
    assert sorted(p.name for p in (tmp_path / "blobs").iterdir()) == sorted(
        [_blob(store, b"new version\n").name, _blob(store, b"unchanged\n").name, fresh_temp.name]
    )
    # The earlier build's output keeps its files: a link outlives the blob's name.
    assert (tmp_path / "site1" / "a.txt").read_bytes() == b"old version\n"


def test_prune_of_a_store_never_written_removes_nothing(tmp_path):
    assert BlobStore(tmp_path / "absent").prune() == 0
