"""Accounts and devices: enrolment, argon2id, hashed tokens, rate limit, revocation, no leaks."""

from __future__ import annotations

import hashlib
import json
import uuid

import httpx
import server_helpers as h
from server_helpers import ServerProcess
from sqlalchemy import create_engine, text

from sync.server.db import normalize_url


def _login(server: ServerProcess, username: str, password: str) -> httpx.Response:
    body = {"username": username, "password": password, "device_name": "Laptop PC-07"}
    return httpx.post(f"{server.url}/auth/login", json=body, timeout=30)


def _db_rows(server: ServerProcess, sql: str, **params: object) -> list[tuple[object, ...]]:
    engine = create_engine(normalize_url(server.database_url))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def test_a_device_enrols_once_and_its_token_works(server: ServerProcess) -> None:
    admin = server.admin()
    account_id, username = admin.create_user("clerk")

    r = _login(server, username, h.PASSWORD)

    assert r.status_code == 200
    token = r.json()["token"]
    assert r.json()["account"] == {
        "id": account_id,
        "username": username,
        "display_name": username,
        "role": "clerk",
        "department_id": None,
    }
    me = server.api(token).http.get("/auth/me")
    assert me.status_code == 200 and me.json()["device_id"] == r.json()["device_id"]


def test_passwords_are_argon2id_and_tokens_are_stored_only_as_hashes(server: ServerProcess) -> None:
    admin = server.admin()
    _, username = admin.create_user("inspector")
    token, _ = server.login(username, h.PASSWORD)

    (stored_hash,) = _db_rows(
        server, "SELECT password_hash FROM accounts WHERE username = :u", u=username
    )[0]
    device_rows = _db_rows(
        server,
        "SELECT d.token_hash FROM devices d JOIN accounts a ON a.id = d.account_id "
        "WHERE a.username = :u",
        u=username,
    )

    assert str(stored_hash).startswith("$argon2id$")
    assert device_rows == [(hashlib.sha256(token.encode()).hexdigest(),)]


def test_wrong_password_and_unknown_user_get_the_same_answer(server: ServerProcess) -> None:
    admin = server.admin()
    _, username = admin.create_user("clerk")
    wrong = _login(server, username, "not-the-password")
    unknown = _login(server, f"nobody-{uuid.uuid4().hex[:6]}", "whatever-123")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_five_failures_lock_that_user_name_for_a_minute(server: ServerProcess) -> None:
    admin = server.admin()
    _, username = admin.create_user("clerk")
    _, other = admin.create_user("clerk")

    failures = [_login(server, username, f"wrong-{i}").status_code for i in range(5)]
    locked = _login(server, username, h.PASSWORD)

    assert failures == [401] * 5
    assert locked.status_code == 429
    assert 1 <= int(locked.headers["Retry-After"]) <= 61
    assert "Demasiados intentos" in locked.json()["detail_es"]
    assert _login(server, other, h.PASSWORD).status_code == 200  # others are not affected
    assert server.log_events("login.rate_limited")


def test_a_revoked_device_is_refused_and_the_users_other_devices_still_work(
    server: ServerProcess,
) -> None:
    admin = server.admin()
    _, username = admin.create_user("supervisor")
    lost_laptop, body = server.login(username, h.PASSWORD)
    office_pc, _ = server.login(username, h.PASSWORD)

    revoked = admin.http.post(f"/admin/devices/{body['device_id']}/revoke")

    assert revoked.status_code == 200
    assert server.api(lost_laptop).http.get("/auth/me").status_code == 401
    assert server.api(office_pc).http.get("/auth/me").status_code == 200
    devices = {d["id"]: d for d in admin.http.get("/admin/devices").json()}
    assert devices[body["device_id"]]["revoked_at"] is not None
    assert admin.http.post(f"/admin/devices/{h.new_id()}/revoke").status_code == 404


def test_logout_revokes_only_this_device(server: ServerProcess) -> None:
    admin = server.admin()
    _, username = admin.create_user("clerk")
    token, _ = server.login(username, h.PASSWORD)
    other, _ = server.login(username, h.PASSWORD)
    assert server.api(token).http.post("/auth/logout").status_code == 200
    assert server.api(token).http.get("/auth/me").status_code == 401
    assert server.api(other).http.get("/auth/me").status_code == 200


def test_a_disabled_account_is_refused_on_every_device(server: ServerProcess) -> None:
    admin = server.admin()
    _, username = admin.create_user("clerk")
    token, _ = server.login(username, h.PASSWORD)

    server.cli("user", "disable", "--username", username)

    assert server.api(token).http.get("/auth/me").status_code == 401
    assert _login(server, username, h.PASSWORD).status_code == 401
    listed = server.cli("user", "list").stdout
    assert any(username in line and "desactivado" in line for line in listed.splitlines())


def test_tokens_and_passwords_never_reach_the_log(server: ServerProcess) -> None:
    admin = server.admin()
    _, username = admin.create_user("clerk")
    token, _ = server.login(username, h.PASSWORD)
    server.api(token).http.get("/sync/pull")
    _login(server, username, "a-wrong-secret-password")
    badge = h.badge_token()
    httpx.get(f"{server.url}/c/{badge}")

    log = server.log_text()
    assert token not in log and admin.token not in log  # type: ignore[operator]
    assert h.PASSWORD not in log and "a-wrong-secret-password" not in log
    assert h.ADMIN_PASSWORD not in log
    assert badge not in log
    assert all(json.loads(line) for line in log.splitlines() if line.startswith("{"))
