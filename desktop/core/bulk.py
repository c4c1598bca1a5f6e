"""Bulk actions on a selection of cases: assign, change status, schedule inspections.

Every bulk action is **all or nothing**: it first checks every selected case and, if any cannot
take the action, returns a :class:`BulkReport` listing those cases (folio and reason) and writes
nothing. Otherwise it writes every case in one transaction — each change through the same
use-case a single change uses (nested as a savepoint), with its change-log row and audit event —
reporting progress; cancelling rolls the whole action back.

Scheduled inspections are stored as an ``inspections`` row in ``borrador`` with
``scheduled_for`` (the day of the visit) and ``inspector_id`` (the inspector on the registry);
its ``started_at`` is the moment it was scheduled until the inspector starts the visit. A case
that already has such a scheduled draft is rescheduled by moving that row, not by adding one.
Scheduling moves a case to ``inspeccion_programada`` when it is not there yet, and assigns it to
the inspector's user account when the registry links one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from desktop.core import deadlines, permits, workflow
from desktop.core.dates import format_date
from desktop.core.ids import utc_now, uuid7
from desktop.errors import InvalidInput
from desktop.store.changes import record_change
from desktop.store.db import Actor, Store

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

#: Statuses from which a case can be scheduled for inspection (the last one: rescheduled).
SCHEDULABLE: frozenset[str] = frozenset(
    {
        workflow.EN_REVISION,
        workflow.REQUIERE_DOCUMENTOS,
        workflow.CON_OBSERVACIONES,
        workflow.INSPECCION_PROGRAMADA,
    }
)
#: Roles whose users can be assigned cases.
ASSIGNABLE_ROLES = frozenset({"admin", "supervisor", "clerk", "inspector"})
MAX_DAILY_CAPACITY = 50
MAX_SCHEDULE_DAYS = 366


@dataclass(frozen=True)
class CaseRefusal:
    """A selected case that cannot take the action, and why."""

    case_id: str
    folio: str
    status: str
    es: str
    en: str

    def text(self, lang: str = "es") -> str:
        return f"{self.folio}: {self.en if lang.startswith('en') else self.es}"


@dataclass(frozen=True)
class BulkReport:
    """The outcome of a bulk action; ``changed`` is 0 whenever anything was refused."""

    action: str
    requested: int
    changed: int
    refused: tuple[CaseRefusal, ...] = ()
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.refused and not self.cancelled

    def lines(self, lang: str = "es") -> list[str]:
        en = lang.startswith("en")
        if self.cancelled:
            return ["Cancelled: nothing was changed." if en else "Cancelado: no se cambió nada."]
        if self.refused:
            head = (
                f"{len(self.refused)} of {self.requested} cases cannot take this action; "
                "nothing was changed:"
                if en
                else f"{len(self.refused)} de {self.requested} expedientes no lo permiten; "
                "no se cambió nada:"
            )
            return [head, *(r.text(lang) for r in self.refused)]
        return [f"Changed: {self.changed} cases." if en else f"Cambiados: {self.changed}."]


class _Cancelled(Exception):
    """Raised inside the write transaction to roll it back."""


@dataclass(frozen=True)
class _Case:
    id: str
    folio: str
    status: str
    assignee_id: str | None
    version: int
    colonia: str
    received_date: str


def _load_cases(db: Database, keys: Sequence[str | int]) -> tuple[list[_Case], list[CaseRefusal]]:
    """The selected cases (ids or rowids, duplicates dropped) in selection order."""
    unique = list(dict.fromkeys(keys))
    found: dict[str | int, _Case] = {}
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in db.execute(
            "SELECT c.rowid, c.id, c.folio, c.status, c.assignee_id, c.version, b.colonia, "
            "c.received_date FROM permit_cases c JOIN businesses b ON b.id = c.business_id "
            f"WHERE c.id IN ({marks}) OR c.rowid IN ({marks})",
            [*chunk, *chunk],
        ):
            case = _Case(*r[1:])
            found[r[0]] = case
            found[r[1]] = case
    cases, missing = [], []
    for key in unique:
        if key in found:
            cases.append(found[key])
        else:
            missing.append(
                CaseRefusal(str(key), str(key), "", "no existe el expediente", "no such case")
            )
    return list({c.id: c for c in cases}.values()), missing


def _run(
    store: Store,
    items: Sequence[Any],
    write_one: Callable[[Any], None],
    on_progress: ProgressCallback | None,
    is_cancelled: CancelCheck | None,
) -> bool:
    """Write every item in one transaction; False if cancelled (everything rolled back)."""
    total = len(items)
    step = max(1, total // 100)
    try:
        with store.write():
            for done, item in enumerate(items, start=1):
                if is_cancelled is not None and is_cancelled():
                    raise _Cancelled
                write_one(item)
                if on_progress is not None and (done % step == 0 or done == total):
                    on_progress(done, total)
    except _Cancelled:
        return False
    return True


# -- status ---------------------------------------------------------------------------------------


def check_status_change(
    db: Database, case_ids: Sequence[str | int], to_status: str, reason: str | None = None
) -> list[CaseRefusal]:
    """The selected cases that cannot move to ``to_status`` (empty: all can). Writes nothing.

    Raises:
        InvalidInput: unknown target status, or a reason is owed and none was given.
    """
    if to_status not in workflow.STATUSES:
        raise InvalidInput(f"Estado desconocido: {to_status}", f"Unknown status: {to_status}")
    if to_status in workflow.REASON_REQUIRED and not (reason or "").strip():
        raise InvalidInput(
            f"Pasar a {to_status} requiere un motivo.",
            f"Moving to {to_status} requires a reason.",
        )
    cases, refused = _load_cases(db, case_ids)
    for case in cases:
        try:
            workflow.check_transition(case.status, to_status, reason)
        except InvalidInput as exc:
            refused.append(CaseRefusal(case.id, case.folio, case.status, exc.es, exc.en))
    return refused


def bulk_change_status(
    store: Store,
    actor: Actor,
    case_ids: Sequence[str | int],
    to_status: str,
    reason: str | None = None,
    *,
    on_progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> BulkReport:
    """Move every selected case to ``to_status`` — or none, if any cannot.

    Args:
        case_ids: case ids or rowids (the list's keys); duplicates count once.
        reason: one reason for all (required for the states that owe one).

    Returns:
        The report; when ``refused`` is not empty nothing was written.

    Raises:
        InvalidInput: unknown status or missing reason (nothing is written).
    """
    action = f"status:{to_status}"
    with store.write() as db:  # the check and the writes see the same data
        refused = check_status_change(db, case_ids, to_status, reason)
        cases, _ = _load_cases(db, case_ids)
        if refused:
            return BulkReport(action, len(cases) + _missing(refused), 0, tuple(refused))

        def write_one(case: _Case) -> None:
            permits.change_status(store, actor, case.id, to_status, reason)

        if not _run(store, cases, write_one, on_progress, is_cancelled):
            return BulkReport(action, len(cases), 0, cancelled=True)
    return BulkReport(action, len(cases), len(cases))


def _missing(refused: Sequence[CaseRefusal]) -> int:
    return sum(1 for r in refused if not r.status)


# -- assignment -----------------------------------------------------------------------------------


def _check_assignee(db: Database, user_id: str) -> None:
    row = db.execute("SELECT active, role FROM users WHERE id = ?", [user_id]).fetchone()
    if row is None:
        raise InvalidInput("No existe ese usuario.", "No such user.")
    if not row[0]:
        raise InvalidInput("El usuario está inactivo.", "The user is inactive.")
    if row[1] not in ASSIGNABLE_ROLES:
        raise InvalidInput(
            f"A ese usuario no se le pueden asignar expedientes (rol {row[1]}).",
            f"That user cannot be assigned cases (role {row[1]}).",
        )


def _assign(db: Database, actor: Actor, case: _Case, user_id: str | None) -> None:
    if case.assignee_id == user_id:
        return
    now = utc_now()
    db.execute(
        "UPDATE permit_cases SET assignee_id = ?, version = version + 1, updated_at = ? "
        "WHERE id = ?",
        [user_id, now, case.id],
    )
    version = db.execute("SELECT version FROM permit_cases WHERE id = ?", [case.id]).fetchone()[0]
    record_change(
        db,
        actor,
        "permit_cases",
        case.id,
        "update",
        {"assignee_id": user_id, "version": version, "updated_at": now},
        action="permit_cases.assign",
        details={"from": case.assignee_id, "to": user_id},
    )


def bulk_assign(
    store: Store,
    actor: Actor,
    case_ids: Sequence[str | int],
    user_id: str | None,
    *,
    on_progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> BulkReport:
    """Assign every selected case to ``user_id`` (``None``: unassign) — or none, if any is
    closed (entregado, rechazado, cancelado) or missing.

    Raises:
        InvalidInput: the user does not exist, is inactive or cannot hold cases.
    """
    with store.write() as db:
        if user_id is not None:
            _check_assignee(db, user_id)
        cases, refused = _load_cases(db, case_ids)
        refused += [
            CaseRefusal(
                c.id,
                c.folio,
                c.status,
                f"el expediente está cerrado ({c.status})",
                f"the case is closed ({c.status})",
            )
            for c in cases
            if c.status in workflow.FINAL
        ]
        if refused:
            return BulkReport("assign", len(cases) + _missing(refused), 0, tuple(refused))

        def write_one(case: _Case) -> None:
            with store.write() as inner:
                _assign(inner, actor, case, user_id)

        if not _run(store, cases, write_one, on_progress, is_cancelled):
            return BulkReport("assign", len(cases), 0, cancelled=True)
    return BulkReport("assign", len(cases), len(cases))


# -- scheduling inspections ----------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """One planned inspection: which case, which inspector, which day."""

    case_id: str
    folio: str
    colonia: str
    status: str
    inspector_id: str
    day: dt.date


@dataclass(frozen=True)
class InspectionPlan:
    """A proposed schedule (from :func:`plan_inspections`), to preview and then apply.

    Attributes:
        refused: selected cases whose status does not allow scheduling, or that do not fit
            in the date range with the given capacities; a plan with any is not applied.
    """

    visits: tuple[Visit, ...]
    refused: tuple[CaseRefusal, ...]
    start: dt.date
    end: dt.date
    capacities: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.refused

    def by_day(self) -> dict[dt.date, dict[str, list[Visit]]]:
        """Visits per day and inspector, in route order."""
        result: dict[dt.date, dict[str, list[Visit]]] = {}
        for visit in self.visits:
            result.setdefault(visit.day, {}).setdefault(visit.inspector_id, []).append(visit)
        return result


def _check_inspectors(db: Database, capacities: Mapping[str, int], end: dt.date) -> None:
    if not capacities:
        raise InvalidInput("Elija al menos un inspector.", "Choose at least one inspector.")
    for inspector_id, capacity in capacities.items():
        row = db.execute(
            "SELECT full_name, status, valid_until FROM inspectors WHERE id = ?", [inspector_id]
        ).fetchone()
        if row is None:
            raise InvalidInput(
                f"No existe el inspector {inspector_id}.", f"No inspector {inspector_id}."
            )
        if row[2] < end.isoformat():
            raise InvalidInput(
                f"La acreditación de {row[0]} vence el {row[2]}, antes del fin del rango.",
                f"{row[0]}'s accreditation ends on {row[2]}, before the end of the range.",
            )
        if row[1] != "activo":
            raise InvalidInput(
                f"{row[0]} no está activo ({row[1]}); no se le pueden programar visitas.",
                f"{row[0]} is not active ({row[1]}); no visits can be scheduled.",
            )
        if not 1 <= capacity <= MAX_DAILY_CAPACITY:
            raise InvalidInput(
                f"La capacidad diaria de {row[0]} debe estar entre 1 y {MAX_DAILY_CAPACITY}.",
                f"{row[0]}'s daily capacity must be between 1 and {MAX_DAILY_CAPACITY}.",
            )


def _route_order(cases: Sequence[_Case]) -> list[_Case]:
    """Cases grouped by colonia; the colonia holding the oldest case goes first, and within a
    colonia the oldest case first (empty colonias last)."""
    groups: dict[str, list[_Case]] = {}
    for case in cases:
        groups.setdefault(" ".join(case.colonia.casefold().split()), []).append(case)
    for members in groups.values():
        members.sort(key=lambda c: (c.received_date, c.folio))
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[1][0].received_date, kv[0]))
    return [case for _, members in ordered for case in members]


def plan_inspections(
    db: Database,
    case_ids: Sequence[str | int],
    capacities: Mapping[str, int],
    start: dt.date,
    end: dt.date,
    *,
    calendar: deadlines.BusinessCalendar | None = None,
) -> InspectionPlan:
    """Propose visits for the selected cases over ``[start, end]`` (business days only).

    Each inspector gets at most ``capacities[inspector_id]`` visits per day, counting visits
    already scheduled for them that day (except the selected cases' own, which move). Cases are
    taken in route order (see :func:`_route_order`) and poured into (day, inspector) slots in
    order — days first, then inspectors in the given order — so each inspector-day covers
    consecutive cases of one or a few colonias and a colonia spans consecutive slots.

    Raises:
        InvalidInput: empty or bad range, unknown/inactive inspector, capacity out of 1-50.
    """
    if end < start or (end - start).days > MAX_SCHEDULE_DAYS:
        raise InvalidInput(
            "El rango de fechas no es válido (fin antes del inicio, o más de un año).",
            "The date range is not valid (end before start, or longer than a year).",
        )
    _check_inspectors(db, capacities, end)
    calendar = calendar or deadlines.load_calendar(db)
    cases, refused = _load_cases(db, case_ids)
    schedulable = []
    for case in cases:
        if case.status in SCHEDULABLE:
            schedulable.append(case)
        else:
            refused.append(
                CaseRefusal(
                    case.id,
                    case.folio,
                    case.status,
                    f"no se puede programar inspección en estado {case.status}",
                    f"an inspection cannot be scheduled in status {case.status}",
                )
            )
    selected = {c.id for c in cases}
    booked: Counter[tuple[str, str]] = Counter()
    marks = ",".join("?" * len(capacities))
    for inspector_id, day, case_id in db.execute(
        "SELECT inspector_id, scheduled_for, case_id FROM inspections WHERE status = 'borrador' "
        f"AND scheduled_for BETWEEN ? AND ? AND inspector_id IN ({marks})",
        [start.isoformat(), end.isoformat(), *capacities],
    ):
        if case_id not in selected:
            booked[(inspector_id, day)] += 1

    def slots() -> Iterator[tuple[dt.date, str, int]]:
        for day in calendar.business_days(start, end):
            for inspector_id, capacity in capacities.items():
                free = capacity - booked[(inspector_id, day.isoformat())]
                if free > 0:
                    yield day, inspector_id, free

    visits: list[Visit] = []
    queue = _route_order(schedulable)
    position = 0
    for day, inspector_id, free in slots():
        for case in queue[position : position + free]:
            visits.append(Visit(case.id, case.folio, case.colonia, case.status, inspector_id, day))
        position += free
        if position >= len(queue):
            break
    for case in queue[len(visits) :]:
        refused.append(
            CaseRefusal(
                case.id,
                case.folio,
                case.status,
                f"no cabe entre el {format_date(start)} y el {format_date(end)} con la capacidad "
                "indicada; amplíe el rango o la capacidad",
                f"does not fit between {start.isoformat()} and {end.isoformat()} with the given "
                "capacity; widen the range or raise the capacity",
            )
        )
    return InspectionPlan(tuple(visits), tuple(refused), start, end, dict(capacities))


def schedule_inspections(
    store: Store,
    actor: Actor,
    plan: InspectionPlan,
    *,
    on_progress: ProgressCallback | None = None,
    is_cancelled: CancelCheck | None = None,
) -> BulkReport:
    """Apply a plan: a scheduled draft inspection per visit, cases to inspeccion_programada.

    A plan with refusals writes nothing (the report repeats them). The cases are checked again
    inside the transaction: one that changed status since planning makes the whole plan refused.
    """
    requested = len(plan.visits) + len(plan.refused)
    if not plan.ok:
        return BulkReport("schedule", requested, 0, plan.refused)
    with store.write() as db:
        current = {c.id: c for c in _load_cases(db, [v.case_id for v in plan.visits])[0]}
        stale = [
            CaseRefusal(
                v.case_id,
                v.folio,
                current[v.case_id].status if v.case_id in current else "",
                "cambió de estado desde que se planeó; vuelva a planear",
                "its status changed since planning; plan again",
            )
            for v in plan.visits
            if v.case_id not in current or current[v.case_id].status not in SCHEDULABLE
        ]
        if stale:
            return BulkReport("schedule", requested, 0, tuple(stale))
        users = dict(
            db.execute(
                "SELECT id, user_id FROM inspectors WHERE id IN "
                f"({','.join('?' * len(plan.capacities))})",
                list(plan.capacities),
            ).fetchall()
        )

        def write_one(visit: Visit) -> None:
            _write_visit(store, actor, visit, current[visit.case_id], users.get(visit.inspector_id))

        if not _run(store, plan.visits, write_one, on_progress, is_cancelled):
            return BulkReport("schedule", requested, 0, cancelled=True)
    return BulkReport("schedule", requested, len(plan.visits))


def _write_visit(
    store: Store, actor: Actor, visit: Visit, case: _Case, user_id: str | None
) -> None:
    with store.write() as db:
        now = utc_now()
        day = visit.day.isoformat()
        existing = db.execute(
            "SELECT id FROM inspections WHERE case_id = ? AND status = 'borrador' "
            "AND scheduled_for IS NOT NULL ORDER BY rowid DESC LIMIT 1",
            [case.id],
        ).fetchone()
        if existing:
            db.execute(
                "UPDATE inspections SET scheduled_for = ?, inspector_id = ?, updated_at = ? "
                "WHERE id = ?",
                [day, visit.inspector_id, now, existing[0]],
            )
            record_change(
                db,
                actor,
                "inspections",
                existing[0],
                "update",
                {"scheduled_for": day, "inspector_id": visit.inspector_id, "updated_at": now},
                action="inspections.reschedule",
            )
        else:
            row: dict[str, Any] = {
                "id": uuid7(),
                "case_id": case.id,
                "complaint_id": None,
                "template_id": None,
                "inspector_id": visit.inspector_id,
                "status": "borrador",
                "answers": "{}",
                "findings": "",
                "result": None,
                "started_at": now,
                "closed_at": None,
                "created_at": now,
                "updated_at": now,
                "scheduled_for": day,
            }
            db.table("inspections").insert(row)
            record_change(
                db, actor, "inspections", row["id"], "insert", row, action="inspections.schedule"
            )
        if case.status != workflow.INSPECCION_PROGRAMADA:
            permits.change_status(
                store,
                actor,
                case.id,
                workflow.INSPECCION_PROGRAMADA,
                f"Inspección programada para el {format_date(visit.day)}",
            )
        if user_id is not None:
            fresh = db.execute(
                "SELECT assignee_id FROM permit_cases WHERE id = ?", [case.id]
            ).fetchone()
            _assign(
                db, actor, _Case(case.id, case.folio, case.status, fresh[0], 0, "", ""), user_id
            )


def assignable_users(db: Database) -> list[tuple[str, str]]:
    """Active users who can hold cases, as (id, display name), by name."""
    marks = ",".join("?" * len(ASSIGNABLE_ROLES))
    return [
        (r[0], r[1])
        for r in db.execute(
            f"SELECT id, display_name FROM users WHERE active = 1 AND role IN ({marks}) "
            "ORDER BY display_name COLLATE NOCASE",
            sorted(ASSIGNABLE_ROLES),
        )
    ]
