"""Style resolution: aliases, repository names, dependent styles, paths, search."""

from __future__ import annotations

from pathlib import Path

import pytest

from citekit import load_style, render_bibliography
from citekit.csl import aliases, resolve_style, search_styles
from citekit.errors import InvalidStyleError, LocaleNotFoundError, StyleNotFoundError
from citekit.seed import default_records

ALIASES = ["apa", "chicago", "chicago-notes", "mla", "harvard", "ieee", "vancouver", "ama",
           "acs", "acm", "nature", "turabian", "abnt"]


def test_every_promised_alias_exists():
    assert set(ALIASES) <= set(aliases())


@pytest.mark.parametrize("alias", sorted(aliases()))
def test_every_alias_renders_the_default_article(alias):
    text = render_bibliography(default_records(), load_style(alias))
    assert text.count("\n") == 1
    assert "Miknevičius" in text.upper().title() or "MIKNEVIČIUS" in text
    assert "Soviet Armed Forces in Lithuania in 1939–1941" in text


def test_dependent_style_resolves_to_its_parent_and_keeps_its_own_locale():
    info = resolve_style("vancouver")
    assert (info.name, info.dependent, info.source.name) == (
        "vancouver-nlm", True, "nlm-citation-sequence.csl")
    assert info.title == "Vancouver - NLM (citation-sequence)"
    abnt = resolve_style("abnt")
    assert (abnt.dependent, abnt.default_locale, abnt.citation_format) == (
        False, "pt-BR", "author-date")


def test_dependent_style_with_its_own_default_locale():
    # A dependent style's default-locale wins over its parent's.
    styles = [info for info in search_styles("") if info.dependent and info.default_locale]
    assert styles, "the repository has dependent styles with their own locale"
    info = styles[0]
    assert load_style(info.name).locale == info.default_locale


def test_a_csl_file_by_path(tmp_path: Path):
    source = resolve_style("apa").path
    copy = tmp_path / "my-style.csl"
    copy.write_bytes(source.read_bytes())
    assert render_bibliography(default_records(), load_style(str(copy))).startswith(
        "Miknevičius, G. (2021).")


def test_unknown_style_suggests_three_close_names():
    with pytest.raises(StyleNotFoundError) as error:
        resolve_style("vancuver")
    assert str(error.value) == (
        "unknown style 'vancuver'; did you mean: vancouver, vancouver-nlm, vancouver-ama?"
    )


def test_missing_csl_path_is_not_found(tmp_path: Path):
    with pytest.raises(StyleNotFoundError, match="unknown style"):
        resolve_style(str(tmp_path / "nope.csl"))


def test_malformed_csl_names_file_line_and_column(tmp_path: Path):
    bad = tmp_path / "bad.csl"
    bad.write_text('<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl">\n'
                   "  <info><title>Broken</title></info>\n  <citation>\n</style>\n")
    with pytest.raises(InvalidStyleError) as error:
        load_style(str(bad))
    assert str(error.value).startswith(f"{bad}:5:")


def test_xml_that_is_not_csl_is_refused(tmp_path: Path):
    other = tmp_path / "other.csl"
    other.write_text("<html><body/></html>\n")
    with pytest.raises(InvalidStyleError, match="not a CSL style"):
        load_style(str(other))


def test_external_entities_are_not_loaded(tmp_path: Path):
    evil = tmp_path / "evil.csl"
    source = resolve_style("apa").path.read_text(encoding="utf-8")
    evil.write_text(
        source.replace('<?xml version="1.0" encoding="utf-8"?>',
                       '<?xml version="1.0" encoding="utf-8"?>\n'
                       '<!DOCTYPE style [<!ENTITY x SYSTEM "file:///etc/hostname">]>', 1)
        .replace("<title>", "<title>&x;", 1),
        encoding="utf-8")
    info = resolve_style(str(evil))
    assert Path("/etc/hostname").read_text().strip() not in info.title


def test_unknown_locale():
    with pytest.raises(LocaleNotFoundError, match="unknown locale 'xx-YY'"):
        load_style("apa", "xx-YY")


def test_search_matches_every_word_in_name_or_title():
    found = search_styles("nlm citation sequence superscript")
    assert "nlm-citation-sequence-superscript" in [info.name for info in found]
    assert all("superscript" in f"{info.name} {info.title.lower()}" for info in found)
    assert [info.name for info in search_styles("vancouver-nlm")] == ["vancouver-nlm"]


def test_search_by_class_and_kind():
    found = search_styles("vancouver numeric dependent")
    assert "vancouver-nlm" in [info.name for info in found]
    assert all(info.citation_format == "numeric" and info.dependent for info in found)
