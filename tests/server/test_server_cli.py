"""``verifica-server`` for operators: migrate, refuse an unmigrated database, accounts, backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import server_helpers as h
from server_helpers import Databases
from sqlalchemy import create_engine, text

from sync.server.db import normalize_url, sqlite_path


def _cli(url: str, data_dir: Path, *args: str, stdin: str | None = None, check: bool = True):  # type: ignore[no-untyped-def]
    return h.run_cli(
        *args, "--database", url, "--data-dir", str(data_dir), stdin=stdin, check=check
    )


def test_serve_refuses_an_unmigrated_database_and_says_what_to_run(
    databases: Databases, tmp_path: Path
) -> None:
    url = databases.new("unmigrated")
    # Both spellings: `verifica-server serve ...` and `verifica-server --database URL ...`.
    for command in (["serve"], []):
        done = h.run_cli(
            *command, "--database", url, "--data-dir", str(tmp_path), "--port", "9", check=False
        )
        assert done.returncode == 2
        assert "verifica-server migrate" in done.stderr
        assert "Traceback" not in done.stderr
        path = sqlite_path(url)
        if path is not None:
            assert not path.exists()  # not even an empty file was created


def test_serve_refuses_a_database_from_a_newer_server(databases: Databases, tmp_path: Path) -> None:
    url = databases.new("newer")
    _cli(url, tmp_path, "migrate")
    engine = create_engine(normalize_url(url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()

    serve = _cli(url, tmp_path, "serve", "--port", "9", check=False)
    migrate = _cli(url, tmp_path, "migrate", check=False)

    assert serve.returncode == migrate.returncode == 2
    assert "newer than this server" in serve.stderr and "Nothing was changed" in migrate.stderr


def test_migrate_is_idempotent_and_accepts_plain_postgres_urls(
    databases: Databases, tmp_path: Path
) -> None:
    url = databases.new("migrate")
    if url.startswith("postgresql://"):
        url = "postgres://" + url.removeprefix("postgresql://")
    first = _cli(url, tmp_path, "migrate")
    second = _cli(url, tmp_path, "migrate")
    assert "Schema upgraded: empty → 0001" in first.stdout
    assert "up to date" in second.stdout


def test_accounts_from_the_command_line(databases: Databases, tmp_path: Path) -> None:
    url = databases.new("accounts")
    _cli(url, tmp_path, "migrate")
    _cli(url, tmp_path, "department", "add", "--code", "pc", "--name", "Protección Civil")

    added = _cli(
        url,
        tmp_path,
        "user",
        "add",
        "--username",
        "Capturista1",
        "--role",
        "clerk",
        "--department",
        "PC",
        "--password-stdin",
        stdin="contraseña-larga\n",
    )
    again = _cli(
        url,
        tmp_path,
        "user",
        "add",
        "--username",
        "capturista1",
        "--role",
        "clerk",
        "--password-stdin",
        stdin="contraseña-larga\n",
        check=False,
    )
    short = _cli(
        url,
        tmp_path,
        "user",
        "add",
        "--username",
        "otra",
        "--role",
        "clerk",
        "--password-stdin",
        stdin="corta\n",
        check=False,
    )
    no_dept = _cli(
        url,
        tmp_path,
        "user",
        "add",
        "--username",
        "otra",
        "--role",
        "clerk",
        "--department",
        "XX",
        "--password-stdin",
        stdin="contraseña-larga\n",
        check=False,
    )
    listed = _cli(url, tmp_path, "user", "list").stdout
    depts = _cli(url, tmp_path, "department", "list").stdout

    assert "capturista1 (clerk)" in added.stdout
    assert again.returncode == short.returncode == no_dept.returncode == 2
    assert "already exists" in again.stderr
    assert "at least 8 characters" in short.stderr
    assert "There is no department XX" in no_dept.stderr
    (line,) = [ln for ln in listed.splitlines() if ln.startswith("capturista1")]
    assert "clerk" in line and "activo" in line
    assert "PC" in depts and "Protección Civil" in depts


def test_backup_copies_the_database_and_never_overwrites(
    databases: Databases, tmp_path: Path
) -> None:
    url = databases.new("backup")
    _cli(url, tmp_path, "migrate")
    _cli(
        url,
        tmp_path,
        "user",
        "add",
        "--username",
        "respaldo",
        "--role",
        "admin",
        "--password-stdin",
        stdin="contraseña-larga\n",
    )
    dest = tmp_path / "respaldos"
    dest.mkdir()

    done = _cli(url, tmp_path, "backup", str(dest))
    (copy,) = dest.iterdir()
    again = _cli(url, tmp_path, "backup", str(copy), check=False)

    assert str(copy) in done.stdout and "attachments" in done.stdout
    assert again.returncode == 2 and "never overwrites" in again.stderr
    if sqlite_path(url) is not None:
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT username FROM accounts").fetchall() == [("respaldo",)]
        conn.close()
    else:
        assert copy.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format


@pytest.mark.parametrize("args", [["--help"], ["serve", "--help"], ["user", "add", "--help"]])
def test_help_works_without_a_database(args: list[str]) -> None:
    done = h.run_cli(*args)
    assert done.returncode == 0 and "usage: verifica-server" in done.stdout
