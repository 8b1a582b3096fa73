"""Bad input never breaks the site: each broken data file stops `mkdocs build` with the exact
message below, and the output folder of the last good build is left byte for byte as it was.

The data edited here is tests/fixtures/base/ (a fixed copy of the record), so line numbers hold."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import RECORD_ID, build_site, fixture_project

RECORD = f"data/records/{RECORD_ID}.yml"
PROSE = f"docs/records/{RECORD_ID}.md"
STATUSES = "'Published', 'In press', 'Submitted', 'Unpublished'"


@dataclass(frozen=True)
class Replace:
    file: str
    old: str
    new: str

    def __call__(self, project: Path) -> None:
        path = project / self.file
        text = path.read_text(encoding="utf-8")
        assert text.count(self.old) == 1, f"{self.old!r} is not once in {self.file}"
        path.write_text(text.replace(self.old, self.new), encoding="utf-8")


@dataclass(frozen=True)
class Write:
    file: str
    content: bytes

    def __call__(self, project: Path) -> None:
        (project / self.file).write_bytes(self.content)


@dataclass(frozen=True)
class Remove:
    file: str

    def __call__(self, project: Path) -> None:
        (project / self.file).unlink()


@dataclass(frozen=True)
class Copy:
    file: str
    to: str

    def __call__(self, project: Path) -> None:
        shutil.copy2(project / self.file, project / self.to)


def _record_bytes(old: bytes, new: bytes) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        path = project / RECORD
        path.write_bytes(path.read_bytes().replace(old, new, 1))

    return edit


# (edit, the complete list of problems the build must print)
BROKEN_DATA = {
    "yaml-syntax-error": (
        Replace(RECORD, "status: Published", "status: [Published"),
        [
            f"{RECORD}:16: YAML syntax error: while parsing a flow sequence "
            "did not find expected ',' or ']'"
        ],
    ),
    "tab-indentation": (
        Replace(RECORD, "  name: Leeds Beckett Repository", "\tname: Leeds Beckett Repository"),
        [
            f"{RECORD}:23: YAML syntax error: while scanning for the next token "
            "found character that cannot start any token"
        ],
    ),
    "not-a-mapping": (
        Write(RECORD, b"- working-with-trauma-in-adult-probation\n- report\n"),
        [f"{RECORD}: expected a mapping of fields at the top level, found a list"],
    ),
    "shared-file-not-a-mapping": (
        Write("data/people.yml", b"madeline-petrillo\n"),
        [
            "data/people.yml: expected a mapping of keys to definitions at the top level, "
            "found the text 'madeline-petrillo'"
        ],
    ),
    "missing-required-field": (
        Replace(RECORD, "licence: OGL-UK-3.0\n", ""),
        [f"{RECORD}:4: licence: required field is missing"],
    ),
    "missing-nested-required-field": (
        Replace(RECORD, "  name: Leeds Beckett Repository\n", ""),
        [f"{RECORD}:22: repository.name: required field is missing"],
    ),
    "wrong-type-text-for-list": (
        Replace(
            RECORD,
            "authors:\n  - madeline-petrillo\n  - alexandria-bradley\n",
            "authors: madeline-petrillo\n",
        ),
        [f"{RECORD}:8: authors: expected a list, found text"],
    ),
    "wrong-type-number-for-text": (
        Replace(RECORD, "title: Working with trauma in adult probation", "title: 2022"),
        [f"{RECORD}:5: title: expected text, found a number"],
    ),
    "wrong-type-empty-value": (
        Replace(RECORD, "status: Published", "status:"),
        [f"{RECORD}:15: status: expected one of {STATUSES}, found nothing (null)"],
    ),
    "value-not-in-list": (
        Replace(RECORD, "status: Published", "status: Publishd"),
        [f"{RECORD}:15: status: 'Publishd' is not one of {STATUSES}"],
    ),
    "unknown-key-near-miss": (
        Replace(RECORD, "language: en-GB", "langauge: en-GB"),
        [
            f"{RECORD}:4: language: required field is missing",
            f"{RECORD}:16: langauge: unknown field (did you mean 'language'?)",
        ],
    ),
    "unknown-nested-key": (
        Replace(RECORD, "  full_text: author's", "  fulltext: author's"),
        [f"{RECORD}:28: repository.fulltext: unknown field (did you mean 'full_text'?)"],
    ),
    "unknown-key-no-near-miss": (
        Replace(RECORD, "status: Published", "status: Published\nfunder: UKRI"),
        [f"{RECORD}:16: funder: unknown field"],
    ),
    "key-given-twice": (
        Replace(RECORD, "status: Published", "status: Published\nstatus: Unpublished"),
        [f"{RECORD}:16: 'status' is given twice in one mapping (first on line 15); keep one"],
    ),
    "impossible-date": (
        Replace(RECORD, 'published: "2022-03-18"', 'published: "2022-02-30"'),
        [f"{RECORD}:11: published: '2022-02-30' is not a real calendar date"],
    ),
    "non-iso-date": (
        Replace(RECORD, 'published: "2022-03-18"', 'published: "18/03/2022"'),
        [
            f"{RECORD}:11: published: '18/03/2022' is not in the expected form: "
            "Publication date as precisely as it is known: YYYY-MM-DD, YYYY-MM or YYYY"
        ],
    ),
    "impossible-time": (
        Replace(RECORD, 'deposited: "2024-10-15T09:26"', 'deposited: "2024-10-15T25:26"'),
        [f"{RECORD}:26: repository.deposited: '2024-10-15T25:26' is not a real date and time"],
    ),
    "modified-before-deposited": (
        Replace(RECORD, 'last_modified: "2024-10-15T09:28"', 'last_modified: "2024-10-14T09:28"'),
        [
            f"{RECORD}:27: repository.last_modified: '2024-10-14T09:28' is earlier than "
            "repository.deposited ('2024-10-15T09:26')"
        ],
    ),
    "impossible-month": (
        Replace(RECORD, 'start: "2021-04"', 'start: "2021-13"'),
        [f"{RECORD}:33: study.start: '2021-13' is not a real month"],
    ),
    "study-ends-before-it-starts": (
        Replace(RECORD, 'end: "2021-11"', 'end: "2021-01"'),
        [f"{RECORD}:34: study.end: '2021-01' is earlier than study.start ('2021-04')"],
    ),
    "orcid-check-digit": (
        Replace("data/people.yml", "orcid: 0000-0003-2819-1366", "orcid: 0000-0003-2819-1367"),
        [
            "data/people.yml:8: madeline-petrillo.orcid: '0000-0003-2819-1367' fails the ORCID check digit"
        ],
    ),
    "orcid-shape": (
        Replace(
            "data/people.yml",
            "orcid: 0000-0003-2819-1366",
            "orcid: https://orcid.org/0000-0003-2819-1366",
        ),
        [
            "data/people.yml:8: madeline-petrillo.orcid: 'https://orcid.org/0000-0003-2819-1366' "
            "is not in the expected form: ORCID iD, 0000-0000-0000-000X (checksum verified)"
        ],
    ),
    "unknown-licence": (
        Replace(RECORD, "licence: OGL-UK-3.0", "licence: OGL-3"),
        [
            f"{RECORD}:17: licence: 'OGL-3' is not defined in data/licences.yml "
            "(known: CC-BY, OGL-UK-3.0)"
        ],
    ),
    "duplicate-record-id": (
        Copy(RECORD, f"data/records/{RECORD_ID}.yaml"),
        [f"data/records/{RECORD_ID}.yaml:4: id: '{RECORD_ID}' is already used by {RECORD}"],
    ),
    "id-does-not-match-file-name": (
        Copy(RECORD, "data/records/trauma.yml"),
        [
            f"data/records/trauma.yml:4: id: '{RECORD_ID}' does not match the file name: rename "
            f"the file to data/records/{RECORD_ID}.yml or change the id to 'trauma'"
        ],
    ),
    "author-not-defined": (
        Replace(RECORD, "  - alexandria-bradley", "  - alexandra-bradley"),
        [
            f"{RECORD}:10: authors[1]: 'alexandra-bradley' is not defined in data/people.yml "
            "(known: alexandria-bradley, madeline-petrillo)"
        ],
    ),
    "affiliation-not-defined": (
        Replace(
            "data/people.yml", "affiliation: leeds-beckett-university", "affiliation: leeds-beckett"
        ),
        [
            "data/people.yml:13: alexandria-bradley.affiliation: 'leeds-beckett' is not defined "
            "in data/organisations.yml (known: hm-inspectorate-of-probation, "
            "leeds-beckett-university, university-of-greenwich)"
        ],
    ),
    "series-not-defined": (
        Replace(RECORD, "series: hmip-research-analysis-bulletins", "series: hmip-bulletins"),
        [
            f"{RECORD}:13: series: 'hmip-bulletins' is not defined in data/series.yml "
            "(known: hmip-research-analysis-bulletins)"
        ],
    ),
    "definition-key-not-a-slug": (
        Replace("data/organisations.yml", "university-of-greenwich:", "University of Greenwich:"),
        [
            "data/organisations.yml:6: University of Greenwich: the key is not in the expected "
            "form: lower-case letters, digits and hyphens, e.g. university-of-greenwich",
            "data/people.yml:7: madeline-petrillo.affiliation: 'university-of-greenwich' is not "
            "defined in data/organisations.yml (known: hm-inspectorate-of-probation, "
            "leeds-beckett-university)",
        ],
    ),
    "record-without-prose-page": (
        Remove(PROSE),
        [f"{RECORD}:4: id: has no prose page: create {PROSE}"],
    ),
    "prose-page-without-record": (
        Write("docs/records/trauma-informed-practice.md", b"## Abstract\n\nText.\n"),
        [
            "docs/records/trauma-informed-practice.md: prose page without a record: add "
            "data/records/trauma-informed-practice.yml with that id, or remove the page"
        ],
    ),
    "yaml-not-utf8": (
        _record_bytes("© Crown copyright 2022\nadd".encode(), b"\xa9 Crown copyright 2022\nadd"),
        [f"{RECORD}:18: the file is not UTF-8 text (byte 0xa9 at offset 648); save it as UTF-8"],
    ),
    "prose-not-utf8": (
        Write(PROSE, "## Abstract\n\nA person’s trauma.\n".encode("cp1252")),
        [f"{PROSE}:3: the file is not UTF-8 text (byte 0x92 at offset 21); save it as UTF-8"],
    ),
    "empty-yaml-file": (
        Write(RECORD, b"# yaml-language-server: $schema=../schema/record.schema.json\n\n"),
        [f"{RECORD}: the file is empty"],
    ),
    "empty-prose-page": (
        Write(PROSE, b"\n"),
        [
            f"{PROSE}: the file is empty: write the record's abstract here, or give the record "
            "an `abstract_note` saying why there is none"
        ],
    ),
    "missing-shared-file": (
        Remove("data/series.yml"),
        ["data/series.yml: the file is missing"],
    ),
    "misspelt-shared-file": (
        Copy("data/people.yml", "data/peopel.yml"),
        [
            "data/peopel.yml: not a data file this site reads (did you mean 'people.yml'?); "
            "records go in data/records/"
        ],
    ),
    "markup-in-title": (
        Replace(RECORD, "title: Working with trauma", "title: Working with <i>trauma</i>"),
        [
            f"{RECORD}:5: title: contains markup ('<i>'); titles are plain text, write it without tags"
        ],
    ),
    "unclosed-tag-in-title": (
        Replace(RECORD, "title: Working with trauma", "title: Working <with trauma"),
        [
            f"{RECORD}:5: title: contains markup ('<with trauma in adul'); titles are plain "
            "text, write it without tags"
        ],
    ),
    "character-reference-in-title": (
        Replace(RECORD, "title: Working with trauma", "title: Working &amp; trauma"),
        [
            f"{RECORD}:5: title: contains an HTML character reference (such as '&amp;'); "
            "titles are plain text, type the character itself"
        ],
    ),
    "control-character": (
        Replace(RECORD, "copyright: © Crown copyright 2022", 'copyright: "© Crown\\0 copyright"'),
        [
            f"{RECORD}:18: copyright: contains U+0000 (a control character), which cannot be "
            "shown or exported; remove it"
        ],
    ),
    "problems-in-several-files-at-once": (
        lambda project: (
            Replace(RECORD, 'published: "2022-03-18"', 'published: "2022-13-01"')(project),
            Replace("data/people.yml", "orcid: 0000-0003-2819-1366", "orcid: 0000-0003-2819-136")(
                project
            ),
            Replace(
                "data/licences.yml", "url: https://creativecommons.org/licenses/by/", "url: cc"
            )(project),
        ),
        [
            "data/licences.yml:8: CC-BY.url: 'cc' is not in the expected form: an absolute "
            'http(s) URL, with spaces and " < > \\ ^ ` { | } percent-encoded',
            "data/people.yml:8: madeline-petrillo.orcid: '0000-0003-2819-136' is not in the "
            "expected form: ORCID iD, 0000-0000-0000-000X (checksum verified)",
            f"{RECORD}:11: published: '2022-13-01' is not a real calendar date",
        ],
    ),
}

# Failures after validation, while MkDocs renders and writes: the output is still untouched.
BROKEN_BUILD = {
    "strict-mode-warning": (
        Replace(PROSE, "## Abstract", "See [this page](nowhere.md).\n\n## Abstract"),
        "Aborted with 1 warnings in strict mode!",
    ),
    "template-error": (
        Write(
            "docs/overrides/main.html",
            b'{% extends "base.html" %}\n{% block content %}{{ page.no_such.thing() }}{% endblock %}\n',
        ),
        "UndefinedError",
    ),
}


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`, with a digest of each file's bytes."""
    return {
        path.relative_to(folder).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        )
        for path in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture project and its successfully built site, made once; tests copy both."""
    root = tmp_path_factory.mktemp("good")
    project = fixture_project(root / "project")
    build = build_site(project, root / "output" / "site")
    assert build.returncode == 0, build.output
    return project, build.site


@pytest.fixture()
def last_good(good_build, tmp_path) -> tuple[Path, Path]:
    project, site = good_build
    project_copy = tmp_path / "project"
    shutil.copytree(project, project_copy, symlinks=True)
    site_copy = tmp_path / "output" / "site"
    shutil.copytree(site, site_copy)
    return project_copy, site_copy


def _problems(output: str) -> list[str]:
    return [
        line.strip()
        for line in output.splitlines()
        if line.startswith("  data/") or line.startswith("  docs/")
    ]


@pytest.mark.parametrize(("edit", "expected"), BROKEN_DATA.values(), ids=BROKEN_DATA.keys())
def test_broken_data_stops_the_build_with_exact_messages_and_leaves_the_site(
    last_good, edit, expected
):
    project, site = last_good
    before = _snapshot(site)
    edit(project)

    build = build_site(project, site)

    assert build.returncode == 1, build.output
    count = len(expected)
    assert f"{count} problem{'s' if count > 1 else ''} in the site's data:" in build.output
    assert _problems(build.output) == expected
    assert _snapshot(site) == before
    assert [path.name for path in site.parent.iterdir()] == ["site"]  # nothing left beside it


@pytest.mark.parametrize(("edit", "expected"), BROKEN_BUILD.values(), ids=BROKEN_BUILD.keys())
def test_a_build_failing_after_validation_leaves_the_site(last_good, edit, expected):
    project, site = last_good
    before = _snapshot(site)
    edit(project)

    build = build_site(project, site)

    assert build.returncode == 1, build.output
    assert expected in build.output
    assert _snapshot(site) == before
    assert [path.name for path in site.parent.iterdir()] == ["site"]


def test_a_successful_build_replaces_the_site_and_keeps_hidden_entries(last_good):
    project, site = last_good
    (site / "stale.html").write_text("from an older build")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    Replace(PROSE, "### Approach", "### Method")(project)

    build = build_site(project, site)

    assert build.returncode == 0, build.output
    assert not (site / "stale.html").exists()
    assert (site / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert "Method" in (site / "records" / f"{RECORD_ID}.html").read_text(encoding="utf-8")
    assert sorted(path.name for path in site.parent.iterdir()) == ["site"]
    assert oct(site.stat().st_mode & 0o777) != oct(0o700)  # not the private mode of a temp folder
