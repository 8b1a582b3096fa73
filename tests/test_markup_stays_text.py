"""Markup in the data stays text: arbitrary text in every string field of every data file goes
through the loader, the record page's fragments, the listing pages and every export in
research.exports.EXPORTS, and comes out as the same text, never as an element or attribute.

A full MkDocs build per example would take seconds, so this renders what the build renders from
the core directly; test_injection_fixture.py builds one hostile record for real."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from urllib.parse import unquote

import bibtexparser
import html5lib
import pytest
import rispy
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from pybtex.database import parse_string
from pylatexenc import latex2text
from research.browse import BrowseIndex
from research.exports import EXPORTS
from research.fragments import FRAGMENT_DIR, render_fragment
from research.listings import home_view, listing_pages
from research.load import load_collection
from research.model import Collection, Record
from research.record_page import record_page_parts
from research.rendering import render_record
from research.text import markup_in_title, unprintable

# The strings the issue names, and others that end or open a context somewhere.
HOSTILE = [
    "<script>alert(1)</script>",
    "</script>",
    '"><img src=x onerror=alert(1)>',
    "{",
    "}",
    "%",
    "\\",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "&amp;",
    "&",
    "'",
    '"',
    "</title>",
    "<!--",
    "]]>",
    "--",
    "``",
    "''",
    "$",
    "^",
    "~",
    "#",
    "_",
    ",",
    " and ",
    "\n",
    "\t",
    "\u00a0",
    "\\textbf{x}",
    "${x}",
    "{{ x }}",
    "{% raw %}",
    "TY  - JOUR",
    "ER  -",
]
_ANY_CHARACTER = st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\t\n")
TEXT = (
    st.lists(
        st.one_of(st.text(_ANY_CHARACTER, max_size=6), st.sampled_from(HOSTILE)),
        min_size=1,
        max_size=5,
    )
    .map("".join)
    .filter(lambda s: re.search(r"\S", s) is not None and unprintable(s) is None)
)
# Titles, names and subjects become page titles, which the theme prints unescaped: the loader
# refuses markup in them (test_bad_input.py), so only text it accepts is tried.
TITLE = TEXT.filter(lambda s: markup_in_title(s) is None)


def _schema_pattern(schema: str, *path: str) -> str:
    node = json.loads((ROOT / "data" / "schema" / f"{schema}.schema.json").read_text("utf-8"))
    for step in path:
        node = node[step]
    return node["pattern"]


URL = st.from_regex(
    re.compile(_schema_pattern("record", "properties", "repository", "properties", "url")),
    fullmatch=True,
).filter(lambda s: unprintable(s) is None)
DOI = st.from_regex(
    re.compile(_schema_pattern("record", "properties", "doi")), fullmatch=True
).filter(lambda s: unprintable(s) is None)


@st.composite
def site_data(draw) -> dict[str, dict]:
    """Every data file, with drawn text in every free-text field (keys, dates, codes fixed)."""
    text, title = (lambda: draw(TEXT)), (lambda: draw(TITLE))
    repository = {
        "name": text(),
        "url": draw(URL),
        "depositing_user": text(),
        "deposited": "2024-10-15T09:26",
        "last_modified": "2024-10-15T09:28",
        "full_text": text(),
        "full_text_note": text(),
    }
    report = {
        "id": "a-report",
        "title": title(),
        "type": "report",
        "item_type": text(),
        "authors": ["a-person"],
        "published": "2022-03-18",
        "publisher": "an-organisation",
        "series": "a-series",
        "series_number": text(),
        "status": "Published",
        "language": "en-GB",
        "licence": "a-licence",
        "copyright": text(),
        "additional_information": text(),
        "doi": draw(DOI),
        "keywords": [title()],
        "subjects": [title()],
        "related": ["an-article"],
        "abstract_note": text(),
        "repository": repository,
        "study": {"start": "2021-04", "end": "2021-11", "description": text()},
    }
    article = {
        "id": "an-article",
        "title": title(),
        "type": "article",
        "item_type": text(),
        "authors": ["a-person"],
        "published": "2022",
        "journal": {
            "title": text(),
            "volume": text(),
            "issue": text(),
            "pages": "9-13",
            "issn": "2752-6933",
        },
        "doi": draw(DOI),
        "status": "Published",
        "language": "en",
        "licence": "a-licence",
        "related": ["a-report"],
        "repository": {"name": text(), "url": draw(URL)},
    }
    return {
        "organisations.yml": {
            "an-organisation": {"name": text(), "short_name": text(), "url": draw(URL)}
        },
        "people.yml": {
            "a-person": {
                "honorific": title(),
                "given": title(),
                "particle": title(),
                "family": title(),
                "suffix": title(),
                "affiliation": "an-organisation",
                "orcid": "0000-0002-1825-0097",
            }
        },
        "series.yml": {
            "a-series": {"title": title(), "publisher": "an-organisation", "url": draw(URL)}
        },
        "licences.yml": {
            "a-licence": {
                "name": text(),
                "url": draw(URL),
                "attribution": text(),
                "exclusions": text(),
                "non_endorsement": text(),
            }
        },
        "records/a-report.yml": report,
        "records/an-article.yml": article,
    }


def _load(data: dict[str, dict]) -> Collection:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, content in data.items():
            path = root / "data" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        prose = root / "docs" / "records"
        prose.mkdir(parents=True)
        for name in data:
            if name.startswith("records/"):
                record_id = name.removeprefix("records/").removesuffix(".yml")
                (prose / f"{record_id}.md").write_text("## Abstract\n\nThe abstract.\n", "utf-8")
        return load_collection(root)


# --- HTML -------------------------------------------------------------------------------------


def _template_vocabulary() -> tuple[set[str], set[str]]:
    """Every element and attribute name the fragment templates write."""
    source = "\n".join(path.read_text("utf-8") for path in FRAGMENT_DIR.glob("*.html"))
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{%.*?%\}", " ", source, flags=re.S)  # `{% if … %} checked{% endif %}`
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", source))
    attributes = set()
    for opening in re.findall(r"<[a-z][a-z0-9]*\s([^<>]*)>", source):
        opening = re.sub(r"\{\{.*?\}\}", "", opening)  # values, not names
        opening = re.sub(r"\"[^\"]*\"", "", opening)
        attributes.update(re.findall(r"(?:^|\s)([a-z][a-z0-9:-]*)(?==|\s|$|/)", opening))
    return tags, attributes


def _reference_vocabulary() -> tuple[set[str], set[str]]:
    """The elements and attributes citeproc-py's HTML formatter writes into a formatted
    reference (italic titles, small caps…), which the "Cite this" panel shows as HTML."""
    from citeproc.formatter import html as citeproc_html

    wrappers = [
        value
        for value in vars(citeproc_html).values()
        if isinstance(value, type) and issubclass(value, citeproc_html.TagWrapper)
    ]
    tags = {w.tag for w in wrappers if getattr(w, "tag", None)}
    attributes = {name for w in wrappers for name in (getattr(w, "attributes", None) or {})}
    return tags, attributes


TEMPLATE_TAGS, TEMPLATE_ATTRIBUTES = (
    a | b for a, b in zip(_template_vocabulary(), _reference_vocabulary(), strict=True)
)


def _record_page(record: Record, collection: Collection) -> str:
    parts = record_page_parts(record, collection, render_record(record))
    return parts.page("<h2>Abstract</h2><p>The abstract.</p>")


def _pages(collection: Collection) -> dict[str, str]:
    pages = {f"records/{record.id}.html": _record_page(record, collection) for record in collection}
    pages["index.html"] = render_fragment("home.html", home=home_view(collection, "index.html"))
    for page in listing_pages(BrowseIndex.build(collection)):
        front, body = page.markdown.split("\n---\n", 1)
        assert yaml.safe_load(front.removeprefix("---\n"))["title"] == page.title
        pages[page.src_uri] = body
    return pages


def _normal(text: str) -> str:
    return " ".join(text.split())


def _parse_html(fragment: str):
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    return parser.parseFragment(fragment)


def _check_html(name: str, fragment: str, urls: set[str]) -> str:
    """The fragment parses; every element and attribute is one the templates write; every
    outside link is a URL from the data, whole. Returns the fragment's text."""
    root = _parse_html(fragment)
    texts = [root.text or ""]
    for element in (
        root.iterdescendants() if hasattr(root, "iterdescendants") else list(root.iter())[1:]
    ):
        if not isinstance(element.tag, str):  # a comment
            continue
        assert element.tag in TEMPLATE_TAGS, f"{name}: <{element.tag}> came from the data"
        for attribute, value in element.attrib.items():
            assert attribute in TEMPLATE_ATTRIBUTES, f"{name}: {attribute}= came from the data"
            if attribute == "href" and re.match(r"[a-z]+:", value):
                assert value in urls, f"{name}: href {value!r} is not a URL from the data"
        texts.extend(t for t in (element.text, element.tail) if t)
        if element.tag == "template":  # the export copies the page carries for downloads
            texts.append("".join(element.itertext()))
    return _normal(" ".join(texts))


