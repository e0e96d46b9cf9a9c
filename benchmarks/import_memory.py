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
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
BASE = 10_000
PYBTEX_PARSE = "import sys; from pybtex.database import parse_file; parse_file(sys.argv[1], 'bibtex')"


def make_file(work: Path, entries: int) -> Path:
    """``refs-N.bib`` in ``work``: the corpus of 10,000 repeated with distinct keys, titles and DOIs."""
    target = work / f"refs-{entries}.bib"
    if target.is_file():
        return target
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(BASE), "--out", str(work)], check=True,
                   stdout=subprocess.DEVNULL)
    base = (work / f"refs-{BASE}.bib").read_text(encoding="utf-8")
    chunks = re.split(r"(?m)^(?=@)", base)
    with open(target, "w", encoding="utf-8") as out:
        written = 0
        for copy in range(entries // BASE + 1):
            for chunk in chunks:
                if written == entries or not chunk.startswith("@"):
                    continue
                chunk = re.sub(r"^(@\w+\{)([^,]+),", rf"\g<1>\g<2>-{copy},", chunk, count=1)
                chunk = re.sub(r"(?mi)^(\s*title\s*=\s*\{)", rf"\g<1>Part {copy}: ", chunk, count=1)
                chunk = re.sub(r"(?mi)^(\s*doi\s*=\s*\{[^}]*)\}", rf"\g<1>.{copy}}}", chunk, count=1)
                out.write(chunk)
                written += 1
    return target


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--work", type=Path, help="Folder for the corpus (kept) [default: a temporary one].")
    parser.add_argument("--limit-mib", type=float, default=300.0)
    args = parser.parse_args()
    if not MAKE_CORPUS.is_file():
        print(f"skipped: {MAKE_CORPUS} is not there (../shared beside the checkout)")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        source = make_file(work, args.entries)
        library = Path(scratch) / "library.sqlite"
        env = {**os.environ, "CITEKIT_LIBRARY": str(library)}
        import_time, import_peak = measure([sys.executable, "-m", "citekit", "import", str(source)], env)
        parse_time, parse_peak = measure([sys.executable, "-c", PYBTEX_PARSE, str(source)])
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
