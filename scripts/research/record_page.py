"""The HTML the build puts around a record's prose, in one place: the hooks and the tests that
check escaping both assemble a record page from here, so they cannot drift apart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .context import record_view
from .fragments import render_fragment
from .licensing import licence_view
from .model import Collection, Record


@dataclass(frozen=True)
class RecordPageParts:
    header: str  # title, byline, publication: before the prose
    subjects: str  # the site's subjects and the authors' keywords: after it, searchable
    reference: str  # metadata table, "Cite this" panel, licence
    more: str  # links to related records and to the authors' other work

    def page(self, prose_html: str) -> str:
        """The whole content of the record page, in reading order."""
        return self.header + prose_html + self.reference + self.subjects + self.more


def record_page_parts(
    record: Record, collection: Collection, rendered: Mapping[str, str]
) -> RecordPageParts:
    """`rendered` holds the record's exports and references (research.rendering)."""
    view = record_view(record, collection, rendered)
    return RecordPageParts(
        header=render_fragment("record-header.html", record=view),
        subjects=render_fragment("record-subjects.html", record=view),
        reference=render_fragment("record-details.html", record=view)
        + render_fragment("record-cite.html", record=view)
        + render_fragment("record-licence.html", licence=licence_view(record)),
        more=render_fragment("record-more.html", record=view),
    )
