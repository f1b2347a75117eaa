"""One engine per process, one transaction per service call, and who may see what.

:class:`Services` is built once by a front end (the CLI per command, the API per process) from
the settings and a clock; every service function takes it first. :class:`Scope` says which
athletes the caller may see and whether it may change them: the person at the machine sees
every athlete (:data:`OWNER`); an API token sees the athletes it names, read-only or not.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coach.config import Settings
from coach.domain.clock import Clock, SystemClock, local_today
from coach.domain.errors import Ambiguous, CoachError, Forbidden, NotFound, ValidationFailed
from coach.services.cache import ReadCache

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from coach.db.models import Athlete
    from coach.services.schemas import AthleteRef


type AthleteKey = str | int | None
"""An athlete by name or id; None: the only athlete the caller sees."""


@dataclass(frozen=True, slots=True)
class Scope:
    """What a caller may reach: ``athlete_ids`` None means every athlete (the machine's owner);
    ``write`` False means read-only. ``actor`` names the caller in the audit log."""

    athlete_ids: frozenset[int] | None = None
    write: bool = True
    actor: str = "cli"
    owner: bool = False
    """The person at the machine: may also manage API tokens."""

    def sees(self, athlete_id: int) -> bool:
        return self.athlete_ids is None or athlete_id in self.athlete_ids

    def require_write(self) -> None:
        if not self.write:
            raise Forbidden("this access is read-only: changes need a token with write access")


OWNER = Scope(owner=True)
"""The person at the machine: every athlete, read and write (the CLI)."""


@dataclass
class Services:
    """The settings, the clock, the process's one database engine (made on first use, its
    schema checked once) and its cache of heavy read answers."""

    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    cache: ReadCache = field(init=False, repr=False)
    _engine: Engine | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.cache = ReadCache(self.settings.read_cache_entries)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    from coach.db.migrate import ensure_schema
                    from coach.db.session import make_engine

                    engine = make_engine(self.settings)
                    try:
                        ensure_schema(engine)
                    except BaseException:
                        engine.dispose()
                        raise
                    self._engine = engine
        return self._engine

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        from coach.db.session import session_scope

        with session_scope(self.engine) as session:
            yield session

    def athlete_folder(self, athlete_id: int) -> Path:
        """The folder of one athlete's own files (raw archive, outbox, calendar), made 0700."""
        from coach.privacy import private_dir

        private_dir(self.settings.home)
        return private_dir(self.settings.athlete_home(athlete_id))

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def athlete_in(session: Session, scope: Scope, ref: AthleteKey, *, write: bool = False) -> Athlete:
    """The athlete named or numbered ``ref`` (or the only one the scope sees), as the scope
    allows: one it may not see does not exist (NotFound, never a hint that it does)."""
    from coach.db.repo.athletes import list_athletes, resolve_athlete

    if write:
        scope.require_write()
    text = None if ref is None else str(ref)
    if text is None and scope.athlete_ids is not None:
        visible = [row for row in list_athletes(session) if scope.sees(row.id)]
        if len(visible) == 1:
            return visible[0]
        if not visible:
            raise NotFound("this access reaches no athlete")
        names = ", ".join(row.name for row in visible)
        raise Ambiguous(f"{len(visible)} athletes ({names}): choose one")
    row = resolve_athlete(session, text)
    if not scope.sees(row.id):
        raise NotFound(f"no athlete {text!r}: `coach athlete list` shows who exists")
    return row


def athlete_ref(row: Athlete) -> AthleteRef:
    """Who an answer is about: id, name and what reading it needs (units, time zone, pool)."""
    from coach.services.schemas import AthleteRef

    return AthleteRef(
        id=row.id,
        name=row.name,
        unit_system=row.unit_system,
        timezone=row.timezone,
        pool_unit=row.pool_unit,
    )


def not_ahead(svc: Services, athlete: Athlete, day: date, what: str, why: str = "") -> date:
    """``day``, refused when it is after the athlete's today (in their time zone)."""
    today = local_today(svc.clock, athlete.timezone)
    if day > today:
        reason = f": {why}" if why else ""
        raise ValidationFailed(f"{what} {day} is in the future (today is {today}){reason}")
    return day


def failure_of(exc: BaseException) -> CoachError | None:
    """The one line (and exit code / HTTP status) of a database failure that escaped a unit of
    work; None when ``exc`` is not one."""
    from sqlalchemy.exc import SQLAlchemyError

    from coach.db.session import database_failure

    return database_failure(exc) if isinstance(exc, SQLAlchemyError) else None
