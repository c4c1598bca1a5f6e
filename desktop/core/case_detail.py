"""Everything the case-detail screen shows about one expediente, read in one call.

:func:`case_detail` runs on any connection (the app's read-only reader included) and returns
plain frozen records: the case with its deadline, the business, the documents checklist, the
status history (who, when, from, to, why), notes, inspections and attachments, and the states
the workflow allows next (for the buttons).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.core import deadlines, workflow
from desktop.core.documents import DocumentState, case_documents
from desktop.core.notes import CaseNote, case_notes
from desktop.errors import InvalidInput


@dataclass(frozen=True)
class HistoryEntry:
    """One status change: ``user`` is the display name ("" for the system)."""

    at: str
    from_status: str | None
    to_status: str
    reason: str
    user_id: str | None
    user: str
    device_id: str


@dataclass(frozen=True)
class InspectionSummary:
    """An inspection of the case (scheduled visits are drafts with ``scheduled_for``)."""

    id: str
    status: str
    result: str | None
    scheduled_for: str | None
    inspector_id: str | None
    inspector: str
    started_at: str
    closed_at: str | None
    findings: str


@dataclass(frozen=True)
class AttachmentSummary:
    """A file linked to the case or to one of its inspections."""

    sha256: str
    kind: str
    mime: str
    original_name: str
    size: int
    entity: str
    entity_id: str
    created_at: str


@dataclass(frozen=True)
class CaseDetail:
    """The case-detail screen's data. ``business`` holds the ``businesses`` row's fields."""

    id: str
    rowid: int
    folio: str
    status: str
    procedure_type: str
    procedure_name: str
    term_days: int | None
    received_date: dt.date
    due_date: dt.date | None
    deadline: deadlines.Deadline
    assignee_id: str | None
    assignee: str
    department: str
    version: int
    missing_documents: int
    business: dict[str, Any]
    documents: list[DocumentState]
    history: list[HistoryEntry]
    notes: list[CaseNote]
    inspections: list[InspectionSummary]
    attachments: list[AttachmentSummary]
    allowed_targets: tuple[str, ...]


def _rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def case_detail(db: Database, case_id: str | int, *, today: dt.date | None = None) -> CaseDetail:
    """Read one case with everything around it.

    Args:
        case_id: the case's id (text UUID) — or its rowid, as the list holds them.
        today: the day the deadline is counted to (default: the machine's date).

    Raises:
        InvalidInput: no such case.
    """
    key = "c.rowid" if isinstance(case_id, int) else "c.id"
    found = _rows(
        db,
        "SELECT c.rowid AS rowid, c.*, coalesce(u.display_name, '') AS assignee, "
        "coalesce(p.name, c.procedure_type) AS procedure_name, p.term_days AS term_days, "
        "coalesce(d.name, '') AS department FROM permit_cases c "
        "LEFT JOIN users u ON u.id = c.assignee_id "
        "LEFT JOIN procedure_types p ON p.code = c.procedure_type "
        "LEFT JOIN departments d ON d.id = c.department_id "
        f"WHERE {key} = ?",
        [case_id],
    )
    if not found:
        raise InvalidInput(f"No existe el expediente {case_id}.", f"No case {case_id}.")
    case = found[0]
    cid = case["id"]
    business = _rows(db, "SELECT * FROM businesses WHERE id = ?", [case["business_id"]])[0]
    history = [
        HistoryEntry(
            r["at"],
            r["from_status"],
            r["to_status"],
            r["reason"],
            r["user_id"],
            r["user"],
            r["device_id"],
        )
        for r in _rows(
            db,
            "SELECT h.at, h.from_status, h.to_status, h.reason, h.user_id, h.device_id, "
            "coalesce(u.display_name, '') AS user FROM case_status_history h "
            "LEFT JOIN users u ON u.id = h.user_id WHERE h.case_id = ? ORDER BY h.at, h.rowid",
            [cid],
        )
    ]
    inspections = [
        InspectionSummary(
            r["id"],
            r["status"],
            r["result"],
            r["scheduled_for"],
            r["inspector_id"],
            r["inspector"],
            r["started_at"],
            r["closed_at"],
            r["findings"],
        )
        for r in _rows(
            db,
            "SELECT i.id, i.status, i.result, i.scheduled_for, i.inspector_id, "
            "coalesce(n.full_name, '') AS inspector, i.started_at, i.closed_at, i.findings "
            "FROM inspections i LEFT JOIN inspectors n ON n.id = i.inspector_id "
            "WHERE i.case_id = ? ORDER BY coalesce(i.scheduled_for, i.started_at), i.rowid",
            [cid],
        )
    ]
    attachments = [
        AttachmentSummary(
            r["sha256"],
            r["kind"],
            r["mime"],
            r["original_name"],
            r["size"],
            r["entity"],
            r["entity_id"],
            r["created_at"],
        )
        for r in _rows(
            db,
            "SELECT l.sha256, l.kind, a.mime, a.original_name, a.size, l.entity, l.entity_id, "
            "l.created_at FROM attachment_links l JOIN attachments a ON a.sha256 = l.sha256 "
            "WHERE (l.entity = 'permit_cases' AND l.entity_id = ?) OR (l.entity = 'inspections' "
            "AND l.entity_id IN (SELECT id FROM inspections WHERE case_id = ?)) "
            "ORDER BY l.created_at, l.rowid",
            [cid, cid],
        )
    ]
    received = dt.date.fromisoformat(case["received_date"])
    due = dt.date.fromisoformat(case["due_date"]) if case["due_date"] else None
    calendar = deadlines.load_calendar(db)
    return CaseDetail(
        id=cid,
        rowid=case["rowid"],
        folio=case["folio"],
        status=case["status"],
        procedure_type=case["procedure_type"],
        procedure_name=case["procedure_name"],
        term_days=case["term_days"],
        received_date=received,
        due_date=due,
        deadline=deadlines.deadline(calendar, received, due, status=case["status"], today=today),
        assignee_id=case["assignee_id"],
        assignee=case["assignee"],
        department=case["department"],
        version=case["version"],
        missing_documents=case["missing_documents"],
        business=business,
        documents=case_documents(db, cid),
        history=history,
        notes=case_notes(db, cid),
        inspections=inspections,
        attachments=attachments,
        allowed_targets=workflow.allowed_targets(case["status"]),
    )
