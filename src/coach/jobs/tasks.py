"""The tasks a worker runs and the due-check that defers them (see the package's docstring)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from procrastinate import Blueprint, JobContext, RetryDecision
from procrastinate.exceptions import AlreadyEnqueued, ConnectorException
from procrastinate.jobs import Job
from procrastinate.retry import BaseRetryStrategy
from procrastinate.utils import async_to_sync

from coach.domain.errors import CoachError, Conflict, NotFound, ValidationFailed, transient
from coach.logs import FIELDS
from coach.services.context import Scope, Services

log = logging.getLogger("coach.worker")

DUE_EVERY = "*/15 * * * *"
"""The due-check's cron: every 15 minutes, as the one-machine timer."""
RECOVER_EVERY = "* * * * *"
"""Jobs of a worker that stopped sending heartbeats are put back in the queue every minute."""
KEEP_FINISHED_H = 7 * 24
"""Finished queue rows are removed after a week (coach's own job rows keep the record)."""
REMINDERS_AHEAD = timedelta(minutes=20)
"""Each due-check queues the reminders of the next 20 minutes (15 between checks, and slack)."""

NIGHTLY_SYNC = "coach:nightly_sync"
NIGHTLY_REVIEW = "coach:nightly_review"
EXPORT_PLAN = "coach:export_plan"
SEND_NOTICE = "coach:send_notice"
SEND_REMINDER = "coach:send_reminder"


class TryAgain(CoachError):
    """This attempt failed for a reason that may pass (a 429, a 5xx, the database gone for a
    moment): the queue runs the job again after the back-off."""

    exit_code = 75


class Backoff(BaseRetryStrategy):
    """Only TryAgain is retried, COACH_JOB_ATTEMPTS times in all, COACH_JOB_BACKOFF_S to the power
    of the attempt apart; anything else fails the job at once (its reason is kept)."""

    def __init__(self) -> None:
        self.attempts = 5
        self.base_s = 4

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if not isinstance(exception, TryAgain) or job.attempts + 1 >= self.attempts:
            return None
        return RetryDecision(retry_in={"seconds": self.base_s ** (job.attempts + 1)})


BACKOFF = Backoff()
tasks = Blueprint()


def _svc(context: JobContext) -> Services:
    svc: Services = context.additional_context["svc"]
    return svc


def _final(context: JobContext) -> bool:
    return context.job.attempts + 1 >= BACKOFF.attempts


def _recorded(
    context: JobContext, athlete_id: int, kind: str, work: Callable[[bool], dict[str, Any] | None]
) -> None:
    """Run one attempt of a job and keep how it went in coach's jobs table (what `coach jobs`
    lists): running, succeeded, retrying or failed with its one-line reason. A failure that may
    pass (domain.errors.transient, or the queue's connection lost) is tried again; recording the
    attempt is part of it (the work is idempotent: a second run finds what the first did)."""
    from coach.services.jobs import worker_job_finished, worker_job_started

    svc, job = _svc(context), context.job
    assert job.id is not None
    attempt = job.attempts + 1
    fields = {"job": job.id, "kind": kind, "athlete_id": athlete_id, "attempt": attempt}
    try:
        worker_job_started(svc, athlete_id, kind, job.id, attempt)
        result = work(_final(context))
        worker_job_finished(svc, job.id, status="succeeded", result=result)
    except (CoachError, ConnectorException) as exc:
        # The queue's own connection failing is the database gone for a moment, too.
        again = (isinstance(exc, ConnectorException) or transient(exc)) and (
            attempt < BACKOFF.attempts
        )
        status = "retrying" if again else "failed"
        _kept(svc, job.id, status, str(exc) or type(exc).__name__)
        log.warning(f"{kind} {status}: {exc}", extra={FIELDS: fields | {"status": status}})
        if again:
            raise TryAgain(str(exc)) from None
        raise
    except Exception as exc:  # a job's entry point: its failure is its record, not a traceback
        error = f"internal error: {type(exc).__name__}: {exc}"
        _kept(svc, job.id, "failed", error)
        log.error(f"{kind} failed: {error}", extra={FIELDS: fields | {"status": "failed"}})
        raise
    log.info(f"{kind} succeeded", extra={FIELDS: fields | {"status": "succeeded"}})


def _kept(svc: Services, queue_job_id: int, status: str, error: str) -> None:
    """Keep how an attempt ended; when the database itself is away, the queue's record (and the
    worker's log line) stand alone."""
    from coach.services.jobs import worker_job_finished

    try:
        worker_job_finished(svc, queue_job_id, status=status, error=error)
    except CoachError:
        log.warning(f"job {queue_job_id}: could not keep its {status} record (the database)")


def _defer(task_name: str, *, lock: str | None, queueing_lock: str, **kwargs: Any) -> bool:
    """Queue a job unless one with the same queueing lock waits already; whether it was."""
    from coach.jobs.app import current

    try:
        current().configure_task(task_name, lock=lock, queueing_lock=queueing_lock).defer(**kwargs)
    except AlreadyEnqueued:
        return False
    return True


