"""The due-check across time zones and clock changes: every athlete's evening review is queued
once per local day and made once, whoever runs the check and however often."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coach.jobs.tasks import NIGHTLY_SYNC, defer_due
from tests.conftest import Cli
from tests.jobs.conftest import Queue

ATHLETES = {"Sam": "America/Denver", "Ola": "Europe/Oslo", "Kai": "Pacific/Auckland"}
START = datetime(2026, 10, 23, 12, 0, tzinfo=UTC)
END = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)  # both Europe's (25 Oct) and the US's (1 Nov)
EVENING = time(21, 0)


def expected_days(zone: str) -> list[date]:
    """The local days whose 21:00 falls in [START, END), by the zone database alone."""
    days, day = [], (START - timedelta(days=1)).date()
    while day <= END.date():
        evening = datetime.combine(day, EVENING, tzinfo=ZoneInfo(zone))
        if START <= evening.astimezone(UTC) < END:
            days.append(day)
        day += timedelta(days=1)
    return days


@pytest.fixture
def three_zones(cli_default_db: Cli) -> Cli:
    with time_machine.travel(START - timedelta(days=1), tick=False):
        for name, zone in ATHLETES.items():
            cli_default_db.ok("init", "--no-input", "--name", name, "--timezone", zone)
            cli_default_db.ok("plan", "generate", "--athlete", name, "--weeks", "3")
    return cli_default_db


def test_every_athlete_is_reviewed_once_per_local_day_across_clock_changes(
    three_zones: Cli, memory_queue: Queue
) -> None:
    """The check runs every 15 minutes for eleven days spanning Europe's and the US's change
    back from summer time; after each, a worker runs what was queued."""
    queued: dict[str, list[str]] = {name: [] for name in ATHLETES}
    ids = {
        a["name"]: a["id"] for a in json.loads(three_zones.ok("athlete", "list", "--json").stdout)
    }
    names = {v: k for k, v in ids.items()}
    moment = START
    while moment < END:
        with time_machine.travel(moment, tick=False):
            before = len(memory_queue.jobs(NIGHTLY_SYNC))
            defer_due(memory_queue.svc)
            defer_due(memory_queue.svc)  # a second check at once (another worker) adds nothing
            new = memory_queue.jobs(NIGHTLY_SYNC)[before:]
            for job in new:
                kwargs = job["args"]
                assert isinstance(kwargs, dict)
                queued[names[kwargs["athlete_id"]]].append(kwargs["day"])
            if new:
                memory_queue.work()
        moment += timedelta(minutes=15)
    for name, zone in ATHLETES.items():
        wanted = [d.isoformat() for d in expected_days(zone)]
        assert queued[name] == wanted, name
        reviews = json.loads(
            three_zones.ok("review", "list", "--athlete", name, "--limit", "40", "--json").stdout
        )
        assert sorted(r["date"] for r in reviews) == wanted, name
    jobs = json.loads(three_zones.ok("jobs", "--json", "--limit", "100").stdout)
    assert {j["status"] for j in jobs} == {"succeeded"}
    assert len([j for j in jobs if j["kind"] == "nightly-review"]) == sum(
        len(expected_days(z)) for z in ATHLETES.values()
    )


def test_a_review_made_by_the_timer_is_not_queued_again(
    three_zones: Cli, memory_queue: Queue
) -> None:
    """The one-machine timer and a worker on the same database make one review between them."""
    evening = datetime(2026, 10, 28, 20, 30, tzinfo=UTC)  # 21:30 in Oslo
    with time_machine.travel(evening, tick=False):
        three_zones.ok("review", "--due")
        assert defer_due(memory_queue.svc) == {"reviews": 0, "reminders": 0}
    with time_machine.travel(evening + timedelta(hours=7), tick=False):  # 21:30 in Denver
        assert defer_due(memory_queue.svc)["reviews"] == 1
