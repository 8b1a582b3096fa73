"""The one registry of export formats. The record page, the generated files, the home page's bulk
files, the docs and the tests all loop over EXPORTS; adding a format is one module in formats/
plus one row here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import references
from .formats import bibtex, csl_json, dublin_core, json_ld, mods, refer, ris
from .model import Record

BULK_DIR = "exports"  # site folder of the files with every record in one


@dataclass(frozen=True)
class ExportFormat:
    key: str  # stable name, used in tests and docs
    label: str  # what the download link says
    suffix: str  # file suffix of the per-record file, beside its page
    media_type: str  # what a host should send as Content-Type
    render: Callable[[Record], str]
    description: str
    # Every record in one file, for the formats whose readers take many records at once.
    render_many: Callable[[Iterable[Record]], str] | None = None
    # How the all-records file is put together from the per-record files, so the build joins
    # texts it already has; every format with render_many has one (tests check it equals
    # render_many).
    join: Callable[[Iterable[str]], str] | None = None

    def file_name(self, record: Record) -> str:
        return f"{record.id}{self.suffix}"

    @property
    def bulk_file(self) -> str | None:
        """Site-relative path of the all-records file, when the format has one."""
        return f"{BULK_DIR}/records{self.suffix}" if self.render_many else None


EXPORTS: tuple[ExportFormat, ...] = (
    ExportFormat(
        key="bibtex",
        label="BibTeX",
        suffix=".bib",
        media_type="application/x-bibtex",
        render=bibtex.render,
        render_many=bibtex.render_many,
        join="\n".join,
        description="For LaTeX, and for import into Zotero, Mendeley, JabRef or EndNote.",
    ),
    ExportFormat(
        key="ris",
        label="RIS",
        suffix=".ris",
        media_type="application/x-research-info-systems",
        render=ris.render,
        render_many=ris.render_many,
        join="\n".join,
        description="For import into Zotero, Mendeley, EndNote, RefWorks or Papers.",
    ),
    ExportFormat(
        key="endnote",
        label="EndNote (Refer)",
        suffix=".enw",
        media_type="application/x-endnote-refer",
        render=refer.render,
        description="EndNote's tagged format; Zotero and JabRef read it too.",
    ),
    ExportFormat(
        key="csl-json",
        label="CSL-JSON",
        suffix=".csl.json",
        media_type="application/vnd.citationstyles.csl+json",
        render=csl_json.render,
        render_many=csl_json.render_many,
        join=csl_json.join,
        description="Citation Style Language data, for Zotero, pandoc and citeproc processors.",
    ),
    ExportFormat(
        key="dublin-core",
        label="Dublin Core XML",
        suffix=".dc.xml",
        media_type="application/xml",
        render=dublin_core.render,
        description="Simple Dublin Core as an OAI-PMH oai_dc record, for repositories.",
    ),
    ExportFormat(
        key="mods",
        label="MODS XML",
        suffix=".mods.xml",
        media_type="application/mods+xml",
        render=mods.render,
        description="The Library of Congress's MODS 3.6, for library catalogues.",
    ),
    ExportFormat(
        key="json-ld",
        label="schema.org JSON-LD",
        suffix=".jsonld",
        media_type="application/ld+json",
        render=json_ld.render,
        description="Linked data for web search engines and data tools.",
    ),
    ExportFormat(
        key="references-text",
        label="References (plain text)",
        suffix=".references.txt",
        media_type="text/plain; charset=utf-8",
        render=references.text_document,
        description="The formatted reference in every style on this page, as text.",
    ),
    ExportFormat(
        key="references-html",
        label="References (HTML)",
        suffix=".references.html",
        media_type="text/html; charset=utf-8",
        render=references.html_document,
        description="The formatted reference in every style on this page, with italics.",
    ),
)


def export(key: str) -> ExportFormat:
    return next(fmt for fmt in EXPORTS if fmt.key == key)


def bulk_exports() -> tuple[ExportFormat, ...]:
    return tuple(fmt for fmt in EXPORTS if fmt.render_many)
