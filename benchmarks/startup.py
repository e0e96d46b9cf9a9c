"""Start-up cost: what importing citekit's command line loads, and how long short commands take as
whole processes. From the project root::

    python benchmarks/startup.py [--repeat 10] [--top 15] [--instructions]

Prints the median ``python -X importtime`` total of ``import citekit.cli`` with the modules that
cost most (cumulative), then the median wall time of ``python -c pass``, ``citekit --version``,
``citekit cite --style apa`` on a new default library and the bare citeproc-py script doing the
same (issue 7: citekit ≤ 1.5× it). citekit runs with the parsed style already cached (a first call
puts it there); the first call of a style, which parses it, is timed on its own. With
``--instructions`` (needs valgrind), the instructions each of the last three executes, counted by
cachegrind: the same on a busy machine as on a quiet one.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import CITEPROC_PY, compare, run_once

from citekit.csl.styles import resolve_style

IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")
INSTRUCTIONS = re.compile(r"I\s+refs:\s+([\d,]+)")


def import_times(repeat: int) -> tuple[float, list[tuple[int, str]]]:
    """The median total of ``import citekit.cli`` in ms, and the costliest modules of the last run."""
    totals, modules = [], []
    for _ in range(repeat):
        report = subprocess.run([sys.executable, "-X", "importtime", "-c", "import citekit.cli"],
                                capture_output=True, text=True, check=True).stderr
        modules = [(int(match.group(2)), match.group(4)) for match in IMPORT_LINE.finditer(report)]
        totals.append(next(total for total, name in modules if name == "citekit.cli") / 1000)
    return statistics.median(totals), sorted(modules, reverse=True)


def instructions(command: list[str], env: dict[str, str]) -> int:
    """Instructions one run of ``command`` executes (valgrind's cachegrind, no cache simulation)."""
    valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    report = subprocess.run([*valgrind, *command], env=env, capture_output=True, text=True, check=True).stderr
    found = INSTRUCTIONS.search(report)
    if found is None:
        raise RuntimeError(f"no instruction count from valgrind:\n{report}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--instructions", action="store_true", help="Also count instructions (valgrind).")
    args = parser.parse_args()
    total, modules = import_times(args.repeat)
    print(f"import citekit.cli: {total:.1f} ms (median of {args.repeat})")
    for microseconds, name in modules[1:args.top + 1]:
        print(f"  {microseconds / 1000:7.1f} ms  {name}")
    with tempfile.TemporaryDirectory() as scratch:
        cache = Path(scratch) / "cache"
        env = {**os.environ, "CITEKIT_LIBRARY": str(Path(scratch) / "library.sqlite"),
               "XDG_CACHE_HOME": str(cache)}
        citekit = [shutil.which("citekit") or "citekit"]
        record = Path(scratch) / "record.json"
        subprocess.run([*citekit, "export", "--to", "csl-json", "-o", str(record)], env=env, check=True)
        first_calls = []
        for _ in range(args.repeat):
            shutil.rmtree(cache, ignore_errors=True)
            first_calls.append(run_once([*citekit, "cite", "--style", "apa"], env)[0])
        print(f"{'first call of a style':26} {statistics.median(first_calls):.3f} s "
              f"({min(first_calls):.3f}–{max(first_calls):.3f}), parsing APA and en-US into the cache")
        apa = str(resolve_style("apa").path)
        commands = {"python -c pass": [sys.executable, "-c", "pass"],
                    "citekit --version": [*citekit, "--version"],
                    "citekit cite --style apa": [*citekit, "cite", "--style", "apa"],
                    "citeproc-py script": [sys.executable, "-c", CITEPROC_PY, str(record), apa]}
        runs = compare({name: {"command": command, "env": env} for name, command in commands.items()},
                       args.repeat)
        for name, result in runs.items():
            print(f"{name:26} {result.describe()}")
        ratio = runs["citekit cite --style apa"].median / runs["citeproc-py script"].median
        print(f"citekit / citeproc-py script: {ratio:.2f}× wall   (target ≤ 1.5×)")
        if args.instructions:
            if not shutil.which("valgrind"):
                print("instructions: valgrind is not installed (skipped)")
                return 0
            counted = {name: instructions(commands[name], env)
                       for name in ("python -c pass", "citekit cite --style apa", "citeproc-py script")}
            for name, count in counted.items():
                print(f"{name:26} {count / 1e6:8.1f} M instructions")
            ratio = counted["citekit cite --style apa"] / counted["citeproc-py script"]
            print(f"citekit / citeproc-py script: {ratio:.2f}× instructions   (target ≤ 1.5×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
