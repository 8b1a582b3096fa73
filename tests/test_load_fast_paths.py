"""The loader's shortcuts give what the careful paths give: the same data, the same problems.

Each shortcut (YAML built straight from its nodes, fastjsonschema asked before jsonschema, one scan
of a file's text for refused characters, records kept between `mkdocs serve` rebuilds) is
checked here against the path it stands in for."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, RECORD_ID, ROOT, copy_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from research import schema
from research.load import SitePaths, _only_printable, load_collection
from research.problems import DataError
from research.text import _REFUSED, is_refused_character, unprintable
from research.yamlfile import YamlProblem, _StringDatesLoader, read_yaml

DATA_FILES = sorted(
    [*(ROOT / "data").rglob("*.yml"), *FIXTURES.rglob("*.yml")], key=lambda path: str(path)
)


def _constructed(text: str):
    """What PyYAML's own constructor (with the duplicate-key check) makes of `text`."""
    loader = _StringDatesLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


def _fast(text: str):
    return yaml.load(text, Loader=_StringDatesLoader)


# --- refused characters --------------------------------------------------------------------------


def test_refused_character_class_is_the_definition():
    differ = [
        hex(code)
        for code in range(0x110000)
        if bool(_REFUSED.fullmatch(chr(code))) != is_refused_character(chr(code))
    ]
    assert differ == []


@given(st.text())
def test_unprintable_names_the_first_refused_character(value):
    first = next((char for char in value if is_refused_character(char)), None)
    message = unprintable(value)
    if first is None:
        assert message is None
    else:
        assert message is not None and f"U+{ord(first):04X}" in message


@given(st.text(), st.booleans(), st.sampled_from([None, "'", '"', "|"]))
def test_a_file_passed_as_printable_holds_no_refused_character(value, allow_unicode, style):
    try:
        text = yaml.safe_dump({"key": value}, allow_unicode=allow_unicode, default_style=style)
    except yaml.YAMLError:
        return  # PyYAML cannot write every string in every style
    raw = text.encode("utf-8")
    try:
        parsed = _constructed(text)
    except yaml.YAMLError:
        return
    if _only_printable(raw):
        assert unprintable(parsed["key"]) is None


def test_an_escaped_refused_character_is_not_passed_as_printable():
    raw = b'title: "a\\x01b"\n'
    assert _fast(raw.decode()) == {"title": "a\x01b"}
    assert not _only_printable(raw)


# --- YAML built from its nodes -------------------------------------------------------------------


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_data_file_reads_as_the_constructor_reads_it(path):
    text = path.read_text(encoding="utf-8")
    assert _fast(text) == _constructed(text)


_scalars = (
    st.text(alphabet=string.printable + "é–’ü", max_size=12)
    | st.integers()
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.none()
)
_documents = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(string.ascii_letters + "_ -:#'\"", max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(_documents, st.booleans(), st.sampled_from([None, "'", '"']))
def test_generated_documents_read_as_the_constructor_reads_them(data, flow, style):
    text = yaml.safe_dump(data, default_flow_style=flow, default_style=style, allow_unicode=True)
    assert _fast(text) == _constructed(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: &shared [x, y]\nc: *shared\n",
        "base: &base {x: 1}\nderived:\n  <<: *base\n  y: 2\n",
        "n: !!str 12\nb: !!binary aGVsbG8=\nf: 1.5\nz: ~\nt: yes\no: 0o17\n",
        "date: 2022-03-18\nwhen: 2022-03-18T10:00\n",
        "1: one\n? [a, b]\n: pair\n",
        "set: !!set {a, b}\n",
    ],
    ids=["alias", "merge-key", "tags-and-implicit", "dates-stay-text", "odd-keys", "set"],
)
def test_documents_needing_the_constructor_read_as_before(text):
    assert _outcome(_fast, text) == _outcome(_constructed, text)


def _outcome(read, text: str):
    """The data read, or the error raised (a merge key, for one, is refused either way)."""
    try:
        return read(text)
    except yaml.YAMLError as error:
        return type(error), str(error)


def test_an_alias_inside_itself_is_left_to_the_constructor():
    data = _fast("a: &loop [1, *loop]\n")
    assert data["a"][1] is data["a"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: 1\nb: 2\na: 3\n", "'a' is given twice in one mapping (first on line 1); keep one", 3),
        ("a: 1\n'a': 2\n", "'a' is given twice in one mapping (first on line 1); keep one", 2),
        (
            "x:\n  - k: 1\n    j: 2\n    k: 3\n",
            "'k' is given twice in one mapping (first on line 2); keep one",
            4,
        ),
        ("1: a\n0x1: b\n", "1 is given twice in one mapping (first on line 1); keep one", 2),
    ],
    ids=["top-level", "quoted-and-plain", "nested", "same-number"],
)
def test_a_key_given_twice_is_still_reported(tmp_path, text, message, line):
    path = tmp_path / "twice.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(YamlProblem) as caught:
        read_yaml(path)
    assert (caught.value.message, caught.value.line) == (message, line)


# --- fastjsonschema before jsonschema ------------------------------------------------------------


