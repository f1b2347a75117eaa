"""``coach review``: the evening review, and approving or rejecting what it proposes."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import typer

from coach.analysis.freshness import Freshness
from coach.analysis.readiness import Readiness
from coach.cli.analysis import thresholds
from coach.cli.connectors import sync_linked
from coach.cli.context import Runtime, database, engine_for, load_athlete, runtime
from coach.cli.export import export_after, print_exported
from coach.cli.options import AthleteOpt, JsonOpt, parse_date
from coach.cli.output import console, emit_json, error_console, marked, shown, success, table
from coach.connectors.llm import LlmConfig, narrate
from coach.connectors.notify import send
from coach.db.models import Athlete, PlanAdjustment
from coach.db.repo.reviews import adjustments_of, get_review, list_reviews
from coach.domain.clock import local_today
from coach.domain.errors import Busy, CoachError, ValidationFailed
from coach.domain.plan import AdjustmentStatus
from coach.review.approve import approve, reject, undo
from coach.review.daily import run_review

BUSY_RETRY_S = 0.5
"""How long a decision waits before its one retry when another coach process held the database."""

DECISION_COLOURS = {
    "keep": "bold green",
    "adjust": "bold cyan",
    "recover": "bold yellow",
    "pause": "bold red",
}

app = typer.Typer(
    help="The evening review: what was done, how the goals go, what to change.",
    invoke_without_command=True,
)


def _proposal_document(row: PlanAdjustment) -> dict[str, Any]:
    return {
        "number": row.number,
        "id": row.id,
        "rule": row.rule_id,
        "title": row.title,
        "rationale": row.rationale,
        "effect": row.effect,
        "evidence": row.evidence,
        "operations": row.operations,
        "status": row.status.value,
        "decided_at": row.decided_at.isoformat() if row.decided_at else None,
        "reason": row.decision_reason,
    }


@app.callback()
def review(
    ctx: typer.Context,
    athlete: AthleteOpt = None,
    day: Annotated[
        str | None, typer.Option("--date", help="The day to review (default: today).")
    ] = None,
    auto: Annotated[
        bool,
        typer.Option("--auto", help="For a timer: write the review, never ask, never approve."),
    ] = False,
    sync: Annotated[
        bool, typer.Option("--sync", help="Pull from Garmin Connect and Hevy first (when linked).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Review the day: compare it and the last 7 days with the plan, judge every goal, run the
    rules, keep the review, and show the proposals numbered (reviewing a day again updates it)."""
    if ctx.invoked_subcommand is not None:
        return
    rt = runtime()
    row = load_athlete(rt, athlete)
    today = local_today(rt.clock, row.timezone)
    when = (
        parse_date(day, "--date", today=today, why="a review looks back at a day that has been")
        if day
        else today
    )
    synced: list[str] = []
    if sync:
        with engine_for(rt) as engine:
            synced = sync_linked(rt, engine, row)
    document = review_document(rt, row, when, synced)
    document["narrative"] = narrative(rt, document)
    if as_json:
        emit_json(document)
    else:
        for line in synced:
            error_console().print(line)
        print_review(document)
    if auto and rt.settings.notify_url is not None:
        _notify(rt, document, quiet=as_json)
    if as_json:
        return
    if document["proposals"] and not auto and sys.stdin.isatty() and sys.stdout.isatty():
        answer = typer.prompt("Approve which? (all / numbers / none)", default="none")
        chosen = _chosen(answer, [p["number"] for p in document["proposals"]])
        if chosen:
            _approve(rt, row, document["review_id"], chosen, as_json=False)


def review_document(rt: Runtime, athlete: Athlete, when: date, synced: list[str]) -> dict[str, Any]:
    """Run and keep the review of ``when``; what ``--json`` prints."""
    with database(rt) as session:
        result = run_review(session, rt.clock, athlete, when, thresholds(rt.settings))
        proposals = [_proposal_document(p) for p in result.proposals]
        return {
            "review_id": result.review.id,
            "date": when.isoformat(),
            "sync": synced,
            "decision": result.decision.verdict.value,
            "headline": result.headline,
            "readiness": readiness_document(result.context.readiness),
            "data": freshness_document(result.report.freshness),
            "insights": result.insights,
            "proposals": proposals,
            "next_week_focus": result.focus,
        }


