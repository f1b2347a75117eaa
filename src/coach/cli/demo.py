"""``coach demo``: what ``make run`` shows on a fresh machine."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from coach.cli.athlete import render_profile
from coach.cli.context import LOCAL, runtime
from coach.cli.goals import describe_target
from coach.cli.output import console, progress_bar, success, table
from coach.cli.plan import print_week
from coach.cli.review import print_review
from coach.cli.serve import DEFAULT_PORT
from coach.domain.clock import local_today
from coach.domain.units import UnitSystem
from coach.services import athletes, availability, goals, plans, reviews
from coach.services.demo import ensure_demo


def demo() -> None:
    """Create the demo athlete in COACH_HOME (once) with weeks of simulated training imported
    from files, then show the profile, the goals, this week's plan and today's review."""
    rt = runtime()
    out = console()
    with progress_bar("sample data", hidden=False) as bar:
        ready = ensure_demo(rt, LOCAL, bar.show)
    if ready.created:
        success(f"created the demo athlete in {rt.settings.home}")
    if ready.seeded:
        success(ready.seeded)
    athlete = ready.athlete_id
    document = athletes.get_athlete(rt, LOCAL, athlete).model_dump(mode="json")
    render_profile(document)
    listed = goals.list_goals(rt, LOCAL, athlete)
    system = UnitSystem(listed.athlete.unit_system)
    today = local_today(rt.clock, listed.athlete.timezone)
    out.print(
        table(
            "Goals",
            ["prio", "goal", "target"],
            [(g.priority, g.title, describe_target(g.goal(), system)) for g in listed.goals],
        )
    )
    windows = availability.list_windows(rt, LOCAL, athlete).windows
    out.print(
        table(
            "Convenient training times",
            ["day", "time", "sports"],
            [(w.weekday[:3], f"{w.start}-{w.end}", ", ".join(w.sports) or "any") for w in windows],
        )
    )
    hours = sum(w.duration_s for w in windows) / 3600
    out.print(f"{hours:g} h of windows a week for a 3-5 h budget.")
    week = plans.week(rt, LOCAL, athlete, today)
    print_week(week.first, week.workouts)
    review = reviews.run(rt, LOCAL, athlete, today)
    print_review(review)
    run = how_to_run(rt.settings.home)
    out.print(
        f"\nData lives in {rt.settings.home}. Next, from this folder:\n"
        f"  {run} status\n  {run} progress body_fat\n  {run} plan show --week {week.first}\n"
        f"  {run} review show {review.review_id}\n"
        f"The dashboard: {run} serve, then open the sign-in link it prints "
        f"(http://127.0.0.1:{DEFAULT_PORT}/sign-in?code=…)."
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
