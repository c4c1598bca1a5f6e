"""A real desktop data folder syncs to the real server: every change accepted, the chain intact."""

from __future__ import annotations

from pathlib import Path

import server_helpers as h
from server_helpers import ServerProcess

from desktop.demo import create_demo
from sync import protocol


def test_a_desktop_demo_folder_pushes_completely_and_pulls_back_the_same_state(
    server: ServerProcess, tmp_path: Path
) -> None:
    create_demo(tmp_path / "laptop", cases=60)
    db = tmp_path / "laptop" / "verifica.db"
    outbox = h.desktop_outbox(db)
    # What the sync client pushes: device-local tables (document checklists, notes…) stay on the
    # device (sync.client.plan_push marks them local_only).
    changes = [c for c in outbox.changes if c["entity"] in protocol.ENTITIES]
    audit = outbox.audit
    admin_token, _ = server.login("admin", h.ADMIN_PASSWORD, device_id=outbox.device_id)
    laptop = server.api(admin_token)
    start = server.admin().cursor()

    statuses: list[str] = []
    for part, events in zip(h.chunks(changes, 250), h.chunks(audit, 250), strict=False):
        reply = laptop.push(part, events)
        statuses += [r["status"] for r in reply["results"]]
        assert reply["audit"]["broken_at"] is None, reply["audit"]
    replay = laptop.push(changes[:100], audit[:100])

    assert statuses == ["accepted"] * len(changes)
    assert {r["status"] for r in replay["results"]} == {"duplicate"}
    assert replay["audit"]["duplicates"] == 100
    pulled = h.by_key(laptop.pull_all(cursor=start)[0])
    for case in h.sqlite_rows(db, "SELECT * FROM permit_cases"):
        item = pulled[("permit_cases", case["id"])]
        assert item["version"] == case["version"]
        shared = case.keys() & item["data"].keys()
        assert {"folio", "status", "version", "assignee_id", "department_id"} <= shared
        assert {k: item["data"][k] for k in shared} == {k: case[k] for k in shared}
    local_keys = {(c["entity"], c["entity_id"]) for c in changes}
    assert local_keys <= set(pulled)
