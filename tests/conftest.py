"""Shared fixtures: building the site (the real one, or a copy with altered data), a static
server on 127.0.0.1, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
RECORD_ID = "working-with-trauma-in-adult-probation"
ARTICLE_ID = "embedding-trauma-informed-approaches-in-adult-probation"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files from the current output instead of comparing (never in CI)",
    )


@pytest.fixture()
def golden(request):
    """Compare text with tests/golden/<name>; with --update-golden, write it there instead."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.is_file(), f"no golden file {name}: run pytest --update-golden and review it"
        assert text == path.read_text(encoding="utf-8"), f"differs from golden file {name}"

    return check


@dataclass
class Build:
    returncode: int
    output: str
    site: Path


def build_site(project: Path, site: Path, *, strict: bool = True) -> Build:
    """Run `mkdocs build` in a fresh process (so no hook state leaks between builds).

    Not `-q`: it raises the log level to ERROR, so `--strict` never sees a warning and passes."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    command += ["-d", str(site)] + (["--strict"] if strict else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, capture_output=True, text=True, cwd=project, env=env)
    return Build(done.returncode, done.stdout + done.stderr, site)


def copy_project(destination: Path) -> Path:
    """A copy of the project's content (data/, docs/, mkdocs.yml) that a test may break; the code
    (scripts/) is linked, not copied, so the real hooks run."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("data", "docs"):
        shutil.copytree(ROOT / name, destination / name)
    shutil.copy2(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    (destination / "scripts").symlink_to(ROOT / "scripts")
    return destination


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real project, built once per test session with --strict."""
    site = tmp_path_factory.mktemp("built") / "site"
    build = build_site(ROOT, site)
    assert build.returncode == 0, build.output
    return site


@pytest.fixture()
def child_path(monkeypatch):
    """Puts tests/ on PYTHONPATH, so that a child interpreter (research/spawned.py) can import
    the test modules whose functions it is given to run. Returns a function that puts more
    folders before it."""

    def prepend(*folders: Path) -> None:
        paths = [*(str(f) for f in folders), os.environ.get("PYTHONPATH", "")]
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in paths if p))

    prepend(Path(__file__).resolve().parent)
    return prepend


@pytest.fixture()
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@pytest.fixture(scope="session")
def site_server(built_site) -> Iterator[str]:
    """The built site over http on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", _free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run the README's test command")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class GuardedPage:
    """A browser page that lets through only requests to the allowed origins, and records every
    other request that was attempted (and aborted)."""

    page: object
    blocked: list[str]
    console_errors: list[str]


@pytest.fixture()
def guarded_page(browser) -> Iterator[callable]:
    contexts = []

    def open_page(*allowed_prefixes: str, **context_options) -> GuardedPage:
        context = browser.new_context(accept_downloads=True, **context_options)
        contexts.append(context)
        blocked: list[str] = []
        errors: list[str] = []

        def route(route):
            url = route.request.url
            if url.startswith(("file://", "data:", "blob:", "about:")) or url.startswith(
                allowed_prefixes
            ):
                route.continue_()
            else:
                blocked.append(url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return GuardedPage(page, blocked, errors)

    yield open_page
    for context in contexts:
        context.close()


def fixture_project(destination: Path, *overlays: str) -> Path:
    """A project whose data is the fixed test data in tests/fixtures/base/ (not the live data/,
    so that line numbers in expected messages stay put while records are edited), plus any
    overlays from tests/fixtures/<name>/: their record files and prose pages are added, and
    their shared definition files are appended to the base's (YAML mappings concatenate)."""
    project = copy_project(destination)
    shutil.rmtree(project / "data")
    shutil.rmtree(project / "docs" / "records")
    shutil.copytree(FIXTURES / "base" / "data", project / "data")
    shutil.copytree(FIXTURES / "base" / "docs" / "records", project / "docs" / "records")
    for name in overlays:
        overlay = FIXTURES / name
        for path in sorted(overlay.rglob("*")):
            if not path.is_file():
                continue
            relative = path.relative_to(overlay)
            target = project / relative
            if relative.parent == Path("data"):
                with target.open("a", encoding="utf-8") as shared:
                    shared.write(path.read_text(encoding="utf-8"))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    return project


INJECTION_ID = "injection-report"


@pytest.fixture(scope="session")
def injection_site(tmp_path_factory) -> Path:
    """The fixed test data plus the injection fixture (tests/fixtures/injection/: markup and
    context-breaking characters in every free-text field), built once with --strict."""
    root = tmp_path_factory.mktemp("injection")
    project = fixture_project(root / "project", "injection")
    build = build_site(project, root / "site")
    assert build.returncode == 0, build.output
    return build.site
