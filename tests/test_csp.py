"""Every page carries a Content-Security-Policy that allows only the site's own files and the
inline scripts the page has (by hash), and nothing in a page is fetched from another host."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

import html5lib
import pytest
from research.exports import EXPORTS

RESOURCE_ATTRIBUTES = {
    "script": "src",
    "link": "href",
    "img": "src",
    "iframe": "src",
    "source": "src",
}


def _pages(site):
    """The site's pages; not the exports that are HTML documents (references), which run no
    script and are files to download."""
    exports = tuple(fmt.suffix for fmt in EXPORTS)
    return sorted(page for page in site.rglob("*.html") if not page.name.endswith(exports))


def _policy(document) -> dict[str, list[str]]:
    (meta,) = [m for m in document.iter("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    directives = {}
    for directive in meta.get("content").split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize("site_fixture", ["built_site", "injection_site"])
def test_policy_allows_only_the_sites_own_files_and_its_inline_scripts(site_fixture, request):
    site = request.getfixturevalue(site_fixture)
    pages = _pages(site)
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        document = html5lib.parse(html, namespaceHTMLElements=False)
        head = [e for e in document.find("head") if isinstance(e.tag, str)]
        position = next(
            i for i, e in enumerate(head) if e.get("http-equiv") == "Content-Security-Policy"
        )
        assert all(e.tag == "meta" for e in head[:position]), f"{page}: the policy must come first"
        assert html.find("<meta charset") in range(1024), f"{page}: the charset must stay first"
        policy = _policy(document)
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        for name, sources in policy.items():
            for source in sources:
                assert source in {"'self'", "'none'", "data:"} or source.startswith("'sha256-"), (
                    page,
                    name,
                    source,
                )
        for script in document.iter("script"):
            if script.get("src") is None:
                digest = hashlib.sha256((script.text or "").encode("utf-8")).digest()
                expected = f"'sha256-{base64.b64encode(digest).decode()}'"
                assert expected in policy["script-src"], f"{page}: an inline script has no hash"
        assert "unsafe-inline" not in html.split("Content-Security-Policy", 1)[1].split(">", 1)[0]


def test_no_page_loads_anything_from_another_host(built_site):
    for page in _pages(built_site):
        document = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        for tag, attribute in RESOURCE_ATTRIBUTES.items():
            for element in document.iter(tag):
                url = element.get(attribute)
                if url is None or (
                    tag == "link"
                    and element.get("rel")
                    not in {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
                ):
                    continue
                assert not urlsplit(url).netloc and not re.match(r"[a-z]+:", url), f"{page}: {url}"


def test_a_script_inside_the_page_content_gets_no_hash():
    from research.csp import policy, script_hash

    content = '<p>text</p><script>alert("from the content")</script>'
    html = (
        "<html><head><meta charset=utf-8><script>var theme = 1</script></head><body>"
        f"<article>{content}</article><script>var footer = 2</script></body></html>"
    )
    sources = policy(html, content=content).split("script-src ", 1)[1].split(";")[0].split()
    assert script_hash("var theme = 1") in sources
    assert script_hash("var footer = 2") in sources
    assert script_hash('alert("from the content")') not in sources
    # Without the content to leave out, every inline script is hashed (as for 404.html).
    assert script_hash('alert("from the content")') in policy(html)


@pytest.mark.parametrize(
    "before",
    ["", '<!-- <meta charset="utf-8"> the same tag text, in a comment before the head -->'],
)
def test_the_policy_goes_right_after_the_heads_charset(before):
    from research.csp import with_policy

    page = (
        f'<!doctype html>{before}<html><head><meta charset="utf-8"><script>a()</script>'
        "<title>t</title></head><body><p>x</p></body></html>"
    )
    out = with_policy(page)
    head_at = page.index("<html><head>")
    expected_at = page.index('<meta charset="utf-8">', head_at) + len('<meta charset="utf-8">')
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">', out)
    assert meta is not None and meta.start() == expected_at
    assert out[: meta.start()] + out[meta.end() :] == page  # nothing else changed
    assert out.count("Content-Security-Policy") == 1
