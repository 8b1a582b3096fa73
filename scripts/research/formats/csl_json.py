"""CSL-JSON (the Citation Style Language's item format): the interchange that Zotero, Mendeley and
pandoc read, and the input of the reference styles in references.py."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..model import Person, Record


def _name(person: Person) -> dict[str, str]:
    if person.literal is not None:
        return {"literal": person.literal}
    name = {"family": person.family, "given": person.given}
    if person.particle:
        # "van der" stays with the family name when printed ("van der Berg, J."): CSL's
        # non-dropping particle, rather than a dropping one that moves after the given name.
        name["non-dropping-particle"] = person.particle
    if person.suffix:
        name["suffix"] = person.suffix
    return name


def item(record: Record) -> dict[str, Any]:
    """One CSL item. Its id is the record's id, which is already lower-case (citeproc-py
    lower-cases ids)."""
    published = record.published
    date_parts = [part for part in (published.year, published.month, published.day) if part]
    data: dict[str, Any] = {
        "id": record.id,
        "type": "article-journal" if record.type == "article" else "report",
        "title": record.title,
        "author": [_name(person) for person in record.authors],
        "issued": {"date-parts": [date_parts]},  # as precise as it is known
        "language": record.language,
    }
    if record.type == "article" and record.journal:
        journal = record.journal
        data["container-title"] = journal.title
        for key, value in (
            ("volume", journal.volume),
            ("issue", journal.issue),
            ("page", journal.pages),
            ("ISSN", journal.issn),
        ):
            if value:
                data[key] = value
    if record.publisher:
        data["publisher"] = record.publisher.name
    if record.type != "article":
        data["genre"] = record.report_type
        if record.series:
            data["collection-title"] = record.series.title
        if record.series_number:
            # A report's number in its series: CSL's `number`, which styles print after
            # the genre ("Research bulletin 3").
            data["number"] = record.series_number
    if record.doi:
        data["DOI"] = record.doi
    if record.permanent_url:
        data["URL"] = record.permanent_url
    if record.keywords:
        data["keyword"] = ", ".join(record.keywords)
    return data


def render_many(records: Iterable[Record]) -> str:
    return json.dumps([item(record) for record in records], ensure_ascii=False, indent=2) + "\n"


def render(record: Record) -> str:
    return render_many([record])


def join(texts: Iterable[str]) -> str:
    """render_many's text, from render's texts for the same records: each is an array of one
    item written with the same indentation, so its item is the text inside the brackets."""
    items = [text.removeprefix("[\n").removesuffix("\n]\n") for text in texts]
    return "[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n"
