"""The device token is kept in the OS keyring, never in the data folder.

Tests never touch the user's real keyring: an in-memory backend is installed with
``keyring.set_keyring``. Without any backend (keyring's ``fail`` backend), the token goes to the
fallback file in the platform's config folder, readable by the user alone.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from memory_keyring import MemoryKeyring

from desktop.core import sync_service


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


def test_the_token_goes_to_the_keyring(restore_keyring: None, tmp_path: Path) -> None:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    sync_service.save_token("https://srv.example/", "dev-1", "secret-token")
    assert sync_service.load_token("https://srv.example", "dev-1") == "secret-token"
    assert list(backend.passwords.values()) == ["secret-token"]
    sync_service.delete_token("https://srv.example", "dev-1")
    assert sync_service.load_token("https://srv.example", "dev-1") is None


def test_without_a_keyring_the_token_file_is_private_and_outside_the_data_folder(
    restore_keyring: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(FailKeyring())
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    sync_service.save_token("https://srv.example", "dev-1", "secret-token")
    path = sync_service.token_file()
    assert path.is_relative_to(tmp_path / "config")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sync_service.load_token("https://srv.example", "dev-1") == "secret-token"
