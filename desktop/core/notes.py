"""Case notes: short free-text remarks on an expediente, append-only, with who and when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.core.ids import utc_now, uuid7
from desktop.errors import InvalidInput
from desktop.store.changes import record_change
from desktop.store.db import Actor, Store

MAX_NOTE_LENGTH = 4000


@dataclass(frozen=True)
class CaseNote:
    """One note; ``author`` is the user's display name (empty for the system)."""

    id: str
    case_id: str
    text: str
    user_id: str | None
    author: str
    device_id: str
    at: str


def add_note(store: Store, actor: Actor, case_id: str, text: str) -> str:
    """Append a note to a case and return its id.

    Raises:
        InvalidInput: unknown case, empty note, or longer than :data:`MAX_NOTE_LENGTH`.
    """
    text = text.strip()
    if not text:
        raise InvalidInput("La nota está vacía.", "The note is empty.")
    if len(text) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            f"La nota es demasiado larga (máximo {MAX_NOTE_LENGTH} caracteres).",
            f"The note is too long (at most {MAX_NOTE_LENGTH} characters).",
        )
    row: dict[str, Any] = {
        "id": uuid7(),
        "case_id": case_id,
        "text": text,
        "user_id": actor.user_id,
        "device_id": actor.device_id,
        "at": utc_now(),
    }
    with store.write() as db:
        if not db.execute("SELECT 1 FROM permit_cases WHERE id = ?", [case_id]).fetchone():
            raise InvalidInput(f"No existe el expediente {case_id}.", f"No case {case_id}.")
        db.table("case_notes").insert(row)
        record_change(db, actor, "case_notes", row["id"], "insert", row)
    return str(row["id"])


def case_notes(db: Database, case_id: str) -> list[CaseNote]:
    """The notes of a case, oldest first."""
    rows = db.execute(
        "SELECT n.id, n.case_id, n.text, n.user_id, coalesce(u.display_name, ''), n.device_id, "
        "n.at FROM case_notes n LEFT JOIN users u ON u.id = n.user_id "
        "WHERE n.case_id = ? ORDER BY n.at, n.rowid",
        [case_id],
    ).fetchall()
    return [CaseNote(*r) for r in rows]
