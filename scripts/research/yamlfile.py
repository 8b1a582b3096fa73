"""Reading YAML data files: strict text, no implicit timestamps, line numbers on demand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringDatesLoader(_Base):  # type: ignore[misc, valid-type]
    """A safe loader that leaves dates as strings, so the schema sees exactly what was typed, and
    refuses a key given twice in one mapping (PyYAML would silently keep the last one)."""

    def construct_mapping(self, node, deep=False):
        first_line: dict[object, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                earlier = first_line.setdefault(key, line)
            except TypeError:  # an unhashable key: the constructor below reports it
                continue
            if earlier != line:
                raise YamlProblem(
                    f"{key!r} is given twice in one mapping (first on line {earlier}); keep one",
                    line,
                )
        return super().construct_mapping(node, deep=deep)


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


class YamlProblem(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def read_utf8(path: Path) -> str:
    """A text file's content. Raises YamlProblem, with the line, for bytes that are not UTF-8,
    and OSError when the file cannot be read."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlProblem(
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start}); "
            "save it as UTF-8",
            line,
        ) from None


def read_yaml(path: Path) -> Any:
    """Parse one YAML file. Raises YamlProblem for bytes that are not UTF-8, syntax errors,
    keys given twice and empty files; OSError when the file cannot be read."""
    text = read_utf8(path)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise YamlProblem("the file is empty")
    try:
        return yaml.load(text, Loader=_StringDatesLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        detail = " ".join(part for part in (error.context, error.problem) if part)
        raise YamlProblem(f"YAML syntax error: {detail}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"YAML syntax error: {error}") from None


def line_of(path: Path, field_path: tuple[str | int, ...]) -> int | None:
    """The 1-based line where `field_path` (keys and list indexes) sits in the file, or the
    nearest enclosing node that exists. Only called when there is a problem to report."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for step in field_path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == step:
                    child, line = value_node, key_node.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                child = node.value[step]
                line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
