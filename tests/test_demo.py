"""The demo data folder: realistic, legal histories, a sound store, and real data never touched."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core import users, workflow
from desktop.demo import DEMO_PASSWORD, create_demo, demo_logins, populate
from desktop.errors import EnvironmentProblem, InvalidInput
from desktop.store import DB_FILENAME, Store, open_store
from desktop.store.maintenance import check_store

SMALL = 300


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small demo folder shared by the read-only tests of this module."""
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    create_demo(data_dir, seed=2026, cases=SMALL)
    return data_dir


@pytest.fixture
def demo_store(demo_dir: Path) -> Iterator[Store]:
    s = open_store(demo_dir)
    yield s
    s.close()


def test_demo_creates_a_sound_demo_folder(demo_store: Store) -> None:
    report = check_store(demo_store)
    assert report.ok, report.problems
    assert demo_store.is_demo
    assert demo_store.db.execute("SELECT count(*) FROM permit_cases").fetchone()[0] == SMALL
    # Every case has its own business, in Protección Civil.
    assert demo_store.db.execute("SELECT count(*) FROM businesses").fetchone()[0] == SMALL
    codes = {r[0] for r in demo_store.db.execute("SELECT code FROM departments")}
    assert codes == {"PC", "DU", "CAT", "CON", "ECO"}


def test_demo_backlog_has_a_realistic_mix_of_statuses(demo_store: Store) -> None:
    counts = dict(
        demo_store.db.execute("SELECT status, count(*) FROM permit_cases GROUP BY status")
    )
    assert len(counts) >= 7, counts
    backlog = sum(counts.get(s, 0) for s in ("recibido", "en_revision", "requiere_documentos"))
    assert backlog > SMALL * 0.3, counts  # a real backlog
    assert counts.get("entregado", 0) > 0


def test_older_cases_are_further_along(demo_store: Store) -> None:
    rows = demo_store.db.execute(
        "SELECT status FROM permit_cases ORDER BY received_date, folio"
    ).fetchall()
    third = len(rows) // 3
    oldest = [s for (s,) in rows[:third]]
    newest = [s for (s,) in rows[-third:]]
    assert oldest.count("recibido") < newest.count("recibido")
    assert sum(s in workflow.FINAL for s in oldest) > sum(s in workflow.FINAL for s in newest)


def test_every_case_history_is_a_legal_chain_ending_at_its_status(demo_store: Store) -> None:
    history: dict[str, list[tuple[str | None, str, str, str]]] = {}
    for case_id, from_s, to_s, reason, at in demo_store.db.execute(
        "SELECT case_id, from_status, to_status, reason, at FROM case_status_history "
        "ORDER BY case_id, at, rowid"
    ):
        history.setdefault(case_id, []).append((from_s, to_s, reason, at))
    cases = demo_store.db.execute(
        "SELECT id, status, version, received_date, updated_at FROM permit_cases"
    ).fetchall()
    assert len(history) == len(cases)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    for case_id, status, version, received_date, updated_at in cases:
        steps = history[case_id]
        assert steps[0][:2] == (None, workflow.INITIAL)
        assert steps[0][3][:10] >= received_date  # UTC date of a Cancún office-hours moment
        for (_, prev_to, _, prev_at), (from_s, to_s, reason, at) in itertools.pairwise(steps):
            assert from_s == prev_to
            assert (from_s, to_s) in workflow.TRANSITIONS
            assert at > prev_at
            if to_s in workflow.REASON_REQUIRED:
                assert reason.strip(), (case_id, to_s)
        assert steps[-1][1] == status
        assert steps[-1][3] == updated_at
        assert steps[-1][3] < now
        assert version == len(steps)


