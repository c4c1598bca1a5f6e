"""Complaints for the Contraloría: intake, confidential reading, investigation and follow-up.

Confidentiality is enforced here, not in the screens: every read takes the acting
:class:`~desktop.core.users.User` and refuses anyone who is not a comptroller or an
administrator (:class:`~desktop.errors.NotAllowed`); other roles get aggregate counts only. The
inspector named in a complaint never sees it, even with a Contraloría account. The complainant's
contact data is shown only to the investigator the complaint is assigned to. Opening a complaint
writes an audit event, so the audit chain says who read what.

The investigation workflow is data, as for permit cases (:mod:`desktop.core.workflow`):
``recibida → en_investigacion → {procedente, improcedente, turnada}``.

Follow-up: with the folio and the secret code of the receipt a complainant sees the status and
the public response, nothing else. Wrong codes are counted per folio in the database; after
:data:`FREE_FAILURES` failures each further one locks the folio for a growing window, so guessing
a 12-character code stays hopeless even from a kiosk left alone all night.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.core import deadlines, kiosk_intake
from desktop.core.ids import utc_now, uuid7
from desktop.core.kiosk_intake import ALL_COMPLAINT_KINDS, ComplaintReceipt, followup_code_hash
from desktop.core.users import User
from desktop.errors import InvalidInput, NotAllowed
from desktop.store.attachments import link_attachment, store_bytes
from desktop.store.changes import append_audit, record_change
from desktop.store.db import Store

# -- workflow ---------------------------------------------------------------------------------

RECIBIDA = "recibida"
EN_INVESTIGACION = "en_investigacion"
PROCEDENTE = "procedente"
IMPROCEDENTE = "improcedente"
TURNADA = "turnada"

STATUSES: tuple[str, ...] = (RECIBIDA, EN_INVESTIGACION, PROCEDENTE, IMPROCEDENTE, TURNADA)
STATUS_NAMES: dict[str, tuple[str, str]] = {
    RECIBIDA: ("Recibida", "Received"),
    EN_INVESTIGACION: ("En investigación", "Under investigation"),
    PROCEDENTE: ("Procedente", "Upheld"),
    IMPROCEDENTE: ("Improcedente", "Dismissed"),
    TURNADA: ("Turnada a otra autoridad", "Referred to another authority"),
}
FINAL: frozenset[str] = frozenset({PROCEDENTE, IMPROCEDENTE, TURNADA})
TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {(RECIBIDA, EN_INVESTIGACION)}
    | {(EN_INVESTIGACION, final) for final in (PROCEDENTE, IMPROCEDENTE, TURNADA)}
)
#: Closing a complaint owes a reason (it goes to the file and the status history).
REASON_REQUIRED: frozenset[str] = FINAL

KINDS = ALL_COMPLAINT_KINDS
#: Business days the Contraloría gives itself to resolve each kind of complaint.
TERM_DAYS: dict[str, int] = {
    "corrupcion": 30,
    "maltrato": 15,
    "inspeccion_irregular": 20,
    "riesgo": 5,
    "otro": 20,
}
#: Where a complaint was taken in (the kiosk uses ``quiosco`` through kiosk_intake).
SOURCES: dict[str, tuple[str, str]] = {
    "quiosco": ("Quiosco", "Kiosk"),
    "ventanilla": ("Ventanilla", "Front desk"),
    "telefono": ("Teléfono", "Phone"),
    "campo": ("Campo", "Field"),
}
DESK_SOURCES = ("ventanilla", "telefono", "campo")

READER_ROLES = frozenset({"comptroller", "admin"})
FILER_ROLES = frozenset({"admin", "supervisor", "clerk", "inspector", "comptroller"})
MAX_NOTE = 4000
MAX_RESPONSE = 2000
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
REDACTED = "••••"

# Follow-up throttling: the first FREE_FAILURES wrong codes cost nothing; each further one locks
# the folio for BASE_LOCK doubled per failure, at most MAX_LOCK.
FREE_FAILURES = 3
BASE_LOCK = dt.timedelta(seconds=30)
MAX_LOCK = dt.timedelta(hours=1)

# -- pattern flags ----------------------------------------------------------------------------

FLAG_INSPECTOR_REPEAT = "inspector_repeat"
FLAG_BUSINESS_REPEAT = "business_repeat"
FLAG_SAME_INSPECTOR_BUSINESS = "same_inspector_business"
FLAG_AFTER_BAD_VERIFICATION = "after_bad_verification"
FLAG_NAMES: dict[str, tuple[str, str]] = {
    FLAG_INSPECTOR_REPEAT: (
        "Inspector con 3 o más denuncias en 90 días",
        "Inspector with 3 or more complaints in 90 days",
    ),
    FLAG_BUSINESS_REPEAT: (
        "Establecimiento denunciado 2 o más veces en 90 días",
        "Business complained about 2 or more times in 90 days",
    ),
    FLAG_SAME_INSPECTOR_BUSINESS: (
        "Mismo inspector en el mismo establecimiento 3 o más veces en 180 días",
        "Same inspector at the same business 3 or more times in 180 days",
    ),
    FLAG_AFTER_BAD_VERIFICATION: (
        "Denuncia tras una verificación no válida",
        "Complaint after a verification that was not valid",
    ),
}
INSPECTOR_WINDOW = dt.timedelta(days=90)
INSPECTOR_THRESHOLD = 3
BUSINESS_WINDOW = dt.timedelta(days=90)
BUSINESS_THRESHOLD = 2
VISITS_WINDOW = dt.timedelta(days=180)
VISITS_THRESHOLD = 3


class FollowupLocked(InvalidInput):
    """Too many wrong follow-up codes for this folio: try again after ``retry_after``."""

    def __init__(self, retry_after: dt.timedelta) -> None:
        minutes = max(1, -(-int(retry_after.total_seconds()) // 60))
        super().__init__(
            f"Demasiados intentos con este folio. Intente de nuevo en {minutes} min.",
            f"Too many attempts for this folio. Try again in {minutes} min.",
        )
        self.retry_after = retry_after


@dataclass(frozen=True)
class Evidence:
    """One evidence file given at intake (photo or PDF)."""

    name: str
    content: bytes
    mime: str = "application/octet-stream"


@dataclass(frozen=True)
class FollowupView:
    """All a complainant may see with folio and code."""

    folio: str
    status: str
    public_response: str
    updated_at: str


@dataclass(frozen=True)
class ComplaintSummary:
    """One row of the Contraloría's list (no contact data)."""

    id: str
    folio: str
    kind: str
    status: str
    source: str
    created_at: str
    inspector_id: str | None
    inspector_name: str
    business_id: str | None
    business_name: str
    investigator_id: str | None
    due_date: str | None
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    at: str
    author: str
    body: str


