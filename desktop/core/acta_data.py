"""What an acta de inspección shows, read from the store (the PDF itself is
:mod:`desktop.print.acta`): the inspection with amendments applied, its case and business, the
inspector and the number of the badge they held at the visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.core import inspection_capture
from desktop.core.inspection_capture import Inspection
from desktop.errors import InvalidInput
from desktop.store.db import Store


def short_id(uuid: str) -> str:
    """A record id as people read it: the last 8 hex digits, ``XXXX-XXXX``, upper case.

    (uuid7 ids begin with the time, so the end is the part that differs between records.)
    """
    digits = uuid.replace("-", "").upper()[-8:]
    return f"{digits[:4]}-{digits[4:]}"


def badge_number(badge_id: str) -> str:
    """The number the acta prints for a badge: :func:`short_id` of its registry id."""
    return short_id(badge_id)


@dataclass(frozen=True)
class ActaParty:
    """The inspector as the acta names them."""

    name: str
    badge: str | None
    department: str
    position: str


@dataclass(frozen=True)
class ActaData:
    """Everything an acta shows, read in one go."""

    inspection: Inspection
    answers: dict[str, Any]
    folio: str
    business: dict[str, str]
    inspector: ActaParty | None
    user_names: dict[str, str]


def acta_data(store: Store, inspection_id: str) -> ActaData:
    """Read what the acta of ``inspection_id`` shows: the inspection with its amendments applied,
    the case and business, the inspector and the badge valid at the visit, and user names.

    Raises:
        InvalidInput: unknown inspection, or a scheduled visit not captured yet.
    """
    row = store.db.execute(
        "SELECT template_id FROM inspections WHERE id = ?", [inspection_id]
    ).fetchone()
    if row is not None and row[0] is None:
        raise InvalidInput(
            f"La inspección {inspection_id} está programada pero aún no se ha capturado.",
            f"Inspection {inspection_id} is scheduled but has not been captured yet.",
            hint_es="Ábrala en «Mis inspecciones» para comenzar la captura.",
            hint_en="Open it in “My inspections” to start capturing.",
        )
    inspection = inspection_capture.load_inspection(store, inspection_id)  # raises when unknown
    folio, business = "—", {}
    if inspection.case_id:
        case = store.db.execute(
            "SELECT c.folio, b.name, b.owner_name, b.address, b.colonia, b.scian_code, "
            "b.scian_description FROM permit_cases c JOIN businesses b ON b.id = c.business_id "
            "WHERE c.id = ?",
            [inspection.case_id],
        ).fetchone()
        if case is not None:
            folio = case[0]
            keys = ("name", "owner", "address", "colonia", "scian_code", "scian_description")
            business = {k: str(v or "") for k, v in zip(keys, case[1:], strict=True)}
    return ActaData(
        inspection=inspection,
        answers=inspection_capture.effective_answers(inspection),
        folio=folio,
        business=business,
        inspector=_inspector_of(store, inspection),
        user_names={
            str(r[0]): str(r[1])
            for r in store.db.execute("SELECT id, display_name FROM users").fetchall()
        },
    )


def _inspector_of(store: Store, inspection: Inspection) -> ActaParty | None:
    if not inspection.inspector_id:
        return None
    row = store.db.execute(
        "SELECT i.full_name, d.name, i.position FROM inspectors i "
        "JOIN departments d ON d.id = i.department_id WHERE i.id = ?",
        [inspection.inspector_id],
    ).fetchone()
    if row is None:
        return None
    # The badge valid at the visit: issued before it and not revoked by then; else the newest.
    moment = inspection.closed_at or inspection.started_at
    badge = store.db.execute(
        "SELECT id FROM badges WHERE inspector_id = ? ORDER BY "
        "(issued_at <= ? AND (revoked_at IS NULL OR revoked_at > ?)) DESC, issued_at DESC, id DESC "
        "LIMIT 1",
        [inspection.inspector_id, moment, moment],
    ).fetchone()
    return ActaParty(str(row[0]), badge_number(badge[0]) if badge else None, row[1], row[2] or "")
