"""Rich renderables for the terminal: the only module that draws with rich."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TypeVar

from rich.console import Console
from rich.panel import Panel
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from citekit.csl import StyleInfo
from citekit.formats import Format
from citekit.model import Record, clean_text, display_name
from citekit.store.importing import ImportReport

T = TypeVar("T")


@contextmanager
def counting(what: str, console: Console | None = None, after: float = 1.0) -> Iterator[Callable[[T], T]]:
    """A live count on the terminal (stderr by default): a spinner, the count, the time, gone when
    done. Yields a function that counts one item and passes it on. Drawn only once the work has
    taken ``after`` seconds, so quick work shows nothing."""
    with Progress(SpinnerColumn(), TextColumn(f"{what}: {{task.completed}}"), TimeElapsedColumn(),
                  console=console or Console(stderr=True), transient=True) as progress:
        task = progress.add_task(what, total=None, visible=False)
        started = time.monotonic()

        def advance(item: T) -> T:
            progress.advance(task)
            if not progress.tasks[0].visible and time.monotonic() - started >= after:
                progress.update(task, visible=True)
            return item

        yield advance
        progress.refresh()


@contextmanager
def working(what: str, console: Console | None = None, after: float = 1.0) -> Iterator[Callable[[str], None]]:
    """A line on the terminal (stderr by default) for long work in stages: a spinner, ``what``, the
    stage and the time, gone when done. Yields the function the work calls, often, with its stage;
    drawn once the work has taken ``after`` seconds. Those calls redraw it, ten times a second at
    most: rich's refresh thread would keep the engine from forking (``csl/parallel.py``), and a
    forked child's calls draw nothing."""
    owner = os.getpid()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console or Console(stderr=True), transient=True, auto_refresh=False,
                  redirect_stdout=False, redirect_stderr=False) as progress:
        task = progress.add_task(what, total=None, visible=False)
        started = drawn = time.monotonic()

        def step(stage: str) -> None:
            nonlocal drawn
            now = time.monotonic()
            if now - drawn < 0.1 or now - started < after or os.getpid() != owner:
                return
            drawn = now
            progress.update(task, description=f"{what}: {stage}", visible=True)
            progress.refresh()

        yield step


def print_terminal(ansi_text: str) -> None:
    """Print engine output marked up with ANSI codes (italic, bold) through rich."""
    console = Console(highlight=False)
    for line in ansi_text.splitlines():
        console.print(Text.from_ansi(line))


# Rich breaks a cell's line at U+2028 and U+2029 too; like any other line break they become spaces.
_LINE_SEPARATORS = str.maketrans({"\u2028": " ", "\u2029": " "})


def _cell(value: object) -> Text:
    # Record text is shown as text, never read as markup or terminal codes, and on one line.
    return Text(clean_text(str(value)).translate(_LINE_SEPARATORS) if value is not None else "")


def _authors(record: Record) -> str:
    names = record.names("author") or record.names("editor")
    shown = "; ".join(display_name(name) for name in names[:3])
    return shown + ("; et al." if len(names) > 3 else "")


