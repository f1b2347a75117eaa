"""``coach secrets rotate``: a new secret key, everything encrypted re-encrypted with it."""

from __future__ import annotations

import typer

from coach.cli.context import LOCAL, runtime
from coach.cli.options import JsonOpt
from coach.cli.output import console, emit_json, success
from coach.services import keys

app = typer.Typer(help="The machine's secret key.", no_args_is_help=True)


@app.command("rotate")
def rotate(as_json: JsonOpt = False) -> None:
    """Replace the secret key and re-encrypt every stored credential, second-factor secret and
    encrypted note with the new one (nothing is lost, and a crash leaves everything readable)."""
    done = keys.rotate(runtime(), LOCAL)
    if as_json:
        emit_json(done.model_dump(mode="json"))
        return
    encrypted = f", {done.newly_encrypted} plain ones encrypted" if done.newly_encrypted else ""
    success(
        f"re-encrypted {done.secrets} stored secret(s) and {done.texts} encrypted text(s)"
        f"{encrypted} with the key in {done.key}"
    )
    if done.retired:
        console().print(
            f"The old key is in {done.retired}: backups made before now need it to be restored. "
            "Keep it offline, or delete it once those backups are gone."
        )
    else:
        console().print("COACH_SECRET_KEY_PREVIOUS is no longer needed: remove it.")
