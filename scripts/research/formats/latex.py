"""Plain text to LaTeX for BibTeX field values, by pylatexenc.

Non-ASCII characters stay as UTF-8 (valid in a UTF-8 .bib, and what Zotero, JabRef, biber and
bibtexparser read best); ASCII characters that mean something to LaTeX are written with
pylatexenc's own rules (`&` as `\\&`, `\\` as `\\textbackslash{}`, ...). Two extra rules keep the
text exactly as written once a LaTeX reader decodes it:
- runs that TeX would join into one glyph (`--`, ``` `` ```, `''`, `!``, `?``, `,,`) are split
  with an empty group, so "A--B" does not come back as "A–B";
- a straight double quote is written `{"}`, not pylatexenc's `''` (a closing curly quote).
"""

from __future__ import annotations

import re
from functools import cache

from pylatexenc.latexencode import (
    RULE_REGEX,
    UnicodeToLatexConversionRule,
    UnicodeToLatexEncoder,
)

_LIGATURE_START = re.compile(r"([-`',!?<>])(?=[-`',!?<>])")


@cache
def _encoder() -> UnicodeToLatexEncoder:
    keep_as_written = UnicodeToLatexConversionRule(
        RULE_REGEX, [(_LIGATURE_START, r"\1{}"), (re.compile('"'), '{"}')]
    )
    return UnicodeToLatexEncoder(
        conversion_rules=[keep_as_written, "defaults"],
        non_ascii_only=False,
        unknown_char_policy="keep",
        replacement_latex_protection="braces-after-macro",
    )


# BibTeX reads a line break as a space; written as it is, a line break followed by "@" starts a
# new entry for bibtexparser (and for BibTeX itself), cutting the value short.
_LINE_BREAK = re.compile(r"[ \t]*[\r\n][ \t\r\n]*")


def to_latex(text: str) -> str:
    text = _LINE_BREAK.sub(" ", text)
    encoder = _encoder()
    latex = "".join(encoder.unicode_to_latex(run) if run.isascii() else run for run in _runs(text))
    if not braces_pair_up(text):
        # BibTeX counts `\{` and `\}` as braces too, and refuses a value whose braces do not
        # pair up: there, braces are written by their LaTeX names.
        latex = latex.replace("\\{", "\\textbraceleft{}").replace("\\}", "\\textbraceright{}")
    return latex


def braces_pair_up(text: str) -> bool:
    """Every brace closes one opened before it, and all are closed: what BibTeX can carry."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


_NON_ASCII_RUNS = re.compile(r"([^\x00-\x7f]+)")


def _runs(text: str) -> list[str]:
    """ASCII and non-ASCII stretches of the text, in order."""
    return [run for run in _NON_ASCII_RUNS.split(text) if run]
