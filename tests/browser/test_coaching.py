"""A coach in the browser, on a phone: Carla signs up and adds her own first goal (a bad
target said beside its field); Alex's owner grants her view access, she accepts the offer on her
page of athletes, finds Alex's card and reads Alex's Tonight with no control to press; the
sign-up page, the goal form and the page of athletes fit a phone and have no serious
accessibility finding."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, Served, no_sideways_scroll, serious_violations

PASSWORD = "a coach's long password"


@pytest.fixture
def sign_up_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_SIGN_UP", "true")


def test_a_coach_signs_up_accepts_and_reads_an_athlete(
    sign_up_open: None, browser: Any, serve: Served
) -> None:
    story = serve.story
    story.begin()
    story.did_all()
    story.run("review", "--json")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{serve.base}/sign-in")
    page.get_by_role("link", name="Sign up").click()
    assert no_sideways_scroll(page) and serious_violations(page) == []
    page.fill("#u-email", "carla@example.org")
    page.fill("#u-name", "Carla")
    page.fill("#u-password", PASSWORD)
    page.fill("#u-again", "not the same")
    page.click("button[type=submit]")
    expect(page.locator("#e-u-again")).to_have_text("the two passwords differ")
    assert page.locator("#u-email").input_value() == "carla@example.org"  # nothing typed lost
    page.fill("#u-password", PASSWORD)
    page.fill("#u-again", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Tonight")  # her own athlete, signed in

    page.get_by_role("link", name="Goals").click()  # her athlete has no goals yet: she adds one
    page.get_by_role("link", name="Add a goal").click()
    expect(page.locator("#new-goal")).to_have_attribute("open", "")
    assert no_sideways_scroll(page) and serious_violations(page) == []
    page.select_option("#ng-kind", "body_fat")
    page.fill("#ng-target", "lots")
    page.locator("#new-goal").get_by_role("button", name="Add the goal").click()
    expect(page.locator("#e-ng-target")).to_contain_text("cannot read 'lots'")
    page.fill("#ng-target", "15")
    page.locator("#new-goal").get_by_role("button", name="Add the goal").click()
    expect(page.locator(".flash")).to_contain_text("Goal Body fat: added.")
    page.get_by_role("link", name="Goals").click()
    expect(page.locator("article.goal h2")).to_have_text(["Body fat"])
    expect(page.locator("article.goal")).to_contain_text("15.0 %")

    story.run("grant", "add", "carla@example.org", "--level", "view", "--athlete", "Alex")
    page.goto(f"{serve.base}/")
    offer = page.locator("article", has_text="Alex")
    expect(offer).to_contain_text("offers you view access")
    assert no_sideways_scroll(page) and serious_violations(page) == []
    offer.get_by_role("button", name="Accept Alex").click()
    expect(page.locator(".flash")).to_contain_text("You coach Alex now, with view access.")
    card = page.locator("article#athlete-1")
    expect(card).to_contain_text("view access")
    expect(card).to_contain_text("Tonight")
    assert no_sideways_scroll(page) and serious_violations(page) == []
    card.get_by_role("link", name="Alex").click()
    expect(page.locator(".access")).to_contain_text("You coach Alex with view access")
    assert page.get_by_role("button", name="Approve").count() == 0
    assert no_sideways_scroll(page) and serious_violations(page) == []
    context.close()
