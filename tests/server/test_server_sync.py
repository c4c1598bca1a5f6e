"""Push and pull against the real server: idempotent, exactly once, conflicts shown, paging."""

from __future__ import annotations

import json

import server_helpers as h
from server_helpers import ServerProcess


def _cases_batch(count: int) -> tuple[list[dict], str]:
    dept = h.department()
    biz = h.business()
    changes = [h.change("departments", dept), h.change("businesses", biz)]
    for _ in range(count):
        c = h.case(dept["id"], biz["id"])
        changes.append(h.change("permit_cases", c))
        changes.append(h.change("case_status_history", h.history(c["id"])))
    return changes, dept["id"]


def _records_after(api: h.Api, cursor: int) -> dict[tuple[str, str], dict]:
    items, _ = api.pull_all(cursor=cursor, limit=200)
    keys = [(i["entity"], i["entity_id"]) for i in items]
    assert len(keys) == len(set(keys)), "a record came twice in one pull"
    return h.by_key(items)


def test_pushing_the_same_batch_twice_stores_one_copy(server: ServerProcess) -> None:
    admin = server.admin()
    start = admin.cursor()
    changes, _ = _cases_batch(10)

    first = admin.push(changes)["results"]
    second = admin.push(changes)["results"]

    assert [r["status"] for r in first] == ["accepted"] * len(changes)
    assert [r["status"] for r in second] == ["duplicate"] * len(changes)
    assert [r["version"] for r in second] == [r["version"] for r in first]
    records = _records_after(admin, start)
    for c in changes:
        assert records[(c["entity"], c["entity_id"])]["version"] == 1
        assert records[(c["entity"], c["entity_id"])]["change_id"] == c["id"]
    assert len(records) == len(changes)


