"""citekit against pandoc and citeproc-js, in one run on one machine. From the project root::

    python benchmarks/run.py [--sizes 1000 10000] [--repeat 5] [--work DIR]
                             [--citeproc-js PATH] [--citeproc-py] [--search N]

Measures, each command a process of its own, the commands of one comparison alternating, and
prints the median, min–max and peak memory of each and its ratio to the reference:

* a full APA bibliography of ``refs-N.json`` (../shared/bench/make_corpus.py): ``citekit cite
  --from refs-N.json --style apa``; ``pandoc --citeproc`` on a document with ``nocite: '@*'``;
  citeproc-js (``--citeproc-js``: its ``citeproc_commonjs.js``, or the package folder after
  ``npm install citeproc``); with ``--citeproc-py``, plain citeproc-py (slow: minutes at 10,000);
* one citation as a whole process: ``citekit cite --style apa`` on the default library (after a
  first call has put the parsed style in the cache), pandoc
  citing one record, a bare citeproc-py script doing the same, and ``python -c pass``;
* interchange, timed inside the process: ``citekit import refs-10000.bib`` against pybtex's
  ``parse_file``; writing the 10,000 records as BibTeX against pybtex's writer; as RIS and CSL-JSON;
* with ``--search N``: queries over a library of N records (made once, then kept in --work), timed
  inside the process as ``citekit search`` runs them (the best 100) and for every match.

A tool that is not installed is skipped with a note. The targets of issue 7 are printed beside
the ratios they concern.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from harness import CITEPROC_PY, Runs, compare, make_bibtex, make_corpus, work_folders

from citekit.csl.styles import resolve_style

PYTHON = sys.executable
APA = str(resolve_style("apa").path)
LOCALES = Path(__import__("citeproc").__file__).parent / "data" / "locales"

CITEPROC_JS = """
const CSL = require(process.argv[1]);
const fs = require('fs');
const items = {};
for (const item of JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))) items[item.id] = item;
const sys = {
  retrieveLocale: (lang) => fs.readFileSync(`${process.argv[4]}/locales-${lang}.xml`, 'utf8'),
  retrieveItem: (id) => items[id],
};
const engine = new CSL.Engine(sys, fs.readFileSync(process.argv[3], 'utf8'), 'en-US');
engine.setOutputFormat('text');
engine.updateItems(Object.keys(items));
process.stdout.write(engine.makeBibliography()[1].join(''));
"""

# Interchange, timed inside the process: prints the seconds of the operation alone.
PYBTEX_PARSE = """
import sys, time
from pybtex.database import parse_file
started = time.perf_counter(); parse_file(sys.argv[1], 'bibtex'); print(time.perf_counter() - started)
"""
PYBTEX_WRITE = """
import sys, time
from pybtex.database import parse_file
data = parse_file(sys.argv[1], 'bibtex')
started = time.perf_counter(); data.to_string('bibtex'); print(time.perf_counter() - started)
"""
CITEKIT_IMPORT = """
import sys, time
from citekit import Diagnostics, Library
from citekit.formats import stream_file
with Library.open(sys.argv[2]) as library:
    started = time.perf_counter()
    library.import_records(stream_file(sys.argv[1], None, Diagnostics(strict=False)))
    print(time.perf_counter() - started)
"""
CITEKIT_WRITE = """
import sys, time
from citekit import Library, write_records
with Library.open(sys.argv[1]) as library:
    records = library.records()
started = time.perf_counter(); write_records(records, sys.argv[2]); print(time.perf_counter() - started)
"""
# Each query as `citekit search` runs it (the best 100, its default) and for every match (`--limit 0`,
# `--where`), five times, the queries alternating; prints the matches and seconds as JSON.
CITEKIT_SEARCH = """
import json, sys, time
from citekit import Library
queries = ["soviet", "author:smith", "author:müller year:2010..2020", "title:molecular type:article-journal",
           "memory -type:book", "year:>2015 learning", "keyword:neural", 'title:"deep learning"', "key:smi*",
           "journal:nature", "zzzz"]
