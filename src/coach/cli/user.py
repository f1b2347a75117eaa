"""``coach user add | list | passwd | disable | enable | reset | totp | delete``: the people who
sign in to the dashboard, distinct from the athletes they own."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from coach.cli.context import LOCAL, runtime
from coach.cli.options import JsonOpt
from coach.cli.output import console, emit_json, marked, success, table
from coach.domain.errors import ValidationFailed
from coach.services import users

app = typer.Typer(
    help="The people who sign in to the dashboard (users), distinct from the athletes they own.",
    no_args_is_help=True,
)

EmailArg = Annotated[str, typer.Argument(help="The user's e-mail address (their sign-in name).")]
PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from the first line of stdin (scripts)."
    ),
]


def _password(from_stdin: bool) -> str:
    """The new password: from stdin, or typed twice at a terminal (never echoed)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise ValidationFailed("no terminal to type a password: give --password-stdin")
    first = typer.prompt("Password", hide_input=True)
    if typer.prompt("The same again", hide_input=True) != first:
        raise ValidationFailed("the two passwords differ: nothing changed")
    return str(first)


@app.command("add")
def add(
    email: EmailArg,
    name: Annotated[str, typer.Option(help="How the dashboard greets them.")] = "",
    owner: Annotated[
        bool, typer.Option("--owner", help="May manage users and tokens, and sees every athlete.")
    ] = False,
    athlete: Annotated[
        list[str] | None,
        typer.Option(help="An athlete they own from now on (repeatable; a name or id)."),
    ] = None,
    password_stdin: PasswordStdin = False,
    as_json: JsonOpt = False,
) -> None:
    """Add a user with a password (argon2-hashed; at least 10 characters)."""
    made = users.add_user(
        runtime(), LOCAL, email, name, _password(password_stdin), owner=owner, athletes=athlete
    )
    if as_json:
        emit_json(made.model_dump(mode="json"))
        return
    owns = f"owns athletes {', '.join(map(str, made.athletes))}" if made.athletes else "owns none"
    success(f"user {made.id} {made.email} ({'owner' if made.owner else owns})")


@app.command("list")
def list_command(as_json: JsonOpt = False) -> None:
    """Every user: e-mail, name, owner or which athletes they own, second factor, disabled."""
    found = users.list_users(runtime(), LOCAL)
    if as_json:
        emit_json([u.model_dump(mode="json") for u in found])
        return
    if not found:
        console().print("No users yet: `coach user add EMAIL --owner` makes the first.")
        return
    console().print(
        table(
            "Users",
            ["id", "e-mail", "name", "athletes", "second factor", "state"],
            [
                (
                    u.id,
                    u.email,
                    u.name,
                    "every (owner)" if u.owner else ", ".join(map(str, u.athletes)) or "none",
                    "on" if u.second_factor else "off",
                    marked("[red]disabled[/red]") if u.disabled else "active",
                )
                for u in found
            ],
        )
    )


@app.command("passwd")
def passwd(email: EmailArg, password_stdin: PasswordStdin = False) -> None:
    """Set a user's password; every session of theirs ends (they sign in again)."""
    ended = users.set_password(runtime(), LOCAL, email, _password(password_stdin))
    success(f"new password for {email.strip().lower()}; {ended} session(s) ended")


@app.command("disable")
def disable_command(email: EmailArg) -> None:
    """Disable a user: they cannot sign in, and their sessions end at once."""
    ended = users.disable(runtime(), LOCAL, email)
    success(f"{email.strip().lower()} is disabled; {ended} session(s) ended")


@app.command("enable")
def enable_command(email: EmailArg) -> None:
    """Let a disabled user sign in again."""
    users.disable(runtime(), LOCAL, email, enabled=True)
    success(f"{email.strip().lower()} may sign in again")


@app.command("reset")
def reset(email: EmailArg) -> None:
    """Print a one-time code with which the user sets a new password on the dashboard's reset
    page (no e-mail needed: hand it over yourself)."""
    code, expires = users.reset_code(runtime(), LOCAL, email)
    success(f"reset code for {email.strip().lower()} (good once until {expires:%H:%M} UTC):")
    console().print(code)
    console().print('They type it on the sign-in page\'s "Forgot your password?" link.')


@app.command("totp")
def totp(
    email: EmailArg,
    off: Annotated[bool, typer.Option("--off", help="Turn the second factor off.")] = False,
) -> None:
    """Turn a second factor on (prints the otpauth:// address to add to an authenticator app,
    shown once) or off."""
    address = users.second_factor(runtime(), LOCAL, email, on=not off)
    if address is None:
        success(f"second factor off for {email.strip().lower()}")
        return
    success(f"second factor on for {email.strip().lower()}: add this to an authenticator app")
    console().print(address)


@app.command("delete")
def delete_command(
    email: EmailArg,
    with_athletes: Annotated[
        bool,
        typer.Option(
            "--with-athletes",
            help="Delete the athletes they own too, with every row and file (otherwise they "
            "stay, the machine owner's again).",
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Without asking (scripts).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Delete a user's account and their sessions (and, with --with-athletes, their athletes
    and all their data). Irreversible."""
    if not yes:
        if not sys.stdin.isatty():
            raise ValidationFailed(f"deleting {email}: add --yes (there is no terminal to ask)")
        confirm = str(typer.prompt(f"Type {email.strip().lower()} to delete the account"))
    else:
        confirm = email
    done = users.delete_user(runtime(), LOCAL, email, confirm=confirm, with_athletes=with_athletes)
    if as_json:
        emit_json(done.model_dump(mode="json"))
        return
    success(f"deleted the account {done.email}")
    if done.athletes_deleted:
        console().print(f"deleted with it: {', '.join(done.athletes_deleted)}")
    if done.athletes_kept:
        console().print(f"kept (the machine owner's again): {', '.join(done.athletes_kept)}")
