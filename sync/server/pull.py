"""Pulling: the records a device may see that changed after its cursor, one page at a time.

The cursor is the ``seq`` of the last change a page covered. Each item is the record's *current*
state (a record changed five times since the cursor comes once, at its latest version), so a
device can apply a page with plain upserts. When a page is not full the new cursor jumps to the
newest change on the server, skipping changes this device may not see.

A cursor beyond the newest change means the server's database went back in time (restored from a
backup): the device is told to pull again from 0 instead of silently missing changes.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine, func, select

from sync.server import db, models, policy
from sync.server.errors import ApiError
from sync.server.events import server_event
from sync.server.ids import utc_now
from sync.server.policy import Principal


def pull_page(engine: Engine, who: Principal, cursor: int, limit: int) -> bytes:
    """One page as JSON bytes (a :class:`protocol.PullResponse`), built without re-encoding data.

    Raises:
        ApiError: 409 when ``cursor`` is ahead of the server.
    """
    r = models.records.c
    with db.read(engine) as conn:
        high = int(
            conn.execute(select(func.coalesce(func.max(models.changes.c.seq), 0))).scalar_one()
        )
        if cursor > high:
            raise ApiError(
                409,
                "El cursor es posterior a los datos del servidor (¿se restauró un respaldo?). "
                "Vuelva a descargar desde 0.",
                "The cursor is ahead of the server's data (was a backup restored?). "
                "Pull again from 0.",
                extra={"server_cursor": high},
            )
        rows = conn.execute(
            select(r.seq, r.entity, r.entity_id, r.version, r.deleted, r.data, r.change_id)
            .add_columns(r.at, r.realm)
            .where(r.seq > cursor, r.seq <= high, policy.visible(who))
            .order_by(r.seq)
            .limit(limit + 1)
        ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    new_cursor = int(rows[-1].seq) if more else high
    dumps = json.dumps
    parts = [
        f'{{"cursor":{row.seq},"entity":{dumps(row.entity)},"entity_id":{dumps(row.entity_id)},'
        f'"version":{row.version},"deleted":{"true" if row.deleted else "false"},'
        f'"data":{row.data},"change_id":{dumps(row.change_id)},"at":{dumps(row.at)}}}'
        for row in rows
    ]
    now = utc_now()
    body = (
        f'{{"items":[{",".join(parts)}],"cursor":{new_cursor},'
        f'"more":{"true" if more else "false"},"server_time":"{now}"}}'
    )
    _audit_sensitive_reads(engine, who, [row.realm for row in rows], now)
    return body.encode("utf-8")


def _audit_sensitive_reads(engine: Engine, who: Principal, realms: list[str], now: str) -> None:
    watched = policy.AUDITED_READS.get(who.role, frozenset())
    counts = {realm: realms.count(realm) for realm in watched if realm in realms}
    if not counts:
        return
    with db.write(engine) as conn:
        server_event(
            conn,
            "pull.sensitive_read",
            account_id=who.account_id,
            device_id=who.device_id,
            at=now,
            realms=counts,
        )
