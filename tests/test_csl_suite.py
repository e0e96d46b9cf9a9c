"""The CSL test suite (../shared/csl-test-suite) against citekit's processor, compared exactly.

``benchmarks/csl_suite.py`` drives each fixture as citeproc-js's test runner does.
Fixtures that still fail are listed with a reason in ``csl_suite_known_failures.txt``;
the list is strict: a listed fixture that passes fails the run, so it only shrinks.
Regenerate it with ``python benchmarks/csl_suite.py --write-known-failures
tests/csl_suite_known_failures.txt``. The pass count is printed at the end of the run.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

KNOWN_FAILURES_FILE = Path(__file__).with_name("csl_suite_known_failures.txt")


def _load_runner() -> ModuleType:
    """benchmarks/csl_suite.py, which is a script rather than part of the package."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "csl_suite.py"
    spec = importlib.util.spec_from_file_location("csl_suite", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


csl_suite = _load_runner()
KNOWN_FAILURES: dict[str, str] = csl_suite.read_known_failures(KNOWN_FAILURES_FILE)


def fixtures_folder(shared: Path) -> Path:
    """The top-level fixtures of the suite inside ``shared``."""
    return shared / "csl-test-suite" / "fixtures"


def fixture_names() -> list[Any]:
    """Every top-level fixture; names are needed at collection, before the ``shared`` fixture runs."""
    folder = csl_suite.DEFAULT_FIXTURES  # where conftest's ``shared`` fixture finds the suite
    if not folder.is_dir():
        return [pytest.param("", id="suite-absent")]  # the ``shared`` fixture skips it, saying why
    return [path.stem for path in csl_suite.fixture_paths(folder)]


class PassCount:
    """Collects each fixture's result and prints the pass count in pytest's terminal summary."""

    def __init__(self) -> None:
        self.passed: dict[str, bool] = {}

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """The hook pytest calls at the end of the run."""
        if self.passed:
            terminalreporter.write_line(f"csl-suite: {sum(self.passed.values())}/{len(self.passed)} passed")


@pytest.fixture(scope="module")
def pass_count(pytestconfig: pytest.Config) -> PassCount:
    """One collector for the run, registered as a plugin so it reports after the last test."""
    counter = PassCount()
    pytestconfig.pluginmanager.register(counter, "csl-suite-pass-count")
    return counter


@pytest.mark.parametrize("name", fixture_names())
def test_fixture(shared: Path, pass_count: PassCount, name: str) -> None:
    outcome = csl_suite.run_fixture(fixtures_folder(shared) / f"{name}.txt")
    pass_count.passed[name] = outcome.passed
    reason = KNOWN_FAILURES.get(name)
    if outcome.passed and reason is not None:
        pytest.fail(f"{name} now passes: remove it from {KNOWN_FAILURES_FILE.name}", pytrace=False)
    if not outcome.passed and reason is not None:
        pytest.xfail(reason)
    if not outcome.passed:
        pytest.fail(outcome.explain(), pytrace=False)


def test_known_failures_are_fixtures(shared: Path) -> None:
    names = {path.stem for path in csl_suite.fixture_paths(fixtures_folder(shared))}
    unknown = sorted(set(KNOWN_FAILURES) - names)
    assert not unknown, f"{KNOWN_FAILURES_FILE.name} lists fixtures that do not exist: {', '.join(unknown)}"


FIXTURE_TEXT = """\ufeff>>===== MODE =====>>\r
citation\r
<<===== MODE =====<<\r
\r
>>==== RESULT ====>>\r
  (Doe 2000)  \r
\r
<<==== RESULT ====<<\r
>>===== CSL =====>>\r
<style/>\r
<<===== CSL =====<<\r
>>===== INPUT =====>>\r
[{"id": 1, "type": "book"}, {"type": "book"}]\r
<<===== INPUT =====<<\r
>>===== CITATION-ITEMS =====>>\r
[[{"id": 1, "locator": "12"}]]\r
<<===== CITATION-ITEMS =====<<\r
"""


def test_load_fixture_keeps_section_text_and_loads_json(tmp_path: Path) -> None:
    path = tmp_path / "group_Example.txt"
    path.write_bytes(FIXTURE_TEXT.encode("utf-8"))
    fixture = csl_suite.load_fixture(path)
    assert (fixture.name, fixture.category, fixture.mode) == ("group_Example", "group", "citation")
    assert fixture.expected == "  (Doe 2000)  \n"
    assert fixture.csl == "<style/>"
    # ids become strings, as JavaScript object keys; an item without one is "undefined".
    assert fixture.items == [{"id": "1", "type": "book"}, {"id": "undefined", "type": "book"}]
    assert fixture.citation_items == [[{"id": "1", "locator": "12"}]]
    assert (fixture.citations, fixture.unsupported) == (None, ())


def test_unsupported_sections_and_modes_are_named() -> None:
    sections = {"MODE": "bibliography-nosort", "CSL": "", "INPUT": [], "RESULT": "", "OPTIONS": {}}
    fixture = csl_suite.fixture_from_sections("sort_Example", sections)
    assert fixture.unsupported == ("MODE bibliography-nosort", "OPTIONS")


@pytest.mark.parametrize("text, message", [
    (">>== CSL ==>>\n<style/>\n", "section CSL is never closed"),
    (">>== CSL ==>>\n>>== MODE ==>>\n", "line 2: MODE opened inside CSL"),
    (">>== CSL ==>>\n<<== MODE ==<<\n", "line 2: MODE closed inside CSL"),
    ("<<== CSL ==<<\n", "line 1: CSL closed but never opened"),
    (">>== CSL ==>>\n<<== CSL ==<<\n>>== CSL ==>>\n<<== CSL ==<<\n", "line 4: a second CSL section"),
    (">>== INPUT ==>>\n[\n<<== INPUT ==<<\n", "INPUT: Expecting value: line 1 column 2 (char 1)"),
], ids=["unclosed", "nested", "crossed", "stray-close", "repeated", "bad-json"])
def test_malformed_fixtures_are_reported(text: str, message: str) -> None:
    with pytest.raises(csl_suite.FixtureError) as error:
        csl_suite.parse_sections(text)
    assert str(error.value) == message


def call(citation_id: str, ids: list[str], note: int, pre: list[Any], post: list[Any]) -> list[Any]:
    """One processCitationCluster call of a CITATIONS section."""
    cites = [{"id": item_id} for item_id in ids]
    return [{"citationID": citation_id, "citationItems": cites, "properties": {"noteIndex": note}},
            pre, post]


def test_document_states_follow_pre_and_post_with_their_note_numbers() -> None:
    calls = [call("A", ["x"], 1, [], []), call("B", ["y"], 1, [], [["A", 2]])]
    states = csl_suite.document_states(calls)
    assert [[(c.citation_id, c.cites, c.note_index) for c in state] for state in states] == [
        [("A", [{"id": "x"}], 1)],
        [("B", [{"id": "y"}], 1), ("A", [{"id": "x"}], 2)],
    ]


class NoteEngine:
    """A stand-in engine: a citation is its item ids and note number; it counts its registrations."""

    registrations: list[list[str]] = []

    def __init__(self, csl: str, locale: str | None) -> None:
        self.csl, self.locale = csl, locale

    def register(self, items: Iterable[Mapping[str, Any]]) -> None:
        NoteEngine.registrations.append([item["id"] for item in items])

    def cite(self, cites: Sequence[Mapping[str, Any]], note_index: int | None = None) -> str:
        return "+".join(cite["id"] for cite in cites) + f"@{note_index}"

    def bibliography_entries(self, ids: Sequence[str] | None = None) -> list[tuple[str, str]]:
        return []

    def bibliography(self, ids: Sequence[str] | None = None) -> str:
        return "bibliography\n"


def citations_fixture(mode: str, calls: list[Any]) -> Any:
    items = [{"id": item_id, "type": "book"} for item_id in ("x", "y", "z")]
    sections = {"MODE": mode, "CSL": "<style/>", "INPUT": items, "RESULT": "", "CITATIONS": calls}
    return csl_suite.fixture_from_sections("integration_Example", sections)


def test_citations_mark_what_the_last_call_returns() -> None:
    # A keeps its text (..), C moves to note 3 (>>), B is the last call's citation (>>)
    # even though its text is unchanged, as processCitationCluster returns it.
    calls = [call("A", ["x"], 1, [], []), call("B", ["y"], 2, [["A", 1]], []),
             call("C", ["x"], 2, [["A", 1]], [["B", 2]]),
             call("B", ["y"], 2, [["A", 1]], [["C", 3]])]
    NoteEngine.registrations = []
    rendered = csl_suite.render(citations_fixture("citation", calls), NoteEngine)
    assert rendered == "..[0] x@1\n>>[1] y@2\n>>[2] x@3"
    # Only cited items are registered, in the order they are first cited.
    assert NoteEngine.registrations == [["x", "y"], ["x", "y"]]


def test_citations_in_bibliography_mode_give_the_bibliography_without_its_last_newline() -> None:
    calls = [call("A", ["z"], 1, [], [])]
    NoteEngine.registrations = []
    assert csl_suite.render(citations_fixture("bibliography", calls), NoteEngine) == "bibliography"
    assert NoteEngine.registrations == [["z"]]


def test_known_failures_update_keeps_reasons_drops_passes_and_derives_new_reasons(tmp_path: Path) -> None:
    outcome = csl_suite.Outcome
    outcomes = [outcome("name_Kept", "", "", "mismatch"), outcome("name_Fixed", "", "", None),
                outcome("sort_New", "", None, "crash"), outcome("disambiguate_New", "", "", "mismatch"),
                outcome("quotes_New", "", "", "mismatch")]
    tiers = {"disambiguate_New": csl_suite.Tier("B-engine", "disambiguation,collapse", "fail"),
             "quotes_New": csl_suite.Tier("X-excluded", "", "fail")}
    previous = {"name_Kept": "initials", "name_Fixed": "was failing", "zzz_NotRun": "elsewhere"}
    failures = csl_suite.updated_known_failures(previous, outcomes, tiers)
    assert list(failures.items()) == [
        ("disambiguate_New", "needs disambiguation,collapse (issue 4)"),
        ("name_Kept", "initials"),
        ("quotes_New", "contested expectation (X-excluded tier)"),
        ("sort_New", "not yet matched: sort"),
        ("zzz_NotRun", "elsewhere"),
    ]
    path = tmp_path / "known.txt"
    csl_suite.write_known_failures(path, failures)
    assert csl_suite.read_known_failures(path) == failures
