"""Messages to the athlete, each sent once: the review when it is ready, a reminder before each
planned session (lead time and quiet hours their own), a notice when a sync or an export keeps
failing. Every message claims its key in ``sent_notices`` before it goes out, so a retried job,
a second worker or the timer running again never sends it twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from coach.domain.errors import CoachError, ConnectorError
from coach.domain.reminders import LATE_BY, Quiet, local_moment, reminder_at, send_now
from coach.services.context import AthleteKey, Scope, Services, athlete_in
from coach.services.schemas import NoticeOut

REVIEW, REMINDER, FAILING = "review", "reminder", "failing"


@dataclass(frozen=True, slots=True)
class ReminderDue:
    """A planned session whose reminder is due at ``at`` (UTC)."""

    athlete_id: int
    workout_uid: str
    day: date
    start: time | None
    at: datetime

    @property
    def key(self) -> str:
        start = self.start.strftime("%H%M") if self.start else "untimed"
        return f"{REMINDER}:{self.athlete_id}:{self.workout_uid}:{self.day}:{start}"


def link(svc: Services, athlete_id: int, page: str) -> str | None:
    """The dashboard's address of one of the athlete's pages (COACH_PUBLIC_URL), if set."""
    base = svc.settings.public_url.rstrip("/")
    return f"{base}/a/{athlete_id}/{page}" if base else None


def send_once(
    svc: Services, athlete_id: int, kind: str, key: str, title: str, body: str
) -> NoticeOut | None:
    """Send ``title``/``body`` to COACH_NOTIFY_URL unless ``key`` was sent before; None when it
    was (or when no URL is set: nothing is claimed then). A failure to send gives the claim
    back and is raised (ConnectorError), so the job that sends it can try again."""
    from coach.connectors.notify import send
    from coach.db.repo.notices import claim, delivered, release

    if svc.settings.notify_url is None:
        return None
    now = svc.clock.now()
    with svc.unit() as session:
        if claim(session, athlete_id=athlete_id, kind=kind, key=key, title=title, now=now) is None:
            return None
    try:
        count = send(svc.settings.notify_url.get_secret_value(), title, body)
    except CoachError:
        with svc.unit() as session:
            release(session, key)
        raise
    with svc.unit() as session:
        delivered(session, key, count)
    return NoticeOut(kind=kind, key=key, title=title, sent_at=now, delivered=count)


def review_key(athlete_id: int, day: date) -> str:
    return f"{REVIEW}:{athlete_id}:{day}"


def reminders_due(svc: Services, now: datetime, ahead: timedelta) -> list[ReminderDue]:
    """Every planned session (every athlete, current plans) whose reminder falls between
    LATE_BY before ``now`` and ``ahead`` after it, whose session has not begun and whose reminder
    was not sent yet."""
    from coach.db.repo.notices import claimed
    from coach.db.repo.plans import planned_for_reminders

    found: list[ReminderDue] = []
    start, end = (now - timedelta(days=1)).date(), (now + ahead + timedelta(days=2)).date()
    with svc.unit() as session:
        for workout, athlete in planned_for_reminders(session, start, end):
            quiet = (
                Quiet(athlete.quiet_from, athlete.quiet_until)
                if athlete.quiet_from is not None and athlete.quiet_until is not None
                else None
            )
            at = reminder_at(
                workout.scheduled_date,
                workout.start_time_local,
                athlete.timezone,
                athlete.remind_before_min,
                quiet,
            )
            if at is None or not (now - LATE_BY <= at <= now + ahead):
                continue
            begins = _begins(workout.scheduled_date, workout.start_time_local, athlete.timezone)
            if begins is not None and begins <= now:
                continue
            found.append(
                ReminderDue(
                    athlete_id=athlete.id,
                    workout_uid=workout.workout_uid,
                    day=workout.scheduled_date,
                    start=workout.start_time_local,
                    at=at,
                )
            )
        sent = claimed(session, {r.key for r in found})
    return sorted((r for r in found if r.key not in sent), key=lambda r: (r.at, r.athlete_id))


def _begins(day: date, start: time | None, timezone: str) -> datetime | None:
    return None if start is None else local_moment(day, start, timezone)


def send_due_reminders(svc: Services, early: timedelta) -> list[NoticeOut]:
    """Send now every reminder due within ``early`` from now (or up to LATE_BY late): how a
    timer that runs every 15 minutes sends them, a little early rather than late."""
    sent = []
    for due in reminders_due(svc, svc.clock.now(), early):
        done = send_reminder(svc, due, early=early)
        if done is not None:
            sent.append(done)
    return sent


def send_reminder(
    svc: Services, due: ReminderDue, *, early: timedelta = timedelta(0)
) -> NoticeOut | None:
    """Send one reminder if the session is still planned as it was and the moment is right
    (at most ``early`` early, at most LATE_BY late, before the session); None otherwise or when
    sent before."""
    from coach.db.repo.athletes import athlete_by_id
    from coach.db.repo.plans import active_plan, live_workout
    from coach.domain.plan import WorkoutStatus
    from coach.export.text import describe

    now = svc.clock.now()
    with svc.unit() as session:
        athlete = athlete_by_id(session, due.athlete_id)
        plan = active_plan(session, athlete.id)
        workout = None if plan is None else live_workout(session, plan.id, due.workout_uid)
        if (
            workout is None
            or workout.status is not WorkoutStatus.PLANNED
            or workout.scheduled_date != due.day
            or workout.start_time_local != due.start
        ):
            return None  # moved, skipped, done or removed since: its reminder is not this one
        begins = _begins(due.day, due.start, athlete.timezone)
        if not send_now(due.at, now, begins, early):
            return None
        lines = describe(workout.workout_definition)
        name = athlete.name
    when = f"at {due.start:%H:%M}" if due.start else "today"
    minutes = round((begins - now).total_seconds() / 60) if begins else None
    soon = f" (in {_duration_words(minutes)})" if minutes is not None else ""
    title = f"coach: {name}'s {lines[0]} {when}{soon}"
    body = "\n".join(lines[1:] or lines)
    page = link(svc, due.athlete_id, "week")
    if page:
        body += f"\nWeek: {page}"
    return send_once(svc, due.athlete_id, REMINDER, due.key, title, body)


def _duration_words(minutes: int) -> str:
    """``45 min``, ``1 h``, ``9 h 15 min``."""
    hours, rest = divmod(max(minutes, 0), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest} min" if rest else "")


def failing_notice(
    svc: Services, athlete_id: int, what: str, error: str, day: date, attempts: int, then: str
) -> NoticeOut | None:
    """Tell the athlete that ``what`` (a source, or an export) kept failing tonight and what
    happens ``then``: once per thing and local day."""
    from coach.db.repo.athletes import athlete_by_id

    with svc.unit() as session:
        name = athlete_by_id(session, athlete_id).name
    title = f"coach: {what} keeps failing for {name}"
    times = "once" if attempts == 1 else f"{attempts} times"
    body = f"{what} failed {times} tonight: {error}\n{then}"
    try:
        return send_once(
            svc, athlete_id, FAILING, f"{FAILING}:{athlete_id}:{what}:{day}", title, body
        )
    except ConnectorError:
        return None  # the notice about a failure failing too: the job's record says it


def list_sent(svc: Services, scope: Scope, athlete: AthleteKey, limit: int = 50) -> list[NoticeOut]:
    """The messages sent to the athlete, newest first."""
    from coach.db.repo.notices import sent

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        return [
            NoticeOut(
                kind=n.kind, key=n.key, title=n.title, sent_at=n.sent_at, delivered=n.delivered
            )
            for n in sent(session, row.id, limit)
        ]