def readiness_document(readiness: Readiness) -> dict[str, Any]:
    return {
        "light": readiness.light.value,
        "logged_today": readiness.logged,
        "flags": [
            {"name": f.name, "value": f.value, "text": f.text, "severe": f.severe}
            for f in readiness.flags
        ],
        "trend": [
            {"name": f.name, "value": round(f.value, 2), "text": f.text} for f in readiness.trend
        ],
    }


def freshness_document(freshness: Freshness) -> dict[str, Any]:
    gap = freshness.gap
    return {
        "sources": [
            {
                "source": s.source,
                "newest_activity": s.last_activity.isoformat() if s.last_activity else None,
                "last_sync": s.last_sync.isoformat() if s.last_sync else None,
                "last_error": s.last_error,
            }
            for s in freshness.sources
        ],
        "gap": None
        if gap is None
        else {"since": gap.since.isoformat(), "days": gap.days, "sessions_due": gap.due},
    }


def narrative(rt: Runtime, document: dict[str, Any]) -> str | None:
    """The LLM's note on the review when COACH_LLM_PROVIDER is set; None when it is off or fails
    (the failure is reported in one line and the template text stands)."""
    settings = rt.settings
    if not settings.llm_provider:
        return None
    key = settings.anthropic_api_key.get_secret_value() if settings.anthropic_api_key else ""
    key = key or os.environ.get("ANTHROPIC_API_KEY", "")
    if not key:
        error_console().print(
            marked(
                "[yellow]no narrative:[/yellow] COACH_LLM_PROVIDER is set but no API key "
                "(COACH_ANTHROPIC_API_KEY); the template text stands"
            )
        )
        return None
    config = LlmConfig(
        settings.llm_provider,
        key,
        settings.llm_model,
        settings.llm_base_url,
        settings.llm_timeout_s,
    )
    try:
        return narrate(config, document)
    except CoachError as exc:
        error_console().print(
            marked(f"[yellow]no narrative:[/yellow] {shown(exc)}; the template text stands")
        )
        return None


def summary_text(document: dict[str, Any]) -> tuple[str, str]:
    """(title, body) of the review as a notification: plain text, proposals numbered."""
    day = date.fromisoformat(document["date"])
    count = len(document["proposals"])
    title = f"coach: {day:%a %d %b} review, " + (
        f"{count} proposal{'s' if count != 1 else ''}" if count else "no changes"
    )
    lines = [document["headline"]]
    lines += [document["narrative"], ""] if document.get("narrative") else []
    lines += [f"- {line}" for line in document["insights"]]
    lines += [
        f"{p['number']}. {p['title']}: {p['rationale']}"
        + (f" Expected: {p['effect']}" if p.get("effect") else "")
        for p in document["proposals"]
    ]
    lines.append(document["next_week_focus"])
    if count:
        lines.append(
            f"Answer with: coach review approve {document['review_id']} --all (or numbers), "
            f"coach review reject {document['review_id']} N --reason ..."
        )
    return title, "\n".join(lines)


def _notify(rt: Runtime, document: dict[str, Any], *, quiet: bool) -> None:
    assert rt.settings.notify_url is not None
    title, body = summary_text(document)
    try:
        sent = send(rt.settings.notify_url.get_secret_value(), title, body)
    except CoachError as exc:
        error_console().print(
            marked(
                f"[red]error:[/red] {shown(exc)}; review {document['review_id']} is stored all "
                "the same"
            )
        )
        raise typer.Exit(exc.exit_code) from None
    if not quiet:
        error_console().print(f"notified {sent} service{'s' if sent != 1 else ''}")


