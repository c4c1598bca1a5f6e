"""Property: whatever two devices do offline, after a final sync both sides agree.

A Hypothesis state machine (after vdirsyncer's) drives two real devices (real stores) and one
:class:`sync.client.MemoryRemote`: create, edit and delete businesses, go offline, fail the next
request before or after the server did its work (a response lost on the way back), and sync.
At the end every device syncs, open conflicts are resolved (a person's choice, alternating
sides), and the devices and the server must hold exactly the same records.
"""

from __future__ import annotations

import contextlib
import itertools
import tempfile
from pathlib import Path
from typing import Any

import keyring
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from memory_keyring import MemoryKeyring
from sync_helpers import Device

from desktop.core import sync_service
from desktop.store import open_store, sync_state
from sync import protocol
from sync.client import MemoryRemote, RemoteUnavailable


class DeviceLink:
    """One device's link to the shared in-memory server, with its own faults."""

    def __init__(self, server: MemoryRemote) -> None:
        self.server = server
        self.offline = False
        self.fail_before = 0
        self.fail_after = 0

    def _call(self, name: str, *args: Any) -> Any:
        if self.offline:
            raise RemoteUnavailable("Sin conexión.", "Offline.")
        if self.fail_before:
            self.fail_before -= 1
            raise RemoteUnavailable("Falla.", "Failure.")
        result = getattr(self.server, name)(*args)
        if self.fail_after:
            self.fail_after -= 1
            raise RemoteUnavailable("Respuesta perdida.", "Response lost.")
        return result

    def login(self, *args: Any) -> protocol.LoginResponse:
        return self.server.login(*args)  # type: ignore[arg-type]

    def push(self, request: protocol.PushRequest) -> protocol.PushResponse:
        return self._call("push", request)  # type: ignore[no-any-return]

    def pull(self, cursor: int, limit: int = protocol.DEFAULT_PULL_LIMIT) -> protocol.PullResponse:
        return self._call("pull", cursor, limit)  # type: ignore[no-any-return]

    def registry(self) -> dict[str, Any]:
        return self._call("registry")  # type: ignore[no-any-return]

    def upload_offset(self, sha256: str) -> int | None:
        return self._call("upload_offset", sha256)  # type: ignore[no-any-return]

    def upload_part(self, sha256: str, total: int, offset: int, chunk: bytes) -> int | None:
        return self._call("upload_part", sha256, total, offset, chunk)  # type: ignore[no-any-return]


NAMES = st.sampled_from(["Abarrotes", "Farmacia", "Tortillería", "Papelería", "Ferretería"])


class TwoDevices(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._previous_keyring = keyring.get_keyring()
        keyring.set_keyring(MemoryKeyring())
        self.tmp = tempfile.TemporaryDirectory()
        self.server = MemoryRemote()
        self.links = [DeviceLink(self.server), DeviceLink(self.server)]
        self.devices = []
        for i, link in enumerate(self.links):
            store = open_store(Path(self.tmp.name) / f"d{i}")
            sync_service.sign_in(store, link, "memory://", "admin", "x")  # type: ignore[arg-type]
            self.devices.append(Device(store, link))  # type: ignore[arg-type]
        self.counter = itertools.count()

    def ids(self, d: int) -> list[str]:
        db = self.devices[d].store.db
        return [r[0] for r in db.execute("SELECT id FROM businesses ORDER BY id")]

    @rule(d=st.integers(0, 1), name=NAMES)
    def create(self, d: int, name: str) -> None:
        self.devices[d].new_business_row(f"{name} {next(self.counter)}")

    @rule(d=st.integers(0, 1), pick=st.integers(0, 50), name=NAMES)
    def edit(self, d: int, pick: int, name: str) -> None:
        ids = self.ids(d)
        if ids:
            self.devices[d].edit_business(ids[pick % len(ids)], name=name, phone=str(pick))

    @rule(d=st.integers(0, 1), pick=st.integers(0, 50))
    def delete(self, d: int, pick: int) -> None:
        ids = self.ids(d)
        if ids:
            self.devices[d].delete_business(ids[pick % len(ids)])

    @rule(d=st.integers(0, 1))
    def toggle_offline(self, d: int) -> None:
        self.links[d].offline = not self.links[d].offline

    @rule(d=st.integers(0, 1), after=st.booleans())
    def fail_next_request(self, d: int, after: bool) -> None:
        if after:
            self.links[d].fail_after += 1
        else:
            self.links[d].fail_before += 1

    @rule(d=st.integers(0, 1))
    def sync(self, d: int) -> None:
        with contextlib.suppress(sync_service.SyncFailed):
            self.devices[d].sync(force=True)

    @rule(d=st.integers(0, 1), take_local=st.booleans())
    def resolve(self, d: int, take_local: bool) -> None:
        self._resolve_all(d, take_local)

    def _resolve_all(self, d: int, take_local: bool) -> None:
        device = self.devices[d]
        for conflict in sync_state.list_conflicts(device.store.db):
            side = "local" if take_local else "remote"
            choices = {f: side for f in conflict.differing}
            if conflict.local_deleted:
                choices["_record"] = side
            sync_state.resolve_conflict(device.store, device.actor, conflict.id, choices)

    @invariant()
    def acknowledged_changes_are_on_the_server(self) -> None:
        for device in self.devices:
            rows = device.store.db.execute(
                "SELECT id FROM change_log WHERE synced_at IS NOT NULL"
            ).fetchall()
            assert all(r[0] in self.server.changes for r in rows)

    def teardown(self) -> None:
        try:
            for link in self.links:
                link.offline, link.fail_before, link.fail_after = False, 0, 0
            for round_ in range(6):
                for d in (0, 1):
                    self.devices[d].sync(force=True)
                    self._resolve_all(d, take_local=(round_ + d) % 2 == 0)
            for d in (0, 1, 0):
                self.devices[d].sync(force=True)
            server = {k: v for k, v in self.server.live().items() if k[0] == "businesses"}
            for device in self.devices:
                assert sync_state.list_conflicts(device.store.db) == []
                assert sync_state.pending_count(device.store.db) == 0
                local = device.snapshot(("businesses",))
                assert local.keys() == server.keys()
                for key, row in local.items():
                    assert row == {**row, **server[key]}, key
            a, b = (d.snapshot(("businesses",)) for d in self.devices)
            assert a == b
        finally:
            for device in self.devices:
                device.close()
            self.tmp.cleanup()
            keyring.set_keyring(self._previous_keyring)


TwoDevices.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_two_devices_agree_after_a_final_sync = TwoDevices.TestCase
