"""Badges and the inspector registry: tokens, QR size, the Padrón use-cases, signing keys, signed
registries (tamper, replay, rotation) and what a stolen kiosk database does *not* give away."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import numpy as np
import pytest
import zxingcpp
from memory_keyring import MemoryKeyring
from PIL import Image

from desktop.core import badges, inspectors, permits, signing, tokens, trust, users
from desktop.core.registry import (
    RegistryKeySigner,
    registry_signer_from_env,
    sign_registry,
    verify_registry,
)
from desktop.core.signing import SignatureRejected, TrustedKey, TrustedKeys
from desktop.core.verification import (
    NOT_ISSUED,
    SUSPENDED_OR_REVOKED,
    VALID,
    record_verification,
    registry_view_for_scans,
    verify_scan,
)
from desktop.errors import InvalidInput, NotAllowed
from desktop.store import Store, open_store
from desktop.store.attachments import attachment_path
from desktop.store.changes import verify_audit_chain
from sync import protocol

TODAY = dt.date.today()
YESTERDAY = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)


def _photo() -> bytes:
    image = Image.new("RGB", (60, 80), (190, 160, 130))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def _count(store: Store, table: str) -> int:
    return int(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@dataclass
class Issuer:
    """An issuing data folder: admin, a department, a published signing key."""

    store: Store
    admin: users.User
    department_id: str
    key: signing.Ed25519PrivateKey

    def inspector(self, name: str = "Luis Enrique Pech Dzul", **kwargs: object) -> str:
        fields: dict[str, object] = {
            "full_name": name,
            "department_id": self.department_id,
            "position": "Inspector de Protección Civil",
            "valid_from": TODAY - dt.timedelta(days=30),
            "valid_until": TODAY + dt.timedelta(days=365),
        }
        fields.update(kwargs)
        return inspectors.add_inspector(self.store, self.admin, **fields)  # type: ignore[arg-type]

    def signed(self, now: dt.datetime | None = None) -> dict[str, object]:
        return badges.signed_registry(self.store, self.key, now=now)


@pytest.fixture
def issuer(store: Store, admin: users.User) -> Issuer:
    department = permits.create_department(
        store, store.actor(admin.id), code="PC", name="Protección Civil"
    )
    key = signing.generate_private_key()
    trust.enrol_key(
        store,
        admin,
        signing.public_key_raw(key),
        valid_from=dt.datetime.now(dt.UTC) - dt.timedelta(days=1),
        source="local",
    )
    return Issuer(store, admin, department, key)


def _kiosk_store(folder: Path, public_key: bytes) -> Store:
    kiosk = open_store(folder)
    admin = users.create_first_admin(
        kiosk, username="admin", display_name="Admin", password="contraseña-segura"
    )
    trust.enrol_key(kiosk, admin, public_key)
    return kiosk


@pytest.fixture
def kiosk(tmp_path: Path, issuer: Issuer) -> Iterator[Store]:
    store = _kiosk_store(tmp_path / "kiosco", signing.public_key_raw(issuer.key))
    yield store
    store.close()


def _user(store: Store, admin: users.User, role: str) -> users.User:
    return users.create_user(
        store,
        store.actor(admin.id),
        username=role,
        display_name=role.title(),
        password="contraseña-segura",
        role=role,
    )


# -- tokens and the QR -------------------------------------------------------------------------


def test_a_token_is_26_base32_characters_holding_128_random_bits() -> None:
    seen = {tokens.new_token() for _ in range(2000)}
    assert len(seen) == 2000
    for token in list(seen)[:50]:
        assert re.fullmatch(r"[A-Z2-7]{26}", token)
        assert tokens.is_token(token)
        assert len(base64.b32decode(token + "======")) == 16


def test_only_the_canonical_spelling_of_a_token_is_accepted() -> None:
    token = tokens.new_token()
    # The last character carries 3 bits and 2 zero filler bits: flipping a filler bit decodes to
    # the same 128 bits, and must still be refused (no two texts for one badge).
    alphabet = tokens.TOKEN_ALPHABET
    twin = token[:-1] + alphabet[alphabet.index(token[-1]) ^ 1]
    assert base64.b32decode(twin + "======") == base64.b32decode(token + "======")
    assert not tokens.is_token(twin)
    assert not tokens.is_token(token.lower())
    assert not tokens.is_token(token[:-1])
    assert tokens.token_hash(token) == hashlib.sha256(token.encode("ascii")).hexdigest()
    assert tokens.token_hash(token) == protocol.badge_token_hash(token)  # the server agrees


def _read_qr(matrix: list[list[bool]]) -> zxingcpp.Barcode:
    image = np.where(np.array(matrix), 0, 255).astype(np.uint8).repeat(6, 0).repeat(6, 1)
    (result,) = zxingcpp.read_barcodes(image)
    return result


def test_the_badge_qr_is_version_4_or_lower_at_level_q_as_a_decoder_reads_it() -> None:
    url = tokens.badge_url(tokens.new_token())
    result = _read_qr(badges.qr_matrix(url))
    assert result.text == url
    assert result.extra["ECLevel"] == "Q"
    assert int(result.extra["Version"]) == 3
    # The longest base URL we accept still fits version 4 …
    longest = "HTTPS://" + "A" * 27 + ".MX"  # 38 characters
    assert badges.check_base_url(longest) == longest
    result = _read_qr(badges.qr_matrix(tokens.badge_url(tokens.new_token(), longest)))
    assert int(result.extra["Version"]) == 4 and result.extra["ECLevel"] == "Q"
    # … and one character more is refused with a message that says why.
    with pytest.raises(InvalidInput, match="version 5"):
        badges.check_base_url("HTTPS://" + "A" * 28 + ".MX")


@pytest.mark.parametrize(
    "url",
    [
        "https://vrf.mx/c",
        "https://vrf.mx?x=1",
        "ftp://vrf.mx",
        "https://user@vrf.mx",
        "https://vrf..mx",
        "https://vrf.m\u0445",  # Cyrillic ha, a look-alike of x
        "",
    ],
)
def test_a_malformed_base_url_is_refused(url: str) -> None:
    with pytest.raises(InvalidInput):
        badges.check_base_url(url)


def test_the_base_url_setting_changes_new_badges_only(issuer: Issuer) -> None:
    inspector = issuer.inspector()
    first = badges.issue_badge(issuer.store, issuer.admin, inspector)
    assert first.url.startswith("HTTPS://VRF.MX/C/")
    assert badges.set_base_url(issuer.store, issuer.admin, "https://verifica.ejemplo.gob.mx")
    second = badges.issue_badge(issuer.store, issuer.admin, inspector)
    assert second.url.startswith("HTTPS://VERIFICA.EJEMPLO.GOB.MX/C/")
    with pytest.raises(InvalidInput):
        badges.set_base_url(issuer.store, issuer.admin, "https://" + "x" * 40 + ".gob.mx")


# -- the Padrón ----------------------------------------------------------------------------------


def test_adding_an_inspector_stores_the_photo_as_an_attachment_and_audits_it(
    issuer: Issuer,
) -> None:
    photo = _photo()
    inspector_id = issuer.inspector(photo=photo, photo_name="luis.jpg")
    inspector = inspectors.get_inspector(issuer.store, inspector_id)
    sha = hashlib.sha256(photo).hexdigest()
    assert inspector.photo_sha256 == sha and inspector.status == "activo"
    assert attachment_path(issuer.store.attachments_dir, sha).read_bytes() == photo
    db = issuer.store.db
    assert db.execute("SELECT mime FROM attachments WHERE sha256 = ?", [sha]).fetchone() == (
        "image/jpeg",
    )
    link = db.execute(
        "SELECT entity, entity_id, kind FROM attachment_links WHERE sha256 = ?", [sha]
    ).fetchone()
    assert link == ("inspectors", inspector_id, "photo")
    logged = {
        r[0]
        for r in db.execute("SELECT entity FROM change_log WHERE user_id = ?", [issuer.admin.id])
    }
    assert {"inspectors", "attachments", "attachment_links"} <= logged
    assert verify_audit_chain(db).ok


def test_a_bad_photo_or_bad_fields_write_nothing(issuer: Issuer) -> None:
    before = (_count(issuer.store, "inspectors"), _count(issuer.store, "change_log"))
    with pytest.raises(InvalidInput, match="JPEG or PNG"):
        issuer.inspector(photo=b"GIF89a not a photo")
    with pytest.raises(InvalidInput):
        issuer.inspector(name="   ")
    with pytest.raises(InvalidInput):
        issuer.inspector(department_id="no-such-department")
    with pytest.raises(InvalidInput):
        issuer.inspector(valid_until=TODAY - dt.timedelta(days=400))
    assert (_count(issuer.store, "inspectors"), _count(issuer.store, "change_log")) == before


def test_only_administrators_and_supervisors_change_the_registry_or_issue_badges(
    issuer: Issuer,
) -> None:
    inspector_id = issuer.inspector()
    supervisor = _user(issuer.store, issuer.admin, "supervisor")
    inspectors.suspend_inspector(issuer.store, supervisor, inspector_id, reason="Investigación")
    inspectors.reactivate_inspector(issuer.store, supervisor, inspector_id, reason="Concluida")
    badges.issue_badge(issuer.store, supervisor, inspector_id)
    for role in ("clerk", "inspector", "comptroller", "kiosk"):
        outsider = _user(issuer.store, issuer.admin, role)
        before = _count(issuer.store, "change_log")
        with pytest.raises(NotAllowed):
            inspectors.add_inspector(
                issuer.store, outsider, full_name="X", department_id=issuer.department_id,
                position="", valid_from=TODAY, valid_until=TODAY,
            )  # fmt: skip
        with pytest.raises(NotAllowed):
            inspectors.suspend_inspector(issuer.store, outsider, inspector_id, reason="x")
        with pytest.raises(NotAllowed):
            badges.issue_badge(issuer.store, outsider, inspector_id)
        with pytest.raises(NotAllowed):
            trust.enrol_key(issuer.store, outsider, signing.public_key_raw(issuer.key))
        assert _count(issuer.store, "change_log") == before


def test_status_changes_need_a_reason_follow_the_rules_and_record_the_date(issuer: Issuer) -> None:
    store, admin = issuer.store, issuer.admin
    inspector_id = issuer.inspector()
    badges.issue_badge(store, admin, inspector_id)
    with pytest.raises(InvalidInput, match="reason"):
        inspectors.suspend_inspector(store, admin, inspector_id, reason=" ")
    when = dt.datetime(2026, 3, 2, 15, 30, tzinfo=dt.UTC)
    suspended = inspectors.suspend_inspector(
        store, admin, inspector_id, reason="Denuncia en investigación", at=when
    )
    assert (suspended.status, suspended.status_reason) == (
        "suspendido",
        "Denuncia en investigación",
    )
    assert suspended.status_at == "2026-03-02T15:30:00.000000Z"
    with pytest.raises(InvalidInput):
        inspectors.suspend_inspector(store, admin, inspector_id, reason="otra vez")
    assert inspectors.reactivate_inspector(
        store, admin, inspector_id, reason="Sin falta"
    ).status == ("activo")
    retired = inspectors.retire_inspector(store, admin, inspector_id, reason="Renuncia voluntaria")
    assert retired.status == "baja"
    # Retiring revokes the badge; a retired inspector is never reactivated or re-badged.
    assert [(b["revoked_reason"]) for b in badges.badges_of(store, inspector_id)] == ["baja"]
    with pytest.raises(InvalidInput):
        inspectors.reactivate_inspector(store, admin, inspector_id, reason="error")
    with pytest.raises(InvalidInput, match="is not active"):
        badges.issue_badge(store, admin, inspector_id)
    actions = [
        r[0]
        for r in store.db.execute(
            "SELECT action FROM audit_events WHERE entity_id = ? ORDER BY seq", [inspector_id]
        )
    ]
    assert actions == [
        "inspectors.insert",
        "inspectors.suspend",
        "inspectors.reactivate",
        "inspectors.retire",
    ]
    assert verify_audit_chain(store.db).ok


def test_editing_an_inspector_audits_before_and_after(issuer: Issuer) -> None:
    inspector_id = issuer.inspector()
    edited = inspectors.edit_inspector(
        issuer.store, issuer.admin, inspector_id, position="Jefa de inspectores", reason="Ascenso"
    )
    assert edited.position == "Jefa de inspectores"
    (details,) = issuer.store.db.execute(
        "SELECT details FROM audit_events WHERE action = 'inspectors.edit'"
    ).fetchone()
    audited = json.loads(details)
    assert audited["before"] == {"position": "Inspector de Protección Civil"}
    assert audited["after"]["position"] == "Jefa de inspectores"
    assert audited["reason"] == "Ascenso"
    unchanged = inspectors.edit_inspector(
        issuer.store, issuer.admin, inspector_id, position=" Jefa de inspectores "
    )
    assert unchanged == edited  # nothing to change: nothing written
    assert _count(issuer.store, "audit_events") == 1 + int(
        issuer.store.db.execute(
            "SELECT count(*) FROM audit_events WHERE action != 'inspectors.edit'"
        ).fetchone()[0]
    )


# -- issuing ---------------------------------------------------------------------------------


def _all_text(folder: Path) -> bytes:
    """Every byte of every file in a data folder (database, WAL, attachments)."""
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_issuing_keeps_only_the_token_hash_and_reissuing_revokes_the_old_badge(
    issuer: Issuer,
) -> None:
    store, admin = issuer.store, issuer.admin
    inspector_id = issuer.inspector()
    first = badges.issue_badge(store, admin, inspector_id)
    assert first.token not in repr(first)  # tokens are never logged by accident
    second = badges.issue_badge(store, admin, inspector_id)
    assert second.revoked_badge_ids == (first.badge_id,)
    rows = {b["id"]: b for b in badges.badges_of(store, inspector_id)}
    assert rows[first.badge_id]["revoked_reason"] == "reemitida"
    assert rows[first.badge_id]["revoked_at"] == second.issued_at
    assert rows[second.badge_id]["revoked_at"] is None
    assert rows[second.badge_id]["token_hash"] == tokens.token_hash(second.token)
    assert rows[second.badge_id]["expires_at"] == (TODAY + dt.timedelta(days=365)).isoformat()
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    everything = _all_text(store.data_dir)
    for token in (first.token, second.token):
        assert token.encode() not in everything and token.lower().encode() not in everything


def test_no_badge_for_an_inspector_whose_validity_is_over(issuer: Issuer) -> None:
    inspector_id = issuer.inspector(
        valid_from=TODAY - dt.timedelta(days=400), valid_until=TODAY - dt.timedelta(days=1)
    )
    with pytest.raises(InvalidInput, match="validity ended"):
        badges.issue_badge(issuer.store, issuer.admin, inspector_id)
    assert badges.badges_of(issuer.store, inspector_id) == []


# -- keys ------------------------------------------------------------------------------------


def test_a_key_id_is_the_first_16_hex_digits_of_sha256_of_the_raw_public_key() -> None:
    key = signing.generate_private_key()
    raw = signing.public_key_raw(key)
    assert len(raw) == 32
    assert signing.key_id(key) == hashlib.sha256(raw).hexdigest()[:16]
    assert signing.decode_public_key(signing.encode_public_key(key)) == raw


def test_a_private_key_file_is_owner_only_never_in_the_data_folder_never_overwritten(
    tmp_path: Path, store: Store
) -> None:
    key = signing.generate_private_key()
    with pytest.raises(InvalidInput, match="data folder"):
        signing.save_private_key(key, store.data_dir / "firma.pem", forbidden_dirs=[store.data_dir])
    path = signing.save_private_key(key, tmp_path / "firma.pem", forbidden_dirs=[store.data_dir])
    assert signing.key_id(signing.load_private_key(path)) == signing.key_id(key)
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
        path.chmod(0o644)
        with pytest.raises(InvalidInput, match="readable by other users"):
            signing.load_private_key(path)
        path.chmod(0o600)
    with pytest.raises(InvalidInput, match="never overwritten"):
        signing.save_private_key(signing.generate_private_key(), path)
    protected = signing.save_private_key(key, tmp_path / "cifrada.pem", passphrase=b"frase larga")
    with pytest.raises(InvalidInput):
        signing.load_private_key(protected)
    assert signing.key_id(signing.load_private_key(protected, b"frase larga")) == signing.key_id(
        key
    )


def test_a_private_key_can_live_in_the_os_keyring() -> None:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        key = signing.generate_private_key()
        kid = signing.save_private_key_to_keyring(key)
        assert signing.key_id(signing.load_private_key_from_keyring(kid)) == kid
        with pytest.raises(InvalidInput):
            signing.load_private_key_from_keyring("0" * 16)
    finally:
        keyring.set_keyring(previous)


# -- signed registries -----------------------------------------------------------------------


def test_a_kiosk_accepts_a_signed_registry_and_refuses_any_tampering(
    issuer: Issuer, kiosk: Store
) -> None:
    inspector_id = issuer.inspector()
    old = badges.issue_badge(issuer.store, issuer.admin, inspector_id)
    badges.issue_badge(issuer.store, issuer.admin, inspector_id)
    signed = json.loads(json.dumps(issuer.signed()))  # as it travels
    tampered = []
    for edit in (
        lambda r: next(b for b in r["badges"] if b["revoked_at"]).update(revoked_at=None),
        lambda r: next(b for b in r["badges"] if not b["revoked_at"]).update(
            expires_at="2099-12-31"
        ),
        lambda r: r["inspectors"][0].update(status="activo", full_name="Otra Persona"),
        lambda r: r["badges"].append(dict(r["badges"][0], token_hash="ab" * 32, id="forjada")),
        lambda r: r.update(generated_at="2099-01-01T00:00:00.000000Z"),
        lambda r: r["public_keys"].append(
            TrustedKey(signing.public_key_raw(signing.generate_private_key()), YESTERDAY).to_entry()
        ),
        lambda r: r.update(signature=base64.b64encode(b"\0" * 64).decode()),
        lambda r: r.update(signature_alg="none"),
        lambda r: r.pop("signature"),
        lambda r: r.update(badges="todas"),
    ):
        copy = json.loads(json.dumps(signed))
        edit(copy)
        tampered.append(copy)
    for copy in tampered:
        with pytest.raises(SignatureRejected):
            trust.accept_registry(kiosk, kiosk.actor(None), copy)
    assert _count(kiosk, "registry_snapshots") == 0
    view = trust.accept_registry(kiosk, kiosk.actor(None), signed)
    assert _count(kiosk, "registry_snapshots") == 1
    verdict = verify_scan(old.url, view, now=dt.datetime.now(dt.UTC), max_registry_age=WEEK)
    assert verdict.kind == SUSPENDED_OR_REVOKED


def test_a_registry_signed_by_an_unknown_key_or_an_untrusting_kiosk_is_refused(
    tmp_path: Path, issuer: Issuer, kiosk: Store
) -> None:
    issuer.inspector()
    forger = signing.generate_private_key()
    forged = sign_registry(badges.build_registry(issuer.store), forger)
    with pytest.raises(SignatureRejected, match="does not trust"):
        verify_registry(forged, trust.trusted_keys(kiosk), now=dt.datetime.now(dt.UTC))
    with pytest.raises(SignatureRejected):
        trust.accept_registry(kiosk, kiosk.actor(None), forged)
    fresh = open_store(tmp_path / "sin-enrolar")
    try:
        with pytest.raises(SignatureRejected, match="enrol"):
            trust.accept_registry(fresh, fresh.actor(None), issuer.signed())
    finally:
        fresh.close()


def test_an_older_or_future_registry_is_refused_so_a_revocation_cannot_be_rolled_back(
    issuer: Issuer, kiosk: Store
) -> None:
    now = dt.datetime.now(dt.UTC)
    inspector_id = issuer.inspector()
    issued = badges.issue_badge(issuer.store, issuer.admin, inspector_id)
    before_suspension = issuer.signed(now - dt.timedelta(hours=2))
    inspectors.suspend_inspector(issuer.store, issuer.admin, inspector_id, reason="Denuncia")
    after = issuer.signed(now - dt.timedelta(hours=1))
    trust.accept_registry(kiosk, kiosk.actor(None), after, now=now)
    assert trust.accept_registry(kiosk, kiosk.actor(None), after, now=now)  # same one: no-op
    with pytest.raises(SignatureRejected, match="not newer"):
        trust.accept_registry(kiosk, kiosk.actor(None), before_suspension, now=now)
    with pytest.raises(SignatureRejected, match="future"):
        trust.accept_registry(
            kiosk, kiosk.actor(None), issuer.signed(now + dt.timedelta(hours=2)), now=now
        )
    assert _count(kiosk, "registry_snapshots") == 1
    view = trust.load_registry_view(kiosk)
    assert view is not None
    assert verify_scan(issued.url, view, now=now, max_registry_age=WEEK).kind == (
        SUSPENDED_OR_REVOKED
    )


def test_key_rotation_reaches_the_kiosk_through_a_registry_signed_by_the_old_key(
    tmp_path: Path, issuer: Issuer, kiosk: Store
) -> None:
    store, admin = issuer.store, issuer.admin
    now = dt.datetime.now(dt.UTC)
    issued = badges.issue_badge(store, admin, issuer.inspector())
    old_key, new_key = issuer.key, signing.generate_private_key()
    # Before the kiosk knows the new key, anything it signs is refused.
    trust.enrol_key(
        store,
        admin,
        signing.public_key_raw(new_key),
        valid_from=now - dt.timedelta(hours=5),
        source="local",
    )
    with pytest.raises(SignatureRejected, match="does not trust"):
        trust.accept_registry(
            kiosk, kiosk.actor(None),
            badges.signed_registry(store, new_key, now=now - dt.timedelta(hours=4)), now=now,
        )  # fmt: skip
    # Step 2: the old key signs a registry listing both keys, the old one ending in 30 days.
    trust.end_key(store, admin, signing.key_id(old_key), now + dt.timedelta(days=30))
    handover = badges.signed_registry(store, old_key, now=now - dt.timedelta(hours=3))
    trust.accept_registry(kiosk, kiosk.actor(None), handover, now=now)
    known = {k.key_id: k for k in trust.trusted_keys(kiosk)}
    assert set(known) == {signing.key_id(old_key), signing.key_id(new_key)}
    assert known[signing.key_id(old_key)].valid_until == now + dt.timedelta(days=30)
    # Step 3: registries signed by the new key are now accepted.
    view = trust.accept_registry(
        kiosk,
        kiosk.actor(None),
        badges.signed_registry(store, new_key, now=now - dt.timedelta(hours=2)),
        now=now,
    )
    assert view.key_id == signing.key_id(new_key)
    assert verify_scan(issued.url, view, now=now, max_registry_age=WEEK).kind == VALID
    # Step 4: after its window the old key is refused, even for a back-dated document.
    later = now + dt.timedelta(days=31)
    late = badges.signed_registry(store, old_key, now=later - dt.timedelta(hours=1))
    with pytest.raises(SignatureRejected, match="not valid"):
        trust.accept_registry(kiosk, kiosk.actor(None), late, now=later)
    # The trust changes are audited (the audit chain reaches the server: it sees who learnt what).
    actions = [r[0] for r in kiosk.db.execute("SELECT action FROM audit_events ORDER BY seq")]
    assert actions.count("registry.accept") == 2 and "trusted_keys.update" in actions
    assert "trusted_keys.add" in actions
    assert verify_audit_chain(kiosk.db).ok


def test_the_server_signing_hook_produces_registries_kiosks_accept(
    tmp_path: Path, issuer: Issuer, kiosk: Store
) -> None:
    """The contract with sync/server/registry.py: its build_registry plus our signer."""
    from sync.server import db as server_db
    from sync.server import registry as server_registry

    key_file = signing.save_private_key(issuer.key, tmp_path / "servidor.pem")
    published = tmp_path / "claves.json"
    published.write_text(json.dumps([k.to_entry() for k in trust.trusted_keys(issuer.store)]))
    signer = registry_signer_from_env(
        {"VERIFICA_SIGNING_KEY_FILE": str(key_file), "VERIFICA_PUBLISHED_KEYS_FILE": str(published)}
    )
    assert signer is not None and signer.key_id == signing.key_id(issuer.key)
    assert registry_signer_from_env({}) is None
    engine = server_db.make_engine(f"sqlite:///{tmp_path / 'server.db'}", create=True)
    server_db.migrate(engine)
    generated = signing.utc_text(dt.datetime.now(dt.UTC))
    with server_db.read(engine) as conn:
        served = server_registry.build_registry(conn, generated, signer)
    body = json.loads(protocol.to_json(served))
    view = trust.accept_registry(kiosk, kiosk.actor(None), body)
    assert view.issued_at == signing.parse_utc(generated)
    # The same signer over a registry that lists badges, built the way the server builds it.
    token = tokens.new_token()
    registry = protocol.Registry(
        signing.utc_text(dt.datetime.now(dt.UTC)),
        [protocol.RegistryDepartment("d1", "PC", "Protección Civil")],
        [
            protocol.RegistryInspector(
                "i1", "Ana Ñúñez", "d1", "Inspectora", None, "activo", None, None, "2099-12-31"
            )
        ],
        [protocol.RegistryBadge("b1", "i1", tokens.token_hash(token), None, "2099-12-31", None)],
    )
    registry.public_keys = signer.public_keys()
    registry.signature, registry.signature_alg, registry.key_id = signer.sign(
        protocol.registry_signing_bytes(registry)
    )
    view = trust.accept_registry(kiosk, kiosk.actor(None), json.loads(protocol.to_json(registry)))
    verdict = verify_scan(
        tokens.badge_url(token), view, now=dt.datetime.now(dt.UTC), max_registry_age=WEEK
    )
    assert (verdict.kind, verdict.inspector and verdict.inspector.department) == (
        VALID,
        "Protección Civil",
    )


def test_a_registry_edited_inside_the_kiosk_database_is_not_used(
    issuer: Issuer, kiosk: Store
) -> None:
    inspector_id = issuer.inspector()
    issued = badges.issue_badge(issuer.store, issuer.admin, inspector_id)
    inspectors.suspend_inspector(issuer.store, issuer.admin, inspector_id, reason="Denuncia")
    trust.accept_registry(kiosk, kiosk.actor(None), issuer.signed())
    (document,) = kiosk.db.execute("SELECT document FROM registry_snapshots").fetchone()
    kiosk.db.execute(
        "UPDATE registry_snapshots SET document = ?",
        [document.replace('"suspendido"', '"activo"')],
    )
    with pytest.raises(SignatureRejected, match="altered"):
        trust.load_registry_view(kiosk)
    with pytest.raises(SignatureRejected):
        registry_view_for_scans(kiosk)
    assert issued.url.startswith("HTTPS://VRF.MX/C/")


# -- the stolen kiosk ------------------------------------------------------------------------


def test_a_copy_of_the_kiosk_database_gives_no_way_to_produce_a_valid_badge(
    tmp_path: Path, issuer: Issuer, kiosk: Store
) -> None:
    store, admin = issuer.store, issuer.admin
    issued = [
        badges.issue_badge(store, admin, issuer.inspector(name, photo=_photo()))
        for name in ("Ana Ñúñez", "Luis Pech", "Rosa Chi")
    ]
    trust.accept_registry(kiosk, kiosk.actor(None), issuer.signed())
    now = dt.datetime.now(dt.UTC)
    view = trust.load_registry_view(kiosk)
    for badge in issued:  # the kiosk logs every scan, genuine ones included
        verdict = verify_scan(badge.url, view, now=now, max_registry_age=WEEK)
        assert verdict.kind == VALID
        record_verification(kiosk, kiosk.actor(None), badge.url, verdict, "Ventanilla 1")
    kiosk.close()
    stolen = tmp_path / "robada"
    shutil.copytree(kiosk.data_dir, stolen)

    # 1. No token, in any letter case, anywhere in the copied files; no private key either.
    raw = _all_text(stolen)
    for badge in issued:
        assert badge.token.encode() not in raw and badge.token.lower().encode() not in raw
    private_raw = issuer.key.private_bytes_raw()
    assert private_raw not in raw and b"PRIVATE KEY" not in raw
    assert base64.b64encode(private_raw) not in raw

    # 2. What it holds about badges is SHA-256 hashes, and public keys.
    conn = sqlite3.connect(stolen / "verifica.db")
    (document,) = conn.execute("SELECT document FROM registry_snapshots").fetchone()
    hashes = {b["token_hash"] for b in json.loads(document)["badges"]}
    assert hashes == {tokens.token_hash(b.token) for b in issued}
    assert conn.execute("SELECT count(*) FROM badges").fetchone() == (0,)
    keys = [base64.b64decode(r[0]) for r in conn.execute("SELECT public_key FROM trusted_keys")]
    assert keys == [signing.public_key_raw(issuer.key)]

    # 3. Any token spelled from anything in the copy is not a valid badge.
    strings = [
        value
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        for row in conn.execute(f'SELECT * FROM "{table}"')
        for value in row
        if isinstance(value, str)
    ]
    candidates = {
        m.upper()[:26].ljust(26, "A") for s in strings for m in re.findall(r"[A-Za-z2-7]{4,}", s)
    } | {base64.b32encode(bytes.fromhex(h)[:16]).decode().rstrip("=") for h in hashes}
    assert len(candidates) > 50
    for candidate in candidates:
        verdict = verify_scan(f"HTTPS://VRF.MX/C/{candidate}", view, now=now, max_registry_age=WEEK)
        assert verdict.kind != VALID, candidate
    conn.close()

    # 4. Re-signing the registry with a forged token needs the private key: with any other key,
    #    a kiosk refuses it; edited in place, the copy itself refuses it.
    forged_token = tokens.new_token()
    body = json.loads(document)
    body["badges"].append(
        dict(body["badges"][0], id="forjada", token_hash=tokens.token_hash(forged_token))
    )
    other = _kiosk_store(tmp_path / "otro-kiosco", signing.public_key_raw(issuer.key))
    try:
        with pytest.raises(SignatureRejected):
            trust.accept_registry(
                other, other.actor(None), sign_registry(body, signing.generate_private_key())
            )
        with pytest.raises(SignatureRejected):
            trust.accept_registry(other, other.actor(None), body)
    finally:
        other.close()
    copy = open_store(stolen)
    try:
        copy.db.execute("UPDATE registry_snapshots SET document = ?", [json.dumps(body)])
        with pytest.raises(SignatureRejected):
            trust.load_registry_view(copy)
        forged_url = tokens.badge_url(forged_token)
        assert verify_scan(forged_url, view, now=now, max_registry_age=WEEK).kind == NOT_ISSUED
    finally:
        copy.close()


def test_trusted_keys_checks_signature_windows() -> None:
    key = signing.generate_private_key()
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    keys = TrustedKeys([TrustedKey(signing.public_key_raw(key), start, end)])
    value = {"folio": "PC-2026-000001", "negocio": "Abarrotes Doña Chela"}
    signature = signing.sign(key, value)
    inside = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    assert (
        keys.check_value(value, signature, signed_at=inside, now=inside).key_id
        == signature["key_id"]
    )
    for signed_at, now in (
        (start - dt.timedelta(seconds=1), inside),
        (inside, end + dt.timedelta(seconds=1)),
    ):
        with pytest.raises(SignatureRejected):
            keys.check_value(value, signature, signed_at=signed_at, now=now)
    with pytest.raises(SignatureRejected, match="altered"):
        keys.check_value({**value, "negocio": "Otro"}, signature, signed_at=inside, now=inside)
    with pytest.raises(ValueError):
        signing.canonical_bytes({"monto": 1.5})
    assert RegistryKeySigner(key).public_keys()[0]["key_id"] == signing.key_id(key)
