"""What the evening review sends out: the notification of `coach review --auto` (Apprise, to a
local JSON webhook) and the optional LLM narrative (the real anthropic SDK against a local
Messages API). Neither ever changes a proposal; a failure is one line and the review stands."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from tests.cli.conftest import NOW
from tests.conftest import Cli
from tests.fakes.http_sink import Sink, anthropic_error, anthropic_message


def review(cli: Cli, *args: str) -> tuple[int, str, str]:
    with time_machine.travel(NOW, tick=False):
        result = cli("review", *args)
    return result.exit_code, result.stdout, result.stderr


def test_review_auto_notifies_with_the_findings_and_numbered_proposals(
    athlete_with_a_plan: Cli,
    sink: Sink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COACH_NOTIFY_URL", f"json://{sink.host_port}/hook")
    code, out, err = review(athlete_with_a_plan, "--auto")
    assert code == 0, err
    assert "notified 1 service" in err
    (sent,) = sink.requests
    assert sent.path == "/hook"
    assert sent.body["title"].startswith("coach: Sun 22 Nov review, ")
    message = sent.body["message"]
    assert "planned sessions in the last 7 days" in message
    assert "1. " in message and "coach review approve" in message
    assert "Review" in out  # the timer's log gets the summary too


def test_only_the_timer_run_notifies(
    athlete_with_a_plan: Cli,
    sink: Sink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COACH_NOTIFY_URL", f"json://{sink.host_port}/hook")
    code, _, _ = review(athlete_with_a_plan)
    assert code == 0
    assert sink.requests == []


def test_a_failed_notification_is_one_line_and_a_failed_exit_but_the_review_is_kept(
    athlete_with_a_plan: Cli,
    sink: Sink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sink.status = 500
    monkeypatch.setenv("COACH_NOTIFY_URL", f"json://{sink.host_port}/hook")
    code, _, err = review(athlete_with_a_plan, "--auto")
    assert code == 69
    assert "notification failed" in err and "review 1 is stored all the same" in err
    assert err.strip().count("\n") == 0
    with time_machine.travel(NOW, tick=False):
        stored = json.loads(athlete_with_a_plan.ok("review", "show", "1", "--json").stdout)
    assert stored["proposals"]


def test_an_unknown_notification_url_says_so_without_echoing_it(
    athlete_with_a_plan: Cli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COACH_NOTIFY_URL", "pigeon://secret-token@coop")
    code, _, err = review(athlete_with_a_plan, "--auto")
    assert code == 78
    assert "not one Apprise knows" in err
    assert "secret-token" not in err


def test_config_test_notify(cli: Cli, sink: Sink, monkeypatch: pytest.MonkeyPatch) -> None:
    unset = cli("config", "test-notify")
    assert unset.exit_code == 78
    assert "COACH_NOTIFY_URL is not set" in unset.stderr
    monkeypatch.setenv("COACH_NOTIFY_URL", f"json://{sink.host_port}/a, json://{sink.host_port}/b")
    assert "sent to 2 services" in cli.ok("config", "test-notify").stdout
    assert sorted(r.path for r in sink.requests) == ["/a", "/b"]  # sent side by side
    assert sink.requests[0].body["title"] == "coach: test notification"


def use_llm(monkeypatch: pytest.MonkeyPatch, sink: Sink, key: str | None = "sk-test") -> None:
    monkeypatch.setenv("COACH_LLM_PROVIDER", "anthropic")
    monkeypatch.setenv("COACH_LLM_BASE_URL", sink.url)
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    if key:
        monkeypatch.setenv("COACH_ANTHROPIC_API_KEY", key)


def proposals(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["rule"], p["rationale"]) for p in document["proposals"]]


def test_the_narrative_rephrases_and_the_proposals_stay_as_the_templates_wrote_them(
    athlete_with_a_plan: Cli,
    sink: Sink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, plain, _ = review(athlete_with_a_plan, "--json")
    sink.answer = anthropic_message("A quieter week than planned; lighten it and keep swimming.")
    use_llm(monkeypatch, sink)
    code, out, err = review(athlete_with_a_plan, "--json")
    assert code == 0, err
    told = json.loads(out)
    assert told["narrative"] == "A quieter week than planned; lighten it and keep swimming."
    assert proposals(told) == proposals(json.loads(plain))
    (call,) = sink.requests
    assert call.path == "/v1/messages"
    sent_key = call.headers.get("x-api-key") or call.headers.get("authorization", "")
    assert sent_key.removeprefix("Bearer ") == "sk-test"  # the SDK's own header, whichever
    assert call.body["model"] == "claude-sonnet-5-5"
    prompt = call.body["messages"][0]["content"]
    assert "planned sessions in the last 7 days" in prompt
    assert "Do not propose, add, drop or change any plan change" in call.body["system"]
    _, text, _ = review(athlete_with_a_plan)
    assert "A quieter week than planned" in text


@pytest.mark.parametrize(
    ("status", "kind", "said"),
    [
        (401, "authentication_error", "refused the key"),
        (500, "api_error", "answered HTTP 500"),
        (429, "rate_limit_error", "rate limiting"),
    ],
)
def test_a_failing_model_leaves_the_template_text_standing(
    athlete_with_a_plan: Cli,
    sink: Sink,
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    kind: str,
    said: str,
) -> None:
    sink.status, sink.answer = status, anthropic_error(status, kind, "no")
    monkeypatch.setenv("COACH_LLM_TIMEOUT_S", "5")
    use_llm(monkeypatch, sink)
    code, out, err = review(athlete_with_a_plan, "--json")
    assert code == 0
    assert said in err and "the template text stands" in err
    document = json.loads(out)
    assert document["narrative"] is None
    assert document["insights"] and document["proposals"]


def test_a_provider_without_a_key_is_a_warning_not_a_failure(
    athlete_with_a_plan: Cli,
    sink: Sink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_llm(monkeypatch, sink, key=None)
    code, out, err = review(athlete_with_a_plan, "--json")
    assert code == 0
    assert "no API key" in err
    assert json.loads(out)["narrative"] is None
    assert sink.requests == []


def test_an_unknown_provider_is_a_configuration_error(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_LLM_PROVIDER", "oracle")
    result = cli("config", "show")
    assert result.exit_code == 78
    assert "COACH_LLM_PROVIDER" in result.stderr


def test_the_timer_notifies_each_review_once_with_a_link_to_tonight(
    athlete_with_a_plan: Cli, sink: Sink, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timer runs every 15 minutes; Sam's review is made once, so it is sent once, and the
    message ends with the dashboard's Tonight page."""
    monkeypatch.setenv("COACH_NOTIFY_URL", f"json://{sink.host_port}/hook")
    monkeypatch.setenv("COACH_PUBLIC_URL", "https://coach.example.org/")
    evening = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)  # Sunday 21:00 in Denver
    for minutes in (0, 15, 30):
        with time_machine.travel(evening + timedelta(minutes=minutes), tick=False):
            result = athlete_with_a_plan("review", "--auto", "--due")
        assert result.exit_code == 0, result.stderr
    (sent,) = sink.requests  # exactly one
    assert sent.body["message"].endswith("Tonight: https://coach.example.org/a/1/tonight")
