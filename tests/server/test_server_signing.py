"""The server signs GET /registry with the key its environment names, and kiosks accept it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from server_helpers import ServerProcess

from desktop.core import signing, trust
from desktop.core.users import User
from desktop.store import Actor, Store
from sync import signing as shared_signing
from sync.registry_signing import PUBLISHED_KEYS_ENV, SIGNING_KEY_ENV
from sync.server import registry
from sync.server.errors import ServerProblem

ROOT = Path(__file__).resolve().parents[2]


def test_a_server_with_a_key_file_serves_a_registry_a_kiosk_accepts(
    start_server: Callable[[str], ServerProcess],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    store: Store,
    admin: User,
    actor: Actor,
) -> None:
    key = shared_signing.generate_private_key()
    key_file = shared_signing.save_private_key(key, tmp_path / "registry.pem")
    monkeypatch.setenv(SIGNING_KEY_ENV, str(key_file))
    monkeypatch.delenv(PUBLISHED_KEYS_ENV, raising=False)
    server = start_server("signed-registry")

    signed = server.admin().http.get("/registry").json()

    assert signed["signature_alg"] == "Ed25519"
    assert signed["key_id"] == shared_signing.key_id(key)
    assert [k["key_id"] for k in signed["public_keys"]] == [shared_signing.key_id(key)]
    trust.enrol_key(store, admin, signing.public_key_raw(key))
    view = trust.accept_registry(store, actor, signed)
    assert view.key_id == shared_signing.key_id(key)
    edited = {**signed, "generated_at": "2099-01-01T00:00:00.000000Z"}
    with pytest.raises(signing.SignatureRejected):
        trust.accept_registry(store, actor, edited)


def test_the_server_refuses_a_signing_key_inside_its_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "server-data"
    data_dir.mkdir()
    inside = shared_signing.save_private_key(
        shared_signing.generate_private_key(), data_dir / "k.pem"
    )
    monkeypatch.setenv(SIGNING_KEY_ENV, str(inside))
    with pytest.raises(ServerProblem, match="data folder"):
        registry.load_signer(data_dir)
    monkeypatch.delenv(SIGNING_KEY_ENV)
    assert registry.load_signer(data_dir) is None


def test_keygen_makes_an_owner_only_key_once_and_reuses_it(tmp_path: Path) -> None:
    path = tmp_path / ".server-keys" / "registry.pem"
    command = [sys.executable, "-m", "sync.keygen", str(path)]
    first = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    second = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)

    assert first.stdout == second.stdout
    assert first.stdout.startswith(
        "key_id=" + shared_signing.key_id(signing.load_private_key(path))
    )
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
