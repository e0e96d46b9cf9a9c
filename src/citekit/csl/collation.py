"""Locale-aware comparison of sort keys, the way citeproc-js compares them (CSL 1.0.2 § Sorting).

citeproc-js lower-cases each key string and compares it with the platform's
``Intl.Collator`` (ICU in Node, Firefox and Chrome) for the style's sort locale,
with ``sensitivity: "base"`` (primary strength: case and accents are ignored),
``ignorePunctuation: true`` (ICU's alternate=shifted: spaces and punctuation are
ignored, symbols are not) and ``numeric: true`` (digit runs compare by value).
Before that it joins the words of each key with ``|`` and strips a leading
"a", "an" or "the" (see :func:`key_string`). It would also strip a leading
``[``, ``]``, ``'`` or ``"`` if its collator did not ignore them; ICU does.
Markup never reaches a key: keys are rendered without decorations.

Two backends give that comparison:

* :class:`IcuCollator`, over ICU itself (the ``icu`` module of PyICU or of its
  binary build ``pyicu-wheels``): the collation data citeproc-js gets.
* :class:`UcaCollator`, pure Python, for platforms with no ICU wheel: the
  Unicode Collation Algorithm's default table (``pyuca``) at primary strength,
  with the alphabet tailorings of the CSL locales written out below.

:func:`collator` picks ICU when it can be imported.
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from functools import lru_cache
from typing import Any, TypeAlias

from citekit.patterns import lazy_compile

# What a key compares as: ICU sort-key bytes, or the pure-Python collator's weights.
Weight: TypeAlias = tuple[int, ...]
SortKey: TypeAlias = bytes | tuple[Weight, ...]

# Languages whose lower case of I is dotless ı (JavaScript's toLocaleLowerCase).
_DOTLESS_I_LANGUAGES = {"az", "tr"}

# citeproc-js joins the words of a key string with this separator (node_key.js). It is a
# symbol, so the collator does not ignore it, and it sorts before every digit and letter:
# "Smith|Zoe|" comes before "Smithson|Adam|" ("word by word" order).
SORT_SEPARATOR = "|"

# citeproc-js strips a leading article from each key string (util_sort.js), after the
# spaces became separators, so only a non-space whitespace (no-break space, tab) after
# the article lets it match. JavaScript's \s, spelled out.
_JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_LEADING_ARTICLE = lazy_compile(f"^(?:[aA]|[aA][nN]|[tT][hH][eE])[{_JS_WHITESPACE}]+")


def key_string(text: str) -> str:
    """The string citeproc-js compares for a rendered sort key ``text``.

    Words are joined with :data:`SORT_SEPARATOR` and one is appended; a leading
    "a", "an" or "the" followed by whitespace other than a plain space is removed.
    """
    return _LEADING_ARTICLE.sub("", SORT_SEPARATOR.join(text.split(" ")) + SORT_SEPARATOR, count=1)


@lru_cache(maxsize=1)
def _icu() -> Any:
    """The ``icu`` module, or None where no ICU wheel installs (imported on first use)."""
    try:
        import icu
    except ImportError:
        return None
    return icu


def has_icu() -> bool:
    """True when ICU is installed, so :func:`collator` compares exactly as citeproc-js."""
    return _icu() is not None


class Collator(ABC):
    """Compares sort keys for one locale as citeproc-js does."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self._dotless_i = locale.split("-")[0].lower() in _DOTLESS_I_LANGUAGES

    def key(self, text: str) -> SortKey:
        """A value that orders ``text`` among other keys of this collator (a Python sort key).

        ``text`` is the plain text of a rendered ``cs:key``; two texts citeproc-js
        finds equal get equal keys. An empty text has a key too, but citeproc-js
        treats an empty key as missing, which the caller decides.
        """
        return self._key(self._lower(key_string(text)))

    def compare(self, a: str, b: str) -> int:
        """-1, 0 or 1 as ``a`` sorts before, with or after ``b``."""
        key_a, key_b = self.key(a), self.key(b)
        # One collator's keys are all bytes or all weights, never a mix.
        return (key_a > key_b) - (key_a < key_b)  # type: ignore[operator]

    def _lower(self, string: str) -> str:
        """The key in lower case, as JavaScript's ``toLocaleLowerCase`` gives it.

        It matters beyond case: a contraction such as Welsh "ch" or Danish "aa"
        is a letter in every case ICU lists, but not in "cH" or "aA".
        """
        if self._dotless_i:
            string = unicodedata.normalize("NFC", string).replace("İ", "i").replace("I", "ı")
        return string.lower()

    @abstractmethod
    def _key(self, string: str) -> SortKey:
        """The sort key of a key string already in citeproc-js's form."""


