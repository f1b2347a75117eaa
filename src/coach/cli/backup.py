"""``coach backup`` and ``coach restore``: the database and the files under COACH_HOME in one
encrypted file, and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coach.cli.context import runtime
from coach.cli.options import JsonOpt, YesOpt, confirm
from coach.cli.output import console, emit_json, success


def _size(count: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:,} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1000  # type: ignore[assignment]
    return f"{count} bytes"  # pragma: no cover


def backup(
    output: Annotated[
        Path | None,
        typer.Option(help="Where to write it (default: COACH_HOME/backups/coach-<when>.backup)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Back up the database and the files under COACH_HOME into one encrypted file.

    A consistent snapshot of every table (taken while the server and workers go on), the raw
    archive and each athlete's files, encrypted with this machine's key (COACH_SECRET_KEY or
    COACH_HOME/secret.key): keep a copy of the key apart from the backups, it is needed to
    restore. The file appears whole or not at all."""
    from coach.services.backup import backup as make

    done = make(runtime(), output)
    if as_json:
        emit_json(done.model_dump(mode="json"))
        return
    rows = sum(done.rows.values())
    success(
        f"backed up {rows:,} rows and {done.files:,} files to {done.path} ({_size(done.bytes)})"
    )
    console().print(
        "Keep the key (COACH_SECRET_KEY, or secret.key in COACH_HOME) apart from the backups: "
        "without it the backup cannot be read."
    )


def restore(
    path: Annotated[Path, typer.Argument(help="A file made by `coach backup`.")],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="Empty a database that holds data first (everything in it is lost)."
        ),
    ] = False,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Restore a backup into an empty database (or, with --replace, instead of what is there).

    Stop `coach serve` and the workers first. Every row goes in one transaction and is checked
    against the backup's manifest; the files go into COACH_HOME only then; the schema is then
    upgraded to this coach's. A failure leaves nothing half-restored."""
    from coach.services.backup import restore as put_back

    if replace:
        confirm("Replace everything in this database with the backup", yes)
    done = put_back(runtime(), path, replace=replace)
    if as_json:
        emit_json(done.model_dump(mode="json"))
        return
    rows = sum(done.rows.values())
    success(
        f"restored {rows:,} rows and {done.files:,} files from {done.created_at:%Y-%m-%d %H:%M} "
        f"UTC (schema {done.revision_in_backup} -> {done.revision_now})"
    )
