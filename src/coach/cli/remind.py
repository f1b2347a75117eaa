"""``coach remind``: the reminders of the sessions coming up, for the one-machine timer."""

from __future__ import annotations

from datetime import timedelta

from coach.cli.context import runtime
from coach.cli.options import JsonOpt
from coach.cli.output import console, emit_json, success

TIMER_EARLY = timedelta(minutes=15)
"""The timer runs every 15 minutes: a reminder due before its next run goes now."""


def remind(as_json: JsonOpt = False) -> None:
    """Send the reminders of the sessions coming up (the timer runs it every 15 minutes).

    Each planned session's reminder that is due before the timer's next run goes once, to
    COACH_NOTIFY_URL (unset: nothing is sent), by each athlete's lead time and quiet hours
    (`coach athlete set --remind-before --quiet-hours`)."""
    from coach.services.notices import send_due_reminders

    svc = runtime()
    sent = send_due_reminders(svc, TIMER_EARLY) if svc.settings.notify_url is not None else []
    if as_json:
        emit_json([n.model_dump(mode="json") for n in sent])
        return
    if svc.settings.notify_url is None:
        console().print("COACH_NOTIFY_URL is not set: no reminders are sent.")
        return
    if not sent:
        console().print("No reminder is due.")
    for notice in sent:
        success(f"sent: {notice.title}")