def _displayed(record: Record) -> list[str]:
    """Free text from the data that the record page shows."""
    person = record.authors[0]
    values = [record.title, record.item_type, person.display_name, record.licence.name]
    if person.affiliation:
        values.append(person.affiliation.name)
    if record.publisher:
        values.append(record.publisher.name)
    if record.series:
        values += [record.series.title, record.series_number]
    for value in (
        record.additional_information,
        record.abstract_note,
        record.copyright,
        record.licence.attribution,
        record.licence.exclusions,
        record.licence.non_endorsement,
        record.journal and record.journal.title,
        record.repository and record.repository.name,
        record.repository and record.repository.depositing_user,
        record.repository and record.repository.full_text_note,
        record.study and record.study.description,
        *record.keywords,
        *record.subjects,
    ):
        if value:
            values.append(value)
    return values


def _urls(collection: Collection) -> set[str]:
    urls = set()
    for record in collection:
        urls |= {record.licence.url, record.doi_url, record.permanent_url}
        if record.repository:
            urls.add(record.repository.url)
        for person in record.authors:
            urls.add(person.orcid_url)
            if person.affiliation:
                urls.add(person.affiliation.url)
        if record.series:
            urls.add(record.series.url)
    return urls - {None}


# --- exports ----------------------------------------------------------------------------------


