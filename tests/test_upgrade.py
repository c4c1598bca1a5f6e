"""Opening a data folder made by an older Verifica migrates it, after backing the old file up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop.errors import StoreUnavailable
from desktop.store import open_store
from desktop.store.schema import KNOWN_MIGRATIONS, SCHEMA_VERSION, migrations

OLD_VERSION = 1  # only the first migration applied: the 0.1.0 foundation schema


def _old_data_folder(data_dir: Path) -> None:
    """A data folder as the first release left it: schema 1 and one setting written."""
    assert SCHEMA_VERSION > OLD_VERSION, "needs at least two migrations to test an upgrade"
    data_dir.mkdir()
    conn = sqlite3.connect(data_dir / "verifica.db")
    db = Database(conn)
    migrations.apply(db, stop_before=KNOWN_MIGRATIONS[OLD_VERSION])
    conn.execute(f"PRAGMA user_version = {OLD_VERSION}")
    with db.atomic():
        db.execute("INSERT INTO settings(key, value) VALUES ('municipality_name', 'Tlalnepantla')")
    conn.close()


def _state(path: Path) -> tuple[int, list[str]]:
    conn = sqlite3.connect(path)
    try:
        (version,) = conn.execute("PRAGMA user_version").fetchone()
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = 'verifica'"
            )
        ]
    finally:
        conn.close()
    return version, names


def test_an_older_data_folder_is_migrated_and_its_data_kept(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _old_data_folder(data_dir)

    store = open_store(data_dir)
    try:
        assert store.schema_version == SCHEMA_VERSION
        assert store.get_setting("municipality_name") == "Tlalnepantla"
    finally:
        store.close()
    assert _state(data_dir / "verifica.db") == (SCHEMA_VERSION, list(KNOWN_MIGRATIONS))


def test_the_old_file_is_backed_up_before_migrating_and_the_backup_opens(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    _old_data_folder(data_dir)

    open_store(data_dir).close()

    backups = sorted((data_dir / "backups").iterdir())
    assert [b.name.startswith(f"verifica-pre-schema-{OLD_VERSION}-") for b in backups] == [True]
    backup = backups[0]
    assert backup.suffix == ".db"
    assert _state(backup) == (OLD_VERSION, list(KNOWN_MIGRATIONS[:OLD_VERSION]))
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute(
            "SELECT value FROM settings WHERE key = 'municipality_name'"
        ).fetchone() == ("Tlalnepantla",)
    finally:
        conn.close()


def test_a_current_or_new_data_folder_makes_no_backup(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    open_store(data_dir).close()  # new: nothing to back up
    open_store(data_dir).close()  # current: nothing to migrate
    assert not (data_dir / "backups").exists()


def test_when_the_backup_cannot_be_written_the_old_file_is_not_migrated(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _old_data_folder(data_dir)
    (data_dir / "backups").write_text("a file where the backups folder should be")

    with pytest.raises(StoreUnavailable) as caught:
        open_store(data_dir)

    assert "respaldar" in caught.value.text("es")
    assert "back up" in caught.value.text("en")
    assert _state(data_dir / "verifica.db") == (OLD_VERSION, list(KNOWN_MIGRATIONS[:OLD_VERSION]))
