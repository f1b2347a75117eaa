"""``coach review``: the evening review, and approving or rejecting what it proposes."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from coach.cli.context import LOCAL, Runtime, runtime
from coach.cli.export import print_exported
from coach.cli.options import AthleteOpt, JsonOpt, parse_date
from coach.cli.output import console, emit_json, error_console, marked, shown, success, table
from coach.domain.clock import local_today
from coach.domain.errors import CoachError, ValidationFailed
from coach.services import reviews
from coach.services.athletes import find_athlete
from coach.services.schemas import ExportedAfterChange, ReviewOut

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
    every_athlete: Annotated[
        bool,
        typer.Option("--every-athlete", help="Review every athlete in turn."),
    ] = False,
    due: Annotated[
        bool,
        typer.Option(
            "--due",
            help="Review every athlete whose evening has come where they live "
            "(COACH_REVIEW_TIME on their clock) and who has no review of that day yet: what "
            "the timer runs every 15 minutes; running it twice makes one review.",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Review the day: compare it and the last 7 days with the plan, judge every goal, run the
    rules, keep the review, and show the proposals numbered (reviewing a day again updates it)."""
    if ctx.invoked_subcommand is not None:
        return
    if due and (athlete is not None or every_athlete or day is not None):
        raise ValidationFailed("--due picks the athletes and the day itself: give it alone")
    if every_athlete or due:
        if athlete is not None:
            raise ValidationFailed("give --athlete or --every-athlete, not both")
        _review_everyone(day, auto=auto, sync=sync, as_json=as_json, due=due)
        return
    rt = runtime()
    row = find_athlete(rt, LOCAL, athlete)
    today = local_today(rt.clock, row.timezone)
    when = (
        parse_date(day, "--date", today=today, why="a review looks back at a day that has been")
        if day
        else today
    )
    review = reviews.run(rt, LOCAL, row.id, when, sync=sync)
    if review.narrative_error:
        error_console().print(
            marked(
                f"[yellow]no narrative:[/yellow] {shown(review.narrative_error)}; the template "
                "text stands"
            )
        )
    if as_json:
        emit_json(review_document(review))
    else:
        for line in review.sync:
            error_console().print(line)
        print_review(review)
    if auto and rt.settings.notify_url is not None:
        _notify(rt, review, quiet=as_json, athlete_id=row.id)
    if as_json:
        return
    if review.proposals and not auto and sys.stdin.isatty() and sys.stdout.isatty():
        answer = typer.prompt("Approve which? (all / numbers / none)", default="none")
        chosen = _chosen(answer, [p.number for p in review.proposals])
        if chosen:
            _approve(rt, row.id, review.review_id, chosen, as_json=False)


def _review_everyone(
    day: str | None, *, auto: bool, sync: bool, as_json: bool, due: bool = False
) -> None:
    """Every athlete's review in turn (or every one due); one athlete's failure (or a failed
    notification) is one line and the others go on; the command then ends with the first
    failure's exit code."""
    rt = runtime()
    everyone = (
        reviews.run_due(rt, LOCAL, sync=sync)
        if due
        else reviews.run_every_athlete(
            rt, LOCAL, parse_date(day, "--date") if day else None, sync=sync
        )
    )
    if due and not everyone.reviews and not everyone.failures and not as_json:
        console().print("No review is due: every athlete's evening is still ahead or reviewed.")
    codes = [failure.exit_code for failure in everyone.failures]
    for failure in everyone.failures:
        error_console().print(
            marked(f"[bold red]error:[/bold red] {shown(failure.athlete)}: {shown(failure.error)}")
        )
    for review in everyone.reviews:
        if not as_json:
            console().print(marked(f"\n[bold]{shown(review.athlete)}[/bold]"))
            for line in review.sync:
                error_console().print(line)
            print_review(review)
        if auto and rt.settings.notify_url is not None:
            try:
                _notify(
                    rt,
                    review,
                    quiet=as_json,
                    athlete_id=review.athlete_id,
                    athlete_name=review.athlete,
                    once=due,
                )
            except typer.Exit as stop:
                codes.append(int(stop.exit_code))
    if as_json:
        emit_json(
            everyone.model_dump(mode="json", exclude={"reviews": {"__all__": {"narrative_error"}}})
        )
    if codes:
        raise typer.Exit(codes[0])


