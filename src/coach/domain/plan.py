"""Statuses of plans, planned workouts, proposals and exports."""

from __future__ import annotations

from enum import StrEnum


class PlanStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class WorkoutStatus(StrEnum):
    PLANNED = "planned"
    COMPLETED = "completed"
    MISSED = "missed"
    SKIPPED = "skipped"


class AdjustmentStatus(StrEnum):
    """A proposal: proposed -> approved | rejected; approved -> applied (a new plan version)."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPLIED = "applied"


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
