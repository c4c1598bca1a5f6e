"""The inspector's day plan ("Mis inspecciones") and the inspection left open on this device.

:func:`day_plan` lists what an inspector owes and what they captured but have not sent yet:

* open visits (``borrador``) scheduled up to ``today + days`` — including overdue ones scheduled
  before today that are still open (they are still owed);
* open inspections that were already started (they have a form), whatever day they were planned
  for: begun work is never out of sight;
* inspections closed today, and closed ones whose changes have not synced yet — closed in the
  last :data:`UNSENT_LOOKBACK_DAYS` days for one inspector, in the last ``days`` days for
  everyone's plan (older unsent work stays in the outbox and on the Sincronización screen; the
  plan stays short on a laptop that has not synced for months).

Each entry says whether it still has unsent changes (:attr:`PlannedInspection.pending_sync`):
a change-log row with ``synced_at`` NULL for the inspection, one of its attachment links or their
files. Everything is read from the local store: the plan works with no network at all.

:func:`remember_open` / :func:`last_open` keep, per user and device, the inspection the capture
screen has open (a device-local setting, not synced), so the app reopens it after a crash or a
flat battery.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.store.db import Store
from sync import protocol
from sync.ids import utc_text

DEFAULT_DAYS = 7
#: How far back an inspector's plan still lists a closed inspection whose changes are unsent
#: (older unsent work is still in the outbox and on the Sincronización screen).
UNSENT_LOOKBACK_DAYS = 30
OPEN = "borrador"
CLOSED = protocol.CLOSED_INSPECTION
_SETTING_PREFIX = "inspection.open."
_CHUNK = 500

# "Does this inspection (``{id}``) still have unsent changes?" Each probe is one lookup in the
# partial index idx_change_log_unsynced_entity (migration m009).
_PENDING_SQL = (
    "(EXISTS (SELECT 1 FROM change_log c WHERE c.synced_at IS NULL "
    "AND c.entity = 'inspections' AND c.entity_id = {id}) "
    "OR EXISTS (SELECT 1 FROM attachment_links l WHERE l.entity = 'inspections' "
    "AND l.entity_id = {id} AND (EXISTS (SELECT 1 FROM change_log c WHERE c.synced_at IS NULL "
    "AND c.entity = 'attachment_links' AND c.entity_id = l.id) "
    "OR EXISTS (SELECT 1 FROM change_log c WHERE c.synced_at IS NULL "
    "AND c.entity = 'attachments' AND c.entity_id = l.sha256))))"
)


@dataclass(frozen=True)
class PlannedInspection:
    """One line of the day plan.

    Attributes:
        started: the inspection has a form (the inspector opened it at least once).
        answered: how many answers are saved.
        day: the day the plan lists it under: the scheduled day of an open visit (before today:
            overdue), today for an open one without a day, the (local) closing day of a closed one.
        pending_sync: some change of it (answers, photos, signatures, closing) is not sent yet.
    """

    inspection_id: str
    case_id: str | None
    folio: str
    business_name: str
    address: str
    colonia: str
    scheduled_for: dt.date | None
    status: str
    started: bool
    answered: int
    result: str | None
    closed_at: str | None
    inspector_id: str | None
    inspector_name: str
    pending_sync: bool
    day: dt.date

    @property
    def is_closed(self) -> bool:
        return self.status == CLOSED

    def overdue(self, today: dt.date) -> bool:
        """An open visit whose scheduled day has passed."""
        return not self.is_closed and self.day < today


def inspector_for_user(db: Database, user_id: str) -> str | None:
    """The registry inspector (``inspectors.id``) linked to the login ``user_id``, if any.

    A person re-registered keeps one login: the active record wins, then the newest.
    """
    row = db.execute(
        "SELECT id FROM inspectors WHERE user_id = ? "
        "ORDER BY status = 'activo' DESC, created_at DESC LIMIT 1",
        [user_id],
    ).fetchone()
    return str(row[0]) if row else None


def plan_inspectors(db: Database) -> list[tuple[str, str]]:
    """Inspectors not retired (baja), as (inspectors.id, full name) by name: the plan's filter."""
    return [
        (str(r[0]), str(r[1]))
        for r in db.execute(
            "SELECT id, full_name FROM inspectors WHERE status != 'baja' "
            "ORDER BY full_name COLLATE NOCASE"
        )
    ]


def _local_day_start(day: dt.date) -> str:
    """The UTC timestamp (as ``utc_now`` writes them) of this machine's midnight of ``day``."""
    return utc_text(dt.datetime.combine(day, dt.time.min).astimezone())


def _local_date(stamp: str | None, fallback: dt.date) -> dt.date:
    if not stamp:
        return fallback
    try:
        return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone().date()
    except ValueError:
        return fallback


def _ids(db: Database, sql: str, params: Sequence[Any]) -> list[str]:
    return [str(r[0]) for r in db.execute(sql, list(params))]


