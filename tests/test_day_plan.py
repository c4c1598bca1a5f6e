"""The day plan ("Mis inspecciones") on a real store: who sees which visits, in what order,
what is captured but not synced, and the inspection reopened after a crash."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from inspection_samples import COMPLETE, SIGNATURES
from plan_world import TODAY, PlanWorld, make_plan_world
from sync_helpers import Backend

from desktop.core import day_plan, form_library, inspection_capture, permits, sync_service
from desktop.store.changes import record_change


@pytest.fixture
def world(tmp_path: Path) -> Iterator[PlanWorld]:
    w = make_plan_world(tmp_path / "data")
    yield w
    w.store.close()


def _folios(plan: list[day_plan.PlannedInspection]) -> list[str]:
    return [p.folio for p in plan]


def fill_and_close(world: PlanWorld, inspection_id: str) -> None:
    """Capture a complete visit as Ana on the shipped form, with findings, and close it."""
    store, act = world.store, world.actor(world.ana)
    inspection_capture.open_for_capture(store, act, inspection_id, form_library.current_form(store))
    for name, value in COMPLETE.items():
        inspection_capture.save_answer(store, act, inspection_id, name, value)
    for name, content in SIGNATURES.items():
        inspection_capture.save_attachment_answer(
            store, act, inspection_id, name, content, mime="image/svg+xml"
        )
    current = inspection_capture.load_inspection(store, inspection_id)
    findings = inspection_capture.suggest_findings(store, current, today=TODAY)
    inspection_capture.save_findings(store, act, inspection_id, list(findings))
    inspection_capture.close_inspection(store, act, inspection_id)


def test_the_inspector_is_found_through_their_login(world: PlanWorld) -> None:
    db = world.store.db
    assert day_plan.inspector_for_user(db, world.ana.id) == world.ana_inspector
    assert day_plan.inspector_for_user(db, world.beto.id) == world.beto_inspector
    assert day_plan.inspector_for_user(db, world.supervisor.id) is None


def test_each_inspector_sees_own_overdue_today_and_next_days_in_route_order(
    world: PlanWorld,
) -> None:
    db = world.store.db
    ana = day_plan.day_plan(db, inspector_id=world.ana_inspector, today=TODAY)
    # overdue first; today's by colonia (Centro before Zona Norte); +10 days is beyond the week
    assert _folios(ana) == ["PC-A-1", "PC-A-3", "PC-A-2", "PC-A-4"]
    assert [p.overdue(TODAY) for p in ana] == [True, False, False, False]
    first = ana[0]
    assert (first.business_name, first.colonia, first.address) == (
        "Abarrotes Doña Lupe", "Centro", "Calle 1 #10",
    )  # fmt: skip
    assert first.scheduled_for == TODAY - dt.timedelta(days=1) and first.status == "borrador"
    assert not first.started and first.answered == 0 and first.inspector_name == "Ana Pérez"
    assert all(p.pending_sync for p in ana)  # nothing was ever synced

    beto = day_plan.day_plan(db, inspector_id=world.beto_inspector, today=TODAY)
    assert _folios(beto) == ["PC-B-1", "PC-B-2"]
    wider = day_plan.day_plan(db, inspector_id=world.ana_inspector, today=TODAY, days=10)
    assert _folios(wider)[-1] == "PC-A-5"
    # the day after tomorrow the overdue list has grown; what was done is still owed
    later = day_plan.day_plan(db, inspector_id=world.ana_inspector, today=TODAY + dt.timedelta(2))
    assert [p.folio for p in later if p.overdue(TODAY + dt.timedelta(2))] == [
        "PC-A-1", "PC-A-3", "PC-A-2",
    ]  # fmt: skip


def test_everyone_s_plan_interleaves_inspectors_by_day_and_colonia(world: PlanWorld) -> None:
    plan = day_plan.day_plan(world.store.db, inspector_id=None, today=TODAY)
    assert _folios(plan) == ["PC-A-1", "PC-A-3", "PC-B-1", "PC-A-2", "PC-A-4", "PC-B-2"]
    assert {p.inspector_name for p in plan} == {"Ana Pérez", "Beto Ruiz"}


def test_a_started_visit_without_a_day_is_listed_today_and_counts_its_answers(
    world: PlanWorld,
) -> None:
    store, act = world.store, world.actor(world.ana)
    business = permits.create_business(store, act, name="Cocina Económica Rosy", colonia="Centro")
    case = permits.create_case(
        store, act, folio="PC-A-9", business_id=business, received_date=dt.date(2026, 5, 4)
    )
    form = form_library.current_form(store)
    insp = inspection_capture.start_inspection(
        store, act, case, form, inspector_id=world.ana_inspector
    )
    inspection_capture.save_answer(store, act, insp, "atiende_nombre", "Rosa")
    inspection_capture.save_answer(store, act, insp, "aforo", 20)
    plan = day_plan.day_plan(store.db, inspector_id=world.ana_inspector, today=TODAY)
    entry = next(p for p in plan if p.inspection_id == insp)
    assert entry.scheduled_for is None and entry.day == TODAY
    assert entry.started and entry.answered == 2
    assert _folios(plan) == ["PC-A-1", "PC-A-3", "PC-A-9", "PC-A-2", "PC-A-4"]
    assert "PC-A-9" not in _folios(
        day_plan.day_plan(store.db, inspector_id=world.beto_inspector, today=TODAY)
    )
    # A visit planned beyond the window that the inspector already began stays in sight.
    far = world.visits["PC-A-5"]  # planned for TODAY + 10
    assert "PC-A-5" not in _folios(plan)
    inspection_capture.open_for_capture(store, act, far, form)
    inspection_capture.save_answer(store, act, far, "aforo", 8)
    again = day_plan.day_plan(store.db, inspector_id=world.ana_inspector, today=TODAY)
    assert _folios(again)[-1] == "PC-A-5" and again[-1].started


@pytest.mark.usefixtures("memory_keyring")
def test_a_closed_visit_shows_unsynced_until_sent_then_leaves_the_next_day(
    world: PlanWorld,
) -> None:
    store, db = world.store, world.store.db
    insp = world.visits["PC-A-2"]
    fill_and_close(world, insp)
    (closed_at,) = db.execute("SELECT closed_at FROM inspections WHERE id = ?", [insp]).fetchone()
    closed_day = dt.datetime.fromisoformat(closed_at.replace("Z", "+00:00")).astimezone().date()
    next_day = closed_day + dt.timedelta(days=1)

    def entry(today: dt.date) -> day_plan.PlannedInspection | None:
        plan = day_plan.day_plan(db, inspector_id=world.ana_inspector, today=today)
        return next((p for p in plan if p.inspection_id == insp), None)

    on_the_day = entry(closed_day)
    assert on_the_day is not None and on_the_day.is_closed and on_the_day.pending_sync
    assert on_the_day.day == closed_day and not on_the_day.overdue(closed_day)
    assert on_the_day.result == "no_cumple"  # the complete answers fail "extinguishers in date"
    assert on_the_day.answered == len(COMPLETE) + len(SIGNATURES)
    later = entry(next_day)
    assert later is not None and later.pending_sync  # captured, not sent: still shown

    remote = Backend("memory").remote_for(store)
    report = sync_service.sync_now(store, remote)
    assert report.acknowledged > 0
    assert (
        db.execute(
            "SELECT count(*) FROM change_log WHERE synced_at IS NULL AND entity_id = ?", [insp]
        ).fetchone()[0]
        == 0
    )

    synced = entry(closed_day)
    assert synced is not None and not synced.pending_sync  # closed today: still listed
    assert entry(next_day) is None  # closed on an earlier day and sent: done
    others = day_plan.day_plan(db, inspector_id=world.ana_inspector, today=closed_day)
    assert not any(p.pending_sync for p in others)


def test_the_work_still_owed_comes_before_what_was_closed_and_waits_to_be_sent(
    world: PlanWorld,
) -> None:
    db = world.store.db
    insp = world.visits["PC-A-2"]
    fill_and_close(world, insp)
    # Closed yesterday (relative to the plan's day), not sent yet: by day alone it would sort
    # before today's and the coming days' visits.
    yesterday = f"{TODAY - dt.timedelta(days=1)}T18:00:00Z"
    with world.store.write() as w:
        w.execute("UPDATE inspections SET closed_at = ? WHERE id = ?", [yesterday, insp])
    plan = day_plan.day_plan(db, inspector_id=world.ana_inspector, today=TODAY)
    assert _folios(plan) == ["PC-A-1", "PC-A-3", "PC-A-4", "PC-A-2"]
    assert plan[-1].is_closed and plan[-1].pending_sync


@pytest.mark.usefixtures("memory_keyring")
def test_an_unsent_photo_alone_keeps_the_visit_marked_unsynced(world: PlanWorld) -> None:
    store, act = world.store, world.actor(world.ana)
    insp = world.visits["PC-A-3"]
    inspection_capture.open_for_capture(store, act, insp, form_library.current_form(store))
    sync_service.sync_now(store, Backend("memory").remote_for(store))

    def pending() -> bool:
        plan = day_plan.day_plan(store.db, inspector_id=world.ana_inspector, today=TODAY)
        return next(p for p in plan if p.inspection_id == insp).pending_sync

    assert not pending()
    sha = inspection_capture.save_attachment_answer(
        store, act, insp, "ext_foto", b"\xff\xd8\xff foto", mime="image/jpeg"
    )
    assert pending()
    # As if the inspection's own update had been acknowledged before its photo's rows.
    with store.write() as db:
        db.execute(
            "UPDATE change_log SET synced_at = '2026-06-09T12:00:00.000000Z' "
            "WHERE entity = 'inspections' AND entity_id = ?",
            [insp],
        )
    assert pending()
    with store.write() as db:
        db.execute(
            "UPDATE change_log SET synced_at = '2026-06-09T12:00:00.000000Z' "
            "WHERE entity = 'attachment_links'"
        )
    assert pending()  # the file itself (entity attachments) is not sent yet
    with store.write() as db:
        db.execute(
            "UPDATE change_log SET synced_at = '2026-06-09T12:00:00.000000Z' "
            "WHERE entity = 'attachments' AND entity_id = ?",
            [sha],
        )
    assert not pending()


def test_remember_open_round_trip_and_only_open_inspections_come_back(
    world: PlanWorld,
) -> None:
    store = world.store
    open_one, other = world.visits["PC-A-2"], world.visits["PC-A-3"]
    assert day_plan.last_open(store.db, world.ana.id) is None
    day_plan.remember_open(store, world.ana.id, open_one)
    day_plan.remember_open(store, world.beto.id, world.visits["PC-B-1"])
    assert day_plan.last_open(store.db, world.ana.id) == open_one
    assert day_plan.last_open(store.db, world.beto.id) == world.visits["PC-B-1"]
    day_plan.remember_open(store, world.ana.id, other)  # a newer one replaces it
    assert day_plan.last_open(store.db, world.ana.id) == other
    day_plan.remember_open(store, world.ana.id, None)
    assert day_plan.last_open(store.db, world.ana.id) is None
    assert day_plan.last_open(store.db, world.beto.id) == world.visits["PC-B-1"]

    fill_and_close(world, open_one)
    day_plan.remember_open(store, world.ana.id, open_one)
    assert day_plan.last_open(store.db, world.ana.id) is None  # closed: nothing to reopen

    gone = world.visits["PC-A-4"]
    day_plan.remember_open(store, world.ana.id, gone)
    with store.write() as db:  # as a pulled deletion would
        db.execute("DELETE FROM inspections WHERE id = ?", [gone])
        record_change(db, world.actor(world.admin), "inspections", gone, "delete", {"id": gone})
    assert day_plan.last_open(store.db, world.ana.id) is None