def test_a_batch_cut_off_mid_body_then_retried_is_stored_exactly_once(
    server: ServerProcess,
) -> None:
    admin = server.admin()
    start = admin.cursor()
    changes, _ = _cases_batch(40)
    body = json.dumps({"changes": changes, "audit": []}).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {admin.token}"}

    sock = h.send_partial(server.port, "POST", "/sync/push", headers, body, len(body) // 2)
    sock.close()  # the connection drops halfway through the batch
    # The server may still be reading the half body: a push after it must not see it either.
    assert _records_after(admin, start) == {}

    retried = admin.push(changes)["results"]
    again = admin.push(changes)["results"]

    assert [r["status"] for r in retried] == ["accepted"] * len(changes)
    assert [r["status"] for r in again] == ["duplicate"] * len(changes)
    records = _records_after(admin, start)
    assert set(records) == {(c["entity"], c["entity_id"]) for c in changes}
    assert all(r["version"] == 1 for r in records.values())


def test_a_batch_whose_reply_was_lost_is_acknowledged_on_retry(server: ServerProcess) -> None:
    admin = server.admin()
    start = admin.cursor()
    changes, _ = _cases_batch(20)
    half = len(changes) // 2
    admin.push(changes[:half])  # applied, but the device never saw the answer

    results = admin.push(changes)["results"]

    statuses = [r["status"] for r in results]
    assert statuses == ["duplicate"] * half + ["accepted"] * (len(changes) - half)
    records = _records_after(admin, start)
    assert len(records) == len(changes)
    assert all(r["version"] == 1 for r in records.values())


def test_an_update_made_on_an_old_version_is_a_conflict_with_the_servers_version(
    server: ServerProcess,
) -> None:
    admin = server.admin()
    changes, _ = _cases_batch(1)
    admin.push(changes)
    case_id = changes[2]["entity_id"]
    laptop_a = h.change(
        "permit_cases", {"status": "en_revision", "version": 2}, "update", entity_id=case_id
    )
    laptop_b = h.change(
        "permit_cases", {"status": "cancelado", "version": 2}, "update", entity_id=case_id
    )

    a = admin.push([laptop_a])["results"][0]
    b = admin.push([laptop_b])["results"][0]

    assert (a["status"], a["version"]) == ("accepted", 2)
    assert (b["status"], b["version"]) == ("conflict", 2)
    assert b["server_data"]["status"] == "en_revision"
    assert b["server_data"]["version"] == 2
    # Resolved by a person: the same edit made on top of version 2 goes through.
    resolved = h.change(
        "permit_cases", {"status": "cancelado"}, "update", entity_id=case_id, base_version=2
    )
    assert admin.push([resolved])["results"][0] == {
        "change_id": resolved["id"],
        "status": "accepted",
        "version": 3,
        "reason": None,
        "server_data": None,
    }


def test_inserting_an_existing_mutable_record_is_a_conflict(server: ServerProcess) -> None:
    admin = server.admin()
    dept = h.department()
    admin.push([h.change("departments", dept)])
    again = h.change("departments", {**dept, "name": "Otra"})
    result = admin.push([again])["results"][0]
    assert result["status"] == "conflict"
    assert result["server_data"]["name"] == dept["name"]


def test_append_only_records_never_conflict(server: ServerProcess) -> None:
    admin = server.admin()
    v = h.verification(None)
    c = h.complaint()
    admin.push([h.change("verifications", v), h.change("complaints", c)])

    same_again = h.change("verifications", v)  # another change id, the same record
    edited = h.change("verifications", {**v, "verdict": "expired"})
    update_1 = h.change("complaints", {"status": "en_investigacion"}, "update", entity_id=c["id"])
    update_2 = h.change("complaints", {"status": "concluida"}, "update", entity_id=c["id"])
    delete = h.change("verifications", v, "delete")
    results = admin.push([same_again, edited, update_1, update_2, delete])["results"]

    assert [r["status"] for r in results] == [
        "duplicate",
        "refused",
        "accepted",
        "accepted",
        "refused",
    ]
    assert "conflict" not in [r["status"] for r in results]
    assert "append-only" in results[1]["reason"] and "delete" in results[4]["reason"]
    assert results[3]["version"] == 3


def test_a_closed_inspection_cannot_change(server: ServerProcess) -> None:
    admin = server.admin()
    dept = h.department()
    insp = h.inspector(dept["id"])
    draft = h.inspection(insp["id"], None)
    admin.push(
        [
            h.change("departments", dept),
            h.change("inspectors", insp),
            h.change("inspections", draft),
        ]
    )
    close = h.change(
        "inspections", {"status": "cerrada", "result": "cumple"}, "update", entity_id=draft["id"]
    )
    later = h.change("inspections", {"result": "no_cumple"}, "update", entity_id=draft["id"])

    results = admin.push([close, later])["results"]

    assert [r["status"] for r in results] == ["accepted", "refused"]
    assert results[1]["reason"] == "a closed inspection cannot change"


def test_bad_changes_are_refused_one_by_one_and_logged(server: ServerProcess) -> None:
    admin = server.admin()
    dept = h.department()
    good = h.change("departments", dept)
    unknown_entity = h.change("secret_table", {"id": h.new_id()})
    with_hash = h.change("users", {**h.user_record(), "password_hash": "$argon2id$..."})
    no_base = h.change("departments", {"name": "X"}, "update", entity_id=dept["id"])
    missing = h.change("departments", {"name": "X"}, "update", entity_id=h.new_id(), base_version=1)
    nul_id = h.change("businesses", h.business(), entity_id="bad\x00id")
    batch = [good, unknown_entity, with_hash, no_base, missing, nul_id]

    results = admin.push(batch)["results"]

    assert [r["status"] for r in results] == ["accepted"] + ["refused"] * 5
    reasons = [r["reason"] for r in results[1:]]
    assert reasons[0] == "unknown entity 'secret_table'"
    assert reasons[1] == "users must never carry password_hash"
    assert reasons[2] == "base_version is required to change this record"
    assert reasons[3].startswith("the server has no departments")
    assert reasons[4] == "entity_id must be 1-64 characters of text"
    logged = {e["change_id"] for e in server.log_events("push.refused")}
    assert {c["id"] for c in batch[1:]} <= logged


def test_pull_pages_return_every_record_once_and_miss_nothing(server: ServerProcess) -> None:
    admin = server.admin()
    changes, dept_id = _cases_batch(0)
    biz_id = changes[1]["entity_id"]
    cases = [h.case(dept_id, biz_id) for _ in range(1234)]
    changes += [h.change("permit_cases", c) for c in cases]
    for part in h.chunks(changes, 500):
        assert set(admin.statuses(part)) == {"accepted"}
    _, clerk_name = admin.create_user("clerk", dept_id)
    clerk = server.api(server.login(clerk_name, h.PASSWORD)[0])

    seen: list[str] = []
    cursors: list[int] = []
    cursor, updated = 0, False
    while True:
        r = clerk.http.get("/sync/pull", params={"cursor": cursor, "limit": 100})
        assert r.status_code == 200
        page = r.json()
        assert page["cursor"] > cursor or not page["items"]
        assert [i["cursor"] for i in page["items"]] == sorted(i["cursor"] for i in page["items"])
        assert all(i["cursor"] > cursor for i in page["items"])
        seen += [i["entity_id"] for i in page["items"] if i["entity"] == "permit_cases"]
        cursors.append(page["cursor"])
        cursor = page["cursor"]
        if not updated and len(seen) > 300:
            # A case already pulled changes while the device is paging: it comes again, later.
            edit = h.change(
                "permit_cases", {"status": "en_revision", "version": 2}, "update", entity_id=seen[0]
            )
            assert admin.statuses([edit]) == ["accepted"]
            updated = True
        if not page["more"]:
            break

    assert cursors == sorted(cursors)
    assert sorted(seen) == sorted([c["id"] for c in cases] + [seen[0]])
    assert seen.count(seen[0]) == 2 and seen[-1] == seen[0]
    final = clerk.http.get("/sync/pull", params={"cursor": cursor}).json()
    assert final["items"] == [] and final["cursor"] == cursor and final["more"] is False


def test_a_cursor_ahead_of_the_server_is_refused(server: ServerProcess) -> None:
    admin = server.admin()
    r = admin.http.get("/sync/pull", params={"cursor": 10**12})
    assert r.status_code == 409
    assert r.json()["server_cursor"] < 10**12
