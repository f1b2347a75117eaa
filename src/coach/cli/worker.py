"""``coach worker`` and ``coach jobs``: the nightly work on PostgreSQL's queue."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Annotated

import typer

from coach.cli.context import LOCAL, Runtime, runtime
from coach.cli.entry import resume_collector
from coach.cli.options import AthleteOpt, JsonOpt
from coach.cli.output import console, emit_json, marked, shown, success, table

if TYPE_CHECKING:
    from procrastinate import App

jobs_app = typer.Typer(
    help="The worker's jobs: what ran, what failed and why; queue the due work now; run a "
    "failed job again.",
    no_args_is_help=False,
    invoke_without_command=True,
)


def worker(
    concurrency: Annotated[
        int, typer.Option(min=1, max=32, help="Jobs this worker runs at once (threads).")
    ] = 1,
    once: Annotated[
        bool,
        typer.Option("--once", help="Run the jobs waiting now, then stop (no periodic due-check)."),
    ] = False,
) -> None:
    """Run the nightly work from the queue on PostgreSQL (reviews, exports, notifications,
    reminders); as many workers as you like.

    Every 15 minutes the due-check queues each athlete's evening review once their
    COACH_REVIEW_TIME has come, and the coming reminders; failures on a 429 or 5xx are tried
    again with back-off. Start workers on any machine that reaches the database; Ctrl-C
    (SIGTERM) stops one after its running jobs."""
    from coach.jobs.app import bind

    svc = runtime()
    app = bind(svc)  # a SQLite database is refused here, in one line
    resume_collector()  # a worker runs for days: the cycle collector is on
    logging.getLogger("procrastinate").setLevel(logging.WARNING)
    success(
        f"worker started ({concurrency} at a time"
        + (", the jobs waiting now" if once else "; Ctrl-C stops it")
        + ")"
    )
    recovered = asyncio.run(_recover(app, svc))
    if recovered:
        one = recovered == 1
        console().print(
            f"{recovered} job{'' if one else 's'} of a worker that stopped "
            f"{'is' if one else 'are'} queued again"
        )
    stalled_s = svc.settings.worker_stalled_s
    with contextlib.suppress(KeyboardInterrupt):  # without --once, SIGINT/SIGTERM stop it gently
        app.run_worker(
            concurrency=concurrency,
            wait=not once,
            additional_context={"svc": svc},
            install_signal_handlers=not once,
            listen_notify=not once,
            update_heartbeat_interval=stalled_s / 3,
            stalled_worker_timeout=stalled_s,
        )
    success("worker stopped")


async def _recover(app: App, svc: Runtime) -> int:
    """The jobs a dead worker left running, queued again before this one starts."""
    from coach.jobs.tasks import recover_async

    async with app.open_async():
        return await recover_async(svc)


@jobs_app.callback()
def list_command(
    ctx: typer.Context,
    athlete: AthleteOpt = None,
    failed: Annotated[bool, typer.Option("--failed", help="Only jobs that gave up.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many, newest first.")] = 30,
    as_json: JsonOpt = False,
) -> None:
    """Recent jobs, newest first: what, whose, how it went, attempts, and the reason of a
    failure."""
    if ctx.invoked_subcommand is not None:
        return
    from coach.services.athletes import list_athletes
    from coach.services.jobs import list_jobs

    rt = runtime()
    found = list_jobs(rt, LOCAL, athlete, failed=failed, limit=limit)
    if as_json:
        emit_json([j.model_dump(mode="json") for j in found])
        return
    if not found:
        console().print("No failed jobs." if failed else "No jobs yet.")
        return
    names = {a.id: a.name for a in list_athletes(rt, LOCAL)}
    console().print(
        table(
            "Failed jobs" if failed else "Jobs",
            ["id", "athlete", "what", "status", "tries", "when (UTC)"],
            [
                (
                    j.id,
                    names.get(j.athlete_id, str(j.athlete_id)),
                    j.kind,
                    marked(_coloured(j.status)),
                    j.attempts,
                    f"{(j.finished_at or j.started_at or j.created_at):%d %b %H:%M}",
                )
                for j in found
            ],
        )
    )
    for j in found:
        if j.error:
            console().print(marked(f"job {j.id}: {shown(j.error)}"))
    if any(j.status == "failed" for j in found):
        console().print("`coach jobs retry ID` runs a failed job again.")


def _coloured(status: str) -> str:
    colour = {"failed": "red", "retrying": "yellow", "succeeded": "green"}.get(status)
    return f"[{colour}]{status}[/{colour}]" if colour else status


@jobs_app.command("due")
def due_command(as_json: JsonOpt = False) -> None:
    """Queue now what the worker's due-check queues every 15 minutes: each due athlete's
    review (once per athlete and day) and the reminders of the next minutes."""
    from coach.jobs.app import bind
    from coach.jobs.tasks import defer_due

    svc = runtime()
    app = bind(svc)
    with app.open():
        queued = defer_due(svc)
    if as_json:
        emit_json(queued)
        return
    success(f"queued {queued['reviews']} reviews and {queued['reminders']} reminders")


@jobs_app.command("retry")
def retry_command(
    job: Annotated[int, typer.Argument(help="A failed job's id (from `coach jobs --failed`).")],
    as_json: JsonOpt = False,
) -> None:
    """Queue a failed job again (after fixing what it said: a login, a key)."""
    from coach.jobs.app import bind
    from coach.jobs.tasks import run_again

    svc = runtime()
    with bind(svc).open():
        again = run_again(svc, LOCAL, job)
    if as_json:
        emit_json(again)
        return
    success(f"job {job} queued again as {again['queued']}")
