"""Garmin Connect sync through the real CLI and the real garminconnect client, against the fake."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from coach.connectors.pacing import Pacer
from tests import fitfiles
from tests.conftest import Cli
from tests.fakes.garmin import FakeActivity, FakeGarmin

TODAY = date(2026, 11, 23)


def account() -> FakeGarmin:
    base = fitfiles.T0
    return FakeGarmin(
        activities=[
            FakeActivity(
                9001, date(2026, 11, 2), fitfiles.pool_swim([20.0] * 8, start=base, serial=91)
            ),
            FakeActivity(
                9002,
                date(2026, 11, 4),
                fitfiles.run_with_power(1800, start=base + timedelta(days=2), serial=92),
                name="Tempo run",
            ),
            FakeActivity(9003, date(2026, 11, 6), fitfiles.multisport(serial=93), name="Brick"),
        ],
        vo2max=[(date(2026, 11, 2), 46.8), (date(2026, 11, 20), 47.4)],
        weigh_ins=[(date(2026, 11, 3), 81.2, 17.1), (date(2026, 11, 17), 80.6, None)],
        resting_hr=[(date(2026, 11, 21), 52.0)],
        hrv=[(date(2026, 11, 21), 64.0)],
        sleep=[(date(2026, 11, 21), 27_000, 82)],
    )


@pytest.fixture
def garmin(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Cli, FakeGarmin, Path]]:
    monkeypatch.setenv("COACH_GARMIN_REQUEST_INTERVAL_S", "0")
    monkeypatch.setenv("COACH_GARMIN_RETRY_WAIT_S", "0")
    fake = account()
    with time_machine.travel(datetime(2026, 11, 23, 20, 0, tzinfo=UTC), tick=False), fake.serving():
        cli.ok("init", "--no-input", "--name", "Sam", "--timezone", "America/Denver")
        token_file = tmp_path / "garmin_tokens.json"
        token_file.write_text(json.dumps(fake.issue_tokens(expires_in_s=120)))
        yield cli, fake, token_file


def linked(garmin: tuple[Cli, FakeGarmin, Path]) -> tuple[Cli, FakeGarmin]:
    cli, fake, token_file = garmin
    result = cli.ok("garmin", "login", "--tokens", str(token_file))
    assert "linked Sam to Garmin Connect as sam.trains" in result.stdout
    return cli, fake


def sync(cli: Cli, *args: str, code: int = 0) -> dict[str, object]:
    result = cli("garmin", "sync", "--json", *args)
    assert result.exit_code == code, result.stderr
    return json.loads(result.stdout) if code == 0 else {"stderr": result.stderr}


def test_a_sync_brings_activities_and_daily_metrics(garmin: tuple[Cli, FakeGarmin, Path]) -> None:
    cli, _ = linked(garmin)
    report = sync(cli)
    assert (report["from"], report["to"]) == ("2026-08-25", "2026-11-23")  # 90 days back
    assert report["activities"] == {
        "imported": 3,
        "partial": 0,
        "already present": 0,
        "rejected": 0,
    }
    listed = json.loads(cli.ok("activities", "list", "--json").stdout)
    assert sorted((a["external_id"], a["source"], a["sport"]) for a in listed) == [
        ("9001/0", "garmin", "swim"),
        ("9002/0", "garmin", "run"),
        ("9003/0", "garmin", "bike"),
        ("9003/1", "garmin", "run"),
    ]
    metrics = {
        (m["type"], m["date"]): m["value"]
        for m in json.loads(cli.ok("metrics", "list", "--json").stdout)
        if m["source"] == "garmin"
    }
    assert metrics[("vo2_max", "2026-11-20")] == 47.4
    assert metrics[("weight_kg", "2026-11-03")] == pytest.approx(81.2)  # from grams
    assert metrics[("body_fat_pct", "2026-11-03")] == 17.1
    assert metrics[("resting_hr_bpm", "2026-11-21")] == 52
    assert metrics[("hrv_ms", "2026-11-21")] == 64
    assert metrics[("sleep_hours", "2026-11-21")] == 7.5
    assert metrics[("sleep_quality", "2026-11-21")] == pytest.approx(8.2)
    profile = json.loads(cli.ok("athlete", "show", "--json").stdout)
    assert (profile["vo2_max"], profile["current_body_fat"]) == (47.4, 17.1)


def test_a_second_sync_adds_nothing_and_uses_the_rotated_tokens(
    garmin: tuple[Cli, FakeGarmin, Path],
) -> None:
    cli, fake = linked(garmin)
    sync(cli)
    assert fake.refreshes == 1  # `garmin login` refreshed the nearly expired token
    with time_machine.travel(datetime(2026, 11, 23, 21, 0, tzinfo=UTC), tick=False):
        again = sync(cli)  # an hour on, the access token is stale: the sync must refresh
    assert again["activities"]["imported"] == 0  # type: ignore[index]
    assert again["from"] == "2026-11-20"  # 3 days of overlap before the last sync
    assert len(json.loads(cli.ok("activities", "list", "--json").stdout)) == 4
    # the fake refuses every used refresh token: the second sync could only refresh because
    # coach saved the tokens the first sync rotated
    assert fake.refreshes == 2
    with time_machine.travel(datetime(2026, 11, 23, 22, 0, tzinfo=UTC), tick=False):
        sync(cli)  # refreshes with the token the second sync rotated: it must have been saved
    assert fake.refreshes == 3


def test_a_rate_limit_stops_keeps_what_was_saved_and_a_rerun_completes(
    garmin: tuple[Cli, FakeGarmin, Path],
) -> None:
    cli, fake = linked(garmin)
    fake.fail(r"/download-service/files/activity/9002", 429)
    stopped = sync(cli, code=75)
    assert "rate limited by Garmin" in str(stopped["stderr"])
    assert str(stopped["stderr"]).count("\n") == 1
    kept = json.loads(cli.ok("activities", "list", "--json").stdout)
    assert [a["external_id"] for a in kept] == ["9001/0"]
    status = json.loads(cli.ok("garmin", "status", "--json").stdout)
    assert status["synced_through"] is None  # the cursor did not move
    report = sync(cli)
    assert report["activities"]["imported"] == 2  # type: ignore[index]
    assert report["activities"]["already present"] == 1  # type: ignore[index]
    assert len(json.loads(cli.ok("activities", "list", "--json").stdout)) == 4


def test_server_errors_are_retried_by_the_client(garmin: tuple[Cli, FakeGarmin, Path]) -> None:
    cli, fake = linked(garmin)
    fake.fail(r"/activitylist-service/", 500, 503)
    assert sync(cli)["activities"]["imported"] == 3  # type: ignore[index]


def test_an_expired_session_asks_to_log_in_again(garmin: tuple[Cli, FakeGarmin, Path]) -> None:
    cli, fake = linked(garmin)
    fake.revoke_all()
    stopped = sync(cli, code=77)
    assert "run `coach garmin login` again" in str(stopped["stderr"])


def test_sync_before_login_and_logout(garmin: tuple[Cli, FakeGarmin, Path]) -> None:
    cli, _, _ = garmin
    stopped = sync(cli, code=77)
    assert "not linked to Garmin Connect: run `coach garmin login` first" in str(stopped["stderr"])
    cli2, _ = linked(garmin)
    assert json.loads(cli2.ok("garmin", "status", "--json").stdout)["linked"] is True
    cli2.ok("garmin", "logout")
    assert json.loads(cli2.ok("garmin", "status", "--json").stdout)["linked"] is False


def test_tokens_are_stored_encrypted_never_in_clear(
    garmin: tuple[Cli, FakeGarmin, Path], database_url: str
) -> None:
    from sqlalchemy import select

    from coach.db.models import Credential
    from coach.db.session import make_engine, session_scope

    cli, _ = linked(garmin)
    sync(cli)
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        (stored,) = session.scalars(select(Credential)).all()
        assert b"refresh-" not in stored.ciphertext and b"di_token" not in stored.ciphertext
    engine.dispose()


def test_a_bad_token_file_is_one_line(garmin: tuple[Cli, FakeGarmin, Path], tmp_path: Path) -> None:
    cli, _, _ = garmin
    bad = tmp_path / "nope.json"
    bad.write_text("{not json")
    result = cli("garmin", "login", "--tokens", str(bad))
    assert result.exit_code == 2 and "not a garminconnect token file" in result.stderr


def test_the_pacer_spaces_requests() -> None:
    waits: list[float] = []
    pacer = Pacer(1.0, sleep=waits.append)
    pacer.wait()
    pacer.wait()
    assert len(waits) == 1 and 0.9 < waits[0] <= 1.0
    Pacer(0.0, sleep=waits.append).wait()
    assert len(waits) == 1


def test_a_workout_already_imported_from_its_file_is_not_downloaded_again(
    garmin: tuple[Cli, FakeGarmin, Path], tmp_path: Path
) -> None:
    cli, fake = linked(garmin)
    swim_file = tmp_path / "swim.fit"
    swim_file.write_bytes(fake.activities[0].fit)  # the same workout, from the watch by USB
    cli.ok("import", "fit", str(swim_file))
    report = sync(cli)
    assert report["activities"]["already present"] == 1  # type: ignore[index]
    assert not any("/download-service/files/activity/9001" in url for url in fake.requests)
    assert len(json.loads(cli.ok("activities", "list", "--json").stdout)) == 4


def test_an_implausible_garmin_reading_is_skipped_and_the_rest_kept(
    garmin: tuple[Cli, FakeGarmin, Path],
) -> None:
    cli, fake = linked(garmin)
    fake.weigh_ins.append((date(2026, 11, 19), 80.9, 95.0))  # a scale glitch: 95 % body fat
    sync(cli)
    fats = [
        m
        for m in json.loads(cli.ok("metrics", "list", "--json").stdout)
        if m["type"] == "body_fat_pct"
    ]
    assert [(m["date"], m["value"]) for m in fats] == [("2026-11-03", 17.1)]
    weights = [
        m["date"]
        for m in json.loads(cli.ok("metrics", "list", "--json").stdout)
        if m["type"] == "weight_kg"
    ]
    assert "2026-11-19" in weights  # the same weigh-in's plausible weight is kept
