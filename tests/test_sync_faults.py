"""Two devices sync for many rounds through a proxy that breaks connections on purpose.

The real server runs on 127.0.0.1; :class:`sync_fault_proxy.FaultProxy` resets connections
(before and after the server acted), hangs (shorter and longer than the client's read
timeout), cuts responses mid-body and duplicates requests, drawn per connection from a seeded
generator. Each round, each device makes a few changes and syncs through the proxy; a failed
sync is expected and only means "try again later". After a final clean sync:

* every change a device marked synced is on the server exactly once, and the server holds no
  change from these devices that a device does not know about;
* nothing is left pending, refused or in conflict;
* both devices hold exactly the same records.
"""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest
from sync_fault_proxy import FaultProxy
from sync_helpers import Backend, Device, ServerProcess

from desktop.core import sync_service
from desktop.store import sync_state
from sync import protocol
from sync.client import HttpRemote

#: The issue asks for 200 rounds: about a minute on a shared 2-core machine. Override with
#: ``VERIFICA_FAULT_ROUNDS`` (and the draw with ``VERIFICA_FAULT_SEED``).
ROUNDS = int(os.environ.get("VERIFICA_FAULT_ROUNDS", "200"))
SEED = int(os.environ.get("VERIFICA_FAULT_SEED", "20261125"))
READ_TIMEOUT_S = 0.4

pytestmark = pytest.mark.usefixtures("memory_keyring")  # never the real OS keyring


def _server_change_ids(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM changes")]


def _synced_ids(device: Device) -> set[str]:
    entities = ", ".join(f"'{e}'" for e in sorted(protocol.ENTITIES))
    rows = device.store.db.execute(
        f"SELECT id FROM change_log WHERE synced_at IS NOT NULL AND entity IN ({entities})"
    )
    return {r[0] for r in rows}


def _faulty(device: Device, server: ServerProcess, proxy: FaultProxy) -> HttpRemote:
    token = sync_service.load_token(server.url, device.store.device_id)
    assert token is not None
    return HttpRemote(
        proxy.url, token, connect_timeout=READ_TIMEOUT_S, read_timeout=READ_TIMEOUT_S,
        retries=2, backoff=0.01,
    )  # fmt: skip


def _act(device: Device, own: list[str], rng: random.Random, name: str, round_no: int) -> None:
    """A few changes to this device's own businesses (the other device never edits them)."""
    for i in range(rng.randint(1, 3)):
        roll = rng.random()
        if not own or roll < 0.5:
            own.append(device.new_business_row(f"{name} {round_no}.{i}"))
        elif roll < 0.9:
            device.edit_business(rng.choice(own), name=f"{name} {round_no}.{i} (editado)")
        else:
            device.delete_business(own.pop(rng.randrange(len(own))))


@pytest.mark.slow
def test_two_devices_converge_through_a_faulty_network_with_every_change_once(
    tmp_path: Path, server: ServerProcess
) -> None:
    before = set(_server_change_ids(tmp_path / "server.db"))
    backend = Backend("http", server)
    proxy = FaultProxy(server.port, seed=SEED, hang_long_s=READ_TIMEOUT_S + 0.3).start()
    rng = random.Random(SEED)
    devices = {name: Device.open(tmp_path / name, backend) for name in ("norte", "sur")}
    faulty = {name: _faulty(d, server, proxy) for name, d in devices.items()}
    own: dict[str, list[str]] = {name: [] for name in devices}
    outcomes = {"ok": 0, "failed": 0}
    try:
        for round_no in range(ROUNDS):
            for name, device in devices.items():
                _act(device, own[name], rng, name, round_no)
                try:
                    sync_service.sync_now(device.store, faulty[name])
                    outcomes["ok"] += 1
                except sync_service.SyncFailed:
                    outcomes["failed"] += 1
        # The faults really happened, and syncs both failed and succeeded through them.
        assert all(proxy.counts[f] > 0 for f in proxy.weights), proxy.counts
        assert outcomes["ok"] > 0 and outcomes["failed"] > 0, outcomes

        # A final clean sync over the direct connection: push both, then pull both.
        for device in (*devices.values(), *devices.values()):
            device.sync()
        a, b = devices["norte"], devices["sur"]
        for device in (a, b):
            assert sync_state.pending_count(device.store.db) == 0
            assert sync_state.list_changes(device.store.db) == []
            assert sync_state.list_conflicts(device.store.db) == []

        server_ids = [i for i in _server_change_ids(tmp_path / "server.db") if i not in before]
        assert not _synced_ids(a) & _synced_ids(b)  # pulled records add no change-log rows
        acknowledged = _synced_ids(a) | _synced_ids(b)
        assert len(server_ids) == len(set(server_ids)), "a change is on the server twice"
        assert set(server_ids) == acknowledged, "acknowledged and server changes differ"
        assert a.snapshot() == b.snapshot()
        names = {r["name"] for (e, _), r in a.snapshot().items() if e == "businesses"}
        assert names == {
            r["name"]  # type: ignore[index]
            for d, ids in ((a, own["norte"]), (b, own["sur"]))
            for r in (d.record("businesses", i) for i in ids)
        }
    finally:
        for remote in faulty.values():
            remote.close()
        for device in devices.values():
            device.close()
        backend.close()
        proxy.stop()
    print(f"rounds={ROUNDS} syncs={outcomes} faults={dict(proxy.counts)}")
