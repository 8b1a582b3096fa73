"""A Python-Markdown extension that gives each key finding a "link to this finding" control.

Findings are list items with the class `finding` and an id (set in the prose with attr_list),
so a practitioner can share one finding by its address."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class _FindingLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for number, item in enumerate(
            (li for li in root.iter("li") if "finding" in li.get("class", "").split()), start=1
        ):
            anchor = item.get("id")
            if not anchor:
                continue
            link = etree.SubElement(item, "a")
            link.set("class", "finding-link")
            link.set("href", f"#{anchor}")
            link.set("data-search-exclude", "")  # Material's search: not the finding's words
            link.text = "Link to this finding"
            hidden = etree.SubElement(link, "span")
            hidden.set("class", "visually-hidden")
            hidden.text = f" (finding {number})"
            link.tail = ""


class FindingLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After attr_list (priority 8) has set the ids, before the toc extension reads headings.
        md.treeprocessors.register(_FindingLinks(md), "finding_links", 7)
