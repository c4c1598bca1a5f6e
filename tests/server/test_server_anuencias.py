"""An anuencia issued and then cancelled on a laptop: once pushed, the server's page follows."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import server_helpers as h
from server_helpers import ServerProcess

from desktop.core import anuencias, permits, signing, trust, users
from desktop.print.anuencia import render_anuencia
from desktop.store import Store


def _outbox(store: Store, after: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    changes = [
        {**dict(r), "data": json.loads(r["data"])}
        for r in store.db.query(
            "SELECT id, at, device_id, user_id, entity, entity_id, op, data FROM change_log "
            "WHERE seq > ? ORDER BY seq",
            [after],
        )
    ]
    audit = list(
        store.db.query(
            "SELECT seq, id, at, user_id, device_id, action, entity, entity_id, details, "
            "prev_hash, hash FROM audit_events WHERE seq > ? ORDER BY seq",
            [after],
        )
    )
    return changes, audit, store.db.execute("SELECT max(seq) FROM change_log").fetchone()[0]


def test_an_issued_then_cancelled_anuencia_shows_vigente_then_cancelada(
    server: ServerProcess, store: Store, admin: users.User
) -> None:
    actor = store.actor(admin.id)
    folio = f"PC-{h.new_id()[:8].upper()}"
    dept = permits.create_department(store, actor, code=folio[-6:], name="Protección Civil")
    biz = permits.create_business(store, actor, name="Taller «El Güero»", colonia="Centro")
    case = permits.create_case(
        store, actor, folio=folio, business_id=biz, received_date=dt.date.today(),
        department_id=dept,
    )  # fmt: skip
    for status in ("en_revision", "inspeccion_programada", "inspeccionado", "aprobado"):
        permits.change_status(store, actor, case, status)
    key = signing.generate_private_key()
    trust.enrol_key(store, admin, signing.public_key_raw(key), source="local")
    issued, _pdf = anuencias.issue_anuencia(
        store, admin, folio, key, render=render_anuencia, signer_name="Lic. Ana Pérez"
    )
    token, _ = server.login("admin", h.ADMIN_PASSWORD, device_id=store.device_id)
    laptop = server.api(token)

    changes, audit, seen = _outbox(store, 0)
    reply = laptop.push(changes, audit)
    by_entity = {(c["entity"], r["status"]) for c, r in zip(changes, reply["results"], strict=True)}
    assert ("permit_cases", "accepted") in by_entity
    assert {s for e, s in by_entity if e == "permit_cases"} == {"accepted"}
    page = httpx.get(f"{server.url}/A/{folio}", timeout=30).text
    assert "Vigente" in page and issued.valid_until in page

    anuencias.cancel_anuencia(store, admin, folio, "Cambio de giro sin aviso")
    changes, audit, _ = _outbox(store, seen)
    reply = laptop.push(changes, audit)
    assert [r["status"] for r in reply["results"]] == ["accepted"] * len(changes)
    assert "Cancelada" in httpx.get(f"{server.url}/A/{folio}", timeout=30).text
