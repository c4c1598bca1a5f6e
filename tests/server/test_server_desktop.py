"""A real desktop data folder syncs to the real server: every change accepted, the chain intact."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import server_helpers as h
from server_helpers import ServerProcess

from desktop.demo import create_demo
from sync import protocol


def _rows(db: Path, sql: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def test_a_desktop_demo_folder_pushes_completely_and_pulls_back_the_same_state(
    server: ServerProcess, tmp_path: Path
) -> None:
    create_demo(tmp_path / "laptop", cases=60)
    db = tmp_path / "laptop" / "verifica.db"
    device_id = _rows(db, "SELECT value FROM settings WHERE key = 'device_id'")[0]["value"]
    changes = [
        {**row, "data": json.loads(row["data"])}
        for row in _rows(
            db,
            "SELECT id, at, device_id, user_id, entity, entity_id, op, data "
            "FROM change_log ORDER BY seq",
        )
        # What the sync client pushes: device-local tables (document checklists, notes…) stay
        # on the device (sync.client.plan_push marks them local_only).
        if row["entity"] in protocol.ENTITIES
    ]
    audit = _rows(
        db,
        "SELECT seq, id, at, user_id, device_id, action, entity, entity_id, "
        "details, prev_hash, hash FROM audit_events ORDER BY seq",
    )
    admin_token, _ = server.login("admin", h.ADMIN_PASSWORD, device_id=device_id)
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
    for case in _rows(db, "SELECT * FROM permit_cases"):
        item = pulled[("permit_cases", case["id"])]
        assert item["version"] == case["version"]
        shared = case.keys() & item["data"].keys()
        assert {"folio", "status", "version", "assignee_id", "department_id"} <= shared
        assert {k: item["data"][k] for k in shared} == {k: case[k] for k in shared}
    local_keys = {(c["entity"], c["entity_id"]) for c in changes}
    assert local_keys <= set(pulled)
