"""Every table, one module per aggregate. Importing this package registers them all on Base."""

from coach.db.models.access import ApiToken, Job, SentNotice
from coach.db.models.activity import (
    ActivityLap,
    ActivityStream,
    CompletedActivity,
    StrengthSetRow,
    SwimLength,
)
from coach.db.models.athlete import Athlete, AvailabilityWindowRow, Credential, GoalRow
from coach.db.models.audit import AuditEntry
from coach.db.models.health import HealthEpisode
from coach.db.models.metric import ProgressMetric
from coach.db.models.plan import PlanAdjustment, PlannedWorkout, PlanVersion, TrainingPlan
from coach.db.models.review import DailyReview
from coach.db.models.sync import ExportRecord, SyncState
from coach.db.models.users import (
    AthleteGrant,
    AthleteOwner,
    OneTimeCode,
    SignInFailure,
    TokenUser,
    User,
    WebSessionRow,
)

__all__ = [
    "ActivityLap",
    "ActivityStream",
    "ApiToken",
    "Athlete",
    "AthleteGrant",
    "AthleteOwner",
    "AuditEntry",
    "AvailabilityWindowRow",
    "CompletedActivity",
    "Credential",
    "DailyReview",
    "ExportRecord",
    "GoalRow",
    "HealthEpisode",
    "Job",
    "OneTimeCode",
    "PlanAdjustment",
    "PlanVersion",
    "PlannedWorkout",
    "ProgressMetric",
    "SentNotice",
    "SignInFailure",
    "StrengthSetRow",
    "SwimLength",
    "SyncState",
    "TokenUser",
    "TrainingPlan",
    "User",
    "WebSessionRow",
]
