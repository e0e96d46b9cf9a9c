"""CSL-YAML (pandoc's YAML bibliography): exact export of the default article, reading, round trip."""

from __future__ import annotations

import json

import pytest

from citekit.errors import InvalidRecordError, MalformedFileError
from citekit.formats.csl_yaml import looks_like_csl_yaml, read_csl_yaml, write_csl_yaml
from citekit.model import Diagnostics, record_from_csl_json
from citekit.seed import default_records


def test_the_default_article_exports_as_a_pandoc_metadata_block():
    text = write_csl_yaml(default_records())
    assert text.startswith("---\nreferences:\n- id: miknevicius2021soviet\n  type: article-journal\n")
    assert "  title: Soviet Armed Forces in Lithuania in 1939–1941\n" in text
    assert "  author:\n  - family: Miknevičius\n    given: Gintautas\n" in text
    assert text.endswith("...\n")
    assert read_csl_yaml(text, "refs.yaml") == default_records()


def test_pandoc_style_files_read_with_dates_as_text():
    text = """---
references:
- id: doe2020
  type: book
  title: 'A Book: With a Colon'
  author:
  - family: Doe
    given: Jane
  issued: 2020-05-17
  volume: 3
...
"""
    [record] = read_csl_yaml(text, "refs.yaml")
    assert record.to_csl_json() == {
        "id": "doe2020", "type": "book", "title": "A Book: With a Colon",
        "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2020, 5, 17]]},
        "volume": "3",
    }
    assert looks_like_csl_yaml(text) and not looks_like_csl_yaml("[1, 2]")


def test_a_bare_list_and_bad_items():
    diagnostics = Diagnostics(strict=False)
    records = read_csl_yaml("- id: a\n  type: book\n- id: b\n  type: nonsense\n", "list.yaml", diagnostics)
    assert [record.key for record in records] == ["a"]
    assert diagnostics.skipped == ["list.yaml, item 2 (b), field 'type': 'nonsense' is not a CSL item type "
                                   "(e.g. 'article-journal', 'book')"]
    with pytest.raises(InvalidRecordError):
        read_csl_yaml("- id: b\n  type: nonsense\n", "strict.yaml")


def test_broken_yaml_names_the_line():
    with pytest.raises(MalformedFileError, match=r"^bad\.yaml:3:1: expected ',' or '\]', but got"):
        read_csl_yaml("references:\n  - id: [unclosed\n", "bad.yaml")
    with pytest.raises(MalformedFileError, match="expected a list of items"):
        read_csl_yaml("just text", "text.yaml")


def test_the_oracle_corpus_survives_a_round_trip(shared):
    items = json.loads((shared / "oracle" / "corpus.json").read_text(encoding="utf-8"))
    records = [record_from_csl_json(item, "corpus", Diagnostics()) for item in items]
    assert read_csl_yaml(write_csl_yaml(records), "corpus.yaml") == records
