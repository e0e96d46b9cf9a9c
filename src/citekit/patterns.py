"""Regular expressions compiled on first use.

A module-level ``re.compile`` runs on every start-up, and citekit's modules hold some fifty
patterns, most of which a given call never needs (one citation uses about a dozen):
compiling them all costs a short command a noticeable part of its time.
"""

from __future__ import annotations

import re
from typing import Any, cast

# What a compiled pattern is used through; once compiled, these are set on the lazy pattern
# itself, so later calls cost what a compiled pattern's do.
_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class _LazyPattern:
    def __init__(self, pattern: str, flags: int) -> None:
        self._arguments = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only called for what is not set yet
        compiled = re.compile(*self._arguments)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return cast(re.Pattern[str], _LazyPattern(pattern, flags))
