"""Saved backlog filters: a name and a serialised :class:`~desktop.store.cases.CaseQuery`.

Filters belong to the user who saved them. The query is stored as JSON of the ``CaseQuery``
fields except ``today`` (a saved "overdue" filter means overdue on the day it is used). Loading
ignores fields this version does not know, so a filter saved by a newer Verifica still opens.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.core.ids import utc_now, uuid7
from desktop.errors import InvalidInput
from desktop.store.cases import AGE_BUCKETS, CaseQuery
from desktop.store.changes import canonical_json, record_change
from desktop.store.db import Actor, Store

MAX_NAME_LENGTH = 80
_NOT_SAVED = frozenset({"today"})


@dataclass(frozen=True)
class SavedFilter:
    """A named filter of one user."""

    id: str
    name: str
    query: CaseQuery
    user_id: str | None


def query_to_json(query: CaseQuery) -> str:
    """The query as compact JSON, without ``today``."""
    data = {k: v for k, v in dataclasses.asdict(query).items() if k not in _NOT_SAVED}
    return canonical_json(data)


def _bad(detail: str) -> InvalidInput:
    return InvalidInput(
        f"El filtro guardado no es válido: {detail}", f"The saved filter is not valid: {detail}"
    )


def query_from_json(text: str) -> CaseQuery:
    """Rebuild a query saved by :func:`query_to_json`.

    Raises:
        InvalidInput: not JSON, not an object, or a field of the wrong type.
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise _bad(str(exc)) from None
    if not isinstance(data, dict):
        raise _bad("not an object")
    values: dict[str, Any] = {}
    for field in dataclasses.fields(CaseQuery):
        if field.name in _NOT_SAVED or field.name not in data:
            continue
        value = data[field.name]
        default = field.default
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, str):
            ok = isinstance(value, str)
        else:  # optional text fields
            ok = value is None or isinstance(value, str)
        if not ok:
            raise _bad(f"{field.name} = {value!r}")
        values[field.name] = value
    if values.get("age") is not None and values["age"] not in AGE_BUCKETS:
        raise _bad(f"age = {values['age']!r}")
    return CaseQuery(**values)


def save_filter(store: Store, actor: Actor, name: str, query: CaseQuery) -> str:
    """Save ``query`` under ``name`` for the acting user (replacing one of the same name).

    Returns:
        The filter's id.

    Raises:
        InvalidInput: empty or too long name.
    """
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(
            f"El nombre del filtro es obligatorio (máximo {MAX_NAME_LENGTH} caracteres).",
            f"The filter needs a name (at most {MAX_NAME_LENGTH} characters).",
        )
    text = query_to_json(query)
    now = utc_now()
    with store.write() as db:
        existing = db.execute(
            "SELECT id, created_at FROM saved_filters WHERE user_id IS ? AND name = ?",
            [actor.user_id, name],
        ).fetchone()
        row: dict[str, Any] = {
            "id": existing[0] if existing else uuid7(),
            "user_id": actor.user_id,
            "name": name,
            "query": text,
            "created_at": existing[1] if existing else now,
            "updated_at": now,
        }
        db.table("saved_filters").upsert(row, pk="id")
        record_change(
            db, actor, "saved_filters", row["id"], "update" if existing else "insert", row
        )
    return str(row["id"])


def saved_filters(db: Database, user_id: str | None) -> list[SavedFilter]:
    """The filters ``user_id`` saved, by name. A filter that no longer parses is skipped."""
    result = []
    for fid, name, text, uid in db.execute(
        "SELECT id, name, query, user_id FROM saved_filters WHERE user_id IS ? "
        "ORDER BY name COLLATE NOCASE",
        [user_id],
    ):
        try:
            result.append(SavedFilter(fid, name, query_from_json(text), uid))
        except InvalidInput:
            continue
    return result


def delete_filter(store: Store, actor: Actor, filter_id: str) -> None:
    """Delete one of the acting user's saved filters.

    Raises:
        InvalidInput: no such filter of this user.
    """
    with store.write() as db:
        row = db.execute(
            "SELECT name FROM saved_filters WHERE id = ? AND user_id IS ?",
            [filter_id, actor.user_id],
        ).fetchone()
        if row is None:
            raise InvalidInput("No existe ese filtro guardado.", "No such saved filter.")
        db.execute("DELETE FROM saved_filters WHERE id = ?", [filter_id])
        record_change(db, actor, "saved_filters", filter_id, "delete", {"id": filter_id})
