"""Real clients read citekit's exports: biber (BibLaTeX). They run where installed and skip elsewhere."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from citekit.formats.bibtex import write_biblatex
from citekit.model import Diagnostics, record_from_csl_json
from citekit.seed import default_records

needs_biber = pytest.mark.skipif(shutil.which("biber") is None,
                                 reason="biber is not installed (Debian package biber)")


def biber_messages(tmp_path: Path, text: str) -> list[str]:
    """The WARN and ERROR lines of ``biber --tool --validate-datamodel`` on a BibLaTeX file."""
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    # Run inside the folder: biber writes its log and output beside the file it reads.
    run = subprocess.run(["biber", "--tool", "--validate-datamodel", bib.name], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    return [line for line in run.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]


@needs_biber
def test_biber_validates_the_default_article(tmp_path: Path):
    assert biber_messages(tmp_path, write_biblatex(default_records())) == []


@needs_biber
def test_biber_reads_the_oracle_corpus_without_errors(tmp_path: Path, shared: Path):
    items = json.loads((shared / "oracle" / "corpus.json").read_text(encoding="utf-8"))
    records = [record_from_csl_json(item, "corpus.json", Diagnostics()) for item in items]
    messages = biber_messages(tmp_path, write_biblatex(records))
    # The data model's remaining remarks are about the records (an edited book has no author,
    # a report no type), not about the file: none is an error.
    assert not [message for message in messages if message.startswith("ERROR")]
