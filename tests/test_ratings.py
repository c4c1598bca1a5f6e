"""Ratings: averages per inspector and department, ISO-week trend, low-rating alerts, access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from complaints_world import World, make_world

from desktop.core import kiosk_intake, permits, ratings
from desktop.core.ids import uuid7
from desktop.errors import NotAllowed

# A Wednesday: ISO week 2026-W24.
NOW = dt.datetime(2026, 6, 10, 18, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path / "data")
    yield w
    w.store.close()


def _rate(
    world: World,
    inspector_id: str | None,
    scores: tuple[int, int, int],
    at: dt.datetime,
    department_id: str | None = None,
) -> None:
    """A kiosk rating through the real use-case, after a scan naming ``inspector_id``."""
    store, actor = world.store, world.store.actor(None)
    verification = None
    if inspector_id:
        verification = uuid7()
        with store.write() as db:  # set-up: the scan the rating follows
            db.table("verifications").insert(
                {
                    "id": verification,
                    "scanned_text": "x",
                    "verdict": "valid",
                    "device_id": store.device_id,
                    "at": at.isoformat(),
                    "inspector_id": inspector_id,
                }
            )
    rating_id = kiosk_intake.record_rating(
        store, actor, verification_id=verification, speed=scores[0], attention=scores[1],
        service=scores[2],
    )  # fmt: skip
    with store.write() as db:  # set-up: when it happened and, for an office visit, where
        db.execute(
            "UPDATE ratings SET at = ?, department_id = ? WHERE id = ?",
            [at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), department_id, rating_id],
        )


def test_averages_per_inspector_and_department(world: World) -> None:
    du = permits.create_department(
        world.store, world.store.actor(world.admin.id), code="DU", name="Desarrollo Urbano"
    )
    _rate(world, world.beto, (5, 4, 3), NOW - dt.timedelta(days=1))
    _rate(world, world.beto, (3, 4, 5), NOW - dt.timedelta(days=9))
    _rate(world, world.ana, (2, 2, 2), NOW - dt.timedelta(days=2))
    _rate(world, None, (4, 4, 4), NOW - dt.timedelta(days=3), department_id=du)
    by_inspector = {s.key: s for s in ratings.summary(world.store, world.investigator)}
    beto = by_inspector[world.beto]
    assert (beto.name, beto.count, beto.speed, beto.attention, beto.service) == (
        "Beto Canul",
        2,
        4.0,
        4.0,
        4.0,
    )
    assert by_inspector[world.ana].overall == 2.0
    assert set(by_inspector) == {world.beto, world.ana}  # the office visit names nobody
    by_dept = {
        s.name: s for s in ratings.summary(world.store, world.admin, scope=ratings.DEPARTMENT)
    }
    assert by_dept["Protección Civil"].count == 3
    assert by_dept["Protección Civil"].overall == pytest.approx((4 + 4 + 2) / 3)
    assert by_dept["Desarrollo Urbano"].count == 1
    # A supervisor sees their own department only; a clerk nothing.
    seen = ratings.summary(world.store, world.supervisor, scope=ratings.DEPARTMENT)
    assert [s.name for s in seen] == ["Protección Civil"]
    with pytest.raises(NotAllowed):
        ratings.summary(world.store, world.clerk)


def test_the_trend_groups_by_iso_week_across_weeks_and_years(world: World) -> None:
    utc = dt.UTC
    # Sunday 2026-06-07 23:30 UTC is still week 23; Monday 00:10 is week 24.
    _rate(world, world.beto, (1, 1, 1), dt.datetime(2026, 6, 7, 23, 30, tzinfo=utc))
    _rate(world, world.beto, (5, 5, 5), dt.datetime(2026, 6, 8, 0, 10, tzinfo=utc))
    _rate(world, world.beto, (3, 3, 3), dt.datetime(2026, 6, 9, 12, 0, tzinfo=utc))
    # 2025-12-29 is in ISO week 2026-W01; 2025-12-28 in 2025-W52.
    _rate(world, world.beto, (4, 2, 3), dt.datetime(2025, 12, 28, 12, 0, tzinfo=utc))
    _rate(world, world.beto, (2, 4, 3), dt.datetime(2025, 12, 29, 12, 0, tzinfo=utc))
    _rate(world, world.ana, (5, 5, 5), dt.datetime(2026, 6, 9, 12, 0, tzinfo=utc))
    trend = ratings.weekly_trend(world.store, world.investigator, inspector_id=world.beto, tz=utc)
    assert [(w.label, w.stats.count, w.stats.overall) for w in trend] == [
        ("2025-W52", 1, 3.0),
        ("2026-W01", 1, 3.0),
        ("2026-W23", 1, 1.0),
        ("2026-W24", 2, 4.0),
    ]
    everyone = ratings.weekly_trend(world.store, world.investigator, tz=utc)
    assert [w.stats.count for w in everyone if w.label == "2026-W24"] == [3]


def test_low_rating_alerts_need_three_recent_ratings_averaging_below_three(world: World) -> None:
    for days in (1, 8, 20):
        _rate(world, world.beto, (2, 3, 2), NOW - dt.timedelta(days=days))
    # Ana: two bad recent ratings (too few) and bad ones older than four weeks.
    for days in (2, 3, 40, 50, 60):
        _rate(world, world.ana, (1, 1, 1), NOW - dt.timedelta(days=days))
    alerts = ratings.low_rating_alerts(world.store, world.investigator, now=NOW)
    by_scope = {(a.scope, a.key): a for a in alerts}
    assert set(by_scope) == {("inspector", world.beto), ("department", world.department)}
    assert by_scope[("inspector", world.beto)].average == pytest.approx(2.33)
    assert by_scope[("inspector", world.beto)].count == 3
    # Good ratings lift Beto above the line: the alert goes away.
    for days in (1, 2):
        _rate(world, world.beto, (5, 5, 5), NOW - dt.timedelta(days=days))
    alerts = ratings.low_rating_alerts(world.store, world.investigator, now=NOW)
    assert ("inspector", world.beto) not in {(a.scope, a.key) for a in alerts}
