"""Hostile input (issue 6, fuzzing every reader): any bytes in, records or a citekit error out.

Each property has a test here that fails when it breaks:

- a hypothesis property per target of ``benchmarks/fuzz.py`` (every reader of
  ``citekit.formats.FORMATS``, BibTeX read entry by entry, ``read_paper`` for Markdown and
  LaTeX, a ``.csl`` file loaded and rendered): arbitrary bytes, text of the format's own
  tokens and mutants of the corpus give a result or a :class:`CitekitError`, each within the
  example deadline, never another exception;
- the corpus of nasty files in ``tests/data/hostile`` and large inputs made here, each read
  in a process of its own with a time limit and an address-space cap: the exact outcome,
  and a bounded peak of memory;
- the same files through the CLI (``import``, ``cite --style``, ``bib``) as a process: the
  documented exit code, the exact error line, no traceback, and a library left exactly as it
  was when an import fails.

``python benchmarks/fuzz.py`` runs a longer, coverage-guided campaign over the same targets.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekit import resolve_style
from citekit.errors import CitekitError
from citekit.keys import letter_suffix

resource = pytest.importorskip("resource", reason="time and memory limits of processes are POSIX's")
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
TIMEOUT = 30  # seconds for any one process: a hang fails the test instead of stalling the run
ADDRESS_SPACE = 2 << 30  # bytes a process may map: a blow-up is a MemoryError, not a swapping machine
PEAK_MEMORY_KB = 512 << 10  # what reading any one case may hold at its peak
TITLE = "Soviet Armed Forces in Lithuania in 1939–1941\n"  # the default article, as a style renders it


def _load_fuzz() -> ModuleType:
    """benchmarks/fuzz.py, which is a script rather than part of the package."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz.py"
    spec = importlib.util.spec_from_file_location("fuzz", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()
Target = Callable[[bytes], object]


# ---- the property, by hypothesis -------------------------------------------------------------------

@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Target]:
    """Every target, each run once on its first seed: what loads on first use is not in a deadline."""
    found = fuzz.targets(tmp_path_factory.mktemp("fuzz"))
    for name, target in found.items():
        _result_or_citekit_error(target, fuzz.seeds(name, random.Random(0))[0])
    return found


def _result_or_citekit_error(target: Target, data: bytes) -> None:
    """Read ``data``: a CitekitError is a fine outcome, any other exception fails the test."""
    try:
        target(data)
    except CitekitError:
        pass


def _tokens(name: str) -> st.SearchStrategy[bytes]:
    """Text of the target's tokens, with a little of anything between them, in UTF-8 or UTF-16."""
    text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=3)
    tokens = st.lists(st.one_of(st.sampled_from(fuzz.TOKENS[name]), text), max_size=60).map("".join)
    return st.tuples(tokens, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])).map(
        lambda pair: pair[0].encode(pair[1]))


def _mutants(name: str) -> st.SearchStrategy[bytes]:
    """Mutants of the target's seeds, and inputs built by its grammar (styles, CSL-JSON and CSL-YAML
    documents), by the fuzz campaign's generator seeded by hypothesis."""
    seeds = fuzz.seeds(name, random.Random(0))

    def made(rng: random.Random) -> bytes:
        built = fuzz.generated(name, rng) if rng.random() < 0.5 else None
        return built if built is not None else fuzz.mutate(rng.choice(seeds), name, seeds, rng)

    return st.integers(0, 2**32).map(random.Random).map(made)


# Inputs, with examples of each per target: any bytes, the format's tokens, mutants of the corpus. The
# slow targets get a third: a style is loaded and rendered, YAML (a paper's front matter too) read in Python.
INPUTS = {"bytes": (lambda name: st.binary(max_size=2048), 200),
          "tokens": (_tokens, 400),
          "mutants": (_mutants, 400)}
SLOW = {"csl", "csl-yaml", "bibtex-stream", "markdown"}


