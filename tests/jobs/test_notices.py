"""The worker's messages reach a local endpoint (Apprise json:// to 127.0.0.1) exactly once: the
review when it is ready, with the Tonight link; a reminder before a planned session, out of the
athlete's quiet hours; nothing twice however often the due-check and the worker run."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from coach.jobs.tasks import defer_due
from tests.conftest import Cli
from tests.fakes.http_sink import Sink
from tests.jobs.conftest import Queue

DENVER = ZoneInfo("America/Denver")
MONDAY = datetime(2026, 11, 30, 12, 0, tzinfo=DENVER)


@pytest.fixture
def sam(cli_default_db: Cli, sink: Sink, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("COACH_NOTIFY_URL", f"json://{sink.host_port}/hook")
    monkeypatch.setenv("COACH_PUBLIC_URL", "https://coach.example.org")
    with time_machine.travel(MONDAY, tick=False):
        cli_default_db.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
        cli_default_db.ok("plan", "generate", "--weeks", "2")
    return cli_default_db


def tuesday_6_30(cli: Cli) -> dict[str, str]:
    """Wednesday's 06:30 run: the first early session after Monday evening."""
    with time_machine.travel(MONDAY, tick=False):
        week = json.loads(cli.ok("plan", "show", "--json").stdout)
    (run,) = [w for w in week["workouts"] if w["date"] == "2026-12-02"]
    assert run["start"] == "06:30:00"
    return run


def every_15_minutes(queue: Queue, start: datetime, end: datetime) -> None:
    """The due-check every 15 minutes and, after each, a worker (also at the minutes between,
    where a reminder waits for its moment)."""
    moment = start
    while moment <= end:
        with time_machine.travel(moment, tick=False):
            if moment.minute % 15 == 0:
                defer_due(queue.svc)
            queue.work()
        moment += timedelta(minutes=5)


def test_the_review_and_a_reminder_are_each_sent_once(
    sam: Cli, sink: Sink, memory_queue: Queue
) -> None:
    run = tuesday_6_30(sam)
    # Tuesday evening: the review at 21:00; the 06:30 run's reminder would be at 05:30, inside
    # the default quiet hours (22:00-07:00), so it comes at 21:45, before they begin.
    evening = datetime(2026, 12, 1, 20, 45, tzinfo=DENVER)
    every_15_minutes(memory_queue, evening, evening + timedelta(hours=2))
    titles = [r.body["title"] for r in sink.requests]
    assert len(titles) == 2, titles
    review, reminder = sink.requests
    assert review.body["title"].startswith("coach: Sam's Tue 01 Dec review")
    assert review.body["message"].endswith("Tonight: https://coach.example.org/a/1/tonight")
    assert reminder.body["title"] == f"coach: Sam's {run['name']} at 06:30 (in 8 h 45 min)"
    assert reminder.body["message"].endswith("Week: https://coach.example.org/a/1/week")
    # The next morning brings no second reminder for it.
    every_15_minutes(memory_queue, evening + timedelta(hours=8), evening + timedelta(hours=10))
    assert len(sink.requests) == 2


def test_without_quiet_hours_the_reminder_comes_its_lead_time_before(
    sam: Cli, sink: Sink, memory_queue: Queue
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        sam.ok("athlete", "set", "--quiet-hours", "off", "--remind-before", "45")
    run = tuesday_6_30(sam)
    morning = datetime(2026, 12, 2, 5, 0, tzinfo=DENVER)
    every_15_minutes(memory_queue, morning, morning + timedelta(hours=2))
    (reminder,) = sink.requests
    assert reminder.body["title"] == f"coach: Sam's {run['name']} at 06:30 (in 45 min)"
    sent = json.loads(sam.ok("jobs", "--json").stdout)
    assert [(j["kind"], j["status"]) for j in sent] == [("notify:reminder", "succeeded")]


def test_no_reminders_when_the_athlete_turns_them_off(
    sam: Cli, sink: Sink, memory_queue: Queue
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        sam.ok("athlete", "set", "--remind-before", "0")
    morning = datetime(2026, 12, 2, 4, 0, tzinfo=DENVER)
    every_15_minutes(memory_queue, morning, morning + timedelta(hours=3))
    assert sink.requests == []


def test_the_timer_sends_a_reminder_once_a_little_early(
    sam: Cli, sink: Sink, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On one machine `coach remind` runs every 15 minutes: the 21:45 reminder goes at 21:30
    (before the next run), and not again at 21:45 or 22:00."""
    run = tuesday_6_30(sam)
    for minute in (0, 15, 30, 45, 60):
        moment = datetime(2026, 12, 1, 21, 15, tzinfo=DENVER) + timedelta(minutes=minute)
        with time_machine.travel(moment, tick=False):
            said = sam.ok("remind").stdout
        if minute == 15:
            assert f"sent: coach: Sam's {run['name']} at 06:30 (in 9 h)" in said
        else:
            assert "No reminder is due." in said
    assert len(sink.requests) == 1
    monkeypatch.delenv("COACH_NOTIFY_URL")
    assert "COACH_NOTIFY_URL is not set" in sam.ok("remind").stdout
