"""A coach's page: every athlete the signed-in user reaches, each on one card — tonight's
decision (or the latest review's), the proposals waiting, the last 7 days' adherence, this
morning's form and the goals furthest behind — and the grants offered to them to accept."""

from __future__ import annotations

from coach.domain.clock import local_today
from coach.services.context import Level, Scope, Services
from coach.services.grants import GrantOut, my_grants
from coach.services.schemas import AthleteRef, Schema

ROSTER_GOALS = 2
"""How many goals a card names: those furthest behind (none on track)."""


class GoalBehind(Schema):
    id: int
    title: str
    status: str
    reason: str


class RosterEntry(Schema):
    athlete: AthleteRef
    access: Level
    today: str
    review_id: int | None
    review_date: str | None
    tonight: bool
    """The review shown is today's (else the latest, or none yet)."""
    decision: str | None
    headline: str | None
    waiting: int
    """Proposals of that review still waiting for a decision."""
    adherence_pct: float | None
    """Done against planned over the last 7 days (None: nothing was planned)."""
    form: float | None
    """This morning's form (fitness minus fatigue); None: no training load yet."""
    behind: list[GoalBehind]


class Roster(Schema):
    athletes: list[RosterEntry]
    offered: list[GrantOut]
    """Grants offered to the signed-in user, waiting for them to accept."""


def roster(svc: Services, scope: Scope) -> Roster:
    """Every athlete the caller reaches, as a coach scans them, and grants to accept."""
    from coach.services.athletes import list_athletes
    from coach.services.reviews import list_reviews
    from coach.services.status import status

    entries = []
    for brief in list_athletes(svc, scope):
        now = status(svc, scope, brief.id)
        athlete = now.athlete
        today = local_today(svc.clock, athlete.timezone)
        latest = next(iter(list_reviews(svc, scope, athlete.id, limit=1)), None)
        behind = sorted(
            (g for g in now.goals if g.status not in ("on track", "no data")),
            key=lambda g: -g.behind,
        )[:ROSTER_GOALS]
        level = scope.level(athlete.id)
        assert level is not None  # listed: seen
        entries.append(
            RosterEntry(
                athlete=athlete,
                access=level,
                today=today.isoformat(),
                review_id=None if latest is None else latest.review_id,
                review_date=None if latest is None else latest.date.isoformat(),
                tonight=latest is not None and latest.date == today,
                decision=None if latest is None else latest.decision,
                headline=None if latest is None else latest.headline,
                waiting=0
                if latest is None
                else sum(1 for p in latest.proposals if p.status == "proposed"),
                adherence_pct=now.last_7_days.adherence_pct,
                form=None if now.load is None else now.load.form,
                behind=[
                    GoalBehind(id=g.id, title=g.title, status=g.status, reason=g.reason)
                    for g in behind
                ],
            )
        )
    offered = [g for g in my_grants(svc, scope) if g.state == "pending"]
    return Roster(athletes=entries, offered=offered)
