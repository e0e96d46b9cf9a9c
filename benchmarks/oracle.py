"""Everyday fidelity: citekit's CSL engine against citeproc-js on real publications.

Renders the oracle corpus (``../shared/oracle/corpus.json``) in each style of its ``expected/``
folder, as text and as HTML, exactly as the oracle's README describes: every item registered
first, then each item cited alone, then the bibliography in the style's order. Each bibliography
entry and each citation is compared with citeproc-js's; a bibliography agrees only when it lists
the same ids in the same order, each entry identical. Run from the project root::

    python benchmarks/oracle.py [CORPUS] [--expected DIR] [--style NAME]... [--locale CODE]
                                [--show-diff] [--write-known-differences PATH]

``tests/test_csl_oracle.py`` imports this module; ``--write-known-differences`` regenerates its
reviewed list of differences (``tests/oracle_known_differences.txt``), keeping the reasons already
written and giving new lines the reason ``not yet matched``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citekit.csl.processor import Processor
from citekit.csl.styles import resolve_style

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "oracle" / "corpus.json"
FORMATS = ("text", "html")
KINDS = ("bibliography", "citations")
NOT_YET_MATCHED = "not yet matched"
KNOWN_DIFFERENCES_HEADER = """\
# Entries where citekit deliberately or not yet renders differently from citeproc-js 1.4.61
# (../shared/oracle), read by tests/test_csl_oracle.py. One line per entry:
# style<TAB>format<TAB>kind<TAB>item-id<TAB>reason
# Regenerate (reasons already written are kept) with
#   python benchmarks/oracle.py --write-known-differences tests/oracle_known_differences.txt
"""

# A compared entry: style, output format, kind (bibliography or citations) and item id.
Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class Rendering:
    """citekit's output for the corpus in one style and format, with what crashed.

    ``bibliography`` holds (item id, entry) in citekit's order; ``bibliography_error`` is set
    when the bibliography could not be made at all; ``citation_errors`` maps item ids whose
    citation raised to the error.
    """

    bibliography: list[tuple[str, str]] = field(default_factory=list)
    citations: dict[str, str] = field(default_factory=dict)
    bibliography_error: str | None = None
    citation_errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def crashed(cls, error: str, ids: Sequence[str]) -> Rendering:
        """A style that could not render at all: every entry and citation is a crash."""
        return cls(bibliography_error=error, citation_errors=dict.fromkeys(ids, error))


@dataclass(frozen=True)
class Comparison:
    """One item's bibliography entry or citation from citeproc-js beside citekit's.

    ``expected`` or ``got`` is None where that engine gives nothing for the item;
    ``misplaced`` says how a bibliography entry stands out of citeproc-js's order.
    """

    style: str
    format: str
    kind: str
    item_id: str
    expected: str | None
    got: str | None
    crash: str | None = None
    misplaced: str | None = None

    @property
    def key(self) -> Key:
        """The entry's line key in the known-differences file."""
        return (self.style, self.format, self.kind, self.item_id)

    @property
    def identical(self) -> bool:
        """True when citekit renders this entry exactly as citeproc-js, in the same place."""
        return self.crash is None and self.misplaced is None and self.expected == self.got

    def describe(self) -> str:
        """A readable account of the difference: both renderings and where they part."""
        lines = [f"{' '.join(self.key)}: {self._problem()}",
                 f"  citeproc-js: {_shown(self.expected)}",
                 f"  citekit:     {_shown(self.got)}"]
        if self.expected is not None and self.got is not None and self.expected != self.got:
            lines.append(_first_difference(self.expected, self.got))
        return "\n".join(lines)

    def _problem(self) -> str:
        if self.crash:
            return f"crash: {self.crash}"
        if self.misplaced is None:
            return "differs"
        return self.misplaced if self.expected == self.got else f"differs, and {self.misplaced}"


def _shown(rendering: str | None) -> str:
    return "(nothing)" if rendering is None else rendering


def _first_difference(expected: str, got: str) -> str:
    """Where two renderings part, with a little context on each side."""
    at = len(os.path.commonprefix([expected, got]))
    start = max(0, at - 15)

    def around(text: str) -> str:
        return ("…" if start else "") + text[start:at + 25] + ("…" if len(text) > at + 25 else "")

    return f"  from character {at}: citeproc-js ‹{around(expected)}›, citekit ‹{around(got)}›"


def load_corpus(path: Path) -> list[dict[str, Any]]:
    """The corpus's CSL-JSON items, as given to both engines."""
    items: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return items


def load_expected(folder: Path, style: str) -> dict[str, Any]:
    """citeproc-js's renderings of the corpus in ``style`` (``expected/STYLE.json``)."""
    expected: dict[str, Any] = json.loads((folder / f"{style}.json").read_text(encoding="utf-8"))
    return expected


