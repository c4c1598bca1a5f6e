"""The inspector registry (Padrón de inspectores): add, edit, suspend, reactivate and retire.

Only administrators and supervisors may change the registry; each change is one write
transaction with its change-log row and audit event. Status changes carry a reason and the moment
they take effect. Retiring an inspector (baja) also revokes their badges; a suspension does not
(the registry's inspector status already makes every badge of theirs read "suspended", and a
reactivation restores them without reprinting).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.core.ids import utc_now, uuid7
from desktop.core.signing import utc_text
from desktop.core.users import User
from desktop.errors import InvalidInput, NotAllowed
from desktop.store.attachments import link_attachment, store_bytes
from desktop.store.changes import record_change
from desktop.store.db import Store

MANAGER_ROLES = ("admin", "supervisor")
STATUSES = ("activo", "suspendido", "baja")
MAX_PHOTO_BYTES = 5 * 1024 * 1024
_PHOTO_TYPES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


@dataclass(frozen=True)
class Inspector:
    """One person on the registry, with their department's name."""

    id: str
    user_id: str | None
    full_name: str
    department_id: str
    department_name: str
    position: str
    photo_sha256: str | None
    status: str
    status_reason: str
    status_at: str
    valid_from: dt.date
    valid_until: dt.date


def require_manager(user: User) -> None:
    """Refuse anyone but an administrator or a supervisor.

    Raises:
        NotAllowed: the user's role may not change the registry or issue badges.
    """
    if user.role not in MANAGER_ROLES:
        raise NotAllowed(
            "Sólo un administrador o un supervisor puede modificar el padrón de inspectores.",
            "Only an administrator or a supervisor may change the inspector registry.",
        )


_SELECT = (
    "SELECT i.id, i.user_id, i.full_name, i.department_id, d.name, i.position, i.photo_sha256, "
    "i.status, i.status_reason, i.status_at, i.valid_from, i.valid_until "
    "FROM inspectors i JOIN departments d ON d.id = i.department_id"
)


def _from_row(row: tuple[Any, ...]) -> Inspector:
    return Inspector(
        id=row[0],
        user_id=row[1],
        full_name=row[2],
        department_id=row[3],
        department_name=row[4],
        position=row[5],
        photo_sha256=row[6],
        status=row[7],
        status_reason=row[8],
        status_at=row[9],
        valid_from=dt.date.fromisoformat(row[10]),
        valid_until=dt.date.fromisoformat(row[11]),
    )


def list_inspectors(store: Store, *, status: str | None = None) -> list[Inspector]:
    """Every inspector (or those with ``status``), by name."""
    where, params = ("WHERE i.status = ?", [status]) if status else ("", [])
    rows = store.db.execute(f"{_SELECT} {where} ORDER BY i.full_name, i.id", params).fetchall()
    return [_from_row(r) for r in rows]


def get_inspector(store: Store, inspector_id: str) -> Inspector:
    """One inspector.

    Raises:
        InvalidInput: no inspector with that id.
    """
    row = store.db.execute(f"{_SELECT} WHERE i.id = ?", [inspector_id]).fetchone()
    if row is None:
        raise InvalidInput(
            f"No existe el inspector {inspector_id}.", f"No inspector {inspector_id}."
        )
    return _from_row(row)


def _photo_mime(photo: bytes) -> str:
    if len(photo) > MAX_PHOTO_BYTES:
        raise InvalidInput(
            "La fotografía pesa más de 5 MB; redúzcala.",
            "The photo is larger than 5 MB; make it smaller.",
        )
    for magic, mime in _PHOTO_TYPES:
        if photo.startswith(magic):
            return mime
    raise InvalidInput(
        "La fotografía debe ser JPEG o PNG.", "The photo must be a JPEG or PNG image."
    )


def _check_fields(
    db: Database, full_name: str, department_id: str, valid_from: dt.date, valid_until: dt.date
) -> None:
    if not full_name.strip():
        raise InvalidInput("El nombre es obligatorio.", "The full name is required.")
    if not db.execute("SELECT 1 FROM departments WHERE id = ?", [department_id]).fetchone():
        raise InvalidInput(
            f"No existe la dependencia {department_id}.", f"No department {department_id}."
        )
    if valid_until < valid_from:
        raise InvalidInput(
            "La vigencia termina antes de empezar.", "The validity period ends before it starts."
        )


