"""Sort-key collation against citeproc-js: ``Intl.Collator`` at base sensitivity, punctuation
ignored, numbers by value, in the style's sort locale (csl/collation.py)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from citekit.csl.collation import (
    _SCRIPTS_FIRST,
    _TAILORINGS,
    Collator,
    IcuCollator,
    UcaCollator,
    collator,
    has_icu,
    key_string,
)

needs_icu = pytest.mark.skipif(not has_icu(),
                               reason="ICU is not installed (pyicu-wheels has no wheel for this platform)")

MakeCollator = Callable[[str], Collator]


@pytest.fixture(params=[pytest.param(IcuCollator, marks=needs_icu, id="icu"),
                        pytest.param(UcaCollator, id="uca")])
def make(request: pytest.FixtureRequest) -> MakeCollator:
    """Each backend: ICU, and the pure-Python stand-in used where ICU does not install."""
    backend: MakeCollator = request.param
    return backend


def in_order(make: MakeCollator, locale: str, words: list[str]) -> list[str]:
    """``words`` sorted by the locale's collator (ties keep their order, as in citeproc-js)."""
    return sorted(words, key=make(locale).key)


def test_accented_and_stroked_initials_sort_with_their_letter_in_english(make: MakeCollator):
    words = ["Zhang", "Łukasiewicz", "Hunter", "Hájek", "Čapek"]
    assert in_order(make, "en-US", words) == ["Čapek", "Hájek", "Hunter", "Łukasiewicz", "Zhang"]


def test_lithuanian_alphabet(make: MakeCollator):
    words = ["Žukauskas", "Zuokas", "Šimkus", "Sutkus", "Jonaitis", "Ylakis", "Ivanauskas", "Įvairus",
             "Čepaitis", "Cvirka"]
    assert in_order(make, "lt-LT", words) == [
        "Cvirka", "Čepaitis", "Ylakis", "Įvairus", "Ivanauskas", "Jonaitis", "Sutkus", "Šimkus",
        "Zuokas", "Žukauskas"]
    assert in_order(make, "en-US", words) == [
        "Čepaitis", "Cvirka", "Įvairus", "Ivanauskas", "Jonaitis", "Šimkus", "Sutkus", "Ylakis",
        "Žukauskas", "Zuokas"]


def test_lithuanian_i_with_ogonek_and_y_are_one_letter_at_base_sensitivity(make: MakeCollator):
    # CLDR orders i < į < y as accents of one letter; citeproc-js compares base letters only.
    lithuanian = make("lt-LT")
    assert [lithuanian.compare(a, b) for a, b in [("y", "i"), ("į", "i"), ("y", "j")]] == [0, 0, -1]
    assert make("en-US").compare("y", "j") == 1


def test_german_umlauts_and_sharp_s_are_their_base_letters(make: MakeCollator):
    german = make("de-DE")
    assert in_order(make, "de-DE", ["Zorn", "Ärger", "Bach", "Apfel", "Öl", "Ostern"]) == [
        "Apfel", "Ärger", "Bach", "Öl", "Ostern", "Zorn"]
    assert [german.compare("Straße", "Strasse"), german.compare("Müller", "Muller")] == [0, 0]


def test_czech_ch_follows_h_and_caron_letters_follow_their_base(make: MakeCollator):
    words = ["Žižka", "Zeman", "Šafařík", "Smetana", "Řezáč", "Rychlý", "Ibsen", "Chalupa", "Hrabal",
             "Dvořák", "Čapek", "Cvrk"]
    assert in_order(make, "cs-CZ", words) == [
        "Cvrk", "Čapek", "Dvořák", "Hrabal", "Chalupa", "Ibsen", "Rychlý", "Řezáč", "Smetana", "Šafařík",
        "Zeman", "Žižka"]


def test_swedish_a_ring_a_diaeresis_o_diaeresis_follow_z(make: MakeCollator):
    words = ["Öberg", "Zorn", "Ängström", "Åberg", "Andersson"]
    assert in_order(make, "sv-SE", words) == ["Andersson", "Zorn", "Åberg", "Ängström", "Öberg"]
    assert in_order(make, "de-DE", words) == ["Åberg", "Andersson", "Ängström", "Öberg", "Zorn"]


def test_polish_acute_letters_follow_their_base(make: MakeCollator):
    words = ["Śliwa", "Szymański", "Sobczak"]
    assert in_order(make, "pl-PL", words) == ["Sobczak", "Szymański", "Śliwa"]
    assert in_order(make, "en-US", words) == ["Śliwa", "Sobczak", "Szymański"]


