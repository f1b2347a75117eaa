"""Health episodes (illness, injury, travel): logged, ended, read for the review."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from coach.db.models import Athlete, HealthEpisode
from coach.db.repo import audit
from coach.domain.clock import Clock
from coach.domain.errors import NotFound
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
    session: Session, clock: Clock, athlete: Athlete, kinds: tuple[EpisodeKind, ...], on: date
) -> list[Episode]:
    """Close the open episodes of ``kinds`` on ``on`` (the last day with symptoms)."""
    rows = open_episodes(session, athlete, kinds)
    if not rows:
        named = " or ".join(kind.value for kind in kinds)
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
