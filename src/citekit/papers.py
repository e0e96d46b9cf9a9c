"""The citations in a paper: pandoc Markdown (``[see @doe99, p. 33]``, ``@doe99``) or LaTeX (``\\cite``).

:func:`read_paper` finds every citation with the line and column of each key,
so that ``citekit bib PAPER`` can print the bibliography of the works a paper
cites, name the keys that are not in the library, and render the in-text
citations in order. Cite items are in CSL-JSON's vocabulary, as
:mod:`citekit.clusters` makes them.

Text that is not prose is skipped: in Markdown, code, HTML comments, autolinks
and the YAML front matter (except its ``nocite`` field); in LaTeX, comments,
``\\verb`` and the verbatim-like environments. Skipped text is blanked out
rather than cut, so offsets keep pointing at the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import yaml

from citekit.clusters import CITE_KEY, ClusterSyntaxError, locate_cites, parse_locator
from citekit.errors import MalformedFileError, UnknownFormatError

# A cite item and the offset of its key in the paper's text.
_Located = tuple[dict[str, Any], int]


@dataclass(frozen=True)
class CitedKey:
    """Where a key is cited."""

    key: str
    line: int    # 1-based line of the '@' / of the key inside \cite{...}
    column: int  # 1-based column of the key's first character (for @key: of the '@')


@dataclass(frozen=True)
class Citation:
    """One citation as it stands in the text: a pandoc cluster or one \\cite-like command.

    ``mode`` is ``normal`` (``[@a; @b]``, ``\\cite``, ``\\parencite``, ...),
    ``author-in-text`` (``@a``, ``\\textcite``, ``\\citet``, ...; when pandoc's
    ``@a [@b]`` gives it more cites, the first is the one in the text) or
    ``nocite`` (``\\nocite``, pandoc's ``nocite:``): in the bibliography only.
    A bare ``-@a`` is ``normal`` with its author suppressed.
    """

    cites: list[dict[str, Any]]  # cite items as clusters.parse_cluster makes them
    keys: list[CitedKey]         # the same cites' keys with their positions, in order
    mode: str


@dataclass(frozen=True)
class Paper:
    """The citations of one paper, in document order."""

    source: str  # the name used in messages (a path, or "<stdin>")
    kind: str    # "markdown" or "latex"
    citations: list[Citation]
    cites_everything: bool  # \nocite{*}, or pandoc's `nocite: '@*'`

    def keys(self) -> list[str]:
        """Every key cited (``nocite`` too), once each, in the order of first citation."""
        return list(dict.fromkeys(cited.key for citation in self.citations for cited in citation.keys))

    def occurrences(self, key: str) -> list[CitedKey]:
        """Where ``key`` is cited, in document order."""
        return [cited for citation in self.citations for cited in citation.keys if cited.key == key]


_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".rmd", ".qmd", ".txt"}
_LATEX_SUFFIXES = {".tex", ".ltx", ".latex"}
# The name of a cite command: \cite, \parencite, \Citet, ... but not \DeclareCiteCommand.
_CITE_NAME = r"(?:[A-Za-z]*cite[A-Za-z]*|Cite[A-Za-z]*)"
# What gives away a LaTeX paper whose name does not.
_LATEX_HINT = re.compile(rf"\\documentclass|\\begin\s*\{{document\}}|\\{_CITE_NAME}\*?\s*[\[{{(]")


def read_paper(text: str, source: str, kind: str | None = None) -> Paper:
    """The citations in ``text``, a ``markdown`` or ``latex`` paper named ``source`` in messages.

    ``kind`` None: by the suffix of ``source`` (``.md``, ``.qmd``, ... or ``.tex``, ...), else
    by content (a ``\\documentclass``, ``\\begin{document}`` or ``\\cite``-like command is
    LaTeX). Raises :class:`MalformedFileError` for invalid YAML front matter or an unclosed
    ``\\cite{``.
    """
    kind = kind or _kind_of(source, text)
    if kind == "markdown":
        citations, everything = _read_markdown(text, source)
    elif kind == "latex":
        citations, everything = _read_latex(text, source)
    else:
        raise UnknownFormatError(f"unknown kind of paper {kind!r}: use markdown or latex")
    return Paper(source, kind, citations, everything)


def _kind_of(source: str, text: str) -> str:
    suffix = PurePath(source).suffix.lower()
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in _LATEX_SUFFIXES or _LATEX_HINT.search(text):
        return "latex"
    return "markdown"


class _Positions:
    """Line and column numbers (1-based) of offsets in a text."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def line_column(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def citation(self, located: list[_Located], mode: str) -> Citation:
        keys = [CitedKey(str(cite["id"]), *self.line_column(offset)) for cite, offset in located]
        return Citation([cite for cite, _ in located], keys, mode)


def _blank_out(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the (ordered, disjoint) spans turned to spaces, keeping newlines and offsets."""
    parts, position = [], 0
    for start, end in spans:
        parts += [text[position:start], re.sub(r"[^\n]", " ", text[start:end])]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _note(text: str) -> dict[str, str]:
    """A note after a key: a locator (``p. 33``), else a suffix.

    The suffix starts with a comma unless it starts with punctuation, as pandoc and
    biblatex print it (``Doe (1999, and elsewhere)``).
    """
    text = text.strip()
    if not text:
        return {}
    locator = parse_locator(text)
    if locator is not None:
        return locator
    return {"suffix": text if text[0] in ",.;:!?" else ", " + text}


# ---- Markdown ------------------------------------------------------------------------------------

# YAML front matter: '---' on the first line (not followed by a blank line), up to '---' or '...'.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?![ \t]*\r?\n)(.*?)^(?:---|\.\.\.)[ \t]*\r?$", re.S | re.M)
# Text that holds no citations.
_MARKDOWN_SKIP = re.compile(
    r"^[ \t]*(?P<fence>`{3,}|~{3,})[^\n]*"   # the opening line of a fenced code block
    r"|(?<!\\)(?P<ticks>`+)"                 # inline code
    r"|<!--"                                 # an HTML comment
    r"|<[A-Za-z][A-Za-z0-9+.-]+:[^\s<>]*>",  # an autolink, <https://example.org/@user>
    re.M)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")  # brackets and code spans do not cross paragraphs
# Brackets within a bracket, at most: deeper, it is no citation (each level would be read again).
_MAX_NESTING = 16
# A bracket, or an '@' where CITE_KEY may match: not in jane@example.org, nor before a space.
_MARKDOWN_TOKEN = re.compile(r"(?<!\\)\[|(?<![^\W_]|\\)-?@(?=[\w{])")
# Between an in-text key and a bracket with its locator: spaces and at most one line break.
_BRACKET_AFTER = re.compile(r"[ \t]*(?:\n[ \t]*)?(?=\[)")


def _read_markdown(text: str, source: str) -> tuple[list[Citation], bool]:
    positions = _Positions(text)
    front = _FRONT_MATTER.match(text)
    found = _front_matter_nocite(front, positions, source) if front else None
    located, everything = found or ([], False)
    start = front.end() if front is not None and found is not None else 0  # the front matter is skipped
    masked = _blank_out(text, [(0, start), *_markdown_skips(text, start)])
    nocite = [positions.citation(located, "nocite")] if located else []
    return nocite + _markdown_citations(masked, positions), everything


def _front_matter_nocite(front: re.Match[str], positions: _Positions,
                         source: str) -> tuple[list[_Located], bool] | None:
    """The keys of the front matter's ``nocite`` field and whether it holds ``@*``.

    None when the block is not a YAML mapping, so not front matter but a rule and text.
    """
    body, body_start = front.group(1), front.start(1)
    if _flow_depth(body) > _MAX_FLOW_DEPTH:  # refused before PyYAML recurses into every level
        raise MalformedFileError(source, positions.line_column(body_start)[0], 1,
                                 "invalid YAML front matter: nested too deeply")
    try:
        root = yaml.compose(body, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = positions.line_column(body_start)[0] + (mark.line if mark else 0)
        problem = getattr(error, "problem", None) or str(error)
        raise MalformedFileError(source, line, mark.column + 1 if mark else 1,
                                 f"invalid YAML front matter: {problem}") from error
    except RecursionError:  # the composer recurses once per level
        raise MalformedFileError(source, positions.line_column(body_start)[0], 1,
                                 "invalid YAML front matter: nested too deeply") from None
    if root is not None and not isinstance(root, yaml.MappingNode):
        return None
    values = [value for name, value in (root.value if root else []) if name.value == "nocite"]
    located: list[_Located] = []
    everything = False
    for node in values:
        for scalar in node.value if isinstance(node, yaml.SequenceNode) else [node]:
            if isinstance(scalar, yaml.ScalarNode):
                everything |= "@*" in scalar.value
                located += _nocite_keys(scalar, body, body_start)
    return located, everything


_MAX_FLOW_DEPTH = 100  # no paper's front matter nests deeper


def _flow_depth(text: str) -> int:
    """How deep ``[`` and ``{`` nest in ``text`` (quotes not considered: an upper bound)."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _nocite_keys(scalar: yaml.ScalarNode, body: str, body_start: int) -> list[_Located]:
    """The keys in one ``nocite`` string, each at its ``@`` in the file.

    The string's keys are looked for in its source text in turn; one written there with
    escapes is placed at the start of the string.
    """
    start, end = scalar.start_mark.index, scalar.end_mark.index
    written = iter(CITE_KEY.finditer(body, start, end))
    located: list[_Located] = []
    for match in CITE_KEY.finditer(scalar.value):
        key = _key_of(match)
        there = next((found for found in written if _key_of(found) == key), None)
        offset = _at(there) if there else start
        located.append(({"id": key}, body_start + offset))
    return located


def _key_of(match: re.Match[str]) -> str:
    return match.group(2) or match.group(3)


def _at(match: re.Match[str]) -> int:
    """The offset of a key's '@' (after the '-' of ``-@key``)."""
    return match.start() + len(match.group(1))


def _markdown_skips(text: str, position: int) -> list[tuple[int, int]]:
    """The spans from ``position`` on that are code, HTML comments or autolinks."""
    spans = []
    runs, paragraphs = _backtick_runs(text), _Paragraphs(text)
    last_close = text.rfind("-->")  # a comment opened after it never closes: no search for one
    while (match := _MARKDOWN_SKIP.search(text, position)) is not None:
        end: int | None
        if match.group("fence"):
            end = _fence_end(text, match)
        elif match.group("ticks"):
            end = _code_span_end(match, runs, paragraphs)
        elif match.group() == "<!--":
            close = text.find("-->", match.end()) if last_close >= match.end() else -1
            end = close + 3 if close >= 0 else None
        else:
            end = match.end()
        if end is None:  # an unclosed code span or comment is plain text
            position = match.end()
            continue
        spans.append((match.start(), end))
        position = end
    return spans


def _fence_end(text: str, opening: re.Match[str]) -> int:
    """The end of a fenced code block: its closing fence, or the end of the text."""
    fence = opening.group("fence")
    closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.M)
    found = closing.search(text, opening.end())
    return found.end() if found else len(text)


def _backtick_runs(text: str) -> dict[int, list[int]]:
    """Where each run of backticks starts, by the run's length."""
    runs: dict[int, list[int]] = {}
    for run in re.finditer("`+", text):
        runs.setdefault(run.end() - run.start(), []).append(run.start())
    return runs


def _code_span_end(opening: re.Match[str], runs: dict[int, list[int]], paragraphs: _Paragraphs) -> int | None:
    """The end of the backtick run as long as the opening one in its paragraph, if any."""
    ticks = len(opening.group("ticks"))
    starts = runs.get(ticks, [])
    index = bisect_left(starts, opening.end())
    if index < len(starts) and starts[index] < paragraphs.end(opening.end()):
        return starts[index] + ticks
    return None


class _Paragraphs:
    """Where the paragraph of each offset of a text ends: at the next blank line, or the text's end."""

    def __init__(self, text: str) -> None:
        # No offset this is asked about is inside a blank line, so matches found in turn will do.
        self.ends = [match.start() for match in _BLANK_LINE.finditer(text)] + [len(text)]

    def end(self, offset: int) -> int:
        return self.ends[bisect_left(self.ends, offset)]


class _Brackets:
    """Where each bracket of a Markdown text closes within its paragraph, found in one pass per kind.

    Reading on from each bracket instead would be quadratic on text such as ``[[[[...``. A
    bracket holding brackets nested more than :data:`_MAX_NESTING` deep closes nowhere.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._paragraphs = _Paragraphs(text)
        self._ends: dict[str, dict[int, int]] = {}

    def closing(self, start: int, opening: str) -> int | None:
        """The offset just past the bracket that closes the ``opening`` one at ``start``, if any."""
        if opening not in self._ends:
            self._ends[opening] = self._pair(opening, {"[": "]", "(": ")"}[opening])
        return self._ends[opening].get(start)

    def _pair(self, opening: str, closing: str) -> dict[int, int]:
        # An escaped bracket does not count.
        token = re.compile(rf"\\.|[{re.escape(opening + closing)}]", re.S)
        ends: dict[int, int] = {}
        start = 0
        for end in self._paragraphs.ends:
            nested: list[list[int]] = []  # the open brackets: offset, depth of the brackets inside
            for match in token.finditer(self.text, start, end):
                if match.group() == opening:
                    nested.append([match.start(), 0])
                elif match.group() == closing and nested:
                    offset, depth = nested.pop()
                    if depth <= _MAX_NESTING:
                        ends[offset] = match.end()
                    if nested:
                        nested[-1][1] = max(nested[-1][1], depth + 1)
            start = end
        return ends


def _markdown_citations(text: str, positions: _Positions) -> list[Citation]:
    """The citations in Markdown whose skipped spans are blanked out, in order."""
    citations = []
    position = 0
    brackets = _Brackets(text)
    while (token := _MARKDOWN_TOKEN.search(text, position)) is not None:
        read = _bracketed if token.group() == "[" else _in_text
        found, position = read(brackets, token.start())
        if found is not None:
            located, mode = found
            citations.append(positions.citation(located, mode))
    return citations


def _bracketed(brackets: _Brackets, start: int) -> tuple[tuple[list[_Located], str] | None, int]:
    """The cluster opening at ``start``, if it is one, and where to read on."""
    text = brackets.text
    if text[start - 1:start] == "^":  # ^[an inline note]: its text may cite in-text
        return None, start + 1
    end = brackets.closing(start, "[")
    if end is None:
        return None, start + 1
    if text.startswith("(", end):  # [text](url), even [@key](url), is a link
        return None, brackets.closing(end, "(") or end
    try:
        located = [(cite, start + offset) for cite, offset in locate_cites(text[start:end])]
    except ClusterSyntaxError:
        located = []
    # [some text] is no cluster, nor is [text [@key] text], whose key is the inner bracket's:
    # both may still hold citations
    if not located or _in_inner_bracket(text, start, sorted(offset for _, offset in located)):
        return None, start + 1
    return (located, "normal"), end


def _in_inner_bracket(text: str, start: int, offsets: list[int]) -> bool:
    """Whether a key at one of ``offsets`` (in order) is in a bracket within the bracket at ``start``."""
    depth, position = 0, start + 1
    for offset in offsets:  # the brackets between keys counted once, not from the start for each key
        depth += text.count("[", position, offset) - text.count("]", position, offset)
        if depth > 0:
            return True
        position = offset
    return False


def _in_text(brackets: _Brackets, start: int) -> tuple[tuple[list[_Located], str] | None, int]:
    """The in-text citation ``@key`` (``-@key``) at ``start`` with its bracket, if any."""
    text = brackets.text
    match = CITE_KEY.match(text, start)
    if match is None:
        return None, start + 1
    cite: dict[str, Any] = {"id": _key_of(match)}
    if match.group(1):
        cite["suppress-author"] = True
    located: list[_Located] = [(cite, _at(match))]
    end = match.end()
    space = _BRACKET_AFTER.match(text, end)
    bracket = _bracket_after_key(brackets, space.end()) if space else None
    if bracket is not None:
        note, more, end = bracket
        cite.update(note)
        located += more
    return (located, "normal" if match.group(1) else "author-in-text"), end


def _bracket_after_key(brackets: _Brackets, start: int) -> tuple[dict[str, str], list[_Located], int] | None:
    """What the bracket at ``start`` adds to the in-text key before it, read as pandoc does.

    ``[p. 33]`` is the key's locator (or suffix); ``[@b; @c]`` and ``[p. 33; @b]`` add
    cites too. Returns the key's note, the added cites and where the bracket ends.
    """
    text = brackets.text
    end = brackets.closing(start, "[")
    if text.startswith("[^", start) or end is None or text[end:end + 1] in ("[", "("):
        return None
    try:
        return {}, [(cite, start + offset) for cite, offset in locate_cites(text[start:end])], end
    except ClusterSyntaxError:
        pass
    note, semicolon, rest = text[start + 1:end - 1].partition(";")
    if CITE_KEY.search(note):
        return None
    more: list[_Located] = []
    if semicolon:
        rest_start = start + len(note) + 1  # the offset of the ';', which stands for a '['
        try:
            more = [(cite, rest_start + offset) for cite, offset in locate_cites(f"[{rest}]")]
        except ClusterSyntaxError:
            return None
    return _note(note), more, end


# ---- LaTeX ---------------------------------------------------------------------------------------

# Text that holds no citations: \verb|...|, verbatim-like environments, comments. An escaped
# character (\%, \\) is matched only so that its backslash is not read again.
_LATEX_SKIP = re.compile(
    r"\\verb\*?(?P<delimiter>[^A-Za-z*\s])"
    r"|\\begin\s*\{(?P<environment>(?:verbatim|Verbatim|lstlisting|minted|comment)\*?)\}"
    r"|\\."
    r"|%", re.S)
_CITE_COMMAND = re.compile(rf"\\({_CITE_NAME})\*?")
# Commands with "cite" in their names that take no keys.
_NOT_CITES = {"citestyle", "setcitestyle", "citetext", "defcitealias"}
_IN_TEXT_COMMANDS = {"citet", "citealt", "citeauthor", "textcite", "textcites"}
_YEAR_COMMANDS = {"citeyear", "citeyearpar"}  # the year alone: the author is suppressed
_LATEX_KEY = re.compile(r"[^,\s](?:[^,]*[^,\s])?")
# LaTeX in notes that has a plain-text equivalent: ties, dashes, the section sign, spaces.
_LATEX_TEXT = {"~": " ", "--": "–", "---": "—", "\\S": "§", "\\,": " ", "\\ ": " "}
_LATEX_TEXT_PATTERN = re.compile(r"~|---|--|\\S(?![A-Za-z])|\\[, ]")

# The notes and the keys in one {...} group of a cite command, each key with its offset.
_Group = tuple[list[str], list[tuple[str, int]]]


def _read_latex(text: str, source: str) -> tuple[list[Citation], bool]:
    positions = _Positions(text)
    masked = _blank_out(text, _latex_skips(text))
    arguments = _Arguments(masked)
    citations, everything = [], False
    for command in _CITE_COMMAND.finditer(masked):
        name = command.group(1)
        if name in _NOT_CITES:
            continue
        notes, groups = _command_arguments(arguments, command, positions, source)
        keys = [key for _, group_keys in groups for key, _ in group_keys]
        everything |= "*" in keys  # \nocite{*}
        located = _latex_cites(name, notes, groups)
        if located:
            citations.append(positions.citation(located, _latex_mode(name)))
    return citations, everything


def _latex_skips(text: str) -> list[tuple[int, int]]:
    """The spans of comments, ``\\verb`` and verbatim-like environments."""
    spans = []
    position = 0
    while (match := _LATEX_SKIP.search(text, position)) is not None:
        if match.group("delimiter"):
            # up to the closing delimiter or the end of the line, whichever comes first
            found = re.compile(f"{re.escape(match.group('delimiter'))}|\n").search(text, match.end())
            end = len(text) if found is None else found.start() + (found.group() != "\n")
        elif match.group("environment"):
            closing = re.compile(rf"\\end\s*\{{{re.escape(match.group('environment'))}\}}")
            found = closing.search(text, match.end())
            end = found.end() if found else len(text)
        elif match.group() == "%":
            line_end = text.find("\n", match.start())
            end = len(text) if line_end < 0 else line_end
        else:
            position = match.end()
            continue
        spans.append((match.start(), end))
        position = end
    return spans


class _Arguments:
    """Where each argument of a LaTeX text that opens at ``[``, ``(`` or ``{`` ends, found in one pass.

    A ``{...}`` group ends past its matching brace; ``[...]`` and ``(...)`` past the first closing
    bracket outside braces, but not past the brace that closes the group they are in (TeX reads no
    argument across it). Reading on from each opening instead would be quadratic on text such as
    ``\\cite[\\cite[...``.
    """

    _TOKEN = re.compile(r"\\.|[{}\[\]()]", re.S)  # an escaped character (\{, \]) is no bracket

    def __init__(self, text: str) -> None:
        self.text = text
        self._ends: dict[int, int] = {}
        # The text's top level, then each open group: its brace and its open brackets by kind.
        groups: list[tuple[int, dict[str, list[int]]]] = [(-1, {"[": [], "(": []})]
        for token in self._TOKEN.finditer(text):
            char, offset = token.group(), token.start()
            if char == "{":
                groups.append((offset, {"[": [], "(": []}))
            elif char == "}" and len(groups) > 1:
                self._ends[groups.pop()[0]] = offset + 1
            elif char == "}":  # a stray one: what is open at the top level cannot reach past it
                groups[0][1]["["].clear()
                groups[0][1]["("].clear()
            elif char in ("[", "("):
                groups[-1][1][char].append(offset)
            elif char in ("]", ")"):
                opened = groups[-1][1]["[" if char == "]" else "("]
                self._ends.update((start, offset + 1) for start in opened)
                opened.clear()

    def end(self, start: int) -> int | None:
        """The offset past the end of the argument opening at ``start``, if it ends."""
        return self._ends.get(start)


def _command_arguments(arguments: _Arguments, command: re.Match[str], positions: _Positions,
                       source: str) -> tuple[list[str], list[_Group]]:
    """The arguments of a cite command: a multicite's (notes), then each [notes]{keys} group.

    A command with no ``{`` after it is no citation: no groups, nor is a group holding a brace a
    list of keys. Raises :class:`MalformedFileError` for a ``{`` that is never closed.
    """
    text = arguments.text
    multicite = command.group(1).lower().endswith(("cites", "citetexts"))
    notes, position = _optional_arguments(arguments, command.end(), "(") if multicite else ([], command.end())
    groups: list[_Group] = []
    while True:
        group_notes, after = _optional_arguments(arguments, position, "[")
        brace = _skip_space(text, after)
        if not text.startswith("{", brace):
            break
        end = arguments.end(brace)
        if end is None:
            line, column = positions.line_column(command.start())
            raise MalformedFileError(source, line, column, f"{command.group()}{{ is not closed")
        keys = _group_keys(text, brace + 1, end - 1)
        # a key with '#' is a macro's parameter: \newcommand{\mycite}[1]{\parencite{#1}}
        groups.append((group_notes, [(key, offset) for key, offset in keys if "#" not in key]))
        position = end
        if not multicite:
            break
    return notes, groups


def _group_keys(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """The keys between ``start`` and ``end`` with their offsets; none if a brace is there.

    No key holds a brace, and reading every group of ``\\cite{\\cite{\\cite{...}}}`` would be quadratic.
    """
    if text.find("{", start, end) >= 0:
        return []
    return [(key.group(), key.start()) for key in _LATEX_KEY.finditer(text, start, end)]


def _optional_arguments(arguments: _Arguments, position: int, opening: str) -> tuple[list[str], int]:
    """Up to two ``[...]`` (or ``(...)``) arguments at ``position``, and the offset past them."""
    text = arguments.text
    found: list[str] = []
    while len(found) < 2:
        start = _skip_space(text, position)
        end = arguments.end(start) if text.startswith(opening, start) else None
        if end is None:
            break
        found.append(text[start + 1:end - 1])
        position = end
    return found, position


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _latex_cites(name: str, notes: list[str], groups: list[_Group]) -> list[_Located]:
    """The cite items of a command's groups, with the notes of each group and the multicite's."""
    located: list[_Located] = []
    for group_notes, keys in groups:
        cites = [({"id": key}, offset) for key, offset in keys if key != "*"]
        if cites:
            _add_notes(cites[0][0], cites[-1][0], group_notes)
        located += cites
    if located:
        _add_notes(located[0][0], located[-1][0], notes)
    if name.lower() in _YEAR_COMMANDS:
        for cite, _ in located:
            cite["suppress-author"] = True
    return located


def _add_notes(first: dict[str, Any], last: dict[str, Any], notes: list[str]) -> None:
    """One note is a postnote, for the last cite; two are a prenote, for the first, and a postnote."""
    if len(notes) == 2:
        prenote = _latex_text(notes[0])
        if prenote:
            first["prefix"] = f"{prenote} {first.get('prefix', '')}"
    postnote = _latex_text(notes[-1]) if notes else ""
    if not postnote:
        return
    if "locator" in last or "suffix" in last:  # a multicite's postnote after a group's own
        last["suffix"] = f"{last.get('suffix', '')}, {postnote}"
    else:
        last.update(_note(postnote))


def _latex_text(note: str) -> str:
    """A note as plain text: ``p.~33--35`` → ``p. 33–35``, white space collapsed."""
    return " ".join(_LATEX_TEXT_PATTERN.sub(lambda match: _LATEX_TEXT[match.group()], note).split())


def _latex_mode(name: str) -> str:
    base = name.lower()  # \Textcite, \Citet: capitalised in print, the same citation
    if base == "nocite":
        return "nocite"
    return "author-in-text" if base in _IN_TEXT_COMMANDS else "normal"
