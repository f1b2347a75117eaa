"""``coach schedule install | print | remove``: the evening review on a timer.

A systemd user service and timer run ``coach review --auto --sync --due`` then ``coach remind``
every 15 minutes: each athlete is reviewed once a day, as soon as COACH_REVIEW_TIME has come where
they live, and each planned session's reminder goes once (the equivalent cron line is printed
too). On PostgreSQL, ``--worker`` installs a worker's service instead of the timer. The units
carry COACH_HOME and COACH_DATABASE_URL so they work on the same data as the shell that
installed them; other settings (COACH_NOTIFY_URL, API keys) they read from COACH_HOME/coach.env.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer

from coach.cli.context import runtime
from coach.cli.output import console, error_console, marked, shown, success
from coach.config import HOME_ENV_FILENAME, Settings
from coach.privacy import write_private

app = typer.Typer(help="Run the evening review every day on a timer.", no_args_is_help=True)

UNIT = "coach-review"
TIMER_COMMAND = "review --auto --sync --due"
"""What the timer runs: the review of every athlete whose evening has come and who has none for
that day yet, synced first, never approved."""
REMIND_COMMAND = "remind"
"""Then the reminders of the sessions starting before the timer's next run."""
TIMER_EVERY_MIN = 15
"""How often the timer looks for athletes whose evening has come (their review comes at most
this late after COACH_REVIEW_TIME)."""


def _unit_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


def _executable() -> str:
    found = shutil.which("coach")
    return found or f"{sys.executable} -m coach"


def _secret_url(settings: Settings) -> bool:
    """Whether the database URL carries a password (it then never goes into a unit file or a
    crontab, which other users and `systemctl show` can read: it goes into coach.env, 0600)."""
    return bool(settings.database_url) and urlsplit(settings.database_url).password is not None


def _environment(settings: Settings) -> list[str]:
    pairs = [("COACH_HOME", str(settings.home))]
    if settings.database_url and not _secret_url(settings):
        pairs.append(("COACH_DATABASE_URL", settings.database_url))
    return [f'Environment="{name}={value}"' for name, value in pairs]


SERVER_UNIT = "coach-serve"
"""The dashboard and API as a user service (``coach schedule install --server``)."""
WORKER_UNIT = "coach-worker"
"""A worker on PostgreSQL's queue (``coach schedule install --worker``): it does the nightly work
instead of the timer."""


def _kept_running(settings: Settings, description: str, command: str, *service: str) -> str:
    """A user service kept running, its log as JSON lines (INFO) in the journal."""
    return "\n".join(
        [
            "[Unit]",
            f"Description={description}",
            "After=network.target",
            "",
            "[Service]",
            "Type=simple",
            *_environment(settings),
            'Environment="COACH_LOG_FORMAT=json"',
            'Environment="COACH_LOG_LEVEL=INFO"',
            f"ExecStart={_executable()} {command}",
            *service,
            "RestartSec=5",
            "",
            "[Install]",
            "WantedBy=default.target",
            "",
        ]
    )


def worker_unit(settings: Settings) -> str:
    """``coach worker`` kept running; SIGTERM (systemctl stop) lets the running jobs finish."""
    return _kept_running(
        settings,
        "coach worker (nightly reviews, exports, notifications, reminders)",
        "worker",
        "Restart=always",
        "KillSignal=SIGTERM",
        "TimeoutStopSec=120",
    )


def server_unit(settings: Settings, host: str, port: int) -> str:
    """``coach serve`` kept running, restarted when it fails; the sign-in link it prints is in
    the journal too (one line per request at INFO)."""
    return _kept_running(
        settings,
        "coach dashboard and API (coach serve)",
        f"serve --host {host} --port {port}",
        "Restart=on-failure",
    )


def units(settings: Settings) -> dict[str, str]:
    service = "\n".join(
        [
            "[Unit]",
            "Description=coach evening review (sync, compare, propose; never approves)",
            "",
            "[Service]",
            "Type=oneshot",
            *_environment(settings),
            # "-": a review that fails for one athlete still lets the reminders go out.
            f"ExecStart=-{_executable()} {TIMER_COMMAND}",
            f"ExecStart={_executable()} {REMIND_COMMAND}",
            "",
        ]
    )
    timer = "\n".join(
        [
            "[Unit]",
            "Description=Run each athlete's coach evening review once their evening has come",
            "",
            "[Timer]",
            f"OnCalendar=*:0/{TIMER_EVERY_MIN}",
            "Persistent=true",
            "",
            "[Install]",
            "WantedBy=timers.target",
            "",
        ]
    )
    return {f"{UNIT}.service": service, f"{UNIT}.timer": timer}


def cron_line(settings: Settings) -> str:
    env = " ".join(
        f"{name}={value}"
        for name, value in (
            ("COACH_HOME", str(settings.home)),
            ("COACH_DATABASE_URL", "" if _secret_url(settings) else settings.database_url),
        )
        if value
    )
    command = f"{_executable()} {TIMER_COMMAND}; {_executable()} {REMIND_COMMAND}"
    return f"*/{TIMER_EVERY_MIN} * * * * {env} sh -c '{command}'"


def _systemctl(*args: str) -> str | None:
    """Run ``systemctl --user``; the reason it could not, or None."""
    if shutil.which("systemctl") is None:
        return "systemctl is not available here"
    done = subprocess.run(
        ["systemctl", "--user", *args], capture_output=True, text=True, check=False
    )
    return None if done.returncode == 0 else (done.stderr.strip() or f"exit {done.returncode}")


ServerOpt = Annotated[
    bool,
    typer.Option("--server", help="Also run the dashboard and API (coach serve) as a service."),
]
HostOpt = Annotated[str, typer.Option(help="The server's address (127.0.0.1: this machine only).")]
PortOpt = Annotated[int, typer.Option(min=1, max=65535, help="The server's port.")]


