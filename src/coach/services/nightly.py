"""The night's work, one athlete and one step at a time, for whatever runs it (the worker's jobs,
or the timer's `coach review --due`): which athletes are due, one athlete's syncs, their review,
the export of the plan that follows it. Each step can run again safely: a review of a
day that exists is not made twice, an export sends only what changed, a message is sent once.

A step raises a transient error (domain.errors.transient) when trying later may help, unless it
is the ``final`` attempt: then it goes on without what failed and tells the athlete once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as time_of_day

from coach.domain.errors import CoachError, ConnectorError, transient
from coach.services.context import Scope, Services
from coach.services.notices import failing_notice, review_key, send_once
from coach.services.schemas import AthleteReview

MACHINE = Scope(actor="worker")
"""The night's work acts for the machine's owner, on every athlete."""


@dataclass(frozen=True, slots=True)
class Due:
    athlete_id: int
    name: str
    day: date


@dataclass(slots=True)
class Nightly:
    """What one athlete's night gave: the review (None when it existed already), each source's
    line, and the notification to send."""

    athlete_id: int
    day: date
    review: AthleteReview | None
    sources: list[str] = field(default_factory=list)
    title: str = ""
    body: str = ""


def due_reviews(svc: Services, now: datetime) -> list[Due]:
    """Every athlete whose ``COACH_REVIEW_TIME`` has come on their own clock and who has no
    review of that local day, in id order (one query for the reviews of every athlete)."""
    from coach.db.repo.athletes import list_athletes
    from coach.db.repo.reviews import reviewed_days
    from coach.domain.clock import review_due

    at = time_of_day.fromisoformat(svc.settings.review_time)
    with svc.unit() as session:
        wanted = [
            (a.id, a.name, day)
            for a in list_athletes(session)
            if (day := review_due(now, a.timezone, at)) is not None
        ]
        done = reviewed_days(session, {(athlete_id, day) for athlete_id, _, day in wanted})
    return [Due(i, n, d) for i, n, d in wanted if (i, d) not in done]


def sync_one(svc: Services, athlete_id: int, day: date, *, final: bool) -> list[str] | None:
    """Pull every linked source before the review of ``day``: each source's line, or None when
    that review exists already (nothing to do). A source failing for a reason that may pass is
    raised (the job tries again later) unless ``final``; then, and for a source that refuses
    us, the night goes on without it and the athlete is told once."""
    from coach.db.repo.reviews import reviewed_on
    from coach.services.connections import detached_athlete, label, linked, sync

    with svc.unit() as session:
        if reviewed_on(session, athlete_id, day):
            return None
    lines = []
    for source in linked(svc, detached_athlete(svc, MACHINE, athlete_id, write=True)):
        try:
            lines.append(sync(svc, MACHINE, athlete_id, source).summary)
        except CoachError as exc:
            if transient(exc) and not final:
                raise
            lines.append(f"{source} failed: {exc}")
            failing_notice(
                svc,
                athlete_id,
                label(source),
                str(exc),
                day,
                attempts=1 if not transient(exc) else svc.settings.job_attempts,
                then="Tonight's review went on with the data coach already had. "
                f"`coach {source} status` shows the link; `coach {source} sync` tries again.",
            )
    return lines


def review_one(svc: Services, athlete_id: int, day: date, sources: list[str]) -> Nightly:
    """Review ``day`` once (``sources``: what tonight's syncs said); the review is None when it
    existed already."""
    from coach.db.repo.reviews import reviewed_on
    from coach.services.athletes import find_athlete
    from coach.services.reviews import run, summary_text

    with svc.unit() as session:
        if reviewed_on(session, athlete_id, day):
            return Nightly(athlete_id=athlete_id, day=day, review=None)
    name = find_athlete(svc, MACHINE, athlete_id).name
    review = run(svc, MACHINE, athlete_id, day)
    review = review.model_copy(update={"sync": sources})
    title, body = summary_text(review, name, _tonight(svc, athlete_id))
    return Nightly(
        athlete_id=athlete_id,
        day=day,
        review=AthleteReview(athlete=name, athlete_id=athlete_id, **review.model_dump()),
        sources=sources,
        title=title,
        body=body,
    )


def _tonight(svc: Services, athlete_id: int) -> str | None:
    from coach.services.notices import link

    return link(svc, athlete_id, "tonight")


def send_review(svc: Services, athlete_id: int, day: date, title: str, body: str) -> bool:
    """The review's notification, sent once per athlete and day; whether it went now."""
    from coach.services.notices import REVIEW

    return send_once(svc, athlete_id, REVIEW, review_key(athlete_id, day), title, body) is not None


def export_targets(svc: Services, athlete_id: int) -> list[str]:
    """The export targets the athlete has linked (what the nightly export sends to)."""
    from coach.services.connections import detached_athlete
    from coach.services.exports import linked_targets

    return linked_targets(svc, detached_athlete(svc, MACHINE, athlete_id, write=False))


def export_one(svc: Services, athlete_id: int, day: date, *, final: bool) -> dict[str, int]:
    """Send the athlete's coming workouts to every linked target: only what is new or changed
    goes out (never a duplicate). Per target, how many were sent; a target failing for a
    reason that may pass is raised unless ``final``, then the athlete is told once."""
    from coach.services.exports import TARGET_NAMES, run_exports

    sent: dict[str, int] = {}
    for target in export_targets(svc, athlete_id):
        try:
            entries = run_exports(svc, MACHINE, athlete_id, [target]).targets.get(target, [])
            failed = [e for e in entries if e.status == "failed"]
            if failed:  # each kept as pending: the next attempt sends just these
                raise ConnectorError(
                    f"{len(failed)} of {len(entries)} workouts were not sent to {target}: "
                    f"{failed[0].error}"
                )
        except CoachError as exc:
            if transient(exc) and not final:
                raise
            failing_notice(
                svc,
                athlete_id,
                f"The {TARGET_NAMES[target]} export",
                str(exc),
                day,
                attempts=1 if not transient(exc) else svc.settings.job_attempts,
                then="Your plan is unchanged and kept; what was not sent goes with the next "
                f"export (tomorrow night, or now with `coach export --target {target}`).",
            )
            continue
        sent[target] = sum(1 for e in entries if e.status not in (None, "unchanged"))
    return sent
