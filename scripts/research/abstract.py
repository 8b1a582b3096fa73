"""The record's abstract as plain text, for metadata that cannot carry markup (meta description,
Dublin Core, OpenGraph, JSON-LD, the Atom feed).

The abstract is the `## Abstract` section of the record's prose page. It is rendered with the same
Markdown library MkDocs uses and reduced to its text, so Markdown syntax, attribute lists and HTML
comments never leak into metadata, and a literal `</script>` written in a code span stays text.

A record whose abstract may not be reproduced keeps an `## Abstract` section that says so, with
the heading marked `## Abstract { .abstract-withheld }`: that text is about the abstract, not the
abstract, so it is never given to machines as one."""

from __future__ import annotations

from collections.abc import Mapping
from html.parser import HTMLParser

import markdown

from .model import Record

ABSTRACT_HEADING = "Abstract"
WITHHELD_CLASS = "abstract-withheld"
_BLOCKS = {"p", "li", "blockquote", "dd", "dt", "td", "th", "pre"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_NOT_TEXT = {"script", "style", "template"}


class _Blocks(HTMLParser):
    """Collects (tag, text, classes) for every heading and text block, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, frozenset[str]]] = []
        self._open: list[tuple[str, frozenset[str]]] = []  # block or heading elements we are in
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _NOT_TEXT:
            self._skip += 1
        elif tag in _BLOCKS or tag in _HEADINGS:
            self._flush()
            classes = frozenset((dict(attrs).get("class") or "").split())
            self._open.append((tag, classes))

    def handle_endtag(self, tag):
        if tag in _NOT_TEXT:
            self._skip = max(0, self._skip - 1)
        elif (tag in _BLOCKS or tag in _HEADINGS) and tag in (t for t, _ in self._open):
            self._flush()
            while self._open and self._open.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if not self._skip and self._open:
            self._text.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if text and self._open:
            tag, classes = self._open[-1]
            self.blocks.append((tag, text, classes))
        self._text = []

    def close(self) -> None:
        super().close()
        self._flush()


def _blocks(markdown_source: str) -> list[tuple[str, str, frozenset[str]]]:
    html = markdown.markdown(markdown_source, extensions=["attr_list", "tables"])
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


# The head, the feed and the page description each ask for the same abstract, and converting it
# is the dearest step per record (about 1.5 ms). Each is converted once per process (`mkdocs
# serve` keeps this module between rebuilds), and a build hands over the texts it already has
# from the rendering cache (research.rendering), so a warm build converts none.
_known: dict[str, str | None] = {}  # Markdown source -> its abstract text


def remember(texts: Mapping[str, str | None]) -> None:
    """Abstract texts already made from these Markdown sources (by abstract_text itself)."""
    _known.update(texts)


def abstract_text(markdown_source: str) -> str | None:
    try:
        return _known[markdown_source]
    except KeyError:
        text = _known[markdown_source] = _abstract_text(markdown_source)
        return text


def _abstract_text(markdown_source: str) -> str | None:
    """The text under the `## Abstract` heading, up to the next level-2 heading; sub-headings
    become 'Heading: ' before the text that follows them. None when the page has no abstract, or
    its abstract is withheld."""
    parts: list[str] = []
    inside = False
    pending_heading: str | None = None
    for tag, text, classes in _blocks(markdown_source):
        if tag == "h2":
            if inside:
                break
            if text == ABSTRACT_HEADING and WITHHELD_CLASS in classes:
                return None
            inside = text == ABSTRACT_HEADING
            continue
        if not inside:
            continue
        if tag in _HEADINGS:
            pending_heading = text
            continue
        if pending_heading:
            text = f"{pending_heading}: {text}"
            pending_heading = None
        parts.append(text)
    return " ".join(parts) or None


def record_abstract(record: Record) -> str | None:
    return abstract_text(record.abstract_markdown)
