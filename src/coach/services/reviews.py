"""The evening review: sync (optional) → review → approve or reject → export at once.

Approving applies each chosen proposal as a new plan version and then exports the changed
workouts to every linked target in the same call; an export failure is reported beside the
approval and never undoes it."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from coach.domain.clock import local_today
from coach.domain.errors import Busy, CoachError, ValidationFailed
from coach.domain.plan import AdjustmentStatus
from coach.services.context import AthleteKey, Scope, Services, athlete_in, not_ahead
from coach.services.schemas import (
    Approved,
    AthleteReview,
    DataGap,
    EveryReview,
    FlagOut,
    FreshnessOut,
    ProposalBrief,
    ProposalOut,
    ReadinessOut,
    Rejected,
    ReviewBrief,
    ReviewFailure,
    ReviewOut,
    SourceFreshness,
    StoredReview,
    Undone,
)

if TYPE_CHECKING:
    from coach.analysis.freshness import Freshness
    from coach.analysis.pmc import LoadThresholds
    from coach.analysis.readiness import Readiness
    from coach.config import Settings
    from coach.db.models import Athlete, PlanAdjustment

BUSY_RETRY_S = 0.5
"""How long a decision waits before its one retry when another coach process held the database."""


def load_thresholds(settings: Settings) -> LoadThresholds:
    from coach.analysis.pmc import LoadThresholds

    return LoadThresholds(
        form_low=settings.form_low,
        form_low_days=settings.form_low_days,
        ramp_high=settings.ramp_high_per_week,
        monotony_high=settings.monotony_high,
        strain_high=settings.strain_high,
        acwr_high=settings.acwr_high,
    )


def proposal_out(row: PlanAdjustment) -> ProposalOut:
    return ProposalOut(
        number=row.number,
        id=row.id,
        rule=row.rule_id,
        title=row.title,
        rationale=row.rationale,
        effect=row.effect,
        evidence=row.evidence,
        operations=row.operations,
        status=row.status.value,
        decided_at=row.decided_at,
        decided_by=row.decided_by,
        reason=row.decision_reason,
    )


def readiness_out(readiness: Readiness) -> ReadinessOut:
    return ReadinessOut(
        light=readiness.light.value,
        logged_today=readiness.logged,
        flags=[
            FlagOut(name=f.name, value=f.value, text=f.text, severe=f.severe)
            for f in readiness.flags
        ],
        trend=[FlagOut(name=f.name, value=round(f.value, 2), text=f.text) for f in readiness.trend],
    )


def freshness_out(freshness: Freshness) -> FreshnessOut:
    gap = freshness.gap
    return FreshnessOut(
        sources=[
            SourceFreshness(
                source=s.source,
                newest_activity=s.last_activity,
                last_sync=s.last_sync,
                last_error=s.last_error,
            )
            for s in freshness.sources
        ],
        gap=None if gap is None else DataGap(since=gap.since, days=gap.days, sessions_due=gap.due),
    )


def run(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    day: date | None = None,
    *,
    sync: bool = False,
) -> ReviewOut:
    """Review ``day`` (default: today; never a day still ahead) and keep it; reviewing a day
    again updates its review and keeps the proposals' numbers. ``sync`` pulls every linked
    source first (a failing one is reported in ``sync``; the review goes on)."""
    from coach.review.daily import run_review
    from coach.services.connections import sync_linked

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=True)
        when = local_today(svc.clock, row.timezone) if day is None else day
        not_ahead(svc, row, when, "--date", "a review looks back at a day that has been")
        athlete_id = row.id
    synced = [r.summary for r in sync_linked(svc, scope, athlete_id)] if sync else []
    if sync and not synced:
        synced = ["No source is linked (coach garmin login, coach hevy login)."]
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete_id, write=True)
        result = run_review(session, svc.clock, row, when, load_thresholds(svc.settings))
        review = ReviewOut(
            review_id=result.review.id,
            date=when,
            sync=synced,
            decision=result.decision.verdict.value,
            headline=result.headline,
            readiness=readiness_out(result.context.readiness),
            data=freshness_out(result.report.freshness),
            insights=result.insights,
            proposals=[proposal_out(p) for p in result.proposals],
            next_week_focus=result.focus,
        )
    narrative, error = _narrative(svc.settings, review)
    return review.model_copy(update={"narrative": narrative, "narrative_error": error})


def run_every_athlete(
    svc: Services, scope: Scope, day: date | None = None, *, sync: bool = False
) -> EveryReview:
    """Every athlete's review in turn (each on ``day`` or their own today); one athlete's
    failure is kept as its line and the others go on."""
    from coach.services.athletes import list_athletes

    done, failures = [], []
    for athlete in list_athletes(svc, scope):
        try:
            review = run(svc, scope, athlete.id, day, sync=sync)
        except CoachError as exc:
            failures.append(
                ReviewFailure(athlete=athlete.name, error=str(exc), exit_code=exc.exit_code)
            )
            continue
        done.append(
            AthleteReview(athlete=athlete.name, athlete_id=athlete.id, **review.model_dump())
        )
    return EveryReview(reviews=done, failures=failures)


def run_due(svc: Services, scope: Scope, *, sync: bool = False) -> EveryReview:
    """The review of every athlete whose evening has come where they live (``COACH_REVIEW_TIME``
    on their own clock) and whose review of that day does not exist yet: running it twice makes
    one review. One athlete's failure is its line; the others go on."""
    from coach.services.nightly import due_reviews

    done, failures = [], []
    for due in due_reviews(svc, svc.clock.now()):
        if not scope.sees(due.athlete_id):
            continue
        try:
            review = run(svc, scope, due.athlete_id, due.day, sync=sync)
        except CoachError as exc:
            failures.append(
                ReviewFailure(athlete=due.name, error=str(exc), exit_code=exc.exit_code)
            )
            continue
        done.append(
            AthleteReview(athlete=due.name, athlete_id=due.athlete_id, **review.model_dump())
        )
    return EveryReview(reviews=done, failures=failures)


