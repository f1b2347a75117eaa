"""What a client creates it may send again: keyed by its own ``external_id``, a second send
updates the first instead of adding a twin (goals, sessions); measured values are one per
metric, source and day."""

from __future__ import annotations

from tests.api.conftest import Api


def _sam(api: Api) -> str:
    made = api.ok("POST", "/athletes", 201, json={"profile": {"name": "Sam", "timezone": "UTC"}})
    return f"/athletes/{made['athlete']['id']}"


def test_a_goal_sent_twice_is_one_goal(api: Api) -> None:
    base = _sam(api)
    before = len(api.ok("GET", f"{base}/goals")["goals"])
    goal = {"external_id": "phone-7", "kind": "body_fat", "target_value": 15.0, "priority": 2}
    first = api.ok("POST", f"{base}/goals", 201, json=goal)
    second = api.ok("POST", f"{base}/goals", 201, json={**goal, "target_value": 14.0})
    assert second["id"] == first["id"] and second["target_value"] == 14.0
    assert len(api.ok("GET", f"{base}/goals")["goals"]) == before + 1
    other_kind = api.call("POST", f"{base}/goals", json={**goal, "kind": "vo2_max"})
    assert other_kind.status_code == 422
    assert "its kind stays" in other_kind.json()["detail"]
    assert api.ok("GET", f"{base}/goals/{first['id']}")["target_value"] == 14.0


def test_a_session_sent_twice_is_one_session(api: Api) -> None:
    base = _sam(api)
    session = {"external_id": "w-1", "sport": "swim", "date": "2026-11-21", "duration_s": 1800}
    first = api.ok("POST", f"{base}/sessions", 201, json=session)
    second = api.ok("POST", f"{base}/sessions", 201, json={**session, "duration_s": 2400, "rpe": 6})
    assert first["external_id"] == second["external_id"] == "client/w-1"
    listed = api.ok("GET", f"{base}/activities")
    assert listed["total"] == 1
    assert listed["activities"][0]["duration_s"] == 2400
    assert listed["activities"][0]["load_tss"] == second["load"] == 24.0  # 40 min x RPE 6 / 10
    without_id = {k: v for k, v in session.items() if k != "external_id"}
    api.ok("POST", f"{base}/sessions", 201, json=without_id)
    twin = api.call("POST", f"{base}/sessions", json=without_id)
    assert twin.status_code == 409  # no id of the client's: the same start is refused


def test_a_days_value_sent_again_replaces_it(api: Api) -> None:
    base = _sam(api)
    api.ok("POST", f"{base}/metrics", 201, json={"date": "2026-11-20", "values": {"weight_kg": 80}})
    api.ok("POST", f"{base}/metrics", 201, json={"date": "2026-11-20", "values": {"weight_kg": 79}})
    weights = api.ok("GET", f"{base}/metrics", params={"type": "weight_kg"})["metrics"]
    manual = [m for m in weights if m["source"] == "manual"]
    assert [(m["date"], m["value"]) for m in manual] == [("2026-11-20", 79.0)]
