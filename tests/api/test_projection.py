"""The load series carries the plan projected ahead (docs/methods.md §14): Sam's run of last week
gives runs a load per hour; the planned runs of the coming weeks are projected at it, the sports
Sam has no recent load in are counted and left out."""

from __future__ import annotations

from tests import fitfiles
from tests.api.conftest import Api


def test_the_load_series_projects_the_plan_ahead(api: Api) -> None:
    made = api.ok(
        "POST", "/athletes", 201, json={"profile": {"name": "Sam", "timezone": "America/Denver"}}
    )
    base = f"/athletes/{made['athlete']['id']}"
    api.ok(
        "POST",
        f"{base}/uploads/fit",
        files=[("files", ("run.fit", fitfiles.run_with_power(), "application/octet-stream"))],
    )
    api.ok("POST", f"{base}/plan", 201, json={"weeks": 6, "start": "2026-11-16"})
    series = api.ok("GET", f"{base}/load", params={"days": 60})
    ahead = series["ahead"]
    assert len(ahead) == 28
    assert ahead[0]["date"] == "2026-11-23"  # from tomorrow
    runs = [d["by_sport"]["run"] for d in ahead if "run" in d["by_sport"]]
    assert runs and all(load > 0 for load in runs)
    assert {s for d in ahead for s in d["by_sport"]} == {"run"}  # only what Sam has a rate for
    assert series["planned_without_rate"] > 0
    today = series["days"][-1]
    assert abs(ahead[0]["form"] - (today["ctl"] - today["atl"])) <= 0.1  # the line runs on
