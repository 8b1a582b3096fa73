"""What the XML formats share: building elements with lxml, which escapes every value."""

from __future__ import annotations

from lxml import etree

XSI = "http://www.w3.org/2001/XMLSchema-instance"


def child(parent: etree._Element, tag: str, text: str | None = None, **attributes: str):
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def serialise(root: etree._Element) -> str:
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True).decode(
        "utf-8"
    )
