"""Resource bounds of a big import: `citekit import` of a 100,000-entry BibTeX file into a new
library, its wall time and peak memory, beside pybtex's bare ``parse_file`` of the same file
measured in the same run (each in a process of its own). Run from the project root::

    python benchmarks/import_memory.py [--entries 100000] [--work DIR] [--limit-mib 300]

The file is made from ``../shared/bench/make_corpus.py 10000`` (its generator slows down
quadratically beyond that), repeated with each copy's keys, titles and DOIs made distinct, so
every entry is a new record. The last line is ``import-memory: PEAK MiB (limit LIMIT MiB) PASS``
or ``FAIL``; the exit code is 1 on FAIL.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from harness import make_bibtex, run_once, work_folders

PYBTEX_PARSE = "import sys; from pybtex.database import parse_file; parse_file(sys.argv[1], 'bibtex')"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--work", type=Path, help="Folder for the corpus (kept) [default: a temporary one].")
    parser.add_argument("--limit-mib", type=float, default=300.0)
    args = parser.parse_args()
    with work_folders(args.work) as folders:
        if folders is None:
            return 0
        work, scratch = folders
        source = make_bibtex(work, args.entries)
        library = scratch / "library.sqlite"
        env = {**os.environ, "CITEKIT_LIBRARY": str(library)}
        import_time, import_peak = run_once([sys.executable, "-m", "citekit", "import", str(source)], env)
        parse_time, parse_peak = run_once([sys.executable, "-c", PYBTEX_PARSE, str(source)])
    print(f"{'':28} {'seconds':>8} {'peak MiB':>9}")
    print(f"{'citekit import':28} {import_time:8.1f} {import_peak:9.0f}")
    print(f"{'pybtex parse_file (bare)':28} {parse_time:8.1f} {parse_peak:9.0f}")
    print(f"ratio citekit/pybtex: time {import_time / parse_time:.2f}x, "
          f"memory {import_peak / parse_peak:.2f}x")
    verdict = "PASS" if import_peak <= args.limit_mib else "FAIL"
    print(f"import-memory: {import_peak:.0f} MiB for {args.entries} entries (limit {args.limit_mib:.0f} MiB) "
          f"{verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
