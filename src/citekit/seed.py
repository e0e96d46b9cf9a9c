"""The records every new library starts with, shipped in ``data/`` inside the package."""

from __future__ import annotations

from importlib import resources

from citekit.formats.csl_json import read_csl_json
from citekit.model import Record

DEFAULT_ARTICLE = "miknevicius2021soviet.json"


def default_records() -> list[Record]:
    """The default article (Miknevičius 2021), read from the package data."""
    text = resources.files("citekit.data").joinpath(DEFAULT_ARTICLE).read_text(encoding="utf-8")
    return read_csl_json(text, DEFAULT_ARTICLE)
