"""Helpers for the sync tests: devices (real stores), the two remotes, small use-cases.

A :class:`Device` is a real data folder opened with ``open_store``; its edits go through
``Store.write()`` + ``record_change`` exactly like the app's use-cases. :class:`Backend` hands out
a remote per device: the in-memory server, or the real ``verifica-server`` subprocess on SQLite
(started by ``tests/server/server_helpers.py``) reached with :class:`sync.client.HttpRemote`.
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent / "server"))

from server_helpers import ADMIN_PASSWORD, ServerProcess

from desktop.core import permits, sync_service
from desktop.core.ids import utc_now, uuid7
from desktop.store import Store, open_store
from desktop.store.changes import record_change
from desktop.store.db import Actor
from desktop.store.sync_state import TABLE_ORDER, primary_key, read_record
from sync.client import HttpRemote, MemoryRemote, Remote

__all__ = ["ADMIN_PASSWORD", "Backend", "Device", "ServerProcess"]


class Backend:
    """Gives each device its remote: one shared MemoryRemote, or HTTP to one real server."""

    def __init__(self, kind: str, server: ServerProcess | None = None) -> None:
        self.kind = kind
        self.server = server
        self.memory = MemoryRemote()
        self.remotes: list[HttpRemote] = []

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else "memory://"

    def remote_for(self, store: Store) -> Remote:
        if self.kind == "memory":
            remote: Remote = self.memory
        else:
            assert self.server is not None
            http = HttpRemote(self.server.url, retries=2, backoff=0.05)
            self.remotes.append(http)
            remote = http
        sync_service.sign_in(store, remote, self.url, "admin", ADMIN_PASSWORD)
        return remote

    def close(self) -> None:
        for remote in self.remotes:
            remote.close()


@dataclass
class Device:
    """A device: a real store, an actor without a local user, and its remote."""

    store: Store
    remote: Remote

    @classmethod
    def open(cls, folder: Path, backend: Backend) -> Device:
        store = open_store(folder)
        return cls(store, backend.remote_for(store))

    @property
    def actor(self) -> Actor:
        return self.store.actor(None)

    def sync(self, **kwargs: Any) -> sync_service.SyncReport:
        return sync_service.sync_now(self.store, self.remote, **kwargs)

    # -- small use-cases (the same write path as the app's) --

    def department(self) -> str:
        code = "D" + uuid.uuid4().hex[:6].upper()
        return permits.create_department(self.store, self.actor, code=code, name=f"Depto {code}")

    def business(self, name: str = "Abarrotes La Esperanza") -> str:
        return permits.create_business(self.store, self.actor, name=name)

    def case(self, business_id: str, department_id: str | None = None) -> str:
        return permits.create_case(
            self.store,
            self.actor,
            folio="PC-" + uuid.uuid4().hex[:8].upper(),
            business_id=business_id,
            department_id=department_id,
            received_date=dt.date(2026, 1, 15),
        )

    def edit_business(self, business_id: str, **fields: Any) -> None:
        with self.store.write() as db:
            fields["updated_at"] = utc_now()
            sets = ", ".join(f"{k} = ?" for k in fields)
            db.execute(
                f"UPDATE businesses SET {sets} WHERE id = ?", [*fields.values(), business_id]
            )
            record_change(db, self.actor, "businesses", business_id, "update", fields)

    def delete_business(self, business_id: str) -> None:
        with self.store.write() as db:
            db.execute("DELETE FROM businesses WHERE id = ?", [business_id])
            record_change(db, self.actor, "businesses", business_id, "delete", {"id": business_id})

    def new_business_row(self, name: str) -> str:
        business_id = uuid7()
        now = utc_now()
        row = {"id": business_id, "name": name, "created_at": now, "updated_at": now}
        with self.store.write() as db:
            db.table("businesses").insert(row)
            record_change(db, self.actor, "businesses", business_id, "insert", row)
        return business_id

    def record(self, entity: str, entity_id: str) -> dict[str, Any] | None:
        return read_record(self.store.db, entity, entity_id)

    def snapshot(self, entities: tuple[str, ...] = TABLE_ORDER) -> dict[tuple[str, str], Any]:
        """Every synced record of this device, by key."""
        out: dict[tuple[str, str], Any] = {}
        for entity in entities:
            pk = primary_key(entity)
            for (entity_id,) in self.store.db.execute(f"SELECT {pk} FROM {entity}"):
                out[(entity, entity_id)] = read_record(self.store.db, entity, entity_id)
        return out

    def unsynced(self) -> int:
        return int(
            self.store.db.execute(
                "SELECT count(*) FROM change_log WHERE synced_at IS NULL"
            ).fetchone()[0]
        )

    def close(self) -> None:
        self.store.close()
