"""Service-level deadlines in business days: holidays, terms per procedure type, due dates.

A case's term is counted in business days (Monday to Friday, not a holiday) from the day it was
received: the due date is the N-th business day after ``received_date``. A case received on
Friday 13 November 2026 with a 1-day term is due on Tuesday 17 November, because Monday 16 is the
third Monday of November (a rest day under LFT art. 74).

Configuration lives in the store and is edited through the use-cases below:

* ``procedure_types.term_days`` — the term of each procedure type;
* ``holidays`` — official rest days (seeded for 2025-2027 by the migration) and municipal extra
  days. For a year with no official days in the table, :func:`official_holidays` fills in, so a
  due date in an unseeded year is still right.

The clock stops when a case is cleared (:data:`CLOCK_STOPPED`: emitido, entregado, rechazado,
cancelado): such a case is never overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.core import workflow
from desktop.core.ids import utc_now
from desktop.errors import InvalidInput
from desktop.store.changes import record_change
from desktop.store.db import Actor, Store
from sync.business_days import BusinessCalendar as BusinessCalendar
from sync.business_days import official_holidays as official_holidays

#: Statuses in which the service clock no longer runs (the office has answered).
CLOCK_STOPPED: frozenset[str] = frozenset(
    {workflow.EMITIDO, workflow.ENTREGADO, workflow.RECHAZADO, workflow.CANCELADO}
)

DEFAULT_PROCEDURE_TYPE = "anuencia_bajo_riesgo"
MAX_TERM_DAYS = 365
HOLIDAY_KINDS = ("oficial", "municipal")


@dataclass(frozen=True)
class Deadline:
    """Where a case stands against its term, as of ``today``.

    Attributes:
        days_elapsed: calendar days since it was received (the list's "age").
        business_days_elapsed: business days in (received, today].
        business_days_left: business days in (today, due]; negative once overdue (business days
            past the due date); ``None`` without a due date.
        overdue: the due date has passed and the clock still runs.
        clock_stopped: the case is cleared (see :data:`CLOCK_STOPPED`).
    """

    received: dt.date
    due: dt.date | None
    today: dt.date
    days_elapsed: int
    business_days_elapsed: int
    business_days_left: int | None
    overdue: bool
    clock_stopped: bool


def deadline(
    calendar: BusinessCalendar,
    received: dt.date,
    due: dt.date | None,
    *,
    status: str = workflow.RECIBIDO,
    today: dt.date | None = None,
) -> Deadline:
    """Days elapsed, days left and the overdue flag of one case (a pure function)."""
    today = today or dt.date.today()
    stopped = status in CLOCK_STOPPED
    left = None if due is None else calendar.business_days_between(today, due)
    return Deadline(
        received=received,
        due=due,
        today=today,
        days_elapsed=(today - received).days,
        business_days_elapsed=max(0, calendar.business_days_between(received, today)),
        business_days_left=left,
        overdue=due is not None and not stopped and today > due,
        clock_stopped=stopped,
    )


# -- reading the configuration ------------------------------------------------------------------


def load_calendar(db: Database) -> BusinessCalendar:
    """The business calendar from the ``holidays`` table."""
    rows = db.execute("SELECT date, kind FROM holidays").fetchall()
    days = frozenset(dt.date.fromisoformat(r[0]) for r in rows)
    official = frozenset(dt.date.fromisoformat(r[0]).year for r in rows if r[1] == "oficial")
    return BusinessCalendar(days, official)


@dataclass(frozen=True)
class ProcedureType:
    """A kind of procedure (trámite) and its service-level term."""

    code: str
    name: str
    term_days: int
    active: bool


def procedure_types(db: Database, *, include_inactive: bool = False) -> list[ProcedureType]:
    """Every procedure type, by name."""
    sql = "SELECT code, name, term_days, active FROM procedure_types"
    if not include_inactive:
        sql += " WHERE active = 1"
    rows = db.execute(sql + " ORDER BY name").fetchall()
    return [ProcedureType(r[0], r[1], int(r[2]), bool(r[3])) for r in rows]


def term_days(db: Database, procedure_type: str) -> int | None:
    """The term of ``procedure_type`` in business days; ``None`` for an unknown type."""
    row = db.execute(
        "SELECT term_days FROM procedure_types WHERE code = ?", [procedure_type]
    ).fetchone()
    return None if row is None else int(row[0])


def due_date_for(
    db: Database,
    procedure_type: str,
    received: dt.date,
    calendar: BusinessCalendar | None = None,
) -> dt.date | None:
    """``received`` plus the type's term in business days; ``None`` for an unknown type."""
    days = term_days(db, procedure_type)
    if days is None:
        return None
    return (calendar or load_calendar(db)).add_business_days(received, days)


def holidays(db: Database, year: int | None = None) -> list[tuple[dt.date, str, str]]:
    """(date, name, kind) of the configured holidays, optionally of one year, by date."""
    sql = "SELECT date, name, kind FROM holidays"
    params: list[Any] = []
    if year is not None:
        sql += " WHERE date LIKE ?"
        params.append(f"{year:04d}-%")
    return [
        (dt.date.fromisoformat(r[0]), r[1], r[2])
        for r in db.execute(sql + " ORDER BY date", params).fetchall()
    ]


# -- configuration use-cases --------------------------------------------------------------------


def set_term_days(store: Store, actor: Actor, procedure_type: str, days: int) -> None:
    """Change a procedure type's term. Cases created afterwards use it; existing due dates are
    kept until :func:`recompute_due_dates` is run for the type.

    Raises:
        InvalidInput: unknown type, or a term outside 1-365 business days.
    """
    if not 1 <= days <= MAX_TERM_DAYS:
        raise InvalidInput(
            f"El plazo debe estar entre 1 y {MAX_TERM_DAYS} días hábiles.",
            f"The term must be between 1 and {MAX_TERM_DAYS} business days.",
        )
    with store.write() as db:
        if term_days(db, procedure_type) is None:
            raise InvalidInput(
                f"Tipo de trámite desconocido: {procedure_type}",
                f"Unknown procedure type: {procedure_type}",
            )
        now = utc_now()
        db.execute(
            "UPDATE procedure_types SET term_days = ?, updated_at = ? WHERE code = ?",
            [days, now, procedure_type],
        )
        record_change(
            db,
            actor,
            "procedure_types",
            procedure_type,
            "update",
            {"code": procedure_type, "term_days": days, "updated_at": now},
        )


def add_procedure_type(store: Store, actor: Actor, *, code: str, name: str, days: int) -> None:
    """Register a new procedure type with its term.

    Raises:
        InvalidInput: empty or taken code, empty name, bad term.
    """
    code, name = code.strip(), name.strip()
    if not code or not name or not code.replace("_", "").isalnum():
        raise InvalidInput(
            "El tipo de trámite necesita una clave (letras, números y _) y un nombre.",
            "A procedure type needs a code (letters, digits and _) and a name.",
        )
    if not 1 <= days <= MAX_TERM_DAYS:
        raise InvalidInput(
            f"El plazo debe estar entre 1 y {MAX_TERM_DAYS} días hábiles.",
            f"The term must be between 1 and {MAX_TERM_DAYS} business days.",
        )
    now = utc_now()
    row = {
        "code": code,
        "name": name,
        "term_days": days,
        "active": 1,
        "created_at": now,
        "updated_at": now,
    }
    with store.write() as db:
        if term_days(db, code) is not None:
            raise InvalidInput(
                f"Ya existe el tipo de trámite {code}.", f"Procedure type {code} already exists."
            )
        db.table("procedure_types").insert(row)
        record_change(db, actor, "procedure_types", code, "insert", row)


def add_holiday(
    store: Store, actor: Actor, day: dt.date, name: str, *, kind: str = "municipal"
) -> None:
    """Add a rest day (e.g. a municipal one). Existing due dates are not moved.

    Raises:
        InvalidInput: empty name, unknown kind, or the day is already a holiday.
    """
    name = name.strip()
    if not name or kind not in HOLIDAY_KINDS:
        raise InvalidInput(
            "El día inhábil necesita un nombre y un tipo (oficial o municipal).",
            "A holiday needs a name and a kind (oficial or municipal).",
        )
    now = utc_now()
    row = {"date": day.isoformat(), "name": name, "kind": kind, "created_at": now}
    with store.write() as db:
        if not _insert_holiday(db, actor, row):
            raise InvalidInput(
                f"El {day.isoformat()} ya es día inhábil.",
                f"{day.isoformat()} is already a holiday.",
            )


def _insert_holiday(db: Database, actor: Actor, row: dict[str, Any]) -> bool:
    """Insert ``row`` (and its change) unless its date already is a holiday; say if it did."""
    if db.execute("SELECT 1 FROM holidays WHERE date = ?", [row["date"]]).fetchone():
        return False
    db.table("holidays").insert(row)
    record_change(db, actor, "holidays", row["date"], "insert", row)
    return True


def remove_holiday(store: Store, actor: Actor, day: dt.date) -> None:
    """Make ``day`` a working day again (e.g. a municipal day added by mistake).

    An official day removed from a year that keeps other official days in the table stays a
    working day; a year left with no official days falls back to :func:`official_holidays`.

    Raises:
        InvalidInput: the day is not in the holidays table.
    """
    key = day.isoformat()
    with store.write() as db:
        row = db.execute("SELECT kind FROM holidays WHERE date = ?", [key]).fetchone()
        if row is None:
            raise InvalidInput(f"El {key} no es día inhábil.", f"{key} is not a holiday.")
        db.execute("DELETE FROM holidays WHERE date = ?", [key])
        record_change(db, actor, "holidays", key, "delete", {"date": key})


def seed_official_holidays(store: Store, actor: Actor, year: int) -> int:
    """Add ``year``'s LFT art. 74 rest days that are not in the table yet; returns how many."""
    added = 0
    with store.write() as db:
        for day, name in sorted(official_holidays(year).items()):
            key, stamp = day.isoformat(), utc_now()
            row = {"date": key, "name": name, "kind": "oficial", "created_at": stamp}
            if _insert_holiday(db, actor, row):
                added += 1
    return added


def recompute_due_dates(store: Store, actor: Actor, procedure_type: str) -> int:
    """Recompute the due date of every open case of a type (after a term or holiday change).

    Returns:
        How many cases got a different due date.
    """
    changed = 0
    with store.write() as db:
        calendar = load_calendar(db)
        days = term_days(db, procedure_type)
        if days is None:
            raise InvalidInput(
                f"Tipo de trámite desconocido: {procedure_type}",
                f"Unknown procedure type: {procedure_type}",
            )
        stopped = sorted(CLOCK_STOPPED)
        marks = ",".join("?" * len(stopped))
        rows = db.execute(
            "SELECT id, received_date, due_date, version FROM permit_cases "
            f"WHERE procedure_type = ? AND status NOT IN ({marks})",
            [procedure_type, *stopped],
        ).fetchall()
        now = utc_now()
        for case_id, received, old_due, version in rows:
            new_due = calendar.add_business_days(dt.date.fromisoformat(received), days).isoformat()
            if new_due == old_due:
                continue
            db.execute(
                "UPDATE permit_cases SET due_date = ?, version = version + 1, updated_at = ? "
                "WHERE id = ?",
                [new_due, now, case_id],
            )
            record_change(
                db,
                actor,
                "permit_cases",
                case_id,
                "update",
                {"due_date": new_due, "version": version + 1, "updated_at": now},
                action="permit_cases.due_date",
                details={"from": old_due, "to": new_due},
            )
            changed += 1
    return changed
