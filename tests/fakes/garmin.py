"""A faithful fake of Garmin Connect at the HTTP layer, for the real garminconnect client.

It answers the URLs garminconnect 0.3.20 calls (docs/garmin.md §1-2, §6), through the `responses`
library, which replaces `requests`' transport: every line of garminconnect still runs — URL
building, paging, JWT expiry checks, token refresh, error mapping and retries. Token refresh goes
through plain `requests` (garminconnect's own fallback when curl_cffi is absent), so it is
served here too.

Faithful to the documented contract:
- access tokens are JWTs with an ``exp``; a request without a valid one gets 401;
- the refresh token rotates on every refresh and the old one is refused afterwards, so a caller
  that forgets to save ``client.dumps()`` cannot sync again;
- activities page 20 at a time until an empty page; ORIGINAL downloads are zips holding the .fit;
- weights are grams, VO2 max comes as ``[{"generic": {...}, "cycling": ...}]``;
- errors can be injected per URL (429, 500, ...), as a list consumed call by call.
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import re
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import garminconnect.client
import responses

API = "https://connectapi.garmin.com"
TOKEN_URL = "https://diauth.garmin.com/di-oauth2-service/oauth/token"
CLIENT_ID = "GCM_ANDROID_DARK"
DISPLAY_NAME = "sam.trains"
PAGE = 20


def jwt(exp: float) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    header = part({"alg": "RS256", "typ": "JWT"})
    return f"{header}.{part({'exp': int(exp), 'client_id': CLIENT_ID})}.sig"


@dataclass
class FakeActivity:
    activity_id: int
    day: date
    fit: bytes
    name: str = "Morning swim"

    def summary(self) -> dict[str, Any]:
        return {
            "activityId": self.activity_id,
            "activityName": self.name,
            "startTimeLocal": f"{self.day.isoformat()} 06:30:00",
            "startTimeGMT": f"{self.day.isoformat()} 13:00:00",  # fitfiles.T0 time of day
            "activityType": {"typeId": 26, "typeKey": "lap_swimming", "parentTypeId": 74},
            "duration": 1800.0,
            "distance": 1500.0,
        }


@dataclass
class FakeGarmin:
    activities: list[FakeActivity] = field(default_factory=list)
    vo2max: list[tuple[date, float]] = field(default_factory=list)
    weigh_ins: list[tuple[date, float, float | None]] = field(default_factory=list)  # kg, fat %
    resting_hr: list[tuple[date, float]] = field(default_factory=list)
    hrv: list[tuple[date, float]] = field(default_factory=list)
    sleep: list[tuple[date, int, int]] = field(default_factory=list)  # seconds, score 0-100
    failures: dict[str, list[int]] = field(default_factory=dict)  # URL pattern -> statuses
    access_tokens: set[str] = field(default_factory=set)
    refresh_tokens: set[str] = field(default_factory=set)
    requests: list[str] = field(default_factory=list)
    refreshes: int = 0
    workouts: dict[int, dict[str, Any]] = field(default_factory=dict)
    schedules: dict[int, tuple[int, str]] = field(default_factory=dict)  # id -> (workout, date)
    token_lifetime_s: float = 3600  # under 900 s, garminconnect refreshes at every login
    _serial: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def issue_tokens(self, expires_in_s: float = 3600) -> dict[str, str]:
        """A token file as garminconnect writes it (``client.dumps()``)."""
        access = jwt(time.time() + expires_in_s) + f".{next(self._serial)}"
        refresh = f"refresh-{next(self._serial)}"
        self.access_tokens.add(access)
        self.refresh_tokens.add(refresh)
        return {"di_token": access, "di_refresh_token": refresh, "di_client_id": CLIENT_ID}

    def revoke_all(self) -> None:
        self.access_tokens.clear()
        self.refresh_tokens.clear()

    def fail(self, pattern: str, *statuses: int) -> None:
        self.failures.setdefault(pattern, []).extend(statuses)

    # -- HTTP -------------------------------------------------------------------------------

    def _injected(self, url: str) -> int | None:
        for pattern, statuses in self.failures.items():
            if re.search(pattern, url) and statuses:
                return statuses.pop(0)
        return None

    def _token(self, request: Any) -> tuple[int, dict[str, str], str]:
        form = parse_qs(request.body if isinstance(request.body, str) else request.body.decode())
        refresh = (form.get("refresh_token") or [""])[0]
        if form.get("grant_type") != ["refresh_token"] or refresh not in self.refresh_tokens:
            return 400, {}, json.dumps({"error": "invalid_grant"})
        self.refresh_tokens.discard(refresh)  # rotation: the old refresh token dies
        self.refreshes += 1
        fresh = self.issue_tokens(self.token_lifetime_s)
        body = {
            "access_token": fresh["di_token"],
            "refresh_token": fresh["di_refresh_token"],
            "token_type": "Bearer",
            "expires_in": 3600,
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _api(self, request: Any) -> tuple[int, dict[str, str], Any]:
        url = request.url
        self.requests.append(url)
        if (status := self._injected(url)) is not None:
            return status, {"Content-Type": "application/json"}, json.dumps({"message": "injected"})
        auth = request.headers.get("Authorization", "")
        if auth.removeprefix("Bearer ") not in self.access_tokens:
            return 401, {}, json.dumps({"message": "Token is not active"})
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path.startswith("/workout-service/"):
            return self._workout_service(request.method, parts.path, query, request.body)
        body = self._route(parts.path, query)
        if body is None:
            return 404, {}, json.dumps({"message": "not found"})
        if isinstance(body, bytes):
            return 200, {"Content-Type": "application/zip"}, body
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    def _route(self, path: str, q: dict[str, str]) -> Any:
        if path == "/userprofile-service/socialProfile":
            return {"displayName": DISPLAY_NAME, "fullName": "Sam Trains"}
        if path == "/userprofile-service/userprofile/user-settings":
            return {"userData": {"measurementSystem": "metric"}}
        if path == "/activitylist-service/activities/search/activities":
            return self._activity_page(q)
        if match := re.fullmatch(r"/download-service/files/activity/(\d+)", path):
            return self._download(int(match.group(1)))
        if match := re.fullmatch(r"/metrics-service/metrics/maxmet/daily/([\d-]+)/([\d-]+)", path):
            return [
                {
                    "generic": {
                        "calendarDate": d.isoformat(),
                        "vo2MaxPreciseValue": v,
                        "vo2MaxValue": round(v),
                    },
                    "cycling": None,
                }
                for d, v in self.vo2max
                if self._within(d, match.group(1), match.group(2))
            ]
        if path == "/weight-service/weight/dateRange":
            return {
                "dateWeightList": [
                    {
                        "calendarDate": d.isoformat(),
                        "weight": kg * 1000,
                        "bodyFat": fat,
                        "bmi": 24.1,
                    }
                    for d, kg, fat in self.weigh_ins
                    if self._within(d, q["startDate"], q["endDate"])
                ]
            }
        if path == f"/userstats-service/wellness/daily/{DISPLAY_NAME}":
            rows = [
                {"calendarDate": d.isoformat(), "value": v}
                for d, v in self.resting_hr
                if self._within(d, q["fromDate"], q["untilDate"])
            ]
            return {"allMetrics": {"metricsMap": {"WELLNESS_RESTING_HEART_RATE": rows}}}
        if match := re.fullmatch(r"/hrv-service/hrv/daily/([\d-]+)/([\d-]+)", path):
            return {
                "hrvSummaries": [
                    {"calendarDate": d.isoformat(), "lastNightAvg": v, "status": "BALANCED"}
                    for d, v in self.hrv
                    if self._within(d, match.group(1), match.group(2))
                ]
            }
        if match := re.fullmatch(r"/sleep-service/stats/sleep/daily/([\d-]+)/([\d-]+)", path):
            # garminconnect unwraps "individualStats" (and asks 28 days at a time)
            return {
                "individualStats": [
                    {
                        "calendarDate": d.isoformat(),
                        "values": {"totalSleepTimeInSeconds": s, "sleepScore": score},
                    }
                    for d, s, score in self.sleep
                    if self._within(d, match.group(1), match.group(2))
                ]
            }
        return None

    # -- workouts (docs/garmin.md §3) ------------------------------------------------------------

    def _workout_service(
        self, method: str, path: str, q: dict[str, str], raw: Any
    ) -> tuple[int, dict[str, str], Any]:
        headers = {"Content-Type": "application/json"}
        body = json.loads(raw) if raw else None
        if method == "POST" and path == "/workout-service/workout":
            problem = workout_problem(body)
            if problem:
                return 400, headers, json.dumps({"message": problem})
            workout_id = 900_000 + next(self._serial)
            self.workouts[workout_id] = {**body, "workoutId": workout_id}
            return 200, headers, json.dumps(self.workouts[workout_id])
        if method == "GET" and path == "/workout-service/workouts":
            start, limit = int(q.get("start", 0)), int(q.get("limit", 100))
            listed = [
                {
                    "workoutId": i,
                    "workoutName": w["workoutName"],
                    "description": w.get("description"),
                }
                for i, w in sorted(self.workouts.items())
            ]
            return 200, headers, json.dumps(listed[start : start + limit])
        if match := re.fullmatch(r"/workout-service/workout/(\d+)", path):
            workout_id = int(match.group(1))
            if workout_id not in self.workouts:
                return 404, headers, json.dumps({"message": "Workout not found"})
            if method == "GET":
                return 200, headers, json.dumps(self.workouts[workout_id])
            if method == "DELETE":
                del self.workouts[workout_id]
                return 204, {}, ""
            if method == "PUT":
                problem = workout_problem(body)
                if problem:
                    return 400, headers, json.dumps({"message": problem})
                self.workouts[workout_id] = {**body, "workoutId": workout_id}
                return 204, {}, ""
        if match := re.fullmatch(r"/workout-service/schedule/(\d+)", path):
            ident = int(match.group(1))
            if method == "POST":
                if ident not in self.workouts:
                    return 404, headers, json.dumps({"message": "Workout not found"})
                schedule_id = 700_000 + next(self._serial)
                self.schedules[schedule_id] = (ident, body["date"])
                answer = {"workoutScheduleId": schedule_id, "calendarDate": body["date"]}
                return 200, headers, json.dumps(answer)
            if method == "DELETE":
                if self.schedules.pop(ident, None) is None:
                    return 404, headers, json.dumps({"message": "Schedule not found"})
                return 204, {}, ""
        return 404, headers, json.dumps({"message": "not found"})

    @staticmethod
    def _within(day: date, start: str, end: str) -> bool:
        return date.fromisoformat(start) <= day <= date.fromisoformat(end)

    def _activity_page(self, q: dict[str, str]) -> list[dict[str, Any]]:
        chosen = [
            a
            for a in self.activities
            if self._within(a.day, q["startDate"], q.get("endDate", "9999-12-31"))
        ]
        chosen.sort(key=lambda a: a.day, reverse=q.get("sortOrder") != "asc")
        start, limit = int(q.get("start", 0)), int(q.get("limit", PAGE))
        return [a.summary() for a in chosen[start : start + limit]]

    def _download(self, activity_id: int) -> bytes | None:
        activity = next((a for a in self.activities if a.activity_id == activity_id), None)
        if activity is None:
            return None
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(f"{activity_id}_ACTIVITY.fit", activity.fit)
        return buffer.getvalue()

    @contextmanager
    def serving(self) -> Iterator[FakeGarmin]:
        """Answer Garmin's URLs for the duration of the block; nothing else may be called."""
        original = garminconnect.client.HAS_CFFI
        garminconnect.client.HAS_CFFI = False  # garminconnect's plain-requests token path
        try:
            with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
                mock.add_callback(responses.POST, TOKEN_URL, callback=self._token)
                for method in (responses.GET, responses.POST, responses.PUT, responses.DELETE):
                    mock.add_callback(
                        method, re.compile(re.escape(API) + r"/.*"), callback=self._api
                    )
                yield self
        finally:
            garminconnect.client.HAS_CFFI = original


