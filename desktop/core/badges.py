"""Inspector badges: issuing (and reissuing) the credential, its QR, and the registry snapshot.

A badge is a random 128-bit token (:mod:`desktop.core.tokens`) printed as the QR text
``{BASE_URL}/C/{TOKEN}``. The store keeps only ``sha256(token)``, so neither this database nor a
kiosk's can produce a badge; the token exists in memory while the card is produced and on the
printed card. Reprinting therefore means reissuing: a new token, and the old badge is revoked
(reason ``reemitida``). Kiosks verify offline against the signed registry that
:func:`build_registry` describes and :func:`signed_registry` signs (the server serves the same
format from its own tables).

The QR is encoded in alphanumeric mode at error-correction level Q and must be version 4 or lower
(DESIGN.md §5: read rate through a fixed-focus webcam falls steeply with version); with the
default base URL it is version 3.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import qrcode
import qrcode.constants
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from qrcode.util import MODE_ALPHA_NUM, QRData
from sqlite_utils import Database

from desktop.core import signing, trust
from desktop.core.dates import format_date
from desktop.core.ids import uuid7
from desktop.core.inspectors import get_inspector, require_manager
from desktop.core.registry import make_registry, sign_registry
from desktop.core.signing import utc_text
from desktop.core.tokens import (
    BADGE_PATH,
    DEFAULT_BASE_URL,
    TOKEN_LENGTH,
    badge_url,
    new_token,
    normalize_base_url,
    token_hash,
)
from desktop.core.users import User
from desktop.errors import InvalidInput
from desktop.store.changes import append_audit, record_change
from desktop.store.db import Actor, Store
from sync import protocol

BASE_URL_SETTING = trust.BASE_URL_SETTING
MAX_QR_VERSION = 4
QUIET_ZONE_MODULES = 4
REASON_REISSUED = "reemitida"
REASON_RETIRED = "baja"


# -- the QR ----------------------------------------------------------------------------------


def qr_code(text: str) -> qrcode.QRCode:
    """The smallest QR for ``text`` in alphanumeric mode at level Q, with a 4-module quiet zone.

    Raises:
        InvalidInput: ``text`` has characters outside the alphanumeric set (lower case, …) or
            needs a version above 4.
    """
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=QUIET_ZONE_MODULES)
    try:
        qr.add_data(QRData(text.encode("ascii"), mode=MODE_ALPHA_NUM))
    except (UnicodeEncodeError, TypeError) as exc:
        raise InvalidInput(
            "El texto del código QR sólo puede tener mayúsculas, dígitos y : / . -",
            "The QR text may only hold upper-case letters, digits and : / . -",
        ) from exc
    qr.make(fit=True)
    if int(qr.version) > MAX_QR_VERSION:
        raise InvalidInput(
            f"El código QR necesitaría la versión {qr.version} (máximo {MAX_QR_VERSION}): "
            "use una dirección base más corta.",
            f"The QR code would need version {qr.version} (at most {MAX_QR_VERSION}): "
            "use a shorter base URL.",
        )
    return qr


def qr_matrix(text: str) -> list[list[bool]]:
    """The badge QR's modules (``True`` = dark), quiet zone included, row by row."""
    return [list(row) for row in qr_code(text).get_matrix()]


def check_base_url(url: str) -> str:
    """Normalise a base URL and prove a badge URL built on it fits a version-4 QR at level Q.

    Raises:
        InvalidInput: a malformed URL, or one long enough to push the QR above version 4.
    """
    base = normalize_base_url(url)
    qr_code(base + BADGE_PATH + "A" * TOKEN_LENGTH)
    return base


def configured_base_url(store: Store) -> str:
    """The base URL badges use here (setting ``badge_base_url``, default ``HTTPS://VRF.MX``)."""
    return check_base_url(store.get_setting(BASE_URL_SETTING) or DEFAULT_BASE_URL)


def set_base_url(store: Store, user: User, url: str) -> str:
    """Change the base URL new badges carry (badges already printed keep theirs).

    Raises:
        NotAllowed: ``user`` is not an administrator or supervisor.
        InvalidInput: the URL is malformed or too long for a version-4 QR.
    """
    require_manager(user)
    base = check_base_url(url)
    with store.write() as db:
        db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [BASE_URL_SETTING, base],
        )
        # A device setting, not a synced record: audited only (see desktop.core.trust).
        append_audit(db, store.actor(user.id), "settings.update", "settings", BASE_URL_SETTING,
                     {"value": base})  # fmt: skip
    return base


# -- issuing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedBadge:
    """A badge just issued. ``token``/``url`` exist only here and on the card: print them now."""

    badge_id: str
    inspector_id: str
    token: str = field(repr=False)
    url: str = field(repr=False)
    issued_at: str
    expires_at: dt.date
    revoked_badge_ids: tuple[str, ...]


def revoke_badges(
    db: Database, actor: Actor, inspector_id: str, *, reason: str, at: str
) -> list[str]:
    """Revoke every unrevoked badge of an inspector, inside an open ``write()``."""
    ids = [
        r[0]
        for r in db.execute(
            "SELECT id FROM badges WHERE inspector_id = ? AND revoked_at IS NULL ORDER BY id",
            [inspector_id],
        )
    ]
    for badge_id in ids:
        db.table("badges").update(badge_id, {"revoked_at": at, "revoked_reason": reason})
        record_change(
            db,
            actor,
            "badges",
            badge_id,
            "update",
            dict(db.table("badges").get(badge_id)),
            action="badges.revoke",
            details={"inspector_id": inspector_id, "reason": reason, "at": at},
        )
    return ids


