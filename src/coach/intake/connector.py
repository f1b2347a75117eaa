"""The one shape of a linked source (Garmin Connect, Hevy, …) and the registry of them.

A source is a folder under ``coach.intake`` with a ``connector`` module whose ``CONNECTOR``
implements :class:`Connector`; adding one is that folder plus one line in
:data:`CONNECTOR_MODULES`. Credentials live in :mod:`coach.accounts` under the connector's name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Engine

from coach.config import Settings
from coach.db.models import Athlete
from coach.domain.clock import Clock

CONNECTOR_MODULES = (
    "coach.intake.garmin.connector",
    "coach.intake.hevy.connector",
)
"""Every linked source, in the order a review syncs them."""

Progress = Callable[[int, int | None, str], None]
"""(done, total or None, what) while a sync runs."""


@dataclass(frozen=True, slots=True)
class SyncDone:
    """What one sync brought: a line for a person, the report for ``--json`` and the API, and
    how many items could not be read (a partial sync)."""

    summary: str
    report: dict[str, Any]
    rejected: int = 0
    problems: list[str] = field(default_factory=list)


class Connector(Protocol):
    name: str
    """The credential's and sync state's name, e.g. ``garmin``."""
    label: str
    """For people, e.g. ``Garmin Connect``."""

    def sync(
        self,
        engine: Engine,
        settings: Settings,
        clock: Clock,
        athlete: Athlete,
        *,
        today: date,
        since: date | None = None,
        progress: Progress | None = None,
    ) -> SyncDone:
        """Pull what is new; raise AuthError, RateLimited or ConnectorError on failure."""
        ...


def connectors() -> dict[str, Connector]:
    """Every registered connector by name (modules imported on first use)."""
    found: dict[str, Connector] = {}
    for module in CONNECTOR_MODULES:
        connector: Connector = importlib.import_module(module).CONNECTOR
        found[connector.name] = connector
    return found
