"""Every entry and citation of the oracle corpus against citeproc-js (../shared/oracle).

Each style of the oracle is rendered once per format over the whole corpus by
``benchmarks/oracle.py`` (all items registered, each cited alone); then every
bibliography entry (its text and its place in the order) and every citation is
one test. ``oracle_known_differences.txt`` lists the reviewed differences, each
with its reason: a listed entry is expected to differ and fails the run once it
agrees, so the list only shrinks; an unlisted difference fails with both
renderings. Regenerate the list with
``python benchmarks/oracle.py --write-known-differences tests/oracle_known_differences.txt``.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

KNOWN_DIFFERENCES = Path(__file__).with_name("oracle_known_differences.txt")
BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "oracle.py"


def _benchmark() -> ModuleType:
    # benchmarks/ is a folder of scripts, not a package: load the comparison from its file.
    spec = importlib.util.spec_from_file_location("citekit_oracle_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


oracle = _benchmark()
CORPUS = oracle.DEFAULT_CORPUS  # the same ../shared as the `shared` fixture, which skips when absent
EXPECTED = CORPUS.parent / "expected"


@cache
def corpus() -> list[dict]:
    """The corpus's CSL-JSON items."""
    return oracle.load_corpus(CORPUS)


@cache
def corpus_ids() -> list[str]:
    """The corpus's item ids, in its order."""
    return [str(item["id"]) for item in corpus()]


@cache
def styles() -> list[str]:
    """The styles citeproc-js rendered the corpus in."""
    return sorted(path.stem for path in EXPECTED.glob("*.json"))


@cache
def known_differences() -> dict:
    """The reviewed list: (style, format, kind, item id) -> reason."""
    return oracle.read_known_differences(KNOWN_DIFFERENCES)


@cache
def comparisons(style: str, output: str) -> dict:
    """(kind, item id) -> comparison, the style rendered once per format for the whole session."""
    compared = oracle.compare(style, output, corpus(), oracle.load_expected(EXPECTED, style))
    return {(comparison.kind, comparison.item_id): comparison for comparison in compared}


def entry_cases() -> list:
    """One case per style, format, kind and item; a listed difference is a strict xfail."""
    if not CORPUS.is_file():
        return [pytest.param("", "", "", "", id="oracle-absent")]
    return [
        pytest.param(style, output, kind, item_id, id=f"{style}-{output}-{kind}-{item_id}",
                     marks=_marks(known_differences().get((style, output, kind, item_id))))
        for style in styles() for output in oracle.FORMATS for kind in oracle.KINDS
        for item_id in corpus_ids()
    ]


def _marks(reason: str | None) -> list:
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def style_cases() -> list:
    """One case per style and format."""
    if not CORPUS.is_file():
        return [pytest.param("", "", id="oracle-absent")]
    return [pytest.param(style, output, id=f"{style}-{output}")
            for style in styles() for output in oracle.FORMATS]


@pytest.mark.parametrize("style, output, kind, item_id", entry_cases())
def test_entry_matches_citeproc_js(shared: Path, style: str, output: str, kind: str, item_id: str):
    comparison = comparisons(style, output)[(kind, item_id)]
    if not comparison.identical:
        pytest.fail(comparison.describe(), pytrace=False)


@pytest.mark.parametrize("style, output", style_cases())
def test_renders_exactly_the_corpus(shared: Path, style: str, output: str):
    # Entries are tested per corpus item: an item citekit adds would escape those tests.
    items = {item_id for kind, item_id in comparisons(style, output)}
    assert sorted(items - set(corpus_ids())) == []


def test_known_differences_name_real_entries(shared: Path):
    entries = {(style, output, kind, item_id) for style in styles() for output in oracle.FORMATS
               for kind in oracle.KINDS for item_id in corpus_ids()}
    stale = sorted(set(known_differences()) - entries)
    assert not stale, f"{KNOWN_DIFFERENCES.name} lists entries the oracle does not have: {stale}"


def test_an_entry_out_of_order_is_a_difference():
    expected = {"bibliography_ids": ["a", "b", "c"], "bibliography": ["A.", "B.", "C."]}
    rendering = oracle.Rendering([("b", "B."), ("c", "C."), ("a", "A.")])
    compared = oracle.compare_bibliography("apa", "text", ["a", "b", "c"], expected, rendering)
    assert [(c.item_id, c.identical, c.misplaced) for c in compared] == [
        ("a", False, "out of order: citeproc-js has it at 1 of 3, first, citekit at 3 of 3, after c"),
        ("b", True, None),
        ("c", True, None),
    ]


def test_an_entry_listed_twice_is_a_difference():
    expected = {"bibliography_ids": ["a", "b"], "bibliography": ["A.", "B."]}
    rendering = oracle.Rendering([("a", "A."), ("b", "B."), ("b", "B.")])
    compared = oracle.compare_bibliography("apa", "text", ["a", "b"], expected, rendering)
    assert [(c.item_id, c.identical, c.misplaced) for c in compared] == [
        ("a", True, None), ("b", False, "listed 2 times by citekit")]


def test_oracle_covers_the_ten_styles(shared: Path):
    assert styles() == ["american-chemical-society", "apa", "associacao-brasileira-de-normas-tecnicas",
                        "association-for-computing-machinery", "chicago-author-date",
                        "chicago-notes-bibliography", "harvard-cite-them-right", "ieee",
                        "modern-language-association", "vancouver-nlm"]