@pytest.mark.parametrize("kind", INPUTS)
@pytest.mark.parametrize("name", fuzz.TARGET_NAMES)
def test_any_input_gives_a_result_or_a_citekit_error(name: str, kind: str, targets: dict[str, Target]):
    strategy, examples = INPUTS[kind]

    @settings(max_examples=examples // 3 if name in SLOW else examples, derandomize=True, database=None,
              deadline=2000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=strategy(name))
    def read(data: bytes) -> None:
        _result_or_citekit_error(targets[name], data)

    read()


# ---- the corpus, read in a process of its own --------------------------------------------------------

# Reads each file named on its command line as citekit would and prints, as JSON, what came of
# it, then the peak of its memory. An exception other than CitekitError ends it with a traceback.
READ = r"""
import json, resource, sys
from pathlib import Path
import citekit
from citekit.errors import CitekitError
from citekit.formats import read_text
from citekit.seed import default_records


def outcome(path):
    try:
        if path.suffix == ".csl":
            return {"rendered": citekit.render_bibliography(default_records(), citekit.load_style(str(path)))}
        if path.suffix in (".md", ".tex"):
            return {"cited": citekit.read_paper(read_text(str(path))[0], path.name).keys()}
        diagnostics = citekit.Diagnostics(strict=False)
        records = citekit.read_records(str(path), diagnostics=diagnostics)
        return {"keys": [record.key for record in records], "skipped": len(diagnostics.skipped)}
    except CitekitError as error:
        return {"error": type(error).__name__, "message": str(error)}


print(json.dumps({name: outcome(Path(name)) for name in sys.argv[1:]}))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


class StartsWith(str):
    """A message whose start is citekit's and whose end is libxml2's, which differs between versions."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and other.startswith(self)

    __hash__ = str.__hash__


def error(kind: str, message: str) -> dict[str, str]:
    return {"error": kind, "message": message}


def records(*keys: str, skipped: int = 0) -> dict[str, object]:
    return {"keys": list(keys), "skipped": skipped}


CORPUS = {
    "alias-loop.yaml": error("MalformedFileError",
                             "alias-loop.yaml:3:11: an alias inside the value it names"),
    "bad-attribute.csl": error("InvalidStyleError",
                               StartsWith("bad-attribute.csl:4: Invalid attribute text-case")),
    "billion-laughs.csl": error("InvalidStyleError", StartsWith("billion-laughs.csl:")),
    "billion-laughs.yaml": error("MalformedFileError",
                                 "billion-laughs.yaml:8:9: aliases add more than 100,000 values"),
    "deep-field.json": records("flat", skipped=1),
    "deep-front-matter.md": error("MalformedFileError",
                                  "deep-front-matter.md:2:1: invalid YAML front matter: nested too deeply"),
    "external-entity-attribute.csl": error("InvalidStyleError",
                                           StartsWith("external-entity-attribute.csl:7:")),
    "external-entity.csl": {"rendered": TITLE},  # &xxe; (file:///etc/passwd) is left unread
    "invalid-utf8.bib": error("NotUtf8Error", "invalid-utf8.bib: not UTF-8 text (bad byte at offset 33)"),
    "marked-sections.html": records("jones2019marked"),
    "network-dtd.csl": {"rendered": TITLE},
    "no-er.ris": records("2020first", "2019second"),
    "nul-bytes.bib": records("nul2020"),
    "open-arguments.tex": {"cited": []},
    "recursive-macro.csl": error(
        "InvalidStyleError", "recursive-macro.csl: macro 'a' calls itself, directly or through other macros"),
    "truncated.bib": records("smith2020", skipped=1),
    "truncated.csl": error("InvalidStyleError", StartsWith("truncated.csl:5:")),
    "truncated.enw": records("smith20cut"),
    "truncated.html": records("smithpage"),
    "truncated.json": error("MalformedFileError", "truncated.json:1:61: Unterminated string starting at"),
    "truncated.ris": records("smithcut"),
    "truncated.yaml": error("MalformedFileError", "truncated.yaml:5:1: found unexpected end of stream"),
    "unbalanced-braces.bib": records("a", skipped=1),
    "unclosed-cite.tex": error("MalformedFileError", "unclosed-cite.tex:3:29: \\cite{ is not closed"),
    "unclosed.md": {"cited": ["smith2020", "jones2019"]},
    "unicode-digits.bib": records("digits", "more"),  # '²' and '⓿' are digits to isdigit, not to int
    "unicode-digits.ris": records("superscript"),
    "utf16be-bom.enw": records("jones2019big"),
    "utf16le-bom-odd-length.ris": error(
        "NotUtf8Error", "utf16le-bom-odd-length.ris: not UTF-16 text (bad byte at offset 150)"),
    "utf16le-bom.ris": records("smith2020windows"),
}

