"""Read queries behind the Expedientes list: ids first, rows on demand.

The list asks for the (integer) rowids matching a filter in display order, then fetches the few
rows on screen by rowid. That keeps the view smooth at 100,000 cases (DESIGN.md §3).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

# Sort keys the list offers, mapped to SQL expressions (never interpolate user text).
SORT_COLUMNS = {
    "status": "c.status",
    "folio": "c.folio",
    "business": "b.name COLLATE NOCASE",
    "colonia": "b.colonia COLLATE NOCASE",
    "age": "c.received_date",
    "assignee": "u.display_name COLLATE NOCASE",
    "received": "c.received_date",
}

ROW_COLUMNS = (
    "rowid",
    "id",
    "status",
    "folio",
    "business",
    "colonia",
    "received_date",
    "assignee",
)


#: Age buckets of the backlog filter, in calendar days since the case was received.
AGE_BUCKETS: dict[str, tuple[int, int | None]] = {
    "0-15": (0, 15),
    "16-30": (16, 30),
    "31-90": (31, 90),
    "90+": (91, None),
}

#: ``CaseQuery.assignee`` value that selects cases nobody is assigned to.
UNASSIGNED = "-"

#: Statuses whose service clock has stopped; equals desktop.core.deadlines.CLOCK_STOPPED (a test
#: keeps them equal — the store layer does not import the core).
CLOCK_STOPPED_STATUSES = ("cancelado", "emitido", "entregado", "rechazado")
_STOPPED_SQL = "(" + ", ".join(f"'{s}'" for s in CLOCK_STOPPED_STATUSES) + ")"


@dataclass(frozen=True)
class CaseQuery:
    """A filter and order for the case list.

    Every filter is optional; set filters combine with AND.

    Attributes:
        age: a key of :data:`AGE_BUCKETS` (days since received: 0-15, 16-30, 31-90, 90+ = 91 on).
        colonia: exact colonia, as :func:`colonias` lists them.
        scian: SCIAN code prefix ("7225" selects every 7225xx restaurant class).
        risk: ``bajo``, ``medio`` or ``alto``.
        assignee: a user id, or :data:`UNASSIGNED`.
        missing_documents: only cases that still miss a mandatory document.
        overdue: only cases past their due date whose clock still runs.
        procedure_type: a procedure type code.
        today: the day ages and overdue are counted from (default: the machine's date).
    """

    search: str = ""
    status: str | None = None
    sort: str = "received"
    descending: bool = False
    age: str | None = None
    colonia: str | None = None
    scian: str | None = None
    risk: str | None = None
    assignee: str | None = None
    missing_documents: bool = False
    overdue: bool = False
    procedure_type: str | None = None
    today: dt.date | None = None


def fts_expression(text: str) -> str | None:
    """Turn what a clerk types into a safe FTS5 prefix query (every word must match).

    Quotes and operators are stripped, so any input is valid FTS syntax.
    """
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def _triage_filters(query: CaseQuery, where: list[str], params: list[Any]) -> None:
    """Add the triage filters' conditions to ``where`` and ``params``."""
    today = query.today or dt.date.today()
    if query.age:
        if query.age not in AGE_BUCKETS:
            raise ValueError(f"unknown age bucket {query.age!r}")
        low, high = AGE_BUCKETS[query.age]
        where.append("c.received_date <= ?")
        params.append((today - dt.timedelta(days=low)).isoformat())
        if high is not None:
            where.append("c.received_date >= ?")
            params.append((today - dt.timedelta(days=high)).isoformat())
    if query.assignee == UNASSIGNED:
        where.append("c.assignee_id IS NULL")
    elif query.assignee:
        where.append("c.assignee_id = ?")
        params.append(query.assignee)
    if query.missing_documents:
        where.append("c.missing_documents > 0")
    if query.overdue:
        # The literal list matches the partial index idx_permit_cases_open.
        where.append(f"c.status NOT IN {_STOPPED_SQL} AND c.due_date < ?")
        params.append(today.isoformat())
    if query.procedure_type:
        where.append("c.procedure_type = ?")
        params.append(query.procedure_type)
    # Business filters select business ids through covering indexes, then cases by business.
    business: list[str] = []
    if query.colonia:
        business.append("colonia = ?")
        params.append(query.colonia.strip())
    if query.scian:
        prefix = query.scian.strip()
        business.append("scian_code >= ? AND scian_code < ?")
        params += [prefix, prefix + "\U0010ffff"]
    if query.risk:
        business.append("risk_level = ?")
        params.append(query.risk)
    if business:
        where.append(f"c.business_id IN (SELECT id FROM businesses WHERE {' AND '.join(business)})")


def case_rowids(db: Database, query: CaseQuery) -> list[int]:
    """Rowids of the cases matching ``query``, in display order."""
    where: list[str] = []
    params: list[Any] = []
    if query.status:
        where.append("c.status = ?")
        params.append(query.status)
    _triage_filters(query, where, params)
    fts = fts_expression(query.search)
    if fts:
        where.append("c.rowid IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)")
        params.append(fts)
    order = SORT_COLUMNS.get(query.sort, SORT_COLUMNS["received"])
    direction = "DESC" if query.descending else "ASC"
    joins = ""
    if query.sort in ("business", "colonia"):
        joins += " JOIN businesses b ON b.id = c.business_id"
    if query.sort == "assignee":
        joins += " LEFT JOIN users u ON u.id = c.assignee_id"
    sql = f"SELECT c.rowid FROM permit_cases c{joins}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order} {direction}, c.rowid {direction}"
    # Iterate the cursor rather than fetchall(): no intermediate list of 100,000 tuples.
    return [r[0] for r in db.execute(sql, params)]


def case_rows(db: Database, rowids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The list columns of the given cases, keyed by rowid."""
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    sql = (
        "SELECT c.rowid, c.id, c.status, c.folio, b.name, b.colonia, c.received_date, "
        "coalesce(u.display_name, '') FROM permit_cases c "
        "JOIN businesses b ON b.id = c.business_id "
        "LEFT JOIN users u ON u.id = c.assignee_id "
        f"WHERE c.rowid IN ({marks})"
    )
    return {r[0]: dict(zip(ROW_COLUMNS, r, strict=True)) for r in db.execute(sql, list(rowids))}


def count_cases(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM permit_cases").fetchone()[0])


def status_counts(db: Database) -> dict[str, int]:
    return dict(db.execute("SELECT status, count(*) FROM permit_cases GROUP BY status").fetchall())


TRIAGE_COLUMNS = (
    "rowid",
    "due_date",
    "overdue",
    "missing_documents",
    "risk_level",
    "scian_code",
    "procedure_type",
)


def case_triage_rows(
    db: Database, rowids: Sequence[int], *, today: dt.date | None = None
) -> dict[int, dict[str, Any]]:
    """Triage columns of the given cases (due date, overdue, missing documents…), by rowid.

    A companion of :func:`case_rows` for the list's optional columns; ``overdue`` follows the
    same rule as ``CaseQuery.overdue``.
    """
    if not rowids:
        return {}
    today_text = (today or dt.date.today()).isoformat()
    marks = ",".join("?" * len(rowids))
    stopped = ",".join("?" * len(CLOCK_STOPPED_STATUSES))
    sql = (
        "SELECT c.rowid, c.due_date, "
        f"(c.due_date < ? AND c.status NOT IN ({stopped})), "
        "c.missing_documents, b.risk_level, b.scian_code, c.procedure_type "
        "FROM permit_cases c JOIN businesses b ON b.id = c.business_id "
        f"WHERE c.rowid IN ({marks})"
    )
    params = [today_text, *CLOCK_STOPPED_STATUSES, *rowids]
    result: dict[int, dict[str, Any]] = {}
    for r in db.execute(sql, params):
        row = dict(zip(TRIAGE_COLUMNS, r, strict=True))
        row["overdue"] = bool(row["overdue"])
        result[r[0]] = row
    return result


def colonias(db: Database) -> list[tuple[str, int]]:
    """Every colonia with its number of cases, by name: the values of the colonia filter."""
    return [
        (r[0], r[1])
        for r in db.execute(
            "SELECT b.colonia, count(*) FROM permit_cases c "
            "JOIN businesses b ON b.id = c.business_id WHERE b.colonia != '' "
            "GROUP BY b.colonia ORDER BY b.colonia COLLATE NOCASE"
        )
    ]


def scian_activities(db: Database) -> list[tuple[str, str, int]]:
    """Every SCIAN code in use with a description and its number of cases, by code."""
    return [
        (r[0], r[1], r[2])
        for r in db.execute(
            "SELECT b.scian_code, max(b.scian_description), count(*) FROM permit_cases c "
            "JOIN businesses b ON b.id = c.business_id WHERE b.scian_code != '' "
            "GROUP BY b.scian_code ORDER BY b.scian_code"
        )
    ]


def status_counts_among(db: Database, rowids: list[int]) -> dict[str, int]:
    """How many of the given cases are in each status (for the chips of a filtered list)."""
    if not rowids:
        return {}
    counts: dict[str, int] = {}
    for start in range(0, len(rowids), 30_000):
        chunk = rowids[start : start + 30_000]
        marks = ",".join("?" * len(chunk))
        for status, n in db.execute(
            f"SELECT status, count(*) FROM permit_cases WHERE rowid IN ({marks}) GROUP BY status",
            chunk,
        ):
            counts[status] = counts.get(status, 0) + n
    return counts
