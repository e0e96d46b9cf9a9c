"""Citation keys made from records."""

from __future__ import annotations

import pytest

from citekit.keys import ascii_fold, letter_suffix, make_key
from citekit.seed import default_records


def test_the_default_article_gets_its_own_key():
    assert make_key(default_records()[0], set()) == "miknevicius2021soviet"


@pytest.mark.parametrize(("pattern", "key"), [
    ("authoryearword", "lukasiewicz1951aristotle"),
    ("authoryear", "lukasiewicz1951"),
    ("authorwordyear", "lukasiewiczaristotle1951"),
])
def test_patterns_fold_to_ascii_and_skip_stop_words(pattern, key):
    item = {"author": [{"family": "Łukasiewicz", "given": "Jan"}], "issued": {"date-parts": [[1951]]},
            "title": "The <i>Aristotle's</i> Syllogistic"}
    assert make_key(item, set(), pattern) == key


def test_taken_keys_get_letters_and_empty_records_a_placeholder():
    item = {"author": [{"literal": "Ørsted Fonden"}], "title": "Rapport"}
    taken = {"orstedfondenrapport", "orstedfondenrapporta"}
    assert make_key(item, taken) == "orstedfondenrapportb"
    assert make_key({}, set()) == "ref"
    suffixes = [letter_suffix(index) for index in (0, 25, 26, 27, 701, 702)]
    assert suffixes == ["a", "z", "aa", "ab", "zz", "aaa"]


def test_ascii_fold():
    assert ascii_fold("Miknevičius-Straße 2") == "miknevicius" "strasse" "2"