def _latex_reader() -> latex2text.LatexNodes2Text:
    """pylatexenc's LaTeX-to-text, as bibtexparser uses it, with the LaTeX kernel's names for
    literal braces and caret (pylatexenc drops the first two and reads `\\textasciicircum` as
    U+02C6, the modifier letter, not `^`)."""
    context = latex2text.get_default_latex_context_db()
    context.add_context_category(
        "literal-characters",
        prepend=True,
        macros=[
            latex2text.MacroTextSpec("textbraceleft", "{"),
            latex2text.MacroTextSpec("textbraceright", "}"),
            latex2text.MacroTextSpec("textasciicircum", "^"),
        ],
    )
    return latex2text.LatexNodes2Text(
        latex_context=context, math_mode="verbatim", strict_latex_spaces=True
    )


LATEX = _latex_reader()


def _bibtex_fields(record: Record) -> dict[str, str]:
    """What the BibTeX entry must say, as text."""
    fields = {"title": record.title}
    if record.type == "article":
        journal = record.journal
        fields |= {"journal": journal.title, "volume": journal.volume, "number": journal.issue}
    else:
        fields["institution"] = record.publisher.name
        fields["type"] = record.report_type
        if record.series:
            fields |= {"series": record.series.title, "number": record.series_number}
    fields |= {"doi": record.doi, "url": record.permanent_url}
    return {field: value for field, value in fields.items() if value}


def check_bibtex(record: Record, text: str) -> None:
    """Read back by two BibTeX parsers, then from LaTeX to text (BibTeX collapses whitespace)."""
    pybtex_entry = parse_string(text, "bibtex").entries[record.id]
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    (other,) = library.entries
    for field, expected in _bibtex_fields(record).items():
        read = {"pybtex": str(pybtex_entry.fields[field]), "bibtexparser": other[field]}
        for parser, value in read.items():
            if field not in {"doi", "url"}:
                value = LATEX.latex_to_text(value)
            assert _normal(value) == _normal(expected), (parser, field, read[parser], expected)
    (person,) = pybtex_entry.persons["author"]
    author = record.authors[0]
    for part, expected in (
        (person.first_names + person.middle_names, author.given),
        (person.prelast_names + person.last_names, f"{author.particle or ''} {author.family}"),
        (person.lineage_names, author.suffix or ""),
    ):
        read = LATEX.latex_to_text(" ".join(part))
        assert _normal(read) == _normal(expected), (part, expected)


# The other formats: each is parsed by a parser of its kind, and the record's title, its first
# author's family name and its publisher must come back whole among the values read.
def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _json_strings(item)]
    return []


def _xml_strings(text: str) -> list[str]:
    root = etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False))
    return [t for element in root.iter() for t in (element.text, *element.attrib.values()) if t]


def _ris_strings(text: str) -> list[str]:
    (entry,) = rispy.loads(text)
    return _json_strings(entry)


def _endnote_strings(text: str) -> list[str]:
    values: list[str] = []
    for line in text.splitlines():
        if re.match(r"%\S ", line):
            values.append(line[3:])
        elif values:  # a continuation line
            values[-1] += "\n" + line
    return values


