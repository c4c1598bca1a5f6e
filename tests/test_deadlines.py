"""Service-level deadlines: business days, Mexico's rest days, terms and due dates on cases."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core import deadlines, permits
from desktop.core.deadlines import BusinessCalendar, deadline, official_holidays
from desktop.errors import InvalidInput
from desktop.store import Actor, Store
from desktop.store.changes import verify_audit_chain

D = dt.date


def _case(store: Store, actor: Actor, folio: str, received: dt.date, **kw: str) -> str:
    business = permits.create_business(store, actor, name=f"Negocio {folio}")
    return permits.create_case(
        store, actor, folio=folio, business_id=business, received_date=received, **kw
    )


def _due(store: Store, case_id: str) -> str | None:
    row = store.db.execute("SELECT due_date FROM permit_cases WHERE id = ?", [case_id]).fetchone()
    return None if row[0] is None else str(row[0])


def test_official_rest_days_follow_lft_article_74() -> None:
    assert sorted(official_holidays(2026)) == [
        D(2026, 1, 1),
        D(2026, 2, 2),  # first Monday of February
        D(2026, 3, 16),  # third Monday of March
        D(2026, 5, 1),
        D(2026, 9, 16),
        D(2026, 11, 16),  # third Monday of November
        D(2026, 12, 25),
    ]
    assert D(2025, 2, 3) in official_holidays(2025) and D(2027, 11, 15) in official_holidays(2027)
    # 1 October only when the federal executive changes hands.
    assert D(2030, 10, 1) in official_holidays(2030)
    assert D(2029, 10, 1) not in official_holidays(2029)


def test_the_store_is_seeded_with_2025_to_2027_rest_days(store: Store) -> None:
    calendar = deadlines.load_calendar(store.db)
    for year in (2025, 2026, 2027):
        assert set(official_holidays(year)) <= calendar.holidays
    assert len(deadlines.holidays(store.db, 2026)) == 7


def test_a_one_day_term_from_friday_skips_the_weekend_and_a_monday_holiday(store: Store) -> None:
    calendar = deadlines.load_calendar(store.db)
    friday = D(2026, 11, 13)
    assert not calendar.is_business_day(D(2026, 11, 16))  # third Monday of November
    assert calendar.add_business_days(friday, 1) == D(2026, 11, 17)
    assert calendar.add_business_days(D(2026, 11, 6), 1) == D(2026, 11, 9)  # no holiday
    assert calendar.business_days_between(friday, D(2026, 11, 17)) == 1


def test_a_new_case_gets_its_due_date_in_business_days_across_the_holiday(
    store: Store, actor: Actor
) -> None:
    assert deadlines.term_days(store.db, "anuencia_bajo_riesgo") == 15
    case_id = _case(store, actor, "PC-1", D(2026, 11, 13))
    # 15 business days after Fri 13 Nov 2026, with Mon 16 Nov off: 17-20, 23-27, 30-4, 7 Dec.
    assert _due(store, case_id) == "2026-12-07"
    other = _case(store, actor, "PC-2", D(2026, 11, 13), procedure_type="revalidacion_anuencia")
    assert _due(store, other) == "2026-11-30"  # 10 business days


def test_an_unknown_procedure_type_has_no_due_date(store: Store, actor: Actor) -> None:
    case_id = _case(store, actor, "PC-X", D(2026, 3, 2), procedure_type="tramite_inventado")
    assert _due(store, case_id) is None


def test_a_year_missing_from_the_table_still_skips_official_days() -> None:
    calendar = BusinessCalendar(frozenset(), frozenset({2026}))
    assert not calendar.is_business_day(D(2028, 11, 20))  # third Monday of November 2028
    assert calendar.is_business_day(D(2026, 11, 16))  # 2026 comes from the (empty) table


def test_a_municipal_holiday_moves_due_dates_and_can_be_removed(store: Store, actor: Actor) -> None:
    before = _case(store, actor, "PC-10", D(2026, 11, 13))
    deadlines.add_holiday(store, actor, D(2026, 11, 17), "Feria municipal")
    after = _case(store, actor, "PC-11", D(2026, 11, 13))
    assert _due(store, after) == "2026-12-08"
    assert _due(store, before) == "2026-12-07"  # unchanged until recomputed
    assert deadlines.recompute_due_dates(store, actor, "anuencia_bajo_riesgo") == 1
    assert _due(store, before) == "2026-12-08"
    with pytest.raises(InvalidInput):
        deadlines.add_holiday(store, actor, D(2026, 11, 17), "Otra vez")
    deadlines.remove_holiday(store, actor, D(2026, 11, 17))
    assert deadlines.load_calendar(store.db).is_business_day(D(2026, 11, 17))
    assert verify_audit_chain(store.db).ok


def test_changing_a_term_applies_to_new_cases_and_is_logged(store: Store, actor: Actor) -> None:
    changes = store.db.execute("SELECT count(*) FROM change_log").fetchone()[0]
    deadlines.set_term_days(store, actor, "anuencia_bajo_riesgo", 5)
    assert store.db.execute("SELECT count(*) FROM change_log").fetchone()[0] == changes + 1
    case_id = _case(store, actor, "PC-20", D(2026, 11, 13))
    assert _due(store, case_id) == "2026-11-23"  # 17-20, then Monday 23
    for bad in (0, 366):
        with pytest.raises(InvalidInput):
            deadlines.set_term_days(store, actor, "anuencia_bajo_riesgo", bad)
    with pytest.raises(InvalidInput):
        deadlines.set_term_days(store, actor, "no_existe", 10)


def test_a_new_procedure_type_gets_its_own_term(store: Store, actor: Actor) -> None:
    deadlines.add_procedure_type(
        store, actor, code="visto_bueno_eventos", name="Visto bueno para eventos", days=3
    )
    case_id = _case(store, actor, "EV-1", D(2026, 11, 13), procedure_type="visto_bueno_eventos")
    assert _due(store, case_id) == "2026-11-19"
    assert "visto_bueno_eventos" in [p.code for p in deadlines.procedure_types(store.db)]


def test_days_elapsed_days_left_and_overdue() -> None:
    calendar = BusinessCalendar(frozenset({D(2026, 11, 16)}), frozenset({2026}))
    received, due = D(2026, 11, 13), D(2026, 11, 20)
    on_time = deadline(calendar, received, due, today=D(2026, 11, 17))
    assert (on_time.days_elapsed, on_time.business_days_elapsed) == (4, 1)
    assert on_time.business_days_left == 3 and not on_time.overdue
    due_today = deadline(calendar, received, due, today=due)
    assert due_today.business_days_left == 0 and not due_today.overdue
    late = deadline(calendar, received, due, today=D(2026, 11, 24))
    assert late.overdue and late.business_days_left == -2
    issued = deadline(calendar, received, due, status="emitido", today=D(2026, 11, 24))
    assert issued.clock_stopped and not issued.overdue
    undated = deadline(calendar, received, None, today=D(2026, 11, 24))
    assert undated.business_days_left is None and not undated.overdue


def test_seeding_a_later_year_adds_only_the_missing_days(store: Store, actor: Actor) -> None:
    assert deadlines.seed_official_holidays(store, actor, 2028) == 7
    assert deadlines.seed_official_holidays(store, actor, 2028) == 0
    assert D(2028, 11, 20) in deadlines.load_calendar(store.db).holidays
