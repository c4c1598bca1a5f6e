"""Laptops signed in to one real server, for the tests of what inspections send and receive.

``tests/test_sync_amendments.py`` and ``tests/test_sync_inspection_close.py`` each start one
server per database (:func:`module_server`), set up their own office on it, and open laptops as
its users (:func:`open_laptops`): real data folders, real HTTP, the real sync service.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sync_helpers import ServerProcess  # puts tests/server/ on the path

# isort: split
import server_helpers as h

from desktop.core import sync_service
from desktop.store import Store, open_store
from sync.client import HttpRemote


@dataclass
class Laptop:
    store: Store
    remote: HttpRemote

    def sync(self) -> sync_service.SyncReport:
        return sync_service.sync_now(self.store, self.remote)

    def change(self, entity: str, entity_id: str) -> dict[str, Any]:
        """This laptop's first change-log row for a record, shaped as the device pushes it."""
        keys = ("id", "entity", "entity_id", "op", "data", "at", "device_id", "user_id")
        row = self.store.db.execute(
            f"SELECT {', '.join(keys)} FROM change_log WHERE entity = ? AND entity_id = ? "
            "ORDER BY rowid LIMIT 1",
            [entity, entity_id],
        ).fetchone()
        change = dict(zip(keys, row, strict=True))
        change["data"] = json.loads(change["data"])
        return change


def module_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, name: str
) -> Iterator[ServerProcess]:
    """The body of a module-scoped server fixture parametrised over ``sqlite``/``postgresql``."""
    if request.param == "postgresql":
        h.pg_base_url()  # skips, or fails in CI, without PostgreSQL
    databases = h.Databases(request.param, tmp_path_factory.mktemp(f"db-{request.param}"))
    server = ServerProcess(databases.new(name), tmp_path_factory.mktemp("server"))
    server.prepare()
    server.start()
    yield server
    server.stop()
    databases.drop_all()


def open_laptops(
    server: ServerProcess, usernames: Mapping[str, str], folder: Path
) -> Iterator[Callable[..., Laptop]]:
    """The body of a ``laptop`` fixture: ``open_as(role, folder=None)`` signs a new data folder
    in as that role's user; every laptop opened is closed afterwards."""
    opened: list[Laptop] = []

    def open_as(role: str, name: str | None = None) -> Laptop:
        store = open_store(folder / (name or role))
        remote = HttpRemote(server.url, retries=2, backoff=0.05)
        opened.append(Laptop(store, remote))
        sync_service.sign_in(store, remote, server.url, usernames[role], h.PASSWORD)
        return opened[-1]

    yield open_as
    for laptop in opened:
        laptop.remote.close()
        laptop.store.close()
