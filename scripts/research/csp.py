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
# the text up to the first `</script` (where an HTML parser ends it too).
_INLINE_SCRIPT = re.compile(
    r"<script\b(?P<attributes>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(?P<text>.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)
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


def inline_scripts(html: str) -> list[str]:
    return [
        match["text"]
        for match in _INLINE_SCRIPT.finditer(html)
        if not _HAS_SRC.search(match["attributes"])
    ]


def policy(html: str, extra_script_hashes: tuple[str, ...] = ()) -> str:
    hashes = sorted({script_hash(text) for text in inline_scripts(html)} | set(extra_script_hashes))
    directives = {**_FIXED, "script-src": ["'self'", *hashes]}
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def with_policy(html: str, extra_script_hashes: tuple[str, ...] = ()) -> str:
    """`html` with the policy at the top of its <head>, before any script it governs (after the
    charset declaration, which must stay within the first 1024 bytes)."""
    head = _HEAD.search(html)
    if head is None:
        return html
    charset = _CHARSET.search(html, head.end())
    before_scripts = charset and "<script" not in html[head.end() : charset.start()].lower()
    at = charset.end() if before_scripts else head.end()
    meta = (
        f'<meta http-equiv="Content-Security-Policy" content="{policy(html, extra_script_hashes)}">'
    )
    return html[:at] + meta + html[at:]
