"""Load and validate every data file into the typed model, all at once, before anything is written.

Every problem in every file is collected; if there is any, `DataError` carries all of them and no
model is returned.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import Any

from .model import (
    Collection,
    Journal,
    Licence,
    Organisation,
    Person,
    PublicationDate,
    Record,
    RepositoryRecord,
    Series,
    StudyPeriod,
)
from .problems import DataError, Problem
from .schema import SCHEMA_NAMES, field_name, schema_problems
from .text import markup_in_title, refused_anywhere, unprintable
from .yamlfile import YamlProblem, line_of, read_utf8, read_yaml

PROSE_DIR = "records"  # under docs/: one <id>.md per record
_PERSONAL_NAME_FIELDS = {"honorific", "given", "particle", "family", "suffix", "orcid"}
# Name parts title the person's author page (`literal`: an organisation as author).
_NAME_PARTS = ("honorific", "given", "particle", "family", "suffix", "literal")


@dataclass(frozen=True)
class SitePaths:
    root: Path  # the project folder: data/ and docs/ are in it
    docs_dir: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @cached_property
    def _resolved_root(self) -> Path:
        return self.root.resolve()

    @cached_property
    def _resolved_folders(self) -> dict[Path, Path]:
        return {}

    def _resolve(self, path: Path) -> Path:
        """`path.resolve()`, resolving each folder once: a thousand records share one."""
        if path.name in {"", "..", "."} or path.is_symlink():
            return path.resolve()
        folders = self._resolved_folders
        if path.parent not in folders:
            folders[path.parent] = path.parent.resolve()
        return folders[path.parent] / path.name

    def show(self, path: Path) -> str:
        try:
            return self._resolve(path).relative_to(self._resolved_root).as_posix()
        except ValueError:
            return path.as_posix()


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2, as ORCID defines its check character."""
    digits = orcid.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


# `mkdocs serve` loads every file again on each save, in the same process: a file whose bytes
# have not changed since it last parsed and passed its schema and text checks is not checked
# again. Only clean files are kept (a file with problems reports them on every load); the
# mappings are only read, never changed, by the loader.
_clean_reads: dict[tuple[str, str], tuple[bytes, dict[str, Any]]] = {}
# The same, one step further: the shared tables, when all four files are as they were and had no
# problems, and each record built from them, when its file and its prose page are as they were
# too (a record is checked against the people, organisations, series and licences, so the
# tables' bytes are part of its key). Records are frozen: sharing them between loads is safe.
_clean_tables: dict[tuple, tuple[dict[str, dict], dict[str, set[str] | None]]] = {}
_built_records: dict[str, tuple[tuple, Record]] = {}
_TABLES = ("organisations", "licences", "people", "series")


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it cannot be read (parsing it reports why)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def _digest(raw: bytes | None) -> bytes | None:
    return None if raw is None else hashlib.sha256(raw).digest()


