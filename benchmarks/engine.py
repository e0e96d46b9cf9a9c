"""Where the CSL engine spends its time on a big bibliography, phase by phase, and whether its
two-core path (``citekit/csl/parallel.py``) prints what one core does. Run from the project
root, with the package installed::

    python benchmarks/engine.py [--records 10000] [--style apa] [--work DIR]

The phases: reading the corpus file, registering its items, citation numbers (the
bibliography's sort), disambiguation, and the entries (the second sort, rendering, output),
each in wall seconds and this process's CPU seconds (a forked child's are not counted: wall
time below CPU time means the second core took part). The bibliography is then made again on
one core. The last line is ``engine: SAME`` or ``engine: DIFFERENT``; the exit code is 1 when
the outputs differ.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from harness import make_corpus, work_folders


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000, help="At most 10,000 (the corpus's limit).")
    parser.add_argument("--style", default="apa")
    parser.add_argument("--work", type=Path, help="Folder for the corpus (kept) [default: a temporary one].")
    args = parser.parse_args()
    from citekit.csl import LoadedStyle, parallel, resolve_style
    from citekit.formats import read_file
    from citekit.model import Diagnostics

    with work_folders(args.work) as folders:
        if folders is None:
            return 0
        work, _ = folders
        make_corpus(work, [args.records])
        marks = [(time.perf_counter(), time.process_time())]

        def mark(name: str) -> None:
            marks.append((time.perf_counter(), time.process_time()))
            (wall, cpu), (wall_before, cpu_before) = marks[-1], marks[-2]
            print(f"{name:16} {wall - wall_before:7.2f} s wall {cpu - cpu_before:7.2f} s CPU")

        records = read_file(str(work / f"refs-{args.records}.json"), None, Diagnostics())
        mark("read")
        style = LoadedStyle(resolve_style(args.style))
        processor = style.processor(records, "text")
        mark("register")
        processor.citation_numbers()
        mark("numbers")
        processor.disambiguation()
        mark("disambiguation")
        both = processor.bibliography()
        mark("entries")
        (wall, cpu), (wall_start, cpu_start) = marks[-1], marks[0]
        print(f"{'total':16} {wall - wall_start:7.2f} s wall {cpu - cpu_start:7.2f} s CPU")
    parallel.MIN_ITEMS = sys.maxsize  # everything in this process
    one = style.processor(records, "text").bibliography()
    same = one == both
    verdict = "SAME" if same else "DIFFERENT"
    print(f"engine: {verdict} ({args.records} records, {args.style}, one core against two)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