@dataclass(frozen=True)
class StatusChange:
    at: str
    author: str
    from_status: str | None
    to_status: str
    reason: str


@dataclass(frozen=True)
class ComplaintDetail:
    """A complaint as the Contraloría opens it (contact redacted unless ``contact_visible``)."""

    summary: ComplaintSummary
    description: str
    occurred_at: str | None
    location: str
    verification_id: str | None
    verification_verdict: str | None
    anonymous: bool
    contact_visible: bool
    contact_name: str
    contact_phone: str
    contact_email: str
    investigator_name: str
    public_response: str
    notes: tuple[Note, ...] = ()
    history: tuple[StatusChange, ...] = ()
    attachments: tuple[tuple[str, str, str], ...] = ()  # (sha256, original name, mime)
    flags: tuple[str, ...] = field(default=())


# -- permissions ------------------------------------------------------------------------------


def can_read(user: User) -> bool:
    """Whether ``user``'s role may list and open complaints at all."""
    return user.role in READER_ROLES


def require_reader(user: User) -> None:
    """Refuse anyone who is not Contraloría or an administrator.

    Raises:
        NotAllowed: any other role.
    """
    if not can_read(user):
        raise NotAllowed(
            "Solo la Contraloría puede consultar denuncias.",
            "Only the Comptroller's office can see complaints.",
        )


def _own_inspector_ids(db: Any, user: User) -> set[str]:
    """Registry entries that are this user: complaints naming them are hidden from them."""
    rows = db.execute("SELECT id FROM inspectors WHERE user_id = ?", [user.id]).fetchall()
    return {str(r[0]) for r in rows}


def _not_found(complaint_id: str) -> InvalidInput:
    return InvalidInput(
        f"No existe la denuncia {complaint_id}.", f"There is no complaint {complaint_id}."
    )