class _Collector:
    def __init__(self, paths: SitePaths):
        self.paths = paths
        self.problems: list[Problem] = []

    def add(self, path: Path, field: tuple[str | int, ...], message: str) -> None:
        # A problem with the whole file has no line: pointing at its first key would mislead.
        line = line_of(path, field) if field and path.suffix in {".yml", ".yaml"} else None
        self.problems.append(Problem(self.paths.show(path), line, field_name(field), message))

    def parse(self, path: Path, raw: bytes | None = None) -> Any:
        """The parsed file (`raw`: its bytes, if read), or None when it cannot be read (the
        problem is recorded)."""
        try:
            return read_yaml(path, raw)
        except YamlProblem as problem:
            self.problems.append(Problem(self.paths.show(path), problem.line, "", problem.message))
        except FileNotFoundError:
            self.problems.append(Problem(self.paths.show(path), None, "", "the file is missing"))
        except OSError as error:
            message = f"cannot read the file: {error.strerror or error}"
            self.problems.append(Problem(self.paths.show(path), None, "", message))
        return None

    def check_text(self, path: Path, data: Any, field: tuple[str | int, ...] = ()) -> bool:
        """Record every key and value that holds a character no output can carry; True if none."""
        clean = True
        if isinstance(data, dict):
            items = data.items()
        elif isinstance(data, list):
            items = enumerate(data)
        else:
            items = ()
        for key, value in items:
            if isinstance(key, str) and (why := unprintable(key)):
                self.add(path, (*field, key), f"the key {why}")
                clean = False
            if isinstance(value, str):
                if why := unprintable(value):
                    self.add(path, (*field, key), why)
                    clean = False
            elif not self.check_text(path, value, (*field, key)):
                clean = False
        return clean

    def read(
        self, path: Path, schema: str, raw: bytes | None
    ) -> tuple[dict[str, Any] | None, bool]:
        """Parse and schema-check one file, whose bytes are `raw` (None: unreadable): (the
        mapping or None, whether it passed the schema). Problems are recorded as they are found."""
        digest = _digest(raw)
        key = (schema, str(path))
        known = _clean_reads.get(key)
        if digest is not None and known is not None and known[0] == digest:
            return known[1], True
        data, clean = self._read(path, schema, raw)
        if clean and digest is not None:
            _clean_reads[key] = (digest, data)
        return data, clean

    def _read(
        self, path: Path, schema: str, raw: bytes | None
    ) -> tuple[dict[str, Any] | None, bool]:
        data = self.parse(path, raw)
        if data is None:
            return None, False
        if not isinstance(data, dict):
            found = _describe_top_level(data)
            self.add(path, (), f"expected a mapping of fields at the top level, found {found}")
            return None, False
        problems = schema_problems(schema, data)
        for field, message in problems:
            self.add(path, field, message)
        clean = _only_printable(raw) or self.check_text(path, data)
        return data, not problems and clean

    def read_table(self, path: Path, schema: str) -> tuple[dict[str, Any], set[str] | None]:
        """A file of named definitions (people, organisations…): (the valid entries, the keys of
        the invalid ones, or None when the whole file is unusable). Invalid entries are reported
        once here; references to them are not reported again."""
        data = self.parse(path)
        if data is None:
            return {}, None
        if not isinstance(data, dict):
            found = _describe_top_level(data)
            message = f"expected a mapping of keys to definitions at the top level, found {found}"
            self.add(path, (), message)
            return {}, None
        problems = schema_problems(schema, data)
        for field, message in problems:
            self.add(path, field, message)
        broken = {str(field[0]) for field, _ in problems if field}
        broken |= {str(k) for k, v in data.items() if not self.check_text(path, v, (k,))}
        return {k: v for k, v in data.items() if str(k) not in broken}, broken


def _only_printable(raw: bytes | None) -> bool:
    """True when no key or value parsed from `raw` can hold a refused character: the text holds
    none, and YAML writes one that the text lacks only as an escape, after a backslash."""
    return raw is not None and b"\\" not in raw and not refused_anywhere(raw.decode("utf-8"))


