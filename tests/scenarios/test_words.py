"""How a coach talks: every number in the athlete's units, totals that add up, the week that
ends tonight counted on a Sunday (docs/coaching.md §6, §9)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from tests.scenarios.story import SUNDAY, Story


def test_on_sunday_evening_the_week_ending_tonight_counts(story: Story) -> None:
    """Three ordinary weeks, then this week with two long rides added (about 6.2 h). On Sunday
    evening the weekly-hours goal reads the week that ends tonight; on Saturday evening it would
    not yet."""
    story.begin()
    story.did_all()
    story.extra(SUNDAY - timedelta(days=4), "bike", 75)
    story.extra(SUNDAY - timedelta(days=1), "bike", 90, at=story.evening.replace(hour=14))
    review = story.review()
    progress = json.loads(story.run("progress", "weekly_hours", "--json"))
    assert "2026-11-16" in progress["extras"]["weeks"]  # this week, ending tonight
    assert round(progress["extras"]["weeks"]["2026-11-16"], 1) == 6.2
    review.says(
        "Training time in the last 7 days: 6.2 h done (3.4 h in planned sessions, 2.8 h "
        "unplanned), against 3.4 h planned."
    )
    story.today = SUNDAY - timedelta(days=1)
    saturday = json.loads(story.run("progress", "weekly_hours", "--json"))
    assert "2026-11-16" not in saturday["extras"]["weeks"]


def test_the_parts_of_the_training_time_add_up_to_its_total(story: Story) -> None:
    """Whatever the minutes, the planned and unplanned hours said add up to the total said."""
    story.begin()
    story.did_all()
    for n, minutes in ((6, 47), (3, 31), (2, 29)):
        story.extra(SUNDAY - timedelta(days=n), "run", minutes)
    review = story.review()
    line = next(i for i in review.data["insights"] if i.startswith("Training time"))
    total, planned, unplanned = (float(x) for x in re.findall(r"(\d+\.\d) h", line)[:3])
    assert round(planned + unplanned, 1) == total, line


def test_a_metric_athlete_reads_centimetres_and_kilograms(story: Story) -> None:
    """Kim (metric) has a box jump goal and logs 50 cm every week: the rates are said in cm a
    week, never as raw metres or as a number without a unit."""
    story.run(
        "init", "--no-input", "--name", "Kim", "--units", "metric", "--timezone",
        "America/Denver", "--weight", "70kg",
    )  # fmt: skip
    for n in range(3, -1, -1):
        day = (SUNDAY - timedelta(weeks=n)).isoformat()
        story.log("test", "box-jump", "50cm", "--date", day)
        story.log("weight", "70.2kg", "--date", day)
    status = json.loads(story.run("status", "--json"))
    box = next(g for g in status["goals"] if g["kind"] == "box_jump")
    assert box["why"] == "0.0 cm/week against +0.5 cm/week needed"
    text = story.run("status")
    assert "cm/week" in text  # the table wraps the sentence in its cell
    assert "0.005" not in text
