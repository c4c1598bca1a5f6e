"""One contract for both remotes: the in-memory server and the real server over HTTP.

Every test runs twice: against :class:`sync.client.MemoryRemote` and against a real
``verifica-server`` subprocess on SQLite (127.0.0.1, its own database per test) through
:class:`sync.client.HttpRemote`. Devices are real data folders; their edits use the app's
use-cases. What holds for one remote must hold for the other — that is what lets the fast
property tests run on the in-memory one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sync_helpers import Backend, Device, ServerProcess

from desktop.core import permits, sync_service
from desktop.store import sync_state
from desktop.store.attachments import store_bytes
from desktop.store.changes import record_change
from sync import protocol
from sync.client import AuthRevoked, HttpRemote, MemoryRemote, upload_file

pytestmark = pytest.mark.usefixtures("memory_keyring")  # never the real OS keyring


@pytest.fixture(params=["memory", "http"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    if request.param == "memory":
        yield Backend("memory")
        return
    server: ServerProcess = request.getfixturevalue("server")  # tests/conftest.py
    b = Backend("http", server)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def device(tmp_path: Path, backend: Backend) -> Iterator[Callable[[str], Device]]:
    opened: list[Device] = []

    def make(name: str) -> Device:
        d = Device.open(tmp_path / name, backend)
        opened.append(d)
        return d

    yield make
    for d in opened:
        d.close()


def test_a_change_is_marked_synced_only_once_acknowledged(
    device: Callable[[str], Device],
) -> None:
    a = device("a")
    dept = a.department()
    a.business()
    assert a.unsynced() == 2
    report = a.sync()
    assert report.acknowledged == 2
    assert a.unsynced() == 0
    assert a.record("departments", dept) is not None
    # A second sync has nothing to send and changes nothing.
    assert a.sync().acknowledged == 0


def test_replaying_a_batch_answers_duplicate(device: Callable[[str], Device]) -> None:
    a = device("a")
    a.business()
    job = sync_service.collect_push(a.store)
    first = sync_service.exchange_push(a.remote, job)
    again = sync_service.exchange_push(a.remote, job)
    assert [r.status for r in first.results] == ["accepted"]
    assert [r.status for r in again.results] == ["duplicate"]
    assert sync_service.finish_push(a.store, job, again) == 1
    assert a.unsynced() == 0


def test_records_reach_the_other_device(device: Callable[[str], Device]) -> None:
    a, b = device("a"), device("b")
    dept = a.department()
    business = a.business("Farmacia del Centro")
    case = a.case(business, dept)
    permits.change_status(a.store, a.actor, case, "en_revision")
    a.sync()
    b.sync()
    for entity, entity_id in (("businesses", business), ("permit_cases", case)):
        assert b.record(entity, entity_id) == a.record(entity, entity_id)
    assert b.record("permit_cases", case)["version"] == 2  # type: ignore[index]


def test_a_deletion_travels_as_a_tombstone(device: Callable[[str], Device]) -> None:
    a, b = device("a"), device("b")
    business = a.new_business_row("Tortillería Lupita")
    a.sync()
    b.sync()
    assert b.record("businesses", business) is not None
    a.delete_business(business)
    a.sync()
    report = b.sync()
    assert report.deleted == 1
    assert b.record("businesses", business) is None


def test_a_case_changed_on_two_devices_becomes_a_conflict_a_person_resolves(
    device: Callable[[str], Device],
) -> None:
    a, b = device("a"), device("b")
    business = a.business()
    case = a.case(business)
    a.sync()
    b.sync()
    permits.change_status(a.store, a.actor, case, "en_revision")
    permits.change_status(b.store, b.actor, case, "cancelado", "El titular desistió")
    a.sync()
    report = b.sync()
    assert report.conflicts == 1
    (conflict,) = sync_state.list_conflicts(b.store.db)
    assert conflict.local["status"] == "cancelado"
    assert conflict.remote["status"] == "en_revision"
    assert "status" in conflict.differing
    # Nothing was dropped: the local edit is still on the device, not marked synced.
    assert b.record("permit_cases", case)["status"] == "cancelado"  # type: ignore[index]
    sync_state.resolve_conflict(
        b.store, b.actor, conflict.id, {f: "local" for f in conflict.differing}
    )
    b.sync()
    a.sync()
    assert sync_state.list_conflicts(b.store.db) == []
    assert a.record("permit_cases", case) == b.record("permit_cases", case)
    assert a.record("permit_cases", case)["status"] == "cancelado"  # type: ignore[index]
    assert a.record("permit_cases", case)["version"] == 3  # type: ignore[index]


def test_pull_pages_with_a_growing_cursor(device: Callable[[str], Device]) -> None:
    a = device("a")
    made = [a.new_business_row(f"Negocio {i}") for i in range(23)]
    a.sync()
    pages, cursor = [], 0
    while True:
        page = a.remote.pull(cursor, 10)
        assert page.cursor >= cursor
        pages.append(page)
        cursor = page.cursor
        if not page.more:
            break
    assert len(pages) == 3
    pulled = [i.entity_id for p in pages for i in p.items if i.entity == "businesses"]
    assert sorted(pulled) == sorted(made)


def test_attachments_upload_by_hash_and_resume(device: Callable[[str], Device]) -> None:
    a = device("a")
    content = bytes(range(256)) * 4096 + b"tail"  # 1 MiB + 4 bytes: two chunks
    sha, path = store_bytes(a.store.attachments_dir, content)
    assert a.remote.upload_offset(sha) == 0
    assert a.remote.upload_part(sha, len(content), 0, content[:1000]) == 1000
    assert a.remote.upload_offset(sha) == 1000  # the server kept what it received

    reads: list[int] = []

    def read(offset: int, size: int) -> bytes:
        reads.append(offset)
        return content[offset : offset + size]

    upload_file(a.remote, sha, read, len(content))
    assert reads[0] == 1000  # resumed, not restarted
    assert a.remote.upload_offset(sha) is None
    # Syncing the attachment record uploads (nothing left to send) and pushes the row.
    row = {
        "sha256": sha,
        "size": len(content),
        "mime": "image/png",
        "original_name": "foto.png",
        "created_at": "2026-01-15T00:00:00.000000Z",
    }
    with a.store.write() as db:
        db.table("attachments").insert(row)
        record_change(db, a.actor, "attachments", sha, "insert", row)
    assert a.sync().acknowledged == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha


def test_a_revoked_token_stops_sync_and_keeps_pending_changes(
    device: Callable[[str], Device], backend: Backend
) -> None:
    a = device("a")
    a.business()
    if isinstance(a.remote, MemoryRemote):
        a.remote.revoked = True
    else:
        assert isinstance(a.remote, HttpRemote)
        a.remote.set_token("not-a-token")
    with pytest.raises(sync_service.SyncFailed) as caught:
        a.sync()
    assert "revocado" in caught.value.es
    assert a.unsynced() == 1
    assert sync_state.pending_count(a.store.db) == 1
    del backend


def test_a_pull_that_would_wipe_most_local_data_is_refused(
    device: Callable[[str], Device],
) -> None:
    a, b = device("a"), device("b")
    made = [a.new_business_row(f"Negocio {i}") for i in range(30)]
    a.sync()
    b.sync()
    for business in made[:25]:
        a.delete_business(business)
    a.sync()
    cursor_before = b.store.get_setting(sync_state.SETTING_CURSOR)
    with pytest.raises(sync_state.SyncRefused) as caught:
        b.sync()
    assert "borrar 25" in caught.value.es
    assert b.store.get_setting(sync_state.SETTING_CURSOR) == cursor_before
    assert all(b.record("businesses", x) is not None for x in made)
    b.sync(force=True)
    assert sum(b.record("businesses", x) is not None for x in made) == 5


def test_refused_changes_keep_the_servers_reason(device: Callable[[str], Device]) -> None:
    a = device("a")
    business = a.new_business_row("Papelería")
    case = a.case(business)
    a.sync()
    # An append-only record may not be deleted: the server refuses and says why.
    history = {
        "id": "h-" + business,
        "case_id": case,
        "from_status": None,
        "to_status": "recibido",
        "reason": "",
        "user_id": None,
        "device_id": a.store.device_id,
        "at": "2026-01-15T00:00:00.000000Z",
    }
    with a.store.write() as db:
        record_change(db, a.actor, "case_status_history", history["id"], "insert", history)
        record_change(db, a.actor, "case_status_history", history["id"], "delete", {})
    a.sync()
    states = {c.op: c for c in sync_state.list_changes(a.store.db)}
    assert states["delete"].status == "refused"
    assert "delete" in states["delete"].reason  # the server says why, in its words
    assert sync_state.pending_count(a.store.db) == 0


def test_the_audit_chain_reaches_the_server(device: Callable[[str], Device]) -> None:
    a = device("a")
    a.business()
    a.sync()
    events = a.store.db.execute("SELECT count(*) FROM audit_events").fetchone()[0]
    assert a.store.get_setting(sync_state.SETTING_AUDIT_SEQ) == str(events)
    # A push of the same events again is answered as duplicates, never a broken chain.
    rows = a.store.db.execute(
        "SELECT seq, id, at, user_id, device_id, action, entity, entity_id, details, prev_hash, "
        "hash FROM audit_events ORDER BY seq"
    ).fetchall()
    again = a.remote.push(protocol.PushRequest([], [protocol.AuditEvent(*r) for r in rows]))
    assert again.audit.broken_at is None
    assert again.audit.duplicates == events


def test_a_users_password_hash_never_leaves_the_device(
    device: Callable[[str], Device],
) -> None:
    a = device("a")
    from desktop.core import users

    users.create_user(
        a.store, a.actor, username="capturista", display_name="Ana", role="clerk",
        password="contraseña-larga",
    )  # fmt: skip
    report = a.sync()
    assert report.acknowledged == 1 and report.refused == 0
    pulled = a.remote.pull(0, 100)
    (user,) = [
        i for i in pulled.items if i.entity == "users" and i.data["username"] == "capturista"
    ]
    assert "password_hash" not in user.data


def test_a_local_account_named_like_a_server_account_does_not_block_pulls(
    device: Callable[[str], Device],
) -> None:
    from desktop.core import users

    a = device("a")
    b = device("b")
    users.create_user(
        a.store, a.actor, username="revisora", display_name="Revisora A", role="clerk",
        password="contraseña-larga",
    )  # fmt: skip
    a.sync()
    local = users.create_user(
        b.store, b.actor, username="REVISORA", display_name="Revisora B", role="clerk",
        password="otra-contraseña",
    )  # fmt: skip
    b.sync()  # pulls a's "revisora": must apply, not fail on the UNIQUE user name
    assert b.store.get_setting("sync_cursor") not in (None, "0")
    names = {r[0] for r in b.store.db.execute("SELECT username FROM users")}
    assert "REVISORA" in names
    assert any(n.startswith("revisora~") for n in names)
    assert users.authenticate(b.store, "revisora", "otra-contraseña").id == local.id


def test_revoked_error_is_raised_by_the_remote(device: Callable[[str], Device]) -> None:
    a = device("a")
    if isinstance(a.remote, MemoryRemote):
        a.remote.revoked = True
    else:
        assert isinstance(a.remote, HttpRemote)
        a.remote.set_token("bogus")
    with pytest.raises(AuthRevoked):
        a.remote.pull(0)
