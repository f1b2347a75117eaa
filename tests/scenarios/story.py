"""A scenario is a short story of an athlete's weeks, told only through the public inputs: `coach
init`, `coach availability`, `coach plan generate`, FIT files from the watch, a Hevy CSV export
from the phone, and `coach log` entries. The review then runs as it would that evening.

The athlete: Alex, Denver, imperial units, 25 yd pool, max HR 188, resting HR 52, LTHR 170,
FTP 220 W, threshold pace 7:00/mi, CSS 1:30/100yd, the first athlete's goals and windows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from coach.domain.exercises import exercise_library
from coach.planning.library import workout_library
from tests.conftest import Cli
from tests.scenarios.files import Block, Lift, endurance, hevy_csv, hevy_rows, pool_swim

ZONE = ZoneInfo("America/Denver")
SUNDAY = date(2026, 11, 22)
ATHLETE = (
    "--name", "Alex", "--timezone", "America/Denver", "--birth-year", "1988", "--sex", "male",
    "--weight", "180lb", "--resting-hr", "52", "--max-hr", "188", "--lthr", "170",
    "--ftp", "220", "--threshold-pace", "7:00/mi", "--css", "1:30/100yd", "--units", "imperial",
    "--pool", "25yd", "--body-fat", "18",
)  # fmt: skip
EASY_HR, HARD_HR, REST_HR = 135, 178, 128
LIBRARY = {t.id: t for t in workout_library()}
HEVY_TITLES = {
    "back_squat": "Squat (Barbell)",
    "romanian_deadlift": "Romanian Deadlift (Barbell)",
    "box_jump": "Box Jump",
    "jump_squat": "Jump Squat",
    "goblet_squat": "Goblet Squat",
    "dumbbell_romanian_deadlift": "Romanian Deadlift (Dumbbell)",
    "push_up": "Push Up",
    "dumbbell_row": "Dumbbell Row",
}
LIFT_GAIN = 0.025
"""Alex's lifts get 2.5 % heavier a week: strength on track unless a story says otherwise."""
WORKING_KG = {  # what Alex lifts for the planned reps (a back squat 1RM of about 100 kg)
    "back_squat": 80.0,
    "romanian_deadlift": 70.0,
    "goblet_squat": 24.0,
    "dumbbell_romanian_deadlift": 22.0,
    "dumbbell_row": 26.0,
    "bulgarian_split_squat": 12.0,
    "single_leg_rdl": 14.0,
    "russian_twist": 8.0,
    "med_ball_rotational_throw": 4.0,
}


def local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=ZONE)


def run_blocks(template: str, minutes: float) -> list[Block]:
    """How Alex runs, rides or rows a planned session: easy at 135 bpm, intervals at 178."""
    sport = LIBRARY[template].sport.value if template in LIBRARY else "run"
    easy, fast = {"run": (2.9, 3.8), "row": (3.7, 4.3), "bike": (7.5, 9.5)}.get(sport, (0, 0))
    watts = sport == "bike"
    if template in ("run_4x4", "row_4x4"):
        work = [Block(240, HARD_HR, fast), Block(180, EASY_HR, easy)] * 4
        return [Block(600, REST_HR, easy), *work, Block(480, REST_HR, easy)]
    if template == "bike_30_30":
        on, off = Block(30, 172, fast, 270.0), Block(30, 160, easy, 110.0)
        return [
            Block(600, REST_HR, easy, 140.0),
            *([on, off] * 20),
            Block(300, REST_HR, easy, 120.0),
        ]
    power = 150.0 if watts else None
    return [Block(minutes * 60, EASY_HR, easy, power)]


