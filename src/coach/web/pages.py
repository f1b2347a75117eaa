"""The dashboard's pages. Each handler reads the form, calls one service, renders a template or
redirects (post / redirect / get, with a one-time message). Errors are pages in the same words
as the CLI's lines; a form's error is shown beside the form, with what was typed kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import (
    APIRouter,
    BackgroundTasks,
    Depends,
    FastAPI,
    File,
    Form,
    Query,
    Request,
    UploadFile,
)
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from coach.domain.assessments import ASSESSMENTS, assessment_value, find_assessment
from coach.domain.athlete import WEEKDAYS, AvailabilityWindow
from coach.domain.clock import local_today
from coach.domain.errors import (
    CoachError,
    Forbidden,
    NotFound,
    Unauthorized,
    ValidationFailed,
    http_status,
)
from coach.domain.goals import (
    HIGHEST_PRIORITY,
    LOWEST_PRIORITY,
    Direction,
    GoalKind,
    GoalStatus,
    goal_dimension,
    make_goal,
)
from coach.domain.health import BodyArea, EpisodeKind
from coach.domain.manual import ActivityChanges, LoggedSession, clock_time, session_duration_s
from coach.domain.metrics import METRIC_SPECS, MetricType
from coach.domain.sport import Equipment, Sport
from coach.domain.units import (
    PoolUnit,
    UnitSystem,
    format_quantity,
    parse_distance_m,
    parse_quantity,
)
from coach.insights.physiology import PHYSIOLOGY_DISPLAY
from coach.services import (
    activities,
    availability,
    connections,
    goals,
    grants,
    intake,
    jobs,
    log,
    plans,
    reviews,
    tokens,
    users,
)
from coach.services import athletes as athlete_service
from coach.services import exports as export_service
from coach.services import status as standing
from coach.services.availability import replace_days as log_windows
from coach.services.context import GRANTABLE, AthleteKey, Level, Scope, Services
from coach.services.roster import roster
from coach.services.schemas import (
    AthleteRef,
    ExportEntry,
    HandChange,
    StoredReview,
    WindowOut,
    WorkoutDetail,
)
from coach.services.uploads import saved, saved_all
from coach.services.users import TooManyAttempts
from coach.web.render import duration, environment, goal_choices
from coach.web.series import chart_points, fitness_chart
from coach.web.sessions import COOKIE, CSRF_FIELD, CSRF_HEADER, SessionStore, WebSession

router = APIRouter(include_in_schema=False)

MAX_DAYS = standing.MAX_LOAD_DAYS
PAGE_SIZE = 50
FITNESS_RANGES = {"6 weeks": 42, "3 months": 91, "1 year": 365, "All (10 years)": MAX_DAYS}


class SignInNeeded(Exception):
    """No session: the page sends the browser to the sign-in page."""


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def store(request: Request) -> SessionStore:
    found: SessionStore = request.app.state.web_sessions
    return found


def signed_in(request: Request) -> WebSession:
    session = store(request).get(request.cookies.get(COOKIE))
    if session is None:
        raise SignInNeeded
    return session


async def checked(request: Request) -> WebSession:
    """The session of a change: signed in, and the form (or htmx header) carries its CSRF
    token — a page of another site cannot post here on the athlete's behalf."""
    session = signed_in(request)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        field = form.get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    if not session.csrf_ok(sent):
        raise Forbidden("this form has expired or came from elsewhere: reload the page")
    _may_change(request, session)
    return session


NEEDS: dict[str, Level] = {
    "/a/{athlete_id}/settings/profile": "full",
    "/a/{athlete_id}/settings/reminders": "full",
    "/a/{athlete_id}/settings/hevy": "full",
    "/a/{athlete_id}/settings/{source}/unlink": "full",
    "/a/{athlete_id}/settings/grants": "own",
    "/a/{athlete_id}/delete": "own",
    # a user's own API tokens, made from whichever athlete's Settings: not a change to the athlete
    "/a/{athlete_id}/settings/tokens": "view",
    "/a/{athlete_id}/settings/tokens/{token_id}/revoke": "view",
}
"""The changes that need more than ``edit`` access to the athlete (the services check it too;
checking here first answers 403 before a form is read)."""


def _may_change(request: Request, session: WebSession) -> None:
    """A change to an athlete: 404 when the caller does not reach them (as if they did not
    exist), 403 when they do but may not make this change — before anything else is read."""
    raw = request.path_params.get("athlete_id")
    if raw is None:
        return
    try:
        athlete_id = int(raw)
    except ValueError:
        raise NotFound(f"no athlete {raw!r}") from None
    if not session.scope.sees(athlete_id):
        raise NotFound(f"no athlete {athlete_id}")
    route = request.scope.get("route")
    template = getattr(route, "path", "")
    session.scope.require(athlete_id, NEEDS.get(template, "edit"))


Svc = Annotated[Services, Depends(services)]
Reader = Annotated[WebSession, Depends(signed_in)]
Writer = Annotated[WebSession, Depends(checked)]


@dataclass
class Flash:
    """What the last change did, shown once on the next page."""

    text: str
    ok: bool = True
    exports: dict[str, list[ExportEntry]] | None = None
    """Per target, what the change sent (a plan change is exported at once)."""
    export_error: str | None = None


def _flash(
    request: Request,
    session: WebSession,
    text: str,
    *,
    ok: bool = True,
    exports: dict[str, list[ExportEntry]] | None = None,
    export_error: str | None = None,
) -> None:
    kept = {
        "text": text,
        "ok": ok,
        "exports": None
        if exports is None
        else {t: [e.model_dump(mode="json") for e in entries] for t, entries in exports.items()},
        "export_error": export_error,
    }
    store(request).note(session, kept)


def _flash_of(kept: dict[str, Any] | None) -> Flash | None:
    """The note a change left, as the page shows it."""
    if kept is None:
        return None
    exports = kept.get("exports")
    return Flash(
        str(kept["text"]),
        bool(kept.get("ok", True)),
        None
        if exports is None
        else {
            t: [ExportEntry.model_validate(e) for e in entries] for t, entries in exports.items()
        },
        kept.get("export_error"),
    )


def _flash_change(request: Request, session: WebSession, changed: HandChange) -> None:
    """What a move or skip did: its line and what each export target did with it."""
    _flash(
        request,
        session,
        changed.message,
        exports=changed.after.exported,
        export_error=changed.after.export_error,
    )