def test_change_log_replays_to_the_stored_cases(demo_store: Store) -> None:
    """The outbox carries each case as received plus one update per step, like the use-cases."""
    replayed: dict[str, dict[str, object]] = {}
    for entity_id, op, data in demo_store.db.execute(
        "SELECT entity_id, op, data FROM change_log WHERE entity = 'permit_cases' ORDER BY seq"
    ):
        if op == "insert":
            replayed[entity_id] = json.loads(data)
        else:
            replayed[entity_id].update(json.loads(data))
    cursor = demo_store.db.execute("SELECT * FROM permit_cases")
    columns = [d[0] for d in cursor.description]
    stored = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor}
    assert replayed.keys() == stored.keys()
    for case_id, record in replayed.items():
        # Columns kept by triggers (derived counts) are not part of the change log.
        assert record == {k: stored[case_id][k] for k in record}
        assert {"status", "version", "updated_at", "assignee_id", "due_date"} <= record.keys()


def test_demo_has_inspectors_inspections_complaints_and_ratings(demo_store: Store) -> None:
    db = demo_store.db
    inspectors = Counter(r[0] for r in db.execute("SELECT status FROM inspectors"))
    assert sum(inspectors.values()) == 25
    assert inspectors["activo"] > 20 and inspectors["suspendido"] and inspectors["baja"]
    assert not db.execute(
        "SELECT 1 FROM inspectors WHERE status != 'activo' AND status_reason = ''"
    ).fetchone()
    assert db.execute("SELECT count(*) FROM badges").fetchone()[0] == 0  # a later issue

    # Closed inspections belong to cases that were inspected.
    assert not db.execute(
        "SELECT 1 FROM inspections i WHERE i.status = 'cerrada' AND (i.result IS NULL OR "
        "NOT EXISTS (SELECT 1 FROM case_status_history h WHERE h.case_id = i.case_id "
        "AND h.to_status = 'inspeccionado'))"
    ).fetchone()
    assert db.execute("SELECT count(*) FROM inspections").fetchone()[0] > 50
    template = db.execute("SELECT code, version FROM form_templates").fetchall()
    assert template == [("pc_bajo_riesgo", 1)]

    kinds = {r[0] for r in db.execute("SELECT kind FROM complaints")}
    assert {"corrupcion", "riesgo"} <= kinds
    for folio, code_hash in db.execute("SELECT folio, followup_code_hash FROM complaints"):
        assert folio.startswith("DEN-") and len(folio) == len("DEN-2026-K7QM-0001")
        assert len(code_hash) == 64 and int(code_hash, 16) >= 0
    bad = db.execute(
        "SELECT count(*) FROM ratings WHERE speed NOT BETWEEN 1 AND 5 "
        "OR attention NOT BETWEEN 1 AND 5 OR service NOT BETWEEN 1 AND 5"
    ).fetchone()[0]
    assert bad == 0
    assert db.execute("SELECT count(*) FROM ratings").fetchone()[0] >= 30


def test_demo_logins_authenticate_with_their_roles(demo_store: Store) -> None:
    raw = json.loads(demo_store.get_setting("demo_logins") or "[]")
    assert {entry["role"] for entry in raw} == {
        "admin",
        "supervisor",
        "clerk",
        "inspector",
        "comptroller",
        "kiosk",
    }
    assert [login.username for login in demo_logins(demo_store)] == [e["username"] for e in raw]
    for entry in raw:
        user = users.authenticate(demo_store, entry["username"], entry["password"])
        assert user.role == entry["role"]
        assert user.display_name == entry["display_name"]
    # Cases are assigned to the clerk and the inspector sometimes.
    assignees = {
        r[0]
        for r in demo_store.db.execute(
            "SELECT u.role FROM permit_cases c JOIN users u ON u.id = c.assignee_id"
        )
    }
    assert {"clerk", "inspector"} <= assignees


def test_full_demo_has_2000_cases(tmp_path: Path) -> None:
    summary = create_demo(tmp_path / "demo", seed=2026)
    assert summary.cases == 2000
    store = open_store(tmp_path / "demo")
    try:
        assert store.db.execute("SELECT count(*) FROM permit_cases").fetchone()[0] == 2000
        assert check_store(store).ok
    finally:
        store.close()
    for lang in ("es", "en"):
        text = summary.text(lang)
        assert "2000" in text and "capturista" in text and DEMO_PASSWORD in text