WorkerOpt = Annotated[
    bool,
    typer.Option(
        "--worker",
        help="A worker on PostgreSQL's queue does the nightly work instead of the timer.",
    ),
]


def _all_units(
    settings: Settings, server: bool, host: str, port: int, worker: bool = False
) -> dict[str, str]:
    if worker:
        from coach.services.database import queue_conninfo

        queue_conninfo(runtime())  # SQLite has no queue: one clear line (exit 78)
        found = {f"{WORKER_UNIT}.service": worker_unit(settings)}
    else:
        found = units(settings)
    if server:
        found[f"{SERVER_UNIT}.service"] = server_unit(settings, host, port)
    return found


@app.command("print")
def print_command(
    server: ServerOpt = False,
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8765,
    worker: WorkerOpt = False,
) -> None:
    """Show the systemd units and the equivalent cron line, without installing anything."""
    settings = runtime().settings
    out = console()
    for name, text in _all_units(settings, server, host, port, worker).items():
        out.print(marked(f"[bold]# {shown(_unit_dir() / name)}[/bold]"))
        out.print(text)
    if not worker:
        out.print(marked("[bold]# or, with cron (crontab -e):[/bold]"))
        out.print(cron_line(settings))
    _secrets_note(settings)


@app.command("install")
def install(
    enable: Annotated[
        bool, typer.Option(help="Enable and start the timer with systemctl --user.")
    ] = True,
    server: ServerOpt = False,
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8765,
    worker: WorkerOpt = False,
) -> None:
    """Write the systemd user service and timer (and enable the timer); with ``--server`` also
    the dashboard and API's service; with ``--worker`` a worker's service instead of the timer
    (PostgreSQL)."""
    settings = runtime().settings
    folder = _unit_dir()
    for name, text in _all_units(settings, server, host, port, worker).items():
        write_private(folder / name, text)
    if server:
        success(
            f"wrote {folder / (SERVER_UNIT + '.service')}: the dashboard at http://{host}:{port}/ "
            f"(its sign-in link: journalctl --user -u {SERVER_UNIT})"
        )
    if _secret_url(settings):
        _keep_url_in_home_env(settings)
    if worker:
        success(
            f"wrote {folder / (WORKER_UNIT + '.service')}: the worker reviews each athlete once "
            f"{settings.review_time} has come where they live, and sends the reminders "
            f"(its log: journalctl --user -u {WORKER_UNIT}; more workers: `coach worker` on "
            "any machine that reaches the database)"
        )
    else:
        success(
            f"wrote {folder / (UNIT + '.service')} and {UNIT}.timer (every {TIMER_EVERY_MIN} "
            f"min: each athlete's review once {settings.review_time} has come where they live, "
            "then the reminders of the sessions coming up)"
        )
    if not enable:
        return
    main_unit = f"{WORKER_UNIT}.service" if worker else f"{UNIT}.timer"
    problem = _systemctl("daemon-reload") or _systemctl("enable", "--now", main_unit)
    if server and problem is None:
        problem = _systemctl("enable", "--now", f"{SERVER_UNIT}.service")
    if problem:
        error_console().print(
            marked(
                f"[yellow]not enabled:[/yellow] {shown(problem)}; enable it with "
                f"`systemctl --user enable --now {main_unit}`"
                + ("" if worker else f", or use cron: {shown(cron_line(settings))}")
            )
        )
    else:
        success(f"enabled {main_unit}" + (f" and {SERVER_UNIT}.service" if server else ""))
    _secrets_note(settings)


def _keep_url_in_home_env(settings: Settings) -> None:
    """Put COACH_DATABASE_URL (it holds a password) into COACH_HOME/coach.env, mode 0600."""
    path = settings.home / HOME_ENV_FILENAME
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    lines = [line for line in lines if not line.startswith("COACH_DATABASE_URL=")]
    write_private(path, "\n".join([*lines, f"COACH_DATABASE_URL={settings.database_url}", ""]))
    success(f"the database URL (it holds a password) is kept in {path} (mode 0600)")


def _secrets_note(settings: Settings) -> None:
    """The timer has neither your shell's variables nor your folder's .env."""
    where = settings.home / HOME_ENV_FILENAME
    if _secret_url(settings):
        console().print(
            f"The database URL holds a password: it is not in the units; `coach schedule install`"
            f" keeps it in {where} (mode 0600), where the timer reads it."
        )
    if settings.notify_url is None:
        console().print(
            "No COACH_NOTIFY_URL: the timer will keep each review but send nothing. Put "
            f"COACH_NOTIFY_URL=... in {where} (chmod 600), then `coach config test-notify`."
        )
    else:
        console().print(
            f"The timer reads settings from {where}: keep COACH_NOTIFY_URL (and any API key) "
            "there, not only in your shell."
        )


@app.command("remove")
def remove() -> None:
    """Disable the timer (and the server, when installed) and delete the units."""
    folder = _unit_dir()
    _systemctl("disable", "--now", f"{UNIT}.timer")
    for service in (SERVER_UNIT, WORKER_UNIT):
        if (folder / f"{service}.service").exists():
            _systemctl("disable", "--now", f"{service}.service")
    removed = 0
    names = (f"{UNIT}.service", f"{UNIT}.timer", f"{SERVER_UNIT}.service", f"{WORKER_UNIT}.service")
    for name in names:
        path = folder / name
        if path.exists():
            path.unlink()
            removed += 1
    if removed:
        _systemctl("daemon-reload")
        success(f"removed the coach review timer from {folder}")
    else:
        console().print("no coach review timer was installed")
