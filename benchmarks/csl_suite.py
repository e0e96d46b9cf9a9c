"""Run the CSL test suite against citekit's CSL processor, the way citeproc-js's test runner does.

The suite (citation-style-language/test-suite, ``processor-tests/humans``) is a folder
of fixture files, each a style, some items, how to cite them and citeproc-js's
output. Every fixture is rendered by ``citekit.csl.processor.Processor`` in HTML and
compared exactly with its RESULT. How a fixture is driven follows citeproc-js's own
runner (Juris-M/citeproc-test-runner, ``lib/sys.js`` and ``lib/fixture-parser.js``):

- a section's text is the lines between its markers joined with ``\\n``, nothing
  stripped; the one normalisation of the output is CRLF to LF (``normalize-newline``);
- MODE ``citation``: every INPUT item is registered, then each cluster of
  CITATION-ITEMS is rendered on a line of its own (``makeCitationCluster``: no
  position tracking, a cite without a ``position`` is "first"); without
  CITATION-ITEMS, one cluster cites every item in the order the registry lists
  them (the bibliography's order when the style sorts its bibliography, else INPUT's);
- MODE ``bibliography``: every INPUT item is registered and the bibliography
  document is the result (CITATION-ITEMS do not change it);
- CITATIONS: ``processCitationCluster(citation, citationsPre, citationsPost)`` in
  turn. The document after a call is citationsPre, the citation, citationsPost
  (note numbers as the pairs give them); only the items it cites are registered.
  Each citation is a line ``>>[i] text`` when the last call returned it, else
  ``..[i] text``; in bibliography mode the bibliography of the cited items.

What citekit's API cannot express:

- processCitationCluster returns every citation it re-processed, even when its
  text is unchanged; the API returns text only, so the document before and after
  the last call is rendered afresh and a citation is marked ``>>`` when it is new
  or its text changed;
- MODE variants (``bibliography-nosort``, ``-header``, ``-rtf``...) and the sections
  BIBENTRIES, BIBSECTION, OPTIONS, ABBREVIATIONS, INPUT2, LANGPARAMS, MULTIAFFIX:
  a fixture using one fails as "unsupported". None occurs in the suite at the
  recorded commit.

Usage: ``python benchmarks/csl_suite.py [FIXTURE_DIR] [--locale CODE] [--match GLOB]
[--tier TIER] [--show-failures] [--write-known-failures PATH]``.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Protocol

from lxml import etree

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FIXTURES = PROJECT_ROOT.parent / "shared" / "csl-test-suite" / "fixtures"

CSL_NS = "{http://purl.org/net/xbiblio/csl}"
OPEN = re.compile(r"^>>=+ ([A-Z-]+) =+>>$")
CLOSE = re.compile(r"^<<=+ ([A-Z-]+) =+<<$")
# The sections citeproc-test-runner reads as JSON (lib/sections.js).
JSON_SECTIONS = frozenset({"INPUT", "INPUT2", "CITATION-ITEMS", "CITATIONS", "BIBENTRIES", "BIBSECTION",
                           "ABBREVIATIONS", "OPTIONS", "OPTIONZ", "LANGPARAMS", "MULTIAFFIX", "KEYS"})
REQUIRED_SECTIONS = ("MODE", "CSL", "INPUT", "RESULT")
# Sections this runner drives (DESCRIPTION and VERSION only inform); any other is unsupported.
DRIVEN_SECTIONS = frozenset({*REQUIRED_SECTIONS, "CITATION-ITEMS", "CITATIONS", "DESCRIPTION", "VERSION"})
MODES = ("citation", "bibliography")
# citeproc-js knows items by JavaScript object keys, so by the string of their id (the
# API's ids are strings too); an item without an id is known as "undefined".
MISSING_ID = "undefined"

FIRST = 0  # citeproc-js's number for position "first" (1 subsequent, 2 ibid, 3 ibid-with-locator)
MISMATCH, CRASH, UNSUPPORTED = "mismatch", "crash", "unsupported"


class FixtureError(ValueError):
    """A fixture file that does not follow the fixture format."""


@dataclass(frozen=True)
class Fixture:
    """One test: a style, its items, how they are cited, and the output citeproc-js gives.

    ``citation_items`` and ``citations`` are the CITATION-ITEMS and CITATIONS
    sections (None when absent); ``unsupported`` names what the fixture uses that
    this runner cannot drive.
    """

    name: str
    mode: str
    csl: str
    items: list[dict[str, Any]]
    expected: str
    citation_items: list[list[dict[str, Any]]] | None
    citations: list[list[Any]] | None
    unsupported: tuple[str, ...]

    @property
    def category(self) -> str:
        """The feature the fixture tests: its name up to the first ``_``."""
        return category(self.name)


@dataclass(frozen=True)
class Cluster:
    """A citation of a CITATIONS document: its id, its cites and its note number."""

    citation_id: str
    cites: list[dict[str, Any]]
    note_index: int | None


class Engine(Protocol):
    """What the runner needs of a CSL processor writing HTML (citekit's ``Processor``)."""

    def register(self, items: Iterable[Mapping[str, Any]]) -> None:
        """Make CSL-JSON items known, in this order."""

    def cite(self, cites: Sequence[Mapping[str, Any]], note_index: int | None = None) -> str:
        """One citation cluster."""
        ...

    def bibliography_entries(self, ids: Sequence[str] | None = None) -> list[tuple[str, str]]:
        """(item id, entry) of the registered items, in the style's bibliography order."""
        ...

    def bibliography(self, ids: Sequence[str] | None = None) -> str:
        """The bibliography document of the registered items."""
        ...


# Builds an engine writing HTML from a style's XML text and a locale (None: the style's own).
EngineFactory = Callable[[str, "str | None"], Engine]


def citekit_engine(csl: str, locale: str | None) -> Engine:
    """citekit's processor for a style given as XML text, writing HTML."""
    # Imported here so that the script can first put the checkout's src/ on sys.path.
    from citekit.csl.processor import Processor

    processor: Engine = Processor.from_xml(csl, locale, output="html")
    return processor


@dataclass(frozen=True)
class Outcome:
    """The result of one fixture: ``failure`` is None when it passed, else its kind."""

    name: str
    expected: str
    actual: str | None
    failure: str | None
    detail: str = ""

    @property
    def passed(self) -> bool:
        """True when the output is exactly the expected one."""
        return self.failure is None

    def explain(self) -> str:
        """Why the fixture failed: a diff of expected and actual output, or the error."""
        if self.failure == MISMATCH and self.actual is not None:
            diff = difflib.unified_diff(self.expected.split("\n"), self.actual.split("\n"),
                                        "expected", "actual", lineterm="")
            return f"{self.name}: output differs\n" + "\n".join(diff)
        return f"{self.name}: {self.failure}: {self.detail}"


@dataclass(frozen=True)
class Tier:
    """A fixture's line of tiers.tsv: its tier, the engine features it needs, citeproc-py's status."""

    tier: str
    features: str
    citeproc_py: str


def category(name: str) -> str:
    """The category of a fixture name: the prefix before the first ``_``."""
    return name.split("_", 1)[0]


def parse_sections(text: str) -> dict[str, Any]:
    """The sections of a fixture, by name: JSON sections loaded, the others as text.

    A section's text is the lines between its markers joined with ``\\n`` (nothing
    stripped, as citeproc-test-runner reads it); lines outside sections are ignored.
    """
    sections: dict[str, Any] = {}
    name: str | None = None
    lines: list[str] = []
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        opened, closed = OPEN.match(line), CLOSE.match(line)
        if name is None:
            if closed:
                raise FixtureError(f"line {number}: {closed[1]} closed but never opened")
            if opened:
                name, lines = opened[1], []
            continue
        if opened:
            raise FixtureError(f"line {number}: {opened[1]} opened inside {name}")
        if not closed:
            lines.append(line)
            continue
        if closed[1] != name:
            raise FixtureError(f"line {number}: {closed[1]} closed inside {name}")
        if name in sections:
            raise FixtureError(f"line {number}: a second {name} section")
        sections[name] = _section_value(name, "\n".join(lines))
        name = None
    if name is not None:
        raise FixtureError(f"section {name} is never closed")
    return sections


def _section_value(name: str, text: str) -> Any:
    if name not in JSON_SECTIONS:
        return text
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise FixtureError(f"{name}: {error}") from error


def fixture_from_sections(name: str, sections: Mapping[str, Any]) -> Fixture:
    """The fixture ``name`` made of its parsed sections."""
    missing = [section for section in REQUIRED_SECTIONS if section not in sections]
    if missing:
        raise FixtureError(f"missing section(s): {', '.join(missing)}")
    mode = sections["MODE"].strip()
    unsupported = sorted(set(sections) - DRIVEN_SECTIONS)
    if mode not in MODES:
        unsupported.insert(0, f"MODE {mode}")
    items = [_string_id(item) for item in sections["INPUT"]]
    citation_items = sections.get("CITATION-ITEMS")
    if citation_items is not None:
        citation_items = [[_string_id(cite) for cite in cites] for cites in citation_items]
    citations = sections.get("CITATIONS")
    if citations is not None:
        citations = [[{**citation, "citationItems": [_string_id(cite) for cite in citation["citationItems"]]},
                      *calls] for citation, *calls in citations]
    return Fixture(name, mode, sections["CSL"], items, sections["RESULT"],
                   citation_items, citations, tuple(unsupported))


def _string_id(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """An item or cite with its id as a string."""
    return {**mapping, "id": str(mapping.get("id", MISSING_ID))}


def load_fixture(path: Path) -> Fixture:
    """Read a fixture file (UTF-8, with or without a byte-order mark)."""
    return fixture_from_sections(path.stem, parse_sections(path.read_text(encoding="utf-8-sig")))


def render(fixture: Fixture, engine: EngineFactory = citekit_engine, locale: str | None = None) -> str:
    """What citeproc-test-runner's ``Sys.run`` returns for the fixture, rendered by ``engine``."""
    if fixture.citations is not None:
        return _render_citations(fixture, fixture.citations, engine, locale)
    processor = engine(fixture.csl, locale)
    processor.register(fixture.items)
    if fixture.mode == "bibliography":
        return _bibliography(processor)
    clusters = fixture.citation_items or [[{"id": item} for item in _registry_order(fixture, processor)]]
    # makeCitationCluster tracks no positions: a cite is "first" unless it says otherwise
    # (citeproc-js attributes.js reads an undefined position as 0).
    return "\n".join(processor.cite([{"position": FIRST, **cite} for cite in cites]) for cites in clusters)


def _registry_order(fixture: Fixture, processor: Engine) -> list[str]:
    """The item ids in the order citeproc-js's registry lists them.

    The registry is sorted as the bibliography is when the style sorts its
    bibliography; otherwise it keeps the order the items were registered in.
    """
    ids = list(dict.fromkeys(str(item["id"]) for item in fixture.items))  # an id listed twice is one item
    if not _sorts_bibliography(fixture.csl):
        return ids
    rank = {item_id: rank for rank, (item_id, _) in enumerate(processor.bibliography_entries())}
    return sorted(ids, key=lambda item_id: rank.get(item_id, len(rank)))


def _sorts_bibliography(csl: str) -> bool:
    try:
        root = etree.fromstring(csl.encode("utf-8"))
    except etree.XMLSyntaxError:
        return False  # the engine reports the broken style
    return root.find(f"{CSL_NS}bibliography/{CSL_NS}sort") is not None


def _bibliography(processor: Engine) -> str:
    # citeproc-js's bibliography ends with its bibend "</div>"; citekit's document,
    # like a file, ends with a newline.
    return processor.bibliography().removesuffix("\n")


def _render_citations(fixture: Fixture, citations: Sequence[Sequence[Any]], engine: EngineFactory,
                      locale: str | None) -> str:
    documents = document_states(citations)
    processor, texts = _render_document(fixture, documents[-1], engine, locale)
    if fixture.mode == "bibliography":
        return _bibliography(processor)
    before: dict[str, str] = {}
    if len(documents) > 1:
        _, previous = _render_document(fixture, documents[-2], engine, locale)
        before = {cluster.citation_id: text for cluster, text in zip(documents[-2], previous, strict=True)}
    last_call = citations[-1][0]["citationID"]
    lines = []
    for index, (cluster, text) in enumerate(zip(documents[-1], texts, strict=True)):
        # The last call always returns its own citation, even with an unchanged text.
        unchanged = cluster.citation_id != last_call and before.get(cluster.citation_id) == text
        marker = ".." if unchanged else ">>"
        lines.append(f"{marker}[{index}] {text}")
    return "\n".join(lines)


def document_states(citations: Sequence[Sequence[Any]]) -> list[list[Cluster]]:
    """The document after each ``[citation, citationsPre, citationsPost]`` call, in order.

    A document is citationsPre, the citation, then citationsPost, each with the
    note number its pair gives; a citation keeps the cites it was last given.
    """
    known: dict[str, list[dict[str, Any]]] = {}
    states = []
    for citation, pre, post in citations:
        known[citation["citationID"]] = citation["citationItems"]
        note_index = citation.get("properties", {}).get("noteIndex")
        order = [*pre, [citation["citationID"], note_index], *post]
        try:
            states.append([Cluster(cid, known[cid], note) for cid, note in order])
        except KeyError as error:
            raise FixtureError(f"CITATIONS: citation {error} is listed before it is processed") from error
    return states


def _render_document(fixture: Fixture, document: Sequence[Cluster], engine: EngineFactory,
                     locale: str | None) -> tuple[Engine, list[str]]:
    processor = engine(fixture.csl, locale)
    processor.register(_cited_items(fixture.items, document))
    return processor, [processor.cite(cluster.cites, cluster.note_index) for cluster in document]


def _cited_items(items: Sequence[dict[str, Any]], document: Sequence[Cluster]) -> list[dict[str, Any]]:
    """The items a document cites, in the order they are first cited."""
    by_id = {item["id"]: item for item in items}
    cited = dict.fromkeys(cite["id"] for cluster in document for cite in cluster.cites)
    try:
        return [by_id[item_id] for item_id in cited]
    except KeyError as error:
        raise FixtureError(f"CITATIONS cite item {error}, which is not in INPUT") from error


def normalize_newlines(text: str) -> str:
    """CRLF as LF: the one change citeproc-test-runner makes to an output before comparing."""
    return text.replace("\r\n", "\n")


def run_fixture(path: Path, engine: EngineFactory = citekit_engine, locale: str | None = None) -> Outcome:
    """Render the fixture at ``path`` and compare it exactly; an exception fails it as a crash."""
    try:
        fixture = load_fixture(path)
    except (OSError, FixtureError) as error:
        return Outcome(path.stem, "", None, CRASH, f"unreadable fixture: {error}")
    if fixture.unsupported:
        return Outcome(fixture.name, fixture.expected, None, UNSUPPORTED, ", ".join(fixture.unsupported))
    try:
        actual = normalize_newlines(render(fixture, engine, locale))
    except Exception as error:  # one fixture's failure never stops the run
        return Outcome(fixture.name, fixture.expected, None, CRASH, f"{type(error).__name__}: {error}")
    failure = None if actual == fixture.expected else MISMATCH
    return Outcome(fixture.name, fixture.expected, actual, failure)


def fixture_paths(directory: Path, match: str = "*") -> list[Path]:
    """The top-level fixtures of ``directory`` whose name matches the glob ``match``, sorted."""
    return sorted(path for path in directory.glob("*.txt") if fnmatchcase(path.stem, match))


def read_tiers(path: Path) -> dict[str, Tier]:
    """tiers.tsv by fixture name; empty when the file is absent."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as file:
        rows = csv.DictReader(file, delimiter="\t")
        return {row["name"]: Tier(row["tier"], row["features"], row["citeproc_py_status"]) for row in rows}


def tiers_path(fixtures: Path) -> Path:
    """Where tiers.tsv is: beside the fixture folder."""
    return fixtures.parent / "tiers.tsv"


def read_known_failures(path: Path) -> dict[str, str]:
    """The known-failures file: ``name<TAB>reason`` lines; ``#`` comments and blank lines skipped."""
    failures = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, tab, reason = line.partition("\t")
        if not tab or not reason.strip():
            raise ValueError(f"{path}:{number}: expected 'name<TAB>reason', got {line!r}")
        failures[name.strip()] = reason.strip()
    return failures


def default_reason(name: str, tier: Tier | None) -> str:
    """The reason a newly failing fixture is listed with, from its tier."""
    if tier and tier.tier == "B-engine":
        return f"needs {tier.features} (issue 4)"
    if tier and tier.tier == "X-excluded":
        return "contested expectation (X-excluded tier)"
    return f"not yet matched: {category(name)}"


def updated_known_failures(previous: Mapping[str, str], outcomes: Iterable[Outcome],
                           tiers: Mapping[str, Tier]) -> dict[str, str]:
    """The known failures after a run, sorted by name.

    A fixture still failing keeps its reason, a passing one is dropped, a new
    failure gets :func:`default_reason`; fixtures that did not run stay as listed.
    """
    failures = dict(previous)
    for outcome in outcomes:
        if outcome.passed:
            failures.pop(outcome.name, None)
        elif outcome.name not in failures:
            failures[outcome.name] = default_reason(outcome.name, tiers.get(outcome.name))
    return dict(sorted(failures.items()))


KNOWN_FAILURES_HEADER = """\
# CSL test-suite fixtures citekit's processor does not pass yet: name<TAB>reason.
# tests/test_csl_suite.py is strict: a listed fixture that passes fails the run.
# Regenerate: python benchmarks/csl_suite.py --write-known-failures tests/csl_suite_known_failures.txt
"""


def write_known_failures(path: Path, failures: Mapping[str, str]) -> None:
    """Write the known-failures file: a header comment, then one ``name<TAB>reason`` line each."""
    lines = "".join(f"{name}\t{reason}\n" for name, reason in failures.items())
    path.write_text(KNOWN_FAILURES_HEADER + lines, encoding="utf-8")


def summary(outcomes: Sequence[Outcome], tiers: Mapping[str, Tier]) -> list[str]:
    """The report: passed/total per category and per tier, the failures by kind, the total last."""
    totals, passes = Counter[str](), Counter[str]()
    for outcome in outcomes:
        totals[category(outcome.name)] += 1
        passes[category(outcome.name)] += outcome.passed
    width = max([len("category"), *map(len, totals)])
    lines = [f"{'category':<{width}}  passed  total"]
    lines += [f"{name:<{width}}  {passes[name]:>6}  {totals[name]:>5}" for name in sorted(totals)]
    if tiers:
        lines.append(_tier_line(outcomes, tiers))
    kinds = Counter(outcome.failure for outcome in outcomes if not outcome.passed)
    if kinds:
        lines.append("failures: " + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())))
    passed = sum(outcome.passed for outcome in outcomes)
    lines.append(f"csl-suite: {passed}/{len(outcomes)} passed")
    return lines


