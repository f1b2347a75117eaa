"""Linked accounts, in one place: the Garmin Connect session and the Hevy API key of each
athlete — read, stored encrypted (Fernet, the key from COACH_SECRET_KEY or the key file),
forgotten. Connectors ask here; nothing else reads a credential.

An API key from the environment (COACH_HEVY_API_KEY) belongs to one athlete: the one
COACH_HEVY_ATHLETE names, or the only athlete there is. It is never used for anyone else.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from coach.config import Settings
from coach.db.models import Athlete
from coach.db.repo.athletes import list_athletes
from coach.db.repo.credentials import (
    delete_credential,
    has_credential,
    load_credential,
    save_credential,
    secret_cipher,
)
from coach.db.session import session_scope
from coach.domain.errors import AuthError

GARMIN = "garmin"
HEVY = "hevy"
SOURCES = (GARMIN, HEVY)


def is_linked(engine: Engine, settings: Settings, athlete: Athlete, source: str) -> bool:
    """Whether ``source`` can be reached for the athlete (stored credential or own env key)."""
    if source == HEVY and _env_key_is_for(engine, settings, athlete):
        return True
    with session_scope(engine) as session:
        return has_credential(session, athlete.id, source)


def garmin_tokens(engine: Engine, settings: Settings, athlete: Athlete) -> dict[str, Any]:
    with session_scope(engine) as session:
        tokens = load_credential(session, secret_cipher(settings), athlete.id, GARMIN)
    if tokens is None:
        raise AuthError("not linked to Garmin Connect: run `coach garmin login` first")
    return tokens


def save_garmin_tokens(
    engine: Engine, settings: Settings, athlete: Athlete, tokens: dict[str, Any]
) -> None:
    with session_scope(engine) as session:
        save_credential(session, secret_cipher(settings), athlete.id, GARMIN, tokens)


def hevy_key(engine: Engine, settings: Settings, athlete: Athlete) -> str:
    """The athlete's own COACH_HEVY_API_KEY, else the key stored by ``coach hevy login``."""
    if settings.hevy_api_key is not None and _env_key_is_for(engine, settings, athlete):
        return settings.hevy_api_key.get_secret_value()
    with session_scope(engine) as session:
        stored = load_credential(session, secret_cipher(settings), athlete.id, HEVY)
    if not stored or not stored.get("api_key"):
        raise AuthError(
            "not linked to Hevy: set COACH_HEVY_API_KEY or run `coach hevy login` "
            "(key from hevy.com/settings?developer, needs Hevy Pro)"
        )
    return str(stored["api_key"])


def save_hevy_key(engine: Engine, settings: Settings, athlete: Athlete, key: str) -> None:
    with session_scope(engine) as session:
        save_credential(session, secret_cipher(settings), athlete.id, HEVY, {"api_key": key})


def forget(engine: Engine, athlete: Athlete, source: str) -> bool:
    """Delete the stored credential; whether there was one."""
    with session_scope(engine) as session:
        return delete_credential(session, athlete.id, source)


def _env_key_is_for(engine: Engine, settings: Settings, athlete: Athlete) -> bool:
    if settings.hevy_api_key is None:
        return False
    owner = (settings.hevy_athlete or "").strip()
    if owner:
        return owner.lower() == athlete.name.lower() or owner == str(athlete.id)
    with session_scope(engine) as session:
        return [row.id for row in list_athletes(session)] == [athlete.id]
