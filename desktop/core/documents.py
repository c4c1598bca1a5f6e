"""Required documents: the checklist per procedure type and what each case has delivered.

The list per procedure type is configuration (``required_documents``; the migration seeds the
anuencia lists). A document is *mandatory* or applies only in some cases (its ``note`` says
when, e.g. "si usa gas LP"). Each case records which documents were received
(``case_documents``); a trigger keeps ``permit_cases.missing_documents`` — the number of
mandatory documents not yet received — current for the backlog filter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.core.ids import utc_now, uuid7
from desktop.errors import InvalidInput
from desktop.store.changes import record_change
from desktop.store.db import Actor, Store


@dataclass(frozen=True)
class RequiredDocument:
    """One line of a procedure type's checklist."""

    code: str
    name: str
    mandatory: bool = True
    note: str = ""


@dataclass(frozen=True)
class DocumentState:
    """A checklist line for one case: the requirement and whether it was received.

    Attributes:
        remark: what the clerk wrote about this document for this case.
        checked_by: display name of who last marked it (``None`` if never marked).
    """

    code: str
    name: str
    mandatory: bool
    note: str
    received: bool
    received_at: str | None
    remark: str
    checked_by: str | None


def required_documents(db: Database, procedure_type: str) -> list[RequiredDocument]:
    """The active checklist of ``procedure_type``, in order."""
    rows = db.execute(
        "SELECT code, name, mandatory, note FROM required_documents "
        "WHERE procedure_type = ? AND active = 1 ORDER BY position, code",
        [procedure_type],
    ).fetchall()
    return [RequiredDocument(r[0], r[1], bool(r[2]), r[3]) for r in rows]


def set_required_documents(
    store: Store, actor: Actor, procedure_type: str, documents: Sequence[RequiredDocument]
) -> None:
    """Replace the checklist of ``procedure_type`` with ``documents`` (in that order).

    Documents left out are deactivated, not deleted: cases keep what they recorded about them.

    Raises:
        InvalidInput: unknown procedure type, an empty code or name, or a repeated code.
    """
    codes = [d.code.strip() for d in documents]
    if any(not c or not c.replace("_", "").isalnum() for c in codes) or any(
        not d.name.strip() for d in documents
    ):
        raise InvalidInput(
            "Cada documento necesita una clave (letras, números y _) y un nombre.",
            "Each document needs a code (letters, digits and _) and a name.",
        )
    if len(set(codes)) != len(codes):
        raise InvalidInput(
            "Hay claves de documento repetidas.", "Some document codes are repeated."
        )
    with store.write() as db:
        if not db.execute(
            "SELECT 1 FROM procedure_types WHERE code = ?", [procedure_type]
        ).fetchone():
            raise InvalidInput(
                f"Tipo de trámite desconocido: {procedure_type}",
                f"Unknown procedure type: {procedure_type}",
            )
        now = utc_now()
        existing = {
            r[0]: r[1:]
            for r in db.execute(
                "SELECT code, name, mandatory, note, position, active FROM required_documents "
                "WHERE procedure_type = ?",
                [procedure_type],
            )
        }
        for position, (code, doc) in enumerate(zip(codes, documents, strict=True), start=1):
            row: dict[str, Any] = {
                "procedure_type": procedure_type,
                "code": code,
                "name": doc.name.strip(),
                "mandatory": int(doc.mandatory),
                "note": doc.note.strip(),
                "position": position,
                "active": 1,
                "updated_at": now,
            }
            current = (row["name"], row["mandatory"], row["note"], position, 1)
            if existing.get(code) == current:
                continue
            op = "update" if code in existing else "insert"
            db.table("required_documents").upsert(row, pk=("procedure_type", "code"))
            record_change(db, actor, "required_documents", f"{procedure_type}/{code}", op, row)
        for code, values in existing.items():
            if code in codes or not values[4]:
                continue
            db.execute(
                "UPDATE required_documents SET active = 0, updated_at = ? "
                "WHERE procedure_type = ? AND code = ?",
                [now, procedure_type, code],
            )
            record_change(
                db,
                actor,
                "required_documents",
                f"{procedure_type}/{code}",
                "update",
                {"procedure_type": procedure_type, "code": code, "active": 0, "updated_at": now},
            )


def case_documents(db: Database, case_id: str) -> list[DocumentState]:
    """The checklist of one case: every active required document and its state."""
    rows = db.execute(
        "SELECT r.code, r.name, r.mandatory, r.note, coalesce(d.received, 0), d.received_at, "
        "coalesce(d.note, ''), u.display_name "
        "FROM permit_cases c "
        "JOIN required_documents r ON r.procedure_type = c.procedure_type AND r.active = 1 "
        "LEFT JOIN case_documents d ON d.case_id = c.id AND d.document_code = r.code "
        "LEFT JOIN users u ON u.id = d.user_id "
        "WHERE c.id = ? ORDER BY r.position, r.code",
        [case_id],
    ).fetchall()
    return [DocumentState(r[0], r[1], bool(r[2]), r[3], bool(r[4]), r[5], r[6], r[7]) for r in rows]


def set_case_documents(
    store: Store,
    actor: Actor,
    case_id: str,
    received: Mapping[str, bool],
    *,
    remarks: Mapping[str, str] | None = None,
) -> int:
    """Save a case's checklist: ``received`` maps document codes to received or not.

    Only lines that change are written (each with its change-log row and audit event), all in
    one transaction.

    Returns:
        How many lines changed.

    Raises:
        InvalidInput: unknown case, or a code that is not on the case's checklist.
    """
    remarks = remarks or {}
    changed = 0
    with store.write() as db:
        row = db.execute(
            "SELECT procedure_type FROM permit_cases WHERE id = ?", [case_id]
        ).fetchone()
        if row is None:
            raise InvalidInput(f"No existe el expediente {case_id}.", f"No case {case_id}.")
        allowed = {d.code for d in required_documents(db, row[0])}
        unknown = sorted((set(received) | set(remarks)) - allowed)
        if unknown:
            raise InvalidInput(
                f"Documento(s) fuera de la lista del trámite: {', '.join(unknown)}",
                f"Document(s) not on the procedure's checklist: {', '.join(unknown)}",
            )
        current = {
            r[0]: (r[1], r[2], r[3], r[4])
            for r in db.execute(
                "SELECT document_code, id, received, note, received_at FROM case_documents "
                "WHERE case_id = ?",
                [case_id],
            )
        }
        now = utc_now()
        for code in sorted(set(received) | set(remarks)):
            doc_id, was_received, old_note, old_at = current.get(code, (None, 0, "", None))
            is_received = int(received.get(code, bool(was_received)))
            note = remarks.get(code, old_note).strip()
            if doc_id is not None and (is_received, note) == (was_received, old_note):
                continue
            entry: dict[str, Any] = {
                "id": doc_id or uuid7(),
                "case_id": case_id,
                "document_code": code,
                "received": is_received,
                "note": note,
                "received_at": (old_at if was_received else now) if is_received else None,
                "user_id": actor.user_id,
                "updated_at": now,
            }
            db.table("case_documents").upsert(entry, pk="id")
            record_change(
                db,
                actor,
                "case_documents",
                entry["id"],
                "update" if doc_id else "insert",
                entry,
                action="case_documents.received" if is_received else "case_documents.missing",
            )
            changed += 1
    return changed


def set_document_received(
    store: Store, actor: Actor, case_id: str, code: str, received: bool = True
) -> None:
    """Mark one document of a case as received (or as missing again)."""
    set_case_documents(store, actor, case_id, {code: received})
