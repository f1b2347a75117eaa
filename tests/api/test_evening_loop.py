"""The evening loop through the API only: an athlete, files uploaded, a plan, misses logged,
the review, approval, the plan changed and the export recorded — on SQLite and PostgreSQL."""

from __future__ import annotations

from tests import fitfiles
from tests.api.conftest import Api
from tests.cli.conftest import HEVY


def test_the_evening_loop_through_the_api(api: Api) -> None:
    made = api.ok(
        "POST",
        "/athletes",
        201,
        json={"profile": {"name": "Sam", "timezone": "America/Denver"}},
    )
    athlete = made["athlete"]["id"]
    assert made["goals"] > 0 and made["windows"] > 0
    base = f"/athletes/{athlete}"

    csv = api.ok(
        "POST",
        f"{base}/uploads/csv",
        params={"kind": "hevy"},
        files={"file": ("hevy.csv", HEVY.encode(), "text/csv")},
    )
    assert (csv["added"], csv["sets"]) == (1, 2)
    fit = api.ok(
        "POST",
        f"{base}/uploads/fit",
        files=[("files", ("run.fit", fitfiles.run_with_power(), "application/octet-stream"))],
    )
    assert fit["summary"]["imported"] == 1
    again = api.ok(
        "POST",
        f"{base}/uploads/fit",
        files=[("files", ("run.fit", fitfiles.run_with_power(), "application/octet-stream"))],
    )
    assert again["summary"]["already present"] == 1  # the same results as `coach import fit`

    plan = api.ok("POST", f"{base}/plan", 201, json={"weeks": 4, "start": "2026-11-09"})
    assert len(plan["weeks"]) == 4
    week = api.ok("GET", f"{base}/plan/week", params={"day": "2026-11-16"})
    for workout in week["workouts"]:
        if workout["date"] < "2026-11-22":
            marked = api.ok(
                "POST", f"{base}/workouts/{workout['id']}/missed", json={"reason": "time"}
            )
            assert marked["status"] == "missed"
    logged = api.ok("POST", f"{base}/metrics", 201, json={"values": {"weight_kg": 80.5}})
    assert [m["value"] for m in logged["metrics"]] == [80.5]

    review = api.ok("POST", f"{base}/reviews", 201, json={})
    assert review["decision"] == "adjust"  # a week of misses for want of time
    assert len(review["proposals"]) == 1
    approved = api.ok("POST", f"{base}/reviews/{review['review_id']}/approve", json={"all": True})
    assert approved["approved"] == 1 and approved["plan_versions"] == [2]
    assert approved["export_error"] is None
    history = api.ok("GET", f"{base}/plan/history")
    assert [v["version"] for v in history["versions"]] == [1, 2]
    stored = api.ok("GET", f"{base}/reviews/{review['review_id']}")
    assert [p["status"] for p in stored["proposals"]] == ["applied"]
    targets = {t["target"]: t for t in api.ok("GET", f"{base}/exports")}
    assert targets["fit"]["counts"].get("exported", 0) > 0
    assert targets["ics"]["last_exported_at"] is not None
    assert not targets["garmin"]["linked"] and not targets["hevy"]["linked"]

    twice = api.call("POST", f"{base}/reviews/{review['review_id']}/approve", json={"numbers": [1]})
    assert twice.status_code == 409  # Conflict: the same error type as the CLI's exit 4
    problem = twice.json()
    assert twice.headers["content-type"] == "application/problem+json"
    assert problem["status"] == 409 and problem["exit_code"] == 4
    assert "already approved and applied" in problem["detail"]

    _where_sam_stands(api, base)


def _where_sam_stands(api: Api, base: str) -> None:
    status = api.ok("GET", f"{base}/status")
    assert status["athlete"]["name"] == "Sam"
    assert {g["kind"] for g in status["goals"]} >= {"body_fat"}
    load = api.ok("GET", f"{base}/load", params={"days": 60})
    days = [d["date"] for d in load["days"]]  # from the first activity (2 Nov) to today
    assert (days[0], days[-1], len(days)) == ("2026-11-02", "2026-11-22", 21)
    assert load["state"]["day"] == "2026-11-22"
    activities = api.ok("GET", f"{base}/activities", params={"limit": 1})
    assert activities["total"] == 2 and len(activities["activities"]) == 1
    run = api.ok("GET", f"{base}/activities", params={"sport": "run"})["activities"][0]
    detail = api.ok("GET", f"{base}/activities/{run['id']}")
    assert detail["streams"]["heart_rate_bpm"] == 601  # ten minutes at 1 Hz, both ends
    assert detail["zones"]["hr_zone_s"] == [0, 0, 0, 0, 600, 0]  # a steady 150 bpm: one zone
    assert detail["load_method"] == "pace_rtss"  # a run: load from its pace