def add_inspector(
    store: Store,
    user: User,
    *,
    full_name: str,
    department_id: str,
    position: str,
    valid_from: dt.date,
    valid_until: dt.date,
    photo: bytes | None = None,
    photo_name: str = "",
    user_id: str | None = None,
) -> str:
    """Put a person on the registry (status ``activo``); return the new inspector's id.

    Raises:
        NotAllowed: ``user`` is not an administrator or supervisor.
        InvalidInput: empty name, unknown department, inverted validity, a photo that is not a
            JPEG/PNG or is over 5 MB. Nothing is written.
    """
    require_manager(user)
    mime = _photo_mime(photo) if photo is not None else ""
    now = utc_now()
    row: dict[str, Any] = {
        "id": uuid7(),
        "user_id": user_id,
        "full_name": full_name.strip(),
        "department_id": department_id,
        "position": position.strip(),
        "photo_sha256": None,
        "status": "activo",
        "status_reason": "",
        "status_at": now,
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat(),
        "created_at": now,
        "updated_at": now,
    }
    _check_fields(store.db, full_name, department_id, valid_from, valid_until)
    sha = store_bytes(store.attachments_dir, photo)[0] if photo is not None else None
    row["photo_sha256"] = sha
    with store.write() as db:
        _check_fields(db, full_name, department_id, valid_from, valid_until)
        db.table("inspectors").insert(row)
        record_change(db, store.actor(user.id), "inspectors", row["id"], "insert", row)
        if photo is not None and sha is not None:
            link_attachment(
                db,
                store.actor(user.id),
                sha,
                size=len(photo),
                mime=mime,
                original_name=photo_name,
                entity="inspectors",
                entity_id=row["id"],
                kind="photo",
                at=utc_now(),
            )
    return str(row["id"])


def edit_inspector(
    store: Store,
    user: User,
    inspector_id: str,
    *,
    full_name: str | None = None,
    department_id: str | None = None,
    position: str | None = None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    photo: bytes | None = None,
    photo_name: str = "",
    reason: str = "",
) -> Inspector:
    """Change an inspector's details; ``None`` leaves a field as it is.

    A badge keeps the expiry printed on it: after extending ``valid_until``, reissue the badge
    (shortening it takes effect at once, as the registry carries both dates).

    Raises:
        NotAllowed: ``user`` is not an administrator or supervisor.
        InvalidInput: unknown inspector or bad values; nothing is written.
    """
    require_manager(user)
    mime = _photo_mime(photo) if photo is not None else ""
    current = get_inspector(store, inspector_id)
    changes: dict[str, Any] = {}
    if full_name is not None and full_name.strip() != current.full_name:
        changes["full_name"] = full_name.strip()
    if department_id is not None and department_id != current.department_id:
        changes["department_id"] = department_id
    if position is not None and position.strip() != current.position:
        changes["position"] = position.strip()
    if valid_from is not None and valid_from != current.valid_from:
        changes["valid_from"] = valid_from.isoformat()
    if valid_until is not None and valid_until != current.valid_until:
        changes["valid_until"] = valid_until.isoformat()
    new_from = valid_from or current.valid_from
    new_until = valid_until or current.valid_until
    _check_fields(
        store.db,
        changes.get("full_name", current.full_name),
        changes.get("department_id", current.department_id),
        new_from,
        new_until,
    )
    sha = store_bytes(store.attachments_dir, photo)[0] if photo is not None else None
    if sha is not None and sha != current.photo_sha256:
        changes["photo_sha256"] = sha
    if not changes:
        return current
    changes["updated_at"] = utc_now()
    with store.write() as db:
        before = {
            k: v for k, v in _row(db, inspector_id).items() if k in changes and k != "updated_at"
        }
        db.table("inspectors").update(inspector_id, changes)
        record_change(
            db,
            store.actor(user.id),
            "inspectors",
            inspector_id,
            "update",
            _row(db, inspector_id),
            action="inspectors.edit",
            details={"before": before, "after": changes, "reason": reason.strip()},
        )
        if "photo_sha256" in changes and photo is not None and sha is not None:
            link_attachment(
                db,
                store.actor(user.id),
                sha,
                size=len(photo),
                mime=mime,
                original_name=photo_name,
                entity="inspectors",
                entity_id=inspector_id,
                kind="photo",
                at=utc_now(),
            )
    return get_inspector(store, inspector_id)


