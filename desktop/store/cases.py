"""Read queries behind the Expedientes list: ids first, rows on demand.

The list asks for the (integer) rowids matching a filter in display order, then fetches the few
rows on screen by rowid. That keeps the view smooth at 100,000 cases (DESIGN.md §3).
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class CaseQuery:
    """A filter and order for the case list."""

    search: str = ""
    status: str | None = None
    sort: str = "received"
    descending: bool = False


def fts_expression(text: str) -> str | None:
    """Turn what a clerk types into a safe FTS5 prefix query (every word must match).

    Quotes and operators are stripped, so any input is valid FTS syntax.
    """
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    if not words:
        return None
    return " ".join(f'"{w}"*' for w in words)


def case_rowids(db: Database, query: CaseQuery) -> list[int]:
    """Rowids of the cases matching ``query``, in display order."""
    where: list[str] = []
    params: list[Any] = []
    if query.status:
        where.append("c.status = ?")
        params.append(query.status)
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
    return [r[0] for r in db.execute(sql, params).fetchall()]


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
