"""Health episodes (illness, injury, travel): logged, ended, read for the review."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from coach.db.models import Athlete, HealthEpisode
from coach.db.repo import audit
from coach.domain.clock import Clock
from coach.domain.errors import Ambiguous, NotFound
from coach.domain.health import Episode, EpisodeKind


def _to_episode(row: HealthEpisode) -> Episode:
    return Episode(
        id=row.id,
        kind=row.kind,
        start=row.start_date,
        end=row.end_date,
        fever=row.fever,
        chest=row.chest,
        area=row.area,
        windows=tuple(row.windows),
        note=row.note,
    )


def add_episode(session: Session, clock: Clock, athlete: Athlete, episode: Episode) -> Episode:
    row = HealthEpisode(
        athlete_id=athlete.id,
        kind=episode.kind,
        start_date=episode.start,
        end_date=episode.end,
        fever=episode.fever,
        chest=episode.chest,
        area=episode.area,
        windows=list(episode.windows),
        note=episode.note,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        clock,
        actor="cli",
        action=f"episode.{episode.kind.value}",
        entity="health_episode",
        entity_id=row.id,
        athlete_id=athlete.id,
        details=episode.model_dump(mode="json", exclude={"id"}),
    )
    return _to_episode(row)


def add_or_update_illness(
    session: Session, clock: Clock, athlete: Athlete, episode: Episode
) -> Episode:
    """A new illness, or, while one is open, that one with the new symptoms added (a cold that
    turns into a fever is one illness)."""
    (row, *_) = open_episodes(session, athlete, (EpisodeKind.ILLNESS,)) or (None,)
    if row is None:
        return add_episode(session, clock, athlete, episode)
    row.fever = row.fever or episode.fever
    row.chest = row.chest or episode.chest
    row.note = episode.note or row.note
    session.flush()
    audit.record(
        session,
        clock,
        actor="cli",
        action="episode.update",
        entity="health_episode",
        entity_id=row.id,
        athlete_id=athlete.id,
        details={"fever": row.fever, "chest": row.chest},
    )
    return _to_episode(row)


def open_episodes(
    session: Session, athlete: Athlete, kinds: tuple[EpisodeKind, ...]
) -> list[HealthEpisode]:
    return list(
        session.scalars(
            select(HealthEpisode)
            .where(
                HealthEpisode.athlete_id == athlete.id,
                HealthEpisode.kind.in_(kinds),
                HealthEpisode.end_date.is_(None),
            )
            .order_by(HealthEpisode.start_date)
        )
    )


def end_episodes(
    session: Session, clock: Clock, athlete: Athlete, what: str | None, on: date
) -> list[Episode]:
    """Close open episodes on ``on`` (the last day with symptoms): ``what`` is ``illness``,
    ``injury`` (every open injury), a body area (that injury), or None for the only kind open."""
    rows = open_episodes(session, athlete, (EpisodeKind.ILLNESS, EpisodeKind.INJURY))
    if what is not None:
        key = what.strip().lower()
        rows = [r for r in rows if key in (r.kind.value, r.area.value if r.area else "")]
    elif len({r.kind for r in rows}) > 1:
        areas = ", ".join(sorted(r.area.value for r in rows if r.area))
        raise Ambiguous(
            f"an illness and an injury ({areas}) are open: say which is over, e.g. "
            "`coach log recovered illness`"
        )
    if not rows:
        named = f"{what}" if what else "illness or injury"
        raise NotFound(f"{athlete.name} has no open {named} to end")
    ended = []
    for row in rows:
        row.end_date = max(on, row.start_date)
        session.flush()
        audit.record(
            session,
            clock,
            actor="cli",
            action="episode.end",
            entity="health_episode",
            entity_id=row.id,
            athlete_id=athlete.id,
            details={"end": row.end_date.isoformat()},
        )
        ended.append(_to_episode(row))
    return ended


def episodes_since(session: Session, athlete_id: int, since: date) -> list[Episode]:
    """Episodes still open or ending on or after ``since``, oldest first."""
    rows = session.scalars(
        select(HealthEpisode)
        .where(
            HealthEpisode.athlete_id == athlete_id,
            or_(HealthEpisode.end_date.is_(None), HealthEpisode.end_date >= since),
        )
        .order_by(HealthEpisode.start_date, HealthEpisode.id)
    )
    return [_to_episode(row) for row in rows]
