"""What the record page says about its licence: the attribution statement, the copyright line,
what the licence excludes, and that re-use implies no endorsement."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Record


@dataclass(frozen=True)
class LicenceView:
    name: str
    url: str
    copyright: str | None
    attribution: str | None
    exclusions: str | None
    non_endorsement: str | None
    publisher: str | None


def licence_view(record: Record) -> LicenceView:
    licence = record.licence
    return LicenceView(
        name=licence.name,
        url=licence.url,
        copyright=record.copyright,
        attribution=licence.attribution,
        exclusions=licence.exclusions,
        non_endorsement=licence.non_endorsement,
        publisher=record.publisher.name if record.publisher else None,
    )
