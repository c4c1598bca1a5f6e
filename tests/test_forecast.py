"""The backlog forecast on hand-built histories: weekly counts, the rate and the zero week."""

from __future__ import annotations

import datetime as dt
import itertools

from desktop.core import forecast, permits
from desktop.core.forecast import IsoWeek, backlog_forecast
from desktop.core.ids import uuid7
from desktop.store import Actor, Store

TODAY = dt.date(2026, 11, 25)  # Wednesday of ISO week 2026-W48
CANCUN = dt.timezone(dt.timedelta(hours=-5))
_folios = itertools.count(1)


def case(store: Store, actor: Actor, received: dt.date = dt.date(2026, 6, 1)) -> str:
    business = permits.create_business(store, actor, name="Negocio")
    return permits.create_case(
        store, actor, folio=f"F-{next(_folios)}", business_id=business, received_date=received
    )


def move(store: Store, case_id: str, to_status: str, at: str) -> None:
    """Hand-write a history step at a chosen moment (the use-case stamps "now")."""
    with store.write() as db:
        db.execute(
            "INSERT INTO case_status_history (id, case_id, from_status, to_status, reason, "
            "user_id, device_id, at) SELECT ?, id, status, ?, '', NULL, 'test', ? "
            "FROM permit_cases WHERE id = ?",
            [uuid7(), to_status, at, case_id],
        )
        db.execute("UPDATE permit_cases SET status = ? WHERE id = ?", [to_status, case_id])


def cleared_in(store: Store, actor: Actor, monday: dt.date, count: int, status: str) -> None:
    for i in range(count):
        move(store, case(store, actor), status, f"{monday + dt.timedelta(days=i)}T17:00:00Z")


def test_cleared_is_issued_or_final_without_one() -> None:
    assert forecast.CLEARED == {"emitido", "entregado", "rechazado", "cancelado"}


def test_weekly_counts_rate_and_the_week_the_backlog_reaches_zero(
    store: Store, actor: Actor
) -> None:
    week = {n: IsoWeek(2026, n).monday for n in range(39, 49)}
    cleared_in(store, actor, week[39], 4, "emitido")  # before the window
    cleared_in(store, actor, week[40], 2, "emitido")
    cleared_in(store, actor, week[41], 1, "cancelado")
    cleared_in(store, actor, week[45], 3, "rechazado")
    cleared_in(store, actor, week[47], 1, "emitido")
    cleared_in(store, actor, week[48], 1, "emitido")  # this week: shown, not in the rate
    # Issued in W44 and delivered in W46: cleared once, in W44.
    issued = case(store, actor)
    move(store, issued, "emitido", f"{week[44]}T15:00:00Z")
    move(store, issued, "entregado", f"{week[46]}T15:00:00Z")
    open_cases = [case(store, actor, received=week[46] + dt.timedelta(days=1)) for _ in range(6)]
    move(store, open_cases[0], "en_revision", f"{week[47]}T15:00:00Z")  # still open

    result = backlog_forecast(store.db, today=TODAY, tz=dt.UTC)
    assert [str(w.week) for w in result.weeks] == [f"2026-W{n}" for n in range(40, 48)]
    assert [w.cleared for w in result.weeks] == [2, 1, 0, 0, 1, 3, 0, 1]
    assert result.weeks[6].received == 6  # received in W46
    assert result.current.cleared == 1 and str(result.current.week) == "2026-W48"
    assert result.backlog == 6
    assert result.rate == 1.0
    assert result.weeks_to_zero == 6
    assert result.zero_week == IsoWeek(2027, 1)  # 2026 has 53 ISO weeks
    assert result.zero_week.monday == dt.date(2027, 1, 4)
    assert result.text() == (
        "Pendientes: 6. Ritmo: 1.0 expedientes resueltos por semana (últimas 8 semanas). A este "
        "ritmo el rezago termina la semana 2027-W01 (del 4 de enero al 10 de enero de 2027)."
    )
    assert "reaches zero in week 2027-W01" in result.text("en")


def test_a_rate_of_zero_cannot_be_estimated(store: Store, actor: Actor) -> None:
    for _ in range(3):
        case(store, actor)
    result = backlog_forecast(store.db, today=TODAY)
    assert result.rate == 0 and result.zero_week is None and not result.can_estimate
    assert "No se puede estimar" in result.text()
    assert "cannot be estimated" in result.text("en")


def test_an_empty_backlog_has_reached_zero(store: Store, actor: Actor) -> None:
    cleared_in(store, actor, IsoWeek(2026, 45).monday, 2, "emitido")
    result = backlog_forecast(store.db, today=TODAY, tz=dt.UTC)
    assert result.backlog == 0 and result.weeks_to_zero == 0
    assert result.zero_week == IsoWeek(2026, 48)
    assert result.text() == "No hay expedientes pendientes."


def test_weeks_follow_the_local_calendar(store: Store, actor: Actor) -> None:
    # Monday 03:00 UTC is still Sunday evening in Cancún.
    move(store, case(store, actor), "cancelado", "2026-11-23T03:00:00.000000Z")
    in_utc = backlog_forecast(store.db, today=TODAY, tz=dt.UTC)
    in_cancun = backlog_forecast(store.db, today=TODAY, tz=CANCUN)
    assert in_utc.current.cleared == 1 and in_utc.weeks[-1].cleared == 0
    assert in_cancun.current.cleared == 0 and in_cancun.weeks[-1].cleared == 1
