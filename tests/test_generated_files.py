"""Generated files (exports, linksets, feed...) reach the output folder as links to the blob store
in .cache/research/blobs (research/blobs.py): the site is the same bytes either way, a rebuild
over an edited site is not corrupted by the edit, and the store keeps only what the last build
used."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import RECORD_ID, build_site


def _tree(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def test_generated_files_are_links_into_the_store_and_rebuilds_are_identical(project_copy):
    site = project_copy / "output" / "site"
    blobs = project_copy / ".cache" / "research" / "blobs"
    first = build_site(project_copy, site)
    assert first.returncode == 0, first.output
    before = _tree(site)
    for name in (f"records/{RECORD_ID}.bib", f"records/{RECORD_ID}.linkset.json", "feed.xml"):
        linked = site / name
        assert linked.stat().st_nlink == 2, name  # the output file and its blob
        assert any(os.path.samefile(linked, blob) for blob in blobs.iterdir()), name

    # Someone edits published files in place, through the shared inode...
    bib = site / f"records/{RECORD_ID}.bib"
    with open(bib, "r+b") as handle:
        handle.write(b"%corrupt")
    (site / "robots.txt").write_text("Disallow: /\n")  # (open "w" truncates the same inode)
    second = build_site(project_copy, site)
    assert second.returncode == 0, second.output
    # ...and the next build puts the real content back, with nothing left over.
    assert _tree(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_the_store_keeps_only_the_last_builds_contents(project_copy):
    site = project_copy / "output" / "site"
    blobs = project_copy / ".cache" / "research" / "blobs"
    assert build_site(project_copy, site).returncode == 0
    record = project_copy / "data" / "records" / f"{RECORD_ID}.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("trauma", "Trauma", 1))
    assert build_site(project_copy, site).returncode == 0
    in_site = {os.stat(path).st_ino for path in site.rglob("*") if path.is_file()}
    stored = {blob.stat().st_ino for blob in blobs.iterdir()}
    assert stored <= in_site  # every blob is linked from the finished site
    linked = [path for path in site.rglob("*") if path.is_file() and path.stat().st_nlink > 1]
    assert {os.stat(path).st_ino for path in linked} == stored


def test_made_here_or_in_a_second_process_the_files_are_the_same(tmp_path):
    """A small site makes its other files in the build's process, a large one in a spawned
    interpreter (research/spawned.py): the same inputs give the same files either way."""
    from conftest import ROOT
    from research import generated
    from research.head import Site, page_path
    from research.load import load_collection
    from research.rendering import render_collection
    from research.spawned import FinishedCall, SpawnedCall

    collection = load_collection(ROOT)
    rendered, _ = render_collection(collection, tmp_path / "cache")
    inputs = generated.Inputs.of(
        collection,
        rendered,
        site=Site("https://research.example/"),
        site_name="Research",
        root=ROOT,
        pages={page_path(record): ROOT / "docs" / record.prose_path for record in collection},
    )
    here = FinishedCall(
        generated.make_and_place, inputs, tmp_path / "blobs-here", tmp_path / "here"
    ).result()
    there = SpawnedCall(
        generated.make_and_place, inputs, tmp_path / "blobs-there", tmp_path / "there", name="t"
    ).result()
    assert _tree(tmp_path / "here") == _tree(tmp_path / "there")
    assert sorted(_tree(tmp_path / "here")) == sorted(generated.plan(inputs))
    assert here.problems == there.problems == ()
    assert here.placed.linked == there.placed.linked == len(generated.plan(inputs))


def test_what_the_linkset_check_finds_comes_back_with_its_path(tmp_path, monkeypatch):
    """The build logs these as warnings (a strict build fails): they must survive the trip."""
    from conftest import ROOT
    from research import generated
    from research.head import Site, linkset_path
    from research.load import load_collection
    from research.rendering import render_collection

    monkeypatch.setattr(generated, "check_linkset", lambda links: ["no anchor"])
    collection = load_collection(ROOT)
    rendered, _ = render_collection(collection, tmp_path / "cache")
    inputs = generated.Inputs.of(
        collection, rendered, site=Site(None), site_name="Research", root=ROOT, pages={}
    )
    outcome = generated.make_and_place(inputs, tmp_path / "blobs", tmp_path / "site")
    assert sorted(outcome.problems) == sorted(
        (linkset_path(record), "no anchor") for record in collection
    )