def _complaint_row(db: Any, user: User, complaint_id: str) -> dict[str, Any]:
    require_reader(user)
    cursor = db.execute("SELECT * FROM complaints WHERE id = ?", [complaint_id])
    values = cursor.fetchone()
    if values is None:
        raise _not_found(complaint_id)
    row = dict(zip([d[0] for d in cursor.description], values, strict=True))
    if row["inspector_id"] and row["inspector_id"] in _own_inspector_ids(db, user):
        raise NotAllowed(
            "Esta denuncia le menciona: no puede consultarla ni modificarla.",
            "This complaint names you: you cannot see or change it.",
        )
    return row


# -- intake -----------------------------------------------------------------------------------


def _check_reference(db: Any, table: str, ref_id: str | None, es: str, en: str) -> None:
    if (
        ref_id is not None
        and db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [ref_id]).fetchone() is None
    ):
        raise InvalidInput(f"{es} no existe.", f"{en} does not exist.")


def file_complaint(
    store: Store,
    user: User,
    *,
    kind: str,
    description: str,
    source: str = "ventanilla",
    occurred_at: dt.date | None = None,
    location: str = "",
    inspector_id: str | None = None,
    business_id: str | None = None,
    verification_id: str | None = None,
    evidence: Sequence[Evidence] = (),
    anonymous: bool = True,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    now: dt.datetime | None = None,
) -> ComplaintReceipt:
    """Take in a complaint at the front desk, by phone or in the field (one use-case for all).

    Filing does not let the filer read complaints afterwards: the clerk gets the receipt only.

    Args:
        user: who types it in (any staff role).
        kind: one of :data:`KINDS`.
        source: one of :data:`DESK_SOURCES` (the kiosk files through kiosk_intake).
        inspector_id: an inspector picked from the registry, if the complaint names one.
        business_id: the business it is about, if any.
        evidence: photos or PDFs, stored by hash before the transaction.

    Returns:
        The receipt: folio and a follow-up code to show once.

    Raises:
        NotAllowed: a kiosk account or unknown role.
        InvalidInput: unknown kind, source, inspector or business; empty description; missing
            contact data when not anonymous; evidence over 20 MB. Nothing is written.
    """
    if user.role not in FILER_ROLES:
        raise NotAllowed(
            "Su cuenta no puede capturar denuncias.", "Your account cannot file complaints."
        )
    if source not in DESK_SOURCES:
        raise InvalidInput(f"Origen desconocido: {source!r}.", f"Unknown source: {source!r}.")
    for item in evidence:
        if len(item.content) > MAX_ATTACHMENT_BYTES or not item.content:
            raise InvalidInput(
                f"La evidencia {item.name} está vacía o pasa de 20 MB.",
                f"The evidence {item.name} is empty or over 20 MB.",
            )
    # Files first (temp → fsync → rename), the rows only afterwards: never a dangling hash.
    stored = [(store_bytes(store.attachments_dir, e.content)[0], e) for e in evidence]
    actor = store.actor(user.id)
    with store.write() as db:
        _check_reference(db, "inspectors", inspector_id, "El inspector", "The inspector")
        _check_reference(db, "businesses", business_id, "El establecimiento", "The business")
        receipt = kiosk_intake.file_complaint(
            store,
            actor,
            verification_id=verification_id,
            kind=kind,
            description=description,
            anonymous=anonymous,
            contact_name=contact_name,
            contact_phone=contact_phone,
            contact_email=contact_email,
            location=location,
            now=now,
            source=source,
            inspector_id=inspector_id,
            business_id=business_id,
            occurred_at=occurred_at,
        )
        stamp = utc_now()
        for sha, item in stored:
            link_attachment(
                db,
                actor,
                sha,
                size=len(item.content),
                mime=item.mime,
                original_name=item.name[:200],
                entity="complaints",
                entity_id=receipt.complaint_id,
                kind="photo" if item.mime.startswith("image/") else "document",
                at=stamp,
            )
    return receipt


# -- follow-up --------------------------------------------------------------------------------


