"""``coach demo``: what ``make run`` shows on a fresh machine."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

from coach.cli.athlete import athlete_document, render_profile
from coach.cli.context import Runtime, database, engine_for, runtime
from coach.cli.goals import describe_target
from coach.cli.output import console, progress_bar, success, table
from coach.cli.plan import print_week, week_documents
from coach.cli.review import print_review, review_document
from coach.db.models import Athlete
from coach.db.repo.athletes import create_athlete, list_athletes
from coach.db.repo.availability import list_windows
from coach.db.repo.goals import list_goals
from coach.domain.athlete import WEEKDAYS, AthleteProfile, Sex, default_availability
from coach.domain.clock import local_today
from coach.domain.goals import default_goals
from coach.domain.units import PoolUnit, UnitSystem
from coach.sample.seed import (
    HISTORY_WEEKS,
    is_seeded,
    plan_start,
    progress_steps,
    simulate_past,
    store_past,
)

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


def demo() -> None:
    """Create the demo athlete in COACH_HOME (once) with weeks of simulated training imported
    from files, then show the profile, the goals, this week's plan and today's review."""
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
                on=plan_start(today),
                actor="demo",
            )
            success(f"created the demo athlete in {rt.settings.home}")
    today = local_today(rt.clock, athlete.timezone)
    if not is_seeded(rt.settings.home):
        _seed(rt, athlete, today)
    with database(rt) as session:
        row = next(a for a in list_athletes(session) if a.name == DEMO_ATHLETE.name)
        document = athlete_document(row, today)
        system = UnitSystem(row.unit_system)
        goals = list_goals(session, row)
        windows = list_windows(session, row)
        monday = today - timedelta(days=today.weekday())
        documents = week_documents(session, row, monday, today)
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
    print_week(monday, documents)
    review = review_document(rt, row, today, [])
    print_review(review)
    run = how_to_run(rt.settings.home)
    out.print(
        f"\nData lives in {rt.settings.home}. Next, from this folder:\n"
        f"  {run} status\n  {run} progress body_fat\n  {run} plan show --week {monday}\n"
        f"  {run} review show {review['review_id']}"
    )


def how_to_run(home: Path) -> str:
    """The command line that reaches this demo from the shell it was started in: the demo's
    home when it is not the default, and this very program when `coach` on the PATH is
    another (or none)."""
    program = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    on_path = shutil.which("coach")
    if program is not None and program.is_file() and program.name == "coach":
        same = on_path is not None and Path(on_path).resolve() == program
        command = "coach" if same else shlex.quote(str(_relative(program)))
    else:
        command = f"{shlex.quote(sys.executable)} -m coach"
    if os.environ.get("COACH_HOME"):
        command = f"COACH_HOME={shlex.quote(str(_relative(home)))} {command}"
    return command


def _relative(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _seed(rt: Runtime, athlete: Athlete, today: date) -> None:
    with engine_for(rt) as engine:
        monday, past = simulate_past(engine, rt.clock, athlete, today)
        with progress_bar("sample data", hidden=False, total=progress_steps(past)) as bar:
            seeded = store_past(
                engine,
                rt.settings.home,
                rt.clock,
                athlete,
                past,
                default_rpe=rt.settings.strength_default_rpe,
                step=bar.step,
            )
    success(
        f"a plan from {monday} and {HISTORY_WEEKS} weeks of simulated training: "
        f"{seeded.activities} watch activities, "
        f"{seeded.strength_sessions} Hevy workouts, {seeded.missed} missed sessions, "
        f"{seeded.readings} wellness and body readings (files in {seeded.folder})"
    )
