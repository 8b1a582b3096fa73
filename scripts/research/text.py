"""What text the data files may hold. Everything else is escaped where it is printed; these are
the few things no escaping can carry through every output (HTML, XML, BibTeX, RIS…)."""

from __future__ import annotations

import html
import re
import unicodedata

# The start of a tag or comment: `<` then a letter, `/`, `!` or `?`. Material prints a page's
# title without escaping (in <title> and the header), so a title must not hold one.
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_ALLOWED_CONTROLS = frozenset("\t\n")  # not \r: HTML reads it as \n


def is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def is_refused_character(char: str) -> bool:
    """Control characters (other than tab and line breaks), lone surrogates and noncharacters:
    HTML shows them as nothing or U+FFFD and XML 1.0 cannot hold them at all."""
    if char in _ALLOWED_CONTROLS:
        return False
    return unicodedata.category(char) in {"Cc", "Cs"} or is_noncharacter(char)


# Every character is_refused_character refuses, as one character class, so that the loader's
# scan of every value runs in the regex engine instead of one Python call per character
# (tests/test_load.py checks the class against the function over every code point): Cc is
# U+0000-U+001F and U+007F-U+009F, Cs the surrogates, then the noncharacters.
_REFUSED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)


def refused_anywhere(text: str) -> bool:
    """Whether any character of `text` is refused: one scan of a whole file."""
    return _REFUSED.search(text) is not None


def unprintable(value: str) -> str | None:
    """Why `value` cannot be published, or None."""
    found = _REFUSED.search(value)
    if found is None:
        return None
    char = found.group()
    name = "a control character" if unicodedata.category(char) == "Cc" else "not a character"
    return f"contains U+{ord(char):04X} ({name}), which cannot be shown or exported; remove it"


def markup_in_title(title: str) -> str | None:
    """Why `title` is not plain text, or None. A title is printed as the page's <title> and
    heading by the theme, which does not escape it, so tags and character references are refused
    here rather than shown differently from what was typed."""
    tag = _TAG_START.search(title)
    if tag:
        end = title.find(">", tag.start())
        snippet = title[tag.start() : end + 1] if end != -1 else title[tag.start() :][:20]
        return f"contains markup ({snippet!r}); titles are plain text, write it without tags"
    if html.unescape(title) != title:
        return (
            "contains an HTML character reference (such as '&amp;'); titles are plain text, "
            "type the character itself"
        )
    return None
