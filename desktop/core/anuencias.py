"""Issued anuencias: issuing an approved case, reprinting it byte for byte, cancelling it, and
checking the QR printed on it.

The QR is a URL a phone opens on the server's public page (``GET /A/{FOLIO}``, see
``sync/server/public.py``) that *also* carries a signed payload for offline checks::

    {BASE_URL}/A/{FOLIO}?p={base64url(canonical JSON payload)}&s={base64url(Ed25519 signature)}

The payload is compact (short keys, :data:`PAYLOAD_FIELDS`): version, folio, business name,
SCIAN code, issue time, last valid day and the signing key's id. The signature covers exactly the
payload bytes carried in the URL, which must be the canonical JSON (:func:`sync.signing.
canonical_bytes`) of what they decode to — so there is one spelling of each genuine QR, and any
edit of the payload or the signature is refused. Anuencias are printed large and read by phones,
so the QR may be a larger version than a badge's (error correction level M).

Where the private key comes from: the same rules as badge registries (:mod:`sync.signing`) — a
PEM file outside the data folder with owner-only permissions (``--key-file``) or the OS keyring
(``--key-id``). The key must be one this device publishes (``verifica badge keygen``), so every
kiosk and phone that trusts the registry's keys can check the anuencia.

Issuing moves the case ``aprobado → emitido`` (:func:`desktop.core.permits.change_status`), stores
the issue and validity dates on the case (the fields the server's public page reads: ``status``,
``issued_at``, ``valid_until``) and keeps the payload, signature, rendered fields and the PDF's
SHA-256 in ``anuencias``. That table is device-local (the sync protocol does not carry it); what
syncs is the case's change-log rows, and the audit event of the issue commits to the document's
hash. Cancelling moves the case to ``cancelado``, so the server's page says "Cancelada".
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.core import permits, signing, trust, workflow
from desktop.core.ids import utc_now, uuid7
from desktop.core.signing import SignatureRejected, TrustedKeys
from desktop.core.users import User
from desktop.errors import InvalidInput, NotAllowed
from desktop.store.changes import append_audit, canonical_json, record_change
from desktop.store.db import Store

PAYLOAD_VERSION = 1
#: v: format version; f: folio; n: business name; g: SCIAN code; t: issue time (UTC, seconds);
#: u: last valid day; k: signing key id.
PAYLOAD_FIELDS = ("v", "f", "n", "g", "t", "u", "k")
ANUENCIA_PATH = "/A/"
DEFAULT_VALIDITY_DAYS = 365
MAX_QR_TEXT = 2000
ISSUER_ROLES = frozenset({"admin", "supervisor"})
DEFAULT_MUNICIPALITY = "H. Ayuntamiento de Benito Juárez"
DEFAULT_DEPARTMENT = "Protección Civil"
MUNICIPALITY_SETTING = "municipality_name"
SIGNER_NAME_SETTING = "anuencia_signer_name"
SIGNER_POSITION_SETTING = "anuencia_signer_position"
DEFAULT_SIGNER_POSITION = "Coordinador(a) Municipal de Protección Civil"
PLACE_SETTING = "anuencia_place"
DEFAULT_PLACE = "Cancún, Quintana Roo"
_B64URL = re.compile(r"[A-Za-z0-9_-]+")

Renderer = Callable[[Mapping[str, Any]], bytes]


@dataclass(frozen=True)
class Anuencia:
    """An issued anuencia as stored: ``document`` holds every printed field (and the QR text)."""

    id: str
    case_id: str
    folio: str
    payload: str
    signature: str
    key_id: str
    document: dict[str, Any]
    pdf_sha256: str
    issued_at: str
    valid_until: str
    cancelled_at: str | None
    cancel_reason: str

    @property
    def qr_text(self) -> str:
        return str(self.document["qr_text"])


@dataclass(frozen=True)
class QrCheck:
    """The verdict on a scanned anuencia QR.

    ``genuine`` is True only for an untouched QR signed by a trusted key; ``cancelled`` is
    ``True``/``False`` when this device knows the anuencia, ``None`` otherwise.
    """

    genuine: bool
    folio: str = ""
    payload: Mapping[str, Any] | None = None
    reason: str = ""
    cancelled: bool | None = None


# -- encoding --------------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _from_b64url(text: str) -> bytes:
    """Strict base64url without padding; raises ValueError on anything else."""
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not base64url")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64url(data) != text:  # one spelling only (no stray bits in the last character)
        raise ValueError("non-canonical base64url")
    return data


def qr_text(base_url: str, payload: Mapping[str, Any], signature: bytes) -> str:
    """The URL printed as the anuencia's QR."""
    body = _b64url(signing.canonical_bytes(dict(payload)))
    folio = quote(str(payload["f"]), safe="-_.")
    return f"{base_url}{ANUENCIA_PATH}{folio}?p={body}&s={_b64url(signature)}"


