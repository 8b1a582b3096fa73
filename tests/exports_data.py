"""The records the export tests run on: the real one and the awkward fixtures, loaded through the
real loader."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from research.load import load_collection
from research.model import Record

ROOT = Path(__file__).resolve().parents[1]
AWKWARD = Path(__file__).resolve().parent / "fixtures" / "awkward"


@cache
def records() -> tuple[Record, ...]:
    return tuple(load_collection(ROOT)) + tuple(load_collection(AWKWARD))


def record(record_id: str) -> Record:
    return next(r for r in records() if r.id == record_id)


RECORD_IDS = ("working-with-trauma-in-adult-probation", "awkward-report", "awkward-article")
