"""Every per-record rendering (each export format, and anything else rendered from one record),
done once per build, kept in a disk cache keyed by content, and spread over the cores when many
are missing.

Rendering citations is the expensive part of a build (citeproc-py takes milliseconds per record
and style), and a record's renderings change only when the record or the rendering code does. So
the cache key is a hash of the record's whole content (every field of the model, its prose
included) and of the renderer version (the source of this package and the versions of every
installed distribution). An edit to one record re-renders that record alone; an edit to the code
or an upgrade re-renders everything. Nothing is ever served stale: there is no expiry to get
wrong, and no entry is found under a key its inputs do not produce.

The renderers are pure functions of a record, so they run in worker processes unchanged; a worker
looks them up in the registries itself, so only records travel between processes."""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import json
import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from . import abstract
from .abstract import record_abstract
from .exports import EXPORTS
from .fragments import FRAGMENT_DIR
from .memo import Memo
from .model import Record
from .references import CSL_DIR, STYLES, render_html, render_text

PACKAGE_DIR = Path(__file__).resolve().parent
CACHE_FORMAT = "1"  # bump when the layout of a cache entry changes

# Below this many records to render, starting worker processes costs more than it saves.
POOL_THRESHOLD = 24

Renderings = Mapping[str, str]  # rendering name -> text, e.g. "export:bibtex" -> "@techreport{..."


def renderers() -> dict[str, Callable[[Record], str]]:
    """Every rendering made from one record, by name. Each registry of per-record renderings
    contributes its rows here, and the cache and the worker pool then apply to it."""
    found: dict[str, Callable[[Record], str]] = {
        export_name(fmt.key): fmt.render for fmt in EXPORTS
    }
    for style in STYLES:
        found[reference_name(style.key, "text")] = partial(render_text, style.key)
        found[reference_name(style.key, "html")] = partial(render_html, style.key)
    found[ABSTRACT_TEXT] = _abstract_or_empty
    return found


ABSTRACT_TEXT = "abstract:text"  # for metadata; "" when there is none (or it is withheld)


def _abstract_or_empty(record: Record) -> str:
    return record_abstract(record) or ""


def remember_abstracts(records: Iterable[Record], rendered: Mapping[str, Renderings]) -> None:
    """Hand the cached abstract texts to research.abstract, which the head and feed ask."""
    abstract.remember(
        {record.abstract_markdown: rendered[record.id][ABSTRACT_TEXT] or None for record in records}
    )


def export_name(key: str) -> str:
    return f"export:{key}"


def reference_name(style_key: str, form: str) -> str:
    """A formatted reference: form is "text" or "html"."""
    return f"reference:{style_key}:{form}"


def render_record(record: Record) -> dict[str, str]:
    return {name: render(record) for name, render in renderers().items()}


def renderer_sources() -> list[Path]:
    """The package's modules that rendering runs: this one and everything it imports from the
    package, followed through their own imports. An edit to any other module (the hooks, the
    page views, the listing pages...) leaves the rendered citations valid."""
    found: set[Path] = set()
    pending = [Path(__file__).resolve()]
    while pending:
        path = pending.pop()
        if path in found or not path.is_file():
            continue
        found.add(path)
        package = path.parent
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level == 0:
                continue
            base = package
            for _ in range(node.level - 1):
                base = base.parent
            if node.module:
                target = base.joinpath(*node.module.split("."))
                pending += [target.with_suffix(".py"), target / "__init__.py"]
                # `from .formats import bibtex`: bibtex may be a module of that package
                pending += [target / f"{alias.name}.py" for alias in node.names]
            else:  # `from . import abstract`
                pending += [base / f"{alias.name}.py" for alias in node.names]
                pending += [base / alias.name / "__init__.py" for alias in node.names]
    return sorted(found)


