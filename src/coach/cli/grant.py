"""``coach grant add | list | revoke``: let a coach (another user) reach an athlete.

The machine's owner grants for any athlete; a user grants their own athletes from the dashboard
(Settings, Coaches) or the API. The coach accepts on their page of athletes (or ``POST
/api/v1/grants/{id}/accept``); until then the grant reaches nothing."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli.context import LOCAL, runtime
from coach.cli.options import AthleteOpt, JsonOpt
from coach.cli.output import console, emit_json, success, table
from coach.services import grants

app = typer.Typer(help="Let a coach (another user) reach an athlete.", no_args_is_help=True)


@app.command("add")
def add(
    coach: Annotated[str, typer.Argument(help="The coach's e-mail (a user of this machine).")],
    level: Annotated[
        str, typer.Option(help="view (reads everything), edit (also changes the training), full.")
    ] = "view",
    athlete: AthleteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Offer a coach access to the athlete; it counts once they accept."""
    made = grants.grant(runtime(), LOCAL, athlete, coach, level)
    if as_json:
        emit_json(made.model_dump(mode="json"))
        return
    success(
        f"grant {made.id}: {made.coach_name} <{made.coach_email}> is offered {made.level} access "
        f"to {made.athlete}; it counts once they accept it (their page of athletes)"
    )


@app.command("list")
def list_command(athlete: AthleteOpt = None, as_json: JsonOpt = False) -> None:
    """Every grant of the athlete: waiting, active and revoked."""
    found = grants.grants_of(runtime(), LOCAL, athlete)
    if as_json:
        emit_json([g.model_dump(mode="json") for g in found])
        return
    console().print(
        table(
            "Grants",
            ["id", "coach", "access", "state", "since", "revoked by"],
            [
                (
                    g.id,
                    f"{g.coach_name} <{g.coach_email}>",
                    g.level,
                    g.state,
                    f"{(g.accepted_at or g.created_at):%Y-%m-%d}",
                    g.revoked_by or "",
                )
                for g in found
            ],
        )
    )


@app.command("revoke")
def revoke(grant_id: Annotated[int, typer.Argument(help="The grant's id.")]) -> None:
    """End a grant: the coach reaches the athlete no more, from this moment."""
    done = grants.revoke(runtime(), LOCAL, grant_id)
    success(f"grant {done.id} is revoked: {done.coach_email} no longer reaches {done.athlete}")
