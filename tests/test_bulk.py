"""Bulk actions: all-or-nothing status changes and assignment, inspection scheduling."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest

from desktop.core import bulk, permits, users
from desktop.core.ids import utc_now, uuid7
from desktop.errors import InvalidInput
from desktop.store import Actor, Store
from desktop.store.changes import verify_audit_chain

D = dt.date
_folios = itertools.count(1)


RECEIVED = D(2026, 9, 1)


def new_case(
    store: Store,
    actor: Actor,
    status: str = "en_revision",
    colonia: str = "Centro",
    received: dt.date = RECEIVED,
) -> str:
    business = permits.create_business(store, actor, name="Negocio", colonia=colonia)
    case_id = permits.create_case(
        store, actor, folio=f"PC-{next(_folios):05d}", business_id=business, received_date=received
    )
    path = {
        "recibido": [],
        "en_revision": ["en_revision"],
        "requiere_documentos": ["en_revision", "requiere_documentos"],
        "inspeccion_programada": ["en_revision", "inspeccion_programada"],
        "inspeccionado": ["en_revision", "inspeccion_programada", "inspeccionado"],
        "cancelado": ["cancelado"],
    }[status]
    for step in path:
        permits.change_status(store, actor, case_id, step, "motivo")
    return case_id


def statuses(store: Store, ids: list[str]) -> list[str]:
    return [
        store.db.execute("SELECT status FROM permit_cases WHERE id = ?", [i]).fetchone()[0]
        for i in ids
    ]


def change_count(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM change_log").fetchone()[0])


def add_inspector(
    store: Store, name: str, *, user_id: str | None = None, status: str = "activo"
) -> str:
    now = utc_now()
    with store.write() as db:
        dept = db.execute("SELECT id FROM departments LIMIT 1").fetchone()
        if dept is None:
            dept_id = uuid7()
            db.execute(
                "INSERT INTO departments (id, code, name, created_at, updated_at) "
                "VALUES (?, 'PC', 'Protección Civil', ?, ?)",
                [dept_id, now, now],
            )
        else:
            dept_id = dept[0]
        inspector_id = uuid7()
        db.execute(
            "INSERT INTO inspectors (id, user_id, full_name, department_id, status, status_at, "
            "valid_from, valid_until, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, '2026-01-01', '2027-12-31', ?, ?)",
            [inspector_id, user_id, name, dept_id, status, now, now, now],
        )
    return inspector_id


# -- status ----------------------------------------------------------------------------------


def test_bulk_status_change_is_all_or_nothing_with_a_report(store: Store, actor: Actor) -> None:
    ready = [new_case(store, actor) for _ in range(4)]
    blocked = new_case(store, actor, "recibido")
    closed = new_case(store, actor, "cancelado")
    selection = [*ready, blocked, closed]
    before = change_count(store)
    report = bulk.bulk_change_status(store, actor, selection, "inspeccion_programada")
    assert not report.ok and report.changed == 0 and report.requested == 6
    assert {r.case_id for r in report.refused} == {blocked, closed}
    lines = report.lines()
    assert lines[0].startswith("2 de 6 expedientes no lo permiten; no se cambió nada")
    assert any("estado final (cancelado)" in line for line in lines)
    assert statuses(store, selection) == ["en_revision"] * 4 + ["recibido", "cancelado"]
    assert change_count(store) == before

    report = bulk.bulk_change_status(store, actor, ready, "inspeccion_programada")
    assert report.ok and report.changed == 4
    assert statuses(store, ready) == ["inspeccion_programada"] * 4
    history = store.db.execute(
        "SELECT count(*) FROM case_status_history WHERE to_status = 'inspeccion_programada'"
    ).fetchone()[0]
    assert history == 4
    assert verify_audit_chain(store.db).ok


def test_bulk_status_change_accepts_rowids_and_ignores_duplicates(
    store: Store, actor: Actor
) -> None:
    ids = [new_case(store, actor, "recibido") for _ in range(3)]
    rowids = [
        store.db.execute("SELECT rowid FROM permit_cases WHERE id = ?", [i]).fetchone()[0]
        for i in ids
    ]
    report = bulk.bulk_change_status(store, actor, [*rowids, ids[0]], "en_revision")
    assert report.ok and report.changed == 3
    assert statuses(store, ids) == ["en_revision"] * 3


def test_a_missing_case_blocks_the_whole_bulk_change(store: Store, actor: Actor) -> None:
    ids = [new_case(store, actor, "recibido") for _ in range(2)]
    report = bulk.bulk_change_status(store, actor, [*ids, "no-existe"], "en_revision")
    assert report.changed == 0 and [r.case_id for r in report.refused] == ["no-existe"]
    assert statuses(store, ids) == ["recibido"] * 2


def test_a_bulk_change_owing_a_reason_needs_one(store: Store, actor: Actor) -> None:
    ids = [new_case(store, actor) for _ in range(2)]
    with pytest.raises(InvalidInput, match="reason"):
        bulk.bulk_change_status(store, actor, ids, "requiere_documentos", "  ")
    report = bulk.bulk_change_status(store, actor, ids, "requiere_documentos", "Falta croquis")
    assert report.ok
    reasons = store.db.execute(
        "SELECT DISTINCT reason FROM case_status_history WHERE to_status = 'requiere_documentos'"
    ).fetchall()
    assert reasons == [("Falta croquis",)]


def test_cancelling_a_bulk_change_rolls_it_back(store: Store, actor: Actor) -> None:
    ids = [new_case(store, actor, "recibido") for _ in range(5)]
    before = change_count(store)
    progress: list[tuple[int, int]] = []
    calls = itertools.count()
    report = bulk.bulk_change_status(
        store,
        actor,
        ids,
        "en_revision",
        on_progress=lambda d, t: progress.append((d, t)),
        is_cancelled=lambda: next(calls) == 3,
    )
    assert report.cancelled and report.changed == 0
    assert progress[:3] == [(1, 5), (2, 5), (3, 5)]
    assert statuses(store, ids) == ["recibido"] * 5
    assert change_count(store) == before


# -- assignment ------------------------------------------------------------------------------


def test_bulk_assign_assigns_every_case_or_none(store: Store, actor: Actor) -> None:
    inspector = users.create_user(
        store, actor, username="lpech", display_name="Luis Pech", password="x" * 8,
        role="inspector",
    )  # fmt: skip
    ids = [new_case(store, actor) for _ in range(3)]
    closed = new_case(store, actor, "cancelado")
    report = bulk.bulk_assign(store, actor, [*ids, closed], inspector.id)
    assert report.changed == 0 and [r.case_id for r in report.refused] == [closed]
    assert store.db.execute(
        "SELECT count(*) FROM permit_cases WHERE assignee_id IS NOT NULL"
    ).fetchone() == (0,)
    report = bulk.bulk_assign(store, actor, ids, inspector.id)
    assert report.ok and report.changed == 3
    assigned = store.db.execute(
        "SELECT count(*) FROM permit_cases WHERE assignee_id = ?", [inspector.id]
    ).fetchone()[0]
    assert assigned == 3
    actions = store.db.execute(
        "SELECT count(*) FROM audit_events WHERE action = 'permit_cases.assign'"
    ).fetchone()[0]
    assert actions == 3
    assert bulk.bulk_assign(store, actor, ids, None).changed == 3


def test_kiosk_accounts_cannot_be_assigned_cases(store: Store, actor: Actor) -> None:
    kiosk = users.create_user(
        store, actor, username="quiosco", display_name="Quiosco", password="x" * 8, role="kiosk"
    )
    with pytest.raises(InvalidInput):
        bulk.bulk_assign(store, actor, [new_case(store, actor)], kiosk.id)


# -- scheduling ------------------------------------------------------------------------------

# Mon 9 to Tue 17 Nov 2026: Mon 16 is a holiday, so the business days are 9-13 and 17.
START, END = D(2026, 11, 9), D(2026, 11, 17)


def test_scheduling_respects_capacity_business_days_and_groups_by_colonia(
    store: Store, actor: Actor
) -> None:
    a = add_inspector(store, "Ana Canul")
    b = add_inspector(store, "Beto Pool")
    plan_cases: dict[str, str] = {}
    # Colonia order follows the oldest case: Centro (Aug) first, then SM 23, then Colosio.
    for colonia, count, received in (
        ("SM 23", 4, D(2026, 8, 10)),
        ("Centro", 3, D(2026, 8, 1)),
        ("Colosio", 5, D(2026, 8, 20)),
    ):
        for k in range(count):
            plan_cases[new_case(store, actor, colonia=colonia,
                                received=received + dt.timedelta(days=k))] = colonia  # fmt: skip
    plan = bulk.plan_inspections(store.db, list(plan_cases), {a: 2, b: 2}, START, END)
    assert plan.ok and len(plan.visits) == 12
    per_slot = Counter((v.day, v.inspector_id) for v in plan.visits)
    assert max(per_slot.values()) <= 2
    assert all(v.day.weekday() < 5 and v.day != D(2026, 11, 16) for v in plan.visits)
    # Route order: the cases of one colonia are consecutive.
    colonias = [v.colonia for v in plan.visits]
    assert colonias == ["Centro"] * 3 + ["SM 23"] * 4 + ["Colosio"] * 5
    # Each inspector-day touches at most two colonias and mostly one.
    mixes = [len({v.colonia for v in vs}) for d in plan.by_day().values() for vs in d.values()]
    assert max(mixes) <= 2 and mixes.count(1) >= len(mixes) - 2

    report = bulk.schedule_inspections(store, actor, plan)
    assert report.ok and report.changed == 12
    assert set(statuses(store, list(plan_cases))) == {"inspeccion_programada"}
    rows = store.db.execute(
        "SELECT inspector_id, scheduled_for, count(*) FROM inspections "
        "WHERE status = 'borrador' GROUP BY inspector_id, scheduled_for"
    ).fetchall()
    assert sum(r[2] for r in rows) == 12 and max(r[2] for r in rows) <= 2
    assert verify_audit_chain(store.db).ok


def test_existing_visits_use_up_capacity_and_rescheduling_moves_them(
    store: Store, actor: Actor
) -> None:
    a = add_inspector(store, "Ana Canul")
    first = [new_case(store, actor) for _ in range(2)]
    one_day = {a: 2}
    plan = bulk.plan_inspections(store.db, first, one_day, START, START)
    assert bulk.schedule_inspections(store, actor, plan).ok
    # Monday is full now: another case goes to Tuesday.
    later = new_case(store, actor)
    plan = bulk.plan_inspections(store.db, [later], one_day, START, D(2026, 11, 10))
    assert [v.day for v in plan.visits] == [D(2026, 11, 10)]
    # Rescheduling an already scheduled case moves its draft instead of adding one.
    plan = bulk.plan_inspections(store.db, first[:1], one_day, D(2026, 11, 11), D(2026, 11, 11))
    assert bulk.schedule_inspections(store, actor, plan).ok
    drafts = store.db.execute(
        "SELECT scheduled_for FROM inspections WHERE case_id = ?", [first[0]]
    ).fetchall()
    assert drafts == [("2026-11-11",)]


def test_scheduling_that_does_not_fit_or_is_not_allowed_writes_nothing(
    store: Store, actor: Actor
) -> None:
    a = add_inspector(store, "Ana Canul")
    ids = [new_case(store, actor) for _ in range(5)]
    received = new_case(store, actor, "recibido")
    before = change_count(store)
    plan = bulk.plan_inspections(store.db, [*ids, received], {a: 2}, START, D(2026, 11, 10))
    assert not plan.ok
    reasons = {r.case_id: r.es for r in plan.refused}
    assert "recibido" in reasons[received]
    assert sum("no cabe" in r for r in reasons.values()) == 1  # 4 fit in two days of 2
    report = bulk.schedule_inspections(store, actor, plan)
    assert report.changed == 0 and change_count(store) == before
    assert store.db.execute("SELECT count(*) FROM inspections").fetchone() == (0,)


def test_scheduled_cases_are_assigned_to_the_inspectors_user(store: Store, actor: Actor) -> None:
    user = users.create_user(
        store, actor, username="acanul", display_name="Ana Canul", password="x" * 8,
        role="inspector",
    )  # fmt: skip
    a = add_inspector(store, "Ana Canul", user_id=user.id)
    case_id = new_case(store, actor, "requiere_documentos")
    plan = bulk.plan_inspections(store.db, [case_id], {a: 3}, START, END)
    assert bulk.schedule_inspections(store, actor, plan).ok
    assert store.db.execute(
        "SELECT status, assignee_id FROM permit_cases WHERE id = ?", [case_id]
    ).fetchone() == ("inspeccion_programada", user.id)


def test_inactive_inspectors_and_bad_capacities_are_refused(store: Store, actor: Actor) -> None:
    suspended = add_inspector(store, "Suspendido", status="suspendido")
    active = add_inspector(store, "Activo")
    ids = [new_case(store, actor)]
    for capacities in ({suspended: 2}, {active: 0}, {active: 51}, {}):
        with pytest.raises(InvalidInput):
            bulk.plan_inspections(store.db, ids, capacities, START, END)
    with pytest.raises(InvalidInput):
        bulk.plan_inspections(store.db, ids, {active: 2}, END, START)
