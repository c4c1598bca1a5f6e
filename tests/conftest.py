"""Shared fixtures: real SQLite stores in temporary folders; Qt runs offscreen."""

from __future__ import annotations

import os

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


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Any]:
    """A real verifica-server on 127.0.0.1 over a fresh SQLite file (tests/server has its own)."""
    from sync_helpers import ServerProcess

    s = ServerProcess(f"sqlite:///{tmp_path / 'server.db'}", tmp_path / "server")
    s.prepare()
    s.start()
    yield s
    s.stop()
