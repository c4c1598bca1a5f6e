"""What this device trusts: pinned public keys and the last signed registry it accepted.

Kiosk side: an administrator pins the issuing side's public key at enrolment
(:func:`enrol_key`); from then on the sync client hands every registry it downloads to
:func:`accept_registry`, which accepts it only when a trusted key signed it, it is not older than
the registry already held (no replay of a registry from before a revocation) and not from the
future. The registry's ``keys`` list then becomes the trusted set — the only way keys change
after enrolment (rotation, DESIGN.md §5; the procedure is in :mod:`desktop.core.signing`).

Issuing side (an offline municipality's admin workstation): ``trusted_keys`` holds the public
keys it publishes (``source = 'local'``); the private key is kept outside this database.

:func:`load_registry_view` re-checks the stored snapshot's signature every time it is loaded,
so editing the registry inside the SQLite file makes it unusable instead of trusted.

Trusted keys, accepted registries and settings are device-local: the sync protocol does not
carry them as records, so their changes are written as audit events only (the audit chain is
pushed to the server, which thereby learns which registry and keys each kiosk holds — what the
rotation procedure needs) rather than as change-log rows the server would refuse.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from desktop.core.ids import utc_now, uuid7
from desktop.core.inspectors import require_manager
from desktop.core.registry import RegistryView, listed_keys, verify_registry
from desktop.core.signing import (
    SignatureRejected,
    TrustedKey,
    TrustedKeys,
    decode_public_key,
    encode_public_key,
    parse_utc,
    utc_text,
)
from desktop.core.tokens import DEFAULT_BASE_URL, normalize_base_url
from desktop.core.users import User
from desktop.errors import InvalidInput, NotAllowed
from desktop.store.changes import append_audit
from desktop.store.db import Actor, Store
from sync.protocol import canonical_json

MAX_AGE_SETTING = "registry_max_age_days"
BASE_URL_SETTING = "badge_base_url"
DEFAULT_MAX_REGISTRY_AGE = dt.timedelta(days=7)
# A registry dated later than this ahead of the device clock is refused: the clock is wrong.
CLOCK_TOLERANCE = dt.timedelta(minutes=10)
# Pinned keys trust documents from any date unless a window is given.
PINNED_FROM = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
KEEP_SNAPSHOTS = 3


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def trusted_keys(store: Store) -> TrustedKeys:
    """The public keys this device trusts, with their windows."""
    rows = store.db.execute(
        "SELECT public_key, valid_from, valid_until FROM trusted_keys ORDER BY key_id"
    ).fetchall()
    return TrustedKeys(
        TrustedKey(
            decode_public_key(r[0]),
            parse_utc(r[1]),
            parse_utc(r[2]) if r[2] is not None else None,
        )
        for r in rows
    )


def _key_row(key: TrustedKey, source: str, now: str) -> dict[str, Any]:
    """A ``trusted_keys`` row (public material only)."""
    return {
        "key_id": key.key_id,
        "public_key": encode_public_key(key.public_key),
        "valid_from": utc_text(key.valid_from),
        "valid_until": utc_text(key.valid_until) if key.valid_until else None,
        "source": source,
        "added_at": now,
        "updated_at": now,
    }


def enrol_key(
    store: Store,
    user: User,
    public_key: str | bytes,
    *,
    valid_from: dt.datetime | None = None,
    valid_until: dt.datetime | None = None,
    source: str = "enrolment",
) -> TrustedKey:
    """Pin a public key (kiosk enrolment), or publish one (``source="local"``, issuing side).

    Compare the key id this returns with the one the issuing side shows before relying on it.

    Args:
        public_key: base64 text of the raw 32-byte key, or the raw bytes.
        valid_from: start of the window (pinned keys default to any date).

    Raises:
        NotAllowed: ``user`` is not an administrator.
        InvalidInput: malformed key or window.
    """
    if user.role != "admin":
        raise NotAllowed(
            "Sólo un administrador puede registrar claves de firma.",
            "Only an administrator may enrol signing keys.",
        )
    raw = public_key if isinstance(public_key, bytes) else decode_public_key(public_key)
    if len(raw) != 32:
        raise InvalidInput("La clave pública no es válida.", "The public key is not valid.")
    key = TrustedKey(raw, valid_from or PINNED_FROM, valid_until)
    if key.valid_until is not None and key.valid_until <= key.valid_from:
        raise InvalidInput(
            "La vigencia de la clave termina antes de empezar.",
            "The key's window ends before it starts.",
        )
    now = utc_now()
    row = _key_row(key, source, now)
    with store.write() as db:
        exists = db.execute("SELECT 1 FROM trusted_keys WHERE key_id = ?", [key.key_id]).fetchone()
        if exists:
            db.table("trusted_keys").update(
                key.key_id, {k: v for k, v in row.items() if k != "added_at"}
            )
        else:
            db.table("trusted_keys").insert(row)
        append_audit(
            db, store.actor(user.id), "trusted_keys.enrol", "trusted_keys", key.key_id, row
        )
    return key


def end_key(store: Store, user: User, kid: str, valid_until: dt.datetime) -> TrustedKey:
    """Issuing side, rotation step 2: close a published key's window at ``valid_until``.

    Raises:
        NotAllowed: ``user`` is not an administrator or supervisor.
        InvalidInput: unknown key id.
    """
    require_manager(user)
    key = trusted_keys(store).get(kid)
    if key is None:
        raise InvalidInput(f"No hay una clave {kid}.", f"There is no key {kid}.")
    with store.write() as db:
        changes = {"valid_until": utc_text(valid_until), "updated_at": utc_now()}
        db.table("trusted_keys").update(kid, changes)
        append_audit(db, store.actor(user.id), "trusted_keys.end", "trusted_keys", kid, changes)
    return TrustedKey(key.public_key, key.valid_from, valid_until)


def latest_snapshot(store: Store) -> dict[str, Any] | None:
    """The last accepted registry's row (``issued_at``, ``key_id``, ``document``…), if any."""
    rows = list(
        store.db["registry_snapshots"].rows_where(
            order_by="issued_at DESC, received_at DESC", limit=1
        )
    )
    return rows[0] if rows else None