def _tier_line(outcomes: Sequence[Outcome], tiers: Mapping[str, Tier]) -> str:
    totals, passes = Counter[str](), Counter[str]()
    for outcome in outcomes:
        tier = tiers[outcome.name].tier if outcome.name in tiers else "untiered"
        totals[tier] += 1
        passes[tier] += outcome.passed
    return "tiers: " + ", ".join(f"{tier} {passes[tier]}/{totals[tier]}" for tier in sorted(totals))


def run_suite(paths: Iterable[Path], engine: EngineFactory = citekit_engine,
              locale: str | None = None) -> list[Outcome]:
    """Run every fixture of ``paths`` in turn."""
    return [run_fixture(path, engine, locale) for path in paths]


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run the CSL test suite against citekit's processor.")
    parser.add_argument("fixtures", nargs="?", type=Path, default=DEFAULT_FIXTURES, metavar="FIXTURE_DIR",
                        help=f"the folder of fixtures (default: {DEFAULT_FIXTURES})")
    parser.add_argument("--locale", help="render in this locale instead of the style's default")
    parser.add_argument("--match", default="*", metavar="GLOB", help="only fixtures whose name matches")
    parser.add_argument("--tier", help="only fixtures of this tier of tiers.tsv (e.g. A-local)")
    parser.add_argument("--show-failures", action="store_true", help="print a diff or error per failure")
    parser.add_argument("--write-known-failures", type=Path, metavar="PATH",
                        help="update the known-failures file PATH from this run")
    arguments = parser.parse_args(argv)
    if not arguments.fixtures.is_dir():
        parser.error(f"{arguments.fixtures} is not a folder of fixtures")
    if arguments.tier:
        known = {tier.tier for tier in read_tiers(tiers_path(arguments.fixtures)).values()}
        if arguments.tier not in known:
            parser.error(f"--tier {arguments.tier}: {tiers_path(arguments.fixtures)} has tiers "
                         f"{', '.join(sorted(known)) or '(none: no such file)'}")
    return arguments