# -- reading ---------------------------------------------------------------------------------


def _from_row(row: Mapping[str, Any]) -> Anuencia:
    return Anuencia(
        id=row["id"],
        case_id=row["case_id"],
        folio=row["folio"],
        payload=row["payload"],
        signature=row["signature"],
        key_id=row["key_id"],
        document=json.loads(row["document"]),
        pdf_sha256=row["pdf_sha256"],
        issued_at=row["issued_at"],
        valid_until=row["valid_until"],
        cancelled_at=row["cancelled_at"],
        cancel_reason=row["cancel_reason"],
    )


def find_by_folio(store: Store, folio: str) -> Anuencia | None:
    """The anuencia issued for the case with ``folio`` (case-insensitive), if any."""
    rows = list(
        store.db["anuencias"].rows_where("upper(folio) = upper(?)", [folio.strip()], limit=1)
    )
    return _from_row(rows[0]) if rows else None


def get_by_folio(store: Store, folio: str) -> Anuencia:
    """Like :func:`find_by_folio`, but refuse an unknown folio.

    Raises:
        InvalidInput: no anuencia was issued for that folio on this device.
    """
    found = find_by_folio(store, folio)
    if found is None:
        raise InvalidInput(
            f"No hay una anuencia emitida con el folio {folio}.",
            f"No anuencia was issued with folio {folio}.",
        )
    return found


def _case_by_folio(store: Store, folio: str) -> dict[str, Any]:
    rows = list(
        store.db.query(
            "SELECT c.*, b.name AS business_name, b.owner_name, b.address, b.colonia, "
            "b.scian_code, b.scian_description, d.name AS department_name "
            "FROM permit_cases c JOIN businesses b ON b.id = c.business_id "
            "LEFT JOIN departments d ON d.id = c.department_id "
            "WHERE upper(c.folio) = upper(?)",
            [folio.strip()],
        )
    )
    if not rows:
        raise InvalidInput(f"No existe el expediente {folio}.", f"There is no case {folio}.")
    return rows[0]


# -- issuing ---------------------------------------------------------------------------------


def _require_issuer(user: User) -> None:
    if user.role not in ISSUER_ROLES:
        raise NotAllowed(
            "Sólo un administrador o un supervisor puede emitir o cancelar anuencias.",
            "Only an administrator or a supervisor may issue or cancel anuencias.",
        )


