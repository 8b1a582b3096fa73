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

    def get_single_data(self):
        # PyYAML's constructor is Python, one call per node. A document of plain mappings with
        # distinct text keys, lists and scalars (every record) is built directly from its nodes;
        # anything else (anchors that loop, merge keys, other tags, a key given twice) is built
        # by the constructor above, so problems are found and worded exactly as before.
        node = self.get_single_node()
        if node is None:
            return None
        try:
            return self._plain(node, set())
        except _NotPlain:
            return self.construct_document(node)
        finally:
            self.constructed_objects = {}
            self.recursive_objects = {}

    def _plain(self, node, open_nodes: set[int]):
        if type(node) is yaml.ScalarNode:
            if node.tag == _STR:
                return node.value
            # A number, true/false or null that the resolver read from its own spelling: its
            # constructor cannot fail. An explicit tag such as `!!int abc` is left to PyYAML.
            implicit = self.resolve(yaml.ScalarNode, node.value, (True, False))
            if node.tag in _IMPLICIT_SCALARS and node.tag == implicit:
                return self.construct_object(node)
            raise _NotPlain
        if id(node) in open_nodes:  # an alias inside itself
            raise _NotPlain
        open_nodes.add(id(node))
        try:
            # Text, most values, is taken in place: one call fewer per value.
            if type(node) is yaml.SequenceNode and node.tag == _SEQ:
                return [
                    child.value
                    if type(child) is yaml.ScalarNode and child.tag == _STR
                    else self._plain(child, open_nodes)
                    for child in node.value
                ]
            if type(node) is yaml.MappingNode and node.tag == _MAP:
                keys = [
                    key.value
                    for key, _ in node.value
                    if type(key) is yaml.ScalarNode and key.tag == _STR
                ]
                if len(keys) != len(node.value) or len(set(keys)) != len(keys):
                    raise _NotPlain
                return {
                    key: value.value
                    if type(value) is yaml.ScalarNode and value.tag == _STR
                    else self._plain(value, open_nodes)
                    for key, (_, value) in zip(keys, node.value, strict=True)
                }
            raise _NotPlain
        finally:
            open_nodes.discard(id(node))


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))
_IMPLICIT_SCALARS = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null")}


class _NotPlain(Exception):
    """The document needs PyYAML's own constructor."""


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


class YamlProblem(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def read_utf8(path: Path, raw: bytes | None = None) -> str:
    """A text file's content (`raw`: its bytes, when already read). Raises YamlProblem, with the
    line, for bytes that are not UTF-8, and OSError when the file cannot be read."""
    if raw is None:
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


def read_yaml(path: Path, raw: bytes | None = None) -> Any:
    """Parse one YAML file (`raw`: its bytes, when already read). Raises YamlProblem for bytes
    that are not UTF-8, syntax errors, keys given twice and empty files; OSError when the file
    cannot be read."""
    text = read_utf8(path, raw)
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