def test_turkish_capital_i_lowers_to_dotless_i(make: MakeCollator):
    words = ["İnan", "Işık", "Irmak", "Ilgaz"]
    assert in_order(make, "tr-TR", words) == ["Ilgaz", "Irmak", "Işık", "İnan"]
    assert in_order(make, "en-US", words) == ["Ilgaz", "İnan", "Irmak", "Işık"]


def test_case_and_accents_are_ignored(make: MakeCollator):
    english = make("en-US")
    assert [english.compare("apple", "Apple"), english.compare("Hajek", "Hájek"),
            english.compare("Ærø", "aero")] == [0, 0, 0]


def test_punctuation_is_ignored_but_symbols_count(make: MakeCollator):
    english = make("en-US")
    assert [english.compare("[Untitled]", "Untitled"), english.compare('"Quoted"', "Quoted"),
            english.compare("O'Brien", "OBrien"), english.compare("Smith-Jones", "SmithJones"),
            english.compare("x+y", "xy"), english.compare("x$y", "xy")] == [0, 0, 0, 0, -1, -1]


def test_words_sort_word_by_word(make: MakeCollator):
    # Spaces become the separator "|", which sorts before every letter and digit.
    assert in_order(make, "en-US", ["Vandyke", "Smithson Adam", "van Dyke", "Smith Zoe"]) == [
        "Smith Zoe", "Smithson Adam", "van Dyke", "Vandyke"]


def test_numbers_compare_by_value(make: MakeCollator):
    assert in_order(make, "en-US", ["item 10", "item 2", "Item 1", "item 1a"]) == [
        "Item 1", "item 1a", "item 2", "item 10"]
    assert make("en-US").compare("vol. 007", "Vol. 7") == 0


def test_an_article_is_stripped_only_before_a_no_break_space(make: MakeCollator):
    english = make("en-US")
    assert [english.compare("A\u00a0Book", "Book"), english.compare("The Book", "Book"),
            english.compare("The Book", "Zebra")] == [0, 1, -1]


def test_key_string_is_what_citeproc_js_compares():
    texts = ["Smith John", "The Book", "An\u00a0Apple pie", ""]
    assert [key_string(text) for text in texts] == ["Smith|John|", "The|Book|", "Apple|pie|", "|"]


def test_collator_is_built_once_per_locale():
    english = collator("en-US")
    assert collator("en-US") is english
    assert english.locale == "en-US"
    assert collator("lt_LT").locale == "lt-LT"
    assert isinstance(english, IcuCollator if has_icu() else UcaCollator)