def _narrative(settings: Settings, review: ReviewOut) -> tuple[str | None, str | None]:
    """The LLM's note when COACH_LLM_PROVIDER is set: (note, None), or (None, why not) when it
    is off or fails (the template text stands)."""
    if not settings.llm_provider:
        return None, None
    from coach.connectors.llm import LlmConfig, narrate

    key = settings.anthropic_api_key.get_secret_value() if settings.anthropic_api_key else ""
    key = key or os.environ.get("ANTHROPIC_API_KEY", "")
    if not key:
        return None, "COACH_LLM_PROVIDER is set but no API key (COACH_ANTHROPIC_API_KEY)"
    config = LlmConfig(
        settings.llm_provider,
        key,
        settings.llm_model,
        settings.llm_base_url,
        settings.llm_timeout_s,
    )
    try:
        return narrate(config, review.model_dump(mode="json")), None
    except CoachError as exc:
        return None, str(exc)


def summary_text(
    review: ReviewOut, athlete_name: str | None = None, link: str | None = None
) -> tuple[str, str]:
    """(title, body) of the review as a notification: plain text, proposals numbered; the
    athlete named when one coach reviews several; the dashboard's Tonight page last, when
    known."""
    count = len(review.proposals)
    whose = f"{athlete_name}'s " if athlete_name else ""
    title = f"coach: {whose}{review.date:%a %d %b} review, " + (
        f"{count} proposal{'s' if count != 1 else ''}" if count else "no changes"
    )
    lines = [review.headline]
    lines += [review.narrative, ""] if review.narrative else []
    lines += [f"- {line}" for line in review.insights]
    lines += [
        f"{p.number}. {p.title}: {p.rationale}" + (f" Expected: {p.effect}" if p.effect else "")
        for p in review.proposals
    ]
    lines.append(review.next_week_focus)
    if count:
        lines.append(
            f"Answer with: coach review approve {review.review_id} --all (or numbers), "
            f"coach review reject {review.review_id} N --reason ..."
        )
    if link:
        lines.append(f"Tonight: {link}")
    return title, "\n".join(lines)


def notify_destinations(svc: Services) -> int:
    """How many places COACH_NOTIFY_URL names (the URLs themselves are secret)."""
    from coach.connectors.notify import notify_urls

    urls = svc.settings.notify_url
    return 0 if urls is None else len(notify_urls(urls.get_secret_value()))


def notify(
    svc: Services,
    review: ReviewOut,
    athlete_name: str | None = None,
    athlete_id: int | None = None,
    *,
    once: bool = False,
) -> int:
    """Send the review to COACH_NOTIFY_URL, with a link to the athlete's Tonight page when
    COACH_PUBLIC_URL is set; how many services took it (0: none set). ``once``: not when this
    athlete's review of that day was sent before (the timer's and the worker's way)."""
    from coach.connectors.notify import send
    from coach.services.notices import REVIEW, link, review_key, send_once

    if svc.settings.notify_url is None:
        return 0
    page = link(svc, athlete_id, "tonight") if athlete_id is not None else None
    title, body = summary_text(review, athlete_name, page)
    if once and athlete_id is not None:
        key = review_key(athlete_id, review.date)
        done = send_once(svc, athlete_id, REVIEW, key, title, body)
        return 0 if done is None else done.delivered
    return send(svc.settings.notify_url.get_secret_value(), title, body)


