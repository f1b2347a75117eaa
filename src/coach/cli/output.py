"""What a person reads (rich tables, colour) and its ``--json`` twin for scripts.

Text is printed as text: both consoles read no markup, so a stored name holding ``[/]`` or an
escape sequence can never break or steer the terminal. coach's own colours are written with
:func:`marked`, and any value inside such a string goes through :func:`shown`."""

from __future__ import annotations

import json
import math
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

from coach.cli.entry import resume_collector


class _TextConsole(Console):
    """A console that prints strings as text: no markup, control characters made visible."""

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(*(visible(o) if isinstance(o, str) else o for o in objects), **options)


def console() -> Console:
    """A console on the current stdout (made per call, so tests and pipes see the output)."""
    return _TextConsole(file=sys.stdout, highlight=False, soft_wrap=True, markup=False)


def error_console() -> Console:
    return _TextConsole(file=sys.stderr, highlight=False, soft_wrap=True, markup=False)


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


def _finite(value: Any) -> Any:
    """``value`` with every non-finite number (NaN, infinity) as null: strict JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


_C1 = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def emit_json(data: Any) -> None:
    """Write ``data`` as indented, strict JSON on stdout, for scripts (``--json``): no NaN or
    Infinity, and no raw control character a terminal would act on."""
    text = json.dumps(
        _finite(json.loads(json.dumps(data, default=_default, allow_nan=True))),
        indent=2,
        ensure_ascii=False,
        allow_nan=False,
    )
    sys.stdout.write(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


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
    """coach's own markup (colours) for a line or a table cell; every value inside it must go
    through :func:`shown`."""
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
    console().print(marked(f"[green]✓[/green] {shown(message)}"))


@dataclass(frozen=True, slots=True)
class Bar:
    """A progress bar being shown: ``show`` sets where the work is, ``step`` moves on by one."""

    _progress: Progress
    _task: TaskID

    def show(self, done: int, total: int | None, what: str = "") -> None:
        self._progress.update(self._task, completed=done, total=total, description=shown(what))

    def step(self, what: str = "") -> None:
        self._progress.update(self._task, advance=1, description=shown(what))


@contextmanager
def progress_bar(label: str, *, hidden: bool, total: int | None = None) -> Iterator[Bar]:
    """A transient progress bar on stderr for long work (hidden for ``--json`` and when stderr
    is not a terminal). Long work runs with the cycle collector on."""
    resume_collector()
    with Progress(
        TextColumn(f"[bold]{shown(label)}[/bold] {{task.description}}", markup=True),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=error_console(),
        transient=True,
        disable=hidden or not sys.stderr.isatty(),  # a log file gets no bar frames
    ) as progress:
        yield Bar(progress, progress.add_task("", total=total))
