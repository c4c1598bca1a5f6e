"""Public verification pages (HTML, es-MX, no login): badges and issued anuencias.

* ``/c/{token}`` — the URL in a badge QR (``HTTPS://HOST/C/TOKEN``; path and token are
  case-insensitive). The server knows badges only by the SHA-256 of their token. It shows the
  inspector's photo, name, position, department and a verdict, or "no es una credencial válida".
* ``/a/{folio-or-id}`` — an issued anuencia: business, activity, department, validity and status.
* ``/denuncia`` — how to file a complaint (or a redirect to the municipality's own form).

Only what a citizen needs is shown: no owner names, phone numbers or internal ids.

The weekly transparency page (response figures per department) is
:mod:`sync.server.transparency`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Connection, Engine, select

from sync import protocol
from sync.server import db, models

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Verdicts, as the kiosk names them (DESIGN.md §5).
VALID = "valid"
SUSPENDED = "suspended_or_revoked"
EXPIRED = "expired"
NOT_ISSUED = "not_issued"

VERDICT_TEXT = {
    VALID: ("Credencial válida", "Inspector activo. Compare la foto con la persona."),
    SUSPENDED: (
        "Credencial suspendida o revocada",
        "Esta persona no está autorizada para realizar inspecciones.",
    ),
    EXPIRED: (
        "Credencial fuera de vigencia",
        "Esta credencial no está vigente. No permita la inspección.",
    ),
    NOT_ISSUED: (
        "No es una credencial válida",
        "El municipio no emitió esta credencial. No permita la inspección y repórtelo.",
    ),
}

CASE_STATUS_TEXT = {
    "emitido": "Vigente",
    "entregado": "Vigente",
    "cancelado": "Cancelada",
    "rechazado": "No otorgada",
}
INSPECTOR_STATUS_TEXT = {"activo": "Activo", "suspendido": "Suspendido", "baja": "Baja"}


def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        auto_reload=False,
    )


def _record(conn: Connection, entity: str, entity_id: Any) -> dict[str, Any] | None:
    if not isinstance(entity_id, str) or not entity_id or len(entity_id) > models.KEY:
        return None
    r = models.records.c
    row = conn.execute(
        select(r.data).where(r.entity == entity, r.entity_id == entity_id, ~r.deleted)
    ).first()
    return json.loads(row.data) if row is not None else None


def _by_lookup(conn: Connection, entity: str, lookup: str) -> tuple[str, dict[str, Any]] | None:
    r = models.records.c
    row = conn.execute(
        select(r.entity_id, r.data)
        .where(r.entity == entity, r.lookup == lookup, ~r.deleted)
        .order_by(r.seq.desc())
        .limit(1)
    ).first()
    return (row.entity_id, json.loads(row.data)) if row is not None else None


def _when(value: Any) -> dt.date | None:
    """A record's date (``YYYY-MM-DD``) or timestamp (made UTC-aware); ``None`` if neither."""
    if not isinstance(value, str) or not value:
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def _past(value: Any, now: dt.datetime) -> bool:
    """Whether a date (valid through that whole day) or timestamp lies before ``now``."""
    when = _when(value)
    if isinstance(when, dt.datetime):
        return when < now
    return when is not None and when < now.date()


def _future(value: Any, now: dt.datetime) -> bool:
    """Whether a date or timestamp lies after ``now`` (a date: after ``now``'s day)."""
    when = _when(value)
    if isinstance(when, dt.datetime):
        return when > now
    return when is not None and when > now.date()


@dataclass(frozen=True)
class BadgeView:
    verdict: str
    title: str
    advice: str
    full_name: str = ""
    position: str = ""
    department: str = ""
    inspector_status: str = ""
    expires: str = ""
    has_photo: bool = False


def badge_view(engine: Engine, text: str) -> tuple[BadgeView, str | None]:
    """The verdict page for a scanned badge token, and the photo hash to show (if any)."""
    token = protocol.normalize_badge_token(text)
    not_issued = BadgeView(NOT_ISSUED, *VERDICT_TEXT[NOT_ISSUED])
    if token is None:
        return not_issued, None
    with db.read(engine) as conn:
        found = _by_lookup(conn, "badges", protocol.badge_token_hash(token))
        if found is None:
            return not_issued, None
        badge = found[1]
        inspector = _record(conn, "inspectors", badge.get("inspector_id"))
        if inspector is None:
            return not_issued, None
        department = _record(conn, "departments", inspector.get("department_id")) or {}
    now = dt.datetime.now(dt.UTC)
    if badge.get("revoked_at") or inspector.get("status") in ("suspendido", "baja"):
        verdict = SUSPENDED
    elif (
        _past(badge.get("expires_at"), now)
        or _past(inspector.get("valid_until"), now)
        or _future(inspector.get("valid_from"), now)
    ):
        verdict = EXPIRED
    else:
        verdict = VALID
    photo = inspector.get("photo_sha256")
    photo = photo if isinstance(photo, str) else None
    view = BadgeView(
        verdict,
        *VERDICT_TEXT[verdict],
        full_name=str(inspector.get("full_name", "")),
        position=str(inspector.get("position", "")),
        department=str(department.get("name", "")),
        inspector_status=INSPECTOR_STATUS_TEXT.get(str(inspector.get("status")), ""),
        expires=str(badge.get("expires_at") or "")[:10],
        has_photo=photo is not None,
    )
    return view, photo


@dataclass(frozen=True)
class AnuenciaView:
    found: bool
    folio: str = ""
    status: str = ""
    status_class: str = ""
    business: str = ""
    activity: str = ""
    address: str = ""
    department: str = ""
    procedure: str = ""
    issued: str = ""
    valid_until: str = ""


def anuencia_view(engine: Engine, ref: str) -> AnuenciaView:
    """The public page of a permit case found by id or folio (case-insensitive)."""
    ref = ref.strip()
    if not ref or len(ref) > 128 or "\x00" in ref or not ref.isprintable():
        return AnuenciaView(False)
    try:
        ref.encode("utf-8")
    except UnicodeEncodeError:
        return AnuenciaView(False)
    with db.read(engine) as conn:
        case = _record(conn, "permit_cases", ref)
        if case is None:
            found = _by_lookup(conn, "permit_cases", ref.upper())
            case = found[1] if found else None
        if case is None:
            return AnuenciaView(False)
        business = _record(conn, "businesses", case.get("business_id")) or {}
        department = _record(conn, "departments", case.get("department_id")) or {}
    status = str(case.get("status", ""))
    label = CASE_STATUS_TEXT.get(status, "En trámite (aún no emitida)")
    now = dt.datetime.now(dt.UTC)
    valid_until = case.get("valid_until")
    if label == "Vigente" and _past(valid_until, now):
        label = "Vencida"
    css = {"Vigente": "ok", "Cancelada": "bad", "No otorgada": "bad", "Vencida": "warn"}
    address = ", ".join(
        str(part) for part in (business.get("address"), business.get("colonia")) if part
    )
    return AnuenciaView(
        True,
        folio=str(case.get("folio", "")),
        status=label,
        status_class=css.get(label, "info"),
        business=str(business.get("name", "")),
        activity=str(business.get("scian_description", "")),
        address=address,
        department=str(department.get("name", "")),
        procedure=str(case.get("procedure_type", "")).replace("_", " "),
        issued=str(case.get("issued_at") or "")[:10],
        valid_until=str(valid_until or "")[:10],
    )