def _candidate_ids(db: Database, inspector_id: str | None, today: dt.date, days: int) -> list[str]:
    end = (today + dt.timedelta(days=days)).isoformat()
    today_start = _local_day_start(today)
    tomorrow_start = _local_day_start(today + dt.timedelta(days=1))
    closed_today = "(i.closed_at >= ? AND i.closed_at < ?)"
    pending = _PENDING_SQL.format(id="i.id")
    # Closed ones: today's, and unsent ones closed in the lookback window (see the docstring).
    if inspector_id is not None:
        who, args = "i.inspector_id = ?", [inspector_id]
        lookback = UNSENT_LOOKBACK_DAYS
    else:
        who, args = "1", []
        lookback = days
    since = _local_day_start(today - dt.timedelta(days=lookback))
    closed_window = f"i.closed_at >= ? AND i.closed_at < ? AND ({closed_today} OR {pending})"
    closed_args = [since, tomorrow_start, today_start, tomorrow_start]
    found = _ids(
        db,
        f"SELECT i.id FROM inspections i WHERE i.status = '{OPEN}' AND {who} "
        "AND i.scheduled_for <= ?",
        [*args, end],
    )
    found += _ids(
        db,
        f"SELECT i.id FROM inspections i WHERE i.status = '{OPEN}' AND {who} "
        "AND i.template_id IS NOT NULL",  # begun: listed whatever its day, until closed
        args,
    )
    # The closing window is narrow: read it through idx_inspections_closed; the unary plus keeps
    # SQLite from walking every inspection the inspector ever had instead.
    found += _ids(
        db,
        f"SELECT i.id FROM inspections i WHERE i.status = '{CLOSED}' AND +{who} "
        f"AND {closed_window}",
        [*args, *closed_args],
    )
    return list(dict.fromkeys(found))


def _load(db: Database, ids: Sequence[str], today: dt.date) -> list[PlannedInspection]:
    pending = _PENDING_SQL.format(id="i.id")
    items: list[PlannedInspection] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        for r in db.execute(
            "SELECT i.id, i.case_id, coalesce(c.folio, ''), coalesce(b.name, ''), "
            "coalesce(b.address, ''), coalesce(b.colonia, ''), i.scheduled_for, i.status, "
            "i.template_id IS NOT NULL, (SELECT count(*) FROM json_each(i.answers)), i.result, "
            f"i.closed_at, i.inspector_id, coalesce(p.full_name, ''), {pending} "
            "FROM inspections i LEFT JOIN permit_cases c ON c.id = i.case_id "
            "LEFT JOIN businesses b ON b.id = c.business_id "
            "LEFT JOIN inspectors p ON p.id = i.inspector_id "
            f"WHERE i.id IN ({marks})",
            chunk,
        ):
            scheduled = dt.date.fromisoformat(r[6]) if r[6] else None
            day = _local_date(r[11], today) if r[7] == CLOSED else (scheduled or today)
            items.append(
                PlannedInspection(
                    inspection_id=r[0],
                    case_id=r[1],
                    folio=r[2],
                    business_name=r[3],
                    address=r[4],
                    colonia=r[5],
                    scheduled_for=scheduled,
                    status=r[7],
                    started=bool(r[8]),
                    answered=int(r[9]),
                    result=r[10],
                    closed_at=r[11],
                    inspector_id=r[12],
                    inspector_name=r[13],
                    pending_sync=bool(r[14]),
                    day=day,
                )
            )
    return items


def day_plan(
    db: Database, *, inspector_id: str | None, today: dt.date, days: int = DEFAULT_DAYS
) -> list[PlannedInspection]:
    """The inspections one inspector (or, with ``None``, everyone) has for today and next days.

    Args:
        inspector_id: an ``inspectors.id``; ``None`` lists every inspector's plan (supervisors
            and clerks).
        today: the local day the plan is for.
        days: how many days ahead to show (visits up to ``today + days`` inclusive).

    Returns:
        The visits still owed first, by :attr:`PlannedInspection.day` (overdue first), then
        colonia (case- and space-insensitive), then folio — the route; then the closed ones,
        newest first (what was captured and is waiting to be sent comes after the work ahead).
    """
    ids = _candidate_ids(db, inspector_id, today, max(0, days))
    items = _load(db, ids, today)
    items.sort(key=lambda p: (" ".join(p.colonia.casefold().split()), p.folio, p.inspection_id))
    items.sort(key=lambda p: p.day, reverse=True)  # closed: newest first (a stable sort)
    items.sort(key=lambda p: (p.is_closed, p.day if not p.is_closed else dt.date.min))
    return items


# -- the inspection left open on this device ------------------------------------------------------


def _setting_key(user_id: str) -> str:
    return f"{_SETTING_PREFIX}{user_id}"


def remember_open(store: Store, user_id: str, inspection_id: str | None) -> None:
    """Remember (or, with ``None``, forget) the inspection ``user_id`` has open on the capture
    screen. A device-local setting: it is not synced and leaves no audit event."""
    with store.write() as db:
        if inspection_id is None:
            db.execute("DELETE FROM settings WHERE key = ?", [_setting_key(user_id)])
        else:
            db.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [_setting_key(user_id), inspection_id],
            )


def last_open(db: Database, user_id: str) -> str | None:
    """The inspection ``user_id`` had open, if it still exists and is still open (borrador)."""
    row = db.execute(
        "SELECT i.id FROM settings s JOIN inspections i ON i.id = s.value "
        f"WHERE s.key = ? AND i.status = '{OPEN}'",
        [_setting_key(user_id)],
    ).fetchone()
    return str(row[0]) if row else None
