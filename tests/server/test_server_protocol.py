"""The wire protocol agrees with the desktop: the same canonical JSON, hashes and chain rules."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.core import permits
from desktop.store import Actor, Store
from sync import protocol

ROOT = Path(__file__).resolve().parents[2]


def test_a_real_desktop_audit_chain_verifies_and_an_edit_is_caught(
    store: Store, actor: Actor
) -> None:
    dept = permits.create_department(store, actor, code="PC", name="Protección Civil")
    business = permits.create_business(store, actor, name="Abarrotes")
    permits.create_case(
        store,
        actor,
        folio="PC-1",
        business_id=business,
        received_date=dt.date(2026, 1, 5),
        department_id=dept,
    )
    rows = store.db.execute(
        "SELECT seq, id, at, user_id, device_id, action, entity, entity_id, details, prev_hash, "
        "hash FROM audit_events ORDER BY seq"
    ).fetchall()
    events = [protocol.AuditEvent(*row) for row in rows]

    assert protocol.check_chain(events, 0, protocol.GENESIS).ok
    edited = [*events]
    edited[1] = dataclasses.replace(edited[1], action="permit_cases.delete")
    check = protocol.check_chain(edited, 0, protocol.GENESIS)
    assert (check.valid, check.broken_at, check.reason) == (1, 2, "event #2 was altered")


def test_badge_tokens_are_case_insensitive_base32_of_128_bits() -> None:
    token = protocol.new_badge_token(os.urandom(16))
    assert len(token) == protocol.BADGE_TOKEN_LENGTH == 26
    assert protocol.normalize_badge_token(f"  {token.lower()} ") == token
    assert protocol.badge_token_hash(token.lower()) == protocol.badge_token_hash(token)
    non_canonical = token[:-1] + "B"  # the last character's two filler bits must be zero
    for bad in ("", token[:-1], token + "A", token[:-1] + "1", token[:-1] + "ñ", non_canonical):
        assert protocol.normalize_badge_token(bad) is None
        with pytest.raises(protocol.ProtocolError):
            protocol.badge_token_hash(bad)


def test_messages_round_trip_through_json_and_refuse_wrong_types() -> None:
    change = protocol.Change(
        "c1", "permit_cases", "p1", "update", {"status": "x"}, "t", "d", base_version=3
    )
    assert protocol.change_from_dict(protocol.to_dict(change)) == change
    with pytest.raises(protocol.ProtocolError, match="base_version"):
        protocol.change_from_dict({**protocol.to_dict(change), "base_version": True})
    with pytest.raises(protocol.ProtocolError, match="unknown op"):
        protocol.change_from_dict({**protocol.to_dict(change), "op": "upsert"})
    reply = {
        "results": [
            {
                "change_id": "c1",
                "status": "conflict",
                "version": 4,
                "reason": "changed",
                "server_data": {"status": "y"},
            }
        ],
        "audit": {"received": 0},
        "server_time": "t",
    }
    parsed = protocol.push_response_from_dict(reply)
    assert parsed.results[0].server_data == {"status": "y"}
    assert parsed.audit.broken_at is None


def test_the_server_is_deployable_without_the_desktop() -> None:
    """Nothing in sync/ (protocol, signing, tokens, registry signing, server) imports desktop/:
    the server ships alone (DESIGN.md §3)."""
    code = (
        "import importlib, pkgutil, sys\n"
        "import sync\n"
        "names = [m.name for m in pkgutil.walk_packages(sync.__path__, 'sync.')]\n"
        "assert {'sync.signing', 'sync.tokens', 'sync.registry_signing'} <= set(names), names\n"
        "for name in names:\n"
        "    if '.migrations' not in name: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('desktop', 'PySide6')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"
