"""The CSL engine and its output formats, on the default article and hostile record text."""

from __future__ import annotations

import json

import pytest

from citekit import load_style, read_csl_json, render_bibliography, render_citations
from citekit.seed import default_records

APA = ("Miknevičius, G. (2021). Soviet Armed Forces in Lithuania in 1939–1941. "
       "Genocidas Ir Rezistencija, 2(50), 7–36.")
# IEEE's locale (en-US) puts the comma inside the quotation marks (punctuation-in-quote).
IEEE_BODY = ("G. Miknevičius, “Soviet Armed Forces in Lithuania in 1939–1941,” {journal}, "
             "vol. 2, no. 50, pp. 7–36, Dec. 2021.")


@pytest.fixture(scope="module")
def article():
    return default_records()


@pytest.fixture(scope="module")
def hostile():
    item = {"id": "X", "type": "book", "author": [{"family": "O'Brien & Co", "given": "A"}],
            "title": "Tom & Jerry <script>alert(1)</script> *bold* [link]\nnext\x07",
            "publisher": "{Brace}\\press", "issued": "2020"}
    return read_csl_json(json.dumps([item]), "hostile.json")


def test_apa_text_html_and_citation(article):
    style = load_style("apa")
    assert render_bibliography(article, style) == APA + "\n"
    assert render_bibliography(article, style, "html") == (
        '<div class="csl-bib-body">\n'
        '  <div class="csl-entry">Miknevičius, G. (2021). Soviet Armed Forces in Lithuania in '
        "1939–1941. <i>Genocidas Ir Rezistencija</i>, <i>2</i>(50), 7–36.</div>\n"
        "</div>\n"
    )
    assert render_citations(article, style) == "(Miknevičius, 2021)\n"


def test_margin_label_is_set_apart_in_every_format(article):
    style = load_style("ieee")
    journal = "Genocidas ir rezistencija"
    assert render_bibliography(article, style) == "[1] " + IEEE_BODY.format(journal=journal) + "\n"
    assert render_bibliography(article, style, "html") == (
        '<div class="csl-bib-body">\n'
        '  <div class="csl-entry">\n'
        '    <div class="csl-left-margin">[1]</div><div class="csl-right-inline">'
        + IEEE_BODY.format(journal=f"<i>{journal}</i>") + "</div>\n"
        "  </div>\n"
        "</div>\n"
    )
    assert render_bibliography(article, style, "markdown") == (
        "\\[1\\] " + IEEE_BODY.format(journal=f"*{journal}*") + "\n"
    )
    assert render_bibliography(article, style, "rtf") == (
        "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n"
        "[1]\\tab G. Miknevi\\u269?ius, \\u8220?Soviet Armed Forces in Lithuania in "
        "1939\\u8211?1941,\\u8221? {\\i Genocidas ir rezistencija}, vol. 2, no. 50, "
        "pp. 7\\u8211?36, Dec. 2021.\\par\n}\n"
    )
    assert render_citations(article, style) == "[1]\n"


def test_locale_changes_terms_and_quotes(article):
    assert render_bibliography(article, load_style("ieee", "de-DE")) == (
        "[1] G. Miknevičius, „Soviet Armed Forces in Lithuania in 1939–1941“, "
        "Genocidas ir rezistencija, Bd. 2, Nr. 50, S. 7–36, Dez. 2021.\n"
    )


def test_record_text_is_escaped_for_each_format(hostile):
    style = load_style("apa")
    title = "Tom & Jerry <script>alert(1)</script> *bold* [link] next"
    assert render_bibliography(hostile, style) == (
        f"O’Brien & Co, A. (2020). {title}. {{Brace}}\\press.\n"
    )
    assert render_bibliography(hostile, style, "html") == (
        '<div class="csl-bib-body">\n'
        "  <div class=\"csl-entry\">O’Brien &#38; Co, A. (2020). <i>Tom &#38; Jerry "
        "&#60;script&#62;alert(1)&#60;/script&#62; *bold* [link] next</i>. {Brace}\\press.</div>\n"
        "</div>\n"
    )
    assert render_bibliography(hostile, style, "markdown") == (
        "O’Brien & Co, A. (2020). *Tom & Jerry \\<script\\>alert(1)\\</script\\> \\*bold\\* "
        "\\[link\\] next*. {Brace}\\\\press.\n"
    )
    assert render_bibliography(hostile, style, "rtf") == (
        "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n"
        f"O\\u8217?Brien & Co, A. (2020). {{\\i {title}}}. \\{{Brace\\}}\\\\press.\\par\n}}\n"
    )
    assert render_bibliography(hostile, style, "terminal") == (
        f"O’Brien & Co, A. (2020). \x1b[3m{title}\x1b[23m. {{Brace}}\\press.\n"
    )


def test_keys_differing_only_in_case_stay_apart():
    items = [{"id": "Smith2020", "type": "book", "title": "Upper", "author": [{"family": "Smith"}],
              "issued": "2020"},
             {"id": "smith2020", "type": "book", "title": "Lower", "author": [{"family": "Jones"}],
              "issued": "2020"}]
    records = read_csl_json(json.dumps(items), "case.json")
    assert render_citations(records, load_style("apa")) == "(Smith, 2020)\n(Jones, 2020)\n"


def test_several_records_are_sorted_by_the_style():
    items = [{"id": "b", "type": "book", "title": "Second", "author": [{"family": "Zed"}],
              "issued": "2001"},
             {"id": "a", "type": "book", "title": "First", "author": [{"family": "Abe"}],
              "issued": "2000"}]
    records = read_csl_json(json.dumps(items), "two.json")
    assert render_bibliography(records, load_style("apa")) == (
        "Abe. (2000). First.\nZed. (2001). Second.\n"
    )
    assert render_citations(records, load_style("ieee")) == "[1]\n[2]\n"  # order cited


def test_progress_is_told_each_stage_as_the_work_goes():
    items = [{"id": f"i{n}", "type": "book", "title": f"Title {n}", "author": [{"family": "Doe"}],
              "issued": "2000"} for n in range(3)]
    records = read_csl_json(json.dumps(items), "three.json")
    stages: list[str] = []
    text = render_bibliography(records, load_style("apa"), progress=stages.append)
    assert text == render_bibliography(records, load_style("apa"))
    assert text.splitlines()[0] == "Doe. (2000a). Title 0."  # sorted, then disambiguated by year-suffix
    # Each stage in turn; every cite rendered is told (a sort key, a cite text, an entry).
    assert list(dict.fromkeys(stages)) == ["sorting", "disambiguating", "rendering"]
    assert stages.count("rendering") == 3
    cited: list[str] = []
    assert render_citations(records, load_style("ieee"), progress=cited.append) == "[1]\n[2]\n[3]\n"
    assert set(cited) == {"rendering"} and len(cited) >= 3  # no sort, no disambiguation: rendering alone
