"""The athlete's thresholds as of an activity's date, for load computations at import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from coach.analysis.load import Thresholds
from coach.db.models import Athlete
from coach.db.repo.athletes import profile_of
from coach.db.repo.metrics import metric_history
from coach.domain.athlete import PROFILE_METRICS, AthleteProfile, Sex, physiology, profile_as_of
from coach.domain.metrics import MetricType

_FIELDS = (
    "ftp_w",
    "threshold_pace_s_per_km",
    "css_s_per_100m",
    "max_hr_bpm",
    "resting_hr_bpm",
    "lthr_bpm",
)


@dataclass(frozen=True, slots=True)
class ThresholdBook:
    """Everything needed to answer "which thresholds applied on day D" without more queries."""

    profile: AthleteProfile
    history: dict[MetricType, list[tuple[date, float]]]

    @classmethod
    def load(cls, session: Session, athlete: Athlete) -> ThresholdBook:
        history = metric_history(session, athlete.id, list(PROFILE_METRICS.values()))
        return cls(profile_of(athlete), history)

    def on(self, day: date) -> tuple[Thresholds, list[str]]:
        """The thresholds on ``day`` and the names of those that are estimates, not measured."""
        body = physiology(profile_as_of(self.profile, self.history, day), day)
        estimates = {name: getattr(body, name) for name in _FIELDS}
        thresholds = Thresholds(
            **{name: estimate.value for name, estimate in estimates.items()},
            female=self.profile.sex is Sex.FEMALE,
        )
        return thresholds, sorted(name for name, e in estimates.items() if not e.measured)