def _parse_ts(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def lock_window(failures: int) -> dt.timedelta:
    """How long a folio stays locked after its ``failures``-th wrong code."""
    if failures < FREE_FAILURES:
        return dt.timedelta(0)
    doubled: dt.timedelta = BASE_LOCK * (2 ** min(failures - FREE_FAILURES, 12))
    return min(MAX_LOCK, doubled)


def followup(
    store: Store, folio: str, code: str, *, now: dt.datetime | None = None
) -> FollowupView | None:
    """What a complainant sees with the folio and code of their receipt.

    Args:
        folio: the receipt's folio (case and surrounding spaces ignored).
        code: the secret follow-up code (dashes and case ignored).
        now: the current time (injected by tests; default now, UTC).

    Returns:
        Status and public response — nothing else — or ``None`` for an unknown folio or a wrong
        code (the two are not told apart).

    Raises:
        FollowupLocked: too many wrong codes for this folio recently; the lock grows with each
            further failure and ends with a correct code after the window.
    """
    moment = now or dt.datetime.now(dt.UTC)
    folio = folio.strip().upper()[:64]
    with store.write() as db:
        attempt = db.execute(
            "SELECT failures, locked_until FROM complaint_followup_attempts WHERE folio = ?",
            [folio],
        ).fetchone()
        failures = int(attempt[0]) if attempt else 0
        if attempt and attempt[1] and _parse_ts(attempt[1]) > moment:
            raise FollowupLocked(_parse_ts(attempt[1]) - moment)
        row = db.execute(
            "SELECT followup_code_hash, status, public_response, updated_at FROM complaints "
            "WHERE folio = ?",
            [folio],
        ).fetchone()
        ok = row is not None and hmac.compare_digest(str(row[0]), followup_code_hash(code))
        failures = 0 if ok else failures + 1
        window = lock_window(failures)
        record = {
            "folio": folio,
            "failures": failures,
            "locked_until": (moment + window).isoformat() if window else None,
            "last_at": moment.isoformat(),
        }
        if ok and attempt is None:
            pass  # nothing to reset, nothing to count
        else:
            db.table("complaint_followup_attempts").upsert(record, pk="folio")
            record_change(
                db,
                store.actor(None),
                "complaint_followup_attempts",
                folio,
                "update",
                record,
                action="complaints.followup_ok" if ok else "complaints.followup_failed",
                details={"folio": folio, "failures": failures},
            )
    if not ok or row is None:
        return None
    return FollowupView(folio, str(row[1]), str(row[2] or ""), str(row[3]))


# -- reading ----------------------------------------------------------------------------------


def count_by_status(store: Store) -> dict[str, int]:
    """Aggregate counts per status: what every role may know (no folio, no content)."""
    rows = store.db.execute("SELECT status, count(*) FROM complaints GROUP BY status").fetchall()
    counts = dict.fromkeys(STATUSES, 0)
    counts.update({str(r[0]): int(r[1]) for r in rows})
    return counts


_LIST_SQL = """
SELECT c.id, c.folio, c.kind, c.status, c.source, c.created_at, c.inspector_id,
       coalesce(i.full_name, ''), c.business_id, coalesce(b.name, ''), c.investigator_id,
       c.due_date, c.verification_id, v.verdict
FROM complaints c
LEFT JOIN inspectors i ON i.id = c.inspector_id
LEFT JOIN businesses b ON b.id = c.business_id
LEFT JOIN verifications v ON v.id = c.verification_id
"""


def _rows(db: Any, where: str = "", params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    return list(db.execute(_LIST_SQL + where + " ORDER BY c.created_at DESC", list(params)))


def _visits(db: Any, since: dt.datetime) -> Counter[tuple[str, str]]:
    """Inspections per (inspector, business) since ``since`` (any state, by visit date)."""
    rows = db.execute(
        "SELECT n.inspector_id, p.business_id FROM inspections n "
        "JOIN permit_cases p ON p.id = n.case_id "
        "WHERE n.inspector_id IS NOT NULL AND p.business_id IS NOT NULL "
        "AND coalesce(n.closed_at, n.scheduled_for, n.started_at) >= ?",
        [since.date().isoformat()],
    )
    return Counter((str(r[0]), str(r[1])) for r in rows)


def _flags_for(
    db: Any, rows: list[tuple[Any, ...]], now: dt.datetime
) -> dict[str, tuple[str, ...]]:
    recent = db.execute(
        "SELECT inspector_id, business_id, created_at FROM complaints WHERE created_at >= ?",
        # Day precision in SQL (stored stamps vary in format); exact windows below.
        [(now - max(INSPECTOR_WINDOW, BUSINESS_WINDOW) - dt.timedelta(days=1)).date().isoformat()],
    ).fetchall()
    by_inspector: Counter[str] = Counter()
    by_business: Counter[str] = Counter()
    for inspector_id, business_id, created in recent:
        at = _parse_ts(created)
        if inspector_id and at >= now - INSPECTOR_WINDOW:
            by_inspector[inspector_id] += 1
        if business_id and at >= now - BUSINESS_WINDOW:
            by_business[business_id] += 1
    visits = _visits(db, now - VISITS_WINDOW)
    visits_per_business: Counter[str] = Counter()
    for (_inspector, business), n in visits.items():
        visits_per_business[business] = max(visits_per_business[business], n)
    flags: dict[str, tuple[str, ...]] = {}
    for r in rows:
        complaint_id, created, inspector_id, business_id, verdict = r[0], r[5], r[6], r[8], r[13]
        in_window = _parse_ts(created) >= now - INSPECTOR_WINDOW
        found: list[str] = []
        if inspector_id and in_window and by_inspector[inspector_id] >= INSPECTOR_THRESHOLD:
            found.append(FLAG_INSPECTOR_REPEAT)
        if (
            business_id
            and _parse_ts(created) >= now - BUSINESS_WINDOW
            and by_business[business_id] >= BUSINESS_THRESHOLD
        ):
            found.append(FLAG_BUSINESS_REPEAT)
        if business_id:
            count = (
                visits[(inspector_id, business_id)]
                if inspector_id
                else visits_per_business[business_id]
            )
            if count >= VISITS_THRESHOLD:
                found.append(FLAG_SAME_INSPECTOR_BUSINESS)
        if r[12] and verdict is not None and verdict != "valid":
            found.append(FLAG_AFTER_BAD_VERIFICATION)
        flags[complaint_id] = tuple(found)
    return flags


def _summary(r: tuple[Any, ...], flags: tuple[str, ...]) -> ComplaintSummary:
    return ComplaintSummary(
        id=r[0],
        folio=r[1],
        kind=r[2],
        status=r[3],
        source=r[4],
        created_at=r[5],
        inspector_id=r[6],
        inspector_name=r[7],
        business_id=r[8],
        business_name=r[9],
        investigator_id=r[10],
        due_date=r[11],
        flags=flags,
    )


def list_complaints(
    store: Store,
    user: User,
    *,
    status: str | None = None,
    kind: str | None = None,
    flagged_only: bool = False,
    now: dt.datetime | None = None,
) -> list[ComplaintSummary]:
    """The Contraloría's list, newest first, each with its pattern flags.

    Complaints naming the user themselves (as an inspector on the registry) are left out.

    Raises:
        NotAllowed: the user is not a comptroller or administrator.
    """
    require_reader(user)
    moment = now or dt.datetime.now(dt.UTC)
    db = store.db
    clauses, params = [], []
    if status:
        clauses.append("c.status = ?")
        params.append(status)
    if kind:
        clauses.append("c.kind = ?")
        params.append(kind)
    own = _own_inspector_ids(db, user)
    if own:
        clauses.append(f"coalesce(c.inspector_id, '') NOT IN ({', '.join('?' * len(own))})")
        params.extend(sorted(own))
    rows = _rows(db, " WHERE " + " AND ".join(clauses) if clauses else "", params)
    flags = _flags_for(db, rows, moment)
    result = [_summary(r, flags[r[0]]) for r in rows]
    if flagged_only:
        result = [s for s in result if s.flags]
    return result


def open_complaint(
    store: Store, user: User, complaint_id: str, *, now: dt.datetime | None = None
) -> ComplaintDetail:
    """Open one complaint for reading; the opening is written to the audit chain.

    Contact data is filled in only when ``user`` is the assigned investigator; anyone else
    (another comptroller, an administrator) sees :data:`REDACTED`.

    Raises:
        NotAllowed: not Contraloría/administrator, or the complaint names the user.
        InvalidInput: no such complaint.
    """
    moment = now or dt.datetime.now(dt.UTC)
    with store.write() as db:
        row = _complaint_row(db, user, complaint_id)
        append_audit(
            db,
            store.actor(user.id),
            "complaints.open",
            "complaints",
            complaint_id,
            {"folio": row["folio"], "role": user.role},
        )
    db = store.db
    listed = _rows(db, " WHERE c.id = ?", [complaint_id])[0]
    flags = _flags_for(db, [listed], moment)[complaint_id]
    contact_visible = bool(row["investigator_id"]) and row["investigator_id"] == user.id
    notes = tuple(
        Note(str(r[0]), str(r[1] or ""), str(r[2]))
        for r in db.execute(
            "SELECT n.at, u.display_name, n.body FROM complaint_notes n "
            "LEFT JOIN users u ON u.id = n.user_id WHERE n.complaint_id = ? ORDER BY n.at",
            [complaint_id],
        )
    )
    history = tuple(
        StatusChange(str(r[0]), str(r[1] or ""), r[2], str(r[3]), str(r[4]))
        for r in db.execute(
            "SELECT h.at, u.display_name, h.from_status, h.to_status, h.reason "
            "FROM complaint_status_history h LEFT JOIN users u ON u.id = h.user_id "
            "WHERE h.complaint_id = ? ORDER BY h.at",
            [complaint_id],
        )
    )
    attachments = tuple(
        (str(r[0]), str(r[1]), str(r[2]))
        for r in db.execute(
            "SELECT a.sha256, a.original_name, a.mime FROM attachment_links l "
            "JOIN attachments a ON a.sha256 = l.sha256 "
            "WHERE l.entity = 'complaints' AND l.entity_id = ? ORDER BY l.created_at",
            [complaint_id],
        )
    )
    investigator = db.execute(
        "SELECT display_name FROM users WHERE id = ?", [row["investigator_id"]]
    ).fetchone()

    def contact(value: str) -> str:
        return value if contact_visible or not value else REDACTED

    return ComplaintDetail(
        summary=_summary(listed, flags),
        description=row["description"],
        occurred_at=row["occurred_at"],
        location=row["location"],
        verification_id=row["verification_id"],
        verification_verdict=listed[13],
        anonymous=bool(row["anonymous"]),
        contact_visible=contact_visible,
        contact_name=contact(row["contact_name"]),
        contact_phone=contact(row["contact_phone"]),
        contact_email=contact(row["contact_email"]),
        investigator_name=str(investigator[0]) if investigator else "",
        public_response=row["public_response"],
        notes=notes,
        history=history,
        attachments=attachments,
        flags=flags,
    )


def investigators(store: Store, user: User) -> list[tuple[str, str]]:
    """Active Contraloría users a complaint can be assigned to: ``(user id, name)``."""
    require_reader(user)
    rows = store.db.execute(
        "SELECT id, display_name FROM users WHERE role = 'comptroller' AND active = 1 "
        "ORDER BY display_name"
    )
    return [(str(r[0]), str(r[1])) for r in rows]


# -- investigation ----------------------------------------------------------------------------


def allowed_targets(status: str) -> tuple[str, ...]:
    """States a complaint in ``status`` may move to, in workflow order."""
    return tuple(dst for dst in STATUSES if (status, dst) in TRANSITIONS)


def check_transition(from_status: str, to_status: str, reason: str | None) -> str:
    """Validate a transition and return the cleaned reason.

    Raises:
        InvalidInput: not an allowed move, or a closing move without a reason.
    """
    if (from_status, to_status) not in TRANSITIONS:
        es_from, en_from = STATUS_NAMES.get(from_status, (from_status, from_status))
        es_to, en_to = STATUS_NAMES.get(to_status, (to_status, to_status))
        raise InvalidInput(
            f"Una denuncia «{es_from}» no puede pasar a «{es_to}».",
            f"A complaint that is “{en_from}” cannot become “{en_to}”.",
        )
    reason = (reason or "").strip()
    if to_status in REASON_REQUIRED and not reason:
        raise InvalidInput(
            "Escriba el motivo de la resolución.", "Give the reason for the resolution."
        )
    return reason


def due_date_for(store: Store, kind: str, received: dt.date) -> dt.date:
    """The deadline of a complaint of ``kind`` received on ``received`` (business days)."""
    calendar = deadlines.load_calendar(store.db)
    return calendar.add_business_days(received, TERM_DAYS.get(kind, TERM_DAYS["otro"]))


def _update(store: Store, user: User, complaint_id: str, action: str, **changes: Any) -> None:
    with store.write() as db:
        row = _complaint_row(db, user, complaint_id)
        row.update(changes, updated_at=utc_now())
        db.table("complaints").update(complaint_id, {**changes, "updated_at": row["updated_at"]})
        record_change(
            db,
            store.actor(user.id),
            "complaints",
            complaint_id,
            "update",
            row,
            action=action,
            # Names of the changed fields only: the audit trail does not copy what was written.
            details={"folio": row["folio"], "fields": sorted(changes)},
        )


def assign(store: Store, user: User, complaint_id: str, investigator_id: str) -> None:
    """Assign the complaint to a Contraloría investigator; the deadline is set if missing.

    Raises:
        NotAllowed: the acting user may not read the complaint.
        InvalidInput: the investigator is not an active comptroller, or is the inspector named
            in the complaint.
    """
    require_reader(user)
    ok = store.db.execute(
        "SELECT 1 FROM users WHERE id = ? AND role = 'comptroller' AND active = 1",
        [investigator_id],
    ).fetchone()
    if ok is None:
        raise InvalidInput(
            "Solo se puede asignar a personal activo de la Contraloría.",
            "Complaints can only be assigned to active Comptroller staff.",
        )
    row = _complaint_row(store.db, user, complaint_id)
    named = store.db.execute(
        "SELECT 1 FROM inspectors WHERE id = ? AND user_id = ?",
        [row["inspector_id"], investigator_id],
    ).fetchone()
    if named:
        raise InvalidInput(
            "No se puede asignar la denuncia a la persona denunciada.",
            "A complaint cannot be assigned to the person it names.",
        )
    due = (
        row["due_date"]
        or due_date_for(store, row["kind"], _parse_ts(row["created_at"]).date()).isoformat()
    )
    _update(
        store,
        user,
        complaint_id,
        "complaints.assign",
        investigator_id=investigator_id,
        due_date=due,
    )


def transition(
    store: Store, user: User, complaint_id: str, to_status: str, reason: str = ""
) -> None:
    """Move a complaint along the investigation workflow, with its history row and audit event.

    Raises:
        NotAllowed: the user may not read the complaint.
        InvalidInput: illegal move, missing reason, or starting an investigation with nobody
            assigned. Nothing is written.
    """
    actor = store.actor(user.id)
    with store.write() as db:
        row = _complaint_row(db, user, complaint_id)
        from_status = row["status"]
        reason = check_transition(from_status, to_status, reason)
        if to_status == EN_INVESTIGACION and not row["investigator_id"]:
            raise InvalidInput("Asigne primero a quien investiga.", "Assign an investigator first.")
        stamp = utc_now()
        db.table("complaints").update(complaint_id, {"status": to_status, "updated_at": stamp})
        row.update(status=to_status, updated_at=stamp)
        history = {
            "id": uuid7(),
            "complaint_id": complaint_id,
            "from_status": from_status,
            "to_status": to_status,
            "reason": reason,
            "user_id": user.id,
            "device_id": actor.device_id,
            "at": stamp,
        }
        db.table("complaint_status_history").insert(history)
        record_change(
            db,
            actor,
            "complaints",
            complaint_id,
            "update",
            row,
            action="complaints.transition",
            details={"folio": row["folio"], "from": history["from_status"], "to": to_status},
        )
        record_change(db, actor, "complaint_status_history", history["id"], "insert", history)


def add_note(store: Store, user: User, complaint_id: str, body: str) -> str:
    """Add an internal note (never shown to the complainant). Returns the note's id.

    Raises:
        InvalidInput: empty or over-long note.
    """
    body = body.strip()
    if not body or len(body) > MAX_NOTE:
        raise InvalidInput(
            f"La nota debe tener entre 1 y {MAX_NOTE} caracteres.",
            f"The note must have 1 to {MAX_NOTE} characters.",
        )
    actor = store.actor(user.id)
    with store.write() as db:
        _complaint_row(db, user, complaint_id)
        note = {
            "id": uuid7(),
            "complaint_id": complaint_id,
            "body": body,
            "user_id": user.id,
            "device_id": actor.device_id,
            "at": utc_now(),
        }
        db.table("complaint_notes").insert(note)
        record_change(
            db,
            actor,
            "complaint_notes",
            note["id"],
            "insert",
            note,
            details={"complaint_id": complaint_id},
        )
    return str(note["id"])


def set_public_response(store: Store, user: User, complaint_id: str, text: str) -> None:
    """Set the response the complainant sees with folio and code.

    Raises:
        InvalidInput: over :data:`MAX_RESPONSE` characters.
    """
    text = text.strip()
    if len(text) > MAX_RESPONSE:
        raise InvalidInput(
            f"La respuesta pública admite hasta {MAX_RESPONSE} caracteres.",
            f"The public response takes at most {MAX_RESPONSE} characters.",
        )
    _update(store, user, complaint_id, "complaints.public_response", public_response=text)