def review_document(review: ReviewOut) -> dict[str, object]:
    """What ``--json`` prints: the review's schema (without the narrative's failure)."""
    return review.model_dump(mode="json", exclude={"narrative_error"})


def _notify(
    rt: Runtime,
    review: ReviewOut,
    *,
    quiet: bool,
    athlete_id: int,
    athlete_name: str | None = None,
    once: bool = False,
) -> None:
    try:
        sent = reviews.notify(rt, review, athlete_name, athlete_id, once=once)
    except CoachError as exc:
        error_console().print(
            marked(
                f"[red]error:[/red] {shown(exc)}; review {review.review_id} is stored all the same"
            )
        )
        raise typer.Exit(exc.exit_code) from None
    if not quiet:
        error_console().print(f"notified {sent} service{'s' if sent != 1 else ''}")


def print_review(review: ReviewOut) -> None:
    """The review as a person reads it: insights, numbered proposals, how to answer."""
    out = console()
    review_id = review.review_id
    out.print(marked(f"[bold]Review {review_id}[/bold] for {review.date:%A %d %B %Y}"))
    colour = DECISION_COLOURS.get(review.decision, "bold")
    out.print(marked(f"[{colour}]{shown(review.headline)}[/{colour}]"))
    if review.narrative:
        out.print(marked(f"[italic]{shown(review.narrative)}[/italic]"))
    for line in review.insights:
        out.print(f"• {line}")
    for p in review.proposals:
        out.print(
            marked(
                f"\n[bold cyan]{p.number}. {shown(p.title)}[/bold cyan] ({shown(p.rule)})"
                f"\n   {shown(p.rationale)}"
            )
        )
        if p.effect:
            out.print(f"   Expected: {p.effect}")
    out.print(f"\n{review.next_week_focus}")
    if review.proposals:
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


def _approve(
    rt: Runtime,
    athlete: str | int | None,
    review_id: int,
    numbers: list[int],
    *,
    as_json: bool,
    every: bool = False,
) -> None:
    done = reviews.approve(rt, LOCAL, athlete, review_id, numbers, every=every)
    if as_json:
        emit_json(done.model_dump(mode="json"))
    elif not done.approved:
        success(f"nothing to approve: review {review_id} has no open proposal")
    else:
        versions = done.plan_versions
        success(
            f"approved {len(versions)} proposal{'' if len(versions) == 1 else 's'}; "
            f"plan version {versions[-1]}"
        )
        print_exported(ExportedAfterChange(exported=done.exported, export_error=done.export_error))


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
    _approve(runtime(), athlete, review_id, numbers or [], as_json=as_json, every=every)


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
    done = reviews.reject(
        runtime(), LOCAL, athlete, review_id, numbers or [], every=every, reason=reason
    )
    count = done.rejected
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
    done = reviews.undo(runtime(), LOCAL, athlete, review_id, number)
    if as_json:
        emit_json(done.model_dump(mode="json"))
        return
    success(f"undid proposal {number} of review {review_id}; plan version {done.plan_version}")
    print_exported(ExportedAfterChange(exported=done.exported, export_error=done.export_error))


@app.command("list")
def list_command(
    athlete: AthleteOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first.")] = 30,
    as_json: JsonOpt = False,
) -> None:
    """Past reviews, newest first: the decision and what became of each proposal."""
    documents = [
        brief.model_dump(mode="json")
        for brief in reviews.list_reviews(runtime(), LOCAL, athlete, limit)
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
    document = reviews.show(runtime(), LOCAL, athlete, review_id).model_dump(mode="json")
    if as_json:
        emit_json(document)
        return
    console().print(document["headline"])
    console().print(
        table(
            f"Review {review_id} ({document['date']})",
            ["#", "proposal", "status", "by", "reason"],
            [
                (p["number"], p["title"], p["status"], p["decided_by"] or "", p["reason"] or "")
                for p in document["proposals"]
            ],
        )
    )
