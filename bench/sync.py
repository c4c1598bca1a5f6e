"""Sync benchmark (DESIGN.md §7): first sync of 100,000 records on a fresh device, and an
incremental sync of one change.

Starts a real ``verifica-server`` on SQLite (127.0.0.1), fills it with ``--records`` businesses
through its push API (not timed), then times ``sync_service.sync_now`` on a fresh data folder
(push nothing, pull every page, apply in one transaction) and, after one local edit, a second
sync (push one change, pull the echo). Exit 1 when the first sync misses its 10 s target.

    .venv/bin/python bench/sync.py                  # 100,000 records
    .venv/bin/python bench/sync.py --records 5000   # a quick look
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "server"))

import keyring  # noqa: E402
from keyring.backends.fail import Keyring as FailKeyring  # noqa: E402
from server_helpers import ADMIN_PASSWORD, ServerProcess  # noqa: E402

from desktop.core import permits, sync_service  # noqa: E402
from desktop.store import open_store  # noqa: E402
from sync.client import HttpRemote  # noqa: E402

FIRST_TARGET_S = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
        keyring.set_keyring(FailKeyring())  # never the user's keyring: the fallback file in tmp
        server = ServerProcess(f"sqlite:///{tmp / 'server.db'}", tmp / "server")
        server.prepare()
        server.start()
        try:
            admin = server.admin()
            now = "2026-01-15T00:00:00.000000Z"
            started = time.perf_counter()
            for start in range(0, args.records, 2000):
                changes = []
                for i in range(start, min(start + 2000, args.records)):
                    row_id = str(uuid.uuid4())
                    row = {
                        "id": row_id,
                        "name": f"Negocio {i}",
                        "owner_name": "Titular",
                        "address": f"Calle {i}",
                        "colonia": "Centro",
                        "scian_code": "461110",
                        "scian_description": "Abarrotes",
                        "risk_level": "bajo",
                        "phone": "9981234567",
                        "created_at": now,
                        "updated_at": now,
                    }
                    changes.append(
                        {"id": str(uuid.uuid4()), "entity": "businesses", "entity_id": row_id,
                         "op": "insert", "data": row, "at": now, "device_id": "bench"}
                    )  # fmt: skip
                admin.push(changes)
            print(f"fill: {args.records} records in {time.perf_counter() - started:.1f} s")

            store = open_store(tmp / "device")
            remote = HttpRemote(server.url)
            sync_service.sign_in(store, remote, server.url, "admin", ADMIN_PASSWORD)
            started = time.perf_counter()
            report = sync_service.sync_now(store, remote)
            first = time.perf_counter() - started
            print(f"first sync: {report.pulled} records in {first:.2f} s (target ≤ 10 s)")

            permits.create_business(store, store.actor(None), name="Una más")
            started = time.perf_counter()
            report = sync_service.sync_now(store, remote)
            incremental = time.perf_counter() - started
            print(
                f"incremental sync: {report.acknowledged} sent, {report.pulled} received "
                f"in {incremental * 1000:.0f} ms"
            )
            remote.close()
            store.close()
        finally:
            server.stop()
    if first > FIRST_TARGET_S:
        print(f"MISSED: first sync took {first:.1f} s (target {FIRST_TARGET_S} s)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
