"""The athlete's thresholds as of an activity's date, for load computations at import."""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field
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
    """Everything needed to answer "which thresholds applied on day D" without more queries.

    Answers are remembered per (which measurements precede D, D's year): the only things the
    thresholds of a day depend on (physiology() reads the year, for the age).
    """

    profile: AthleteProfile
    history: dict[MetricType, list[tuple[date, float]]]
    _answers: dict[tuple[object, ...], tuple[Thresholds, list[str]]] = field(
        default_factory=dict, compare=False
    )

    @classmethod
    def load(cls, session: Session, athlete: Athlete) -> ThresholdBook:
        history = metric_history(session, athlete.id, list(PROFILE_METRICS.values()))
        return cls(profile_of(athlete), history)

    def on(self, day: date) -> tuple[Thresholds, list[str]]:
        """The thresholds on ``day`` and the names of those that are estimates, not measured."""
        key = (
            day.year,
            *(bisect_right(series, (day, math.inf)) for series in self.history.values()),
        )
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = self._compute(day)
        return answer[0], list(answer[1])

    def _compute(self, day: date) -> tuple[Thresholds, list[str]]:
        body = physiology(profile_as_of(self.profile, self.history, day), day)
        estimates = {name: getattr(body, name) for name in _FIELDS}
        thresholds = Thresholds(
            **{name: estimate.value for name, estimate in estimates.items()},
            female=self.profile.sex is Sex.FEMALE,
        )
        return thresholds, sorted(name for name, e in estimates.items() if not e.measured)
