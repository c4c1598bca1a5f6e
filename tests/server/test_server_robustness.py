"""Text no generator produces but a broken or hostile client can send: never a 5xx, never a leak.

JSON may carry lone UTF-16 surrogates (``"\\ud800"``) and NUL characters; neither can be stored
in PostgreSQL text nor written as UTF-8. Schemathesis never sends them (Hypothesis excludes
surrogates), so they are tested here, on both databases.
"""

from __future__ import annotations

import httpx
import pytest
import server_helpers as h
from server_helpers import ServerProcess

SURROGATE = "\\ud800"  # as it appears inside JSON text
CHANGE = (
    '{{"id": "{id}", "entity": "{entity}", "entity_id": "{entity_id}", "op": "insert", '
    '"data": {{"name": "{value}"}}, "at": "2026-01-01", "device_id": "d"}}'
)


def _push_raw(api: h.Api, changes: list[str], audit: str = "[]") -> httpx.Response:
    body = f'{{"changes": [{", ".join(changes)}], "audit": {audit}}}'
    return api.http.post(
        "/sync/push", content=body.encode(), headers={"Content-Type": "application/json"}
    )


def test_unencodable_text_in_a_push_is_refused_per_change(server: ServerProcess) -> None:
    admin = server.admin()
    new = h.new_id
    changes = [
        CHANGE.format(id="a" + SURROGATE, entity="businesses", entity_id=new(), value="x"),
        CHANGE.format(id=new(), entity="x" + SURROGATE, entity_id=new(), value="x"),
        CHANGE.format(id=new(), entity="businesses", entity_id="e" + SURROGATE, value="x"),
        CHANGE.format(id=new(), entity="businesses", entity_id=new(), value=SURROGATE),
        CHANGE.format(id=new(), entity="businesses", entity_id=new(), value="\\u0000"),
        CHANGE.format(id=new(), entity="businesses", entity_id=new(), value="fine"),
    ]
    audit = (
        '[{"seq": 1, "id": "e' + SURROGATE + '", "at": "t", "user_id": null, "device_id": "d", '
        '"action": "a", "entity": "e", "entity_id": "i", "details": "{}", '
        '"prev_hash": "' + "0" * 64 + '", "hash": "' + "1" * 64 + '"}]'
    )

    r = _push_raw(admin, changes, audit)

    assert r.status_code == 200, r.text
    statuses = [x["status"] for x in r.json()["results"]]
    assert statuses == ["refused"] * 5 + ["accepted"]
    assert r.json()["audit"]["broken_at"] == 1
    assert all(e["level"] for e in server.log_events("push.refused"))


@pytest.mark.parametrize(
    "path", ["/a/%FF", "/A/%ED%A0%80", "/a/%00", "/c/%FF", "/C/%ED%A0%80", "/c/%00%00"]
)
def test_public_pages_answer_odd_bytes_with_a_page(server: ServerProcess, path: str) -> None:
    r = httpx.get(f"{server.url}{path}")
    assert r.status_code == 200
    assert "No es una credencial válida" in r.text or "No encontramos esta anuencia" in r.text


def test_sign_in_and_account_creation_refuse_unencodable_text(server: ServerProcess) -> None:
    admin = server.admin()
    login = (
        '{"username": "a' + SURROGATE + '", "password": "' + SURROGATE + '", '
        '"device_name": "' + SURROGATE + '"}'
    )
    account = (
        '{"username": "zz", "role": "clerk", "password": "abcdefgh' + SURROGATE + '", '
        '"display_name": "' + SURROGATE + '"}'
    )
    headers = {"Content-Type": "application/json"}
    signed_in = httpx.post(f"{server.url}/auth/login", content=login.encode(), headers=headers)
    created = admin.http.post("/admin/users", content=account.encode(), headers=headers)
    assert signed_in.status_code == 401
    assert created.status_code == 422


def test_absurdly_nested_json_is_refused_not_a_crash(server: ServerProcess) -> None:
    admin = server.admin()
    deep = "[" * 100_000 + "]" * 100_000
    body = '{"changes": [], "audit": [], "x": ' + deep + "}"
    r = admin.http.post(
        "/sync/push", content=body.encode(), headers={"Content-Type": "application/json"}
    )
    assert 400 <= r.status_code < 500
