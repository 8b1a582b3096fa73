"""`mkdocs serve` rebuilds the site in one process after every save, and reuses what the edit did
not change (research/memo.py). A rebuild must still make exactly the site a fresh build of the
edited files makes: here the same process builds, takes two edits that other pages show (a
record's title, which its related record, its authors' pages, the feed and the bulk exports
repeat; an author's name, which lives in a shared table), and rebuilds after each; every file
is then compared with a fresh `mkdocs build` of the same files in another process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import build_site, copy_project

SERVE_URL = "http://127.0.0.1:8000/"

# What mkdocs.commands.serve does on each save, minus the http server and the file watcher.
REBUILDS = textwrap.dedent(
    """
    import os
    import shutil
    import sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, site, serve_url = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    STAMP = 1_700_000_000  # the edited file's time, which the feed and sitemap show
    edits = [Path(p) for p in sys.argv[4:]]

    def get_config():
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
        config.site_url = serve_url
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=serve_url)
    for number, edit in enumerate(edits):  # each file holds "path\\nnew text" of a data file
        target, text = edit.read_text(encoding="utf-8").split("\\n", 1)
        (project / target).write_text(text, encoding="utf-8")
        os.utime(project / target, (STAMP + number, STAMP + number))
        build(get_config(), serve_url=serve_url)
        shutil.copytree(site, f"{site}-after-edit-{number}")
    """
)


def _edit(scratch: Path, project: Path, target: str, old: str, new: str) -> Path:
    text = (project / target).read_text(encoding="utf-8")
    assert old in text, f"{target} no longer holds {old!r}"
    edit = scratch / f"edit-{len(list(scratch.glob('edit-*')))}.txt"
    edit.write_text(f"{target}\n{text.replace(old, new)}", encoding="utf-8")
    return edit


def _tree(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def _apply(edit: Path, project: Path, number: int) -> None:
    """As REBUILDS applies it, with the same modification time."""
    target, text = edit.read_text(encoding="utf-8").split("\n", 1)
    (project / target).write_text(text, encoding="utf-8")
    os.utime(project / target, (1_700_000_000 + number, 1_700_000_000 + number))


def test_a_serve_rebuild_makes_what_a_fresh_build_makes(project_copy, tmp_path):
    article = "data/records/embedding-trauma-informed-approaches-in-adult-probation.yml"
    old_title = "Embedding trauma-informed approaches in adult probation"
    edits = [
        _edit(tmp_path, project_copy, article, old_title, old_title + " (edited)"),
        _edit(tmp_path, project_copy, "data/people.yml", "Alexandria", "Alexandra"),
    ]
    fresh_project = copy_project(tmp_path / "fresh-project")
    served = tmp_path / "served"
    command = [sys.executable, "-c", REBUILDS, str(project_copy), str(served), SERVE_URL]
    done = subprocess.run(
        command + [str(edit) for edit in edits],
        capture_output=True,
        text=True,
        cwd=project_copy,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr

    for number, edit in enumerate(edits):
        _apply(edit, fresh_project, number)
        fresh = tmp_path / f"fresh-{number}"
        os.environ["SITE_URL"] = SERVE_URL
        try:
            build = build_site(fresh_project, fresh)
        finally:
            del os.environ["SITE_URL"]
        assert build.returncode == 0, build.output
        served_files = _tree(tmp_path / f"served-after-edit-{number}")
        # Serving writes no offline edition (research/site_writer.py): the expected gap.
        fresh_files = {k: v for k, v in _tree(fresh).items() if not k.endswith("-offline.zip")}
        assert served_files.keys() == fresh_files.keys()
        different = [name for name in fresh_files if served_files[name] != fresh_files[name]]
        assert different == [], f"after edit {number}"

    report = (served / "records/working-with-trauma-in-adult-probation.html").read_text("utf-8")
    assert old_title + " (edited)" in report  # the related record's new title
    assert "Alexandra Bradley" in report and "Alexandria Bradley" not in report


def test_a_build_with_what_the_last_build_saved_makes_what_a_build_from_nothing_makes(
    project_copy, tmp_path
):
    """The rendering cache and the saved memos (.cache/research) after an edit: a build that
    reads them makes, file for file, what a build without them makes."""
    assert build_site(project_copy, tmp_path / "first").returncode == 0
    article = "data/records/embedding-trauma-informed-approaches-in-adult-probation.yml"
    old_title = "Embedding trauma-informed approaches in adult probation"
    _apply(
        _edit(tmp_path, project_copy, article, old_title, old_title + " (edited)"), project_copy, 0
    )
    with_cache = build_site(project_copy, tmp_path / "with-cache")
    assert with_cache.returncode == 0, with_cache.output
    assert list((project_copy / ".cache" / "research" / "memo").glob("*.pickle"))
    shutil.rmtree(project_copy / ".cache")
    without = build_site(project_copy, tmp_path / "without-cache")
    assert without.returncode == 0, without.output
    cached, fresh = _tree(tmp_path / "with-cache"), _tree(tmp_path / "without-cache")
    assert cached.keys() == fresh.keys()
    assert [name for name in fresh if cached[name] != fresh[name]] == []
    assert (
        old_title + " (edited)"
        in cached["records/working-with-trauma-in-adult-probation.html"].decode()
    )
