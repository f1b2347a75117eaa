"""``coach demo``: what ``make run`` shows on a fresh machine."""

from __future__ import annotations

from datetime import timedelta

from coach.cli.athlete import athlete_document, render_profile
from coach.cli.context import database, runtime
from coach.cli.goals import describe_target
from coach.cli.output import console, success, table
from coach.cli.plan import print_week, week_documents
from coach.db.models import Athlete
from coach.db.repo.athletes import create_athlete, list_athletes
from coach.db.repo.availability import list_windows
from coach.db.repo.goals import list_goals
from coach.db.repo.plans import active_plan
from coach.domain.athlete import WEEKDAYS, AthleteProfile, Sex, default_availability
from coach.domain.clock import local_today
from coach.domain.goals import default_goals
from coach.domain.units import PoolUnit, UnitSystem
from coach.review.plans import generate_plan

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
    unit_system=UnitSystem.IMPERIAL,
    pool_unit=PoolUnit.YARDS,
    pool_length=25,
)


def demo() -> None:
    """Create the demo athlete in COACH_HOME (once) and show the profile, goals and windows."""
    rt = runtime()
    out = console()
    with database(rt) as session:
        athlete: Athlete | None = next(
            (a for a in list_athletes(session) if a.name == DEMO_ATHLETE.name), None
        )
        if athlete is None:
            today = local_today(rt.clock, DEMO_ATHLETE.timezone)
            athlete = create_athlete(
                session,
                rt.clock,
                DEMO_ATHLETE,
                default_goals(),
                default_availability(),
                on=today,
                actor="demo",
            )
            success(f"created the demo athlete in {rt.settings.home}")
        document = athlete_document(athlete, local_today(rt.clock, athlete.timezone))
        system = UnitSystem(athlete.unit_system)
        goals = list_goals(session, athlete)
        windows = list_windows(session, athlete)
    render_profile(document)
    out.print(
        table(
            "Goals",
            ["prio", "goal", "target"],
            [(g.goal.priority, g.goal.title, describe_target(g.goal, system)) for g in goals],
        )
    )
    out.print(
        table(
            "Convenient training times",
            ["day", "time", "sports"],
            [
                (
                    WEEKDAYS[w.weekday][:3],
                    f"{w.start:%H:%M}-{w.end:%H:%M}",
                    ", ".join(s.value for s in w.sports) or "any",
                )
                for w in windows
            ],
        )
    )
    hours = sum(w.duration_s for w in windows) / 3600
    out.print(f"{hours:g} h of windows a week for a 3-5 h budget.")
    with database(rt) as session:
        row = next(a for a in list_athletes(session) if a.name == DEMO_ATHLETE.name)
        today = local_today(rt.clock, row.timezone)
        if active_plan(session, row.id) is None:
            made = generate_plan(session, rt.clock, row, today=today, weeks=12)
            success(f"generated a 12-week plan ({len(made.sessions)} sessions)")
        monday = today - timedelta(days=today.weekday())
        documents = week_documents(session, row.id, monday)
    print_week(monday, documents)
    out.print(
        f"Data lives in {rt.settings.home}. Next: `coach export` (FIT files, calendar), "
        "`coach status`, `coach plan show --week DATE`."
    )
