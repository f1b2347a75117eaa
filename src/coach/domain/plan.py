"""Statuses of plans, planned workouts, proposals and exports; what makes two changes the same."""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum
from typing import Any


class PlanStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class WorkoutStatus(StrEnum):
    PLANNED = "planned"
    COMPLETED = "completed"
    MISSED = "missed"
    SKIPPED = "skipped"


class AdjustmentStatus(StrEnum):
    """A proposal: proposed -> applied (a new plan version) | rejected | withdrawn (a later
    review of the same evening no longer proposes it); applied -> undone (a new plan version
    back as it was)."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPLIED = "applied"
    WITHDRAWN = "withdrawn"
    UNDONE = "undone"


class ExportTarget(StrEnum):
    FIT = "fit"
    GARMIN = "garmin"
    HEVY = "hevy"
    ICS = "ics"


class ExportStatus(StrEnum):
    PENDING = "pending"
    EXPORTED = "exported"
    FAILED = "failed"
    REMOVED = "removed"


class DataSource(StrEnum):
    """Where an activity or metric came from."""

    GARMIN = "garmin"
    HEVY = "hevy"
    FIT_FILE = "fit_file"
    HEVY_CSV = "hevy_csv"
    STRONG_CSV = "strong_csv"
    MANUAL = "manual"
    PROFILE = "profile"


def change_key(rule_id: str, operations: Sequence[tuple[str, object, dict[str, Any]]]) -> str:
    """A change's identity: its rule and its operations, each naming its workout by uid (or id,
    when no uid is known) — so "the same change" is recognised across reviews and plan
    versions, and an applied or rejected change is not proposed again."""
    parts = sorted(
        json.dumps([kind, str(target), params], sort_keys=True, default=str)
        for kind, target, params in operations
    )
    return json.dumps([rule_id, parts])