def accept_registry(
    store: Store, actor: Actor, signed: Any, *, now: dt.datetime | None = None
) -> RegistryView:
    """Check a signed registry and make it this device's registry (the sync client calls this
    with the JSON body of ``GET /registry``).

    Accepted only when: a trusted key signed it and is valid for its ``generated_at``; it is not
    older than the registry already held (an identical one is a no-op); it is not dated in the
    future (beyond :data:`CLOCK_TOLERANCE`); it still lists the key that signed it. Then its
    ``public_keys`` replace the trusted set, and a ``registry.accept`` audit event tells the
    server which registry this device now uses (so the issuing side can see when every kiosk has
    learnt a new key).

    Returns:
        The lookup view of the accepted registry.

    Raises:
        SignatureRejected: any check failed; nothing was written.
    """
    now = now or _utcnow()
    keys = trusted_keys(store)
    if not len(keys):
        raise SignatureRejected(
            "Este equipo aún no tiene claves de confianza: un administrador debe enrolarlo.",
            "This device trusts no key yet: an administrator must enrol it.",
        )
    registry, signer = verify_registry(signed, keys, now=now)
    issued = parse_utc(registry["generated_at"])
    if issued > now + CLOCK_TOLERANCE:
        raise SignatureRejected(
            "El padrón tiene fecha futura: revise la fecha y hora de este equipo.",
            "The registry is dated in the future: check this device's date and time.",
        )
    try:
        listed = listed_keys(registry)
    except InvalidInput as exc:
        raise SignatureRejected(exc.es, exc.en) from exc
    own = next((k for k in listed if k.key_id == signer.key_id), None)
    if own is None or not own.accepts(issued, issued):
        raise SignatureRejected(
            "El padrón retira la clave con la que está firmado; no se acepta.",
            "The registry drops the key it is signed with; refused.",
        )
    document = canonical_json(registry)
    view = RegistryView.from_registry(registry, base_url=base_url(store), key_id=signer.key_id)
    latest = latest_snapshot(store)
    if latest is not None:
        held = parse_utc(latest["issued_at"])
        if issued == held and latest["document"] == document:
            return view
        if issued <= held:
            raise SignatureRejected(
                f"El padrón recibido ({registry['generated_at']}) no es más reciente que el que "
                f"ya tiene este equipo ({latest['issued_at']}).",
                f"The registry received ({registry['generated_at']}) is not newer than the one "
                f"this device holds ({latest['issued_at']}).",
            )
    received = utc_now()
    snapshot = {
        "id": uuid7(),
        "issued_at": registry["generated_at"],
        "key_id": signer.key_id,
        "signature": registry["signature"],
        "document": document,
        "received_at": received,
    }
    summary = {k: v for k, v in snapshot.items() if k not in ("document", "signature")}
    summary |= {"badges": len(registry["badges"]), "inspectors": len(registry["inspectors"])}
    with store.write() as db:
        db.table("registry_snapshots").insert(snapshot)
        append_audit(db, actor, "registry.accept", "registry_snapshots", snapshot["id"], summary)
        db.execute(
            "DELETE FROM registry_snapshots WHERE id NOT IN (SELECT id FROM registry_snapshots "
            "ORDER BY issued_at DESC LIMIT ?)",
            [KEEP_SNAPSHOTS],
        )
        _replace_keys(db, actor, listed, received)
    return view


