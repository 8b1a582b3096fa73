"""Every file of the site that is not a page: each record's exports and linkset, the whole-
collection exports, the schemas, sitemap.xml, robots.txt and the Atom feed.

Which files there are is known at once (pages link to them, the head check looks for them), but
no page depends on their contents, so the build makes and writes those in a second process while
it converts the pages (hooks.py, research/spawned.py). `plan` maps each site-relative path to a
function that makes the file; `make_and_place` makes them all and writes them. Both read only
`Inputs`, which travel to the other process pickled."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from .blobs import Placed, place_all
from .conformance import check_linkset
from .discovery import FEED, SITEMAP, SitePage, atom_feed, page_dates, robots, sitemap
from .exports import EXPORTS, bulk_exports
from .head import Site, linkset, linkset_path, page_path
from .model import Collection, Record
from .rendering import export_name
from .schema import SCHEMA_DIR, SCHEMA_NAMES

# Below this many records, the files are made in the build's own process: starting a second
# interpreter with this package imported (0.4 s) takes longer than converting the pages does.
SECOND_PROCESS_FROM = 100


@dataclass(frozen=True)
class Made:
    content: str
    problems: tuple[str, ...] = ()  # what the conformance check finds wrong with it


@dataclass(frozen=True)
class Inputs:
    collection: Collection
    exports: Mapping[str, Mapping[str, str]]  # record id -> export name -> text
    site: Site
    site_name: str
    root: Path  # the project's folder, for the pages' dates
    pages: Mapping[str, Path | None]  # each page's site path -> its Markdown (None: generated)

    @classmethod
    def of(cls, collection: Collection, rendered: Mapping[str, Mapping[str, str]], **others):
        """From all of each record's renderings, only the exports (what is sent is pickled)."""
        names = [export_name(fmt.key) for fmt in EXPORTS]
        exports = {r.id: {name: rendered[r.id][name] for name in names} for r in collection}
        return cls(collection, exports, **others)


def plan(inputs: Inputs) -> dict[str, Callable[[], Made]]:
    collection, rendered, site = inputs.collection, inputs.exports, inputs.site
    files: dict[str, Callable[[], Made]] = {}
    for record in collection:
        texts = rendered[record.id]
        for fmt in EXPORTS:
            files[f"records/{fmt.file_name(record)}"] = partial(Made, texts[export_name(fmt.key)])
        files[linkset_path(record)] = partial(_linkset_file, record, site)
    for fmt in bulk_exports():  # joined from the per-record texts the cache already holds
        texts = [rendered[record.id][export_name(fmt.key)] for record in collection]
        files[fmt.bulk_file] = partial(_joined, fmt.join, texts)
    for name in SCHEMA_NAMES:
        schema = SCHEMA_DIR / f"{name}.schema.json"
        files[f"schema/{schema.name}"] = partial(_copied, schema)

    records = list(collection)
    dates = cache(partial(page_dates, inputs.root, dict(inputs.pages), records))
    if site.url:  # a sitemap lists absolute addresses only
        files[SITEMAP] = lambda: Made(sitemap([SitePage(*item) for item in dates().items()], site))
    files["robots.txt"] = lambda: Made(robots(site))
    files[FEED] = lambda: Made(
        atom_feed(records, {r.id: dates()[page_path(r)] for r in records}, site, inputs.site_name)
    )
    return files


def _joined(join: Callable[[list[str]], str], texts: list[str]) -> Made:
    return Made(join(texts))


def _copied(path: Path) -> Made:
    return Made(path.read_text("utf-8"))


def _linkset_file(record: Record, site: Site) -> Made:
    links = linkset(record, site)
    content = json.dumps(links, indent=2, ensure_ascii=False) + "\n"
    return Made(content, tuple(check_linkset(links)))


@dataclass(frozen=True)
class Outcome:
    placed: Placed
    problems: tuple[tuple[str, str], ...]  # (path, problem)


def make_and_place(inputs: Inputs, store: Path, site_dir: Path) -> Outcome:
    """Make every planned file and put it into `site_dir` (research.blobs.place_all)."""
    contents, problems = {}, []
    for path, make in plan(inputs).items():
        made = make()
        contents[path] = made.content
        problems += [(path, problem) for problem in made.problems]
    return Outcome(place_all(store, site_dir, contents), tuple(problems))
