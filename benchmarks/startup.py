"""Start-up cost: what importing citekit's command line loads, and how long short commands take as
whole processes. From the project root::

    python benchmarks/startup.py [--repeat 10] [--top 15]

Prints the median ``python -X importtime`` total of ``import citekit.cli`` with the modules that
cost most (cumulative), then the median wall time of ``python -c pass``, ``citekit --version``
and ``citekit cite --style apa`` on a new default library.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import compare

IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def import_times(repeat: int) -> tuple[float, list[tuple[int, str]]]:
    """The median total of ``import citekit.cli`` in ms, and the costliest modules of the last run."""
    totals, modules = [], []
    for _ in range(repeat):
        report = subprocess.run([sys.executable, "-X", "importtime", "-c", "import citekit.cli"],
                                capture_output=True, text=True, check=True).stderr
        modules = [(int(match.group(2)), match.group(4)) for match in IMPORT_LINE.finditer(report)]
        totals.append(next(total for total, name in modules if name == "citekit.cli") / 1000)
    return statistics.median(totals), sorted(modules, reverse=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    total, modules = import_times(args.repeat)
    print(f"import citekit.cli: {total:.1f} ms (median of {args.repeat})")
    for microseconds, name in modules[1:args.top + 1]:
        print(f"  {microseconds / 1000:7.1f} ms  {name}")
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "CITEKIT_LIBRARY": str(Path(scratch) / "library.sqlite")}
        citekit = [sys.executable, "-m", "citekit"]
        subprocess.run([*citekit, "list"], env=env, check=True, stdout=subprocess.DEVNULL)
        commands = {"python -c pass": {"command": [sys.executable, "-c", "pass"]},
                    "citekit --version": {"command": [*citekit, "--version"], "env": env},
                    "citekit cite --style apa": {"command": [*citekit, "cite", "--style", "apa"], "env": env}}
        runs = compare(commands, args.repeat)
    for name, result in runs.items():
        print(f"{name:26} {result.describe()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
