"""Permit-case use-cases: departments, businesses, cases and status changes.

Each public function is one write transaction: the record, its change-log row and its audit event
are committed together, or nothing is (DESIGN.md §3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.core import deadlines, workflow
from desktop.core.ids import utc_now, uuid7
from desktop.errors import InvalidInput
from desktop.store.changes import record_change
from desktop.store.db import Actor, Store

RISK_LEVELS = ("bajo", "medio", "alto")


@dataclass(frozen=True)
class PermitCase:
    """An expediente as the core sees it."""

    id: str
    folio: str
    business_id: str
    status: str
    received_date: str
    procedure_type: str
    assignee_id: str | None
    department_id: str | None
    version: int


def _case_from_row(row: dict[str, Any]) -> PermitCase:
    return PermitCase(
        id=row["id"],
        folio=row["folio"],
        business_id=row["business_id"],
        status=row["status"],
        received_date=row["received_date"],
        procedure_type=row["procedure_type"],
        assignee_id=row["assignee_id"],
        department_id=row["department_id"],
        version=row["version"],
    )


def get_case(store: Store, case_id: str) -> PermitCase:
    rows = list(store.db["permit_cases"].rows_where("id = ?", [case_id]))
    if not rows:
        raise InvalidInput(f"No existe el expediente {case_id}.", f"No case {case_id}.")
    return _case_from_row(rows[0])


def create_department(store: Store, actor: Actor, *, code: str, name: str) -> str:
    now = utc_now()
    row: dict[str, Any] = {
        "id": uuid7(),
        "code": code,
        "name": name,
        "created_at": now,
        "updated_at": now,
    }
    with store.write() as db:
        db.table("departments").insert(row)
        record_change(db, actor, "departments", row["id"], "insert", row)
    return str(row["id"])


def create_business(
    store: Store,
    actor: Actor,
    *,
    name: str,
    owner_name: str = "",
    address: str = "",
    colonia: str = "",
    scian_code: str = "",
    scian_description: str = "",
    risk_level: str = "bajo",
    phone: str = "",
) -> str:
    if not name.strip():
        raise InvalidInput(
            "El nombre del establecimiento es obligatorio.", "The business name is required."
        )
    if risk_level not in RISK_LEVELS:
        raise InvalidInput(f"Nivel de riesgo inválido: {risk_level}", f"Bad risk: {risk_level}")
    now = utc_now()
    row: dict[str, Any] = {
        "id": uuid7(),
        "name": name.strip(),
        "owner_name": owner_name.strip(),
        "address": address.strip(),
        "colonia": colonia.strip(),
        "scian_code": scian_code,
        "scian_description": scian_description,
        "risk_level": risk_level,
        "phone": phone,
        "created_at": now,
        "updated_at": now,
    }
    with store.write() as db:
        db.table("businesses").insert(row)
        record_change(db, actor, "businesses", row["id"], "insert", row)
    return str(row["id"])


def create_case(
    store: Store,
    actor: Actor,
    *,
    folio: str,
    business_id: str,
    received_date: dt.date,
    department_id: str | None = None,
    procedure_type: str = "anuencia_bajo_riesgo",
    assignee_id: str | None = None,
) -> str:
    """Register a received case (status ``recibido``) with its first history entry.

    The due date is ``received_date`` plus the procedure type's term in business days
    (:mod:`desktop.core.deadlines`); it stays empty for a type with no configured term.
    """
    folio = folio.strip()
    if not folio:
        raise InvalidInput("El folio es obligatorio.", "The folio is required.")
    now = utc_now()
    row: dict[str, Any] = {
        "id": uuid7(),
        "folio": folio,
        "business_id": business_id,
        "department_id": department_id,
        "procedure_type": procedure_type,
        "received_date": received_date.isoformat(),
        "status": workflow.INITIAL,
        "assignee_id": assignee_id,
        "due_date": None,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    with store.write() as db:
        if db.execute("SELECT 1 FROM permit_cases WHERE folio = ?", [folio]).fetchone():
            raise InvalidInput(
                f"Ya existe un expediente con el folio {folio}.",
                f"A case with folio {folio} already exists.",
            )
        due = deadlines.due_date_for(db, procedure_type, received_date)
        row["due_date"] = due.isoformat() if due else None
        db.table("permit_cases").insert(row)
        # The case's own change first: a replay in change-log order never sees a history row
        # before the case it belongs to.
        record_change(db, actor, "permit_cases", row["id"], "insert", row)
        _insert_history(db, actor, row["id"], None, workflow.INITIAL, "", now)
    return str(row["id"])


def _insert_history(
    db: Any, actor: Actor, case_id: str, from_s: str | None, to_s: str, reason: str, at: str
) -> None:
    entry: dict[str, Any] = {
        "id": uuid7(),
        "case_id": case_id,
        "from_status": from_s,
        "to_status": to_s,
        "reason": reason,
        "user_id": actor.user_id,
        "device_id": actor.device_id,
        "at": at,
    }
    db.table("case_status_history").insert(entry)
    record_change(db, actor, "case_status_history", entry["id"], "insert", entry)


def change_status(
    store: Store, actor: Actor, case_id: str, to_status: str, reason: str | None = None
) -> PermitCase:
    """Move a case along the workflow, recording who, when, from, to and why.

    Raises:
        InvalidInput: unknown case, illegal transition, or a missing reason that is owed.
    """
    with store.write() as db:
        case = get_case(store, case_id)
        cleaned = workflow.check_transition(case.status, to_status, reason)
        now = utc_now()
        db.execute(
            "UPDATE permit_cases SET status = ?, version = version + 1, updated_at = ? "
            "WHERE id = ?",
            [to_status, now, case_id],
        )
        _insert_history(db, actor, case_id, case.status, to_status, cleaned, now)
        record_change(
            db,
            actor,
            "permit_cases",
            case_id,
            "update",
            {"status": to_status, "version": case.version + 1, "updated_at": now},
            action="permit_cases.status",
            details={"from": case.status, "to": to_status, "reason": cleaned},
        )
    return get_case(store, case_id)
