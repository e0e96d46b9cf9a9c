"""Article pages: records from Highwire and Dublin Core meta tags (as OJS pages carry them)."""

from __future__ import annotations

import pytest

from citekit.errors import MalformedFileError
from citekit.formats.html_meta import looks_like_html, read_html_meta
from citekit.model import Diagnostics
from citekit.seed import default_records

# The head of an Open Journal Systems 3 article page, as the journal serves it.
OJS_PAGE = """<!DOCTYPE html>
<html lang="en-US" xml:lang="en-US">
<head>
<meta charset="utf-8">
<title>Soviet Armed Forces in Lithuania in 1939&ndash;1941 | Genocidas ir rezistencija</title>
<meta name="gs_meta_revision" content="1.1"/>
<meta name="citation_journal_title" content="Genocidas ir rezistencija"/>
<meta name="citation_journal_abbrev" content="GiR"/>
<meta name="citation_issn" content="1392-3463"/>
<meta name="citation_author" content="Gintautas Miknevičius"/>
<meta name="citation_title" content="Soviet Armed Forces in Lithuania in 1939–1941"/>
<meta name="citation_language" content="en"/>
<meta name="citation_date" content="2021/12/28"/>
<meta name="citation_volume" content="2"/>
<meta name="citation_issue" content="50"/>
<meta name="citation_firstpage" content="7"/>
<meta name="citation_lastpage" content="36"/>
<meta name="citation_keywords" xml:lang="en" content="soviet occupation"/>
<meta name="citation_keywords" xml:lang="en" content="soviet armed forces"/>
<meta name="citation_keywords" xml:lang="en" content="soviet crimes"/>
<meta name="DC.Creator.PersonalName" content="Gintautas Miknevičius"/>
<meta name="DC.Date.issued" scheme="ISO8601" content="2021-12-28"/>
<meta name="DC.Rights" content="https://creativecommons.org/licenses/by/4.0"/>
<meta name="DC.Title" content="Soviet Armed Forces in Lithuania in 1939–1941"/>
</head><body><p>article</p></body></html>
"""


def test_an_ojs_page_gives_the_default_article_facts():
    [record] = read_html_meta(OJS_PAGE, "page.html")
    article = default_records()[0]
    assert record.key == "miknevicius2021soviet"
    for field in ("type", "title", "container-title", "volume", "issue", "page", "issued", "language",
                  "keyword", "author"):
        assert record[field] == article[field], field
    assert record["container-title-short"] == "GiR" and record["ISSN"] == "1392-3463"
    assert looks_like_html(OJS_PAGE)


def test_dublin_core_alone_and_names_written_family_first():
    page = ('<html><head><meta name="DC.Title" content="A Study"/>'
            '<meta name="DC.Creator.PersonalName" content="Doe, Jane"/>'
            '<meta name="DC.Date.issued" content="2020"/><meta name="DC.Subject" content="a; b"/>'
            "</head></html>")
    [record] = read_html_meta(page, "dc.html")
    assert record.to_csl_json() == {
        "id": "doe2020study", "type": "article-journal", "title": "A Study",
        "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2020]]}, "keyword": "a, b",
    }


def test_a_page_without_a_title_is_malformed():
    with pytest.raises(MalformedFileError, match=r"^plain\.html:1:1: no citation_title"):
        read_html_meta("<html><body>no metadata</body></html>", "plain.html", Diagnostics())
    assert not looks_like_html('{"id": "x"}')