def _describe_top_level(data: Any) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return f"the text {data!r}"
    names = {bool: "true/false", int: "a number", float: "a number"}
    return names.get(type(data), type(data).__name__)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _datetime(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        return None


def _month(text: str) -> dt.date | None:
    return _date(f"{text}-01")


class _Loader:
    def __init__(self, paths: SitePaths):
        self.paths = paths
        self.out = _Collector(paths)
        self.prose_dir = paths.docs_dir / PROSE_DIR
        self.declared_ids: set[str] = set()
        # Invalid definitions, per table, already reported; None when the whole file is.
        self.broken: dict[str, set[str] | None] = {}

    # --- shared definitions -------------------------------------------------------------

    def organisations(self) -> dict[str, Organisation]:
        path = self.paths.data_dir / "organisations.yml"
        data, broken = self.out.read_table(path, "organisations")
        self.broken["organisations"] = broken
        return {key: Organisation(key=key, **value) for key, value in data.items()}

    def licences(self) -> dict[str, Licence]:
        path = self.paths.data_dir / "licences.yml"
        data, broken = self.out.read_table(path, "licences")
        self.broken["licences"] = broken
        return {key: Licence(key=key, **value) for key, value in data.items()}

    def people(self, organisations: dict[str, Organisation]) -> dict[str, Person]:
        path = self.paths.data_dir / "people.yml"
        data, broken = self.out.read_table(path, "people")
        self.broken["people"] = broken
        people = {}
        for key, value in data.items():
            if "literal" in value:
                for name in sorted(_PERSONAL_NAME_FIELDS & value.keys()):
                    self.out.add(
                        path,
                        (key, name),
                        "an author with a `literal` (organisation) name has no personal-name "
                        "fields: remove it, or remove `literal`",
                    )
            orcid = value.get("orcid")
            if orcid and not orcid_checksum_ok(orcid):
                self.out.add(path, (key, "orcid"), f"{orcid!r} fails the ORCID check digit")
            self._page_title(path, key, value, _NAME_PARTS)
            affiliation = self._reference(
                path, (key, "affiliation"), value.get("affiliation"), organisations, "organisations"
            )
            people[key] = Person(key=key, **{**value, "affiliation": affiliation})
        return people

    def series(self, organisations: dict[str, Organisation]) -> dict[str, Series]:
        path = self.paths.data_dir / "series.yml"
        data, broken = self.out.read_table(path, "series")
        self.broken["series"] = broken
        for key, value in data.items():
            self._page_title(path, key, value, ("title",))
        return {
            key: Series(
                key=key,
                **{
                    **value,
                    "publisher": self._reference(
                        path, (key, "publisher"), value["publisher"], organisations, "organisations"
                    ),
                },
            )
            for key, value in data.items()
        }

    def _page_title(self, path: Path, key: str, value: dict, fields: tuple[str, ...]) -> None:
        """A person's name and a series' title are the titles of their listing pages."""
        for name in fields:
            if name in value and (why := markup_in_title(value[name])):
                self.out.add(path, (key, name), why.replace("titles are", "names are"))

    def _reference(self, path, field, key, table: dict, table_name: str):
        if key is None:
            return None
        broken = self.broken.get(table_name, set())
        if broken is None or key in broken:  # already reported
            return None
        if key not in table:
            known = ", ".join(sorted(table)) or "none defined"
            self.out.add(
                path, field, f"{key!r} is not defined in data/{table_name}.yml (known: {known})"
            )
            return None
        return table[key]

    # --- records ---------------------------------------------------------------------------

    def tables(self) -> tuple[dict[str, dict], tuple]:
        """The shared definitions, and a key that changes whenever any of their files does."""
        files = tuple(self.paths.data_dir / f"{name}.yml" for name in _TABLES)
        key = (tuple(map(str, files)), tuple(_digest(_read_bytes(file)) for file in files))
        if key in _clean_tables:
            tables, broken = _clean_tables[key]
            self.broken = dict(broken)
            return tables, key
        before = len(self.out.problems)
        organisations = self.organisations()
        tables = {
            "organisations": organisations,
            "licences": self.licences(),
            "people": self.people(organisations),
            "series": self.series(organisations),
        }
        if len(self.out.problems) == before and None not in key[1]:
            _clean_tables.clear()
            _clean_tables[key] = (tables, dict(self.broken))
        return tables, key

    def record(self, path: Path, tables: dict[str, dict], tables_key: tuple) -> Record | None:
        # A record owns its prose page even when it is broken: no second problem for the page.
        self.declared_ids.add(path.stem)
        raw = _read_bytes(path)
        # A record that was built has its file's name as its id, so its prose page is known.
        prose = self.prose_dir / f"{path.stem}.md"
        prose_raw = _read_bytes(prose)
        key = (
            _digest(raw),
            _digest(prose_raw),
            tables_key,
            str(self.paths.root),
            str(prose),
        )
        built = _built_records.get(str(path))
        if built is not None and built[0] == key and None not in key[:2]:
            return built[1]
        record = self._record(path, tables, raw, prose_raw)
        if record is not None and None not in key[:2]:
            _built_records[str(path)] = (key, record)
        return record

    def _record(
        self, path: Path, tables: dict[str, dict], raw: bytes | None, prose_raw: bytes | None
    ) -> Record | None:
        """The record in `path` (whose bytes are `raw`); `prose_raw`: the bytes of the prose page
        named after the file, None if it could not be read."""
        data, valid = self.out.read(path, "record", raw)
        if data is not None and isinstance(data.get("id"), str):
            self.declared_ids.add(data["id"])
        if not valid:
            return None
        before = len(self.out.problems)
        add = self.out.add

        if data["id"] != path.stem:
            add(
                path,
                ("id",),
                f"{data['id']!r} does not match the file name: rename the file to "
                f"data/records/{data['id']}{path.suffix} or change the id to {path.stem!r}",
            )
        if why := markup_in_title(data["title"]):
            add(path, ("title",), why)
        # Keywords and subjects name pages of their own, whose titles the theme prints unescaped.
        for list_name in ("keywords", "subjects"):
            for index, term in enumerate(data.get(list_name, ())):
                if why := markup_in_title(term):
                    add(path, (list_name, index), why.replace("titles are", "terms are"))

        try:
            published = PublicationDate.parse(data["published"])
        except ValueError:
            published = None
            add(path, ("published",), f"{data['published']!r} is not a real calendar date")

        authors = []
        for index, key in enumerate(data["authors"]):
            person = self._reference(path, ("authors", index), key, tables["people"], "people")
            if person is not None:
                authors.append(person)
        if len(set(data["authors"])) != len(data["authors"]):
            add(path, ("authors",), "lists the same person more than once")

        publisher = self._reference(
            path, ("publisher",), data.get("publisher"), tables["organisations"], "organisations"
        )
        series = self._reference(path, ("series",), data.get("series"), tables["series"], "series")
        if data.get("series_number") and not data.get("series"):
            add(path, ("series_number",), "a series number needs a `series`")
        licence = self._reference(
            path, ("licence",), data["licence"], tables["licences"], "licences"
        )

        repository = None
        if "repository" in data:
            repo = dict(data["repository"])
            for key in ("deposited", "last_modified"):
                if key in repo:
                    value = _datetime(repo[key])
                    if value is None:
                        add(path, ("repository", key), f"{repo[key]!r} is not a real date and time")
                    repo[key] = value
            if repo.get("deposited") and repo.get("last_modified"):
                if repo["last_modified"] < repo["deposited"]:
                    add(
                        path,
                        ("repository", "last_modified"),
                        f"{data['repository']['last_modified']!r} is earlier than "
                        f"repository.deposited ({data['repository']['deposited']!r})",
                    )
            repository = RepositoryRecord(**repo)

        study = None
        if "study" in data:
            start, end = _month(data["study"]["start"]), _month(data["study"]["end"])
            for key, value in (("start", start), ("end", end)):
                if value is None:
                    add(path, ("study", key), f"{data['study'][key]!r} is not a real month")
            if start and end and end < start:
                add(
                    path,
                    ("study", "end"),
                    f"{data['study']['end']!r} is earlier than study.start "
                    f"({data['study']['start']!r})",
                )
            study = StudyPeriod(start, end, data["study"].get("description"))

        if data["type"] == "article" and "journal" not in data:
            add(path, ("journal",), "an article needs its `journal`")

        prose_path = f"{PROSE_DIR}/{data['id']}.md"
        prose_file = self.paths.docs_dir / prose_path
        abstract = ""
        if data["id"] != path.stem:
            prose_raw = None  # read below, under the name the record gives
        if prose_raw is None and not prose_file.is_file():
            add(path, ("id",), f"has no prose page: create docs/{prose_path}")
        else:
            try:
                abstract = read_utf8(prose_file, prose_raw)
            except YamlProblem as problem:
                shown = self.paths.show(prose_file)
                self.out.problems.append(Problem(shown, problem.line, "", problem.message))
            else:
                if not abstract.strip() and not data.get("abstract_note"):
                    add(
                        prose_file,
                        (),
                        "the file is empty: write the record's abstract here, or give the "
                        "record an `abstract_note` saying why there is none",
                    )

        if len(self.out.problems) > before:
            return None
        return Record(
            id=data["id"],
            title=data["title"],
            type=data["type"],
            item_type=data["item_type"],
            authors=tuple(authors),
            published=published,
            publisher=publisher,
            status=data["status"],
            language=data["language"],
            licence=licence,
            prose_path=prose_path,
            abstract_markdown=abstract,
            series=series,
            series_number=data.get("series_number"),
            copyright=data.get("copyright"),
            additional_information=data.get("additional_information"),
            doi=data.get("doi"),
            journal=Journal(**data["journal"]) if "journal" in data else None,
            keywords=tuple(data.get("keywords", ())),
            subjects=tuple(data.get("subjects", ())),
            related=tuple(data.get("related", ())),
            abstract_note=data.get("abstract_note"),
            repository=repository,
            study=study,
            source_path=self.paths.show(path),
        )

    def collection(self) -> Collection:
        tables, tables_key = self.tables()
        record_dir = self.paths.data_dir / "records"
        # Siblings sort by name as paths do, without comparing every folder in the path.
        by_name = attrgetter("name")
        files = sorted(record_dir.glob("*.yml"), key=by_name) + sorted(
            record_dir.glob("*.yaml"), key=by_name
        )
        if not files:
            self.out.add(record_dir, (), "no records: add at least one <id>.yml file")
        records: list[Record] = []
        first_file: dict[str, Path] = {}
        for path in files:
            record = self.record(path, tables, tables_key)
            if record is None:
                continue
            if record.id in first_file:
                shown = self.paths.show(first_file[record.id])
                self.out.add(path, ("id",), f"{record.id!r} is already used by {shown}")
                continue
            first_file[record.id] = path
            records.append(record)

        self._check_related(records, first_file)
        self._check_orphan_prose()
        self._check_unknown_data_files()
        if self.out.problems:
            raise DataError(self.out.problems)
        records.sort(key=lambda r: r.id)
        records.sort(key=lambda r: r.published.sort_key, reverse=True)
        return Collection(tuple(records))

    def _check_related(self, records: list[Record], files: dict[str, Path]) -> None:
        for record in records:
            for index, other in enumerate(record.related):
                if other in self.declared_ids and other not in files:
                    continue  # a record that is itself invalid: reported once, in its own file
                if other not in files:
                    self.out.add(
                        files[record.id], ("related", index), f"{other!r} is not a record's id"
                    )
                elif other == record.id:
                    self.out.add(
                        files[record.id], ("related", index), "a record cannot relate to itself"
                    )

    def _check_orphan_prose(self) -> None:
        prose_dir = self.paths.docs_dir / PROSE_DIR
        for prose in sorted(prose_dir.glob("*.md")):
            if prose.stem not in self.declared_ids and prose.name != "index.md":
                self.out.add(
                    prose,
                    (),
                    f"prose page without a record: add data/records/{prose.stem}.yml "
                    "with that id, or remove the page",
                )

    def _check_unknown_data_files(self) -> None:
        """A misspelt data file would otherwise be ignored without a word."""
        known = [f"{name}.yml" for name in SCHEMA_NAMES if name != "record"]
        for path in sorted(self.paths.data_dir.glob("*.y*ml")):
            if path.name not in known:
                hint = difflib.get_close_matches(path.name, known, n=1, cutoff=0.6)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                message = (
                    f"not a data file this site reads{suggestion}; records go in data/records/"
                )
                self.out.add(path, (), message)


def load_collection(root: Path, docs_dir: Path | None = None) -> Collection:
    """Load every data file under `root/data`, with prose pages from `docs_dir`.

    Raises DataError listing every problem found, if any."""
    root = Path(root)
    return _Loader(SitePaths(root, Path(docs_dir) if docs_dir else root / "docs")).collection()