@tasks.task(name="nightly_sync", pass_context=True, retry=BACKOFF)
def nightly_sync(context: JobContext, athlete_id: int, day: str) -> None:
    """One athlete's night begins: every linked source pulled (a 429 or 5xx tried again with
    back-off; on the last attempt the night goes on without it), then the review queued."""
    from coach.services.nightly import sync_one

    svc, when = _svc(context), date.fromisoformat(day)

    def work(final: bool) -> dict[str, Any]:
        lines = sync_one(svc, athlete_id, when, final=final)
        if lines is None:
            return {"review": "existed already"}
        _defer(
            NIGHTLY_REVIEW,
            lock=f"athlete:{athlete_id}",
            queueing_lock=f"review:{athlete_id}:{day}",
            athlete_id=athlete_id,
            day=day,
            sources=lines,
        )
        return {"sources": lines}

    _recorded(context, athlete_id, "sync", work)


@tasks.task(name="nightly_review", pass_context=True, retry=BACKOFF)
def nightly_review(
    context: JobContext, athlete_id: int, day: str, sources: list[str] | None = None
) -> None:
    """The review (the database only: it never waits on a far service), then its notification
    and the plan's export as jobs of their own."""
    from coach.services.nightly import export_targets, review_one

    svc, when = _svc(context), date.fromisoformat(day)

    def work(_final: bool) -> dict[str, Any]:
        done = review_one(svc, athlete_id, when, sources or [])
        if done.review is None:
            return {"review": "existed already"}
        if svc.settings.notify_url is not None:
            queue_notice(athlete_id, "review", f"review:{athlete_id}:{day}", done.title, done.body)
        if export_targets(svc, athlete_id):
            _defer(
                EXPORT_PLAN,
                lock=f"athlete:{athlete_id}",
                queueing_lock=f"export:{athlete_id}:{day}",
                athlete_id=athlete_id,
                day=day,
            )
        return {"review_id": done.review.review_id, "proposals": len(done.review.proposals)}

    _recorded(context, athlete_id, "nightly-review", work)


@tasks.task(name="export_plan", pass_context=True, retry=BACKOFF)
def export_plan(context: JobContext, athlete_id: int, day: str) -> None:
    """Send the athlete's coming workouts to their linked targets (only what changed)."""
    from coach.services.nightly import export_one

    svc, when = _svc(context), date.fromisoformat(day)

    def work(final: bool) -> dict[str, Any]:
        return {"sent": export_one(svc, athlete_id, when, final=final)}

    _recorded(context, athlete_id, "export", work)


def queue_notice(athlete_id: int, kind: str, key: str, title: str, body: str) -> bool:
    return _defer(
        SEND_NOTICE,
        lock=None,
        queueing_lock=f"notice:{key}",
        athlete_id=athlete_id,
        kind=kind,
        key=key,
        title=title,
        body=body,
    )


@tasks.task(name="send_notice", pass_context=True, retry=BACKOFF)
def send_notice(
    context: JobContext, athlete_id: int, kind: str, key: str, title: str, body: str
) -> None:
    """Send one message, once (its key is claimed first)."""
    from coach.services.notices import send_once

    svc = _svc(context)

    def work(_final: bool) -> dict[str, Any]:
        sent = send_once(svc, athlete_id, kind, key, title, body)
        return {"sent": sent is not None, "key": key}

    _recorded(context, athlete_id, f"notify:{kind}", work)


@tasks.task(name="send_reminder", pass_context=True, retry=BACKOFF)
def send_reminder(
    context: JobContext, athlete_id: int, workout_uid: str, day: str, start: str | None, at: str
) -> None:
    """A planned session's reminder, at its moment, once."""
    from datetime import time

    from coach.services.notices import ReminderDue
    from coach.services.notices import send_reminder as send

    svc = _svc(context)
    due = ReminderDue(
        athlete_id=athlete_id,
        workout_uid=workout_uid,
        day=date.fromisoformat(day),
        start=None if start is None else time.fromisoformat(start),
        at=datetime.fromisoformat(at),
    )

    def work(_final: bool) -> dict[str, Any]:
        sent = send(svc, due)
        return {"sent": sent is not None, "key": due.key}

    _recorded(context, athlete_id, "notify:reminder", work)


@tasks.periodic(cron=DUE_EVERY)
@tasks.task(name="due_check", pass_context=True)
def due_check(context: JobContext, timestamp: int) -> None:  # noqa: ARG001 (the cron's)
    """Every 15 minutes: the due reviews and the coming reminders, queued once each."""
    queued = defer_due(_svc(context))
    log.info(
        f"due-check: {queued['reviews']} reviews, {queued['reminders']} reminders queued",
        extra={FIELDS: dict(queued)},
    )