def _pick(rows: list[PlanAdjustment], numbers: list[int], every: bool) -> list[PlanAdjustment]:
    """The proposals named by their stable numbers (or every open one); a number that names no
    proposal of the review is refused before anything changes."""
    if every:
        return [r for r in rows if r.status is AdjustmentStatus.PROPOSED]
    if not numbers:
        raise ValidationFailed("give proposal numbers or --all")
    by_number = {r.number: r for r in rows}
    bad = [n for n in numbers if n not in by_number]
    if bad:
        known = ", ".join(str(r.number) for r in rows) or "none"
        raise ValidationFailed(f"no proposal {bad[0]} in this review (its proposals: {known})")
    return [by_number[n] for n in dict.fromkeys(numbers)]


def _with_retry[T](work: Callable[[], T]) -> T:
    """Run a unit of work; when another coach process held the database, once more: the
    second try sees what the other one did (and refuses, if it decided the same proposal)."""
    try:
        return work()
    except Busy:
        time.sleep(BUSY_RETRY_S)
        return work()


def approve(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    review_id: int,
    numbers: list[int],
    *,
    every: bool = False,
) -> Approved:
    """Apply proposals (each a new plan version), then export the changed plan at once."""
    from coach.db.repo.reviews import adjustments_of, get_review
    from coach.review.approve import approve as apply
    from coach.services.exports import export_after_change

    def work() -> tuple[list[int], Athlete]:
        with svc.unit() as session:
            row = athlete_in(session, scope, athlete, write=True)
            get_review(session, row.id, review_id)
            chosen = _pick(adjustments_of(session, review_id), numbers, every)
            versions = [
                apply(session, svc.clock, row, a, actor=scope.actor, by=scope.display).version
                for a in chosen
            ]
            session.expunge(row)
            return versions, row

    versions, row = _with_retry(work)
    if not versions:
        return Approved(approved=0, plan_versions=[], exported={}, export_error=None)
    after = export_after_change(svc, row)
    return Approved(
        approved=len(versions),
        plan_versions=versions,
        exported=after.exported,
        export_error=after.export_error,
    )


def reject(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    review_id: int,
    numbers: list[int],
    *,
    every: bool = False,
    reason: str | None = None,
) -> Rejected:
    """Turn proposals down; the plan stays as it is and the reason is kept."""
    from coach.db.repo.reviews import adjustments_of, get_review
    from coach.review.approve import reject as turn_down

    def work() -> int:
        with svc.unit() as session:
            row = athlete_in(session, scope, athlete, write=True)
            get_review(session, row.id, review_id)
            chosen = _pick(adjustments_of(session, review_id), numbers, every)
            for adjustment in chosen:
                turn_down(
                    session,
                    svc.clock,
                    row,
                    adjustment,
                    reason,
                    actor=scope.actor,
                    by=scope.display,
                )
            return len(chosen)

    return Rejected(rejected=_with_retry(work))


def undo(svc: Services, scope: Scope, athlete: AthleteKey, review_id: int, number: int) -> Undone:
    """Take an approved change back (a new plan version as before it), exported at once."""
    from coach.db.repo.reviews import adjustments_of, get_review
    from coach.review.approve import undo as take_back
    from coach.services.exports import export_after_change

    def work() -> tuple[int, Athlete]:
        with svc.unit() as session:
            row = athlete_in(session, scope, athlete, write=True)
            get_review(session, row.id, review_id)
            (adjustment,) = _pick(adjustments_of(session, review_id), [number], False)
            version = take_back(
                session, svc.clock, row, adjustment, actor=scope.actor, by=scope.display
            ).version
            session.expunge(row)
            return version, row

    version, row = _with_retry(work)
    after = export_after_change(svc, row)
    return Undone(
        undone=number,
        plan_version=version,
        exported=after.exported,
        export_error=after.export_error,
    )


def list_reviews(
    svc: Services, scope: Scope, athlete: AthleteKey, limit: int = 30
) -> list[ReviewBrief]:
    """Past reviews, newest first: the decision and what became of each proposal."""
    from coach.db.repo.reviews import adjustments_of
    from coach.db.repo.reviews import list_reviews as stored

    if limit < 1:
        raise ValidationFailed("limit must be at least 1")
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        return [
            ReviewBrief(
                review_id=review.id,
                date=review.review_date,
                decision=review.decision,
                headline=review.headline,
                proposals=[
                    ProposalBrief(number=a.number, title=a.title, status=a.status.value)
                    for a in adjustments_of(session, review.id)
                ],
            )
            for review in stored(session, row.id, limit)
        ]


def show(svc: Services, scope: Scope, athlete: AthleteKey, review_id: int) -> StoredReview:
    """A stored review with its proposals and what became of them."""
    from coach.db.repo.reviews import adjustments_of, get_review

    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        stored = get_review(session, row.id, review_id)
        return StoredReview(
            review_id=stored.id,
            date=stored.review_date,
            decision=stored.decision,
            headline=stored.headline,
            insights=stored.insights.splitlines(),
            planned_vs_actual=stored.planned_vs_actual,
            next_week_focus=stored.next_week_focus,
            proposals=[proposal_out(p) for p in adjustments_of(session, review_id)],
        )
