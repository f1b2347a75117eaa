"""The dashboard's pages about people: signing up, and a coach's grants (offered by an athlete's
owner on their Settings, accepted or declined by the coach on the page of all their athletes,
revoked by either at any time)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from coach.domain.athlete import AthleteProfile
from coach.domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from coach.domain.units import PoolUnit, UnitSystem
from coach.services import grants, users
from coach.services.users import TooManyAttempts
from coach.web.pages import (
    Svc,
    Writer,
    _athlete,
    _flash,
    _in_thread,
    _settings_page,
    _signed_in,
    back,
    client_address,
    render,
    store,
)

router = APIRouter(include_in_schema=False)

SHOWN = frozenset({"email", "name", "password", "again", "timezone"})
"""The sign-up fields that show their own error (any other is the form's)."""


def _next(form: Any, default: str) -> str:
    """Where the form asks to go back to: a page of this site only, else ``default``."""
    wanted = str(form.get("next") or "")
    if wanted.startswith("/") and not wanted.startswith("//") and "\\" not in wanted:
        return wanted
    return default


def _sign_up_page(request: Request, status_code: int = 200, **context: Any) -> Response:
    return render(
        request,
        "sign_up.html",
        None,
        status_code,
        min_chars=users.PASSWORD_MIN_CHARS,
        systems=[u.value for u in UnitSystem],
        pools=[u.value for u in PoolUnit],
        **context,
    )


@router.get("/sign-up")
def sign_up_page(request: Request, svc: Svc) -> Response:
    if not svc.settings.sign_up:
        raise NotFound("sign-up is closed here: ask the owner of this coach for an account")
    return _sign_up_page(request)


@router.post("/sign-up")
async def sign_up(
    request: Request,
    svc: Svc,
    email: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    again: Annotated[str, Form()] = "",
    timezone: Annotated[str, Form()] = "UTC",
    unit_system: Annotated[str, Form()] = "metric",
    pool_unit: Annotated[str, Form()] = "yd",
) -> Response:
    """An account and the athlete it trains, signed in at once (when COACH_SIGN_UP is on)."""
    if not svc.settings.sign_up:
        raise NotFound("sign-up is closed here: ask the owner of this coach for an account")
    errors: dict[str, str] = {}
    profile = None
    try:
        users.check_password(password)
    except ValidationFailed as exc:
        errors["password"] = str(exc)
    if not errors and again != password:
        errors["again"] = "the two passwords differ"
    try:
        profile = AthleteProfile(
            name=name.strip() or email.split("@")[0],
            email=email.strip() or None,
            timezone=timezone.strip() or "UTC",
            unit_system=unit_system,
            pool_unit=pool_unit,
        )
    except ValidationError as exc:
        for problem in exc.errors():
            where = str(problem["loc"][0]) if problem["loc"] else "form"
            said = str(problem["msg"]).removeprefix("Value error, ")
            if where not in SHOWN:
                where, said = "form", f"{where.replace('_', ' ')}: {said}"
            errors[where] = said
    typed = {  # shown again beside the errors (never the passwords)
        "email": email,
        "name": name,
        "timezone": timezone,
        "unit_system": unit_system,
        "pool_unit": pool_unit,
    }
    if not errors and profile is not None:
        try:
            signed = await _in_thread(
                users.sign_up,
                svc,
                email,
                name,
                password,
                profile,
                store(request).lifetime,
                client_address(request),
            )
        except TooManyAttempts as exc:
            return _sign_up_page(request, 429, errors={"form": str(exc)}, typed=typed)
        except (ValidationFailed, Conflict, Forbidden) as exc:
            errors["form" if not isinstance(exc, ValidationFailed) else "email"] = str(exc)
        else:
            session = store(request).get(signed.token)
            assert session is not None  # just made
            return _signed_in(request, session)
    return _sign_up_page(request, 422, errors=errors, typed=typed)


@router.post("/a/{athlete_id}/settings/grants")
async def offer(request: Request, svc: Svc, session: Writer, athlete_id: int) -> Response:
    """The athlete's owner grants a coach access (they reach the athlete once they accept)."""
    form = await request.form()
    athlete = _athlete(svc, session, athlete_id)
    email, level = str(form.get("email") or "").strip(), str(form.get("level") or "view")
    try:
        made = await _in_thread(grants.grant, svc, session.scope, athlete.id, email, level)
    except (ValidationFailed, NotFound, Conflict) as exc:
        return _settings_page(
            request,
            svc,
            session,
            athlete,
            422,
            grant_errors={"form": str(exc)},
            grant_typed={"email": email, "level": level},
        )
    _flash(
        request,
        session,
        f"{made.coach_name} is offered {made.level} access to {athlete.name}: they reach "
        f"{athlete.name} once they accept it on their page of athletes.",
    )
    return back(f"/a/{athlete.id}/settings#grants-h")


@router.post("/grants/{grant_id}/accept")
async def accept(request: Request, svc: Svc, session: Writer, grant_id: int) -> Response:
    done = await _in_thread(grants.accept, svc, session.scope, grant_id)
    _flash(request, session, f"You coach {done.athlete} now, with {done.level} access.")
    return back("/")


@router.post("/grants/{grant_id}/revoke")
async def revoke(request: Request, svc: Svc, session: Writer, grant_id: int) -> Response:
    """Either side ends a grant: the athlete's owner revokes it, the coach declines or leaves."""
    form = await request.form()
    done = await _in_thread(grants.revoke, svc, session.scope, grant_id)
    if done.coach_email == session.scope.actor.removeprefix("user:"):
        said = f"You no longer reach {done.athlete}."
    else:
        said = f"{done.coach_name} no longer reaches {done.athlete}: revoked at once."
    _flash(request, session, said)
    return back(_next(form, "/"))
