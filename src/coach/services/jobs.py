"""Background work a request starts (a connector sync): recorded as a job at once, run by the
front end's worker, polled by id. A job's failure is kept as its one-line reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.domain.errors import CoachError, NotFound
from coach.services.context import AthleteKey, Scope, Services, athlete_in
from coach.services.schemas import JobOut

if TYPE_CHECKING:
    from coach.db.models import Job

Runner = Callable[[Callable[[], None]], None]
"""Runs a piece of work later, off the request (a thread pool in the API server)."""


def job_out(row: Job) -> JobOut:
    return JobOut(
        id=row.id,
        athlete_id=row.athlete_id,
        kind=row.kind,
        status=row.status,
        requested_by=row.requested_by,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        result=row.result,
        error=row.error,
        attempts=row.attempts,
        queue_job_id=row.queue_job_id,
    )


def start_sync(
    svc: Services, scope: Scope, athlete: AthleteKey, source: str, run: Runner
) -> JobOut:
    """Record a sync of ``source`` as a queued job and hand it to ``run``; the answer comes at
    once, the job says how it went."""
    from coach.db.repo.access import add_job
    from coach.intake.connector import connectors

    if source not in connectors():
        raise NotFound(f"no source {source!r}: use {', '.join(connectors())}")
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        job = add_job(
            session,
            athlete_id=row.id,
            kind=f"sync:{source}",
            requested_by=scope.actor,
            now=svc.clock.now(),
        )
        queued = job_out(job)
    run(lambda: _run_sync(svc, scope, queued.athlete_id, queued.id, source))
    return queued


def _run_sync(svc: Services, scope: Scope, athlete_id: int, job_id: int, source: str) -> None:
    from coach.db.repo.access import set_job
    from coach.services.connections import sync

    with svc.unit() as session:
        set_job(session, job_id, status="running", started_at=svc.clock.now())
    outcome: dict[str, object]
    try:
        done = sync(svc, scope, athlete_id, source)
    except CoachError as exc:
        outcome = {"status": "failed", "error": str(exc), "result": None}
    except Exception as exc:  # a background job's entry point: its failure is its record
        outcome = {"status": "failed", "error": f"internal error: {type(exc).__name__}"}
    else:
        outcome = {"status": "succeeded", "result": done.model_dump(mode="json")}
    with svc.unit() as session:
        set_job(session, job_id, finished_at=svc.clock.now(), **outcome)


def get_job(svc: Services, scope: Scope, athlete: AthleteKey, job_id: int) -> JobOut:
    from coach.db.repo.access import get_job as stored

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        job = stored(session, job_id)
        if job.athlete_id != row.id:
            raise NotFound(f"no job {job_id}")
        return job_out(job)


def worker_job_started(
    svc: Services, athlete_id: int, kind: str, queue_job_id: int, attempt: int
) -> None:
    """A worker began (or began again) the queued job ``queue_job_id``: one row per queued job,
    its attempts counted."""
    from coach.db.repo.access import job_by_queue_id

    now = svc.clock.now()
    with svc.unit() as session:
        row = job_by_queue_id(session, queue_job_id)
        if row is None:
            from coach.db.repo.access import add_job

            row = add_job(session, athlete_id=athlete_id, kind=kind, requested_by="worker", now=now)
            row.queue_job_id = queue_job_id
        row.status, row.started_at, row.attempts = "running", now, attempt
        row.finished_at, row.error = None, None


def worker_job_finished(
    svc: Services,
    queue_job_id: int,
    *,
    status: str,
    result: dict[str, object] | None = None,
    error: str | None = None,
) -> None:
    """How the attempt ended: succeeded, retrying (it will run again) or failed."""
    from coach.db.repo.access import job_by_queue_id

    with svc.unit() as session:
        row = job_by_queue_id(session, queue_job_id)
        if row is not None:
            row.status, row.finished_at, row.result, row.error = (
                status,
                svc.clock.now(),
                result,
                error,
            )


def list_jobs(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey | None = None,
    *,
    failed: bool = False,
    limit: int = 50,
) -> list[JobOut]:
    """Recent jobs newest first (every athlete the scope sees, or one); ``failed``: only those
    that gave up."""
    from coach.db.repo.access import recent_jobs

    with svc.unit() as session:
        only = None if athlete is None else athlete_in(session, scope, athlete).id
        return [
            job_out(row)
            for row in recent_jobs(session, only, "failed" if failed else None, limit)
            if scope.sees(row.athlete_id)
        ]


def any_job(svc: Services, scope: Scope, job_id: int) -> JobOut:
    """One job of any athlete the scope sees."""
    from coach.db.repo.access import get_job as stored

    with svc.unit() as session:
        job = stored(session, job_id)
        if not scope.sees(job.athlete_id):
            raise NotFound(f"no job {job_id}")
        return job_out(job)


def mark_retried(svc: Services, job_id: int, queued_as: int) -> None:
    """A failed job was queued again (as ``queued_as`` in the queue): it no longer counts as
    failed; the new attempt has its own row."""
    from coach.db.repo.access import set_job

    with svc.unit() as session:
        set_job(session, job_id, status="retried", result={"queued_again_as": queued_as})