def main(argv: Sequence[str] | None = None, engine: EngineFactory = citekit_engine) -> int:
    """The command line: run the fixtures, print the report, optionally update the known failures."""
    arguments = _arguments(argv)
    tiers = read_tiers(tiers_path(arguments.fixtures))
    paths = [path for path in fixture_paths(arguments.fixtures, arguments.match)
             if not arguments.tier or (path.stem in tiers and tiers[path.stem].tier == arguments.tier)]
    started = time.perf_counter()
    outcomes = run_suite(paths, engine, arguments.locale)
    elapsed = time.perf_counter() - started
    if arguments.show_failures:
        for outcome in outcomes:
            if not outcome.passed:
                print(outcome.explain(), end="\n\n")
    if arguments.write_known_failures:
        target = arguments.write_known_failures
        previous = read_known_failures(target) if target.is_file() else {}
        failures = updated_known_failures(previous, outcomes, tiers)
        write_known_failures(target, failures)
        print(f"wrote {target}: {len(failures)} known failures")
    print(f"ran {len(outcomes)} fixtures in {elapsed:.1f} s")
    print("\n".join(summary(outcomes, tiers)))
    return 0


if __name__ == "__main__":
    # Measure this checkout, not whatever citekit is installed.
    sys.path.insert(0, str(PROJECT_ROOT / "src"))
    sys.exit(main())
