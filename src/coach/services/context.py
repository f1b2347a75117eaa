"""One engine per process, one transaction per service call, and who may see what.

:class:`Services` is built once by a front end (the CLI per command, the API per process) from
the settings and a clock; every service function takes it first. :class:`Scope` says which
athletes the caller may see and how far it may change each: the person at the machine sees
every athlete (:data:`OWNER`); a user sees the athletes they own and those whose grant they
accepted, at the level granted; an API token sees the athletes it names (within its user's
reach, when it has one), read-only or not.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

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


type Level = Literal["view", "edit", "full", "own"]
"""How far a caller reaches one athlete: ``view`` reads everything; ``edit`` also changes the
training (logs, decisions on proposals, goals, plan, availability, imports, syncs); ``full`` also
the athlete's profile, connections, exports and notices; ``own`` also grants access to others and
deletes the athlete."""

LEVELS: tuple[Level, ...] = ("view", "edit", "full", "own")
"""The levels, weakest first."""

GRANTABLE: tuple[Level, ...] = ("view", "edit", "full")
"""What an athlete's owner may grant a coach."""


@dataclass(frozen=True, slots=True)
class Scope:
    """What a caller may reach: ``athlete_ids`` None means every athlete (the machine's owner);
    ``write`` False means read-only everywhere; ``granted`` holds the athletes reached through a
    coach's grant and its level (every other athlete seen is the caller's own). ``actor`` names
    the caller in the audit log."""

    athlete_ids: frozenset[int] | None = None
    write: bool = True
    actor: str = "cli"
    owner: bool = False
    """The person at the machine: may also manage users and every API token."""
    granted: dict[int, Level] = field(default_factory=dict, hash=False)
    user_id: int | None = None
    """The signed-in user (or the user whose token this is); None: the machine itself."""
    who: str = ""
    """The caller as a person reads it ("Carla Coach <carla@example.com>"); empty: the actor."""

    @property
    def display(self) -> str:
        """Who is acting, for a person: a user's name and e-mail, else what the actor is."""
        if self.who:
            return self.who
        return ACTORS.get(self.actor, self.actor)

    def sees(self, athlete_id: int) -> bool:
        return self.athlete_ids is None or athlete_id in self.athlete_ids

    def level(self, athlete_id: int) -> Level | None:
        """How far this caller reaches the athlete; None: not at all."""
        if not self.sees(athlete_id):
            return None
        if not self.write:
            return "view"
        return self.granted.get(athlete_id, "own")

    def may(self, athlete_id: int, need: Level) -> bool:
        have = self.level(athlete_id)
        return have is not None and LEVELS.index(have) >= LEVELS.index(need)

    def require(self, athlete_id: int, need: Level) -> None:
        """Forbidden unless the caller reaches the athlete at ``need`` or more (call it only
        for an athlete the caller sees: one it does not see is NotFound)."""
        if self.may(athlete_id, need):
            return
        self.require_write()
        have = self.level(athlete_id)
        if need == "own":
            raise Forbidden(
                f"your access to this athlete is {have!r}: only their owner may do this"
            )
        raise Forbidden(
            f"your access to this athlete is {have!r}: this needs {need!r} access, which only "
            "the athlete's owner can grant"
        )

    def require_write(self) -> None:
        if not self.write:
            raise Forbidden("this access is read-only: changes need a token with write access")


ACTORS = {
    "cli": "the owner (command line)",
    "web": "the owner (dashboard)",
    "worker": "the nightly run",
    "review": "the review",
}
"""How the actors that are not people read."""

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


def athlete_in(
    session: Session,
    scope: Scope,
    ref: AthleteKey,
    *,
    write: bool = False,
    need: Level | None = None,
) -> Athlete:
    """The athlete named or numbered ``ref`` (or the only one the scope sees), as the scope
    allows: one it may not see does not exist (NotFound, never a hint that it does); one it
    sees but may not change as asked (``write``: at least ``edit``; or ``need``) is Forbidden."""
    row = _athlete_seen(session, scope, ref)
    wanted: Level = need or ("edit" if write else "view")
    scope.require(row.id, wanted)
    return row


def _athlete_seen(session: Session, scope: Scope, ref: AthleteKey) -> Athlete:
    from coach.db.repo.athletes import list_athletes, resolve_athlete

    text = None if ref is None else str(ref)
    if text is None and scope.athlete_ids is not None:
        visible = list_athletes(session, scope.athlete_ids)
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