def print_review(document: dict[str, Any]) -> None:
    """The review as a person reads it: insights, numbered proposals, how to answer."""
    out = console()
    review_id = document["review_id"]
    out.print(
        marked(
            f"[bold]Review {review_id}[/bold] for "
            f"{date.fromisoformat(document['date']):%A %d %B %Y}"
        )
    )
    colour = DECISION_COLOURS.get(document["decision"], "bold")
    out.print(marked(f"[{colour}]{shown(document['headline'])}[/{colour}]"))
    if document.get("narrative"):
        out.print(marked(f"[italic]{shown(document['narrative'])}[/italic]"))
    for line in document["insights"]:
        out.print(f"• {line}")
    for p in document["proposals"]:
        out.print(
            marked(
                f"\n[bold cyan]{p['number']}. {shown(p['title'])}[/bold cyan] ({shown(p['rule'])})"
                f"\n   {shown(p['rationale'])}"
            )
        )
        if p.get("effect"):
            out.print(f"   Expected: {p['effect']}")
    out.print(f"\n{document['next_week_focus']}")
    if document["proposals"]:
        out.print(
            f"Approve with `coach review approve {review_id} --all` (or the numbers), "
            f"reject with `coach review reject {review_id} N --reason …`."
        )


def _chosen(answer: str, open_numbers: list[int]) -> list[int]:
    text = answer.strip().lower()
    if text in ("", "none", "n", "no"):
        return []
    if text in ("all", "a", "yes", "y"):
        return list(open_numbers)
    try:
        numbers = [int(part) for part in text.replace(",", " ").split()]
    except ValueError:
        raise ValidationFailed(
            f"cannot read {answer!r}: give all, none or proposal numbers"
        ) from None
    bad = [n for n in numbers if n not in open_numbers]
    if bad:
        shown_numbers = ", ".join(map(str, open_numbers))
        raise ValidationFailed(f"no open proposal {bad[0]}: the open ones are {shown_numbers}")
    return numbers


def _pick(rows: list[PlanAdjustment], numbers: list[int], every: bool) -> list[PlanAdjustment]:
    """The proposals named by their stable numbers (or every open one); a number that names no
    proposal of the review is refused before anything changes."""
    if every:
        return [r for r in rows if r.status is AdjustmentStatus.PROPOSED]
    if not numbers:
        raise ValidationFailed("give proposal numbers or --all")
    by_number = {r.number: r for r in rows}
    bad = [n for n in numbers if n not in by_number]
    if bad:
        known = ", ".join(str(r.number) for r in rows) or "none"
        raise ValidationFailed(f"no proposal {bad[0]} in this review (its proposals: {known})")
    return [by_number[n] for n in dict.fromkeys(numbers)]


def _with_retry[T](work: Callable[[], T]) -> T:
    """Run a unit of work; when another coach process held the database, once more: the
    second try sees what the other one did (and refuses, if it decided the same proposal)."""
    try:
        return work()
    except Busy:
        time.sleep(BUSY_RETRY_S)
        return work()


def _approve(
    rt: Runtime,
    athlete: Athlete,
    review_id: int,
    numbers: list[int],
    *,
    as_json: bool,
    every: bool = False,
) -> dict[str, Any]:
    def work() -> list[int]:
        with database(rt) as session:
            get_review(session, athlete.id, review_id)
            chosen = _pick(adjustments_of(session, review_id), numbers, every)
            return [approve(session, rt.clock, athlete, a).version for a in chosen]

    versions = _with_retry(work)
    document: dict[str, Any] = {"approved": len(versions), "plan_versions": versions}
    document |= export_after(rt, athlete) if versions else {"exported": {}, "export_error": None}
    if as_json:
        emit_json(document)
    elif not versions:
        success(f"nothing to approve: review {review_id} has no open proposal")
    else:
        success(
            f"approved {len(versions)} proposal{'' if len(versions) == 1 else 's'}; "
            f"plan version {versions[-1]}"
        )
        print_exported(document)
    return document


EveryOpt = Annotated[bool, typer.Option("--all", help="Every open proposal of the review.")]
Numbers = Annotated[list[int] | None, typer.Argument(help="Proposal numbers (see `coach review`).")]