def test_icu_collator_refuses_to_start_without_icu(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("citekit.csl.collation._icu", lambda: None)
    with pytest.raises(RuntimeError, match="ICU is not installed"):
        IcuCollator("en-US")


def disagreements(reference: Collator, other: Collator, words: list[str]) -> list[tuple[str, str, int, int]]:
    """Neighbouring words of ``reference``'s order that ``other`` compares otherwise.

    Both orders are total preorders, so agreeing on every neighbouring pair means
    agreeing on every pair.
    """
    ordered = sorted(words, key=reference.key)
    return [(a, b, reference.compare(a, b), other.compare(a, b))
            for a, b in pairwise(ordered) if reference.compare(a, b) != other.compare(a, b)]


# Latin and Cyrillic alphabets, a few letters of other scripts, digits, punctuation and symbols.
SAMPLE_LETTERS = ("abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюяєіїґўјљњћџѓќ"
                  "αβγωάאבתابيकखिกขកខ가한019-.'|$+")


def sample_words(locale: str) -> list[str]:
    """The sample letters and every letter the locale tailors, in both cases, and words of them."""
    letters = set(SAMPLE_LETTERS)
    letters.update(_TAILORINGS.get(locale, "").replace("<", " ").replace("=", " ").split())
    letters.update([letter.capitalize() for letter in letters] + [letter.upper() for letter in letters])
    alphabet = sorted(letters)
    rng = random.Random(locale)
    return sorted(set(alphabet) | {"".join(rng.choices(alphabet, k=rng.randint(2, 4))) for _ in range(1500)})


@needs_icu
@pytest.mark.parametrize("locale", sorted({*_TAILORINGS, *_SCRIPTS_FIRST, "en", "de", "fr", "sr-Latn"}))
def test_pure_python_collator_matches_icu_on_every_locale_it_knows(locale: str):
    assert disagreements(IcuCollator(locale), UcaCollator(locale), sample_words(locale)) == []


def corpus_strings(corpus: list[dict[str, object]]) -> Iterator[str]:
    """Titles, places, publishers and names (as sort keys render them) of CSL-JSON items."""
    for item in corpus:
        for field in ("title", "container-title", "publisher", "publisher-place"):
            if isinstance(item.get(field), str):
                yield str(item[field])
        for value in item.values():
            if isinstance(value, list):
                for name in value:
                    if isinstance(name, dict):
                        yield " ".join(str(name[part]) for part in ("family", "given", "literal")
                                       if part in name)


@needs_icu
@pytest.mark.parametrize("locale", ["en-US", "lt-LT", "cs-CZ", "pl-PL", "tr-TR", "de-DE", "sv-SE", "ru-RU"])
def test_pure_python_collator_matches_icu_on_real_names_and_titles(shared: Path, locale: str):
    corpus = json.loads((shared / "oracle" / "corpus.json").read_text(encoding="utf-8"))
    # Chinese and Japanese are left out: the pure-Python collator has no pinyin or kana orders.
    words = [text for text in set(corpus_strings(corpus))
             if not any("\u3040" <= char <= "\u9fff" for char in text)]
    assert len(words) > 100
    assert disagreements(IcuCollator(locale), UcaCollator(locale), words) == []


# citeproc-js's comparison (sort.js, node_key.js, util_sort.js), written out for Node: the key
# string with "|" between words and a leading article stripped, lower-cased for the locale,
# then localeCompare with the options citeproc-js passes. Prints each neighbouring comparison.
NODE_COMPARE = r"""
const {locale, words} = JSON.parse(require("fs").readFileSync(0, "utf8"));
const options = {sensitivity: "base", ignorePunctuation: true, numeric: true};
const key = (text) => (text.split(" ").join("|") + "|")
    .replace(/^(([aA]|[aA][nN]|[tT][hH][eE])\s+)/, "").toLocaleLowerCase(locale);
const compare = (a, b) => Math.sign(key(a).localeCompare(key(b), locale, options));
process.stdout.write(JSON.stringify(words.slice(1).map((word, i) => compare(words[i], word))));
"""

NODE_WORDS = [
    "Čapek", "Łukasiewicz", "Hájek", "Hunter", "Zhang", "Capek", "Lukas", "Hajek", "Zeta", "chata", "hrad",
    "cizí", "[Untitled]", '"Quoted" title', "'Tis", "The Book", "A\u00a0Book", "An\u00a0Apple", "Book",
    "van Dyke", "Vandyke", "Van Dyke", "d'Alembert", "Dalembert", "O'Brien", "Smith Zoe", "Smithson Adam",
    "Smith-Jones", "Smith Jones", "item 2", "item 10", "item 1", "Vol. 9", "Vol. 10", "2000", "1999",
    "20000101", "20001231", "x$y", "x+y", "x|y", "xy", "Ünal", "Unal", "Öztürk", "Ozturk", "Işık", "Isik",
    "İsmail", "Ismail", "Åberg", "Aberg", "Ängström", "Zorn", "Ødegaard", "Odegaard", "Aalborg", "Yla",
    "Ira", "Įvadas", "Jonas", "Žemaitis", "Zemaitis", "Šimkus", "Simkus", "Ąžuolas", "Azuolas", "ėjimas",
    "ežeras", "yra", "ir", "jis", "Müller", "Mueller", "Muller", "Straße", "Strasse", "Ærø", "Chomsky",
    "Czerny", "Ćwik", "Cwik", "Śliwa", "Sliwa", "Żak", "Źródło", "Zak", "Gyula", "Győr", "Szabó", "Zsolt",
    "Иванов", "Йорк", "Ёлкин", "Елкин", "Шевченко", "Ґудзь", "Гай", "Σωκράτης", "σοφία",
]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
@pytest.mark.parametrize("locale", ["en-US", "lt-LT", "cs-CZ", "pl-PL", "sv-SE", "de-DE", "tr-TR", "da-DK",
                                    "hu-HU", "fr-FR", "ru-RU", "uk-UA"])
def test_collator_orders_like_citeproc_js_in_node(make: MakeCollator, locale: str):
    ours = make(locale)
    words = sorted(NODE_WORDS, key=ours.key)
    node = subprocess.run(["node", "-e", NODE_COMPARE], input=json.dumps({"locale": locale, "words": words}),
                          capture_output=True, text=True, check=True, encoding="utf-8")
    assert json.loads(node.stdout) == [ours.compare(a, b) for a, b in pairwise(words)]
