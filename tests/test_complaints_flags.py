"""Pattern flags on the Contraloría's list: each fires on data built for it, and only there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from complaints_world import World, make_world

from desktop.core import complaints, kiosk_intake
from desktop.core.complaints import (
    FLAG_AFTER_BAD_VERIFICATION,
    FLAG_BUSINESS_REPEAT,
    FLAG_INSPECTOR_REPEAT,
    FLAG_SAME_INSPECTOR_BUSINESS,
)
from desktop.core.ids import uuid7

NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path / "data")
    yield w
    w.store.close()


def _file(world: World, days_ago: float, **fields: str | None) -> str:
    receipt = complaints.file_complaint(
        world.store, world.clerk, kind=str(fields.pop("kind", "maltrato")),
        description="Trato grosero.", **fields,  # type: ignore[arg-type]
    )  # fmt: skip
    world.stamp_complaint(receipt.complaint_id, days_ago, NOW)
    return receipt.complaint_id


def _flags(world: World) -> dict[str, tuple[str, ...]]:
    return {
        s.id: s.flags for s in complaints.list_complaints(world.store, world.investigator, now=NOW)
    }


def test_an_inspector_with_three_complaints_in_90_days_is_flagged(world: World) -> None:
    recent = [_file(world, d, inspector_id=world.beto) for d in (1, 40, 85)]
    flags = _flags(world)
    assert all(FLAG_INSPECTOR_REPEAT in flags[c] for c in recent)


def test_two_recent_and_one_old_complaint_do_not_flag_the_inspector(world: World) -> None:
    ids = [_file(world, d, inspector_id=world.beto) for d in (1, 40, 95)]
    ids += [_file(world, 2, inspector_id=world.ana)]  # another inspector's does not add up
    flags = _flags(world)
    assert not any(FLAG_INSPECTOR_REPEAT in flags[c] for c in ids)


def test_a_business_complained_about_twice_in_90_days_is_flagged(world: World) -> None:
    pair = [_file(world, d, kind="riesgo", business_id=world.tienda) for d in (3, 60)]
    lone = _file(world, 3, kind="riesgo", business_id=world.taller)
    old = _file(world, 120, kind="riesgo", business_id=world.taller)
    flags = _flags(world)
    assert all(FLAG_BUSINESS_REPEAT in flags[c] for c in pair)
    assert FLAG_BUSINESS_REPEAT not in flags[lone] and FLAG_BUSINESS_REPEAT not in flags[old]


def test_the_same_inspector_inspecting_the_same_business_repeatedly_is_flagged(
    world: World,
) -> None:
    today = NOW.date()
    for days in (10, 70, 150):
        world.add_visit(world.beto, world.tienda, today - dt.timedelta(days=days))
    # Visits that should not count: another inspector, another business, or too long ago.
    for days in (10, 20):
        world.add_visit(world.ana, world.tienda, today - dt.timedelta(days=days))
    for days in (5, 15, 200):
        world.add_visit(world.beto, world.taller, today - dt.timedelta(days=days))
    flagged = _file(world, 1, inspector_id=world.beto, business_id=world.tienda)
    other_inspector = _file(world, 1, inspector_id=world.ana, business_id=world.tienda)
    old_visits = _file(world, 1, inspector_id=world.beto, business_id=world.taller)
    no_business = _file(world, 1, inspector_id=world.beto)
    flags = _flags(world)
    assert FLAG_SAME_INSPECTOR_BUSINESS in flags[flagged]
    for cid in (other_inspector, old_visits, no_business):
        assert FLAG_SAME_INSPECTOR_BUSINESS not in flags[cid]


def test_a_complaint_after_a_verification_that_was_not_valid_is_flagged(world: World) -> None:
    store, actor = world.store, world.store.actor(None)
    # A real scan of a look-alike badge: the kiosk logic says it is not ours.
    scan = kiosk_intake.scan_and_record(store, actor, "https://verifica-falsa.mx/c/ABCDEFGH")
    assert scan.verdict.kind != "valid"
    after_fake = kiosk_intake.file_complaint(
        store, actor, verification_id=scan.verification_id, kind="corrupcion",
        description="Pidió dinero.",
    ).complaint_id  # fmt: skip
    # Set-up: a verification that said the badge was genuine.
    valid_id = uuid7()
    with store.write() as db:
        db.table("verifications").insert(
            {
                "id": valid_id,
                "scanned_text": "https://vrf.mx/c/…",
                "verdict": "valid",
                "device_id": store.device_id,
                "at": NOW.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "inspector_id": world.beto,
            }
        )
    after_valid = kiosk_intake.file_complaint(
        store, actor, verification_id=valid_id, kind="maltrato", description="Gritó."
    ).complaint_id
    without_scan = _file(world, 1)
    flags = _flags(world)
    assert flags[after_fake] == (FLAG_AFTER_BAD_VERIFICATION,)
    assert FLAG_AFTER_BAD_VERIFICATION not in flags[after_valid]
    assert FLAG_AFTER_BAD_VERIFICATION not in flags[without_scan]
    detail = complaints.open_complaint(store, world.investigator, after_fake)
    assert detail.flags == (FLAG_AFTER_BAD_VERIFICATION,)


def test_the_list_filters_by_status_kind_and_flag(world: World) -> None:
    risk = _file(world, 1, kind="riesgo", business_id=world.tienda)
    _file(world, 2, kind="riesgo", business_id=world.tienda)
    plain = _file(world, 3, kind="otro")
    store, boss = world.store, world.investigator
    complaints.assign(store, boss, plain, boss.id)
    complaints.transition(store, boss, plain, "en_investigacion")
    by_kind = complaints.list_complaints(store, boss, kind="riesgo", now=NOW)
    assert len(by_kind) == 2 and by_kind[0].id == risk
    assert [s.id for s in complaints.list_complaints(store, boss, status="en_investigacion")] == [
        plain
    ]
    flagged = complaints.list_complaints(store, boss, flagged_only=True, now=NOW)
    assert {s.kind for s in flagged} == {"riesgo"}
