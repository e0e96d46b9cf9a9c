"""Lazily compiled regular expressions act as compiled ones."""

from __future__ import annotations

import re

from citekit.patterns import lazy_compile


def test_a_lazy_pattern_compiles_when_first_used_then_acts_as_the_compiled_pattern():
    pattern = lazy_compile(r"(\d+)\s*-\s*(\d+)", re.ASCII)
    assert "sub" not in vars(pattern)  # nothing compiled yet
    assert pattern.sub(r"\1–\2", "pp. 7 - 36") == "pp. 7–36"
    assert "sub" in vars(pattern)  # from now on the compiled pattern's own methods
    assert pattern.fullmatch("7-36").groups() == ("7", "36")  # type: ignore[union-attr]
    assert [match.group(2) for match in pattern.finditer("1-2, 3-4")] == ["2", "4"]
    assert (pattern.pattern, pattern.groups, pattern.flags) == (r"(\d+)\s*-\s*(\d+)", 2, re.ASCII)
    assert pattern.search("no range") is None
