"""The records the export tests run on: the real one and the awkward fixtures, loaded through the
real loader."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from research.load import load_collection
from research.model import Record

ROOT = Path(__file__).resolve().parents[1]
AWKWARD = Path(__file__).resolve().parent / "fixtures" / "awkward"


@cache
def records() -> tuple[Record, ...]:
    return tuple(load_collection(ROOT)) + tuple(load_collection(AWKWARD))


def record(record_id: str) -> Record:
    return next(r for r in records() if r.id == record_id)


RECORD_IDS = (
    "working-with-trauma-in-adult-probation",
    "embedding-trauma-informed-approaches-in-adult-probation",  # an article, dated to the year
    "awkward-report",
    "awkward-article",
)


@cache
def _latex_decoder():
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    # pylatexenc (and so bibtexparser) reads \textasciicircum as U+02C6 MODIFIER LETTER
    # CIRCUMFLEX; LaTeX prints the ASCII circumflex.
    context = get_default_latex_context_db()
    context.add_context_category(
        "ascii-circumflex", macros=[MacroTextSpec("textasciicircum", "^")], prepend=True
    )
    return LatexNodes2Text(latex_context=context)


def latex_text(value: str) -> str:
    """A BibTeX field's LaTeX as the text it prints, by pylatexenc."""
    return _latex_decoder().latex_to_text(value)
