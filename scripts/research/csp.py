"""The Content-Security-Policy every page carries: only the site's own files, and the theme's
inline scripts by their hashes, so nothing is fetched from elsewhere and no script that the
build did not write can run.

The policy is a <meta http-equiv> tag (the site is opened from disk too, where there are no
headers), computed per page from the scripts the page actually has."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache

# An inline <script> element as MkDocs and Material write it: attributes without `>` inside,
# the text up to the first `</script` (where an HTML parser ends it too). The start and the end
# are found separately: one pattern with a lazy `.*?` for the text took twice as long.
_SCRIPT_START = re.compile(
    r"<script\b(?P<attributes>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE
)
_SCRIPT_END = re.compile(r"</script\s*>", re.IGNORECASE)
_HAS_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)

# The parts of the policy that do not depend on the page.
_FIXED = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    # Search runs in a web worker; from file:// the iframe-worker shim runs it in a frame it
    # writes itself (about:blank, which shares the page's policy), with scripts of the site.
    "worker-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


# Most inline scripts (the theme's configuration, its feature switches...) are the same on every
# page: each is hashed once per build.
@lru_cache(maxsize=4096)
def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(html: str, start: int = 0, end: int | None = None) -> list[str]:
    """The text of each inline script in html[start:end]."""
    end = len(html) if end is None else end
    found = []
    while opening := _SCRIPT_START.search(html, start, end):
        closing = _SCRIPT_END.search(html, opening.end(), end)
        if closing is None:
            break
        if not _HAS_SRC.search(opening["attributes"]):
            found.append(html[opening.end() : closing.start()])
        start = closing.end()
    return found


def policy(html: str, extra_script_hashes: tuple[str, ...] = (), content: str = "") -> str:
    """The policy for `html`. `content` is the page's own text within it (MkDocs' page.content):
    its scripts get no hash, so only the theme's scripts around it run, and a script that reached
    a page through its text cannot. (The site's content has none; scanning only the theme's parts
    is also what keeps this cheap on long pages.)"""
    # The content is found by its opening, then compared whole: quicker than searching for it.
    start = html.find(content[:200]) if content else -1
    if start != -1 and html.startswith(content, start):
        scripts = inline_scripts(html, 0, start) + inline_scripts(html, start + len(content))
    else:
        scripts = inline_scripts(html)
    hashes = sorted({script_hash(text) for text in scripts} | set(extra_script_hashes))
    directives = {**_FIXED, "script-src": ["'self'", *hashes]}
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def with_policy(html: str, extra_script_hashes: tuple[str, ...] = (), content: str = "") -> str:
    """`html` with the policy at the top of its <head>, before any script it governs (after the
    charset declaration, which must stay within the first 1024 bytes)."""
    head = _HEAD.search(html)
    if head is None:
        return html
    charset = _CHARSET.search(html, head.end())
    before_scripts = charset and "<script" not in html[head.end() : charset.start()].lower()
    after = charset if before_scripts else head
    meta = (
        '<meta http-equiv="Content-Security-Policy" '
        f'content="{policy(html, extra_script_hashes, content)}">'
    )
    # One replace where the tag is the first of its text: a page is a 100-200 KB string, and
    # slicing it in two and joining the parts took thirty times as long (fresh memory each time).
    tag = after.group()
    if html.find(tag) == after.start():
        return html.replace(tag, tag + meta, 1)
    return html[: after.end()] + meta + html[after.end() :]
