"""The demo athlete of ``make run``: made once, with weeks of simulated training written as
files and imported through the real importers."""

from __future__ import annotations

from collections.abc import Callable

from coach.domain.athlete import AthleteProfile, Sex, default_availability
from coach.domain.clock import local_today
from coach.domain.errors import Forbidden
from coach.domain.goals import default_goals
from coach.domain.units import PoolUnit, UnitSystem
from coach.services.context import Scope, Services
from coach.services.schemas import DemoReady

DEMO_ATHLETE = AthleteProfile(
    name="Demo Athlete",
    timezone="America/Denver",
    birth_year=1988,
    sex=Sex.MALE,
    weight_kg=82.0,
    resting_hr_bpm=54,
    max_hr_bpm=188,
    current_body_fat=17.5,
    vo2_max=46.0,
    css_s_per_100m=98.0,  # 1:29.6 per 100 yd
    unit_system=UnitSystem.IMPERIAL,
    pool_unit=PoolUnit.YARDS,
    pool_length=25,
)

Progress = Callable[[int, int | None, str], None]


def ensure_demo(svc: Services, scope: Scope, progress: Progress | None = None) -> DemoReady:
    """The demo athlete, made (and its past seeded) when missing; a seeding stopped part-way
    finishes now (every step is idempotent)."""
    from coach.db.repo.athletes import create_athlete, list_athletes
    from coach.sample.seed import (
        HISTORY_WEEKS,
        is_seeded,
        plan_start,
        progress_steps,
        simulate_past,
        store_past,
    )

    if scope.athlete_ids is not None:
        raise Forbidden("only the owner of this coach can make the demo athlete")
    created = False
    with svc.unit() as session:
        row = next((a for a in list_athletes(session) if a.name == DEMO_ATHLETE.name), None)
        if row is None:
            today = local_today(svc.clock, DEMO_ATHLETE.timezone)
            row = create_athlete(
                session, svc.clock, DEMO_ATHLETE, default_goals(), default_availability(),
                on=plan_start(today), actor="demo",
            )  # fmt: skip
            created = True
        session.expunge(row)
    home = svc.athlete_folder(row.id)
    if is_seeded(home):
        return DemoReady(athlete_id=row.id, created=created, seeded=None)
    today = local_today(svc.clock, row.timezone)
    monday, past = simulate_past(svc.engine, svc.clock, row, today)
    total, done = progress_steps(past), 0

    def step(what: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, what)

    seeded = store_past(
        svc.engine, home, svc.clock, row, past,
        default_rpe=svc.settings.strength_default_rpe, step=step,
    )  # fmt: skip
    return DemoReady(
        athlete_id=row.id,
        created=created,
        seeded=(
            f"a plan from {monday} and {HISTORY_WEEKS} weeks of simulated training: "
            f"{seeded.activities} watch activities, {seeded.strength_sessions} Hevy workouts, "
            f"{seeded.missed} missed sessions, {seeded.readings} wellness and body readings "
            f"(files in {seeded.folder})"
        ),
    )
