"""Tablero figures on a hand-written week (2026-W47), every number worked out by hand below.

The week runs Monday 16 to Sunday 22 November 2026, local time in Cancún (UTC-5, no DST).
Monday 16 is the Día de la Revolución (third Monday of November), a holiday.

Protección Civil (PC) cases — received, due, what happened (local times):

====  ==========  ==========  ==================================================================
case  received    due         history
====  ==========  ==========  ==================================================================
A     Mon 09 Nov  Wed 18 Nov  entregado Wed 18 10:00                → resolved W47, in term
B     Mon 02 Nov  Tue 10 Nov  rechazado Wed 11, reopened Fri 13, rechazado Fri 20 09:00
                              → resolved once, in W47 (not W46), late
C     Tue 17 Nov  Fri 27 Nov  cancelado Thu 19 12:00                → resolved W47, cancelled
D     Thu 12 Nov  Fri 20 Nov  entregado Sun 22 23:59 (04:59Z Mon 23) → resolved W47, late
E     Fri 13 Nov  Tue 24 Nov  entregado Mon 23 00:01 (05:01Z)        → resolved W48
F     Tue 03 Nov  Thu 12 Nov  en_revision, still open                → backlog, overdue
G     Wed 04 Nov  Fri 13 Nov  emitido Mon 16 (clock stopped)         → backlog, not overdue
H     Sun 22 Nov  Wed 02 Dec  open                                   → received W47, backlog
I     Mon 23 Nov  —           open                                   → received W48
K     Thu 01 Oct  —           entregado Tue 20 Oct                   → long gone
L     Mon 16 Nov  (none: 3-business-day type → Thu 19) entregado Thu 19 → in term
====  ==========  ==========  ==================================================================

Desarrollo Urbano (DU): J received Wed 18 Nov, open.

W47 for PC:
* received: C, H, L = 3.
* resolved: A, B, C, D, L = 5, of which cancelled 1 (C).
* calendar days: A 9, B 18, C 2, D 10, L 3 → sorted 2 3 9 10 18: median 9, p90 (5th of 5) 18.
* business days in (received, resolved], skipping Mon 16: A 10,11,12,13,17,18 = 6;
  B 3-6, 9-13, 17-20 = 13; C 18,19 = 2; D 13,17,18,19,20 = 5; L 17,18,19 = 3
  → sorted 2 3 5 6 13: median 5, p90 13.
* within term: A (18 ≤ 18), C (19 ≤ 27), L (19 ≤ 19) = 3 of 5.
* backlog at Sunday 24:00: E, F, G, H = 4. Overdue: F only (E due 24, G stopped, H due Dec 2).
W46 for PC: received A, D, E = 3; resolved 0 (B's first rejection was undone); backlog A, B,
D, E, F, G = 6 (K was resolved; B was reopened); overdue B, F, G = 3. 6 + 3 - 5 = 4 ✓.
W48 for PC: received I = 1; resolved E = 1.

Complaints (PC inspector): one created Fri 20 and closed (improcedente) Sun 22 23:59 by its
status history, though a note touched it Monday; one created Sun 22 23:59 and closed
(procedente) with no history row, so its updated_at (the same moment) counts; one created Mon 23
00:01. One naming no inspector created Wed 18 (total only). PC W47: received 2, resolved 2;
total W47: received 3, resolved 2.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from desktop.core import deadlines, metrics
from desktop.core.forecast import IsoWeek
from desktop.core.ids import uuid7
from desktop.errors import InvalidInput
from desktop.store import Actor, Store

W46, W47, W48 = IsoWeek(2026, 46), IsoWeek(2026, 47), IsoWeek(2026, 48)
CANCUN = metrics.local_zone()
_seq = itertools.count(1)


def utc(day: str, hh_mm: str = "10:00") -> str:
    """A local Cancún moment as the stored UTC text."""
    local = dt.datetime.fromisoformat(f"{day}T{hh_mm}").replace(tzinfo=CANCUN)
    return local.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Week:
    """Writes the hand-made cases straight into a real store (the use-cases stamp "now")."""

    def __init__(self, store: Store, actor: Actor) -> None:
        self.store = store
        self.departments = {}
        for code, name in (("PC", "Protección Civil"), ("DU", "Desarrollo Urbano")):
            from desktop.core import permits

            self.departments[code] = permits.create_department(store, actor, code=code, name=name)
        deadlines.add_procedure_type(store, actor, code="tres_dias", name="Tres días", days=3)
        self.business = uuid7()
        now = utc("2026-01-01")
        with store.write() as db:
            db.table("businesses").insert(
                {"id": self.business, "name": "Negocio", "created_at": now, "updated_at": now}
            )
            self.inspector = uuid7()
            db.table("inspectors").insert(
                {
                    "id": self.inspector,
                    "full_name": "Inspectora",
                    "department_id": self.departments["PC"],
                    "status_at": now,
                    "valid_from": "2026-01-01",
                    "valid_until": "2027-12-31",
                    "created_at": now,
                    "updated_at": now,
                }
            )

    def case(
        self,
        received: str,
        due: str | None,
        steps: list[tuple[str, str, str]],
        *,
        dept: str = "PC",
        procedure_type: str = "anuencia_bajo_riesgo",
    ) -> str:
        """A case received on ``received`` with ``steps`` of (to_status, local day, hh:mm)."""
        case_id = uuid7()
        status = "recibido"
        history: list[tuple[str | None, str, str]] = [(None, "recibido", utc(received, "09:00"))]
        for to_status, day, time in steps:
            history.append((status, to_status, utc(day, time)))
            status = to_status
        with self.store.write() as db:
            db.table("permit_cases").insert(
                {
                    "id": case_id,
                    "folio": f"PC-{next(_seq)}",
                    "business_id": self.business,
                    "department_id": self.departments[dept],
                    "procedure_type": procedure_type,
                    "received_date": received,
                    "status": status,
                    "due_date": due,
                    "created_at": history[0][2],
                    "updated_at": history[-1][2],
                }
            )
            for from_status, to_status, at in history:
                db.table("case_status_history").insert(
                    {
                        "id": uuid7(),
                        "case_id": case_id,
                        "from_status": from_status,
                        "to_status": to_status,
                        "device_id": "test",
                        "at": at,
                    }
                )
        return case_id

    def complaint(
        self,
        created: str,
        status: str,
        *,
        inspector: bool = True,
        closed_at: str | None = None,
        updated: str | None = None,
    ) -> None:
        n = next(_seq)
        complaint_id = uuid7()
        with self.store.write() as db:
            db.table("complaints").insert(
                {
                    "id": complaint_id,
                    "folio": f"Q-{n}",
                    "kind": "otro",
                    "description": "Queja",
                    "inspector_id": self.inspector if inspector else None,
                    "followup_code_hash": f"h{n}",
                    "status": status,
                    "created_at": created,
                    "updated_at": updated or created,
                }
            )
            if closed_at is not None:
                db.table("complaint_status_history").insert(
                    {
                        "id": uuid7(),
                        "complaint_id": complaint_id,
                        "from_status": "en_investigacion",
                        "to_status": status,
                        "device_id": "test",
                        "at": closed_at,
                    }
                )


@pytest.fixture
def week(store: Store, actor: Actor) -> Week:
    w = Week(store, actor)
    w.case("2026-11-09", "2026-11-18", [("entregado", "2026-11-18", "10:00")])  # A
    w.case(  # B: rejected, reopened, rejected again
        "2026-11-02",
        "2026-11-10",
        [
            ("rechazado", "2026-11-11", "10:00"),
            ("en_revision", "2026-11-13", "10:00"),
            ("rechazado", "2026-11-20", "09:00"),
        ],
    )
    w.case("2026-11-17", "2026-11-27", [("cancelado", "2026-11-19", "12:00")])  # C
    w.case("2026-11-12", "2026-11-20", [("entregado", "2026-11-22", "23:59")])  # D
    w.case("2026-11-13", "2026-11-24", [("entregado", "2026-11-23", "00:01")])  # E
    w.case("2026-11-03", "2026-11-12", [("en_revision", "2026-11-04", "10:00")])  # F
    w.case("2026-11-04", "2026-11-13", [("emitido", "2026-11-16", "11:00")])  # G
    w.case("2026-11-22", "2026-12-02", [])  # H
    w.case("2026-11-23", None, [])  # I
    w.case("2026-10-01", None, [("entregado", "2026-10-20", "10:00")])  # K
    w.case(  # L: no due date stored; its 3-business-day term skips the Monday holiday
        "2026-11-16", None, [("entregado", "2026-11-19", "10:00")], procedure_type="tres_dias"
    )
    w.case("2026-11-18", "2026-11-30", [], dept="DU")  # J
    # Closed Sunday 23:59 by its history, although a later note touched it on Monday.
    w.complaint(
        utc("2026-11-20"),
        "improcedente",
        closed_at=utc("2026-11-22", "23:59"),
        updated=utc("2026-11-23", "10:00"),
    )
    w.complaint(utc("2026-11-22", "23:59"), "procedente")  # no history: its updated_at
    w.complaint(utc("2026-11-23", "00:01"), "recibida")
    w.complaint(utc("2026-11-18", "12:00"), "recibida", inspector=False)
    return w


def by_code(report: metrics.WeeklyReport, code: str) -> dict[IsoWeek, metrics.WeekFigures]:
    group = next(g for g in report.groups if g.department.code == code)
    return {f.week: f for f in group.weeks}


def test_monday_16_november_2026_is_a_holiday_in_the_seeded_calendar(store: Store) -> None:
    calendar = deadlines.load_calendar(store.db)
    assert not calendar.is_business_day(dt.date(2026, 11, 16))
    assert calendar.is_business_day(dt.date(2026, 11, 17))


def test_every_w47_figure_of_a_department_matches_the_hand_count(week: Week) -> None:
    report = metrics.weekly_figures(week.store.db, W46, W48, tz=CANCUN)
    pc = by_code(report, "PC")[W47]
    assert pc == metrics.WeekFigures(
        week=W47,
        received=3,
        resolved=5,
        cancelled=1,
        backlog=4,
        overdue=1,
        median_days=9.0,
        p90_days=18.0,
        median_business_days=5.0,
        p90_business_days=13.0,
        within_term=3,
        with_term=5,
        complaints_received=2,
        complaints_resolved=2,
    )
    assert pc.within_term_share == pytest.approx(0.6)


def test_a_reopened_case_counts_once_at_its_last_resolution(week: Week) -> None:
    pc = by_code(metrics.weekly_figures(week.store.db, W46, W48, tz=CANCUN), "PC")
    # Overdue at Sunday 15: B (reopened, due 10), F (due 12), G (due 13, not issued until 16).
    assert (pc[W46].received, pc[W46].resolved, pc[W46].backlog, pc[W46].overdue) == (3, 0, 6, 3)
    assert sum(f.resolved for f in pc.values()) == 6  # A B C D L in W47, E in W48
    assert (pc[W48].received, pc[W48].resolved) == (1, 1)


def test_the_week_boundary_is_midnight_local_time_not_utc(week: Week) -> None:
    """D (Sunday 23:59 local) is W47 and E (Monday 00:01) is W48; in UTC both are Monday."""
    local = by_code(metrics.weekly_figures(week.store.db, W47, W48, tz=CANCUN), "PC")
    in_utc = by_code(metrics.weekly_figures(week.store.db, W47, W48, tz=dt.UTC), "PC")
    assert (local[W47].resolved, local[W48].resolved) == (5, 1)
    assert (in_utc[W47].resolved, in_utc[W48].resolved) == (4, 2)
    assert (local[W47].complaints_received, in_utc[W47].complaints_received) == (2, 1)


def test_the_total_adds_departments_and_complaints_without_inspector(week: Week) -> None:
    report = metrics.weekly_figures(week.store.db, W47, W47, tz=CANCUN)
    total, du = report.total.weeks[0], by_code(report, "DU")[W47]
    assert report.total.department.code == "TOTAL"
    assert (du.received, du.resolved, du.backlog, du.median_days, du.within_term_share) == (
        1,
        0,
        1,
        None,
        None,
    )
    assert (total.received, total.resolved, total.backlog, total.overdue) == (4, 5, 5, 1)
    assert (total.complaints_received, total.complaints_resolved) == (3, 2)


def test_picking_a_department_restricts_the_total_to_it(week: Week) -> None:
    report = metrics.weekly_figures(
        week.store.db, W47, W47, departments=["du"], tz=CANCUN, include_complaints=False
    )
    assert [g.department.code for g in report.groups] == ["TOTAL", "DU"]
    assert report.total.weeks[0].received == 1
    assert report.total.weeks[0].complaints_received is None


def test_unknown_department_bad_week_and_reversed_range_are_refused(store: Store) -> None:
    with pytest.raises(InvalidInput, match="XX"):
        metrics.weekly_figures(store.db, W47, W47, departments=["XX"])
    with pytest.raises(InvalidInput, match="before the first"):
        metrics.weekly_figures(store.db, W48, W47)
    for bad in ("2026-W54", "2026-47", "semana"):
        with pytest.raises(InvalidInput):
            metrics.parse_week(bad)
    assert metrics.parse_week(" 2026w47 ") == W47
    assert metrics.parse_week("2026-W53") == IsoWeek(2026, 53)


def test_median_and_p90_follow_the_written_definitions() -> None:
    assert metrics.median([]) is None and metrics.p90([]) is None
    assert metrics.median([4, 1, 3, 2]) == 2.5
    assert metrics.p90(list(range(1, 11))) == 9.0  # ceil(9.0) = 9th of 10
    assert metrics.p90(list(range(1, 12))) == 10.0  # ceil(9.9) = 10th of 11


def test_ratings_are_averaged_per_department_within_the_local_weeks(week: Week) -> None:
    with week.store.write() as db:
        for at, speed in ((utc("2026-11-16", "00:01"), 5), (utc("2026-11-22", "23:59"), 2)):
            db.table("ratings").insert(
                {
                    "id": uuid7(),
                    "inspector_id": week.inspector,
                    "speed": speed,
                    "attention": 4,
                    "service": 3,
                    "at": at,
                }
            )
        db.table("ratings").insert(  # Sunday 23:59 of W46: outside
            {
                "id": uuid7(),
                "department_id": week.departments["DU"],
                "speed": 1,
                "attention": 1,
                "service": 1,
                "at": utc("2026-11-15", "23:59"),
            }
        )
    (pc,) = metrics.ratings_by_department(week.store.db, W47, W47, tz=CANCUN)
    assert (pc.department.code, pc.count, pc.speed, pc.attention, pc.service) == (
        "PC",
        2,
        3.5,
        4.0,
        3.0,
    )


def test_the_data_scope_says_never_synced_then_the_last_sync_and_pending(week: Week) -> None:
    scope = metrics.data_scope(week.store.db)
    assert scope.last_sync_at is None
    assert "nunca se ha sincronizado" in scope.text("es")
    assert "never synced" in scope.text("en")
    week.store.set_setting("last_sync_at", "2026-11-20T18:00:00.000000Z")
    scope = metrics.data_scope(week.store.db)
    assert scope.pending_changes > 0  # the departments and procedure type above are unsent
    assert "2026-11-20 18:00" in scope.text("es")
    assert f"{scope.pending_changes} cambio(s)" in scope.text("es")


def test_timestamps_written_with_an_offset_or_without_microseconds_count_the_same(
    store: Store, actor: Actor
) -> None:
    w = Week(store, actor)
    d = w.case("2026-11-12", "2026-11-20", [("entregado", "2026-11-22", "23:59")])
    e = w.case("2026-11-13", "2026-11-24", [("entregado", "2026-11-23", "00:01")])
    with store.write() as db:  # as a server or an older device might have written them
        db.execute(
            "UPDATE case_status_history SET at = '2026-11-23T04:59:00+00:00' "
            "WHERE case_id = ? AND to_status = 'entregado'",
            [d],
        )
        db.execute(
            "UPDATE case_status_history SET at = '2026-11-23T05:01:00Z' "
            "WHERE case_id = ? AND to_status = 'entregado'",
            [e],
        )
    pc = by_code(metrics.weekly_figures(store.db, W47, W48, tz=CANCUN), "PC")
    assert (pc[W47].resolved, pc[W47].median_days, pc[W48].resolved) == (1, 10.0, 1)
