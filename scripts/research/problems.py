"""Problems found in the data files, collected so that all of them are reported at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # the file, relative to the project root
    line: int | None  # 1-based, where the YAML parser can tell
    field: str  # dotted path into the file, e.g. "repository.deposited" or "authors[1]"
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class DataError(Exception):
    """Raised with every problem in the data; the build stops before anything is written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the site's data:"
        super().__init__("\n".join([heading, *(f"  {p}" for p in self.problems)]))