def issue_badge(
    store: Store, user: User, inspector_id: str, *, now: dt.datetime | None = None
) -> IssuedBadge:
    """Issue a new badge to an active inspector, revoking the previous one (``reemitida``).

    The badge expires with the inspector's ``valid_until``. Only ``sha256(token)`` is stored.

    Raises:
        NotAllowed: ``user`` is not an administrator or supervisor.
        InvalidInput: unknown inspector, not active, or validity already over.
    """
    require_manager(user)
    inspector = get_inspector(store, inspector_id)
    moment = now or dt.datetime.now(dt.UTC)
    if inspector.status != "activo":
        raise InvalidInput(
            f"{inspector.full_name} no está activo ({inspector.status}); no se le puede emitir "
            "credencial.",
            f"{inspector.full_name} is not active ({inspector.status}); no badge can be issued.",
        )
    if inspector.valid_until < moment.astimezone().date():
        raise InvalidInput(
            f"La vigencia de {inspector.full_name} terminó el "
            f"{format_date(inspector.valid_until)}. Actualícela antes de emitir la credencial.",
            f"{inspector.full_name}'s validity ended on {inspector.valid_until.isoformat()}. "
            "Update it before issuing the badge.",
        )
    base = configured_base_url(store)
    token = new_token()
    url = badge_url(token, base)
    qr_code(url)  # proves the QR fits before anything is written
    issued_at = utc_text(moment)
    row: dict[str, Any] = {
        "id": uuid7(),
        "inspector_id": inspector_id,
        "token_hash": token_hash(token),
        "issued_at": issued_at,
        "expires_at": inspector.valid_until.isoformat(),
        "revoked_at": None,
        "revoked_reason": "",
    }
    actor = store.actor(user.id)
    with store.write() as db:
        status = db.execute("SELECT status FROM inspectors WHERE id = ?", [inspector_id]).fetchone()
        if status is None or status[0] != "activo":
            raise InvalidInput(
                "El inspector dejó de estar activo.", "The inspector is no longer active."
            )
        revoked = revoke_badges(db, actor, inspector_id, reason=REASON_REISSUED, at=issued_at)
        db.table("badges").insert(row)
        record_change(
            db,
            actor,
            "badges",
            row["id"],
            "insert",
            row,
            action="badges.issue",
            details={**row, "replaces": revoked},
        )
    return IssuedBadge(
        badge_id=row["id"],
        inspector_id=inspector_id,
        token=token,
        url=url,
        issued_at=issued_at,
        expires_at=inspector.valid_until,
        revoked_badge_ids=tuple(revoked),
    )


# -- the registry snapshot -------------------------------------------------------------------


def build_registry(store: Store, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The unsigned registry of this (issuing) store, dated ``now``, in the wire format.

    Same shape as the server's ``GET /registry`` (:class:`sync.protocol.Registry`): departments,
    inspectors' public fields, every badge by token hash with expiry and revocation. Sign it with
    :func:`signed_registry` (or :func:`desktop.core.registry.sign_registry`).
    """
    departments = [
        protocol.RegistryDepartment(r[0], r[1], r[2])
        for r in store.db.execute("SELECT id, code, name FROM departments")
    ]
    inspectors = [
        protocol.RegistryInspector(*r)
        for r in store.db.execute(
            "SELECT id, full_name, department_id, position, photo_sha256, status, status_at, "
            "valid_from, valid_until FROM inspectors"
        )
    ]
    badges = [
        protocol.RegistryBadge(*r)
        for r in store.db.execute(
            "SELECT id, inspector_id, token_hash, issued_at, expires_at, revoked_at FROM badges"
        )
    ]
    registry = make_registry(
        generated_at=now or dt.datetime.now(dt.UTC),
        departments=departments,
        inspectors=inspectors,
        badges=badges,
    )
    return protocol.to_dict(registry)


def signed_registry(
    store: Store, private_key: Ed25519PrivateKey, *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """This store's registry signed with ``private_key``, listing the keys it publishes.

    The published keys are this store's ``trusted_keys`` (``verifica badge keygen`` adds the new
    key there; :func:`desktop.core.trust.end_key` closes an old key's window).

    Raises:
        InvalidInput: ``private_key`` is not one of the published keys (publish it first, so
            kiosks can learn it through a registry signed by a key they already trust).
    """
    published = list(trust.trusted_keys(store))
    if signing.key_id(private_key) not in {k.key_id for k in published}:
        raise InvalidInput(
            f"La clave {signing.key_id(private_key)} no está publicada en este padrón.",
            f"Key {signing.key_id(private_key)} is not published by this registry.",
            hint_es="Genere las claves con «verifica badge keygen» en esta carpeta de datos.",
            hint_en="Create keys with 'verifica badge keygen' in this data folder.",
        )
    return sign_registry(build_registry(store, now=now), private_key, published)


def badges_of(store: Store, inspector_id: str) -> list[dict[str, Any]]:
    """An inspector's badges, newest first (hashes, dates and revocations — never tokens)."""
    return [
        dict(r)
        for r in store.db["badges"].rows_where(
            "inspector_id = ?", [inspector_id], order_by="issued_at DESC, id DESC"
        )
    ]
