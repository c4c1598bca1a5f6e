"""``verifica sync`` as a real subprocess against the real server, including SIGKILL mid-sync.

The subprocesses never touch the user's keyring: ``PYTHON_KEYRING_BACKEND`` selects keyring's
``fail`` backend, so the token goes to the documented fallback file, under a temporary
``XDG_CONFIG_HOME``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sync_helpers import ADMIN_PASSWORD, ServerProcess

from desktop.core import permits
from desktop.store import open_store

KILLS = 30


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return env


def _verifica(tmp_path: Path, data: Path, *args: str, stdin: str = "") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "sync", "--data-dir", str(data), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )


def _run(tmp_path: Path, data: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    proc = _verifica(tmp_path, data, *args)
    out, err = proc.communicate(stdin, timeout=120)
    return proc.returncode, out, err


def _add_businesses(data: Path, count: int, start: int) -> None:
    store = open_store(data)
    try:
        for i in range(start, start + count):
            permits.create_business(store, store.actor(None), name=f"Negocio {i}")
    finally:
        store.close()


def _server_businesses(server: ServerProcess) -> list[str]:
    items, _ = server.admin().pull_all()
    return [i["data"]["name"] for i in items if i["entity"] == "businesses"]


def test_sync_signs_in_once_then_syncs_with_the_kept_token(
    tmp_path: Path, server: ServerProcess
) -> None:
    data = tmp_path / "data"
    _add_businesses(data, 3, 0)
    code, out, err = _run(
        tmp_path,
        data,
        "--server",
        server.url,
        "--user",
        "admin",
        "--password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )
    assert code == 0, err
    assert "confirmados: 3" in out
    assert ADMIN_PASSWORD not in out + err
    token_file = tmp_path / "config" / "Verifica" / "sync-tokens.json"
    assert token_file.exists()
    assert not any(p.name == "sync-tokens.json" for p in data.rglob("*"))
    _add_businesses(data, 1, 3)
    code, out, err = _run(tmp_path, data)  # no options, no password: the kept token
    assert code == 0, err
    assert "confirmados: 1" in out
    assert sorted(_server_businesses(server)) == [f"Negocio {i}" for i in range(4)]


def test_sync_without_a_server_says_how_to_start(tmp_path: Path) -> None:
    code, _out, err = _run(tmp_path, tmp_path / "data")
    assert code == 2
    assert "--server URL" in err


@pytest.mark.slow
def test_sync_killed_at_random_points_loses_and_duplicates_nothing(
    tmp_path: Path, server: ServerProcess
) -> None:
    data = tmp_path / "data"
    rng = random.Random(8)
    _add_businesses(data, 50, 0)
    code, _out, err = _run(
        tmp_path, data, "--server", server.url, "--user", "admin", "--password-stdin",
        stdin=ADMIN_PASSWORD + "\n",
    )  # fmt: skip
    assert code == 0, err
    made = 50
    for _ in range(KILLS):
        _add_businesses(data, 40, made)
        made += 40
        proc = _verifica(tmp_path, data)
        # Kill somewhere between start-up and the end of the exchange (a polling wait for the
        # process, not a timing assertion).
        deadline = time.monotonic() + rng.uniform(0.3, 2.0)
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    code, _out, err = _run(tmp_path, data)
    assert code == 0, err
    names = _server_businesses(server)
    assert len(names) == len(set(names)) == made
    store = open_store(data)
    try:
        unsynced = store.db.execute(
            "SELECT count(*) FROM change_log WHERE synced_at IS NULL"
        ).fetchone()[0]
        local = store.db.execute("SELECT count(*) FROM businesses").fetchone()[0]
    finally:
        store.close()
    assert unsynced == 0
    assert local == made
