"""Data before judgement (docs/coaching.md §4): a quiet stretch with sessions due and nothing
arriving from any source is a question, not a verdict (coach.analysis.freshness). The review says
so, asks for a sync or a log, and holds back what would read the silence as missed training:
adherence, missed-slot patterns, volume and goal balance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coach.domain.words import count, day
from coach.planning.rules.base import Context, Finding, Note, Stage

SOURCE_NAMES = {
    "garmin": "Garmin Connect",
    "hevy": "Hevy",
    "fit_file": "FIT files",
    "hevy_csv": "Hevy CSV exports",
    "strong_csv": "Strong CSV exports",
    "manual": "sessions logged by hand",
}


@dataclass(frozen=True)
class FreshnessRule:
    id: str = "data"
    version: int = 1
    stage: Stage = Stage.DATA
    explanation: str = __doc__ or ""

    def __call__(self, context: Context) -> Sequence[Finding]:
        gap = context.freshness.gap
        if gap is None:
            return []
        last = context.freshness.last_activity
        arrived = f"since {day(last)}" if last else "yet"
        linked = [s for s in context.freshness.sources if s.last_sync is not None]
        how = (
            "run `coach review --sync`"
            if linked
            else "import the files from your watch (`coach import fit`)"
        )
        return [
            Note(
                self.id,
                f"No activity has arrived {arrived} ({count(gap.days, 'day')}) while "
                f"{count(gap.due, 'planned session')} {'was' if gap.due == 1 else 'were'} due. "
                f"That may be missing data, not missed training: {how}, or log what you did "
                "(`coach log session`) or missed (`coach log missed ID --reason …`). Until then "
                "those days are not judged.",
                {"since": gap.since.isoformat(), "due": gap.due, "days": gap.days},
                holds=frozenset({Stage.FIT, Stage.DIRECTION}),
            )
        ]
