"""``coach token create | list | revoke``: personal API tokens."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli.context import LOCAL, runtime
from coach.cli.options import JsonOpt
from coach.cli.output import console, emit_json, marked, success, table
from coach.services import tokens

app = typer.Typer(help="Personal API tokens for `coach serve`.", no_args_is_help=True)


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="What the token is for, e.g. phone.")],
    athlete: Annotated[
        list[str] | None,
        typer.Option(help="An athlete it reaches (repeatable; none: every athlete)."),
    ] = None,
    write: Annotated[
        bool, typer.Option("--write", help="May change things (default: read-only).")
    ] = False,
    user: Annotated[
        str | None,
        typer.Option(help="The user (e-mail) it belongs to: it reaches no more than they do."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Make a token; it is shown once (only its hash is kept)."""
    made = tokens.create(
        runtime(), LOCAL, name, list(athlete or []) or None, write=write, user=user
    )
    if as_json:
        emit_json(made.model_dump(mode="json"))
        return
    reach = "every athlete" if made.athletes is None else f"athletes {_ids(made.athletes)}"
    success(
        f"token {made.id} ({made.name}): {reach}, {'read and write' if made.write else 'read-only'}"
    )
    console().print(made.token)
    console().print(
        marked("[dim]Shown once: keep it now. Use it as `Authorization: Bearer TOKEN`.[/dim]")
    )


@app.command("list")
def list_command(as_json: JsonOpt = False) -> None:
    """Every token: whom it reaches, whether it writes, when it was last used."""
    found = tokens.list_tokens(runtime(), LOCAL)
    if as_json:
        emit_json([t.model_dump(mode="json") for t in found])
        return
    console().print(
        table(
            "API tokens",
            ["id", "name", "starts", "athletes", "access", "last used", "revoked"],
            [
                (
                    t.id,
                    t.name,
                    t.prefix + "…",
                    "all" if t.athletes is None else _ids(t.athletes),
                    "write" if t.write else "read",
                    f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never",
                    f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "",
                )
                for t in found
            ],
        )
    )


@app.command("revoke")
def revoke(token_id: Annotated[int, typer.Argument(help="The token's id.")]) -> None:
    """Revoke a token: it stops working at once."""
    done = tokens.revoke(runtime(), LOCAL, token_id)
    success(f"token {done.id} ({done.name}) is revoked")


def _ids(ids: list[int]) -> str:
    return ", ".join(str(i) for i in ids)
