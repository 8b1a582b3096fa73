"""MODS 3.6 (the Library of Congress's bibliographic XML), as library systems import it."""

from __future__ import annotations

from lxml import etree

from ..model import Person, Record
from .xml import XSI, child, serialise

MODS = "http://www.loc.gov/mods/v3"
XLINK = "http://www.w3.org/1999/xlink"
VERSION = "3.6"
SCHEMA_LOCATION = f"{MODS} http://www.loc.gov/standards/mods/v3/mods-3-6.xsd"


def _m(name: str) -> str:
    return f"{{{MODS}}}{name}"


def _name(parent: etree._Element, person: Person) -> None:
    if person.literal is not None:
        name = child(parent, _m("name"), type="corporate")
        child(name, _m("namePart"), person.literal)
    else:
        name = child(parent, _m("name"), type="personal")
        family = " ".join(part for part in (person.particle, person.family) if part)
        child(name, _m("namePart"), family, type="family")
        child(name, _m("namePart"), person.given, type="given")
        if person.suffix:
            child(name, _m("namePart"), person.suffix, type="termsOfAddress")
        if person.orcid_url:
            child(name, _m("nameIdentifier"), person.orcid_url, type="orcid")
    role = child(name, _m("role"))
    child(role, _m("roleTerm"), "aut", type="code", authority="marcrelator")
    child(role, _m("roleTerm"), "author", type="text", authority="marcrelator")


def element(record: Record) -> etree._Element:
    root = etree.Element(
        _m("mods"),
        {"version": VERSION, f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION},
        nsmap={None: MODS, "xsi": XSI, "xlink": XLINK},
    )
    title_info = child(root, _m("titleInfo"))
    child(title_info, _m("title"), record.title)
    for person in record.authors:
        _name(root, person)
    child(root, _m("typeOfResource"), "text")
    is_article = record.type == "article"
    child(root, _m("genre"), "article" if is_article else "report")
    if not is_article:
        child(root, _m("genre"), record.report_type, type="report type")
    origin = child(root, _m("originInfo"))
    if record.publisher:
        child(origin, _m("publisher"), record.publisher.name)
    child(origin, _m("dateIssued"), record.published.isoformat(), encoding="w3cdtf", keyDate="yes")
    language = child(root, _m("language"))
    child(language, _m("languageTerm"), record.language, type="code", authority="rfc5646")
    for keyword in record.keywords:
        subject = child(root, _m("subject"))
        child(subject, _m("topic"), keyword)
    if is_article and record.journal:
        journal = record.journal
        host = child(root, _m("relatedItem"), type="host")
        host_title = child(host, _m("titleInfo"))
        child(host_title, _m("title"), journal.title)
        if journal.issn:
            child(host, _m("identifier"), journal.issn, type="issn")
        part = child(host, _m("part"))
        for kind, value in (("volume", journal.volume), ("issue", journal.issue)):
            if value:
                detail = child(part, _m("detail"), type=kind)
                child(detail, _m("number"), value)
        if journal.pages:
            first, _, last = journal.pages.partition("-")
            extent = child(part, _m("extent"), unit="pages")
            child(extent, _m("start"), first)
            if last:
                child(extent, _m("end"), last)
    elif record.series:
        series = child(root, _m("relatedItem"), type="series")
        series_title = child(series, _m("titleInfo"))
        child(series_title, _m("title"), record.series.title)
        if record.series_number:
            child(series_title, _m("partNumber"), record.series_number)
    if record.doi:
        child(root, _m("identifier"), record.doi, type="doi")
    if record.permanent_url:
        child(root, _m("identifier"), record.permanent_url, type="uri")
        location = child(root, _m("location"))
        child(location, _m("url"), record.permanent_url)
    child(
        root,
        _m("accessCondition"),
        record.licence.name,
        type="use and reproduction",
        **{f"{{{XLINK}}}href": record.licence.url},
    )
    return root


def render(record: Record) -> str:
    return serialise(element(record))