@cache
def renderer_version() -> str:
    """A hash of everything a rendering depends on besides the record: the source of the
    modules rendering runs (renderer_sources), the files they read (CSL styles, the references
    page's template) and every installed distribution's version (pybtex, citeproc-py...)."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    inputs = [
        *renderer_sources(),
        *sorted(CSL_DIR.glob("*.csl")),
        FRAGMENT_DIR / "references-document.html",
    ]
    for path in inputs:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(_distributions().encode())
    return digest.hexdigest()


@cache
def _distributions() -> str:
    """Every installed distribution and its version (pybtex, citeproc-py, Jinja...): the names
    of the `*.dist-info` and `*.egg-info` folders on sys.path, which carry name and version, and
    each one's modification time, which changes when it is installed again. Reading each one's
    metadata instead (importlib.metadata) took a fifth of a second of every build."""
    found = []
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as entries:
                for item in entries:
                    if item.name.endswith((".dist-info", ".egg-info")):
                        found.append(f"{item.name} {item.stat().st_mtime_ns}")
        except OSError:  # a zip file on sys.path, or a folder that is not there
            continue
    return "\n".join(sorted(found))


@cache
def package_version() -> str:
    """A hash of the whole package's source, the fragment templates and the installed
    distributions: what anything made by this package and kept between builds depends on
    besides its own inputs (research.memo)."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for folder, pattern in ((PACKAGE_DIR, "**/*.py"), (FRAGMENT_DIR, "*.html")):
        for path in sorted(folder.glob(pattern)):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(_distributions().encode())
    return digest.hexdigest()


def record_fingerprint(record: Record) -> str:
    """A hash of every field of the record, nested definitions (people, licence...) and prose
    included: any change to what a renderer could read changes it. The model is frozen
    dataclasses of text, numbers, dates and tuples, whose repr is exact and stable (and five
    times quicker to make than a JSON dump of dataclasses.asdict)."""
    values = tuple(getattr(record, f.name) for f in dataclasses.fields(record))
    return hashlib.sha256(repr(values).encode()).hexdigest()


# `mkdocs serve`: an unchanged record is the same object as in the last build (research.load),
# found by identity before its fields are compared.
_fingerprints: Memo[str] = Memo()


@dataclass
class RenderStats:
    records: int = 0
    from_cache: int = 0
    rendered: int = 0
    workers: int = 1


class RenderingCache:
    """One JSON file per record and renderer version under `directory`; written atomically, so
    a build and `mkdocs serve` can share it."""

    def __init__(self, directory: Path, version: str):
        self.directory = Path(directory)
        self.version = version

    def key(self, record: Record) -> str:
        fingerprint = _fingerprints.get(record, partial(record_fingerprint, record))
        return hashlib.sha256(f"{self.version}:{fingerprint}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def load(self, key: str) -> dict[str, str] | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent, or torn by a crash: render again
        return data if isinstance(data, dict) else None

    def store(self, key: str, renderings: Renderings) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
        ) as handle:
            json.dump(renderings, handle, ensure_ascii=False)
        os.replace(handle.name, path)

    def remove(self, keys: Iterable[str]) -> None:
        for key in keys:
            self._path(key).unlink(missing_ok=True)

    def prune(self, keep: set[str]) -> int:
        """Remove entries this build did not use (older versions of records or of the code)."""
        removed = 0
        for path in self.directory.glob("*/*.json"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def worker_count() -> int:
    """Both cores where there are two; RESEARCH_WORKERS=1 renders in the build process."""
    wanted = os.environ.get("RESEARCH_WORKERS")
    if wanted:
        return max(1, int(wanted))
    return max(1, min(2, os.cpu_count() or 1))


def _render_all(records: list[Record], workers: int) -> Iterable[dict[str, str]]:
    if workers < 2 or len(records) < POOL_THRESHOLD:
        return map(render_record, records)
    # fork: the workers inherit the loaded modules. MkDocs puts scripts/ on sys.path only while
    # it imports the hooks, so a freshly spawned interpreter could not import this package.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        chunk = max(1, len(records) // (workers * 8))
        return list(pool.map(render_record, records, chunksize=chunk))


# `mkdocs serve` rebuilds in the same process: the last build's renderings, by cache key, spare
# it reading a thousand cache files again.
_last_build: dict[str, dict[str, str]] = {}
_last_directory: Path | None = None  # the cache they came from


def render_collection(
    records: Iterable[Record], cache_dir: Path | None, *, workers: int | None = None
) -> tuple[dict[str, dict[str, str]], RenderStats]:
    """Every record's renderings by record id, from the cache where it has them. With no
    `cache_dir`, everything is rendered."""
    records = list(records)
    workers = worker_count() if workers is None else workers
    stats = RenderStats(records=len(records), workers=1)
    store = RenderingCache(cache_dir, renderer_version()) if cache_dir else None
    result: dict[str, dict[str, str]] = {}
    keys: dict[str, str] = {}
    missing: list[Record] = []
    for record in records:
        if store:
            keys[record.id] = key = store.key(record)
            found = _last_build.get(key) or store.load(key)
            if found is not None and found.keys() == renderers().keys():
                result[record.id] = found
                continue
        missing.append(record)
    stats.from_cache = len(records) - len(missing)
    stats.rendered = len(missing)
    if len(missing) >= POOL_THRESHOLD:
        stats.workers = workers
    for record, renderings in zip(missing, _render_all(missing, workers), strict=True):
        result[record.id] = renderings
        if store:
            store.store(keys[record.id], renderings)
    if store:
        keep = set(keys.values())
        global _last_directory
        if _last_build and _last_directory == store.directory:  # a rebuild: what it no longer uses
            store.remove(_last_build.keys() - keep)
        else:  # listing every entry takes a twentieth of a second at 1,000 records
            store.prune(keep)
        _last_directory = store.directory
        _last_build.clear()
        _last_build.update((keys[record_id], texts) for record_id, texts in result.items())
    return result, stats
