"""How the build scales: builds the site with 1, 10, 100 and 1,000 synthetic records and prints,
for each size, the project's build time against bare Material building the same pages, peak
memory, the search index per record and the weight of a record page.

    python scripts/benchmark.py                    # sizes 1 10 100 1000
    python scripts/benchmark.py --sizes 100 1000 --repeat 3

For each size it makes two projects in a scratch folder (deleted afterwards unless --keep):
- the full project: the real hooks and data files, with N synthetic records
  (scripts/synthetic_records.py) instead of the real ones;
- the bare project: the same Markdown pages, including every listing page the hooks would
  generate (written out as files), built by Material with `hooks:` removed from mkdocs.yml.

Builds (each `mkdocs build` in a fresh process, output folder cleaned, as a user runs it):
- full, cold: no rendering cache (.cache/ removed), so every citation is rendered;
- full, warm: a clean build with the rendering cache of the previous build;
- full, one edited: a rebuild after one record's title changes, made as `mkdocs serve` makes
  it (in the process that built the site before, configuration loaded afresh, the whole site
  rebuilt), against bare Material rebuilding the same way after one page is edited.
Rounds of all five are interleaved and the fastest of each kind is kept; before each timed build
the disk is synced (untimed), so that one build's writeback does not slow the next.

Page weight: the bytes a record page loads in Chromium over http (HTML, CSS, JS, fonts, images,
the search index...), each compressed with gzip -6 as a server would send it. Without Chromium,
the page and the files it references are counted instead (and the line says so).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import yaml

SCRIPTS = Path(__file__).resolve().parent
sys.path.insert(0, str(SCRIPTS))

from research.browse import BrowseIndex  # noqa: E402
from research.listings import listing_pages  # noqa: E402
from research.load import load_collection  # noqa: E402
from synthetic_records import make_project  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGE_BUDGET = 200 * 1024


@dataclass
class Run:
    seconds: float
    peak_mb: float  # the build process's peak resident memory
    output: str


def mkdocs_build(project: Path, site: Path, *, strict: bool) -> Run:
    """A clean build: into an empty output folder (removing an old one is not timed, for bare
    Material and for the project alike)."""
    shutil.rmtree(site, ignore_errors=True)
    _settle()
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")]
    command += ["-d", str(site)] + (["--strict"] if strict else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{output}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


def _settle() -> None:
    """Before a timed build: let the disk finish writing what earlier builds left in memory, so
    that the kernel's writeback (on the same two cores) does not land in the next measurement.
    A build after a cold one (hundreds of megabytes written) was otherwise a third slower."""
    os.sync()


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.seconds)


def make_bare(full: Path, destination: Path) -> Path:
    """The same Markdown as `full` builds, listing pages included, with no hooks."""
    shutil.copytree(full / "docs", destination / "docs")
    collection = load_collection(full)
    for page in listing_pages(BrowseIndex.build(collection)):
        path = destination / "docs" / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
    config = (full / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^hooks:\n(  - .*\n)+", "", config)
    config = re.sub(r"(?m)^watch:\n(  - .*\n)+", "", config)
    if "hooks:" in config:
        raise SystemExit("could not remove `hooks:` from mkdocs.yml")
    (destination / "mkdocs.yml").write_text(config, encoding="utf-8")
    return destination


def edit_one_record(project: Path, *, bare: bool) -> None:
    """Change one record, as an editor saving a file would."""
    if bare:
        page = sorted((project / "docs" / "records").glob("*.md"))[0]
        page.write_text(page.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
        return
    record = sorted((project / "data" / "records").glob("*.yml"))[0]
    data = yaml.safe_load(record.read_text(encoding="utf-8"))
    data["title"] += " (edited)"
    record.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def serve_rebuild(project: Path, *, bare: bool) -> Run:
    """Time a rebuild after one record is edited, the way `mkdocs serve` makes it: in the
    process that made the previous build, with the configuration loaded afresh."""
    command = [sys.executable, str(Path(__file__).resolve()), "--serve-rebuild", str(project)]
    command += ["--bare"] if bare else []
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=project)
    if done.returncode != 0:
        raise SystemExit(f"serve-style rebuild of {project} failed:\n{done.stdout}{done.stderr}")
    seconds, peak_mb = (float(x) for x in done.stdout.split())
    return Run(seconds, peak_mb, done.stderr)


def _serve_rebuild_here(project: Path, bare: bool) -> None:
    """Runs in the child process of serve_rebuild: what mkdocs.commands.serve does, minus the
    http server and the file watcher."""
    import logging
    import resource

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    site = Path(tempfile.mkdtemp(prefix="serve-"))
    serve_url = "http://127.0.0.1:8000/"

    def get_config():
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        config.site_url = serve_url
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=serve_url)
    edit_one_record(project, bare=bare)
    _settle()
    start = time.perf_counter()
    build(get_config(), serve_url=serve_url)
    seconds = time.perf_counter() - start
    shutil.rmtree(site, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds} {peak}")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def search_index_bytes(site: Path) -> tuple[int, int]:
    data = (site / "search" / "search_index.json").read_bytes()
    return len(data), gz(data)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def page_weight(site: Path, page: str) -> tuple[int, str]:
    """Compressed bytes a browser loads for `page` (and what was counted)."""
    if not Path(CHROMIUM).exists():
        return static_page_weight(site, page), "page + referenced CSS/JS (no Chromium)"
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    loaded: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            tab = browser.new_page()
            tab.on("requestfinished", lambda request: loaded.append(request.url))
            tab.goto(base + page, wait_until="networkidle")
            tab.wait_for_timeout(1000)  # anything started after load (search worker, index)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    total = 0
    for url in loaded:
        if not url.startswith(base):
            continue  # an outside request would fail offline; the tests forbid them anyway
        path = site / url[len(base) :].split("?")[0].split("#")[0]
        if path.is_file():
            total += gz(path.read_bytes())
    return total, f"{len(loaded)} requests in Chromium"


def static_page_weight(site: Path, page: str) -> int:
    html = (site / page).read_text(encoding="utf-8")
    total = gz(html.encode())
    for ref in re.findall(
        r'<(?:script[^>]+src|link[^>]+rel="stylesheet"[^>]+href)="([^"]+)"', html
    ):
        path = (site / page).parent / ref.split("?")[0]
        if path.is_file():
            total += gz(path.read_bytes())
    return total


@dataclass
class Result:
    records: int
    pages: int
    cold: Run
    warm: Run
    edited: Run
    bare: Run
    bare_edited: Run
    index: tuple[int, int]
    weight: tuple[int, str]
    # Each round's project time over bare Material's in the same round (machine load varies
    # between rounds more than within one): the ratios reported are their medians.
    cold_ratios: tuple[float, ...] = ()
    warm_ratios: tuple[float, ...] = ()
    edit_ratios: tuple[float, ...] = ()


def measure(size: int, scratch: Path, repeat: int) -> Result:
    full = make_project(scratch / f"full-{size}", size).root
    bare = make_bare(full, scratch / f"bare-{size}")
    cache = full / ".cache"

    # Interleaved rounds, fastest of each kind: on a shared machine, a burst of someone else's
    # work then slows one round of every kind instead of all runs of one kind.
    bare_runs, cold_runs, warm_runs, edited_runs, bare_edited_runs = [], [], [], [], []
    # Each of the project's runs comes right after bare Material's run of the same kind.
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        cold_runs.append(mkdocs_build(full, full / "site", strict=True))
        bare_runs.append(mkdocs_build(bare, bare / "site", strict=False))
        warm_runs.append(mkdocs_build(full, full / "site", strict=True))
        bare_edited_runs.append(serve_rebuild(bare, bare=True))
        edited_runs.append(serve_rebuild(full, bare=False))

    site = full / "site"
    record_page = (
        sorted((site / "records").glob("synthetic-*.html"))[0].relative_to(site).as_posix()
    )
    pages = sum(1 for _ in site.rglob("*.html")) - 1  # not 404.html
    return Result(
        records=size,
        pages=pages,
        cold=best(cold_runs),
        warm=best(warm_runs),
        edited=best(edited_runs),
        bare=best(bare_runs),
        bare_edited=best(bare_edited_runs),
        index=search_index_bytes(site),
        weight=page_weight(site, record_page),
        cold_ratios=_ratios(cold_runs, bare_runs),
        warm_ratios=_ratios(warm_runs, bare_runs),
        edit_ratios=_ratios(edited_runs, bare_edited_runs),
    )


def _ratios(runs: list[Run], bare_runs: list[Run]) -> tuple[float, ...]:
    return tuple(run.seconds / bare.seconds for run, bare in zip(runs, bare_runs, strict=True))


def report(results: list[Result]) -> str:
    header = (
        f"{'records':>7} {'pages':>6} | {'bare s':>7} {'cold s':>7} {'x':>5} {'warm s':>7} {'x':>5}"
        f" | {'bare edit':>9} {'edit s':>7} {'x':>5} | {'peak MB':>7} | {'index/rec':>9} "
        f"{'gz/rec':>7} | {'page KB gz':>10}"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.records:>7} {r.pages:>6} | {r.bare.seconds:>7.2f} {r.cold.seconds:>7.2f} "
            f"{median(r.cold_ratios):>5.2f} {r.warm.seconds:>7.2f} "
            f"{median(r.warm_ratios):>5.2f} | {r.bare_edited.seconds:>9.2f} "
            f"{r.edited.seconds:>7.2f} {median(r.edit_ratios):>5.2f} | "
            f"{max(r.cold.peak_mb, r.warm.peak_mb):>7.1f} | {r.index[0] / r.records / 1024:>7.2f}KB "
            f"{r.index[1] / r.records / 1024:>5.2f}KB | {r.weight[0] / 1024:>10.1f}"
        )
    lines.append("")
    lines.append("Times: the fastest of the rounds. x: the project's build time divided by bare")
    lines.append("Material's for the same pages, in the same round; the median over the rounds.")
    lines.append("cold: no rendering cache; warm: clean build, cache kept; edit: the rebuild")
    lines.append("`mkdocs serve` makes after one record is changed. peak MB: the build process.")
    for r in results:
        if len(r.warm_ratios) > 1:
            lines.append(
                f"{r.records:>5} records, each round's x: warm {_listed(r.warm_ratios)}; "
                f"edit {_listed(r.edit_ratios)}"
            )
    for r in results:
        status = "within" if r.weight[0] <= PAGE_BUDGET else "OVER"
        lines.append(
            f"{r.records:>5} records: record page {r.weight[0] / 1024:.1f} KB compressed "
            f"({r.weight[1]}), {status} the 200 KB budget"
        )
    if len(results) > 1:
        lines.append("")
        lines.append("Growth per added record (linear when it stays flat as the collection grows):")
        for before, after in zip(results, results[1:], strict=False):
            added = after.records - before.records
            lines.append(
                f"  {before.records:>5} -> {after.records:<5}: "
                f"cold {1000 * (after.cold.seconds - before.cold.seconds) / added:6.1f} ms, "
                f"warm {1000 * (after.warm.seconds - before.warm.seconds) / added:6.1f} ms, "
                f"bare {1000 * (after.bare.seconds - before.bare.seconds) / added:6.1f} ms per record"
            )
    return "\n".join(lines)


def _listed(ratios: tuple[float, ...]) -> str:
    return " ".join(f"{ratio:.2f}" for ratio in ratios)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of every build (see the output's notes)"
    )
    parser.add_argument("--keep", type=Path, help="keep the projects in this folder")
    parser.add_argument("--serve-rebuild", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_rebuild:
        _serve_rebuild_here(args.serve_rebuild, args.bare)
        return 0

    scratch = args.keep or Path(tempfile.mkdtemp(prefix="research-benchmark-"))
    scratch.mkdir(parents=True, exist_ok=True)
    print(
        f"{os.cpu_count()} CPUs; worker processes for rendering: "
        f"{os.environ.get('RESEARCH_WORKERS', 'up to 2')}",
        flush=True,
    )
    results = []
    try:
        for size in args.sizes:
            print(f"building {size} records...", file=sys.stderr, flush=True)
            results.append(measure(size, scratch, args.repeat))
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