def _seconds(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issue_anuencia(
    store: Store,
    user: User,
    folio: str,
    private_key: Ed25519PrivateKey,
    *,
    render: Renderer,
    signer_name: str | None = None,
    signer_position: str | None = None,
    validity_days: int = DEFAULT_VALIDITY_DAYS,
    now: dt.datetime | None = None,
) -> tuple[Anuencia, bytes]:
    """Issue the anuencia of an approved case: sign its QR, render the PDF, move it to emitido.

    Args:
        render: turns the stored document fields into PDF bytes
            (:func:`desktop.print.anuencia.render_anuencia`); it must be deterministic.
        signer_name: who signs the document (default: setting ``anuencia_signer_name``).
        signer_position: their position (default: setting ``anuencia_signer_position``).
        validity_days: days from the issue date the anuencia is valid.

    Returns:
        The stored anuencia and the PDF bytes.

    Raises:
        NotAllowed: ``user`` is not an administrator or supervisor.
        InvalidInput: unknown folio, a case that is not ``aprobado``, no signer name, a key this
            device does not publish, or a bad validity.
    """
    _require_issuer(user)
    case = _case_by_folio(store, folio)
    if case["status"] != workflow.APROBADO:
        raise InvalidInput(
            f"El expediente {case['folio']} está en «{case['status']}»: sólo se emite la anuencia "
            "de un expediente aprobado.",
            f"Case {case['folio']} is '{case['status']}': only an approved case gets its anuencia.",
        )
    if not 1 <= validity_days <= 3660:
        raise InvalidInput(
            "La vigencia debe ser de 1 a 3660 días.", "Validity must be 1 to 3660 days."
        )
    name = (signer_name or store.get_setting(SIGNER_NAME_SETTING) or "").strip()
    position = (
        signer_position or store.get_setting(SIGNER_POSITION_SETTING) or DEFAULT_SIGNER_POSITION
    ).strip()
    if not name:
        raise InvalidInput(
            "Falta el nombre de quien firma la anuencia.",
            "The name of the person signing the anuencia is missing.",
            hint_es="Indíquelo con --signer o en la configuración (anuencia_signer_name).",
            hint_en="Give it with --signer or in the settings (anuencia_signer_name).",
        )
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    kid = signing.key_id(private_key)
    published = trust.trusted_keys(store).get(kid)
    if published is None or not published.accepts(moment, moment):
        raise InvalidInput(
            f"La clave {kid} no está publicada (o no está vigente) en este equipo: las anuencias "
            "firmadas con ella no podrían verificarse.",
            f"Key {kid} is not published (or not valid) on this device: anuencias signed with it "
            "could not be verified.",
            hint_es="Use la clave creada con «verifica badge keygen».",
            hint_en="Use the key created with 'verifica badge keygen'.",
        )
    valid_until = (moment.date() + dt.timedelta(days=validity_days - 1)).isoformat()
    payload = {
        "v": PAYLOAD_VERSION,
        "f": case["folio"],
        "n": case["business_name"],
        "g": case["scian_code"],
        "t": _seconds(moment),
        "u": valid_until,
        "k": kid,
    }
    payload_bytes = signing.canonical_bytes(payload)
    signature = private_key.sign(payload_bytes)
    document = {
        "municipality": store.get_setting(MUNICIPALITY_SETTING) or DEFAULT_MUNICIPALITY,
        "department": case["department_name"] or DEFAULT_DEPARTMENT,
        "place": store.get_setting(PLACE_SETTING) or DEFAULT_PLACE,
        "folio": case["folio"],
        "business": case["business_name"],
        "owner": case["owner_name"],
        "scian_code": case["scian_code"],
        "scian_description": case["scian_description"],
        "address": case["address"],
        "colonia": case["colonia"],
        "procedure_type": case["procedure_type"],
        "issued_at": _seconds(moment),
        "valid_until": valid_until,
        "signer_name": name,
        "signer_position": position,
        "key_id": kid,
        "qr_text": qr_text(trust.base_url(store), payload, signature),
    }
    pdf = render(document)
    row: dict[str, Any] = {
        "id": uuid7(),
        "case_id": case["id"],
        "folio": case["folio"],
        "payload": payload_bytes.decode("utf-8"),
        "signature": _b64url(signature),
        "key_id": kid,
        "document": canonical_json(document),
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        "issued_at": _seconds(moment),
        "valid_until": valid_until,
        "cancelled_at": None,
        "cancel_reason": "",
    }
    actor = store.actor(user.id)
    with store.write() as db:
        issued = permits.change_status(store, actor, case["id"], workflow.EMITIDO)
        db.table("anuencias").insert(row)
        db.execute(
            "UPDATE permit_cases SET issued_at = ?, valid_until = ?, version = version + 1, "
            "updated_at = ? WHERE id = ?",
            [row["issued_at"], valid_until, row["issued_at"], case["id"]],
        )
        record_change(
            db,
            actor,
            "permit_cases",
            case["id"],
            "update",
            {
                "issued_at": row["issued_at"],
                "valid_until": valid_until,
                "version": issued.version + 1,
                "updated_at": row["issued_at"],
            },
            action="anuencias.issue",
            details={
                "anuencia_id": row["id"],
                "folio": row["folio"],
                "key_id": kid,
                "pdf_sha256": row["pdf_sha256"],
                "payload_sha256": hashlib.sha256(payload_bytes).hexdigest(),
            },
        )
    return _from_row(row), pdf


def reprint(store: Store, folio: str, *, render: Renderer) -> bytes:
    """The issued PDF again, byte for byte (rendered from the stored document).

    Raises:
        InvalidInput: no anuencia for ``folio``, or the rendering no longer matches the stored
            SHA-256 (the document would differ from the one issued).
    """
    anuencia = get_by_folio(store, folio)
    pdf = render(anuencia.document)
    if hashlib.sha256(pdf).hexdigest() != anuencia.pdf_sha256:
        raise InvalidInput(
            "La reimpresión no sería idéntica a la anuencia emitida; no se genera.",
            "The reprint would not be identical to the issued anuencia; not produced.",
            hint_es="¿Cambió la versión del programa o las fuentes? Reporte este problema.",
            hint_en="Did the program version or the fonts change? Report this problem.",
        )
    return pdf


def cancel_anuencia(store: Store, user: User, folio: str, reason: str) -> Anuencia:
    """Cancel an issued anuencia: the case moves to ``cancelado`` (it syncs, and the server's
    public page then says "Cancelada") and the anuencia records when and why.

    Raises:
        NotAllowed: ``user`` is not an administrator or supervisor.
        InvalidInput: no anuencia for ``folio``, already cancelled, no reason, or a case that can
            no longer be cancelled (delivered).
    """
    _require_issuer(user)
    anuencia = get_by_folio(store, folio)
    if anuencia.cancelled_at is not None:
        raise InvalidInput(
            f"La anuencia {anuencia.folio} ya estaba cancelada.",
            f"Anuencia {anuencia.folio} was already cancelled.",
        )
    actor = store.actor(user.id)
    with store.write() as db:
        # The synced change: the case's status (and its history row) — what the server shows.
        permits.change_status(store, actor, anuencia.case_id, workflow.CANCELADO, reason)
        cancelled = {"cancelled_at": utc_now(), "cancel_reason": (reason or "").strip()}
        db.table("anuencias").update(anuencia.id, cancelled)
        append_audit(
            db,
            actor,
            "anuencias.cancel",
            "anuencias",
            anuencia.id,
            {"folio": anuencia.folio, "pdf_sha256": anuencia.pdf_sha256, **cancelled},
        )
    return get_by_folio(store, folio)


# -- checking --------------------------------------------------------------------------------


def _not_genuine(reason: str, folio: str = "") -> QrCheck:
    return QrCheck(False, folio=folio, reason=reason)


def verify_anuencia_qr(
    text: object,
    trusted_keys: TrustedKeys,
    *,
    store: Store | None = None,
    now: dt.datetime | None = None,
) -> QrCheck:
    """Check a scanned anuencia QR offline: genuine (untouched, signed by a trusted key) or not.

    Never raises on bad input: anything that is not exactly a genuine QR is "not genuine" with a
    reason. With ``store``, a genuine QR also says whether this device knows it was cancelled.
    """
    if not isinstance(text, str) or len(text) > MAX_QR_TEXT or not text.isascii():
        return _not_genuine("not an anuencia QR")
    try:
        parts = urlsplit(text)
        query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return _not_genuine("not an anuencia URL")
    if parts.scheme.lower() not in ("http", "https") or parts.fragment or parts.username:
        return _not_genuine("not an anuencia URL")
    if parts.path[: len(ANUENCIA_PATH)].upper() != ANUENCIA_PATH or set(query) != {"p", "s"}:
        return _not_genuine("not an anuencia URL")
    if len(query["p"]) != 1 or len(query["s"]) != 1:
        return _not_genuine("not an anuencia URL")
    folio = unquote(parts.path[len(ANUENCIA_PATH) :])
    try:
        payload_bytes = _from_b64url(query["p"][0])
        signature = _from_b64url(query["s"][0])
        payload = json.loads(payload_bytes.decode("utf-8"))
        if not isinstance(payload, dict) or set(payload) != set(PAYLOAD_FIELDS):
            raise ValueError("unexpected payload fields")
        if signing.canonical_bytes(payload) != payload_bytes:
            raise ValueError("payload is not canonical JSON")
        if payload["v"] != PAYLOAD_VERSION or payload["f"] != folio:
            raise ValueError("payload does not match the URL")
        signed_at = signing.parse_utc(str(payload["t"]))
    except (ValueError, UnicodeDecodeError, TypeError, binascii.Error):
        return _not_genuine("malformed anuencia QR", folio)
    try:
        trusted_keys.check(
            payload_bytes,
            alg=signing.ALGORITHM,
            kid=payload["k"],
            signature=base64.b64encode(signature).decode("ascii"),
            signed_at=signed_at,
            now=now or dt.datetime.now(dt.UTC),
        )
    except SignatureRejected as exc:
        return _not_genuine(exc.en, folio)
    cancelled: bool | None = None
    if store is not None:
        known = find_by_folio(store, folio)
        if known is not None and known.payload == payload_bytes.decode("utf-8"):
            cancelled = known.cancelled_at is not None
    return QrCheck(True, folio=folio, payload=payload, cancelled=cancelled)
