"""The local store: migrations, atomic use-cases, the audit chain and refusals of bad files."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import sqlite3
import uuid
from pathlib import Path

import pytest

from desktop.core import permits, users
from desktop.core.ids import uuid7
from desktop.errors import InvalidInput, StoreUnavailable
from desktop.store import DB_FILENAME, Store, open_store
from desktop.store.changes import GENESIS, verify_audit_chain
from desktop.store.maintenance import backup_store, check_store
from desktop.store.schema import KNOWN_MIGRATIONS, SCHEMA_VERSION

EXPECTED_TABLES = {
    "settings",
    "departments",
    "users",
    "businesses",
    "permit_cases",
    "case_status_history",
    "form_templates",
    "inspections",
    "inspectors",
    "badges",
    "verifications",
    "complaints",
    "ratings",
    "attachments",
    "attachment_links",
    "change_log",
    "audit_events",
}


def _counts(store: Store) -> tuple[int, int, int]:
    q = store.db.execute
    return (
        q("SELECT count(*) FROM permit_cases").fetchone()[0],
        q("SELECT count(*) FROM change_log").fetchone()[0],
        q("SELECT count(*) FROM audit_events").fetchone()[0],
    )


def test_migrations_build_every_table_from_an_empty_file(tmp_path: Path) -> None:
    data = tmp_path / "nueva"
    (data).mkdir()
    (data / DB_FILENAME).touch()  # an empty file is a new database, not a corrupt one
    store = open_store(data)
    tables = set(store.db.table_names())
    assert EXPECTED_TABLES <= tables
    assert store.schema_version == SCHEMA_VERSION
    applied = [m[0] for m in store.db.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == list(KNOWN_MIGRATIONS)
    assert len(store.device_id) == 36
    store.close()


def test_reopening_keeps_data_and_device_id(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    device = store.device_id
    users.create_first_admin(store, username="ana", display_name="Ana", password="12345678x")
    store.close()
    again = open_store(tmp_path)
    assert again.device_id == device
    assert users.has_users(again)
    again.close()


def test_pragmas_make_acknowledged_writes_durable(store: Store) -> None:
    q = store.db.execute
    assert q("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert q("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert q("PRAGMA foreign_keys").fetchone()[0] == 1
    assert q("PRAGMA busy_timeout").fetchone()[0] > 0


def test_ids_are_time_ordered_uuid7(store: Store, actor) -> None:
    first = permits.create_business(store, actor, name="Abarrotes La Güera")
    second = permits.create_business(store, actor, name="Papelería El Lápiz")
    assert first[14] == "7" and second[14] == "7"
    assert first < second
    # Many in the same millisecond still come out in order, and never twice.
    burst = [uuid7() for _ in range(10_000)]
    assert burst == sorted(burst) and len(set(burst)) == len(burst)
    assert all(uuid.UUID(i).version == 7 for i in burst[:50])


def test_a_use_case_writes_record_change_log_and_audit_together(store: Store, actor) -> None:
    before = _counts(store)
    business = permits.create_business(store, actor, name="Tortillería San José")
    permits.create_case(
        store, actor, folio="PC-1", business_id=business, received_date=dt.date(2025, 3, 1)
    )
    cases, changes, events = _counts(store)
    assert cases == before[0] + 1
    # business + case + first history entry, each with its change-log row and audit event
    assert changes - before[1] == 3
    assert events - before[2] == 3
    event = store.db.execute(
        "SELECT user_id, device_id FROM audit_events ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    assert event == (actor.user_id, store.device_id)


def test_a_failed_use_case_leaves_no_record_change_or_audit_behind(store: Store, actor) -> None:
    business = permits.create_business(store, actor, name="Farmacia del Ahorro")
    permits.create_case(
        store, actor, folio="PC-7", business_id=business, received_date=dt.date(2025, 3, 1)
    )
    before = _counts(store)
    with pytest.raises(InvalidInput):  # duplicate folio
        permits.create_case(
            store, actor, folio="PC-7", business_id=business, received_date=dt.date(2025, 3, 2)
        )
    with pytest.raises(sqlite3.IntegrityError):  # business does not exist: fails mid-transaction
        permits.create_case(
            store, actor, folio="PC-8", business_id="nope", received_date=dt.date(2025, 3, 2)
        )
    assert _counts(store) == before
    assert verify_audit_chain(store.db).ok


def test_a_failure_after_partial_writes_rolls_back_everything(store: Store, actor) -> None:
    before = _counts(store)
    with pytest.raises(RuntimeError), store.write():
        permits.create_business(store, actor, name="Estética Bella")
        raise RuntimeError("power cut")
    assert _counts(store) == before
    assert store.db.execute("SELECT count(*) FROM businesses").fetchone()[0] == 0


def test_audit_chain_links_every_event(store: Store, actor) -> None:
    permits.create_business(store, actor, name="Lavandería Burbujas")
    rows = store.db.execute("SELECT prev_hash, hash FROM audit_events ORDER BY seq").fetchall()
    assert rows[0][0] == GENESIS
    for (_, prev), (link, _) in itertools.pairwise(rows):
        assert link == prev
    assert verify_audit_chain(store.db).ok


@pytest.mark.parametrize(
    "tamper",
    [
        'UPDATE audit_events SET details = \'{"to":"aprobado"}\' WHERE seq = 2',
        "UPDATE audit_events SET user_id = 'otro' WHERE seq = 1",
        "DELETE FROM audit_events WHERE seq = 2",
        "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)",
    ],
    ids=["edited-details", "edited-user", "deleted-middle", "deleted-last"],
)
def test_tampering_with_the_audit_trail_is_detected(store: Store, actor, tamper: str) -> None:
    permits.create_business(store, actor, name="Ferretería El Martillo")
    permits.create_business(store, actor, name="Cafetería Caribe")
    assert check_store(store).ok
    store.db.execute(tamper)
    store.db.conn.commit()
    report = check_store(store)
    assert not report.ok
    assert any("audit chain" in p for p in report.problems)


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path: Path) -> None:
    db_file = tmp_path / DB_FILENAME
    content = b"Nombre,Folio\nTacos,PC-1\n" * 100
    db_file.write_bytes(content)
    with pytest.raises(StoreUnavailable) as info:
        open_store(tmp_path)
    assert "no es SQLite" in info.value.es and "not SQLite" in info.value.en
    assert db_file.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_FILENAME]


def test_another_programs_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / DB_FILENAME)
    conn.execute("CREATE TABLE contactos (nombre TEXT)")
    conn.execute("INSERT INTO contactos VALUES ('Lupita')")
    conn.commit()
    conn.close()
    before = (tmp_path / DB_FILENAME).read_bytes()
    for migrate in (True, False):
        with pytest.raises(StoreUnavailable) as info:
            open_store(tmp_path, migrate=migrate)
        assert "no de Verifica" in info.value.es
    assert (tmp_path / DB_FILENAME).read_bytes() == before


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.close()
    conn = sqlite3.connect(tmp_path / DB_FILENAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('verifica', 'm999_from_the_future', 'x')"
    )
    conn.commit()
    conn.close()
    before = (tmp_path / DB_FILENAME).read_bytes()
    with pytest.raises(StoreUnavailable) as info:
        open_store(tmp_path)
    assert "más nueva" in info.value.es
    assert (tmp_path / DB_FILENAME).read_bytes() == before


def test_a_read_only_folder_is_refused_and_nothing_is_created(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "solo-lectura"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:
        # Root bypasses permission bits; make os.access answer as it does for everyone else
        # (and as it does for root on a read-only mount).
        real_access = os.access
        monkeypatch.setattr(
            os, "access", lambda p, mode: False if Path(p) == folder else real_access(p, mode)
        )
    try:
        with pytest.raises(StoreUnavailable) as info:
            open_store(folder)
        assert "solo lectura" in info.value.es
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_backup_is_a_consistent_copy_that_opens(store: Store, actor, tmp_path: Path) -> None:
    permits.create_business(store, actor, name="Consultorio Dental Sonrisas")
    written = backup_store(store, tmp_path)
    assert written.parent == tmp_path
    copy = open_store_copy(written)
    assert copy.execute("SELECT name FROM businesses").fetchall() == [
        ("Consultorio Dental Sonrisas",)
    ]
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()
    with pytest.raises(Exception, match="never overwritten"):
        backup_store(store, written)


def open_store_copy(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


def test_attachments_are_named_by_hash_and_written_whole(store: Store) -> None:
    from desktop.store.attachments import store_bytes

    digest, path = store_bytes(store.attachments_dir, b"foto del extintor")
    assert path.name == digest and path.read_bytes() == b"foto del extintor"
    again, same = store_bytes(store.attachments_dir, b"foto del extintor")
    assert (again, same) == (digest, path)
    assert not list(store.attachments_dir.rglob(".incoming-*"))
