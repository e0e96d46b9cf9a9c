"""The record model: validation and normalisation of CSL-JSON items."""

from __future__ import annotations

import pytest

from citekit.errors import InvalidRecordError
from citekit.model import Diagnostics, display_name, parse_edtf, record_from_csl_json


def make(item: dict, diagnostics: Diagnostics | None = None):
    return record_from_csl_json(item, "refs.json, item 1", diagnostics)


def test_valid_item_is_kept_as_given():
    item = {"id": "a", "type": "book", "title": "A Title",
            "author": [{"family": "Smith", "given": "Jane"}],
            "issued": {"date-parts": [[2020, 5]]}}
    record = make(item)
    assert record.to_csl_json() == item
    assert (record.key, record.type, record.year) == ("a", "book", 2020)


def test_numbers_become_strings_and_numeric_id_a_string():
    record = make({"id": 7, "type": "article-journal", "volume": 2, "issue": 50, "page": "7-36"})
    assert record.to_csl_json() == {"id": "7", "type": "article-journal", "volume": "2",
                                    "issue": "50", "page": "7-36"}


@pytest.mark.parametrize("given, expected", [
    ({"raw": "2021-12-28"}, {"date-parts": [[2021, 12, 28]]}),
    ("2021-12", {"date-parts": [[2021, 12]]}),
    ({"literal": "2021"}, {"date-parts": [[2021]]}),
    ({"raw": "2019-03-01/2019-04"}, {"date-parts": [[2019, 3, 1], [2019, 4]]}),
    ({"raw": "2021-12-28T10:15:00Z"}, {"date-parts": [[2021, 12, 28]]}),
    ({"raw": "1850~"}, {"date-parts": [[1850]], "circa": True}),
    ({"date-parts": [["2021", "12", "28"]]}, {"date-parts": [[2021, 12, 28]]}),
    ({"literal": "Spring term, 1999"}, {"literal": "Spring term, 1999"}),
])
def test_dates_are_normalised_to_date_parts(given, expected):
    assert make({"id": "a", "type": "book", "issued": given})["issued"] == expected


def test_unparseable_raw_date_is_kept_as_literal_with_a_warning():
    diagnostics = Diagnostics()
    record = make({"id": "a", "type": "book", "issued": {"raw": "sometime in May"}}, diagnostics)
    assert record["issued"] == {"literal": "sometime in May"}
    assert diagnostics.warnings == [
        "refs.json, item 1 (a): date 'sometime in May' in 'issued' kept as a literal"
    ]


def test_unknown_and_alias_fields_are_kept_and_reported():
    diagnostics = Diagnostics()
    record = make({"id": "a", "type": "article-journal", "keywords": ["x", "y"],
                   "license": "CC BY 4.0", "risType": "JOUR", "doi": "10.1/2"}, diagnostics)
    assert record.to_csl_json() == {
        "id": "a", "type": "article-journal", "keyword": "x, y", "DOI": "10.1/2",
        "custom": {"license": "CC BY 4.0", "risType": "JOUR"},
    }
    assert diagnostics.warnings == [
        "refs.json, item 1 (a): field 'keywords' read as 'keyword'",
        "refs.json, item 1 (a): field 'license' kept as 'custom.license'",
        "refs.json, item 1 (a): unknown field 'risType' kept as 'custom.risType'",
        "refs.json, item 1 (a): field 'doi' read as 'DOI'",
    ]


def test_names_given_as_strings_and_mononyms():
    record = make({"id": "a", "type": "book",
                   "author": ["Smith, Jane", "World Health Organization", {"given": "Plato"}]})
    assert record["author"] == [{"family": "Smith", "given": "Jane"},
                                {"literal": "World Health Organization"}, {"family": "Plato"}]


@pytest.mark.parametrize("item, message", [
    ([1], "refs.json, item 1: expected an object, got a list"),
    ({"type": "book"}, "refs.json, item 1, field 'id': every item needs a non-empty string id"),
    ({"id": "a", "type": "journal"},
     ("refs.json, item 1 (a), field 'type': 'journal' is not a CSL item type "
     "(e.g. 'article-journal', 'book')")),
    ({"id": "a", "type": "book", "title": ["x"]},
     "refs.json, item 1 (a), field 'title': expected a string, got a list"),
    ({"id": "a", "type": "book", "author": [{"given": "", "suffix": "Jr."}]},
     "refs.json, item 1 (a), field 'author[1]': a name needs a family or literal part"),
    ({"id": "a", "type": "book", "issued": {"date-parts": [[2021, 13]]}},
     "refs.json, item 1 (a), field 'issued': date-parts [2021, 13] is not a valid date"),
    ({"id": "a", "type": "book", "custom": "x"},
     "refs.json, item 1 (a), field 'custom': must be an object"),
])
def test_invalid_items_name_the_item_and_field(item, message):
    with pytest.raises(InvalidRecordError) as error:
        make(item)
    assert str(error.value) == message


def test_parse_edtf_rejects_what_is_not_a_date():
    assert parse_edtf("2021-02-30") == ([[2021, 2, 30]], False)  # day checked only to 31
    assert parse_edtf("May 2021") is None
    assert parse_edtf("2021-00") is None


def test_display_name():
    assert display_name({"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}) \
        == "van Gogh, Vincent"
    assert display_name({"literal": "UNESCO"}) == "UNESCO"