def _reference_tags() -> set[str]:
    """The elements the references document has for the site's own records, and the inline
    formatting citeproc-py writes: anything else came from the data."""
    (fmt,) = [fmt for fmt in EXPORTS if fmt.key == "references-html"] or [None]
    tags = {"i", "b", "span", "sup", "sub", "a"}
    if fmt is not None:
        for record in load_collection(ROOT):
            document = html5lib.parse(fmt.render(record), namespaceHTMLElements=False)
            tags |= {e.tag for e in document.iter() if isinstance(e.tag, str)}
    return tags


_REFERENCE_TAGS = _reference_tags()


def _html_strings(text: str) -> list[str]:
    document = html5lib.parse(text, namespaceHTMLElements=False)
    elements = [e for e in document.iter() if isinstance(e.tag, str)]
    for element in elements:
        assert element.tag in _REFERENCE_TAGS, f"<{element.tag}> came from the data"
        assert not [name for name in element.attrib if name.startswith("on")], element.tag
    return [" ".join(element.itertext()) for element in elements]


def _check_values(read: list[str], record: Record, *, exact: bool = True) -> None:
    read = [_normal(value) for value in read]
    wanted = [record.title] + ([record.publisher.name] if record.publisher else [])
    for value in wanted:
        if exact:
            assert _normal(value) in read, (value, read)
        else:  # reference styles change case and punctuate around the text
            assert any(_normal(value).casefold() in r.casefold() for r in read), (value, read)
    family = record.authors[0].family or record.authors[0].literal
    assert any(_normal(family) in r for r in read), (family, read)


# Each export format's round trip. A format added to EXPORTS needs its check here.
EXPORT_CHECKS = {
    "bibtex": check_bibtex,
    "ris": lambda record, text: _check_values(_ris_strings(text), record),
    "endnote": lambda record, text: _check_values(_endnote_strings(text), record),
    "csl-json": lambda record, text: _check_values(_json_strings(json.loads(text)), record),
    "dublin-core": lambda record, text: _check_values(_xml_strings(text), record),
    "mods": lambda record, text: _check_values(_xml_strings(text), record),
    "json-ld": lambda record, text: _check_values(_json_strings(json.loads(text)), record),
    "references-text": lambda record, text: _check_values([text], record, exact=False),
    "references-html": lambda r, text: _check_values(_html_strings(text), r, exact=False),
}


def test_every_export_format_has_a_round_trip_check():
    missing = [fmt.key for fmt in EXPORTS if fmt.key not in EXPORT_CHECKS]
    assert not missing, f"add a round-trip check to EXPORT_CHECKS for: {missing}"


# --- the property -----------------------------------------------------------------------------


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=site_data())
def test_arbitrary_text_stays_text_in_pages_and_exports(data):
    collection = _load(data)

    report = collection.get("a-report")
    assert report.title == data["records/a-report.yml"]["title"]  # the loader keeps text as typed
    urls = _urls(collection)
    pages = _pages(collection)
    for name, fragment in pages.items():
        _check_html(name, fragment, urls)
    for record in collection:
        shown = _check_html(record.id, pages[f"records/{record.id}.html"], urls)
        for value in _displayed(record):
            assert _normal(value) in shown, f"{record.id}: {value!r} is not on the page as text"
        for fmt in EXPORTS:
            EXPORT_CHECKS[fmt.key](record, fmt.render(record))
    if report.doi:
        assert unquote(report.doi_url) == f"https://doi.org/{report.doi}"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_each_hostile_string_alone_in_a_free_text_field_is_text(hostile, tmp_path):
    """The named strings, one at a time, with no other noise (quick to read when one fails)."""
    record_data = {
        "id": "a-report",
        "title": "A report",
        "type": "report",
        "item_type": f"Report {hostile} type",
        "authors": ["a-person"],
        "published": "2022-03-18",
        "publisher": "an-organisation",
        "status": "Published",
        "language": "en-GB",
        "licence": "a-licence",
        "additional_information": f"before {hostile} after",
    }
    data = {
        "organisations.yml": {"an-organisation": {"name": f"Org {hostile}"}},
        "people.yml": {"a-person": {"given": "Given", "family": "Family"}},
        "series.yml": {},
        "licences.yml": {
            "a-licence": {"name": f"Licence {hostile}", "url": "https://example.org/l"}
        },
        "records/a-report.yml": record_data,
    }
    collection = _load(data)
    (record,) = collection.records
    page = _record_page(record, collection)
    shown = _check_html("record", page, _urls(collection))
    for value in (
        record.item_type,
        record.additional_information,
        record.publisher.name,
        record.licence.name,
    ):
        assert _normal(value) in shown
    for fmt in EXPORTS:
        EXPORT_CHECKS[fmt.key](record, fmt.render(record))
