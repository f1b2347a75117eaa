"""Sample streams round-trip through the database compactly, and a gap stays a gap."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from coach.db.models import ActivityStream, Athlete, CompletedActivity
from coach.db.streams import decode_stream, encode_stream
from coach.domain.athlete import Sex
from coach.domain.errors import ParseError
from coach.domain.plan import DataSource
from coach.domain.units import PoolUnit, UnitSystem

samples = st.lists(
    st.one_of(st.none(), st.floats(min_value=-1e4, max_value=1e5, allow_nan=False, width=32)),
    max_size=500,
)


@given(samples)
def test_streams_round_trip_and_missing_samples_stay_missing(values: list[float | None]) -> None:
    codec, count, payload = encode_stream(values)
    assert decode_stream(codec, count, payload) == values


def test_an_hour_of_heart_rate_is_small() -> None:
    hr = [120 + (i % 60) // 6 for i in range(3600)]
    _, count, payload = encode_stream(hr)
    assert count == 3600
    assert len(payload) < 3600 * 4 / 4  # well under a quarter of the raw float32 size


def test_a_damaged_stream_is_reported() -> None:
    codec, count, payload = encode_stream([1.0, 2.0])
    with pytest.raises(ParseError, match="its row says 3"):
        decode_stream(codec, count + 1, payload)
    with pytest.raises(ParseError, match="unknown stream codec"):
        decode_stream("gzip-json", count, payload)


def test_a_stream_is_one_row_in_the_database(session: Session) -> None:
    athlete = Athlete(
        name="s",
        timezone="UTC",
        sex=Sex.UNSPECIFIED,
        goals=[],
        unit_system=UnitSystem.METRIC,
        pool_unit=PoolUnit.METRES,
        pool_length=25,
    )
    session.add(athlete)
    session.flush()
    hr: list[float | None] = [float(100 + i % 50) for i in range(10_000)]
    hr[5000:5010] = [None] * 10
    codec, count, payload = encode_stream(hr)
    activity = CompletedActivity(
        athlete_id=athlete.id,
        activity_date=date(2026, 11, 1),
        start_time=datetime(2026, 11, 1, 7, tzinfo=UTC),
        source=DataSource.FIT_FILE,
        external_id="x",
        activity_type="run",
        duration=10_000.0,
        data={},
        streams=[
            ActivityStream(kind="heart_rate_bpm", codec=codec, sample_count=count, payload=payload)
        ],
    )
    session.add(activity)
    session.flush()
    session.expire_all()
    (row,) = session.get(CompletedActivity, activity.id).streams  # type: ignore[union-attr]
    assert decode_stream(row.codec, row.sample_count, row.payload) == hr