def swim_lengths(template: str, minutes: float) -> list[tuple[float, bool]]:
    """25 yd lengths: easy swims at 25.5 s a length, CSS sets at 22 s, speed work at 19-20 s,
    with the rests between repeats as idle lengths."""
    warm = [(25.5, True)] * 16
    if template == "swim_css":
        main = ([(22.0, True)] * 4 + [(15.0, False)]) * 8
    elif template == "swim_speed":
        main = ([(19.0, True)] * 2 + [(60.0, False)]) * 6 + ([(20.5, True)] * 4 + [(90, False)]) * 3
    elif template == "swim_time_trial":
        main = [(60.0, False), (19.5, True), (19.5, True), (19.5, True), (19.5, True)]
    else:
        main = ([(25.5, True)] * 4 + [(20.0, False)]) * 10
    body = warm + main
    used = sum(s for s, _ in body)
    cool = [(26.0, True)] * max(0, int((minutes * 60 - used) // 26))
    return body + cool


@dataclass
class Story:
    cli: Cli
    folder: Path
    today: date = SUNDAY
    weeks: int = 3  # of history before this week
    evening: time = time(20, 0)
    fit: list[tuple[str, bytes]] = field(default_factory=list)
    lifts: list[list[str]] = field(default_factory=list)
    serial: int = 1000

    @property
    def now(self) -> datetime:
        return local(self.today, self.evening)

    @property
    def plan_start(self) -> date:
        return self.today - timedelta(days=self.today.weekday(), weeks=self.weeks)

    def run(self, *args: str) -> str:
        with time_machine.travel(self.now, tick=False):
            return self.cli.ok(*args).stdout

    def attempt(self, *args: str) -> Any:
        with time_machine.travel(self.now, tick=False):
            return self.cli(*args)

    def begin(self, *init: str, windows: Iterable[Sequence[str]] = (), weeks: int = 8) -> Story:
        """On the plan's first morning Alex is created, the windows changed as given, and a plan
        of ``weeks`` weeks made."""
        with time_machine.travel(local(self.plan_start, time(7)), tick=False):
            self.cli.ok("init", "--no-input", *ATHLETE, *init)
            for window in windows:
                self.cli.ok("availability", "set", *window)
            self.cli.ok("plan", "generate", "--weeks", str(weeks))
        return self

    # --- what the plan says -------------------------------------------------------------------

    def week(self, day: date) -> list[dict[str, Any]]:
        data = json.loads(self.run("plan", "show", "--week", day.isoformat(), "--json"))
        return data["workouts"]  # type: ignore[no-any-return]

    def planned(self, day: date) -> list[dict[str, Any]]:
        return [w for w in self.week(day) if w["date"] == day.isoformat()]

    def session(self, day: date) -> dict[str, Any]:
        (only,) = self.planned(day)
        return only

    def days(self, first: date, last: date) -> list[date]:
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def past_days(self, sport: str | None = None, weekday: int | None = None) -> list[date]:
        """Days before today with a planned session of ``sport`` (or on ``weekday``)."""
        found = []
        for n in range(self.weeks + 1):
            for workout in self.week(self.plan_start + timedelta(weeks=n)):
                day = date.fromisoformat(workout["date"])
                if day >= self.today:
                    continue
                if (sport is None or workout["sport"] == sport) and (
                    weekday is None or day.weekday() == weekday
                ):
                    found.append(day)
        return sorted(set(found))

    # --- what Alex did ------------------------------------------------------------------------

    def did(self, day: date, *, minutes: float | None = None, late_min: int = 5) -> None:
        """Every session planned on ``day``, done as planned (``minutes`` overrides length)."""
        for workout in self.planned(day):
            self.do(workout, minutes=minutes, late_min=late_min)

    def did_all(
        self, first: date | None = None, last: date | None = None, skip: Iterable[date] = ()
    ) -> None:
        """Every planned session from ``first`` (the plan's start) to ``last`` (yesterday), as
        planned, except on the ``skip`` days."""
        skipped = set(skip)
        first = first or self.plan_start
        last = last or self.today - timedelta(days=1)
        for monday in sorted({d - timedelta(days=d.weekday()) for d in self.days(first, last)}):
            for workout in self.week(monday):
                day = date.fromisoformat(workout["date"])
                if first <= day <= last and day not in skipped:
                    self.do(workout)

    def do(
        self, workout: dict[str, Any], *, minutes: float | None = None, late_min: int = 5
    ) -> None:
        day = date.fromisoformat(workout["date"])
        at = time.fromisoformat(workout["start"]) if workout["start"] else time(12)
        start = local(day, at) + timedelta(minutes=late_min)
        length = minutes or workout["minutes"]
        template = workout.get("template") or ""
        sport = workout["sport"]
        if sport == "strength":
            self.lift(day, start, template, length)
        elif sport == "swim":
            self.file(day, pool_swim(start, swim_lengths(template, length), self._serial()))
        elif sport == "mobility":
            self.file(day, endurance("mobility", start, [Block(length * 60, 95)], self._serial()))
        else:
            self.file(day, endurance(sport, start, run_blocks(template, length), self._serial()))

    def extra(
        self, day: date, sport: str, minutes: float, *, hr: int = EASY_HR, at: time = time(17)
    ) -> None:
        """An unplanned session (a ride with friends, a hike)."""
        speed = {"bike": 7.5, "run": 2.9, "walk": 1.5}.get(sport, 0.0)
        power = 150.0 if sport == "bike" else None
        block = Block(minutes * 60, hr, speed, power)
        self.file(day, endurance(sport, local(day, at), [block], self._serial()))

    def hard(self, day: date, sport: str = "run", *, at: time = time(17)) -> None:
        """An unplanned interval session."""
        blocks = run_blocks("run_4x4" if sport == "run" else "bike_30_30", 45)
        self.file(day, endurance(sport, local(day, at), blocks, self._serial()))

    def lift(
        self,
        day: date,
        start: datetime,
        template: str,
        minutes: float,
        lifts: Sequence[Lift] | None = None,
    ) -> None:
        if lifts is None:
            library = exercise_library()
            lifts = []
            for item in LIBRARY[template].raw.get("exercises", []) if template in LIBRARY else []:
                known = library.get(item["id"])
                title = HEVY_TITLES.get(item["id"], known.name if known else item["id"])
                reps = int(item.get("reps", 8))
                kg = WORKING_KG.get(item["id"])
                weeks = (day - self.plan_start).days / 7
                progressed = None if kg is None else round(kg * (1 + LIFT_GAIN * weeks), 1)
                lifts.append(Lift(title, int(item["sets"]), reps, progressed))
        self.lifts += hevy_rows(f"Workout {day}", start.replace(tzinfo=None), minutes, lifts)

    def file(self, day: date, data: bytes) -> None:
        self.fit.append((f"{day.isoformat()}-{self.serial}.fit", data))

    def _serial(self) -> int:
        self.serial += 1
        return self.serial

    def missed(self, day: date, reason: str, note: str | None = None) -> None:
        for workout in self.planned(day):
            args = ["log", "missed", str(workout["id"]), "--reason", reason]
            self.run(*args, *(["--note", note] if note else []))

    def wellness(self, day: date, **scores: float) -> None:
        args = ["log", "wellness", "--date", day.isoformat()]
        for name, value in scores.items():
            args += [f"--{name.replace('_', '-')}", f"{value:g}"]
        self.run(*args)

    def usual_wellness(self, days: int = 21, **tonight: float) -> None:
        """Three weeks of ordinary entries (7.5 h of sleep, energy 7, soreness 3), then
        ``tonight``'s."""
        for n in range(days, 0, -1):
            self.wellness(self.today - timedelta(days=n), energy=7, soreness=3, sleep_hours=7.5)
        if tonight:
            self.wellness(self.today, **tonight)

    def log(self, *args: str) -> str:
        return self.run("log", *args)

    # --- the evening ----------------------------------------------------------------------------

    def sync(self) -> None:
        """Import what the watch and the phone wrote, as the athlete would."""
        if self.fit:
            inbox = self.folder / f"watch-{len(list(self.folder.glob('watch-*')))}"
            inbox.mkdir(parents=True)
            for name, data in self.fit:
                (inbox / name).write_bytes(data)
            self.run("import", "fit", str(inbox))
            self.fit = []
        if self.lifts:
            self.folder.mkdir(parents=True, exist_ok=True)
            export = self.folder / f"hevy-{len(list(self.folder.glob('hevy-*')))}.csv"
            export.write_text(hevy_csv(self.lifts))
            self.run("import", "hevy-csv", str(export))
            self.lifts = []

    def review(self) -> Review:
        self.sync()
        return Review(json.loads(self.run("review", "--json")))


@dataclass
class Review:
    """What the review said, with the helpers scenario assertions need."""

    data: dict[str, Any]

    @property
    def decision(self) -> str:
        return str(self.data["decision"])

    @property
    def headline(self) -> str:
        return str(self.data["headline"])

    @property
    def proposals(self) -> list[dict[str, Any]]:
        return list(self.data["proposals"])

    @property
    def proposal(self) -> dict[str, Any]:
        (only,) = self.proposals
        return only

    @property
    def rules(self) -> list[str]:
        return [p["rule"] for p in self.proposals]

    @property
    def text(self) -> str:
        """Everything a person reads: headline, insights, proposals, the next-week line."""
        parts = [self.headline, *self.data["insights"]]
        for p in self.proposals:
            parts += [p["title"], p["rationale"], p["effect"]]
        return "\n".join([*parts, self.data["next_week_focus"]])

    def operations(self) -> list[tuple[str, int | None]]:
        return [(op["kind"], op["workout_id"]) for p in self.proposals for op in p["operations"]]

    def says(self, *fragments: str) -> bool:
        missing = [f for f in fragments if f not in self.text]
        assert not missing, f"not said: {missing}\n---\n{self.text}"
        return True

    def never(self, *fragments: str) -> bool:
        found = [f for f in fragments if f in self.text]
        assert not found, f"said, and should not be: {found}\n---\n{self.text}"
        return True
