"""Readers and writers of bibliographic file formats, looked up by name.

Only CSL-JSON exists so far; each further format is one small module here.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from citekit.errors import InputFileNotFoundError, NotUtf8Error, OutputFileError
from citekit.formats.csl_json import read_csl_json, write_csl_json
from citekit.model import Record

WRITERS: dict[str, Callable[[Iterable[Record]], str]] = {"csl-json": write_csl_json}


def read_text(path: str) -> tuple[str, str]:
    """The UTF-8 text of a file (a BOM is dropped), or of stdin for ``-``, and its name."""
    if path == "-":
        data, name = sys.stdin.buffer.read(), "<stdin>"
    else:
        try:
            with open(path, "rb") as file:
                data, name = file.read(), path
        except OSError as error:
            raise InputFileNotFoundError(f"{path}: {error.strerror}") from None
    try:
        return data.decode("utf-8-sig"), name
    except UnicodeDecodeError as error:
        raise NotUtf8Error(f"{name}: not UTF-8 text (bad byte at offset {error.start})") from None


def write_text(path: Path, text: str) -> None:
    """Replace ``path`` with UTF-8 ``text`` whole: readers never see half a file."""
    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise OutputFileError(f"cannot write {path}: {error.strerror or error}") from None


__all__ = ["WRITERS", "read_csl_json", "read_text", "write_csl_json", "write_text"]
