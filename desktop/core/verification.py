"""Badge verification: one pure function from scanned text to a verdict, and the scan log.

:func:`verify_scan` never raises on any text. Its rules, in order:

1. The text must be exactly ``{BASE_URL}/C/{TOKEN}`` (scheme and host in any ASCII case, a
   canonical 26-character token; see :func:`desktop.core.tokens.parse_badge_url`). Anything
   else is ``not_issued`` — that is a fact about the text, whatever the registry's age.
2. No registry, or one older than ``max_registry_age`` (or dated ahead of the device clock, a
   sign of a wrong clock), while not ``online``: facts that can only get worse stand — a revoked
   badge stays ``suspended_or_revoked``, a past expiry stays ``expired`` — and everything else,
   including an unknown token and a badge that was valid, is ``cannot_confirm``.
3. Badge revoked (reissued, or inspector retired) → ``suspended_or_revoked``.
4. Unknown token hash → ``not_issued``.
5. Inspector not ``activo`` (``suspendido``, ``baja``, or gone from the registry) →
   ``suspended_or_revoked``.
6. Past the badge's expiry or the inspector's ``valid_until`` → ``expired``.
7. Otherwise ``valid``: show the photo, since a badge is not an ID.

``online=True`` means the caller has just confirmed with the server that its registry is
current, so the age limit does not apply. Dates are calendar dates of the device's local zone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from desktop.core import tokens
from desktop.core.dates import format_date
from desktop.core.ids import utc_now, uuid7
from desktop.core.registry import RegistryBadge, RegistryInspector, RegistryView
from desktop.core.signing import utc_text
from desktop.store.changes import record_change
from desktop.store.db import Actor, Store

VALID = "valid"
SUSPENDED_OR_REVOKED = "suspended_or_revoked"
EXPIRED = "expired"
NOT_ISSUED = "not_issued"
CANNOT_CONFIRM = "cannot_confirm"
VERDICTS = (VALID, SUSPENDED_OR_REVOKED, EXPIRED, NOT_ISSUED, CANNOT_CONFIRM)
ACTIVE = "activo"

# Headlines for screens and printouts (es-MX, English).
HEADLINES: dict[str, tuple[str, str]] = {
    VALID: ("Inspector activo", "Active inspector"),
    SUSPENDED_OR_REVOKED: ("Credencial suspendida o revocada", "Badge suspended or revoked"),
    EXPIRED: ("Credencial vencida", "Badge expired"),
    NOT_ISSUED: ("Credencial no emitida por el municipio", "Badge not issued by us"),
    CANNOT_CONFIRM: ("No se puede confirmar", "Cannot confirm"),
}

MAX_STORED_TEXT = 500
# A registry dated further ahead of the device clock than this means the clock is wrong.
CLOCK_SKEW = dt.timedelta(minutes=10)
# Any run that could be (part of) a token, whatever its case, is masked before storage.
_TOKEN_LIKE = re.compile(r"[A-Za-z2-7]{12,}")


@dataclass(frozen=True)
class Verdict:
    """The answer to one scan. ``inspector`` is filled whenever the badge is known."""

    kind: str
    reason_es: str
    reason_en: str
    inspector: RegistryInspector | None = None
    badge: RegistryBadge | None = None
    token_hash: str | None = None
    registry_issued_at: dt.datetime | None = None
    registry_age: dt.timedelta | None = None

    @property
    def photo_sha256(self) -> str | None:
        return self.inspector.photo_sha256 if self.inspector else None

    def headline(self, lang: str = "es") -> str:
        es, en = HEADLINES[self.kind]
        return en if lang.startswith("en") else es

    def reason(self, lang: str = "es") -> str:
        return self.reason_en if lang.startswith("en") else self.reason_es

    def to_json(self, lang: str = "es") -> dict[str, Any]:
        """A flat, JSON-ready description (``verifica scan --json``)."""
        inspector = self.inspector
        return {
            "verdict": self.kind,
            "headline": self.headline(lang),
            "reason": self.reason(lang),
            "inspector": None
            if inspector is None
            else {
                "id": inspector.id,
                "full_name": inspector.full_name,
                "department": inspector.department,
                "position": inspector.position,
                "status": inspector.status,
                "valid_until": inspector.valid_until.isoformat() if inspector.valid_until else None,
                "photo_sha256": inspector.photo_sha256,
            },
            "badge_id": self.badge.id if self.badge else None,
            "registry_issued_at": utc_text(self.registry_issued_at)
            if self.registry_issued_at
            else None,
            "registry_age_hours": round(self.registry_age.total_seconds() / 3600, 1)
            if self.registry_age is not None
            else None,
        }


def _age_words(age: dt.timedelta) -> tuple[str, str]:
    days = age.days
    if days >= 1:
        return f"{days} día{'s' if days != 1 else ''}", f"{days} day{'s' if days != 1 else ''}"
    hours = int(age.total_seconds() // 3600)
    return f"{hours} h", f"{hours} h"


def verify_scan(
    text: object,
    registry_view: RegistryView | None,
    *,
    now: dt.datetime,
    max_registry_age: dt.timedelta,
    online: bool = False,
    base_url: str = tokens.DEFAULT_BASE_URL,
) -> Verdict:
    """Turn scanned text into a verdict. Never raises, whatever ``text`` holds.

    Args:
        text: exactly what the decoder or the keyboard-wedge reader produced (without the Enter).
        registry_view: the device's registry (``None`` when it has none yet).
        now: the current time, timezone-aware (naive is taken as UTC).
        max_registry_age: older registries give ``cannot_confirm`` (while not ``online``).
        online: the caller confirmed with the server just now that its registry is current.
        base_url: the badge base URL to expect when there is no registry (else the registry's).
    """
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.UTC)
    expected_base = registry_view.base_url if registry_view is not None else base_url
    token = tokens.parse_badge_url(text, expected_base)
    issued_at = registry_view.issued_at if registry_view is not None else None
    age = registry_view.age(now) if registry_view is not None else None
    context: dict[str, Any] = {"registry_issued_at": issued_at, "registry_age": age}
    if token is None:
        return Verdict(
            NOT_ISSUED,
            "Este código no es una credencial emitida por el municipio.",
            "This code is not a badge issued by the municipality.",
            **context,
        )
    digest = tokens.token_hash(token)
    context["token_hash"] = digest
    badge = registry_view.badges.get(digest) if registry_view is not None else None
    inspector = (
        registry_view.inspectors.get(badge.inspector_id)
        if registry_view is not None and badge is not None
        else None
    )
    context |= {"badge": badge, "inspector": inspector}
    today = now.astimezone().date()

    if registry_view is None or age is None:
        return Verdict(
            CANNOT_CONFIRM,
            "Este equipo aún no tiene el padrón de inspectores. Conéctelo a la red para "
            "actualizarlo.",
            "This device has no inspector registry yet. Connect it to the network to update it.",
            **context,
        )
    stale = not online and (age > max_registry_age or age < -CLOCK_SKEW)

    # Revocation and expiry only ever get worse, so they stand even on a stale registry.
    if badge is not None and badge.revoked_at is not None:
        return Verdict(SUSPENDED_OR_REVOKED, *_revoked_words(inspector), **context)
    until = _expiry(badge, inspector) if badge is not None else None
    expired = until is not None and until < today
    if stale and not expired:
        return Verdict(CANNOT_CONFIRM, *_stale_words(age), **context)
    if badge is None:
        return Verdict(
            NOT_ISSUED,
            "Esta credencial no aparece en el padrón de inspectores.",
            "This badge is not in the inspector registry.",
            **context,
        )
    if not stale and (inspector is None or inspector.status != ACTIVE):
        return Verdict(SUSPENDED_OR_REVOKED, *_inactive_words(inspector), **context)
    if until is not None and expired:
        return Verdict(
            EXPIRED,
            f"La credencial venció el {format_date(until)}.",
            f"The badge expired on {until.isoformat()}.",
            **context,
        )
    return Verdict(
        VALID,
        "Inspector activo. Compare la fotografía con la persona que se presenta.",
        "Active inspector. Compare the photo with the person in front of you.",
        **context,
    )


def _stale_words(age: dt.timedelta) -> tuple[str, str]:
    if age < -CLOCK_SKEW:
        return (
            "La fecha y hora de este equipo parecen incorrectas; no se puede confirmar.",
            "This device's date and time look wrong; cannot confirm.",
        )
    age_es, age_en = _age_words(age)
    return (
        f"El padrón de este equipo tiene {age_es} de antigüedad; no se puede confirmar. "
        "Conéctelo a la red para actualizarlo.",
        f"This device's registry is {age_en} old; cannot confirm. Connect it to the network "
        "to update it.",
    )


def _expiry(badge: RegistryBadge, inspector: RegistryInspector | None) -> dt.date | None:
    """The earlier of the badge's expiry and the inspector's validity (``None``: no limit)."""
    dates = [d for d in (badge.expires_at, inspector.valid_until if inspector else None) if d]
    return min(dates) if dates else None


def _revoked_words(inspector: RegistryInspector | None) -> tuple[str, str]:
    if inspector is not None and inspector.status == "baja":
        return ("El inspector fue dado de baja.", "The inspector has left the service.")
    return (
        "Esta credencial fue revocada o reemplazada por una nueva; ya no es válida.",
        "This badge was revoked or replaced by a new one; it is no longer valid.",
    )


def _inactive_words(inspector: RegistryInspector | None) -> tuple[str, str]:
    if inspector is None:
        return (
            "El inspector ya no figura en el padrón.",
            "The inspector is no longer on the registry.",
        )
    if inspector.status == "suspendido":
        return (
            "El inspector está suspendido: no puede realizar inspecciones.",
            "The inspector is suspended and may not carry out inspections.",
        )
    return ("El inspector fue dado de baja.", "The inspector has left the service.")


# -- the scan log ----------------------------------------------------------------------------


def redact_scanned_text(text: object) -> str:
    """What of a scan may be stored: no token (nor anything token-like), bounded, valid UTF-8.

    A stored genuine token would let anyone holding the database print that badge again, so
    every run of 12+ base32-like letters keeps only its first 4 characters.
    """
    if not isinstance(text, str):
        text = repr(text)
    text = text[: MAX_STORED_TEXT * 2]
    # Lone surrogates (possible in decoded junk) cannot be stored as UTF-8.
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    text = _TOKEN_LIKE.sub(lambda m: m.group(0)[:4] + "*" * (len(m.group(0)) - 4), text)
    return text[:MAX_STORED_TEXT]


def record_verification(
    store: Store, actor: Actor, text: object, verdict: Verdict, location: str = ""
) -> str:
    """Store one scan as a verification (plus change-log row and audit event); return its id.

    The scanned text is stored redacted (:func:`redact_scanned_text`); the badge is named by its
    token hash, id and inspector id. ``badge_id`` is filled only where the badge row exists
    locally (the issuing desktop); a kiosk knows badges only through its signed registry.
    """
    badge_id = verdict.badge.id if verdict.badge else None
    with store.write() as db:
        if (
            badge_id is not None
            and not db.execute("SELECT 1 FROM badges WHERE id = ?", [badge_id]).fetchone()
        ):
            badge_id = None
        row: dict[str, Any] = {
            "id": uuid7(),
            "badge_id": badge_id,
            "scanned_text": redact_scanned_text(text),
            "verdict": verdict.kind,
            "device_id": actor.device_id,
            "location": location.strip()[:200],
            "at": utc_now(),
            "inspector_id": verdict.inspector.id if verdict.inspector else None,
            "token_hash": verdict.token_hash,
            "reason": verdict.reason_es,
            "registry_issued_at": utc_text(verdict.registry_issued_at)
            if verdict.registry_issued_at
            else None,
        }
        db.table("verifications").insert(row)
        record_change(db, actor, "verifications", row["id"], "insert", row)
    return str(row["id"])


def registry_view_for_scans(store: Store) -> RegistryView:
    """The registry this device verifies against.

    The last accepted signed registry if there is one (kiosks); otherwise, on an issuing store
    that has badges of its own, a view built from its own tables (it is the source); otherwise
    an empty view, which makes every well-formed badge ``cannot_confirm``.

    Raises:
        SignatureRejected: the stored registry no longer verifies (tampered database).
    """
    from desktop.core import badges, trust

    view = trust.load_registry_view(store)
    if view is not None:
        return view
    if store.db.execute("SELECT 1 FROM badges LIMIT 1").fetchone():
        return RegistryView.from_registry(
            badges.build_registry(store), base_url=trust.base_url(store)
        )
    return RegistryView.empty(trust.base_url(store))