results = {query: {"matches": 0, "best 100": [], "all": []} for query in queries}
with Library.open(sys.argv[1]) as library:
    for _ in range(5):
        for query in queries:
            for name, limit in (("best 100", 100), ("all", None)):
                found = []  # the records of the last query are let go before the clock starts
                started = time.perf_counter()
                found = library.find(query, limit)
                results[query][name].append(time.perf_counter() - started)
            results[query]["matches"] = len(found)
print(json.dumps(results))
"""


def bibliography(work: Path, size: int, repeat: int, citeproc_js: Path | None, citeproc_py: bool) -> None:
    refs = work / f"refs-{size}.json"
    document = work / "everything.md"
    document.write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    citekit = [PYTHON, "-m", "citekit", "cite", "--from", str(refs), "--style", "apa"]
    commands = {"citekit": {"command": citekit}}
    if shutil.which("pandoc"):
        commands["pandoc"] = {"command": ["pandoc", str(document), "--citeproc", "--bibliography", str(refs),
                                          "--csl", APA, "-t", "plain", "--wrap=none"]}
    if citeproc_js is not None:
        commands["citeproc-js"] = {"command": ["node", "-e", CITEPROC_JS, str(citeproc_js), str(refs), APA,
                                               str(LOCALES)]}
    if citeproc_py:
        commands["citeproc-py (plain)"] = {"command": [PYTHON, "-c", CITEPROC_PY, str(refs), APA]}
    report(f"APA bibliography of {size:,} records", compare(commands, repeat), "pandoc",
           "target: citekit ≤ 1.0× pandoc, peak memory ≤ 119 MiB")


def one_citation(work: Path, repeat: int) -> None:
    one = work / "one.json"
    item = json.loads(one.read_text(encoding="utf-8"))
    item = item[0] if isinstance(item, list) else item
    paper = work / "one.md"
    paper.write_text(f"[@{item['id']}]\n", encoding="utf-8")
    library = work / "one-library.sqlite"
    env = {**os.environ, "CITEKIT_LIBRARY": str(library), "XDG_CACHE_HOME": str(work / "cache")}
    # Makes the library, and parses APA and its locale into the cache, as any earlier call would.
    subprocess.run([PYTHON, "-m", "citekit", "cite", "--style", "apa"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    citekit = shutil.which("citekit") or PYTHON
    commands = {"citekit": {"command": [citekit, "cite", "--style", "apa"] if citekit != PYTHON else
                            [PYTHON, "-m", "citekit", "cite", "--style", "apa"], "env": env},
                "citeproc-py script": {"command": [PYTHON, "-c", CITEPROC_PY, str(one), APA]},
                "python -c pass": {"command": [PYTHON, "-c", "pass"]}}
    if shutil.which("pandoc"):
        commands["pandoc"] = {"command": ["pandoc", str(paper), "--citeproc", "--bibliography", str(one),
                                          "--csl", APA, "-t", "plain"]}
    runs = compare(commands, repeat)
    report("One citation, whole process", runs, "pandoc",
           "target: citekit ≤ 0.4× pandoc and ≤ 1.5× the citeproc-py script")
    bare = runs["citeproc-py script"].median
    print(f"  citekit / citeproc-py script: {runs['citekit'].median / bare:.2f}×")


def interchange(work: Path, repeat: int) -> None:
    make_corpus(work, [10_000])
    bib = work / "refs-10000.bib"
    library = work / "interchange.sqlite"

    def timed(script: str, *arguments: str) -> float:
        if script is CITEKIT_IMPORT:
            for path in library.parent.glob(library.name + "*"):
                path.unlink()
        output = subprocess.run([PYTHON, "-c", script, *arguments], check=True, capture_output=True,
                                text=True).stdout
        return float(output.split()[0])

    scripts = {
        "citekit import refs-10000.bib": (CITEKIT_IMPORT, str(bib), str(library)),
        "pybtex parse_file": (PYBTEX_PARSE, str(bib)),
        "citekit write BibTeX": (CITEKIT_WRITE, str(library), "bibtex"),
        "pybtex write BibTeX": (PYBTEX_WRITE, str(bib)),
        "citekit write RIS": (CITEKIT_WRITE, str(library), "ris"),
        "citekit write CSL-JSON": (CITEKIT_WRITE, str(library), "csl-json"),
    }
    rows: dict[str, list[float]] = {name: [] for name in scripts}
    for _ in range(repeat):  # alternating, as compare() does: a slow moment falls on all alike
        for name, (script, *arguments) in scripts.items():
            rows[name].append(timed(script, *arguments))
    print("\nInterchange of 10,000 records (seconds inside the process)")
    for name, times in rows.items():
        print(f"  {name:32} {statistics.median(times):8.3f} s  ({min(times):.3f}–{max(times):.3f})")
    median = {name: statistics.median(times) for name, times in rows.items()}
    reading = median["citekit import refs-10000.bib"] / median["pybtex parse_file"]
    writing = median["citekit write BibTeX"] / median["pybtex write BibTeX"]
    print(f"  import / pybtex parse: {reading:.2f}×   (target ≤ 1.5×)")
    print(f"  BibTeX write / pybtex writer: {writing:.2f}×   (target ≤ 0.2×; RIS and CSL-JSON ≤ 1 s each)")


def search(work: Path, size: int) -> None:
    library = work / f"search-{size}.sqlite"
    if not library.is_file():
        subprocess.run([PYTHON, "-m", "citekit", "import", str(make_bibtex(work, size))],
                       env={**os.environ, "CITEKIT_LIBRARY": str(library)}, check=True, capture_output=True)
    results = json.loads(subprocess.run([PYTHON, "-c", CITEKIT_SEARCH, str(library)], check=True,
                                        capture_output=True, text=True).stdout)
    print(f"\nSearch over {size:,} records, timed inside the process (ms: median and slowest of 5 runs)")
    print(f"  {'query':38} {'matches':>7}   {'best 100':>15}   {'all matches':>15}")
    for query, result in results.items():
        print(f"  {query:38} {result['matches']:7,}   {_milliseconds(result['best 100'])}   "
              f"{_milliseconds(result['all'])}")
    meanings = {"best 100": "the best 100 (what `citekit search` returns)", "all": "every match (--where)"}
    for name, meaning in meanings.items():
        times = [seconds for result in results.values() for seconds in result[name]]
        print(f"  {meaning}: median {statistics.median(times) * 1000:.1f} ms, "
              f"slowest {max(times) * 1000:.1f} ms")
    print("  target: the best 100 in a median ≤ 50 ms")


def _milliseconds(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:7.1f} {max(times) * 1000:7.1f}"


def report(title: str, runs: dict[str, Runs], reference: str, target: str) -> None:
    print(f"\n{title}")
    base = runs.get(reference)
    for name, result in runs.items():
        ratio = f"  {result.median / base.median:5.2f}× {reference}" if base and name != reference else ""
        print(f"  {name:22} {result.describe()}{ratio}")
    if base is None:
        print(f"  ({reference} is not installed: no ratio)")
    print(f"  {target}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, help="Folder for the corpus and libraries (kept).")
    parser.add_argument("--citeproc-js", type=Path, help="citeproc-js (citeproc_commonjs.js or its folder)")
    parser.add_argument("--citeproc-py", action="store_true", help="Also time plain citeproc-py.")
    parser.add_argument("--search", type=int, metavar="N", help="Also time queries over N records.")
    args = parser.parse_args()
    citeproc_js = args.citeproc_js
    if citeproc_js is not None and not shutil.which("node"):
        print("note: node is not installed: citeproc-js skipped")
        citeproc_js = None
    if not shutil.which("pandoc"):
        print("note: pandoc is not installed: skipped, and no ratios to it")
    if citeproc_js is None:
        print("note: citeproc-js not given (--citeproc-js, after `npm install citeproc`): skipped")
    with work_folders(args.work) as folders:
        if folders is None:
            return 0
        work, _ = folders
        make_corpus(work, [size for size in args.sizes if size <= 10_000])
        for size in args.sizes:
            bibliography(work, size, args.repeat, citeproc_js, args.citeproc_py)
        one_citation(work, args.repeat * 2)
        interchange(work, min(args.repeat, 3))
        if args.search:
            search(work, args.search)
    return 0


if __name__ == "__main__":
    sys.exit(main())
