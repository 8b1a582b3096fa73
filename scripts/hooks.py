"""MkDocs wiring: each event hands over to the plain-Python core in research/, in a few lines.

`mkdocs serve` keeps this module alive between rebuilds, so all state is rebuilt in on_config.

`mkdocs build` writes into a hidden folder beside the output folder, which replaces the output
folder only once the whole build has succeeded (research/staging.py): a failed build leaves the
last good site untouched."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import CountHandler
from research import generated, memo
from research.browse import BrowseIndex
from research.conformance import check_head
from research.context import bulk_downloads
from research.csp import with_policy
from research.discovery import SITEMAP
from research.findings import FindingLinksExtension
from research.fragments import render_fragment
from research.head import Site
from research.listings import home_view, listing_pages
from research.load import load_collection
from research.model import Collection, Record
from research.problems import DataError
from research.record_page import RecordPageParts, record_head_markup, record_page_parts
from research.rendering import package_version, remember_abstracts, render_collection
from research.site_writer import SiteWriter
from research.spawned import FinishedCall, SpawnedCall
from research.staging import StagedOutput

log = get_plugin_logger("research")

_collection: Collection | None = None
_by_prose_path: dict[str, Record] = {}
_site = Site()
_published: set[str] = set()  # every file the build writes, site-relative
_rendered: dict[str, dict[str, str]] = {}  # record id -> its exports (and other renderings)
_cache_dir: Path | None = None
# record page -> the parts that join it after search indexing (on_page_content -> on_page_context)
_deferred: dict[str, RecordPageParts] = {}
_serving = False  # `mkdocs serve`: the same module rebuilds the site on every save
_stage_builds = True  # off for `mkdocs serve` (its own temporary folder) and --dirty builds
_staged: StagedOutput | None = None
_warnings: CountHandler | None = None


def on_startup(command, dirty):
    global _serving, _stage_builds
    _serving = command == "serve"
    _stage_builds = not _serving and not dirty


@event_priority(100)  # first, so that every plugin sees the staging folder as the output folder
def on_config(config):
    """Load and validate every record before MkDocs cleans or writes anything."""
    global _collection, _by_prose_path, _site, _cache_dir, _staged, _warnings
    root = Path(config.config_file_path).resolve().parent
    _cache_dir = root / ".cache" / "research"
    try:
        _collection = load_collection(root, Path(config.docs_dir))
    except DataError as error:
        raise PluginError(str(error)) from None
    _by_prose_path = {record.prose_path: record for record in _collection}
    # Absolute links need the public address: `site_url` (mkdocs.yml reads $SITE_URL).
    _site = Site(config.site_url or None)
    _deferred.clear()
    memo.next_build()  # what serve rebuilds reuse: see research/memo.py
    memo.load(_cache_dir / "memo", package_version())
    log.debug("loaded %d records", len(_collection))
    config.markdown_extensions.append(FindingLinksExtension())
    logging.getLogger("mkdocs.commands.build").addFilter(_written_elsewhere)  # once: a set
    if _stage_builds:
        _staged = StagedOutput(Path(config.site_dir))
        config.site_dir = str(_staged.staging)
        if config.strict:
            # MkDocs counts warnings and aborts only after on_post_build: count them too, so
            # that a build about to fail in strict mode is not published.
            _warnings = CountHandler()
            _warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(_warnings)
    return config


def _offline_edition_path(config) -> str:
    """Site-relative path of the offline edition, named after the site."""
    slug = "-".join("".join(c if c.isalnum() else " " for c in config.site_name.lower()).split())
    return f"download/{slug}-offline.zip"


def on_files(files: Files, config) -> Files:
    global _rendered
    _rendered, stats = render_collection(_collection, _cache_dir)
    remember_abstracts(_collection, _rendered)
    log.debug(
        "renderings: %d records, %d from the cache, %d rendered (%d processes)",
        stats.records,
        stats.from_cache,
        stats.rendered,
        stats.workers,
    )
    for page in listing_pages(BrowseIndex.build(_collection)):
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} would hide a generated listing page: rename it")
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    _start_making_other_files(files, config)
    return files


def _start_making_other_files(files: Files, config) -> None:
    """Every file that is not a page (research/generated.py): its path published now, its
    content made and written by a second process while this one converts the pages (here and
    now on a small site)."""
    global _published, _making
    root = Path(config.config_file_path).resolve().parent
    pages = {
        f.dest_uri: Path(f.abs_src_path) if f.abs_src_path else None  # None: generated
        for f in files.documentation_pages()
    }
    inputs = generated.Inputs.of(
        _collection, _rendered, site=_site, site_name=config.site_name, root=root, pages=pages
    )
    to_make = generated.plan(inputs)
    if SITEMAP not in to_make:
        log.info("site_url is not set: no sitemap.xml (it needs absolute addresses)")
    _published = {file.dest_uri for file in files}
    clashes = sorted(_published.intersection(to_make))
    if clashes:
        raise PluginError(
            f"{clashes[0]}: a file in docs/ or the theme has the path of a generated file"
        )
    _published.update(to_make)
    arguments = (inputs, _cache_dir / "blobs", Path(config.site_dir))
    if len(_collection) >= generated.SECOND_PROCESS_FROM:
        _making = SpawnedCall(generated.make_and_place, *arguments, name="generated files")
    else:
        _making = FinishedCall(generated.make_and_place, *arguments)


_making: SpawnedCall[generated.Outcome] | FinishedCall[generated.Outcome] | None = None


def on_page_markdown(markdown: str, page, config, files):
    record = _by_prose_path.get(page.file.src_uri)
    if record is not None:
        page.meta["title"] = record.title
    return markdown


@event_priority(-100)  # last, once the page is complete: the policy hashes its inline scripts
def on_post_page(output: str, page, config):
    """The conformance check, on the HTML as written: a warning fails `mkdocs build --strict`.
    Then the Content-Security-Policy, for the inline scripts the page has. Then the page goes to
    the site writer."""
    record = _by_prose_path.get(page.file.src_uri)
    if record is not None:
        problems = check_head(
            output,
            page_path=page.file.dest_uri,
            record_type=record.type,
            site=_site,
            exists=_published.__contains__,
        )
        for problem in problems:
            log.warning("%s: %s", page.file.dest_uri, problem)
    html = with_policy(output, content=page.content or "")
    if _writer is None or not html or html.isspace():
        return html  # MkDocs writes it (or, empty, skips it as it always does)
    if not _handed_over:
        _writer.add_all_except(_pages)  # the static files and templates are written by now
    _writer.write_page(page.file.abs_dest_path, html)
    _handed_over.add(_SKIPPED_NOTICE.format(page.file.src_uri))
    return ""  # so MkDocs writes nothing: the site writer does


@event_priority(-100)
def on_post_template(output_content: str, template_name: str, config) -> str:
    return with_policy(output_content) if template_name.endswith(".html") else output_content


# Pages are written by a second process (research/site_writer.py), which also writes the offline
# edition in `mkdocs build`: everything copied before the first page, each page as it is written,
# then the rest at the end. MkDocs skips a page whose output is empty, with a notice for each,
# which this filter keeps for pages that some other plugin emptied.
_writer: SiteWriter | None = None
_pages: frozenset[str] = frozenset()  # every page, none written when the writer starts
_SKIPPED_NOTICE = "Page skipped: '{}'. Generated empty output."  # mkdocs.commands.build's
_handed_over: set[str] = set()  # that notice, for each page handed to the writer


class _WrittenElsewhere(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg in _handed_over)


_written_elsewhere = _WrittenElsewhere()


def on_env(env, config, files):
    global _writer, _pages, _making
    # Every page is converted: the files that are not pages are in place long since. They must
    # be before any page is written, and before the offline edition lists the site.
    try:
        made = _making.result()
    except OSError as error:
        raise PluginError(f"could not write the generated files: {error}") from error
    finally:
        _making = None
    for path, problem in made.problems:
        log.warning("%s: %s", path, problem)
    log.debug(
        "generated files: %d linked, %d written, %d old blobs removed",
        made.placed.linked,
        made.placed.written,
        made.placed.removed,
    )
    if _writer is not None:
        _writer.abandon()  # a previous build that failed before its end
    site = Path(config.site_dir)
    # A preview rebuilds on every save; zipping the whole site each time would cost more than
    # the rest of the rebuild. `mkdocs build` writes it.
    _writer = SiteWriter(site, None if _serving else site / _offline_edition_path(config))
    _pages = frozenset(f.abs_dest_path for f in files.documentation_pages())
    _handed_over.clear()
    return env


def on_page_content(html: str, page, config, files):
    record = _by_prose_path.get(page.file.src_uri)
    if record is not None:
        parts = record_page_parts(record, _collection, _rendered[record.id])
        sections = [AnchorLink(title, anchor, 2) for title, anchor in _RECORD_SECTIONS]
        # The title heads the table of contents, so Material's skip link lands on it.
        title = AnchorLink(record.title, "record-title", 1)
        title.children = [*page.toc.items, *sections]
        page.toc.items[:] = [title]
        _deferred[page.file.src_uri] = parts
        return parts.for_indexing(html)
    if page.is_homepage:
        page.toc.items.append(AnchorLink("Download every record", "download-all", 2))
        return (
            html
            + render_fragment("home.html", home=home_view(_collection, page.file.dest_uri))
            + render_fragment("bulk-exports.html", exports=bulk_downloads(page.file.dest_uri))
            + render_fragment("offline-edition.html", href=_offline_edition_path(config))
        )
    return html


@event_priority(-100)  # after Material's search plugin (priority 0) has indexed page.content
def on_page_context(context, page, config, nav):
    record = _by_prose_path.get(page.file.src_uri)
    if record is not None:
        context["record_head"] = record_head_markup(record, _site, config.site_name)
    parts = _deferred.pop(page.file.src_uri, None)
    if parts is not None:  # indexed: now the page as read (RecordPageParts.for_reading)
        page.content = parts.for_reading(page.content)
    return context


_RECORD_SECTIONS = (
    ("More information", "more-information"),
    ("Cite", "cite"),
    ("Licence", "licence"),
    ("Explore further", "explore-further"),
)


# After everything else has written its files (Material's offline plugin writes the search index
# script at -100), so the edition holds the finished site; then the finished site is published.
@event_priority(-200)
def on_post_build(config):
    global _writer
    if _writer is not None:
        try:
            written = _writer.finish()  # every page on disk, and the edition in place
        except OSError as error:
            raise PluginError(f"could not write the site: {error}") from error
        finally:
            _writer = None
        log.debug("site writer: %d pages, %d files in the offline edition", *written)
    if _serving:
        log.info("offline edition not written while serving: run `mkdocs build` for it")
        return
    memo.save(_cache_dir / "memo", package_version())
    _publish(config)


def _publish(config) -> None:
    global _staged
    if _staged is None:
        return
    failing = _warnings is not None and _warnings.get_counts()
    _stop_counting()
    if not failing:
        _staged.publish()
        config.site_dir = str(_staged.output)
        log.info("Finished build moved into place: %s", _staged.output)
        _staged = None
    # else: MkDocs raises right after this event, and on_build_error discards the staging folder


def on_build_error(error) -> None:
    global _writer, _staged, _making
    if _making is not None:
        _making.cancel()
        _making = None
    if _writer is not None:
        _writer.abandon()
        _writer = None
    _stop_counting()
    if _staged is not None:
        _staged.discard()
        _staged = None


def _stop_counting() -> None:
    global _warnings
    if _warnings is not None:
        logging.getLogger("mkdocs").removeHandler(_warnings)
        _warnings = None
