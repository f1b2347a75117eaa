"""Fatigue: ease off before it becomes illness or injury (science.md §5, §10).

Signals (each with its number): morning form below the threshold for several days, fitness
ramping too steeply, high monotony or strain, and the athlete's own entries over the last 3
days (mean soreness at or above ``soreness_high``, energy or sleep quality at or below
``energy_low``/``sleep_low`` on the 1-10 scale). One signal: an extra rest day (the next hard
session goes) and the other hard sessions of the next 7 days at ``ease_to`` of their intensity.
Two or more: a deload week, every session of the next 7 days at ``deload_to`` of its duration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from coach.domain.metrics import MetricType
from coach.planning.rules.base import Context, Decision, Operation, Proposal


@dataclass(frozen=True)
class FatigueRule:
    id: str = "fatigue"
    version: int = 1
    explanation: str = __doc__ or ""
    soreness_high: float = 7.0
    energy_low: float = 4.0
    sleep_low: float = 4.0
    ease_to: float = 0.9
    deload_to: float = 0.6

    def signals(self, context: Context) -> dict[str, str]:
        found: dict[str, str] = {}
        if context.load is not None:
            for flag in context.load.flags:
                if not flag.startswith("acute:chronic"):  # a soft flag only (science.md §4)
                    found[flag.split(" ")[0]] = flag
        for metric, limit, high_is_bad, label in (
            (MetricType.SORENESS, self.soreness_high, True, "soreness"),
            (MetricType.ENERGY, self.energy_low, False, "energy"),
            (MetricType.SLEEP_QUALITY, self.sleep_low, False, "sleep quality"),
        ):
            recent = [v for _, v in context.wellness.get(metric, [])[-3:]]
            if len(recent) >= 2:
                mean = sum(recent) / len(recent)
                if (mean >= limit) if high_is_bad else (mean <= limit):
                    found[label] = f"{label} {mean:.1f}/10 over your last {len(recent)} entries"
        return found

    def __call__(self, context: Context) -> Sequence[Proposal | Decision]:
        signals = self.signals(context)
        if not signals:
            return []
        week = [u for u in context.upcoming if u.day < context.today + timedelta(days=7)]
        evidence: dict[str, Any] = {"signals": list(signals.values())}
        if context.load is not None:
            evidence |= {"form": round(context.load.form, 1), "ctl": round(context.load.ctl, 1)}
        listed = "; ".join(signals.values())
        if len(signals) >= 2:
            operations = tuple(
                Operation("shorten", u.id, {"factor": self.deload_to}) for u in week
            ) + tuple(Operation("ease", u.id, {"factor": self.ease_to}) for u in week if u.hard)
            return [
                Proposal(
                    self.id,
                    self.version,
                    "Deload week",
                    f"Several signs of accumulated fatigue ({listed}). Take a lighter week: "
                    f"every session of the next 7 days at {self.deload_to:.0%} of its length, "
                    f"hard efforts at {self.ease_to:.0%}. Fitness holds; fatigue clears.",
                    evidence,
                    operations,
                )
            ]
        hard = [u for u in week if u.hard]
        operations = tuple([Operation("remove", hard[0].id)] if hard else []) + tuple(
            Operation("ease", u.id, {"factor": self.ease_to}) for u in hard[1:]
        )
        if not operations:
            return [
                Decision(
                    self.id,
                    f"A sign of fatigue ({listed}), but no hard session is planned this week.",
                    evidence,
                )
            ]
        first = f"{hard[0].name or hard[0].sport.value} on {hard[0].day:%A}" if hard else ""
        return [
            Proposal(
                self.id,
                self.version,
                "Extra rest day",
                f"A sign of fatigue ({listed}). Rest instead of {first}, and keep the other hard "
                f"sessions this week at {self.ease_to:.0%} intensity.",
                evidence,
                operations,
            )
        ]