MB = 1 << 20
# Large inputs, made at test time: file, text, what reading it gives. Read and through the CLI.
LARGE = [
    ("big-field.bib", "@article{big,\n  title = {" + "x" * (10 * MB) + "},\n  year = 2020\n}\n",
     records("big")),
    ("big-value.ris", "TY  - JOUR\nTI  - A long abstract\nAB  - " + "y" * (10 * MB) + "\nER  - \n",
     records("long")),
    ("nested-braces.bib", "@article{deep,\n  title = " + "{" * 100_000 + "x" + "}" * 100_000 + "\n}\n",
     error("MalformedFileError", "nested-braces.bib:2:113: too many nested braces")),
    ("nested-array.json", "[" * 50_000 + "]" * 50_000,
     error("MalformedFileError", "nested-array.json:1:65: nested more than 64 levels deep")),
    ("nested-flow.yaml", "[" * 50_000 + "]" * 50_000,  # where the stack runs out depends on the caller
     error("MalformedFileError", StartsWith("nested-flow.yaml:1:"))),
    ("million-ats.md", "Cites [@smith2020].\n\n" + "a@b.org @ -@ x@y zz\n" * 250_000 + "\nAnd @jones2019.\n",
     {"cited": ["smith2020", "jones2019"]}),
]
# Inputs on which a reader took quadratic time (minutes to hours) before it was fixed. Read only.
WERE_QUADRATIC = [
    # each key made tried every suffix from 'a'
    ("same-key.ris", "TY  - JOUR\nTI  - a\nER  - \n" * 20_000,
     records("ref", *(f"ref{letter_suffix(index)}" for index in range(19_999)))),
    # each line that continues a value was joined to all the lines before it
    ("wrapped-value.ris", "TY  - JOUR\nTI  - start\n" + "more words\n" * 1_000_000 + "ER  - \n",
     records("start")),
    # each bracket, comment or optional argument was read on to the end of its paragraph or the text
    ("open-brackets.md", "[" * 200_000 + "\n\n[@smith2020]\n", {"cited": ["smith2020"]}),
    ("unclosed-comments.md", "<!-- " * 200_000 + "\n\n[@smith2020]\n", {"cited": ["smith2020"]}),
    ("open-arguments.tex", "\\cite[" * 100_000 + "\n\\cite{smith2020}\n", {"cited": ["smith2020"]}),
    # the standard library's HTMLParser.close read on from each tag left open
    ("open-tags.html", '<html><meta name="citation_title" content="Tags left open">' + "<a " * 200_000,
     records("tags")),
]


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def read_in_process(folder: Path, *names: str) -> tuple[dict[str, object], int]:
    """What citekit makes of each file, read in a process with a time limit, and the process's peak (KB)."""
    finished = subprocess.run([sys.executable, "-c", READ, *names], cwd=folder, capture_output=True,
                              encoding="utf-8", timeout=TIMEOUT, preexec_fn=_cap_memory,
                              env={**os.environ, "PYTHONUTF8": "1"})
    assert finished.returncode == 0, finished.stderr
    outcomes, peak = finished.stdout.splitlines()
    return json.loads(outcomes), int(peak)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the large inputs."""
    folder = tmp_path_factory.mktemp("large")
    for name, text, _ in LARGE + WERE_QUADRATIC:
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_every_corpus_file_has_its_outcome_written_here():
    assert sorted(path.name for path in HOSTILE.iterdir()) == sorted(CORPUS)


def test_the_corpus_gives_records_or_citekit_errors():
    outcomes, peak = read_in_process(HOSTILE, *CORPUS)
    assert outcomes == CORPUS
    assert peak < PEAK_MEMORY_KB


@pytest.mark.parametrize(("name", "expected"), [case[::2] for case in LARGE + WERE_QUADRATIC],
                         ids=[case[0] for case in LARGE + WERE_QUADRATIC])
def test_large_inputs_give_records_or_citekit_errors_in_bounded_time_and_memory(
        large: Path, name: str, expected: dict[str, object]):
    outcomes, peak = read_in_process(large, name)
    assert outcomes == {name: expected}
    assert peak < PEAK_MEMORY_KB


# ---- the corpus, through the CLI -----------------------------------------------------------------------

def citekit(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI as a process in ``folder``, with the test's own library and user folders (conftest)."""
    finished = subprocess.run([sys.executable, "-m", "citekit", *args], cwd=folder, capture_output=True,
                              encoding="utf-8", timeout=TIMEOUT, preexec_fn=_cap_memory,
                              env={**os.environ, "PYTHONUTF8": "1"})
    assert "Traceback" not in finished.stderr
    return finished


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("citekit: error: ")]