def _row(db: Database, inspector_id: str) -> dict[str, Any]:
    return dict(db.table("inspectors").get(inspector_id))


def _change_status(
    store: Store,
    user: User,
    inspector_id: str,
    *,
    to: str,
    allowed_from: tuple[str, ...],
    reason: str,
    at: dt.datetime | None,
    action: str,
) -> Inspector:
    require_manager(user)
    reason = reason.strip()
    if not reason:
        raise InvalidInput(
            "Indique el motivo del cambio de estado.", "Give the reason for the status change."
        )
    status_at = utc_text(at) if at is not None else utc_now()
    actor = store.actor(user.id)
    with store.write() as db:
        row = db.execute("SELECT status FROM inspectors WHERE id = ?", [inspector_id]).fetchone()
        if row is None:
            raise InvalidInput(
                f"No existe el inspector {inspector_id}.", f"No inspector {inspector_id}."
            )
        if row[0] not in allowed_from:
            raise InvalidInput(
                f"No se puede pasar de «{row[0]}» a «{to}».",
                f"An inspector cannot go from '{row[0]}' to '{to}'.",
            )
        changes = {
            "status": to,
            "status_reason": reason,
            "status_at": status_at,
            "updated_at": utc_now(),
        }
        db.table("inspectors").update(inspector_id, changes)
        record_change(
            db,
            actor,
            "inspectors",
            inspector_id,
            "update",
            _row(db, inspector_id),
            action=action,
            details={"from": row[0], "to": to, "reason": reason, "at": status_at},
        )
        if to == "baja":
            from desktop.core.badges import (  # (badges imports this module)
                REASON_RETIRED,
                revoke_badges,
            )

            revoke_badges(db, actor, inspector_id, reason=REASON_RETIRED, at=status_at)
    return get_inspector(store, inspector_id)


def suspend_inspector(
    store: Store, user: User, inspector_id: str, *, reason: str, at: dt.datetime | None = None
) -> Inspector:
    """Suspend an active inspector: their badges read "suspended" until reactivation.

    Raises:
        NotAllowed: ``user`` is not an administrator or supervisor.
        InvalidInput: no reason, unknown inspector, or not active.
    """
    return _change_status(
        store, user, inspector_id, to="suspendido", allowed_from=("activo",), reason=reason,
        at=at, action="inspectors.suspend",
    )  # fmt: skip


def reactivate_inspector(
    store: Store, user: User, inspector_id: str, *, reason: str, at: dt.datetime | None = None
) -> Inspector:
    """Lift a suspension; the inspector's current badge is valid again.

    Raises:
        NotAllowed: ``user`` is not an administrator or supervisor.
        InvalidInput: no reason, unknown inspector, or not suspended (a retired inspector is
            never reactivated: put the person on the registry again).
    """
    return _change_status(
        store, user, inspector_id, to="activo", allowed_from=("suspendido",), reason=reason,
        at=at, action="inspectors.reactivate",
    )  # fmt: skip


def retire_inspector(
    store: Store, user: User, inspector_id: str, *, reason: str, at: dt.datetime | None = None
) -> Inspector:
    """Take an inspector off duty for good (baja) and revoke their badges.

    Raises:
        NotAllowed: ``user`` is not an administrator or supervisor.
        InvalidInput: no reason, unknown inspector, or already retired.
    """
    return _change_status(
        store, user, inspector_id, to="baja", allowed_from=("activo", "suspendido"),
        reason=reason, at=at, action="inspectors.retire",
    )  # fmt: skip
