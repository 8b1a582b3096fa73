"""JSON Schema validation of the data files, with messages written for the people who edit them."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

try:
    import fastjsonschema
except ImportError:  # the check below is only a shortcut: jsonschema alone gives the same answer
    fastjsonschema = None

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "data" / "schema"
SCHEMA_NAMES = ("record", "people", "organisations", "series", "licences")


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


# jsonschema walks a schema generically and costs about 0.15 ms per record, most of the loader's
# time at 1,000 records. fastjsonschema compiles a schema to Python code, some 15 times faster,
# but knows drafts 4 to 7 only. Every keyword below means the same in draft 7 and in 2020-12, so a
# schema that uses no other is compiled as draft 7 and asked first: data it accepts is taken as
# valid; anything else (or any surprise) goes to jsonschema, which remains the authority and writes
# every message. fastjsonschema is the stricter of the two where they differ (it reads `$` in a
# pattern as the end of the text; Python's re also allows a final line break there), so
# the shortcut never lets through data that jsonschema refuses (tests/test_load.py checks that
# on generated data).
_SAME_IN_DRAFT_7 = frozenset(
    {
        "$schema",
        "$id",
        "title",
        "description",
        "type",
        "enum",
        "const",
        "pattern",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "required",
        "properties",
        "additionalProperties",
        "propertyNames",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "if",
        "then",
        "else",
    }
)


def _keywords_are_shared(schema: Any, inverted: bool = False) -> bool:
    """Whether draft 7 reads `schema` as 2020-12 does and reading `$` strictly only ever refuses
    more: not so for a pattern under `not`, `if` or `oneOf`, where failing can mean passing."""
    if isinstance(schema, bool):
        return True
    if not isinstance(schema, dict) or not _SAME_IN_DRAFT_7.issuperset(schema):
        return False
    if inverted and "pattern" in schema:
        return False
    # Python's == finds 1 equal to true, JSON Schema does not: text alone compares the same.
    if not all(isinstance(v, str) for v in [*schema.get("enum", ()), schema.get("const", "")]):
        return False
    for keyword, value in schema.items():
        if keyword == "properties":
            subschemas = list(value.values())
        elif keyword in {"allOf", "anyOf", "oneOf"}:
            subschemas = value
        elif keyword in {"additionalProperties", "propertyNames", "not", "if", "then", "else"}:
            subschemas = [value]
        elif keyword == "items":  # a list of schemas means something else in 2020-12
            subschemas = [value] if isinstance(value, (dict, bool)) else [None]
        else:
            continue
        flips = inverted or keyword in {"not", "if", "oneOf"}
        if not all(_keywords_are_shared(sub, flips) for sub in subschemas):
            return False
    return True


@cache
def _accepts(name: str):
    """A compiled check that raises for data the schema refuses; None when there is none."""
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    if fastjsonschema is None or not _keywords_are_shared(schema):
        return None
    as_draft_7 = {**schema, "$schema": "http://json-schema.org/draft-07/schema#"}
    # No defaults filled in and no `format` checks: jsonschema, as used here, does neither.
    return fastjsonschema.compile(as_draft_7, use_default=False, use_formats=False)


def quickly_valid(name: str, data: Any) -> bool:
    """True only if `data` is certainly valid against the schema; False means "ask jsonschema"."""
    check = _accepts(name)
    if check is None:
        return False
    try:
        check(data)
    except Exception:  # refused, or data the generated code did not expect: jsonschema decides
        return False
    return True


def field_name(path: Sequence[str | int]) -> str:
    """('authors', 0) -> 'authors[0]'; ('repository', 'deposited') -> 'repository.deposited'."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _type_name(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "nothing (null)",
    }.get(type(value), type(value).__name__)


def _describe(error: ValidationError) -> Iterator[tuple[tuple[str | int, ...], str]]:
    path = tuple(error.absolute_path)
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    match error.validator:
        case "required":
            missing = [key for key in error.validator_value if key not in value]
            for key in missing:
                yield (*path, key), "required field is missing"
        case "additionalProperties":
            known = sorted(schema.get("properties", {}))
            for key in sorted(set(value) - set(known)):
                hint = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
                yield (*path, key), f"unknown field{suggestion}"
        case "type":
            wanted = error.validator_value
            wanted = {"object": "a mapping", "array": "a list", "string": "text"}.get(
                wanted, wanted
            )
            yield path, f"expected {wanted}, found {_type_name(value)}"
        case "pattern":
            hint = schema.get("description")
            yield path, f"{value!r} is not in the expected form" + (f": {hint}" if hint else "")
        case "enum":
            options = ", ".join(repr(option) for option in error.validator_value)
            if isinstance(value, str):
                yield path, f"{value!r} is not one of {options}"
            else:
                yield path, f"expected one of {options}, found {_type_name(value)}"
        case "minItems" | "minLength":
            yield path, "must not be empty"
        case _:
            yield path, error.message


def schema_problems(name: str, data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """Every schema problem in `data`, as (field path, message)."""
    if quickly_valid(name, data):
        return []
    found = []
    for error in validator(name).iter_errors(data):
        if error.relative_schema_path and error.relative_schema_path[0] == "propertyNames":
            # jsonschema reports a bad key as the instance of the key's own subschema, with no
            # path into the mapping: name the key as the field.
            key = error.instance
            found.append(((*error.absolute_path, key), _describe_key(key, error.schema)))
            continue
        found.extend(_describe(error))
    return sorted(set(found), key=lambda item: (field_name(item[0]), item[1]))


def _describe_key(key: Any, schema: Any) -> str:
    if not isinstance(key, str):
        return f"the key must be text, found {_type_name(key)}"
    hint = schema.get("description") if isinstance(schema, dict) else None
    return "the key is not in the expected form" + (f": {hint}" if hint else "")
