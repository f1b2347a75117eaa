"""``coach serve``: the REST API (and, later, the dashboard) on this machine."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from coach.cli.context import runtime
from coach.cli.entry import resume_collector
from coach.cli.output import error_console, marked, success
from coach.domain.errors import ValidationFailed

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
BACKLOG = 128


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = DEFAULT_PORT,
) -> None:
    """Serve the dashboard at http://HOST:PORT/ and the API at /api/v1 (OpenAPI at
    /api/v1/openapi.json). Prints a one-time sign-in link for the dashboard; API calls need a
    token from `coach token create`."""
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
    resume_collector()  # a server runs for days: the cycle collector is on
    listening = _listen(host, port)
    app = create_app(settings)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    address = f"http://{_shown_host(host)}:{port}"
    code = app.state.web_sessions.issue_code()
    minutes = f"{settings.web_sign_in_code_min:g}"
    success(f"serving the API at {address}/api/v1 (Ctrl-C stops it)")
    success(f"dashboard: {address}/sign-in?code={code} (signs you in once, for {minutes} min)")
    with listening:
        uvicorn.Server(config).run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a taken port is one clear line (exit 2)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        raise ValidationFailed(
            f"cannot listen on {host}:{port}: {exc.strerror or exc} (choose another --port)"
        ) from None
    listening.listen(BACKLOG)
    return listening


def _shown_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
