"""``coach dev fake-hevy``: tools for trying coach without outside accounts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from coach.cli.output import console
from coach.fakes.hevy import FakeHevy, FakeHevyApp, HevyOptions
from coach.fakes.hevy.state import DEFAULT_API_KEY

app = typer.Typer(help="Developer tools: fakes of outside services.", no_args_is_help=True)

DEFAULT_SPEC = Path("../shared/data/hevy/openapi.json")


@app.command("fake-hevy")
def fake_hevy(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8765,
    workouts: Annotated[int, typer.Option(help="Workouts to seed (one every other day).")] = 30,
    api_key: Annotated[str, typer.Option(help="The API key the fake accepts.")] = DEFAULT_API_KEY,
    spec: Annotated[
        Path | None,
        typer.Option(
            help="Hevy's OpenAPI file to validate requests against (default: "
            "../shared/data/hevy/openapi.json when present, else coach's own contract)."
        ),
    ] = None,
    spec_shapes: Annotated[
        bool,
        typer.Option(help="Answer with the spec's response shapes instead of the live API's."),
    ] = False,
) -> None:
    """Serve a fake Hevy API on 127.0.0.1 until Ctrl-C (point COACH_HEVY_BASE_URL at it)."""
    import uvicorn

    hevy = FakeHevy(HevyOptions(api_key=api_key, spec_shapes=spec_shapes))
    now = datetime.now(UTC).replace(microsecond=0)
    hevy.now = now - timedelta(days=1)
    hevy.seed_workouts(workouts, last_start=now - timedelta(days=1, hours=6))
    hevy.seed_measurements((now - timedelta(weeks=8)).date(), 8)
    spec_path = spec if spec is not None else (DEFAULT_SPEC if DEFAULT_SPEC.is_file() else None)
    app_ = FakeHevyApp(hevy, spec_path)
    console().print(
        f"fake Hevy on http://127.0.0.1:{port} ({workouts} workouts; requests checked against "
        f"{app_.rules.source})\n"
        f"  export COACH_HEVY_BASE_URL=http://127.0.0.1:{port} COACH_HEVY_API_KEY={api_key}"
    )
    uvicorn.run(app_, host="127.0.0.1", port=port, log_level="warning")
