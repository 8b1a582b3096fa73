"""The typed record model. Everything after the loader takes these, never raw YAML dicts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import TypeVar
from urllib.parse import quote

_DOI_SAFE = "/:;()[]@!$&'*+,=-._~"


_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


T = TypeVar("T")


def keeps_its_hash(cls: type[T]) -> type[T]:
    """For a frozen dataclass used as a memo key (research/memo.py), looked up every build: its
    hash, made from every nested field, is kept once made (the fields never change). It is not
    pickled: another process hashes strings differently."""

    def __hash__(self) -> int:
        try:
            return self.__dict__["_hash"]
        except KeyError:
            value = hash(tuple(getattr(self, f.name) for f in fields(self)))
            object.__setattr__(self, "_hash", value)
            return value

    def __getstate__(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if name != "_hash"}

    cls.__hash__ = __hash__
    cls.__getstate__ = __getstate__
    return cls


@dataclass(frozen=True)
class PublicationDate:
    """A publication date known to the day, the month or only the year. Nothing is filled in:
    an article known only as '2022' has `month` and `day` None, never 1 January."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PublicationDate:
        """'2022-03-18', '2022-03' or '2022'; ValueError when it is no real date."""
        parts = text.split("-")
        if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
            raise ValueError(f"not a date: {text!r}")
        if len(parts) == 3:
            day = dt.date.fromisoformat(text)
            return cls(day.year, day.month, day.day)
        year = int(parts[0])
        month = int(parts[1]) if len(parts) == 2 else None
        if len(parts[0]) != 4 or (month is not None and not 1 <= month <= 12):
            raise ValueError(f"not a date: {text!r}")
        return cls(year, month)

    @property
    def month_name(self) -> str | None:
        return _MONTH_NAMES[self.month - 1] if self.month else None

    def isoformat(self) -> str:
        """As precise as it is known: '2022-03-18', '2022-03' or '2022' (valid in <time>)."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def long(self) -> str:
        """'18 March 2022', 'March 2022' or '2022'."""
        return " ".join(str(p) for p in (self.day, self.month_name, self.year) if p)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Newest first sorts a year-only date after the dated records of the same year."""
        return (self.year, self.month or 0, self.day or 0)


@dataclass(frozen=True)
class Organisation:
    key: str
    name: str
    short_name: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Person:
    """An author: a person (given and family names), or an organisation credited as author (a
    corporate author), which has only a `literal` name that citation formats must not split."""

    key: str
    given: str | None = None
    family: str | None = None
    honorific: str | None = None
    particle: str | None = None
    suffix: str | None = None
    affiliation: Organisation | None = None
    orcid: str | None = None
    literal: str | None = None

    @property
    def is_organisation(self) -> bool:
        return self.literal is not None

    @property
    def display_name(self) -> str:
        """The name as a byline prints it: 'Madeline Petrillo', 'Jan van der Berg'."""
        if self.literal is not None:
            return self.literal
        parts = [self.given, self.particle, self.family]
        name = " ".join(p for p in parts if p)
        return f"{name}, {self.suffix}" if self.suffix else name

    @property
    def sort_name(self) -> str:
        """Family first, as reference lists and `citation_author` want it: 'Petrillo, Madeline'."""
        if self.literal is not None:
            return self.literal
        family = " ".join(p for p in (self.particle, self.family) if p)
        name = f"{family}, {self.given}"
        return f"{name}, {self.suffix}" if self.suffix else name

    @property
    def orcid_url(self) -> str | None:
        return f"https://orcid.org/{self.orcid}" if self.orcid else None


@dataclass(frozen=True)
class Licence:
    key: str
    name: str
    url: str
    attribution: str | None = None
    exclusions: str | None = None
    non_endorsement: str | None = None


@dataclass(frozen=True)
class Series:
    key: str
    title: str
    publisher: Organisation
    url: str | None = None


@dataclass(frozen=True)
class Journal:
    title: str
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    issn: str | None = None


@dataclass(frozen=True)
class RepositoryRecord:
    """The record of this output in an institutional repository (where the source text came from)."""

    name: str
    url: str
    depositing_user: str | None = None
    deposited: dt.datetime | None = None
    last_modified: dt.datetime | None = None
    full_text: str | None = None
    full_text_note: str | None = None


@dataclass(frozen=True)
class StudyPeriod:
    start: dt.date  # first day of the month the fieldwork began
    end: dt.date  # first day of the month it ended
    description: str | None = None


@keeps_its_hash
@dataclass(frozen=True)
class Record:
    id: str
    title: str
    type: str  # "report" or "article": what citation formats call it
    item_type: str  # as the repository records it
    authors: tuple[Person, ...]
    published: PublicationDate
    publisher: Organisation | None  # required for reports; an article may have only its journal
    status: str
    language: str
    licence: Licence
    prose_path: str  # the Markdown page with the abstract, relative to docs/
    abstract_markdown: str = field(repr=False)
    series: Series | None = None
    series_number: str | None = None
    copyright: str | None = None
    additional_information: str | None = None
    doi: str | None = None
    journal: Journal | None = None
    keywords: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    abstract_note: str | None = None
    repository: RepositoryRecord | None = None
    study: StudyPeriod | None = None
    source_path: str = ""  # the YAML file, for messages

    @property
    def year(self) -> int:
        return self.published.year

    @property
    def report_type(self) -> str:
        """'Monograph (Project Report)' is the repository's label; the report type that citation
        formats want is the part in parentheses when there is one ('Project Report')."""
        label = self.item_type
        if label.endswith(")") and "(" in label:
            return label[label.index("(") + 1 : -1]
        return label

    @property
    def doi_url(self) -> str | None:
        # A DOI may hold characters that end or change a URL (#, ?, %, <, >): the DOI Handbook
        # says to percent-encode them in the resolver link.
        return f"https://doi.org/{quote(self.doi, safe=_DOI_SAFE)}" if self.doi else None

    @property
    def permanent_url(self) -> str | None:
        """The citable, permanent address: the DOI where there is one, else the repository's record."""
        if self.doi_url:
            return self.doi_url
        return self.repository.url if self.repository else None


@dataclass(frozen=True)
class Collection:
    """Every record on the site, in a stable order (newest first, then by id)."""

    records: tuple[Record, ...]

    def __post_init__(self) -> None:
        index = {record.id: record for record in self.records}
        object.__setattr__(self, "_by_id", index)

    def get(self, record_id: str) -> Record:
        return self._by_id[record_id]  # type: ignore[attr-defined]

    def __iter__(self):
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)
