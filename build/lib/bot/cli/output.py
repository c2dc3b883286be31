"""One output style for every command.

Results go to stdout, everything said about them (progress, "Wrote x", problems) to
stderr. On a terminal that is rich: colour, tables, progress bars; piped, the same
words without colour or moving bars; with --json, machine-readable rows instead.
Lines never wrap by the terminal's width, so a piped message stays one grep-able line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

# No emoji codes (":x:") and no highlighting: names and answers print as they were typed.
out = Console(emoji=False, highlight=False)
err = Console(stderr=True, emoji=False, highlight=False)

Cell = str | int | float | None


def say(text: str, *, bold: str = "", then: str = "") -> None:
    """A sentence on stdout: `text`, then `bold` in bold, then `then` (never read as markup)."""
    line = escape(text) + (f"[bold]{escape(bold)}[/bold]" if bold else "") + escape(then)
    out.print(line, soft_wrap=True)


def note(text: str) -> None:
    """A sentence about the work, on stderr: 'Database is up to date', 'Wrote x'."""
    err.print(escape(text), soft_wrap=True)


def problem(text: str) -> None:
    """Something the person should look at, on stderr, in red on a terminal."""
    err.print(f"[red]{escape(text)}[/red]", soft_wrap=True)


def wrote(path: Path) -> None:
    note(f"Wrote {path}")


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    as_json: bool,
    empty: str = "(none)",
) -> None:
    """Rows as a table, or with --json as a list of {column: value}; None shows as `empty`."""
    rows = list(rows)
    if as_json:
        emit_json([dict(zip(columns, row, strict=True)) for row in rows])
        return
    shown = Table(*columns)
    for row in rows:
        shown.add_row(*(_cell(value, empty) for value in row))
    out.print(shown)


def _cell(value: Cell, empty: str) -> Text:
    if value is None:
        return Text(empty, style="dim")
    return Text(str(value))  # a student's "[b]Ana" stays text, never markup


@contextmanager
def working(description: str) -> Iterator[None]:
    """A spinner on a terminal while work of unknown length runs; piped, nothing."""
    if not err.is_terminal:
        yield
        return
    with err.status(escape(description)):
        yield


@contextmanager
def progress(description: str, total: int | None) -> Iterator[Any]:
    """A progress bar on a terminal; piped, nothing (`advance(n)` still works)."""
    with Progress(console=err, transient=True, disable=not err.is_terminal) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.update(task, advance=n)