@app.command("approve")
def approve_command(
    review_id: Annotated[int, typer.Argument(help="The review's id.")],
    numbers: Numbers = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every open proposal of the review.")
    ] = False,
    athlete: AthleteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Apply proposals: a new plan version, then the changed workouts exported at once."""
    rt = runtime()
    row = load_athlete(rt, athlete)
    _approve(rt, row, review_id, numbers or [], as_json=as_json, every=every)


@app.command("reject")
def reject_command(
    review_id: Annotated[int, typer.Argument(help="The review's id.")],
    numbers: Numbers = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every open proposal of the review.")
    ] = False,
    reason: Annotated[str | None, typer.Option(help="Why (kept with the proposal).")] = None,
    athlete: AthleteOpt = None,
) -> None:
    """Turn proposals down; the plan stays as it is and the reason is kept."""
    rt = runtime()
    row = load_athlete(rt, athlete)

    def work() -> int:
        with database(rt) as session:
            get_review(session, row.id, review_id)
            chosen = _pick(adjustments_of(session, review_id), numbers or [], every)
            for adjustment in chosen:
                reject(session, rt.clock, row, adjustment, reason)
            return len(chosen)

    count = _with_retry(work)
    if not count:
        success(f"nothing to turn down: review {review_id} has no open proposal")
        return
    success(f"turned down {count} proposal{'' if count == 1 else 's'}; the plan is unchanged")


@app.command("undo")
def undo_command(
    review_id: Annotated[int, typer.Argument(help="The review's id.")],
    number: Annotated[int, typer.Argument(help="The approved proposal's number.")],
    athlete: AthleteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Take an approved change back: a new plan version as the plan was before it, the goal or
    window it changed restored, and the exports updated."""
    rt = runtime()
    row = load_athlete(rt, athlete)

    def work() -> int:
        with database(rt) as session:
            get_review(session, row.id, review_id)
            (adjustment,) = _pick(adjustments_of(session, review_id), [number], False)
            return undo(session, rt.clock, row, adjustment).version

    version = _with_retry(work)
    document: dict[str, Any] = {"undone": number, "plan_version": version}
    document |= export_after(rt, row)
    if as_json:
        emit_json(document)
        return
    success(f"undid proposal {number} of review {review_id}; plan version {version}")
    print_exported(document)


@app.command("list")
def list_command(
    athlete: AthleteOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first.")] = 30,
    as_json: JsonOpt = False,
) -> None:
    """Past reviews, newest first: the decision and what became of each proposal."""
    rt = runtime()
    row = load_athlete(rt, athlete)
    with database(rt) as session:
        documents: list[dict[str, Any]] = [
            {
                "review_id": stored.id,
                "date": stored.review_date.isoformat(),
                "decision": stored.decision,
                "headline": stored.headline,
                "proposals": [
                    {"number": a.number, "title": a.title, "status": a.status.value}
                    for a in adjustments_of(session, stored.id)
                ],
            }
            for stored in list_reviews(session, row.id, limit)
        ]
    if as_json:
        emit_json(documents)
        return
    if not documents:
        console().print("No reviews yet: `coach review` writes tonight's.")
        return
    console().print(
        table(
            "Reviews",
            ["id", "date", "decision", "proposals"],
            [
                (
                    d["review_id"],
                    d["date"],
                    d["headline"] or d["decision"],
                    "; ".join(
                        f"{p['number']}. {p['title']} ({p['status']})" for p in d["proposals"]
                    )
                    or "none",
                )
                for d in documents
            ],
        )
    )


@app.command("show")
def show_command(
    review_id: Annotated[int, typer.Argument(help="The review's id.")],
    athlete: AthleteOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """A stored review with its proposals and what became of them."""
    rt = runtime()
    row = load_athlete(rt, athlete)
    with database(rt) as session:
        stored = get_review(session, row.id, review_id)
        proposals = [_proposal_document(p) for p in adjustments_of(session, review_id)]
        document: dict[str, Any] = {
            "review_id": stored.id,
            "date": stored.review_date.isoformat(),
            "decision": stored.decision,
            "headline": stored.headline,
            "insights": stored.insights.splitlines(),
            "planned_vs_actual": stored.planned_vs_actual,
            "next_week_focus": stored.next_week_focus,
            "proposals": proposals,
        }
    if as_json:
        emit_json(document)
        return
    console().print(document["headline"])
    console().print(
        table(
            f"Review {review_id} ({document['date']})",
            ["#", "proposal", "status", "reason"],
            [
                (p["number"], p["title"], p["status"], p["reason"] or "")
                for p in document["proposals"]
            ],
        )
    )
