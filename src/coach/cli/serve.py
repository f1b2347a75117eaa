"""``coach serve``: the REST API (and, later, the dashboard) on this machine."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli.context import runtime
from coach.cli.output import error_console, marked
from coach.domain.errors import ValidationFailed

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = DEFAULT_PORT,
) -> None:
    """Serve the API at http://HOST:PORT/api/v1 (OpenAPI at /api/v1/openapi.json). Every call
    needs a token from `coach token create`."""
    import uvicorn

    from coach.api.app import create_app

    settings = runtime().settings
    if host not in ("127.0.0.1", "localhost", "::1"):
        error_console().print(
            marked(
                f"[yellow]warning:[/yellow] listening on {host}: other machines can reach the "
                "API; put it behind TLS (a reverse proxy) before tokens cross a network"
            )
        )
    app = create_app(settings)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    except OSError as exc:
        raise ValidationFailed(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
