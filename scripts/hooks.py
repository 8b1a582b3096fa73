"""MkDocs wiring: each event hands over to the plain-Python core in research/, in a few lines.

`mkdocs serve` keeps this module alive between rebuilds, so all state is rebuilt in on_config."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import AnchorLink
from research.context import record_summaries, record_view
from research.exports import EXPORTS
from research.fragments import render_fragment
from research.load import load_collection
from research.model import Collection, Record
from research.problems import DataError
from research.schema import SCHEMA_DIR, SCHEMA_NAMES

log = get_plugin_logger("research")

_collection: Collection | None = None
_by_prose_path: dict[str, Record] = {}


def on_config(config):
    """Load and validate every record before MkDocs cleans or writes anything."""
    global _collection, _by_prose_path
    root = Path(config.config_file_path).resolve().parent
    try:
        _collection = load_collection(root, Path(config.docs_dir))
    except DataError as error:
        raise PluginError(str(error)) from None
    _by_prose_path = {record.prose_path: record for record in _collection}
    log.debug("loaded %d records", len(_collection))
    return config


def on_files(files: Files, config) -> Files:
    for record in _collection:
        for fmt in EXPORTS:
            files.append(
                File.generated(config, f"records/{fmt.file_name(record)}", content=fmt.render(record))
            )
    for name in SCHEMA_NAMES:
        schema = SCHEMA_DIR / f"{name}.schema.json"
        files.append(
            File.generated(config, f"schema/{schema.name}", content=schema.read_text("utf-8"))
        )
    return files


def on_page_markdown(markdown: str, page, config, files):
    record = _by_prose_path.get(page.file.src_uri)
    if record is not None:
        page.meta["title"] = record.title
    return markdown


def on_page_content(html: str, page, config, files):
    record = _by_prose_path.get(page.file.src_uri)
    if record is not None:
        view = record_view(record)
        page.toc.items.extend(
            AnchorLink(title, anchor, 2)
            for title, anchor in (("More information", "more-information"), ("Cite", "cite"))
        )
        return (
            render_fragment("record-header.html", record=view)
            + html
            + render_fragment("record-details.html", record=view)
        )
    if page.is_homepage:
        summaries = record_summaries(_collection, page.file.dest_uri)
        return html + render_fragment("record-list.html", records=summaries)
    return html
