"""What the benchmarks share: timing a command as a process of its own (wall time and peak memory),
repeated with the commands of one comparison alternating, and the corpus of ../shared/bench."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
# make_corpus.py slows down quadratically beyond this; bigger files repeat it (see make_bibtex).
CORPUS_LIMIT = 10_000

# The bare citeproc-py script issue 7 compares start-up with: arguments CSL-JSON file, style file.
CITEPROC_PY = """
import json, sys
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
source = CiteProcJSON(json.load(open(sys.argv[1], encoding='utf-8')))
bibliography = CitationStylesBibliography(CitationStylesStyle(sys.argv[2], validate=False), source,
                                          formatter.plain)
for key in source:
    bibliography.register(Citation([CitationItem(key)]))
bibliography.sort()
for entry in bibliography.bibliography():
    print(str(entry))
"""


@dataclass
class Runs:
    """The wall seconds and peak MiB of each run of one command."""

    seconds: list[float]
    mib: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def describe(self) -> str:
        low, high = min(self.seconds), max(self.seconds)
        return f"{self.median:8.3f} s  ({low:.3f}–{high:.3f})  {max(self.mib):6.0f} MiB"


def run_once(command: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None,
             stdin: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident MiB of one process; its output is thrown away."""
    source = open(stdin, "rb") if stdin else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    try:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), env=env, cwd=cwd, stdin=source, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
    finally:
        if stdin:
            source.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise RuntimeError(f"exit {code}: {' '.join(command)}\n{error}")
    if process.stderr:
        process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024  # Linux reports KiB


def compare(commands: dict[str, dict], repeat: int) -> dict[str, Runs]:
    """Run each named command ``repeat`` times, alternating between them (so that a slow moment of
    the machine falls on all alike); ``commands`` maps a name to run_once's keyword arguments."""
    results = {name: Runs([], []) for name in commands}
    for _ in range(repeat):
        for name, arguments in commands.items():
            seconds, mib = run_once(**arguments)
            results[name].seconds.append(seconds)
            results[name].mib.append(mib)
    return results


def make_corpus(work: Path, sizes: Sequence[int]) -> None:
    """``refs-N.json``, ``.bib`` and ``.ris`` in ``work`` for each size up to CORPUS_LIMIT."""
    missing = [str(size) for size in sizes if not (work / f"refs-{size}.json").is_file()]
    if missing:
        subprocess.run([sys.executable, str(MAKE_CORPUS), *missing, "--out", str(work)], check=True,
                       stdout=subprocess.DEVNULL)


def make_bibtex(work: Path, entries: int) -> Path:
    """``refs-N.bib`` of any size: the corpus of 10,000 repeated, each copy's keys, titles and DOIs
    made distinct, so that every entry is a new record."""
    target = work / f"refs-{entries}.bib"
    if target.is_file():
        return target
    make_corpus(work, [CORPUS_LIMIT])
    chunks = [chunk for chunk in re.split(r"(?m)^(?=@)", (work / f"refs-{CORPUS_LIMIT}.bib").read_text(
        encoding="utf-8")) if chunk.startswith("@")]
    with open(target, "w", encoding="utf-8") as out:
        for number in range(entries):
            copy, chunk = divmod(number, len(chunks))
            entry = chunks[chunk]
            entry = re.sub(r"^(@\w+\{)([^,]+),", rf"\g<1>\g<2>-{copy},", entry, count=1)
            entry = re.sub(r"(?mi)^(\s*title\s*=\s*\{)", rf"\g<1>Part {copy}: ", entry, count=1)
            entry = re.sub(r"(?mi)^(\s*doi\s*=\s*\{[^}]*)\}", rf"\g<1>.{copy}}}", entry, count=1)
            out.write(entry)
    return target


@contextmanager
def work_folders(kept: Path | None) -> Iterator[tuple[Path, Path] | None]:
    """``(work, scratch)``: the corpus folder (``kept`` if given, else temporary) and a temporary
    folder; None, with a note, when ../shared/bench is not beside the checkout."""
    if not MAKE_CORPUS.is_file():
        print(f"skipped: {MAKE_CORPUS} is not there (../shared beside the checkout)")
        yield None
        return
    with tempfile.TemporaryDirectory() as scratch:
        work = kept or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        yield work, Path(scratch)