def defer_due(svc: Services) -> dict[str, int]:
    """Queue the night of every athlete whose evening has come and who has no review of that
    day, no night under way, and no job for it that gave up (`coach jobs retry` runs that
    again): their syncs, which queue their review; and
    the reminders of the next REMINDERS_AHEAD at their moment. Jobs waiting already are not
    queued twice (queueing locks)."""
    from coach.jobs.app import current
    from coach.services.nightly import due_reviews
    from coach.services.notices import reminders_due

    now = svc.clock.now()
    gave_up, in_flight = _nights(("failed",)), _nights(("todo", "doing"))
    reviews = 0
    for due in due_reviews(svc, now):
        day = due.day.isoformat()
        if (due.athlete_id, day) in gave_up | in_flight:
            continue
        reviews += _defer(
            NIGHTLY_SYNC,
            lock=f"athlete:{due.athlete_id}",
            queueing_lock=f"sync:{due.athlete_id}:{day}",
            athlete_id=due.athlete_id,
            day=day,
        )
    reminders = 0
    if svc.settings.notify_url is not None:
        for reminder in reminders_due(svc, now, REMINDERS_AHEAD):
            try:
                current().configure_task(
                    SEND_REMINDER,
                    queueing_lock=reminder.key,
                    schedule_at=max(reminder.at, now),
                ).defer(
                    athlete_id=reminder.athlete_id,
                    workout_uid=reminder.workout_uid,
                    day=reminder.day.isoformat(),
                    start=None if reminder.start is None else reminder.start.isoformat(),
                    at=reminder.at.isoformat(),
                )
            except AlreadyEnqueued:
                continue
            reminders += 1
    return {"reviews": reviews, "reminders": reminders}


def _nights(statuses: tuple[str, ...]) -> set[tuple[object, object]]:
    """The (athlete, day) of the nightly syncs and reviews in these states: waiting or running
    (the night is under way: a sync that ran queued its review), or failed (it gave up)."""
    from coach.jobs.app import current

    return {
        (job.task_kwargs.get("athlete_id"), job.task_kwargs.get("day"))
        for task in (NIGHTLY_SYNC, NIGHTLY_REVIEW)
        for status in statuses
        for job in current().job_manager.list_jobs(task=task, status=status)
    }


@tasks.periodic(cron=RECOVER_EVERY)
@tasks.task(name="recover_stalled", pass_context=True)
def recover_stalled(context: JobContext, timestamp: int) -> None:  # noqa: ARG001 (the cron's)
    """Put the jobs of a worker that died (killed, its machine gone) back in the queue: each
    runs again, and finds what its first attempt finished (a review is kept once)."""
    recovered = recover(_svc(context))
    if recovered:
        log.warning(f"{recovered} jobs of a stopped worker queued again")


def recover(svc: Services) -> int:
    """Queue again the running jobs of every worker silent for COACH_WORKER_STALLED_S (from a
    task, the app open in the worker's loop)."""
    return async_to_sync(recover_async, svc)


async def recover_async(svc: Services) -> int:
    from coach.jobs.app import current

    manager = current().job_manager
    silent_s = svc.settings.worker_stalled_s
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=silent_s))
    for job in stalled:
        await manager.retry_job(job)
    return len(stalled)


@tasks.periodic(cron="17 3 * * *")
@tasks.task(name="remove_old_jobs")
def remove_old_jobs(timestamp: int) -> None:  # noqa: ARG001 (the cron's)
    """Each night at 03:17 UTC: queue rows finished over a week ago go (coach's jobs stay)."""
    from coach.jobs.app import current

    async_to_sync(
        current().job_manager.delete_old_jobs,
        nb_hours=KEEP_FINISHED_H,
        include_failed=True,
    )


def run_again(svc: Services, scope: Scope, job_id: int) -> dict[str, int]:
    """Queue a failed worker job again, the same task with the same arguments and locks."""
    from coach.jobs.app import current
    from coach.services.jobs import any_job, mark_retried

    job = any_job(svc, scope, job_id)
    if job.queue_job_id is None:
        raise ValidationFailed(f"job {job_id} was not a worker's: run its command again")
    if job.status == "retried":
        raise Conflict(f"job {job_id} was queued again already: `coach jobs` shows how it went")
    if job.status != "failed":
        raise Conflict(f"job {job_id} has not failed ({job.status}): nothing to run again")
    found = current().job_manager.list_jobs(id=job.queue_job_id)
    if not found:
        raise NotFound(
            f"job {job_id} is no longer in the queue (finished jobs go after a week): "
            "`coach jobs due` queues tonight's work again"
        )
    queued = found[0]
    try:
        new_id = (
            current()
            .configure_task(queued.task_name, lock=queued.lock, queueing_lock=queued.queueing_lock)
            .defer(**queued.task_kwargs)
        )
    except AlreadyEnqueued:
        raise Conflict(f"job {job_id}'s work is queued already") from None
    mark_retried(svc, job_id, new_id)
    return {"job": job_id, "queued": new_id}
