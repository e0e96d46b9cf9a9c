"""Every failure citekit reports, one class each, with the exit code it maps to.

This module imports nothing from citekit, so every layer can raise these.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The process exit codes of the ``citekit`` command (documented in the README)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    BAD_INPUT = 3
    NOT_FOUND = 4
    STORE_ERROR = 5
    INTERRUPTED = 130


class CitekitError(Exception):
    """Base of every error citekit reports to a user; ``str(error)`` is the message."""

    exit_code: ExitCode = ExitCode.ERROR


class BadInputError(CitekitError):
    """Input that cannot be read: malformed files, invalid records or field values."""

    exit_code = ExitCode.BAD_INPUT


class MalformedFileError(BadInputError):
    """A file that does not parse; the message names the file, line and column."""

    def __init__(self, source: str, line: int, column: int, reason: str) -> None:
        super().__init__(f"{source}:{line}:{column}: {reason}")
        self.source, self.line, self.column, self.reason = source, line, column, reason


class NotUtf8Error(BadInputError):
    """A text file that is not valid UTF-8; names the file and the byte offset."""


class UnreadableEntryError(BadInputError):
    """One entry of a file that cannot be read (the rest of the file can); names file and line."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where, self.reason = where, reason


class InvalidRecordError(BadInputError):
    """A record whose content breaks the CSL-JSON rules; names the record and field."""

    def __init__(self, where: str, field: str | None, reason: str) -> None:
        location = f"{where}, field '{field}'" if field else where
        super().__init__(f"{location}: {reason}")
        self.where, self.field, self.reason = where, field, reason


class UnknownFormatError(CitekitError):
    """A file format that citekit does not know, or a file whose format cannot be told."""

    exit_code = ExitCode.USAGE


class EntriesSkippedError(BadInputError):
    """Under ``--strict``, an input with entries that could not be read: nothing is imported."""


class OutputFileError(CitekitError):
    """An output file that cannot be written; the file is left as it was."""


class InvalidStyleError(BadInputError):
    """A CSL style file that is not well-formed CSL."""


class NotFoundError(CitekitError):
    """Something named by the user does not exist."""

    exit_code = ExitCode.NOT_FOUND


class InputFileNotFoundError(NotFoundError):
    """An input file that does not exist or cannot be read."""


class RecordNotFoundError(NotFoundError):
    """One or more citation keys are not in the library."""

    def __init__(self, keys: list[str], where: str) -> None:
        noun = "key" if len(keys) == 1 else "keys"
        super().__init__(f"{noun} not in {where}: {', '.join(keys)}")
        self.keys = keys


class StyleNotFoundError(NotFoundError):
    """A style name, alias or path that resolves to no CSL style."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        message = f"unknown style '{name}'"
        if suggestions:
            message += f"; did you mean: {', '.join(suggestions)}?"
        super().__init__(message)
        self.name, self.suggestions = name, suggestions


class LocaleNotFoundError(NotFoundError):
    """A locale code for which no CSL locale file exists."""


class DuplicateKeyError(CitekitError):
    """Adding records whose keys are already in the library (without ``replace``)."""

    def __init__(self, keys: list[str]) -> None:
        noun = "key is" if len(keys) == 1 else "keys are"
        super().__init__(
            f"{noun} already in the library: {', '.join(keys)} (use --replace to overwrite)"
        )
        self.keys = keys


class StoreError(CitekitError):
    """The library file cannot be created, opened, read or written."""

    exit_code = ExitCode.STORE_ERROR
