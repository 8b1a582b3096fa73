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

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "data" / "schema"
SCHEMA_NAMES = ("record", "people", "organisations", "series", "licences")


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


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
