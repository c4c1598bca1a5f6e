"""The ``verifica`` command line, run as a real subprocess on real data folders."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from desktop_cli import run_verifica

from desktop.cli import build_parser
from desktop.core import permits
from desktop.store import DB_FILENAME, open_store
from desktop.store.schema import SCHEMA_VERSION


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    data = tmp_path / "datos"
    store = open_store(data)
    actor = store.actor(None)
    business = permits.create_business(store, actor, name="Abarrotes Doña Chela")
    case = permits.create_case(
        store,
        actor,
        folio="PC-2025-000001",
        business_id=business,
        received_date=dt.date(2025, 2, 3),
    )
    permits.change_status(store, actor, case, "en_revision")
    store.close()
    return data


def test_version_names_app_and_schema_version() -> None:
    result = run_verifica("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("verifica 0.")
    assert f"schema {SCHEMA_VERSION}" in result.stdout


def test_check_on_a_sound_folder_prints_a_clean_report_and_exits_0(filled: Path) -> None:
    result = run_verifica("check", "--data-dir", filled)
    assert result.returncode == 0, result.stderr
    assert "integrity_check: ok" in result.stdout
    assert "audit chain: ok (" in result.stdout
    assert "OK" in result.stdout


def test_data_dir_is_accepted_before_the_subcommand_too(filled: Path) -> None:
    assert run_verifica("--data-dir", filled, "check").returncode == 0


def test_editing_an_audit_row_by_hand_makes_check_fail(filled: Path) -> None:
    conn = sqlite3.connect(filled / DB_FILENAME)
    conn.execute(
        "UPDATE audit_events SET details = replace(details, 'en_revision', 'aprobado') "
        "WHERE action = 'permit_cases.status'"
    )
    assert conn.total_changes == 1
    conn.commit()
    conn.close()
    result = run_verifica("check", "--data-dir", filled)
    assert result.returncode == 1
    assert "audit chain: BROKEN" in result.stdout
    assert "Restaure el último respaldo" in result.stderr


def test_check_in_english(filled: Path) -> None:
    result = run_verifica("check", "--data-dir", filled, "--lang", "en")
    assert result.returncode == 0 and "database is sound" in result.stdout


def test_check_on_a_folder_without_a_database_says_so(tmp_path: Path) -> None:
    result = run_verifica("check", "--data-dir", tmp_path / "vacia")
    assert result.returncode == 2
    assert "No hay base de datos" in result.stderr
    assert not (tmp_path / "vacia").exists()


def test_check_on_a_file_that_is_not_a_database_is_a_plain_message(tmp_path: Path) -> None:
    (tmp_path / DB_FILENAME).write_text("esto es una hoja de cálculo")
    result = run_verifica("check", "--data-dir", tmp_path)
    assert result.returncode == 2
    assert "no es SQLite" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / DB_FILENAME).read_text() == "esto es una hoja de cálculo"


def test_backup_writes_a_copy_that_passes_check(filled: Path, tmp_path: Path) -> None:
    dest = tmp_path / "respaldo.db"
    result = run_verifica("backup", dest, "--data-dir", filled)
    assert result.returncode == 0, result.stderr
    assert str(dest) in result.stdout
    restored = tmp_path / "restaurado"
    restored.mkdir()
    dest.rename(restored / DB_FILENAME)
    assert run_verifica("check", "--data-dir", restored).returncode == 0


def test_every_subcommand_has_help_and_data_dir() -> None:
    parser = build_parser()
    subactions = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    names = list(subactions[0].choices)
    assert {"demo", "check", "backup"} <= set(names)
    for name in names:
        result = run_verifica(name, "--help")
        assert result.returncode == 0
        assert "--data-dir" in result.stdout
