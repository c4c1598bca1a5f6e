"""Audit chains pushed by devices are verified on arrival; a broken chain is reported."""

from __future__ import annotations

from typing import Any

import server_helpers as h
from server_helpers import ServerProcess


def _device(server: ServerProcess) -> tuple[h.Api, str, str]:
    """A clerk's laptop with its own device id; returns (client, device id, server device id)."""
    admin = server.admin()
    _, username = admin.create_user("clerk")
    device_id = f"laptop-{h.new_id()}"
    token, body = server.login(username, h.PASSWORD, device_id=device_id)
    return server.api(token), device_id, body["device_id"]


def _broken_at(server: ServerProcess, server_device_id: str) -> Any:
    devices = server.admin().http.get("/admin/devices").json()
    return next(d for d in devices if d["id"] == server_device_id)["audit_broken_at"]


def test_a_valid_chain_is_accepted_across_batches_and_replays_are_duplicates(
    server: ServerProcess,
) -> None:
    laptop, device_id, server_device = _device(server)
    chain = h.AuditChain(device_id)
    first, second = chain.add(30), chain.add(20)

    a = laptop.push(audit=first)["audit"]
    b = laptop.push(audit=second)["audit"]
    replay = laptop.push(audit=first + second)["audit"]

    assert a == {"received": 30, "accepted": 30, "duplicates": 0, "broken_at": None, "reason": None}
    assert (b["accepted"], b["broken_at"]) == (20, None)
    assert (replay["accepted"], replay["duplicates"], replay["broken_at"]) == (0, 50, None)
    assert _broken_at(server, server_device) is None


def test_an_altered_event_breaks_the_chain_and_is_reported(server: ServerProcess) -> None:
    laptop, device_id, server_device = _device(server)
    chain = h.AuditChain(device_id)
    events = chain.add(10)
    events[6] = {**events[6], "details": '{"from":"recibido","to":"aprobado"}'}  # edited on disk

    result = laptop.push(audit=events)["audit"]

    assert result["accepted"] == 6
    assert result["broken_at"] == 7
    assert result["reason"] == "event #7 was altered"
    assert _broken_at(server, server_device) == 7
    logged = server.log_events("audit.chain_broken")
    assert any(e["chain"] == device_id and e["broken_at"] == 7 for e in logged)
    # The chain stays broken for a person to look at; later pushes say so too.
    later = laptop.push(audit=chain.add(1))["audit"]
    assert (later["accepted"], later["broken_at"]) == (0, 7)


def test_missing_events_break_the_chain(server: ServerProcess) -> None:
    laptop, device_id, _ = _device(server)
    events = h.AuditChain(device_id).add(8)
    del events[3]  # event #4 deleted

    result = laptop.push(audit=events)["audit"]

    assert (result["accepted"], result["broken_at"]) == (3, 5)
    assert result["reason"] == "missing events before #5"


def test_rewritten_history_after_a_sync_is_detected(server: ServerProcess) -> None:
    laptop, device_id, _ = _device(server)
    original = h.AuditChain(device_id)
    assert laptop.push(audit=original.add(5))["audit"]["accepted"] == 5
    # The device's database is replaced by one with a different past (a consistent new chain).
    forged = h.AuditChain(device_id)
    forged_events = forged.add(6)

    result = laptop.push(audit=forged_events)["audit"]

    assert result["broken_at"] == 1
    assert result["reason"] == "event #1 differs from the one already received"
    assert result["accepted"] == 0


def test_events_claiming_another_device_break_the_chain(server: ServerProcess) -> None:
    laptop, device_id, _ = _device(server)
    events = h.AuditChain(device_id).add(3) + h.AuditChain("someone-else").add(4)[3:]
    events[3]["seq"] = 4
    result = laptop.push(audit=events)["audit"]
    assert (result["accepted"], result["broken_at"]) == (3, 4)
    assert result["reason"] == "event #4 comes from another device"