def render(style: str, output: str, items: Sequence[Mapping[str, Any]], locale: str | None) -> Rendering:
    """The corpus in ``style`` and ``output`` through citekit's Processor, as citeproc-js made it.

    Any exception from the engine is recorded as a crash of what raised, never raised.
    """
    ids = [str(item["id"]) for item in items]
    try:
        info = resolve_style(style)
        # A dependent style's default-locale overrides its parent's (CSL 1.0.2, dependent styles).
        processor = Processor.from_xml(info.source.read_text(encoding="utf-8"),
                                       locale or info.default_locale, output)
        processor.register(items)
    except Exception as error:  # the engine's failure is the measurement
        return Rendering.crashed(_error(error), ids)
    citations, citation_errors = {}, {}
    for item_id in ids:  # each item cited alone, after all are registered
        try:
            citations[item_id] = processor.cite([{"id": item_id}])
        except Exception as error:
            citation_errors[item_id] = _error(error)
    try:
        bibliography = processor.bibliography_entries()
    except Exception as error:
        return Rendering([], citations, _error(error), citation_errors)
    return Rendering(bibliography, citations, None, citation_errors)


def _error(error: Exception) -> str:
    """The error, and the innermost line of citekit it came from (where to look first)."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if f"{os.sep}citekit{os.sep}" in frame.filename]
    where = ""
    if frames:
        parts = Path(frames[-1].filename).parts
        package = len(parts) - 1 - parts[::-1].index("citekit")  # the last: a checkout may be named so too
        where = f" (at {'/'.join(parts[package:])}:{frames[-1].lineno})"
    return f"{type(error).__name__}: {error}{where}"


def compare(style: str, output: str, items: Sequence[Mapping[str, Any]],
            expected: Mapping[str, Any], locale: str | None = None) -> list[Comparison]:
    """Every bibliography entry and citation of the corpus in one style and format.

    ``locale`` None renders in the locale citeproc-js used (the style's default).
    """
    rendering = render(style, output, items, locale or expected.get("locale"))
    ids = [str(item["id"]) for item in items]
    return [*compare_bibliography(style, output, ids, expected[output], rendering),
            *compare_citations(style, output, ids, expected[output], rendering)]


def compare_bibliography(style: str, output: str, ids: Sequence[str], expected: Mapping[str, Any],
                         rendering: Rendering) -> list[Comparison]:
    """Each item's bibliography entry and its place in the order, against citeproc-js's."""
    theirs_order: list[str] = expected["bibliography_ids"]
    theirs = dict(zip(theirs_order, expected["bibliography"], strict=True))
    ours_order = [item_id for item_id, _ in rendering.bibliography]
    ours = dict(rendering.bibliography)
    in_order = _common_order(theirs_order, ours_order)
    comparisons = []
    for item_id in dict.fromkeys([*ids, *theirs_order, *ours_order]):
        misplaced = None
        if ours_order.count(item_id) > 1:
            misplaced = f"listed {ours_order.count(item_id)} times by citekit"
        elif item_id in theirs and item_id in ours and item_id not in in_order:
            misplaced = (f"out of order: citeproc-js has it {_place(theirs_order, item_id)}, "
                         f"citekit {_place(ours_order, item_id)}")
        comparisons.append(Comparison(style, output, "bibliography", item_id, theirs.get(item_id),
                                      ours.get(item_id), rendering.bibliography_error, misplaced))
    return comparisons


def compare_citations(style: str, output: str, ids: Sequence[str], expected: Mapping[str, Any],
                      rendering: Rendering) -> list[Comparison]:
    """Each item's citation, cited alone, against citeproc-js's."""
    theirs: Mapping[str, str] = expected["citations"]
    return [Comparison(style, output, "citations", item_id, theirs.get(item_id),
                       rendering.citations.get(item_id), rendering.citation_errors.get(item_id))
            for item_id in dict.fromkeys([*ids, *theirs])]


def _common_order(theirs: Sequence[str], ours: Sequence[str]) -> set[str]:
    """The ids of a longest common subsequence of two orders: the entries that stand in order.

    The fewest entries are then called out of order: one entry moved is one difference,
    not a difference for every entry it jumped over.
    """
    # longest[i][j]: length of a longest common subsequence of theirs[i:] and ours[j:].
    longest = [[0] * (len(ours) + 1) for _ in range(len(theirs) + 1)]
    for i in reversed(range(len(theirs))):
        for j in reversed(range(len(ours))):
            longest[i][j] = (longest[i + 1][j + 1] + 1 if theirs[i] == ours[j]
                             else max(longest[i + 1][j], longest[i][j + 1]))
    common, i, j = set(), 0, 0
    while i < len(theirs) and j < len(ours):
        if theirs[i] == ours[j]:
            common.add(theirs[i])
            i, j = i + 1, j + 1
        elif longest[i + 1][j] >= longest[i][j + 1]:
            i += 1
        else:
            j += 1
    return common


def _place(order: Sequence[str], item_id: str) -> str:
    position = order.index(item_id)
    return f"at {position + 1} of {len(order)}, " + (f"after {order[position - 1]}" if position else "first")


def read_known_differences(path: Path) -> dict[Key, str]:
    """The reviewed differences, entry key -> reason; raises ValueError on a malformed line."""
    differences: dict[Key, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5 or not all(part.strip() for part in fields):
            raise ValueError(f"{path}, line {number}: expected style, format, kind, item id and reason, "
                             "separated by tabs")
        style, output, kind, item_id, reason = fields
        if output not in FORMATS or kind not in KINDS:
            raise ValueError(f"{path}, line {number}: format must be one of {FORMATS}, kind one of {KINDS}")
        if (style, output, kind, item_id) in differences:
            raise ValueError(f"{path}, line {number}: {style} {output} {kind} {item_id} is listed twice")
        differences[(style, output, kind, item_id)] = reason
    return differences


def known_differences_text(comparisons: Sequence[Comparison], previous: Mapping[Key, str]) -> str:
    """The known-differences file for ``comparisons``, keeping ``previous`` reasons.

    Lines of styles not compared this time are kept as they were.
    """
    compared = {comparison.style for comparison in comparisons}
    lines = {key: reason for key, reason in previous.items() if key[0] not in compared}
    lines.update((comparison.key, previous.get(comparison.key, NOT_YET_MATCHED))
                 for comparison in comparisons if not comparison.identical)
    return KNOWN_DIFFERENCES_HEADER + "".join(
        "\t".join((*key, reason)) + "\n" for key, reason in sorted(lines.items()))


def summary(comparisons: Sequence[Comparison]) -> str:
    """Per style: entries and citations identical / total, text and HTML, and crashes."""
    columns = [(output, kind) for output in FORMATS for kind in KINDS]
    styles = list(dict.fromkeys(comparison.style for comparison in comparisons))
    width = max(len(name) for name in [*styles, "style"])
    headers = [f"{output} {kind}" for output, kind in columns]
    rows = [f"{'style':<{width}}  " + "  ".join(f"{header:>17}" for header in headers) + "  crashes"]
    for style in [*styles, "all"]:
        chosen = [c for c in comparisons if style in ("all", c.style)]
        cells = []
        for output, kind in columns:
            cell = [c for c in chosen if (c.format, c.kind) == (output, kind)]
            cells.append(f"{sum(c.identical for c in cell)}/{len(cell)}")
        crashes = sum(c.crash is not None for c in chosen)
        rows.append(f"{style:<{width}}  " + "  ".join(f"{cell:>17}" for cell in cells) + f"  {crashes:>7}")
    return "\n".join(rows)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS,
                        help="CSL-JSON corpus (default: ../shared/oracle/corpus.json)")
    parser.add_argument("--expected", type=Path, help="citeproc-js's renderings (default: expected/ "
                        "beside the corpus)")
    parser.add_argument("--style", action="append", help="a style of the expected folder (repeatable; "
                        "default: all)")
    parser.add_argument("--locale", help="render in this locale instead of each style's default")
    parser.add_argument("--show-diff", action="store_true", help="print every differing pair")
    parser.add_argument("--write-known-differences", type=Path, metavar="PATH",
                        help="write the differences found to PATH, keeping the reasons already there")
    args = parser.parse_args(argv)
    args.expected = args.expected or args.corpus.parent / "expected"
    available = sorted(path.stem for path in args.expected.glob("*.json"))
    args.style = args.style or available
    unknown = sorted(set(args.style) - set(available))
    if unknown:
        parser.error(f"no citeproc-js renderings in {args.expected} for: {', '.join(unknown)}")
    if args.locale and args.write_known_differences:
        parser.error("--write-known-differences compares in each style's default locale; drop --locale")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Compare, print the agreement per style, and optionally the differences and the list."""
    args = _arguments(argv)
    items = load_corpus(args.corpus)
    comparisons: list[Comparison] = []
    for style in args.style:
        expected = load_expected(args.expected, style)
        for output in FORMATS:
            comparisons += compare(style, output, items, expected, args.locale)
    print(summary(comparisons))
    if args.show_diff:
        for comparison in comparisons:
            if not comparison.identical:
                print("\n" + comparison.describe())
    if args.write_known_differences:
        path: Path = args.write_known_differences
        previous = read_known_differences(path) if path.is_file() else {}
        path.write_text(known_differences_text(comparisons, previous), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