def test_demo_refuses_a_folder_with_real_data_and_leaves_it_untouched(
    store: Store, admin: users.User
) -> None:
    before = store.db.execute("SELECT count(*) FROM audit_events").fetchone()[0]
    with pytest.raises(InvalidInput) as refused:
        create_demo(store.data_dir, cases=10)
    assert "datos reales" in refused.value.text("es")
    assert "real data" in refused.value.text("en")
    assert users.authenticate(store, "admin", "contraseña-segura").id == admin.id
    assert not store.is_demo
    assert store.db.execute("SELECT count(*) FROM permit_cases").fetchone()[0] == 0
    # Only the sign-in above was added.
    assert store.db.execute("SELECT count(*) FROM audit_events").fetchone()[0] == before + 1


def test_demo_refuses_a_sqlite_file_that_is_not_verifica(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('importante')")
    conn.commit()
    conn.close()
    content = (data_dir / DB_FILENAME).read_bytes()
    with pytest.raises(InvalidInput):
        create_demo(data_dir, cases=10)
    assert (data_dir / DB_FILENAME).read_bytes() == content


def test_demo_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / DB_FILENAME).write_bytes(b"hoja de calculo, no una base de datos")
    with pytest.raises(InvalidInput):
        create_demo(data_dir, cases=10)
    assert (data_dir / DB_FILENAME).read_bytes() == b"hoja de calculo, no una base de datos"


def test_demo_fills_a_store_that_never_recorded_anything(store: Store) -> None:
    """The app opened once and closed at the first-run screen: nothing to lose."""
    device_id = store.device_id
    summary = create_demo(store.data_dir, cases=20)
    assert summary.cases == 20
    assert store.is_demo
    assert store.device_id == device_id


def test_demo_refills_a_demo_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    create_demo(data_dir, seed=1, cases=40)
    (data_dir / "attachments" / "ab").mkdir(parents=True)
    (data_dir / "attachments" / "ab" / "old-photo").write_bytes(b"jpeg")
    summary = create_demo(data_dir, seed=2, cases=60)
    assert summary.cases == 60
    assert not (data_dir / "attachments" / "ab").exists()
    store = open_store(data_dir)
    try:
        assert store.is_demo
        assert store.db.execute("SELECT count(*) FROM permit_cases").fetchone()[0] == 60
        assert store.db.execute("SELECT count(*) FROM users").fetchone()[0] == 6
        assert check_store(store).ok
    finally:
        store.close()


def test_same_seed_gives_the_same_content(tmp_path: Path) -> None:
    morning = dt.datetime(2026, 5, 4, 14, 0, tzinfo=dt.UTC)
    evening = dt.datetime(2026, 5, 4, 23, 0, tzinfo=dt.UTC)

    def content(name: str, seed: int, now: dt.datetime = morning) -> list[tuple[object, ...]]:
        s = open_store(tmp_path / name)
        try:
            populate(s, seed=seed, cases=50, now=now)
            return s.db.execute(
                "SELECT c.folio, c.status, c.received_date, b.name, b.owner_name, b.address "
                "FROM permit_cases c JOIN businesses b ON b.id = c.business_id ORDER BY c.folio"
            ).fetchall()
        finally:
            s.close()

    first = content("a", 7)
    assert first == content("b", 7)
    assert first != content("c", 8)
    assert all(str(folio).startswith(("PC-2024-", "PC-2025-", "PC-2026-")) for folio, *_ in first)
    # Later the same day only cases with a step in between may move; the rest stay as they were.
    later = content("d", 7, evening)
    assert [row[2:] for row in later] == [row[2:] for row in first]  # dates and businesses
    assert sum(a != b for a, b in zip(first, later, strict=True)) <= len(first) // 10


def test_demo_says_what_to_do_when_the_old_demo_cannot_be_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    create_demo(data_dir, cases=10)

    def locked(self: Path, missing_ok: bool = False) -> None:
        raise PermissionError(13, "El archivo está en uso")

    with monkeypatch.context() as patch:
        patch.setattr(Path, "unlink", locked)
        with pytest.raises(EnvironmentProblem) as problem:
            create_demo(data_dir, cases=10)
    assert "Cierre Verifica" in problem.value.text("es")
    store = open_store(data_dir)
    try:
        assert store.is_demo
        assert check_store(store).ok
    finally:
        store.close()
