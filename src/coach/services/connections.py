"""Linked sources (Garmin Connect, Hevy): link, sync one or every one, status, unlink. Every
source is a registered :class:`~coach.intake.connector.Connector`; credentials live in
:mod:`coach.accounts`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

from coach.domain.clock import local_today
from coach.domain.errors import CoachError, NotFound, ValidationFailed
from coach.services.context import AthleteKey, Level, Scope, Services, athlete_in, not_ahead
from coach.services.schemas import LinkStatus, SyncResult

if TYPE_CHECKING:
    from coach.connectors.hevy.client import HevyClient
    from coach.db.models import Athlete
    from coach.intake.connector import Connector, Progress


def _connector(source: str) -> Connector:
    from coach.intake.connector import connectors

    found = connectors()
    if source not in found:
        raise NotFound(f"no source {source!r}: use {', '.join(found)}")
    return found[source]


def label(source: str) -> str:
    """How a source is named to a person (Garmin Connect, Hevy)."""
    return _connector(source).label


def sources() -> list[str]:
    """The names of the sources a person may link, in sync order."""
    from coach.intake.connector import connectors

    return list(connectors())


def detached_athlete(
    svc: Services, scope: Scope, athlete: AthleteKey, *, write: bool, need: Level | None = None
) -> Athlete:
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete, write=write, need=need)
        session.expunge(row)
    return row


def linked(svc: Services, athlete: Athlete) -> list[str]:
    """The names of the sources linked for the athlete, in sync order."""
    from coach.accounts import is_linked
    from coach.intake.connector import connectors

    return [name for name in connectors() if is_linked(svc.engine, svc.settings, athlete, name)]


def sync(
    svc: Services,
    scope: Scope,
    athlete: AthleteKey,
    source: str,
    *,
    since: date | None = None,
    progress: Progress | None = None,
) -> SyncResult:
    """Sync one source; its failure is raised (AuthError 77, RateLimited 75, ConnectorError 69)."""
    connector = _connector(source)
    row = detached_athlete(svc, scope, athlete, write=True)
    today = local_today(svc.clock, row.timezone)
    if since is not None:
        not_ahead(svc, row, since, "--since")
    done = connector.sync(
        svc.engine, svc.settings, svc.clock, row, today=today, since=since, progress=progress
    )
    return SyncResult(
        source=connector.name,
        label=connector.label,
        ok=True,
        summary=done.summary,
        report=done.report,
        rejected=done.rejected,
        problems=done.problems,
    )


def sync_linked(svc: Services, scope: Scope, athlete: AthleteKey) -> list[SyncResult]:
    """Every linked source in turn; a failing one is reported and the others go on."""
    row = detached_athlete(svc, scope, athlete, write=True)
    results = []
    for name in linked(svc, row):
        connector = _connector(name)
        try:
            results.append(sync(svc, scope, row.id, name))
        except CoachError as exc:
            results.append(
                SyncResult(
                    source=name,
                    label=connector.label,
                    ok=False,
                    summary=f"{connector.label} failed: {exc}",
                    report={"error": str(exc)},
                )
            )
    return results


def status(svc: Services, scope: Scope, athlete: AthleteKey, source: str) -> LinkStatus:
    from coach.accounts import HEVY, is_linked
    from coach.db.repo.credentials import has_credential
    from coach.db.repo.sync_states import get_sync_state

    connector = _connector(source)
    with svc.unit() as session:
        row = athlete_in(session, scope, athlete)
        stored = has_credential(session, row.id, source)
        state = get_sync_state(session, row.id, source)
        session.expunge(row)
    usable = is_linked(svc.engine, svc.settings, row, source)
    credential = "stored" if stored else None
    if source == HEVY and usable and not stored:
        credential = "COACH_HEVY_API_KEY"
    return LinkStatus(
        source=source,
        label=connector.label,
        linked=usable,
        credential=credential,
        last_synced_at=state.last_synced_at if state else None,
        synced_through=state.cursor if state else None,
    )


def link_garmin(svc: Services, scope: Scope, athlete: AthleteKey, tokens: dict[str, Any]) -> str:
    """Keep a Garmin session's tokens, encrypted (never a password)."""
    from coach.accounts import save_garmin_tokens

    row = detached_athlete(svc, scope, athlete, write=True, need="full")
    save_garmin_tokens(svc.engine, svc.settings, row, tokens)
    return row.name


def link_hevy(svc: Services, scope: Scope, athlete: AthleteKey, key: str) -> str:
    """Check an API key against Hevy and keep it, encrypted; the Hevy account's name."""
    from coach.accounts import save_hevy_key
    from coach.intake.hevy.sync import make_client

    key = key.strip()
    if not key:
        raise ValidationFailed("an empty API key: copy it from hevy.com/settings?developer")
    row = detached_athlete(svc, scope, athlete, write=True, need="full")
    with make_client(svc.settings, key) as client:
        user = client.user_info()
    save_hevy_key(svc.engine, svc.settings, row, key)
    return str(user.name or user.id or "this account")


def unlink(svc: Services, scope: Scope, athlete: AthleteKey, source: str) -> bool:
    """Forget the stored credential of ``source``; whether there was one."""
    from coach.accounts import forget

    _connector(source)
    row = detached_athlete(svc, scope, athlete, write=True, need="full")
    return forget(svc.engine, row, source)


@contextmanager
def hevy_client(svc: Services, athlete: Athlete) -> Iterator[HevyClient]:
    from coach.accounts import hevy_key
    from coach.intake.hevy.sync import make_client

    with make_client(svc.settings, hevy_key(svc.engine, svc.settings, athlete)) as client:
        yield client
