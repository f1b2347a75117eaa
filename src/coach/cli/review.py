"""``coach review``: the evening review, and approving or rejecting what it proposes."""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import Annotated, Any

import typer
from rich.markup import escape

from coach.analysis.freshness import Freshness
from coach.analysis.readiness import Readiness
from coach.cli.analysis import thresholds
from coach.cli.connectors import sync_linked
from coach.cli.context import Runtime, database, engine_for, load_athlete, runtime
from coach.cli.export import export_all, linked_targets
from coach.cli.options import AthleteOpt, JsonOpt, parse_date
from coach.cli.output import console, emit_json, error_console, success, table
from coach.connectors.llm import LlmConfig, narrate
from coach.connectors.notify import send
from coach.db.models import Athlete, PlanAdjustment
from coach.db.repo.reviews import adjustments_of, get_review
from coach.domain.clock import local_today
from coach.domain.errors import CoachError, ValidationFailed
from coach.domain.plan import AdjustmentStatus
from coach.review.approve import approve, reject
from coach.review.daily import run_review

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


def _proposal_document(number: int, row: PlanAdjustment) -> dict[str, Any]:
    return {
        "number": number,
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
    when = parse_date(day, "--date") if day else local_today(rt.clock, row.timezone)
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
    if document["proposals"] and not auto and sys.stdin.isatty():
        answer = typer.prompt("Approve which? (all / numbers / none)", default="none")
        chosen = _chosen(answer, len(document["proposals"]))
        if chosen:
            _approve(rt, row, document["review_id"], chosen, as_json=False)


def review_document(rt: Runtime, athlete: Athlete, when: date, synced: list[str]) -> dict[str, Any]:
    """Run and keep the review of ``when``; what ``--json`` prints."""
    with database(rt) as session:
        result = run_review(session, rt.clock, athlete, when, thresholds(rt.settings))
        proposals = [_proposal_document(n, p) for n, p in enumerate(result.proposals, start=1)]
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
            "[yellow]no narrative:[/yellow] COACH_LLM_PROVIDER is set but no API key "
            "(COACH_ANTHROPIC_API_KEY); the template text stands"
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
        error_console().print(f"[yellow]no narrative:[/yellow] {exc}; the template text stands")
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
            f"[red]error:[/red] {exc}; review {document['review_id']} is stored all the same"
        )
        raise typer.Exit(exc.exit_code) from None
    if not quiet:
        error_console().print(f"notified {sent} service{'s' if sent != 1 else ''}")


def print_review(document: dict[str, Any]) -> None:
    """The review as a person reads it: insights, numbered proposals, how to answer."""
    out = console()
    review_id = document["review_id"]
    out.print(
        f"[bold]Review {review_id}[/bold] for {date.fromisoformat(document['date']):%A %d %B %Y}"
    )
    colour = DECISION_COLOURS.get(document["decision"], "bold")
    out.print(f"[{colour}]{escape(document['headline'])}[/{colour}]")
    if document.get("narrative"):
        out.print(f"[italic]{escape(document['narrative'])}[/italic]")
    for line in document["insights"]:
        out.print(f"• {escape(line)}")
    for p in document["proposals"]:
        out.print(
            f"\n[bold cyan]{p['number']}. {escape(p['title'])}[/bold cyan] ({p['rule']})"
            f"\n   {escape(p['rationale'])}"
        )
        if p.get("effect"):
            out.print(f"   Expected: {escape(p['effect'])}")
    out.print(f"\n{escape(document['next_week_focus'])}")
    if document["proposals"]:
        out.print(
            f"Approve with `coach review approve {review_id} --all` (or the numbers), "
            f"reject with `coach review reject {review_id} N --reason …`."
        )


def _chosen(answer: str, count: int) -> list[int]:
    text = answer.strip().lower()
    if text in ("", "none", "n", "no"):
        return []
    if text in ("all", "a", "yes", "y"):
        return list(range(1, count + 1))
    try:
        numbers = [int(part) for part in text.replace(",", " ").split()]
    except ValueError:
        raise ValidationFailed(
            f"cannot read {answer!r}: give all, none or proposal numbers"
        ) from None
    bad = [n for n in numbers if not 1 <= n <= count]
    if bad:
        raise ValidationFailed(f"no proposal {bad[0]}: there are {count}")
    return numbers


def _pick(rows: list[PlanAdjustment], numbers: list[int], every: bool) -> list[PlanAdjustment]:
    if every:
        return [r for r in rows if r.status is AdjustmentStatus.PROPOSED]
    if not numbers:
        raise ValidationFailed("give proposal numbers or --all")
    bad = [n for n in numbers if not 1 <= n <= len(rows)]
    if bad:
        raise ValidationFailed(f"no proposal {bad[0]} in this review: it has {len(rows)}")
    return [rows[n - 1] for n in numbers]


def _approve(
    rt: Runtime,
    athlete: Athlete,
    review_id: int,
    numbers: list[int],
    *,
    as_json: bool,
    every: bool = False,
) -> dict[str, Any]:
    with database(rt) as session:
        get_review(session, athlete.id, review_id)
        rows = adjustments_of(session, review_id)
        chosen = _pick(rows, numbers, every)
        versions = []
        for adjustment in chosen:
            versions.append(approve(session, rt.clock, athlete, adjustment).version)
    exported: dict[str, Any] = {}
    export_error = None
    if versions:
        today = local_today(rt.clock, athlete.timezone)
        try:
            with engine_for(rt) as engine:
                exported = export_all(
                    rt, engine, athlete, linked_targets(rt, engine, athlete), today
                )
        except CoachError as exc:  # an export failure never undoes the approval
            export_error = str(exc)
    document: dict[str, Any] = {
        "approved": len(versions),
        "plan_versions": versions,
        "exported": {
            t: [e for e in entries if e.get("status") not in (None, "unchanged")]
            for t, entries in exported.items()
        },
        "export_error": export_error,
    }
    if as_json:
        emit_json(document)
    else:
        success(
            f"approved {len(versions)} proposal{'' if len(versions) == 1 else 's'}; "
            f"plan version {versions[-1] if versions else '-'}"
        )
        sent: dict[str, list[Any]] = document["exported"]
        for target, entries in sent.items():
            console().print(f"{target}: {len(entries)} workouts sent")
        if export_error:
            error_console().print(
                f"[yellow]export failed:[/yellow] {export_error} (run `coach export` later)"
            )
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
    with database(rt) as session:
        get_review(session, row.id, review_id)
        chosen = _pick(adjustments_of(session, review_id), numbers or [], every)
        for adjustment in chosen:
            reject(session, rt.clock, row, adjustment, reason)
    success(f"rejected {len(chosen)} proposals; the plan is unchanged")


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
        proposals = [
            _proposal_document(n, p)
            for n, p in enumerate(adjustments_of(session, review_id), start=1)
        ]
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
    console().print(escape(document["headline"]))
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