def print_records_table(records: Sequence[Record], tags: Mapping[str, list[str]]) -> None:
    """Key, authors, year, title, type and tags of each record, one line each.

    Keys and years are whole (they are copied from here); authors, title and tags share the
    rest of the line and are cut short; a narrow terminal leaves out type and tags.
    """
    console = Console(highlight=False)
    rows = {
        "key": [record.key for record in records],
        "authors": [_authors(record) for record in records],
        "year": [str(record.year or "") for record in records],
        "title": [str(record.get("title", "")) for record in records],
        "type": [record.type for record in records],
        "tags": [", ".join(tags.get(record.key, [])) for record in records],
    }
    whole = {name: max(map(len, [name, *rows[name]])) for name in ("key", "year", "type")}
    rest = console.width - sum(whole.values()) - 6 * 3 - 1  # 3 characters of border and padding each
    if rest < 40:
        del rows["type"], rows["tags"], whole["type"]
        rest = max(console.width - whole["key"] - whole["year"] - 4 * 3 - 1, 20)
    shares = {"authors": rest * 3 // 10, "title": rest // 2 if "tags" in rows else rest - rest * 3 // 10}
    shares["tags"] = rest - shares["authors"] - shares["title"]
    table = Table(header_style="bold")
    for name in rows:
        width = whole.get(name)
        table.add_column(name, no_wrap=True, overflow="ellipsis", min_width=width,
                         max_width=width or max(shares[name], len(name)))
    for cells in zip(*rows.values(), strict=True):
        table.add_row(*(_cell(cell) for cell in cells))
    console.print(table)


def print_record_panel(record: Record, tags: list[str]) -> None:
    """Every field of one record, and its tags, in a panel titled with its key."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for name, value in record.items():
        if name == "id":
            continue
        grid.add_row(name, _cell(_field_text(name, value)))
    if tags:
        grid.add_row("tags", _cell(", ".join(tags)))
    Console(highlight=False).print(Panel(grid, title=_cell(record.key), title_align="left"))


def _field_text(name: str, value: object) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "; ".join(display_name(part) for part in value)
    if isinstance(value, dict) and "date-parts" in value:
        return "/".join("-".join(f"{n:02d}" if i else str(n) for i, n in enumerate(date))
                        for date in value["date-parts"])
    if isinstance(value, dict):
        return ", ".join(f"{key}: {part}" for key, part in value.items())
    return str(value)


def print_styles_table(styles: Sequence[StyleInfo], aliases: dict[str, list[str]]) -> None:
    """Name, alias, title, class and parent of each style."""
    table = Table(header_style="bold")
    for column in ("name", "alias", "title", "class", "parent"):
        table.add_column(column, overflow="fold")
    for info in styles:
        table.add_row(_cell(info.name), _cell(", ".join(aliases.get(info.name, []))),
                      _cell(info.title), _cell(info.citation_format),
                      _cell(info.parent.stem if info.parent else ""))
    Console(highlight=False).print(table)


IMPORT_ROWS = 50  # a longer report shows only the records with a note, this many at most


def print_import_report(report: ImportReport, failed: int, dry_run: bool) -> None:
    """On stderr: a row for each record added, updated or skipped, and a line of totals.

    A big import lists only the records with something to say (a new key, an update, a
    duplicate), and at most :data:`IMPORT_ROWS` of them: ``--format json`` has them all.
    """
    console = Console(stderr=True, highlight=False)
    rows = ([("added", key, f"{source!r} was taken" if source != key else "")
             for key, source in report.added]
            + [("updated", key, f"from {source}") for key, source in report.updated]
            + [("skipped", source, reason) for source, reason in report.skipped])
    if len(rows) > IMPORT_ROWS:
        rows = [row for row in rows if row[2]]
    if rows:
        table = Table(header_style="bold")
        for column in ("", "key", "note"):
            table.add_column(column, overflow="fold")
        for status, key, note in rows[:IMPORT_ROWS]:
            table.add_row(status, _cell(key), _cell(note))
        console.print(table)
    if len(rows) > IMPORT_ROWS:
        console.print(f"... and {len(rows) - IMPORT_ROWS} more (--format json lists every record)")
    verb = "would import" if dry_run else "imported"
    console.print(f"{verb} {len(report.added)}, updated {len(report.updated)}, "
                  f"skipped {len(report.skipped)} duplicates, {failed} entries unreadable")


def print_formats_table(formats: Sequence[Format]) -> None:
    """Name, aliases, suffixes, read/write and description of each format."""
    table = Table(header_style="bold")
    for column in ("format", "aliases", "suffixes", "read", "write", "description"):
        table.add_column(column, overflow="fold")
    for entry in formats:
        table.add_row(entry.name, ", ".join(entry.aliases), ", ".join(entry.suffixes),
                      "yes" if entry.reader else "", "yes" if entry.writer else "", entry.description)
    Console(highlight=False).print(table)