def library(folder: Path) -> list[dict[str, object]]:
    listed = citekit(folder, "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


def command(name: str) -> list[str]:
    """The command that reads the file: a style cites, a paper gets its bibliography, a file is imported."""
    if name.endswith(".csl"):
        return ["cite", "--style", name]
    if name.endswith((".md", ".tex")):
        return ["bib", name]
    return ["import", name, "--format", "json", "--on-duplicate", "keep-both"]


# The error line of `bib` for a paper whose keys are not in the library: the first key and where it is.
MISSING = {
    "unclosed.md": "unclosed.md:1:11: key 'smith2020' is not in the library",
    "million-ats.md": "million-ats.md:1:8: key 'smith2020' is not in the library",
}


def check_cli(folder: Path, name: str, expected: dict[str, object]) -> None:
    """The CLI on the file: its exit code, its error line, its output; a failed import changes nothing."""
    before = library(folder) if "error" in expected else []
    finished = citekit(folder, *command(name))
    if "error" in expected:
        assert finished.returncode == 3
        line = f"citekit: error: {str(expected['message']).splitlines()[0]}"
        assert error_lines(finished.stderr) == [
            StartsWith(line) if isinstance(expected["message"], StartsWith) else line]
        assert library(folder) == before
    elif "keys" in expected:
        assert finished.returncode == 0, finished.stderr
        assert [added["key"] for added in json.loads(finished.stdout)["added"]] == expected["keys"]
    elif "rendered" in expected:
        assert (finished.returncode, finished.stdout) == (0, expected["rendered"])
    elif expected["cited"]:  # none of the paper's keys is in the library
        assert finished.returncode == 4
        assert error_lines(finished.stderr)[0] == f"citekit: error: {MISSING[name]}"
    else:
        assert (finished.returncode, finished.stdout, finished.stderr) == (0, "", "")


@pytest.mark.parametrize(("name", "expected"), CORPUS.items(), ids=list(CORPUS))
def test_the_cli_on_the_corpus(name: str, expected: dict[str, object]):
    check_cli(HOSTILE, name, expected)


@pytest.mark.parametrize(("name", "expected"), [case[::2] for case in LARGE], ids=[case[0] for case in LARGE])
def test_the_cli_on_large_inputs(large: Path, name: str, expected: dict[str, object]):
    check_cli(large, name, expected)


@pytest.mark.parametrize("name", [name for name, expected in CORPUS.items() if expected.get("skipped")])
def test_a_strict_import_of_a_file_with_unreadable_entries_leaves_the_library_as_it_was(name: str):
    before = library(HOSTILE)
    finished = citekit(HOSTILE, "import", "--strict", name)
    assert finished.returncode == 3
    assert error_lines(finished.stderr) == [
        "citekit: error: 1 entries could not be read; nothing was imported (--strict)"]
    assert library(HOSTILE) == before


def test_an_external_entity_in_a_style_is_not_read():
    assert resolve_style(str(HOSTILE / "external-entity.csl")).title == "Leak:"  # <title>Leak: &xxe;</title>
    finished = citekit(HOSTILE, "cite", "--style", "external-entity.csl", "--mode", "citation")
    assert (finished.returncode, finished.stdout, finished.stderr) == (0, TITLE, "")