def test_every_schema_has_its_quick_check():
    assert all(schema._accepts(name) is not None for name in schema.SCHEMA_NAMES)


@pytest.mark.parametrize(
    "subschema",
    [
        {"not": {"pattern": "^a$"}},
        {"if": {"properties": {"x": {"pattern": "a$"}}}, "then": {"required": ["y"]}},
        {"oneOf": [{"pattern": "a$"}, {"type": "string"}]},
        {"items": [{"type": "string"}]},
        {"prefixItems": [{"type": "string"}]},
        {"enum": [1, True]},
        {"const": False},
        {"format": "date"},
    ],
)
def test_schemas_that_draft_7_could_read_differently_get_no_quick_check(subschema):
    assert not schema._keywords_are_shared({"type": "object", **subschema})


def _valid_record() -> dict:
    return read_yaml(FIXTURES / "base" / "data" / "records" / f"{RECORD_ID}.yml")


_values = st.recursive(
    st.text(alphabet=string.printable + "٢é\u2028\x85", max_size=12)
    | st.sampled_from(["report", "article", "Published", "en-GB", "2022", "2022-03", "10.1/x"])
    | st.integers()
    | st.booleans()
    | st.none(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=8,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.dictionaries(
        st.sampled_from([*schema.validator("record").schema["properties"], "extra", "journal"]),
        _values | st.just("drop"),
        max_size=4,
    ),
    suffix=st.sampled_from(["", "\n", " "]),
)
def test_the_quick_check_accepts_only_what_jsonschema_accepts(changes, suffix):
    record = _valid_record()
    for key, value in changes.items():
        if value == "drop":
            record.pop(key, None)
        else:
            record[key] = value
    if isinstance(record.get("id"), str):
        record["id"] += suffix  # `$` in a pattern: Python allows one final line break there
    if schema.quickly_valid("record", record):
        assert list(schema.validator("record").iter_errors(record)) == []


def test_the_quick_check_is_stricter_about_a_final_line_break():
    record = {**_valid_record(), "id": f"{RECORD_ID}\n"}
    assert not schema.quickly_valid("record", record)
    assert list(schema.validator("record").iter_errors(record)) == []


# --- paths shown in messages ---------------------------------------------------------------------


def test_paths_are_shown_as_resolving_them_would(tmp_path):
    root = tmp_path / "project"
    (root / "data" / "records").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.yml"
    elsewhere.write_text("x: 1\n")
    (root / "data" / "records" / "linked.yml").symlink_to(elsewhere)
    (root / "data" / "records" / "plain.yml").write_text("x: 1\n")
    (root / "data" / "alias").symlink_to(root / "data" / "records")
    paths = SitePaths(root, root / "docs")
    for path in [
        root / "data" / "records" / "plain.yml",
        root / "data" / "records" / "linked.yml",
        root / "data" / "alias" / "plain.yml",
        root / "data" / "records" / "missing.yml",
        tmp_path / "outside.yml",
    ]:
        try:
            expected = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            expected = path.as_posix()
        assert paths.show(path) == expected


# --- records kept between `mkdocs serve` rebuilds ------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_project_loads_the_same_records(tmp_path):
    project = copy_project(tmp_path / "p")
    first, second = load_collection(project), load_collection(project)
    assert second.records == first.records
    assert all(a is b for a, b in zip(first.records, second.records, strict=True))


def test_a_rebuild_sees_each_kind_of_edit(tmp_path):
    project = copy_project(tmp_path / "p")
    record_file = project / "data" / "records" / f"{RECORD_ID}.yml"
    prose_file = project / "docs" / "records" / f"{RECORD_ID}.md"
    before = load_collection(project).get(RECORD_ID)

    _edit(record_file, "title: Working with trauma", "title: Working well with trauma")
    assert load_collection(project).get(RECORD_ID).title.startswith("Working well with trauma")

    prose_file.write_text(prose_file.read_text(encoding="utf-8") + "\nOne more line.\n")
    assert load_collection(project).get(RECORD_ID).abstract_markdown.endswith("One more line.\n")

    _edit(project / "data" / "organisations.yml", "University of Greenwich", "Greenwich Univ.")
    names = [p.affiliation.name for p in load_collection(project).get(RECORD_ID).authors]
    assert "Greenwich Univ." in names and before.authors[0].affiliation.name not in names

    _edit(project / "data" / "people.yml", "orcid: 0000-0003-2819-1366", "orcid: 0000-0003-2819-1")
    with pytest.raises(DataError, match=r"madeline-petrillo\.orcid"):
        load_collection(project)


def test_a_record_broken_after_a_good_load_is_reported(tmp_path):
    project = copy_project(tmp_path / "p")
    load_collection(project)
    _edit(
        project / "data" / "records" / f"{RECORD_ID}.yml",
        'published: "2022-03-18"',
        'published: "2022-13-01"',
    )
    with pytest.raises(DataError, match=r"published: '2022-13-01' is not a real calendar date"):
        load_collection(project)
    (project / "docs" / "records" / f"{RECORD_ID}.md").unlink()
    with pytest.raises(DataError, match="has no prose page"):
        load_collection(project)
