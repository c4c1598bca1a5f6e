"""What a kiosk takes in: a scan (verified and logged), a rating and a complaint with its receipt.

Each function is one use-case: one ``Store.write()`` with its change-log row and audit event.
The kiosk's screens (``desktop.ui.kiosk``) call these on the database worker.

Complaint receipts: the folio (``DEN-2026-K7QM-0123``) names the complaint on paper; the
follow-up code is a secret shown once on screen — only its SHA-256 is stored, so neither a copy of
the kiosk's database nor the Contraloría's can be used to impersonate the person who filed it.
Folios count per device and year, and carry the device's short code (:func:`device_code`, four
letters and digits derived from the device id), so kiosks working offline do not issue the same
folio and clash on the server's unique folio. The short code is a hash, not a registry: with
about 920,000 codes, a municipality with 50 kiosks has a 0.13% chance that two share one; the
server still refuses a duplicate folio rather than merging two complaints.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from desktop.core import tokens, trust
from desktop.core.ids import utc_now, uuid7
from desktop.core.verification import (
    NOT_ISSUED,
    Verdict,
    record_verification,
    registry_view_for_scans,
    verify_scan,
)
from desktop.errors import InvalidInput
from desktop.store.attachments import attachment_path
from desktop.store.changes import record_change
from desktop.store.db import Actor, Store

# Kinds of complaint the kiosk offers (codes of ``complaints.kind``), with es-MX and English.
COMPLAINT_KINDS: dict[str, tuple[str, str]] = {
    "corrupcion": ("Corrupción o soborno", "Corruption or bribery"),
    "maltrato": ("Maltrato", "Mistreatment"),
    "inspeccion_irregular": ("Inspección irregular", "Irregular inspection"),
    "otro": ("Otro", "Other"),
}
# Every kind the Contraloría takes in: the desk and the field also receive risks about a business.
ALL_COMPLAINT_KINDS: dict[str, tuple[str, str]] = {
    **COMPLAINT_KINDS,
    "riesgo": ("Riesgo en un establecimiento", "Risk at a business"),
}
KIOSK_SOURCE = "quiosco"
FOLIO_PREFIX = "DEN"
FOLIO_DEVICE_CHARS = 4
MAX_DESCRIPTION = 4000
MAX_COMMENT = 1000
MAX_CONTACT = 200
# Follow-up codes: 12 characters of an alphabet without look-alikes (no 0/O, 1/I/L).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 12
_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"  # as desktop.core.ids.utc_now


@dataclass(frozen=True)
class ScanOutcome:
    """One scan as the kiosk shows it: the verdict, its stored verification, the photo if any."""

    text: str
    verdict: Verdict
    verification_id: str
    photo: bytes | None


@dataclass(frozen=True)
class ComplaintReceipt:
    """What the citizen takes away. ``followup_code`` exists only here: show it once."""

    complaint_id: str
    folio: str
    followup_code: str


def wedge_text(text: str, base_url: str) -> str:
    """The text a keyboard-wedge reader meant to type.

    With Caps Lock on, a wedge reader types every letter in the opposite case
    (``HTTPS://VRF.MX/c/abc…``). When ``text`` is not a badge URL but its case-swapped form is,
    the swapped form is what the badge holds.
    """
    if tokens.parse_badge_url(text, base_url) is None:
        swapped = text.swapcase()
        if tokens.parse_badge_url(swapped, base_url) is not None:
            return swapped
    return text


def scan_and_record(
    store: Store,
    actor: Actor,
    text: str,
    *,
    location: str = "",
    from_wedge: bool = False,
    now: dt.datetime | None = None,
) -> ScanOutcome:
    """Verify one scanned text against this device's registry and log the verification.

    Args:
        store: the kiosk's store.
        actor: who scans (the kiosk account, or the device itself).
        text: what the camera decoded or the keyboard-wedge reader typed (without the Enter).
        location: where the kiosk stands (stored with the verification).
        from_wedge: the text came from a keyboard-wedge reader (Caps Lock is undone).
        now: the current time (default: now, UTC).

    Returns:
        The verdict, the stored verification's id and the inspector's photo when this device
        has the file (kiosks may have the registry without every photo).
    """
    moment = now or dt.datetime.now(dt.UTC)
    view = registry_view_for_scans(store)
    if from_wedge:
        text = wedge_text(text, view.base_url)
    verdict = verify_scan(text, view, now=moment, max_registry_age=trust.max_registry_age(store))
    verification_id = record_verification(store, actor, text, verdict, location)
    photo = None
    if verdict.kind != NOT_ISSUED and verdict.photo_sha256:
        path = attachment_path(store.attachments_dir, verdict.photo_sha256)
        try:
            photo = path.read_bytes()
        except OSError:
            photo = None
    return ScanOutcome(text, verdict, verification_id, photo)


def registry_age(store: Store, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How old this device's registry is (``None``: it has none yet)."""
    view = registry_view_for_scans(store)
    return view.age(now or dt.datetime.now(dt.UTC))


def _verification_inspector(db: Any, verification_id: str | None) -> str | None:
    if verification_id is None:
        return None
    row = db.execute(
        "SELECT inspector_id FROM verifications WHERE id = ?", [verification_id]
    ).fetchone()
    if row is None:
        raise InvalidInput("La verificación ya no existe.", "The verification no longer exists.")
    return str(row[0]) if row[0] else None


def _bounded(text: str, limit: int, field_es: str, field_en: str) -> str:
    text = text.strip()
    if len(text) > limit:
        raise InvalidInput(
            f"{field_es}: el texto es demasiado largo (máximo {limit} caracteres).",
            f"{field_en}: the text is too long (at most {limit} characters).",
        )
    return text


def record_rating(
    store: Store,
    actor: Actor,
    *,
    verification_id: str | None,
    speed: int,
    attention: int,
    service: int,
    comment: str = "",
) -> str:
    """Store a citizen's rating of a visit (1 to 5 for speed, attention and service).

    The inspector is taken from the verification, never from the caller.

    Raises:
        InvalidInput: a score outside 1 to 5, a comment over 1,000 characters, or an unknown
            verification. Nothing is written.
    """
    scores = {"speed": speed, "attention": attention, "service": service}
    for name, value in scores.items():
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise InvalidInput(
                f"La calificación ({name}) debe ser de 1 a 5 estrellas.",
                f"The rating ({name}) must be 1 to 5 stars.",
            )
    comment = _bounded(comment, MAX_COMMENT, "Comentario", "Comment")
    with store.write() as db:
        row: dict[str, Any] = {
            "id": uuid7(),
            "verification_id": verification_id,
            "inspector_id": _verification_inspector(db, verification_id),
            "department_id": None,
            **scores,
            "comment": comment,
            "at": utc_now(),
        }
        db.table("ratings").insert(row)
        record_change(db, actor, "ratings", row["id"], "insert", row)
    return str(row["id"])


def new_followup_code() -> str:
    """A fresh follow-up code, grouped for reading aloud: ``ABCD-EFGH-JKMN``."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _CODE_LENGTH, 4))


def followup_code_hash(code: str) -> str:
    """What is stored of a follow-up code: SHA-256 of its letters, without dashes or spaces."""
    canonical = "".join(c for c in code.upper() if c.isalnum())
    return hashlib.sha256(canonical.encode("ascii", "replace")).hexdigest()


def device_code(device_id: str) -> str:
    """This device's part of complaint folios: four characters without look-alikes (``K7QM``).

    Derived from a hash of the whole device id: the id is a UUIDv7, whose first characters are
    a timestamp, so kiosks set up in the same weeks would share them.
    """
    digest = int.from_bytes(hashlib.sha256(device_id.encode("utf-8")).digest()[:8], "big")
    chars = []
    for _ in range(FOLIO_DEVICE_CHARS):
        digest, index = divmod(digest, len(_CODE_ALPHABET))
        chars.append(_CODE_ALPHABET[index])
    return "".join(chars)


def _next_folio(db: Any, year: int, device_id: str) -> str:
    prefix = f"{FOLIO_PREFIX}-{year}-{device_code(device_id)}-"
    row = db.execute(
        "SELECT max(CAST(substr(folio, ?) AS INTEGER)) FROM complaints WHERE folio LIKE ?",
        [len(prefix) + 1, prefix + "%"],
    ).fetchone()
    return f"{prefix}{(row[0] or 0) + 1:04d}"


def file_complaint(
    store: Store,
    actor: Actor,
    *,
    verification_id: str | None,
    kind: str,
    description: str,
    anonymous: bool = True,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    location: str = "",
    now: dt.datetime | None = None,
    source: str = KIOSK_SOURCE,
    inspector_id: str | None = None,
    business_id: str | None = None,
    occurred_at: dt.date | None = None,
) -> ComplaintReceipt:
    """File a citizen's complaint, tied to the verification it follows when there is one.

    The kiosk calls this directly; the front desk and the field go through
    :func:`desktop.core.complaints.file_complaint`, which checks the inspector and business and
    adds evidence in the same transaction.

    Args:
        verification_id: the scan the complaint is about (its inspector is taken from it).
        kind: one of :data:`ALL_COMPLAINT_KINDS` (the kiosk offers :data:`COMPLAINT_KINDS`).
        description: what happened (required).
        anonymous: when true, contact details are not stored even if given.
        contact_name, contact_phone, contact_email: how to reach the person (not anonymous:
            a name and a phone or e-mail are required).
        source: where it was taken in (``quiosco``, ``ventanilla``, ``telefono``, ``campo``).
        inspector_id: the inspector named, when there is no verification to take it from.
        business_id: the business the complaint is about, if any.
        occurred_at: when it happened, if known.

    Returns:
        The receipt: folio and a follow-up code shown once (only its hash is stored).

    Raises:
        InvalidInput: unknown kind, empty or over-long description, missing contact details
            when not anonymous, or an unknown verification. Nothing is written.
    """
    if kind not in ALL_COMPLAINT_KINDS:
        raise InvalidInput(
            f"Tipo de denuncia desconocido: {kind!r}.", f"Unknown kind of complaint: {kind!r}."
        )
    description = _bounded(description, MAX_DESCRIPTION, "Descripción", "Description")
    if not description:
        raise InvalidInput("Describa brevemente lo que ocurrió.", "Briefly describe what happened.")
    if anonymous:
        contact_name = contact_phone = contact_email = ""
    else:
        contact_name = _bounded(contact_name, MAX_CONTACT, "Nombre", "Name")
        contact_phone = _bounded(contact_phone, MAX_CONTACT, "Teléfono", "Phone")
        contact_email = _bounded(contact_email, MAX_CONTACT, "Correo", "E-mail")
        if not contact_name or not (contact_phone or contact_email):
            raise InvalidInput(
                "Para una denuncia con sus datos escriba su nombre y un teléfono o correo.",
                "For a complaint with your details, give your name and a phone or e-mail.",
            )
    moment = now or dt.datetime.now(dt.UTC)
    code = new_followup_code()
    with store.write() as db:
        stamp = utc_now() if now is None else moment.astimezone(dt.UTC).strftime(_STAMP)
        row: dict[str, Any] = {
            "id": uuid7(),
            "folio": _next_folio(db, moment.astimezone().year, store.device_id),
            "kind": kind,
            "description": description,
            "occurred_at": occurred_at.isoformat() if occurred_at else None,
            "location": location.strip()[:200],
            "inspector_id": _verification_inspector(db, verification_id) or inspector_id,
            "business_id": business_id,
            "verification_id": verification_id,
            "anonymous": 1 if anonymous else 0,
            "contact_name": contact_name,
            "contact_phone": contact_phone,
            "contact_email": contact_email,
            "followup_code_hash": followup_code_hash(code),
            "status": "recibida",
            "source": source,
            "created_at": stamp,
            "updated_at": stamp,
        }
        db.table("complaints").insert(row)
        record_change(db, actor, "complaints", row["id"], "insert", row)
    return ComplaintReceipt(str(row["id"]), str(row["folio"]), code)
