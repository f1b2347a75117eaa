"""What a person reads (rich tables, colour) and its ``--json`` twin for scripts."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text


def console() -> Console:
    """A console on the current stdout (made per call, so tests and pipes see the output)."""
    return Console(file=sys.stdout, highlight=False, soft_wrap=True)


def error_console() -> Console:
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def _default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def emit_json(data: Any) -> None:
    """Write ``data`` as indented JSON on stdout, for scripts (``--json``)."""
    sys.stdout.write(json.dumps(data, indent=2, default=_default, ensure_ascii=False) + "\n")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``): a stored name can never
    move the cursor, ring the bell or hide what follows in a terminal."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def shown(value: object) -> str:
    """Any stored text (a name, a title, a note) made safe inside a markup string: control
    characters escaped and ``[...]`` never read as markup."""
    return escape(visible(str(value)))


def marked(markup: str) -> Text:
    """A table cell that carries coach's own markup (colours); values in it must be shown()."""
    return Text.from_markup(markup)


def _cell(value: Any) -> Text:
    if isinstance(value, Text):
        return value
    return Text("" if value is None else visible(str(value)))


def table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Table:
    """A table whose cells and title are plain text (stored text is never read as markup);
    a cell that should carry colour is built with :func:`marked`."""
    view = Table(
        title=None if title is None else _cell(title),
        title_justify="left",
        header_style="bold cyan",
    )
    for column in columns:
        view.add_column(column)
    for row in rows:
        view.add_row(*(_cell(cell) for cell in row))
    return view


def success(message: str) -> None:
    """A done line; ``message`` is plain text (shown as written)."""
    console().print(f"[green]✓[/green] {shown(message)}")


@dataclass(frozen=True, slots=True)
class Bar:
    """A progress bar being shown: ``show`` sets where the work is, ``step`` moves on by one."""

    _progress: Progress
    _task: TaskID

    def show(self, done: int, total: int | None, what: str = "") -> None:
        self._progress.update(self._task, completed=done, total=total, description=what)

    def step(self, what: str = "") -> None:
        self._progress.update(self._task, advance=1, description=what)


@contextmanager
def progress_bar(label: str, *, hidden: bool, total: int | None = None) -> Iterator[Bar]:
    """A transient progress bar on stderr for long work (hidden for ``--json``)."""
    with Progress(
        TextColumn(f"[bold]{label}[/bold] {{task.description}}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=error_console(),
        transient=True,
        disable=hidden,
    ) as progress:
        yield Bar(progress, progress.add_task("", total=total))
