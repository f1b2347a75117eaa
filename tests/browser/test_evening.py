"""The whole evening in the browser: the review, one proposal approved and another rejected with
a reason, the week changed and the exports listed; a wellness entry on the goal chart; a FIT
file uploaded and found; a session moved on a phone; no serious accessibility finding."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from playwright.sync_api import expect

from tests import fitfiles
from tests.browser.conftest import PHONE, Served, no_sideways_scroll, serious_violations
from tests.scenarios.story import SUNDAY, Story

WED = SUNDAY + timedelta(days=3)
PAGES = ["tonight", "week", "month", "fitness", "goals", "activities", "log", "settings"]


def _wednesdays_never_work(story: Story) -> None:
    """Every Wednesday run missed for want of time, everything else done; Sunday mornings free
    from now on (tests/scenarios/test_fit_to_life.py: the review moves Wednesdays to Sunday)."""
    story.begin()
    story.run("availability", "set", "sun", "09:00-10:30", "--sports", "run,bike,row,mobility")
    missed = story.past_days(weekday=2)
    story.did_all(skip=missed)
    for day in missed:
        story.missed(day, "time", "early meetings")
    story.sync()


def test_the_evening_in_the_browser(page: Any, serve: Served) -> None:
    story = serve.story
    _wednesdays_never_work(story)
    yesterday = json.loads(story.run("review", "--date", "2026-11-21", "--json"))
    assert len(yesterday["proposals"]) == 1  # last night's proposal, still open

    page.goto(f"{serve.base}/a/1/tonight")
    assert page.get_by_text("No review for Sunday 22 November 2026 yet.").is_visible()
    page.get_by_role("button", name="Run tonight's review").click()
    headline = page.locator("h1.headline")
    assert headline.inner_text().startswith("Adjust:")
    change = page.locator("table.change").first
    assert "Wed 25 Nov" in change.inner_text() and "→ Sun 29 Nov 09:00" in change.inner_text()

    page.get_by_role("button", name="Approve proposal 1").click()
    flash = page.locator(".flash")
    assert flash.get_by_text("Approved 1: plan version 2 made.").is_visible()
    exports = flash.locator("ul.exports").inner_text()
    # nothing was exported before: every upcoming workout is new to the FIT outbox and calendar
    assert re.search(r"FIT files: \d+ new", exports), exports
    assert re.search(r"Calendar: \d+ new", exports), exports
    assert page.locator("#proposal-1 .status").inner_text() == "approved and applied"

    page.goto(f"{serve.base}/a/1/week?week=2026-11-23")
    sunday = page.locator('[data-day="2026-11-29"]')
    assert "Easy run" in sunday.inner_text()
    assert "Easy run" not in page.locator(f'[data-day="{WED + timedelta(days=0)}"]').inner_text()

    page.goto(f"{serve.base}/a/1/reviews/{yesterday['review_id']}")
    page.get_by_label("Reason (optional)").fill("Wednesdays work again from December")
    page.get_by_role("button", name="Reject proposal 1").click()
    assert page.get_by_text("Rejected 1: the plan stays as it was.").is_visible()
    assert page.locator("#proposal-1 .status").inner_text() == "rejected"
    assert page.get_by_text("Wednesdays work again from December").is_visible()


def test_a_wellness_entry_shows_on_the_goal_chart(page: Any, serve: Served) -> None:
    serve.story.begin()
    page.goto(f"{serve.base}/a/1/log")
    page.get_by_label("Body fat, %").fill("17.2")
    page.get_by_label("Energy, 1-10").fill("7")
    page.get_by_role("button", name="Log", exact=True).click()
    assert page.get_by_text("Logged 2 values for Sun 22 Nov.").is_visible()

    page.goto(f"{serve.base}/a/1/goals")
    card = page.locator("article.goal", has_text="Body fat")
    assert "17.2 %" in card.locator("dl.facts").inner_text()
    card.locator("summary", has_text="Readings").click()
    assert "17.2 %" in card.locator("table").inner_text()
    assert card.locator(".chart svg").count() == 1  # ECharts drew it (SVG)


def test_a_log_form_error_is_shown_beside_its_field(page: Any, serve: Served) -> None:
    serve.story.begin()
    page.goto(f"{serve.base}/a/1/log")
    page.get_by_label("Body fat, %").fill("lots")
    page.get_by_role("button", name="Log", exact=True).click()
    field = page.get_by_label("Body fat, %")
    assert field.get_attribute("aria-invalid") == "true"
    assert field.input_value() == "lots"  # what was typed is kept
    assert page.locator("#e-body_fat_pct").inner_text() == "cannot read 'lots' as a percent value"


def test_an_uploaded_fit_file_is_found(page: Any, serve: Served, tmp_path: Any) -> None:
    serve.story.begin()
    fit = tmp_path / "morning-run.fit"
    fit.write_bytes(fitfiles.run_with_power())
    page.goto(f"{serve.base}/a/1/log")
    page.get_by_label("Files", exact=True).set_input_files(str(fit))
    page.get_by_role("button", name="Upload", exact=True).click()
    report = page.locator("#upload-result")
    expect(report).to_contain_text("1 imported")  # htmx swapped the report in
    expect(report).to_contain_text("morning-run.fit: imported (1 activity)")
    report.get_by_role("link", name="See the activities").click()
    page.locator("ul.activities a").first.click()
    assert " · run" in page.locator("hgroup p").inner_text()  # the run just uploaded
    assert "Load" in page.locator("dl.facts").inner_text()


def test_a_session_moved_on_a_phone(browser: Any, serve: Served) -> None:
    serve.story.begin()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(serve.sign_in_link())
    page.goto(f"{serve.base}/a/1/week?week=2026-11-23")
    assert no_sideways_scroll(page)
    page.locator('[data-day="2026-11-25"] li.session a').first.click()
    name = page.locator("h1").inner_text()
    page.get_by_label("New day").fill("2026-11-26")
    page.get_by_role("button", name="Move…").click()
    assert page.get_by_text("This makes a new version of the plan").is_visible()
    page.get_by_role("button", name="Confirm the move").click()
    assert page.locator(".flash").is_visible()
    assert name in page.locator('[data-day="2026-11-26"]').inner_text()
    assert name not in page.locator('[data-day="2026-11-25"]').inner_text()
    context.close()


def test_every_page_fits_a_phone_and_has_no_serious_accessibility_finding(
    browser: Any, serve: Served
) -> None:
    story = serve.story
    _wednesdays_never_work(story)
    story.run("review", "--json")
    for viewport in (PHONE, {"width": 1280, "height": 900}):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for signed_out in ("sign-in", "reset"):
            page.goto(f"{serve.base}/{signed_out}")
            assert no_sideways_scroll(page), (signed_out, viewport)
            assert serious_violations(page) == [], (signed_out, viewport)
        page.goto(serve.sign_in_link())
        activity = "activities/1"
        for name in [*PAGES, activity, "workouts/1", "delete"]:
            page.goto(f"{serve.base}/a/1/{name}")
            page.wait_for_load_state("networkidle")
            assert no_sideways_scroll(page), (name, viewport)
            assert serious_violations(page) == [], (name, viewport)
        context.close()


def test_a_session_dragged_to_another_day_on_a_wide_screen(page: Any, serve: Served) -> None:
    serve.story.begin()
    page.goto(f"{serve.base}/a/1/week?week=2026-11-23")
    session = page.locator('[data-day="2026-11-25"] li[draggable="true"]').first
    name = session.locator("a").inner_text()
    # the drag's events as Chromium sends them (Playwright's pointer drag does not deliver
    # dragover to the page here): our handlers pick the session up and drop it on Sunday
    carried = page.evaluate_handle("() => new DataTransfer()")
    sunday = page.locator('[data-day="2026-11-29"]')
    session.dispatch_event("dragstart", {"dataTransfer": carried})
    sunday.dispatch_event("dragover", {"dataTransfer": carried})
    sunday.dispatch_event("drop", {"dataTransfer": carried})
    expect(page.get_by_text("This makes a new version of the plan")).to_be_visible()
    assert "Sunday 29 November 2026" in page.locator("article").inner_text()
    page.get_by_role("button", name="Confirm the move").click()
    expect(page.locator(".flash")).to_be_visible()
    assert name in page.locator('[data-day="2026-11-29"]').inner_text()