def render(
    request: Request,
    template: str,
    session: WebSession | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    flash = _flash_of(store(request).take_note(session)) if session is not None else None
    athlete = context.get("athlete")
    access = None
    if session is not None and isinstance(athlete, AthleteRef):
        access = session.scope.level(athlete.id)

    def can(need: Level) -> bool:
        """Whether the signed-in caller may do what needs ``need`` to this page's athlete."""
        return session is not None and athlete is not None and session.scope.may(athlete.id, need)

    html = (
        environment()
        .get_template(template)
        .render(
            request=request,
            session=session,
            csrf=session.csrf if session else "",
            flash=flash,
            access=access,
            can=can,
            sign_up=services(request).settings.sign_up,
            **context,
        )
    )
    return HTMLResponse(html, status_code=status_code)


def back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _athlete(svc: Services, session: WebSession, athlete_id: int) -> AthleteRef:
    return athlete_service.find_athlete(svc, session.scope, athlete_id)


def _today(svc: Services, athlete: AthleteRef) -> date:
    return local_today(svc.clock, athlete.timezone)


# --- signing in -----------------------------------------------------------------------------


@router.get("/")
def home(request: Request, svc: Svc) -> Response:
    session = store(request).get(request.cookies.get(COOKIE))
    if session is None:
        return back("/sign-in")
    seen = athlete_service.list_athletes(svc, session.scope)
    offered = [g for g in grants.my_grants(svc, session.scope) if g.state == "pending"]
    if len(seen) == 1 and not offered and not session.scope.granted:
        return back(f"/a/{seen[0].id}/tonight")
    return render(request, "athletes.html", session, roster=roster(svc, session.scope))


@router.get("/sign-in")
def sign_in_page(request: Request, code: str | None = None) -> Response:
    if code is not None:
        session = store(request).redeem(code)
        if session is None:
            return render(
                request,
                "sign_in.html",
                None,
                401,
                error="this sign-in link was used or has expired: restart `coach serve` for a "
                "new one, or sign in with your e-mail and password",
            )
        return _signed_in(request, session)
    return render(request, "sign_in.html", None)


@router.post("/sign-in")
def sign_in(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
) -> Response:
    """A user's e-mail, password and (when they turned it on) authenticator code."""
    address = client_address(request)
    try:
        session = store(request).sign_in(email, password, code or None, address)
    except (Unauthorized, TooManyAttempts) as exc:
        status_code = 429 if isinstance(exc, TooManyAttempts) else 401
        return render(
            request, "sign_in.html", None, status_code, error=str(exc), typed={"email": email}
        )
    return _signed_in(request, session)


@router.post("/sign-in/token")
def sign_in_with_token(request: Request, token: Annotated[str, Form()] = "") -> Response:
    try:
        session = store(request).with_token(token)
    except (Unauthorized, ValidationFailed) as exc:
        return render(request, "sign_in.html", None, 401, error=str(exc))
    return _signed_in(request, session)


@router.get("/reset")
def reset_page(request: Request) -> Response:
    return render(request, "reset.html", None, **_reset_context())


@router.post("/reset")
def reset(
    request: Request,
    svc: Svc,
    email: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    again: Annotated[str, Form()] = "",
) -> Response:
    """A new password with the one-time code the owner printed (`coach user reset`)."""
    errors: dict[str, str] = {}
    try:
        users.check_password(password)
    except ValidationFailed as exc:
        errors["password"] = str(exc)
    if not errors and again != password:
        errors["again"] = "the two passwords differ"
    if not errors:
        try:
            users.reset_password(svc, email, code, password)
        except Unauthorized as exc:
            errors["form"] = str(exc)
    if errors:
        typed = {"email": email, "code": code}
        return render(
            request, "reset.html", None, 422, errors=errors, typed=typed, **_reset_context()
        )
    return render(
        request,
        "sign_in.html",
        None,
        typed={"email": email},
        error=None,
        done="Your new password is set: sign in with it.",
    )


def _reset_context() -> dict[str, Any]:
    return {"minutes": users.RESET_CODE_MIN, "min_chars": users.PASSWORD_MIN_CHARS}


def _signed_in(request: Request, session: WebSession) -> Response:
    answer = back("/")
    answer.set_cookie(
        COOKIE,
        session.id,
        max_age=int(store(request).lifetime.total_seconds()),
        httponly=True,
        samesite="strict",
        path="/",
    )
    return answer


@router.post("/sign-out")
def sign_out(request: Request, session: Writer) -> Response:
    store(request).end(session.id)
    answer = back("/sign-in")
    answer.delete_cookie(COOKIE, path="/")
    return answer


# --- Tonight: the evening review ------------------------------------------------------------


@router.get("/a/{athlete_id}/tonight")
def tonight(request: Request, svc: Svc, session: Reader, athlete_id: int) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    today = _today(svc, athlete)
    past = reviews.list_reviews(svc, session.scope, athlete.id, limit=30)
    current = next((r for r in past if r.date == today), None)
    review = (
        None if current is None else reviews.show(svc, session.scope, athlete.id, current.review_id)
    )
    return _review_page(request, svc, session, athlete, review, past, today)


@router.get("/a/{athlete_id}/reviews/{review_id}")
def review_page(
    request: Request, svc: Svc, session: Reader, athlete_id: int, review_id: int
) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    review = reviews.show(svc, session.scope, athlete.id, review_id)
    past = reviews.list_reviews(svc, session.scope, athlete.id, limit=30)
    return _review_page(request, svc, session, athlete, review, past, _today(svc, athlete))


def _review_page(
    request: Request,
    svc: Services,
    session: WebSession,
    athlete: AthleteRef,
    review: StoredReview | None,
    past: list[Any],
    today: date,
) -> Response:
    from coach.web.changes import describe

    changes = {}
    if review is not None:
        for proposal in review.proposals:
            changes[proposal.number] = describe(
                proposal.operations,
                lambda wid: _workout_or_none(svc, session.scope, athlete.id, wid),
            )
    return render(
        request,
        "tonight.html",
        session,
        athlete=athlete,
        page="tonight",
        review=review,
        changes=changes,
        past=past,
        today=today,
    )


def _workout_or_none(svc: Services, scope: Scope, athlete_id: int, workout_id: int) -> Any:
    try:
        return plans.workout(svc, scope, athlete_id, workout_id)
    except NotFound:
        return None


@router.post("/a/{athlete_id}/reviews")
def run_review(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    made = reviews.run(svc, session.scope, athlete_id)
    _flash(request, session, f"Review made: {made.headline}")
    return back(f"/a/{athlete_id}/reviews/{made.review_id}")


def _numbers(form: Any) -> list[int]:
    numbers = []
    for value in form.getlist("number"):
        try:
            numbers.append(int(value))
        except ValueError:
            raise ValidationFailed(f"{value!r} is not a proposal number") from None
    return numbers


@router.post("/a/{athlete_id}/reviews/{review_id}/approve")
async def approve(
    request: Request, svc: Svc, session: Writer, athlete_id: int, review_id: int
) -> Response:
    form = await request.form()
    numbers, every = _numbers(form), form.get("all") == "1"
    if not numbers and not every:
        raise ValidationFailed("choose a proposal to approve")
    done = await _in_thread(
        reviews.approve, svc, session.scope, athlete_id, review_id, numbers, every=every
    )
    versions = ", ".join(str(v) for v in done.plan_versions)
    plural = "s" if len(done.plan_versions) > 1 else ""
    _flash(
        request,
        session,
        f"Approved {done.approved}: plan version{plural} {versions} made."
        if done.approved
        else "Nothing left to approve.",
        ok=done.export_error is None,
        exports=done.exported,
        export_error=done.export_error,
    )
    return back(f"/a/{athlete_id}/reviews/{review_id}")


@router.post("/a/{athlete_id}/reviews/{review_id}/reject")
async def reject(
    request: Request, svc: Svc, session: Writer, athlete_id: int, review_id: int
) -> Response:
    form = await request.form()
    numbers, every = _numbers(form), form.get("all") == "1"
    reason = str(form.get("reason") or "").strip() or None
    if not numbers and not every:
        raise ValidationFailed("choose a proposal to reject")
    done = await _in_thread(
        reviews.reject,
        svc,
        session.scope,
        athlete_id,
        review_id,
        numbers,
        every=every,
        reason=reason,
    )
    _flash(request, session, f"Rejected {done.rejected}: the plan stays as it was.")
    return back(f"/a/{athlete_id}/reviews/{review_id}")


@router.post("/a/{athlete_id}/exports")
async def retry_exports(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    form = await request.form()
    done = await _in_thread(export_service.run_exports, svc, session.scope, athlete_id)
    failed = [t for t, entries in done.targets.items() if any(e.error for e in entries)]
    _flash(
        request,
        session,
        "Exported again." if not failed else f"Still failing: {', '.join(failed)}.",
        ok=not failed,
        exports=done.targets,
    )
    return back(str(form.get("next") or f"/a/{athlete_id}/tonight"))


async def _in_thread(work: Any, *args: Any, **kwargs: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(work, *args, **kwargs)


# --- Week ---------------------------------------------------------------------------------------


@router.get("/a/{athlete_id}/week")
def week(
    request: Request, svc: Svc, session: Reader, athlete_id: int, week: date | None = None
) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    state = standing.status(svc, session.scope, athlete.id, week)
    monday = state.week
    days = [monday + timedelta(days=i) for i in range(7)]
    return render(
        request,
        "week.html",
        session,
        athlete=athlete,
        page="week",
        status=state,
        days=days,
        previous=monday - timedelta(days=7),
        following=monday + timedelta(days=7),
    )


@router.get("/a/{athlete_id}/month")
def month(
    request: Request, svc: Svc, session: Reader, athlete_id: int, month: str | None = None
) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    today = _today(svc, athlete)
    try:
        first = date.fromisoformat(f"{month}-01") if month else today.replace(day=1)
    except ValueError:
        raise ValidationFailed(f"month {month!r}: give it as YYYY-MM") from None
    following = (first + timedelta(days=32)).replace(day=1)
    try:
        planned = plans.week(svc, session.scope, athlete.id, whole_plan=True).workouts
    except NotFound:  # no plan yet: the month shows what was done
        planned = []
    done = activities.list_activities(
        svc, session.scope, athlete.id, since=first, until=following - timedelta(days=1)
    )
    grid_start = first - timedelta(days=first.weekday())
    weeks = []
    cursor = grid_start
    while cursor < following:
        weeks.append([cursor + timedelta(days=i) for i in range(7)])
        cursor += timedelta(days=7)
    return render(
        request,
        "month.html",
        session,
        athlete=athlete,
        page="week",
        first=first,
        weeks=weeks,
        planned=[w for w in planned if first <= w.date < following],
        done=done.activities,
        previous=(first - timedelta(days=1)).replace(day=1),
        following=following,
        today=today,
    )


@router.get("/a/{athlete_id}/workouts/{workout_id}")
def workout(
    request: Request, svc: Svc, session: Reader, athlete_id: int, workout_id: int
) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    detail = plans.workout(svc, session.scope, athlete.id, workout_id)
    return _workout_page(request, svc, session, athlete, detail)


def _workout_page(
    request: Request,
    svc: Services,
    session: WebSession,
    athlete: AthleteRef,
    detail: WorkoutDetail,
    error: str | None = None,
) -> Response:
    """A session's steps and its move / skip forms (with the form's error, 422, when given)."""
    return render(
        request,
        "workout.html",
        session,
        200 if error is None else 422,
        athlete=athlete,
        page="week",
        workout=detail,
        today=_today(svc, athlete),
        error=error,
    )


@router.post("/a/{athlete_id}/workouts/{workout_id}/move")
async def move(
    request: Request, svc: Svc, session: Writer, athlete_id: int, workout_id: int
) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    detail = plans.workout(svc, session.scope, athlete.id, workout_id)
    try:
        to = date.fromisoformat(str(form.get("to") or ""))
    except ValueError:
        return _workout_page(request, svc, session, athlete, detail, "choose the day to move it to")
    start_text = str(form.get("start") or "").strip()
    problem: str | None = None
    start: time | None = None
    try:
        start = time.fromisoformat(start_text) if start_text else None
    except ValueError:
        problem = f"{start_text!r} is not a time of day (HH:MM)"
    if problem is not None:
        return _workout_page(request, svc, session, athlete, detail, problem)
    if form.get("confirm") != "1":
        return render(
            request,
            "confirm_move.html",
            session,
            athlete=athlete,
            page="week",
            workout=detail,
            to=to,
            start=start,
        )
    try:
        changed = await _in_thread(
            plans.move, svc, session.scope, athlete.id, workout_id, to, start
        )
    except ValidationFailed as exc:
        return _workout_page(request, svc, session, athlete, detail, str(exc))
    _flash_change(request, session, changed)
    return back(f"/a/{athlete.id}/week?week={to.isoformat()}")


@router.post("/a/{athlete_id}/workouts/{workout_id}/skip")
async def skip(
    request: Request, svc: Svc, session: Writer, athlete_id: int, workout_id: int
) -> Response:
    detail = plans.workout(svc, session.scope, athlete_id, workout_id)
    changed = await _in_thread(plans.skip, svc, session.scope, athlete_id, workout_id)
    _flash_change(request, session, changed)
    return back(f"/a/{athlete_id}/week?week={detail.date.isoformat()}")


# --- Fitness and goals ------------------------------------------------------------------------


@router.get("/a/{athlete_id}/fitness")
def fitness(
    request: Request,
    svc: Svc,
    session: Reader,
    athlete_id: int,
    days: Annotated[int, Query(ge=7, le=MAX_DAYS)] = 91,
) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    series = standing.load_series(svc, session.scope, athlete.id, days)
    points, step = chart_points(series.days)
    sports = sorted(
        {s for p in points for s in p.by_sport} | {s for d in series.ahead for s in d.by_sport}
    )
    thresholds = reviews.load_thresholds(svc.settings)
    return render(
        request,
        "fitness.html",
        session,
        athlete=athlete,
        page="fitness",
        series=series,
        points=points,
        step=step,
        chart=fitness_chart(points, series.ahead, sports, thresholds.form_low),
        days=days,
        ranges=FITNESS_RANGES,
        form_low=thresholds.form_low,
        form_low_days=thresholds.form_low_days,
    )


@router.get("/a/{athlete_id}/goals")
def goals_page(request: Request, svc: Svc, session: Reader, athlete_id: int) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    cards = standing.goal_cards(svc, session.scope, athlete.id)
    return render(
        request,
        "goals.html",
        session,
        athlete=athlete,
        page="goals",
        cards=cards.goals,
        this_week=cards.this_week,
    )


# --- Activities ---------------------------------------------------------------------------------


@router.get("/a/{athlete_id}/activities")
def activity_list(
    request: Request,
    svc: Svc,
    session: Reader,
    athlete_id: int,
    sport: str | None = None,
    since: date | None = None,
    until: date | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    found = activities.list_activities(
        svc,
        session.scope,
        athlete.id,
        sport=sport or None,
        since=since,
        until=until,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        newest_first=True,
    )
    query = "&".join(
        f"{k}={quote(str(v))}"
        for k, v in (("sport", sport), ("since", since), ("until", until))
        if v
    )
    return render(
        request,
        "activities.html",
        session,
        athlete=athlete,
        page="activities",
        found=found,
        sport=sport or "",
        since=since,
        until=until,
        number=page,
        pages=max(1, -(-found.total // PAGE_SIZE)),
        query=query,
    )


@router.get("/a/{athlete_id}/activities/{activity_id}")
def activity_page(
    request: Request, svc: Svc, session: Reader, athlete_id: int, activity_id: int
) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    return _activity_page(request, svc, session, athlete, activity_id)


def _activity_page(
    request: Request,
    svc: Services,
    session: WebSession,
    athlete: AthleteRef,
    activity_id: int,
    status_code: int = 200,
    **context: Any,
) -> Response:
    """An activity with its correction form (and the form's errors, when given)."""
    detail = activities.get_activity(svc, session.scope, athlete.id, activity_id)
    return render(
        request,
        "activity.html",
        session,
        status_code,
        athlete=athlete,
        page="activities",
        activity=detail,
        sports=sorted(SPORT_VALUES),
        **context,
    )


@router.post("/a/{athlete_id}/activities/{activity_id}/edit")
async def correct_activity(
    request: Request, svc: Svc, session: Writer, athlete_id: int, activity_id: int
) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    errors: dict[str, str] = {}
    sport = str(form.get("sport") or "")
    if sport not in SPORT_VALUES:
        errors["sport"] = "choose the sport"
    rpe = _rpe(form, errors)
    if not errors:
        changes = ActivityChanges(
            sport=sport, name=_text(form, "name"), rpe=rpe, note=_text(form, "note")
        )
        try:
            await _in_thread(
                activities.edit_activity, svc, session.scope, athlete.id, activity_id, changes
            )
        except ValidationFailed as exc:
            errors["form"] = str(exc)
        else:
            _flash(request, session, "Corrected; its load was worked out again.")
            return back(f"/a/{athlete.id}/activities/{activity_id}")
    typed = _typed(form)
    return _activity_page(
        request, svc, session, athlete, activity_id, 422, errors=errors, typed=typed
    )


@router.post("/a/{athlete_id}/activities/{activity_id}/delete")
async def delete_activity(
    request: Request, svc: Svc, session: Writer, athlete_id: int, activity_id: int
) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    detail = activities.get_activity(svc, session.scope, athlete.id, activity_id)
    if form.get("confirm") != "1":
        return render(
            request,
            "confirm_delete.html",
            session,
            athlete=athlete,
            page="activities",
            activity=detail,
        )
    await _in_thread(activities.delete_activity, svc, session.scope, athlete.id, activity_id)
    _flash(request, session, f"Deleted {detail.name or detail.sport} of {detail.date:%d %b %Y}.")
    return back(f"/a/{athlete.id}/activities")


# --- Log ----------------------------------------------------------------------------------------

LOGGED_FIELDS = {
    "body_fat_pct": (MetricType.BODY_FAT_PCT, "Body fat, %"),
    "weight_kg": (MetricType.WEIGHT_KG, "Weight"),
    "energy": (MetricType.ENERGY, "Energy, 1-10"),
    "soreness": (MetricType.SORENESS, "Soreness, 1-10"),
    "sleep_quality": (MetricType.SLEEP_QUALITY, "Sleep quality, 1-10"),
    "sleep_hours": (MetricType.SLEEP_HOURS, "Hours slept"),
}


@router.get("/a/{athlete_id}/log")
def log_page(request: Request, svc: Svc, session: Reader, athlete_id: int) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    return _log_page(request, svc, session, athlete)


def _log_page(
    request: Request,
    svc: Services,
    session: WebSession,
    athlete: AthleteRef,
    status_code: int = 200,
    **context: Any,
) -> Response:
    return render(
        request,
        "log.html",
        session,
        status_code,
        athlete=athlete,
        page="log",
        today=_today(svc, athlete),
        fields=LOGGED_FIELDS,
        sports=[sport.value for sport in Sport],
        tests=ASSESSMENTS,
        areas=[area.value for area in BodyArea],
        csv_kinds=intake.CSV_KINDS,
        **context,
    )


def _form_day(form: Any, name: str, errors: dict[str, str]) -> date | None:
    """The form's date field (empty: today), or an error beside it."""
    text = str(form.get(name) or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = f"{text!r} is not a date"
        return None


def client_address(request: Request) -> str:
    """The address a request came from, which sign-in and sign-up attempts are counted by."""
    return request.client.host if request.client else "unknown"


def _typed(form: Any) -> dict[str, str]:
    """What was typed in a form, to show again beside its errors."""
    return {key: str(value) for key, value in form.items() if isinstance(value, str)}


def _text(form: Any, name: str) -> str | None:
    return str(form.get(name) or "").strip() or None


def _rpe(form: Any, errors: dict[str, str]) -> float | None:
    """The form's session RPE (1-10), or an error beside it."""
    text = _text(form, "rpe")
    if text is None:
        return None
    try:
        rpe = float(text)
    except ValueError:
        rpe = 0.0
    if not 1 <= rpe <= 10:
        errors["rpe"] = f"{text!r}: give how hard it felt, 1-10"
        return None
    return rpe


async def _logged(
    request: Request,
    svc: Services,
    session: WebSession,
    athlete: AthleteRef,
    which: str,
    errors: dict[str, str],
    work: Any,
) -> Response:
    """Run ``work`` when the form had no error: the one-line result on the next page, or the
    form again with its error (what was typed kept)."""
    form = await request.form()
    typed = {key: str(value) for key, value in form.items() if isinstance(value, str)}
    if not errors:
        try:
            done: str = await _in_thread(work)
        except ValidationFailed as exc:
            errors["form"] = str(exc)
        else:
            _flash(request, session, done)
            return back(f"/a/{athlete.id}/log")
    return _log_page(
        request, svc, session, athlete, 422, errors={which: errors}, typed={which: typed}
    )


@router.post("/a/{athlete_id}/log/session")
async def log_a_session(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    errors: dict[str, str] = {}
    system = UnitSystem(athlete.unit_system)
    values: dict[str, Any] = {}
    for name, read in (
        ("duration", session_duration_s),
        ("start", clock_time),
        ("distance", lambda text: parse_distance_m(text, system)),
    ):
        text = _text(form, name)
        if text is None:
            continue
        try:
            values[name] = read(text)
        except ValidationFailed as exc:
            errors[name] = str(exc)
    if "duration" not in values and "duration" not in errors:
        errors["duration"] = "how long was it? e.g. 45min or 1h10m"
    rpe = _rpe(form, errors)
    try:
        sport = Sport(str(form.get("sport") or ""))
    except ValueError:
        errors["sport"] = "choose the sport"
        sport = Sport.OTHER
    day = _form_day(form, "date", errors)

    def work() -> str:
        logged = log.log_session(
            svc,
            session.scope,
            athlete.id,
            LoggedSession(
                sport,
                day or _today(svc, athlete),
                values.get("start") or time(12, 0),
                values["duration"],
                values.get("distance"),
                rpe,
                _text(form, "name"),
                _text(form, "note"),
            ),
        )
        load = "" if logged.load is None else f", load {logged.load:.0f}"
        when = day or _today(svc, athlete)
        return f"Logged {sport.value}, {duration(values['duration'])} on {when:%a %d %b}{load}."

    return await _logged(request, svc, session, athlete, "session", errors, work)


@router.post("/a/{athlete_id}/log/test")
async def log_a_test(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    errors: dict[str, str] = {}
    name = str(form.get("test") or "")
    system = UnitSystem(athlete.unit_system)
    result = None
    try:
        result = assessment_value(
            name, str(form.get("value") or ""), system, PoolUnit(athlete.pool_unit)
        )
    except ValidationFailed as exc:
        errors["value" if name in ASSESSMENTS else "test"] = str(exc)
    day = _form_day(form, "date", errors)

    def work() -> str:
        assert result is not None
        metric, value = result
        logged = log.record(
            svc, session.scope, athlete.id, {metric: value}, day, _text(form, "note")
        )
        shown = format_quantity(value, METRIC_SPECS[metric].dimension, system)
        what = find_assessment(name).description
        return f"{what[:1].upper()}{what[1:]}: {shown} on {logged.date:%a %d %b}."

    return await _logged(request, svc, session, athlete, "test", errors, work)


@router.post("/a/{athlete_id}/log/illness")
async def log_an_illness(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    errors: dict[str, str] = {}
    day = _form_day(form, "since", errors)
    kind = EpisodeKind.INJURY if form.get("kind") == "injury" else EpisodeKind.ILLNESS
    fields: dict[str, object] = {"note": _text(form, "note")}
    if kind is EpisodeKind.ILLNESS:
        fields.update(fever=form.get("fever") == "1", chest=form.get("chest") == "1")
    else:
        try:
            fields["area"] = BodyArea(str(form.get("area") or ""))
        except ValueError:
            errors["area"] = "choose where it hurts"

    def work() -> str:
        start = day or _today(svc, athlete)
        added = log.add_episode(svc, session.scope, athlete.id, log.episode(kind, start, **fields))
        return f"Logged: {added.describe()} since {start:%a %d %b}. Mark it over when it is."

    return await _logged(request, svc, session, athlete, "health", errors, work)


@router.post("/a/{athlete_id}/log/recovered")
async def log_recovered(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    errors: dict[str, str] = {}
    day = _form_day(form, "free", errors)

    def work() -> str:
        free, ended = log.recovered(svc, session.scope, athlete.id, _text(form, "what"), day)
        ended_text = ", ".join(e.describe() for e in ended)
        return f"Over: {ended_text}; symptom-free from {free:%a %d %b}."

    return await _logged(request, svc, session, athlete, "recovered", errors, work)


@router.post("/a/{athlete_id}/log/entry")
async def log_entry(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    typed = {name: str(form.get(name) or "").strip() for name in LOGGED_FIELDS}
    system = UnitSystem(athlete.unit_system)
    values: dict[MetricType, float] = {}
    errors: dict[str, str] = {}
    for name, text in typed.items():
        if not text:
            continue
        metric = LOGGED_FIELDS[name][0]
        try:  # a bare weight is in the athlete's unit (the form says which)
            values[metric] = parse_quantity(text, METRIC_SPECS[metric].dimension, system)
        except ValidationFailed as exc:
            errors[name] = str(exc)
    when = _form_day(form, "date", errors)
    if not values and not errors:
        errors["form"] = "type at least one value"
    if not errors:
        try:
            logged = await _in_thread(
                log.record,
                svc,
                session.scope,
                athlete.id,
                values,
                when,
                str(form.get("note") or "").strip() or None,
            )
        except ValidationFailed as exc:
            errors["form"] = str(exc)
        else:
            _flash(
                request,
                session,
                f"Logged {len(logged.metrics)} value{'s' if len(logged.metrics) != 1 else ''} "
                f"for {logged.date:%a %d %b}.",
            )
            return back(f"/a/{athlete.id}/log")
    return _log_page(request, svc, session, athlete, 422, errors=errors, typed=typed)


@router.post("/a/{athlete_id}/log/upload")
async def upload(
    request: Request,
    svc: Svc,
    session: Writer,
    athlete_id: int,
    files: Annotated[list[UploadFile], File()],
) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    named = [f for f in files if f.filename]
    try:
        with saved_all(named) as paths:
            report = await _in_thread(intake.import_fit, svc, session.scope, athlete.id, paths)
    except ValidationFailed as exc:
        return _log_page(request, svc, session, athlete, 422, errors={"files": str(exc)})
    return _log_page(request, svc, session, athlete, report=report)


@router.post("/a/{athlete_id}/log/csv")
async def upload_csv(
    request: Request,
    svc: Svc,
    session: Writer,
    athlete_id: int,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form()] = "hevy",
    weight_unit: Annotated[str, Form()] = "",
    distance_unit: Annotated[str, Form()] = "",
) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    try:
        with saved(file) as path:
            report = await _in_thread(
                intake.import_csv,
                svc,
                session.scope,
                athlete.id,
                path,
                kind,
                weight_unit=weight_unit or None,
                distance_unit=distance_unit or None,
            )
    except ValidationFailed as exc:
        return _log_page(request, svc, session, athlete, 422, errors={"csv": str(exc)})
    return _log_page(request, svc, session, athlete, csv_report=report)


# --- Settings -----------------------------------------------------------------------------------


@router.get("/a/{athlete_id}/settings")
def settings_page(request: Request, svc: Svc, session: Reader, athlete_id: int) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    return _settings_page(request, svc, session, athlete)


def _manages_tokens(session: WebSession) -> bool:
    """The owner manages every token, a signed-in user their own; a token's session none."""
    scope = session.scope
    return scope.owner or (scope.user_id is not None and not scope.actor.startswith("token:"))


GOAL_KIND_VALUES = frozenset(kind.value for kind in GoalKind)
METRIC_VALUES = frozenset(metric.value for metric in MetricType)
SPORT_VALUES = frozenset(sport.value for sport in Sport)
EQUIPMENT_VALUES = frozenset(item.value for item in Equipment)


def _settings_page(
    request: Request,
    svc: Services,
    session: WebSession,
    athlete: AthleteRef,
    status_code: int = 200,
    **context: Any,
) -> Response:
    profile = athlete_service.get_athlete(svc, session.scope, athlete.id).model_dump()
    return render(
        request,
        "settings.html",
        session,
        status_code,
        athlete=athlete,
        page="settings",
        profile=profile,
        goals=goals.list_goals(svc, session.scope, athlete.id),
        windows=availability.list_windows(svc, session.scope, athlete.id),
        targets=export_service.status(svc, session.scope, athlete.id),
        links=[
            connections.status(svc, session.scope, athlete.id, s) for s in connections.sources()
        ],
        api_tokens=tokens.list_tokens(svc, session.scope) if _manages_tokens(session) else None,
        grants=grants.grants_of(svc, session.scope, athlete.id)
        if session.scope.may(athlete.id, "own")
        else None,
        levels=GRANTABLE,
        weekdays=WEEKDAYS,
        statuses=[status.value for status in GoalStatus],
        goal_kinds=goal_choices(athlete.unit_system),
        goal_metrics=[(metric.value, spec.label) for metric, spec in METRIC_SPECS.items()],
        directions=DIRECTIONS,
        profile_fields=PROFILE_FIELDS,
        notify_destinations=reviews.notify_destinations(svc),
        sports=sorted(SPORT_VALUES),
        equipment=sorted(EQUIPMENT_VALUES),
        **context,
    )


DEFAULT_PRIORITY = 3
"""A new goal's priority unless one is chosen (as `coach goals add` gives it)."""

DIRECTIONS = {
    "": "the usual way for this goal",
    Direction.INCREASE.value: "higher is better",
    Direction.DECREASE.value: "lower is better",
    Direction.MAINTAIN.value: "hold it",
    Direction.RANGE.value: "stay between target and upper bound",
}
"""Which way a new goal counts as better, as the add-a-goal form offers it."""


@router.post("/a/{athlete_id}/settings/goals")
async def add_goal(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    """A new goal, typed in the athlete's units (as ``coach goals add`` takes it)."""
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    system = UnitSystem(athlete.unit_system)
    errors: dict[str, str] = {}
    kind_text, metric_text = str(form.get("kind") or ""), str(form.get("metric") or "")
    kind = GoalKind(kind_text) if kind_text in GOAL_KIND_VALUES else None
    metric = MetricType(metric_text) if metric_text in METRIC_VALUES else None
    if kind is None:
        errors["kind"] = "choose what the goal is"
    elif kind is GoalKind.CUSTOM and metric is None:
        errors["metric"] = "choose what measures a goal of your own"
    direction_text = str(form.get("direction") or "")
    direction = (
        Direction(direction_text) if direction_text in DIRECTIONS and direction_text else None
    )
    bounds: dict[str, float | None] = {}
    if kind is not None and not errors:
        dimension = goal_dimension(kind, metric if kind is GoalKind.CUSTOM else None)
        for field in ("target", "target_max"):
            text = _text(form, field)
            try:
                bounds[field] = None if text is None else parse_quantity(text, dimension, system)
            except ValidationFailed as exc:
                errors[field] = str(exc)
    deadline = _form_day(form, "deadline", errors)
    try:
        priority = int(str(form.get("priority") or DEFAULT_PRIORITY))
    except ValueError:
        priority = 0
    if not HIGHEST_PRIORITY <= priority <= LOWEST_PRIORITY:
        errors["priority"] = f"choose a priority of {HIGHEST_PRIORITY}-{LOWEST_PRIORITY}"
    if kind is not None and not errors:
        if direction is None and bounds.get("target_max") is not None:
            direction = Direction.RANGE  # an upper bound typed: a range, as the form says
        try:
            goal = make_goal(
                kind,
                target_value=bounds.get("target"),
                target_max=bounds.get("target_max"),
                direction=direction,
                title=_text(form, "title"),
                metric=metric if kind is GoalKind.CUSTOM else None,
                deadline=deadline,
                priority=priority,
                notes=_text(form, "notes"),
            )
            added = await _in_thread(goals.add_goal, svc, session.scope, athlete.id, goal)
        except ValidationFailed as exc:
            errors["form"] = str(exc)
        else:
            _flash(request, session, f"Goal {added.title}: added.")
            return back(f"/a/{athlete.id}/settings#goal-{added.id}")
    return _settings_page(
        request, svc, session, athlete, 422, new_goal_errors=errors, new_goal_typed=_typed(form)
    )


@router.post("/a/{athlete_id}/settings/goals/{goal_id}")
async def change_goal(
    request: Request, svc: Svc, session: Writer, athlete_id: int, goal_id: int
) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    goal = goals.get_goal(svc, session.scope, athlete.id, goal_id)
    dimension = goal.goal().dimension
    system = UnitSystem(athlete.unit_system)
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {}
    for field, key in (("target", "target_value"), ("target_max", "target_max")):
        text = _text(form, field)
        try:
            changes[key] = None if text is None else parse_quantity(text, dimension, system)
        except ValidationFailed as exc:
            errors[field] = str(exc)
    deadline = _form_day(form, "deadline", errors)
    changes["deadline"] = deadline
    try:
        changes["priority"] = int(str(form.get("priority") or goal.priority))
        changes["status"] = GoalStatus(str(form.get("status") or goal.status.value))
    except ValueError:
        errors["form"] = "choose a priority of 1-5 and a status from the list"
    if not errors:
        try:
            changed = await _in_thread(
                goals.update_goal, svc, session.scope, athlete.id, goal_id, changes
            )
        except ValidationFailed as exc:
            errors["form"] = str(exc)
        else:
            _flash(request, session, f"Goal {changed.title}: changed.")
            return back(f"/a/{athlete.id}/settings#goal-{goal_id}")
    return _settings_page(
        request,
        svc,
        session,
        athlete,
        422,
        goal_errors={goal_id: errors},
        goal_typed={goal_id: _typed(form)},
    )


PROFILE_FIELDS = [name for name in PHYSIOLOGY_DISPLAY if name != "age_years"]
"""The physiology a person may set by hand (age follows the birth year)."""


@router.post("/a/{athlete_id}/settings/profile")
async def change_profile(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    system = UnitSystem(athlete.unit_system)
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        text = _text(form, name)
        if text is None:
            continue
        try:
            changes[name] = parse_quantity(text, PHYSIOLOGY_DISPLAY[name][1], system)
        except ValidationFailed as exc:
            errors[name] = str(exc)
    if not changes and not errors:
        errors["form"] = "type at least one value"
    if not errors:
        try:
            changed = await _in_thread(
                athlete_service.update_athlete, svc, session.scope, athlete.id, changes
            )
        except ValidationFailed as exc:
            errors["form"] = str(exc)
        else:
            names = ", ".join(
                PHYSIOLOGY_DISPLAY[n][0] for n in changed.changed if n in PHYSIOLOGY_DISPLAY
            )
            _flash(
                request, session, f"Measured from today: {names}." if names else "Nothing changed."
            )
            return back(f"/a/{athlete.id}/settings#profile")
    return _settings_page(
        request, svc, session, athlete, 422, profile_errors=errors, profile_typed=_typed(form)
    )


@router.post("/a/{athlete_id}/settings/reminders")
async def change_reminders(
    request: Request, svc: Svc, session: Writer, athlete_id: int
) -> Response:
    """How long before a planned session its reminder comes, and the quiet hours."""
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {}
    before = _text(form, "remind_before_min") or "0"
    if before.isdigit() and int(before) <= MAX_REMIND_BEFORE_MIN:
        changes["remind_before_min"] = int(before)
    else:
        errors["remind_before_min"] = (
            f"give whole minutes from 0 (no reminders) to {MAX_REMIND_BEFORE_MIN}"
        )
    for name in ("quiet_from", "quiet_until"):
        text = _text(form, name)
        try:
            changes[name] = None if text is None else clock_time(text)
        except ValidationFailed as exc:
            errors[name] = str(exc)
    if not errors and (changes["quiet_from"] is None) != (changes["quiet_until"] is None):
        missing = "quiet_until" if changes["quiet_until"] is None else "quiet_from"
        errors[missing] = "give both ends of the quiet hours, or neither"
    if not errors:
        try:
            await _in_thread(
                athlete_service.update_athlete, svc, session.scope, athlete.id, changes
            )
        except ValidationFailed as exc:
            errors["form"] = str(exc)
        else:
            _flash(request, session, _reminders_said(changes))
            return back(f"/a/{athlete.id}/settings#notify-h")
    return _settings_page(
        request, svc, session, athlete, 422, reminder_errors=errors, reminder_typed=_typed(form)
    )


MAX_REMIND_BEFORE_MIN = 24 * 60


def _reminders_said(changes: dict[str, Any]) -> str:
    before = changes["remind_before_min"]
    said = f"Reminders {before} min before each session" if before else "No session reminders"
    start, end = changes["quiet_from"], changes["quiet_until"]
    quiet = f", quiet {start:%H:%M}-{end:%H:%M}" if start is not None else ", no quiet hours"
    return said + quiet + "."


@router.post("/a/{athlete_id}/settings/hevy")
async def link_hevy(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    try:
        account = await _in_thread(
            connections.link_hevy, svc, session.scope, athlete.id, str(form.get("key") or "")
        )
    except CoachError as exc:  # an empty or refused key, Hevy out of reach
        return _settings_page(
            request, svc, session, athlete, http_status(exc), link_errors={"hevy": str(exc)}
        )
    _flash(request, session, f"Hevy linked: {account}. Sync it now, or let the evening do it.")
    return back(f"/a/{athlete.id}/settings#linked-h")


@router.post("/a/{athlete_id}/settings/{source}/unlink")
async def unlink(
    request: Request, svc: Svc, session: Writer, athlete_id: int, source: str
) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    forgot = await _in_thread(connections.unlink, svc, session.scope, athlete.id, source)
    _flash(request, session, f"{source}: unlinked." if forgot else f"{source} was not linked.")
    return back(f"/a/{athlete.id}/settings#linked-h")


@router.post("/a/{athlete_id}/settings/{source}/sync")
async def sync_now(
    request: Request,
    svc: Svc,
    session: Writer,
    athlete_id: int,
    source: str,
    background: BackgroundTasks,
) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    job = jobs.start_sync(svc, session.scope, athlete.id, source, background.add_task)
    _flash(request, session, f"{source} sync started (job {job.id}): reload to see how it went.")
    answer = back(f"/a/{athlete.id}/settings#linked-h")
    answer.background = background
    return answer


@router.get("/a/{athlete_id}/export.zip")
async def download_everything(svc: Svc, session: Reader, athlete_id: int) -> Response:
    """Everything that is the athlete's, as one zip (JSON, CSV and the files as they came)."""
    import shutil
    import tempfile
    from pathlib import Path

    from fastapi.responses import FileResponse
    from starlette.background import BackgroundTask

    athlete = _athlete(svc, session, athlete_id)
    folder = Path(tempfile.mkdtemp(prefix="coach-export-"))
    try:
        archive = await _in_thread(
            export_service.everything_archive, svc, session.scope, athlete.id, folder
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        archive,
        media_type="application/zip",
        filename=archive.name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


@router.post("/account/delete")
async def delete_account(request: Request, svc: Svc, session: Writer) -> Response:
    """A user deletes their own account (and, when they ask, the athletes they own)."""
    form = await request.form()
    email = session.scope.actor.removeprefix("user:")
    if not session.scope.actor.startswith("user:"):
        raise Forbidden("only a user signed in with their password deletes their account here")
    try:
        done = await _in_thread(
            users.delete_user,
            svc,
            session.scope,
            email,
            confirm=_text(form, "confirm") or "",
            with_athletes=form.get("with_athletes") == "1",
        )
    except ValidationFailed as exc:
        return _account_page(request, svc, session, 422, error=str(exc))
    store(request).end(session.id)
    gone = (
        f" and {', '.join(done.athletes_deleted)} with all their data"
        if done.athletes_deleted
        else ""
    )
    answer = render(
        request, "sign_in.html", None, done=f"Your account {done.email}{gone} is deleted."
    )
    answer.delete_cookie(COOKIE, path="/")
    return answer


@router.get("/account/delete")
def delete_account_page(request: Request, svc: Svc, session: Reader) -> Response:
    if not session.scope.actor.startswith("user:"):
        raise Forbidden("only a user signed in with their password deletes their account here")
    return _account_page(request, svc, session, 200)


def _account_page(
    request: Request, svc: Services, session: WebSession, status_code: int, **context: Any
) -> Response:
    return render(
        request,
        "delete_account.html",
        session,
        status_code,
        email=session.scope.actor.removeprefix("user:"),
        owned=[
            a
            for a in athlete_service.list_athletes(svc, session.scope)
            if session.scope.may(a.id, "own")
        ],
        **context,
    )


@router.get("/a/{athlete_id}/delete")
def delete_page(request: Request, svc: Svc, session: Reader, athlete_id: int) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    session.scope.require(athlete.id, "own")
    return render(request, "delete.html", session, athlete=athlete, page="settings")


@router.post("/a/{athlete_id}/delete")
async def delete_athlete(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    """Delete the athlete and all their data, once their name is typed."""
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    try:
        done = await _in_thread(
            athlete_service.delete_athlete,
            svc,
            session.scope,
            athlete.id,
            confirm=_text(form, "confirm") or "",
        )
    except ValidationFailed as exc:
        return render(
            request,
            "delete.html",
            session,
            422,
            athlete=athlete,
            page="settings",
            error=str(exc),
            typed=_typed(form),
        )
    _flash(
        request, session, f"Deleted {done.athlete}: {done.rows:,} rows and {done.files:,} files."
    )
    return back("/")


@router.post("/a/{athlete_id}/settings/tokens")
async def make_token(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    athletes: list[AthleteKey] | None = None if form.get("every") == "1" else [athlete.id]
    try:
        made = tokens.create(
            svc,
            session.scope,
            str(form.get("name") or ""),
            athletes,
            write=form.get("write") == "1",
        )
    except ValidationFailed as exc:
        return _settings_page(request, svc, session, athlete, 422, token_error=str(exc))
    _flash(
        request, session, f"Token {made.name}: {made.token} — copy it now, it is not shown again."
    )
    return back(f"/a/{athlete.id}/settings#tokens-h")


@router.post("/a/{athlete_id}/settings/tokens/{token_id}/revoke")
async def revoke_token(
    request: Request, svc: Svc, session: Writer, athlete_id: int, token_id: int
) -> Response:
    athlete = _athlete(svc, session, athlete_id)
    gone = tokens.revoke(svc, session.scope, token_id)
    _flash(request, session, f"Token {gone.name} revoked: it opens nothing from now on.")
    return back(f"/a/{athlete.id}/settings#tokens-h")


def _window(out: WindowOut) -> AvailabilityWindow:
    return AvailabilityWindow(
        weekday=WEEKDAYS.index(out.weekday),
        start=time.fromisoformat(out.start),
        end=time.fromisoformat(out.end),
        sports=tuple(Sport(s) for s in out.sports),
        location=out.location,
        equipment=tuple(Equipment(e) for e in out.equipment),
    )


def _replace_day(
    request: Request,
    svc: Services,
    session: WebSession,
    athlete: AthleteRef,
    weekday: int,
    windows: list[AvailabilityWindow],
    said: str,
) -> Response:
    changed = log_windows(svc, session.scope, athlete.id, [weekday], windows)
    needed = "; ".join(changed.changes_needed)
    _flash(request, session, f"{said}{' ' + needed if needed else ''}")
    return back(f"/a/{athlete.id}/settings#windows-h")


@router.post("/a/{athlete_id}/settings/windows/add")
async def add_window(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    errors: dict[str, str] = {}
    weekday = WEEKDAYS.index(str(form.get("weekday"))) if form.get("weekday") in WEEKDAYS else -1
    if weekday < 0:
        errors["weekday"] = "choose the day"
    times: dict[str, time] = {}
    for name in ("start", "end"):
        try:
            times[name] = clock_time(str(form.get(name) or ""))
        except ValidationFailed as exc:
            errors[name] = str(exc)
    new = None
    if not errors:
        try:
            new = AvailabilityWindow(
                weekday=weekday,
                start=times["start"],
                end=times["end"],
                sports=tuple(Sport(s) for s in form.getlist("sports") if s in SPORT_VALUES),
                location=_text(form, "location"),
                equipment=tuple(
                    Equipment(e) for e in form.getlist("equipment") if e in EQUIPMENT_VALUES
                ),
            )
        except ValidationError as exc:  # the window ends before it starts
            errors["end"] = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
    if new is None:
        return _settings_page(
            request, svc, session, athlete, 422, window_errors=errors, window_typed=dict(form)
        )
    current = availability.list_windows(svc, session.scope, athlete.id).windows
    same_day = [_window(w) for w in current if w.weekday == WEEKDAYS[weekday]]
    try:
        answer: Response = await _in_thread(
            _replace_day,
            request,
            svc,
            session,
            athlete,
            weekday,
            [*same_day, new],
            f"Added {WEEKDAYS[weekday]} {new.start:%H:%M}-{new.end:%H:%M}.",
        )
    except ValidationFailed as exc:  # it overlaps another window of the day
        return _settings_page(
            request,
            svc,
            session,
            athlete,
            422,
            window_errors={"form": str(exc)},
            window_typed=dict(form),
        )
    return answer


@router.post("/a/{athlete_id}/settings/windows/remove")
async def remove_window(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    current = availability.list_windows(svc, session.scope, athlete.id).windows
    day, start = str(form.get("weekday") or ""), str(form.get("start") or "")
    if not any(w.weekday == day and w.start == start for w in current):
        raise NotFound(f"no window on {day} at {start}: reload the page")
    kept = [_window(w) for w in current if w.weekday == day and w.start != start]
    weekday = WEEKDAYS.index(day)
    removed: Response = await _in_thread(
        _replace_day, request, svc, session, athlete, weekday, kept, f"Removed {day} {start}."
    )
    return removed


# --- errors -------------------------------------------------------------------------------------


def error_page(request: Request, status_code: int, detail: str) -> Response:
    """A failed page: its one line, and a way back."""
    session = store(request).get(request.cookies.get(COOKIE))
    return render(request, "error.html", session, status_code, status=status_code, detail=detail)


def install(app: FastAPI, sessions: SessionStore) -> None:
    """Sessions, the static files and the pages on ``app``."""
    from fastapi.staticfiles import StaticFiles

    from coach.web.render import STATIC

    app.state.web_sessions = sessions
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(router)

    @app.exception_handler(SignInNeeded)
    async def to_sign_in(_request: Request, _exc: SignInNeeded) -> Response:
        return back("/sign-in")
