"""Shared fixtures: real SQLite stores in temporary folders; Qt runs offscreen."""

from __future__ import annotations

import os
import shutil

# Before any Qt import: the suite runs headless (CI, SSH sessions).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.core import users
from desktop.store import Actor, Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A freshly migrated store in its own data folder."""
    s = open_store(tmp_path / "data")
    yield s
    s.close()


@pytest.fixture
def admin(store: Store) -> users.User:
    return users.create_first_admin(
        store, username="admin", display_name="Administradora", password="contraseña-segura"
    )


@pytest.fixture
def actor(store: Store, admin: users.User) -> Actor:
    return store.actor(admin.id)


@pytest.fixture
def memory_keyring() -> Iterator[None]:
    """Device tokens and keys go to an in-memory keyring, never the user's real one."""
    import keyring
    from memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def prepared_server_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated server database with its admin account, made once per session.

    ``prepare()`` runs two CLI subprocesses and leaves only this SQLite file behind (the data
    folder stays empty), so every test can start from a copy of it instead.
    """
    from sync_helpers import ServerProcess

    folder = tmp_path_factory.mktemp("prepared-server")
    ServerProcess(f"sqlite:///{folder / 'server.db'}", folder / "server").prepare()
    left = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    assert left == ["server", "server.db"], f"prepare() left more than the database: {left}"
    return folder / "server.db"


@pytest.fixture
def server(tmp_path: Path, prepared_server_db: Path) -> Iterator[Any]:
    """A real verifica-server on 127.0.0.1 over a fresh SQLite file (tests/server has its own).

    The file is a copy of the session's prepared database, so each test has its own.
    """
    from sync_helpers import ServerProcess

    shutil.copyfile(prepared_server_db, tmp_path / "server.db")
    s = ServerProcess(f"sqlite:///{tmp_path / 'server.db'}", tmp_path / "server")
    s.data_dir.mkdir()
    s.start()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 300-case demo folder built once per session: never open it, copy it (copytree).

    Test modules that need their own size define their own ``demo_template``.
    """
    from desktop.demo import create_demo

    folder = tmp_path_factory.mktemp("demo") / "data"
    create_demo(folder, cases=300)
    return folder


@pytest.fixture
def runner(qapp: Any) -> Iterator[Any]:
    """The app's TaskRunner in Spanish, shut down (its workers joined) after the test."""
    from desktop.ui.tasks import TaskRunner

    r = TaskRunner("es")
    yield r
    r.shutdown()