def _replace_keys(db: Any, actor: Actor, listed: list[TrustedKey], now: str) -> None:
    current = {r[0]: r for r in db.execute("SELECT key_id, public_key, valid_from, valid_until "
                                           "FROM trusted_keys")}  # fmt: skip
    wanted = {k.key_id: _key_row(k, "registry", now) for k in listed}
    for kid, row in wanted.items():
        old = current.get(kid)
        if old is None:
            db.table("trusted_keys").insert(row)
            append_audit(db, actor, "trusted_keys.add", "trusted_keys", kid, row)
        elif tuple(old[1:]) != (row["public_key"], row["valid_from"], row["valid_until"]):
            changes = {k: row[k] for k in ("valid_from", "valid_until", "source", "updated_at")}
            db.table("trusted_keys").update(kid, changes)
            append_audit(db, actor, "trusted_keys.update", "trusted_keys", kid, row)
    for kid in set(current) - set(wanted):
        db.execute("DELETE FROM trusted_keys WHERE key_id = ?", [kid])
        append_audit(db, actor, "trusted_keys.drop", "trusted_keys", kid, {"key_id": kid})


def load_registry_view(store: Store) -> RegistryView | None:
    """The last accepted registry, re-checked against the trusted keys; ``None`` if there is none.

    The signature is re-verified at the registry's own date, so a snapshot edited inside the
    database, or one signed by a key that is no longer trusted, is not used.

    Raises:
        SignatureRejected: the stored registry no longer verifies (tampered database).
    """
    latest = latest_snapshot(store)
    if latest is None:
        return None
    try:
        signed = json.loads(latest["document"])
    except ValueError as exc:
        raise SignatureRejected(
            "El padrón guardado en este equipo está dañado.",
            "The registry stored on this device is damaged.",
        ) from exc
    issued = parse_utc(latest["issued_at"])
    registry, key = verify_registry(signed, trusted_keys(store), now=issued)
    if registry["generated_at"] != latest["issued_at"]:
        raise SignatureRejected(
            "El padrón guardado en este equipo fue alterado.",
            "The registry stored on this device was altered.",
        )
    return RegistryView.from_registry(registry, base_url=base_url(store), key_id=key.key_id)


def max_registry_age(store: Store) -> dt.timedelta:
    """How old a registry may be before verdicts become "cannot confirm" (setting in days)."""
    value = store.get_setting(MAX_AGE_SETTING)
    try:
        days = float(value) if value is not None else None
    except ValueError:
        days = None
    if days is None or not 0 < days <= 365:
        return DEFAULT_MAX_REGISTRY_AGE
    return dt.timedelta(days=days)


def base_url(store: Store) -> str:
    """The badge base URL of this device (setting ``badge_base_url``, default HTTPS://VRF.MX)."""
    try:
        return normalize_base_url(store.get_setting(BASE_URL_SETTING) or DEFAULT_BASE_URL)
    except InvalidInput:
        return DEFAULT_BASE_URL
