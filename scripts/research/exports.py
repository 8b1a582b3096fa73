"""The one registry of export formats. The record page, the generated files, the docs and the
tests all loop over EXPORTS; adding a format is one module in formats/ plus one row here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .formats import bibtex
from .model import Record


@dataclass(frozen=True)
class ExportFormat:
    key: str  # stable name, used in tests and docs
    label: str  # what the download link says
    suffix: str  # file suffix of the per-record file, beside its page
    media_type: str  # what a host should send as Content-Type
    render: Callable[[Record], str]
    description: str

    def file_name(self, record: Record) -> str:
        return f"{record.id}{self.suffix}"


EXPORTS: tuple[ExportFormat, ...] = (
    ExportFormat(
        key="bibtex",
        label="BibTeX",
        suffix=".bib",
        media_type="application/x-bibtex",
        render=bibtex.render,
        description="For LaTeX, and for import into Zotero, Mendeley, JabRef or EndNote.",
    ),
)


def export(key: str) -> ExportFormat:
    return next(fmt for fmt in EXPORTS if fmt.key == key)