SPORT_TYPE_IDS = {1, 2, 3, 4, 5, 6, 11}


def workout_problem(body: Any) -> str | None:
    """What Garmin would refuse in a workout body (the contract of docs/garmin.md §3)."""
    if not isinstance(body, dict) or not body.get("workoutName"):
        return "workoutName is required"
    sport = (body.get("sportType") or {}).get("sportTypeId")
    if sport not in SPORT_TYPE_IDS:
        return f"unknown sportTypeId {sport}"
    segments = body.get("workoutSegments") or []
    if not segments or not segments[0].get("workoutSteps"):
        return "a workout needs a segment with steps"
    orders: list[int] = []

    def walk(steps: list[dict[str, Any]]) -> str | None:
        for step in steps:
            orders.append(step.get("stepOrder", -1))
            if "stepType" not in step or "endCondition" not in step:
                return f"step {step.get('stepOrder')} lacks stepType or endCondition"
            if step.get("type") == "RepeatGroupDTO":
                if (problem := walk(step.get("workoutSteps") or [])) is not None:
                    return problem
            elif sport == 4 and "strokeType" not in step:
                return f"swim step {step.get('stepOrder')} lacks strokeType"
        return None

    if (problem := walk(segments[0]["workoutSteps"])) is not None:
        return problem
    if orders != list(range(1, len(orders) + 1)):
        return f"stepOrder must run 1..n across the workout, got {orders}"
    if sport == 4 and body.get("poolLength") is not None and "poolLengthUnit" not in body:
        return "poolLength needs poolLengthUnit"
    return None