class IcuCollator(Collator):
    """ICU's collator for the locale, set up as citeproc-js sets up ``Intl.Collator``."""

    def __init__(self, locale: str) -> None:
        icu = _icu()
        if icu is None:
            raise RuntimeError("ICU is not installed (pip install pyicu-wheels)")
        super().__init__(locale)
        collator = icu.Collator.createInstance(icu.Locale.forLanguageTag(locale))
        collator.setStrength(icu.Collator.PRIMARY)  # sensitivity "base"
        collator.setAttribute(icu.UCollAttribute.ALTERNATE_HANDLING, icu.UCollAttributeValue.SHIFTED)
        collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
        # ECMA-402 collators compare canonically equivalent strings as equal.
        collator.setAttribute(icu.UCollAttribute.NORMALIZATION_MODE, icu.UCollAttributeValue.ON)
        self._get_sort_key = collator.getSortKey

    def _key(self, string: str) -> SortKey:
        key: bytes = self._get_sort_key(string)
        return key


# Alphabet tailorings at primary strength, for the locales whose letters differ from
# the default order (CLDR collation, which ICU and so citeproc-js follow). Each
# space-separated chain starts at a letter already placed; "<" puts the next letter
# (or contraction) just after the previous one, "=" makes it sort the same as the
# previous one. Lower case only: the pure-Python collator lower-cases first.
_TAILORINGS = {
    "az": "c<ç e<ə g<ğ h<x<ı k<q o<ö s<ş u<ü z<w",
    "be": "е<ё у<ў",
    "cs": "c<č h<ch r<ř s<š z<ž",
    "cy": "c<ch d<dd f<ff g<ng l<ll p<ph r<rh t<th",
    "da": "d=đ=ð th=þ y=ü=ű oe=œ z<æ=ä<ø=ö=ő<å=aa",
    "es": "n<ñ",
    "et": "s<š<z<ž w<õ<ä<ö<ü",
    "fi": "d=đ g=ǥ n=ŋ t=ŧ y=ü z=ʒ z<å<ä=æ<ö=ø",
    "hr": "c<č<ć d<dž=ǆ<đ l<lj=ǉ n<nj=ǌ s<š z<ž",
    "hu": ("c<cs d<dz<dzs g<gy l<ly n<ny o<ö=ő s<sz t<ty u<ü=ű z<zs "
           "cscs=ccs dzdz=ddz dzsdzs=ddzs gygy=ggy lyly=lly nyny=nny szsz=ssz tyty=tty zszs=zzs"),
    "is": "a<á d=đ d<ð e<é i<í o<ó u<ú y<ý z<æ=ä<ö=ø<å",
    "kk": "е<ё ұ<ү ы<і",
    "lt": "c<č i=y s<š z<ž",
    "lv": "a<ā c<č e<ē g<ģ i<y<ī k<ķ l<ļ n<ņ o<ō r<ŗ s<š u<ū z<ž",
    "mk": "и=й ԃ<ѓ ћ<ќ",
    "nb": "d=đ=ð th=þ y=ü=ű z<æ=ä=ę<ø=ö=ő=œ<å=aa",
    "pl": "a<ą c<ć e<ę l<ł n<ń o<ó s<ś z<ź<ż",
    "ro": "a<ă<â i<î s<ș=ş t<ț=ţ",
    "sk": "a<ä c<č h<ch o<ô r<ř s<š z<ž",
    "sl": "c<č<ć d<đ s<š z<ž",
    "sr": "и=й",
    "sv": "d=đ=ð th=þ y=ü=ű z<å<ä=æ=ę<ö=ø=ő=œ=ô",
    "tr": "c<ç g<ğ h<ı o<ö s<ş u<ü",
    "uk": "г<ґ і<ї",
    "vi": "a<ă<â d<đ e<ê o<ô<ơ u<ư",
}
# Scripts a locale sorts before the others (CLDR's [reorder]): in Russian, Cyrillic
# names come before Latin ones.
_SCRIPTS_FIRST = {
    "ar": "Arab", "az": "Latn Cyrl", "be": "Cyrl", "bg": "Cyrl", "el": "Grek", "fa": "Arab", "he": "Hebr",
    "hi": "Deva", "hr": "Latn Cyrl", "kk": "Cyrl", "km": "Khmr", "ko": "Hang", "mk": "Cyrl", "mn": "Cyrl",
    "ru": "Cyrl", "sr": "Cyrl", "th": "Thai", "uk": "Cyrl",
}
# The Unicode blocks of those scripts' letters.
_SCRIPT_BLOCKS = {
    "Arab": [(0x0620, 0x06FF), (0x0750, 0x077F)],
    "Cyrl": [(0x0400, 0x052F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F)],
    "Deva": [(0x0900, 0x097F)],
    "Grek": [(0x0370, 0x03FF), (0x1F00, 0x1FFF)],
    "Hang": [(0x1100, 0x11FF)],  # Hangul syllables decompose to these jamo
    "Hebr": [(0x05D0, 0x05FF)],
    "Khmr": [(0x1780, 0x17FF)],
    "Latn": [(0x0041, 0x005A), (0x0061, 0x007A), (0x00C0, 0x024F), (0x1E00, 0x1EFF)],
    "Thai": [(0x0E00, 0x0E7F)],
}
# Locales that share another's data (CLDR imports it).
_LOCALE_ALIASES = {"bs": "hr", "gl": "es", "nn": "nb", "no": "nb", "sr-latn": "hr"}
# Characters ICU ignores when punctuation is ignored (alternate=shifted, maxVariable=punct):
# spaces, punctuation, and the controls and format characters it ignores anyway.
_IGNORED_CATEGORIES = {"Zs", "Zl", "Zp", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Cc", "Cf"}


@lru_cache(maxsize=1)
def _uca() -> Any:
    """The Unicode Collation Algorithm's default table, its newest (loaded once, in 0.2 s)."""
    from pyuca.collator import Collator_10_0_0  # imported here so that ICU users never load it

    return Collator_10_0_0()


# A run of one base character and the combining marks after it, in NFD.
_Cluster: TypeAlias = tuple[str, str]


def _clusters(text: str) -> list[_Cluster]:
    """``text`` in NFD, cut into clusters."""
    clusters: list[_Cluster] = []
    for char in unicodedata.normalize("NFD", text):
        if clusters and unicodedata.combining(char):
            base, marks = clusters[-1]
            clusters[-1] = (base, marks + char)
        else:
            clusters.append((char, ""))
    return clusters


def _matches(found: list[_Cluster], letter: list[_Cluster]) -> bool:
    """True when the text's clusters spell the tailored letter.

    The last cluster may carry more accents than the letter names (they weigh
    nothing); within a contraction, an accent on an earlier letter breaks it.
    """
    if len(found) != len(letter):
        return False
    *head, (last_base, last_marks) = found
    *want_head, (want_base, want_marks) = letter
    return head == want_head and last_base == want_base and all(mark in last_marks for mark in want_marks)


def _for_locale(table: dict[str, str], locale: str) -> str:
    """The entry of ``table`` for the most specific tag of ``locale`` that has one, or ""."""
    subtags = locale.lower().split("-")
    for length in range(len(subtags), 0, -1):
        tag = "-".join(subtags[:length])
        entry = table.get(_LOCALE_ALIASES.get(tag, tag))
        if entry is not None:
            return entry
    return ""


@lru_cache(maxsize=None)
def _script_primaries(script: str) -> tuple[int, int]:
    """The lowest and highest primary weight of a script's letters (the table keeps a script together).

    Letters and the vowel signs of Indic scripts count; modifier letters (Lm) sort
    among symbols, and characters the table lacks get implicit weights from 0xFB00
    on: neither marks out the script.
    """
    primaries = [_uca().collation_elements(chr(code))[0][0] for start, end in _SCRIPT_BLOCKS[script]
                 for code in range(start, end + 1)
                 if unicodedata.category(chr(code)) in ("Lu", "Ll", "Lo", "Mn", "Mc")]
    return min(p for p in primaries if p), max(p for p in primaries if p < 0xFB00)


class UcaCollator(Collator):
    """Pure-Python stand-in for ICU: default UCA order at primary strength, CLDR alphabets.

    Matches ICU on Latin, Greek and Cyrillic text in the locales of ``_TAILORINGS``
    and in those without tailoring; it does not know the pinyin or stroke orders of
    Chinese nor the tailorings of other scripts.
    """

    def __init__(self, locale: str) -> None:
        super().__init__(locale)
        self._primaries: dict[str, tuple[Weight, ...]] = {}
        # Tailored letters by their first base character: (clusters, weights), longest first.
        self._tailored: dict[str, list[tuple[list[_Cluster], tuple[Weight, ...]]]] = {}
        for chain in _for_locale(_TAILORINGS, locale).split():
            self._add_chain(chain)
        scripts_first = _for_locale(_SCRIPTS_FIRST, locale).split()
        self._scripts_first = [_script_primaries(script) for script in scripts_first]
        self._first_letter = self._primary("a")[0][0] if scripts_first else 0

    def _add_chain(self, chain: str) -> None:
        anchor, *steps = re.split("([<=])", chain)
        weights = self._weights(anchor)
        for operator, letter in zip(steps[::2], steps[1::2], strict=True):
            if operator == "<":  # a new primary weight between the previous one and the next
                *head, (primary, step) = weights
                weights = (*head, (primary, step + 1))
            clusters = _clusters(letter)
            candidates = self._tailored.setdefault(clusters[0][0], [])
            candidates.append((clusters, weights))
            # Longest first: "dzs" before "dz", "ž" (z with caron) before "z".
            candidates.sort(key=lambda candidate: (-len(candidate[0]), -len(candidate[0][-1][1])))

    def _key(self, string: str) -> SortKey:
        weights = self._weights(string)
        if not self._scripts_first:
            return weights
        return tuple((self._script_rank(primary), primary, step) for primary, step in weights)

    def _script_rank(self, primary: int) -> int:
        """0 for digits and symbols, then the locale's own scripts in turn, then every other letter."""
        if primary < self._first_letter:
            return 0
        for rank, (low, high) in enumerate(self._scripts_first, start=1):
            if low <= primary <= high:
                return rank
        return len(self._scripts_first) + 1

    def _weights(self, text: str) -> tuple[Weight, ...]:
        clusters = _clusters(text)
        weights: list[Weight] = []
        index = 0
        while index < len(clusters):
            base = clusters[index][0]
            if unicodedata.category(base) in _IGNORED_CATEGORIES:
                index += 1
            elif base.isdecimal():
                index = self._number(clusters, index, weights)
            else:
                index = self._letter(clusters, index, weights)
        return tuple(weights)

    def _number(self, clusters: list[_Cluster], index: int, weights: list[Weight]) -> int:
        """Weigh the run of digits at ``index`` by its value (ICU's numeric collation)."""
        end = index
        while end < len(clusters) and clusters[end][0].isdecimal():
            end += 1
        # Every number shares the primary weight of zero, then orders by value.
        weights.append((self._primary("0")[0][0], int("".join(base for base, _ in clusters[index:end]))))
        return end

    def _letter(self, clusters: list[_Cluster], index: int, weights: list[Weight]) -> int:
        """Weigh the letter (or tailored contraction) at ``index``; return the next index."""
        for letter, letter_weights in self._tailored.get(clusters[index][0], []):
            found = clusters[index:index + len(letter)]
            if _matches(found, letter):
                weights.extend(letter_weights)
                # Accents the tailored letter does not name weigh as usual (mostly nothing).
                extra_marks = "".join(mark for mark in found[-1][1] if mark not in letter[-1][1])
                weights.extend(self._primary(extra_marks))
                return index + len(letter)
        weights.extend(self._primary("".join(clusters[index])))
        return index + 1

    def _primary(self, cluster: str) -> tuple[Weight, ...]:
        """The default primary weights of a letter and its accents (accents mostly weigh nothing).

        The whole cluster is looked up, for the table's own contractions such as
        Cyrillic и with breve (й), a letter of its own.
        """
        weights = self._primaries.get(cluster)
        if weights is None:
            elements = _uca().collation_elements(cluster) if cluster else []
            weights = tuple((element[0], 0) for element in elements if element[0])
            self._primaries[cluster] = weights
        return weights


@lru_cache(maxsize=None)
def collator(locale_code: str) -> Collator:
    """The collator for a CSL locale code such as ``en-US`` or ``lt-LT`` (one per locale).

    ICU when it is installed, else the pure-Python :class:`UcaCollator`.
    """
    locale_code = locale_code.replace("_", "-")
    return IcuCollator(locale_code) if has_icu() else UcaCollator(locale_code)
