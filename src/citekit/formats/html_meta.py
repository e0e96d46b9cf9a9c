"""An article's web page: the Highwire ``citation_*`` and Dublin Core ``DC.*`` meta tags.

Every Open Journal Systems article page carries them, and reference managers
(Zotero's embedded-metadata translator) import from them. A page is one record;
Highwire tags win over Dublin Core ones for the same field. What a page cannot
hold: editors and other contributors, a publisher's place, anything but a
journal article's facts. The page's key is made from its author, year and
title (``citekit.keys``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

from citekit.errors import InvalidRecordError, MalformedFileError
from citekit.keys import make_key
from citekit.model import Diagnostics, Record, parse_edtf, record_from_csl_json

# Meta tag name (lower case) → CSL variable, Highwire first.
_TEXT_FIELDS = {
    "citation_title": "title", "dc.title": "title",
    "citation_journal_title": "container-title", "dc.source": "container-title",
    "citation_journal_abbrev": "container-title-short",
    "citation_volume": "volume", "dc.source.volume": "volume",
    "citation_issue": "issue", "dc.source.issue": "issue",
    "citation_doi": "DOI", "dc.identifier.doi": "DOI",
    "citation_issn": "ISSN", "dc.source.issn": "ISSN",
    "citation_isbn": "ISBN",
    "citation_language": "language", "dc.language": "language",
    "citation_publisher": "publisher", "dc.publisher": "publisher",
    "citation_abstract": "abstract", "dc.description": "abstract",
    "citation_abstract_html_url": "URL", "citation_public_url": "URL",
}
_AUTHORS = ("citation_author", "dc.creator.personalname", "dc.creator")
_DATES = ("citation_publication_date", "citation_date", "dc.date.issued", "dc.date")
_KEYWORDS = ("citation_keywords", "dc.subject")


class _MetaTags(HTMLParser):
    """Collects ``<meta name=... content=...>`` pairs in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "meta":
            return
        attributes = {name.lower(): value or "" for name, value in attrs}
        name = attributes.get("name") or attributes.get("property") or ""
        if name and "content" in attributes:
            self.tags.append((name.lower(), " ".join(attributes["content"].split())))

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """``<![...`` outside SVG and MathML is a bogus comment up to the next ``>`` (HTML5).

        The inherited parser raises AssertionError for a marked section it does not know.
        """
        return self.parse_bogus_comment(i, report)


def looks_like_html(text: str) -> bool:
    """True for a web page that carries citation or Dublin Core meta tags."""
    head = text[:4096].lower()
    return ("<html" in head or "<!doctype html" in head) and ("citation_" in text or "dc." in text.lower())


def read_html_meta(text: str, source: str, diagnostics: Diagnostics | None = None) -> list[Record]:
    """The record an article page describes; a page without a title is malformed."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    parser = _MetaTags()
    # No close(): it reads again, to the end, from each tag or comment left open there, which is
    # quadratic; what is open at the end of the page is dropped, as a browser drops it.
    parser.feed(text)
    item = _item(parser.tags)
    if "title" not in item:
        raise MalformedFileError(source, 1, 1, "no citation_title or DC.Title meta tag: not an article page")
    item["id"] = make_key(item, set())
    try:
        return [record_from_csl_json(item, source, diagnostics)]
    except InvalidRecordError as error:
        diagnostics.skip(error)
        return []


def _item(tags: Iterable[tuple[str, str]]) -> dict[str, object]:
    item: dict[str, object] = {"type": "article-journal"}
    authors: dict[str, list[dict[str, str]]] = {}
    keywords: list[str] = []
    first_page = last_page = ""
    for name, content in tags:
        if not content:
            continue
        if name in _TEXT_FIELDS:
            item.setdefault(_TEXT_FIELDS[name], content)
        elif name in _AUTHORS:
            authors.setdefault(name, []).append(_name(content))
        elif name in _DATES and "issued" not in item:
            item["issued"] = _date(content)
        elif name in _KEYWORDS:
            keywords += [word.strip() for word in re.split(r"[;,]", content) if word.strip()]
        elif name in ("citation_firstpage", "dc.identifier.pagenumber"):
            first_page = first_page or content
        elif name == "citation_lastpage":
            last_page = content
    for source in _AUTHORS:  # Highwire authors if any, else Dublin Core's
        if authors.get(source):
            item["author"] = authors[source]
            break
    if keywords:
        item["keyword"] = ", ".join(dict.fromkeys(keywords))
    if first_page:
        item["page"] = f"{first_page}-{last_page}" if last_page and "-" not in first_page else first_page
    return item


def _name(text: str) -> dict[str, str]:
    """``Miknevičius, Gintautas`` or ``Gintautas Miknevičius``."""
    if "," in text:
        family, _, given = (part.strip() for part in text.partition(","))
        return {"family": family, "given": given}
    parts = text.rsplit(" ", 1)
    return {"family": parts[-1], "given": parts[0]} if len(parts) == 2 else {"literal": text}


def _date(text: str) -> dict[str, object]:
    """``2021/12/28``, ``2021-12-28`` or ``2021``."""
    parsed = parse_edtf(text.replace("/", "-").strip("-"))
    return {"date-parts": parsed[0]} if parsed else {"raw": text}
