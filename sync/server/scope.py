"""Where a record belongs: its realm, department and owner, derived when it is written.

Authorisation (:mod:`sync.server.policy`) never reads record JSON: it compares these derived
columns with the account. They are computed from the record's merged data and, for records that
hang off another one (a status-history row off its case, a badge off its inspector), from the
*parent's* stored scope — one lookup, no chains of joins.

* ``realm`` — which row of the pull table governs visibility; the entity itself, except that an
  attachment link takes the realm of what it is attached to (a photo attached to a complaint is
  as confidential as the complaint), and a correction to an inspection
  (``inspection_amendments``) takes its inspection's realm, department and owner: whoever sees
  the acta sees its corrections, nobody else.
* ``dept`` — the department the record belongs to (``None``: unknown or department-less).
* ``owner`` — the account the record is assigned to (a case's assignee, the user behind an
  inspection's inspector).
* ``lookup`` — a secondary key for public pages and downloads (folio, badge token hash, photo
  hash), and a form template's ``code@version``, which must stay unique.

Known limit: the scope of a child is fixed when the child is written. Reassigning a case
re-sends the case itself to its new assignee, but not the case's older history rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Key = tuple[str, str]


@dataclass(frozen=True)
class Scope:
    realm: str
    dept: str | None = None
    owner: str | None = None
    lookup: str | None = None


#: Returns the stored scope of a record, or None when the server does not have it.
ScopeLookup = Callable[[Key], Scope | None]

# Entities an attachment may be linked to, and so realms an attachment link can take.
LINKABLE = frozenset(
    {"permit_cases", "inspections", "complaints", "inspectors", "businesses", "verifications"}
)


def text(data: Mapping[str, Any], key: str, limit: int = 64) -> str | None:
    """``data[key]`` if it is a non-empty string of at most ``limit`` characters."""
    value = data.get(key)
    if isinstance(value, str) and 0 < len(value) <= limit and "\x00" not in value:
        return value
    return None


def parents(entity: str, data: Mapping[str, Any]) -> list[Key]:
    """The records whose stored scope this record's scope depends on."""
    refs: list[tuple[str, str | None]] = {
        "case_status_history": [("permit_cases", text(data, "case_id"))],
        "badges": [("inspectors", text(data, "inspector_id"))],
        "inspections": [
            ("permit_cases", text(data, "case_id")),
            ("inspectors", text(data, "inspector_id")),
        ],
        "inspection_amendments": [("inspections", text(data, "inspection_id"))],
        "verifications": [("badges", text(data, "badge_id"))],
        "ratings": [("inspectors", text(data, "inspector_id"))],
    }.get(entity, [])
    if entity == "attachment_links" and text(data, "entity") in LINKABLE:
        refs = [(str(data["entity"]), text(data, "entity_id"))]
    return [(e, i) for e, i in refs if i is not None]


def derive(entity: str, entity_id: str, data: Mapping[str, Any], stored: ScopeLookup) -> Scope:
    """The scope of a record from its (merged) data and its parents' stored scopes."""

    def parent(e: str, key: str) -> Scope | None:
        i = text(data, key)
        return stored((e, i)) if i is not None else None

    if entity == "departments":
        return Scope(entity, dept=entity_id, lookup=_upper(text(data, "code")))
    if entity == "users":
        return Scope(
            entity, dept=text(data, "department_id"), owner=entity_id, lookup=text(data, "username")
        )
    if entity == "permit_cases":
        return Scope(
            entity,
            dept=text(data, "department_id"),
            owner=text(data, "assignee_id"),
            lookup=_upper(text(data, "folio", 128)),
        )
    if entity == "case_status_history":
        case = parent("permit_cases", "case_id")
        return Scope("permit_cases", dept=_dept(case), owner=_owner(case))
    if entity == "inspectors":
        return Scope(
            entity,
            dept=text(data, "department_id"),
            owner=text(data, "user_id"),
            lookup=text(data, "photo_sha256"),
        )
    if entity == "badges":
        inspector = parent("inspectors", "inspector_id")
        return Scope(
            entity,
            dept=_dept(inspector),
            owner=_owner(inspector),
            lookup=text(data, "token_hash"),
        )
    if entity == "inspections":
        case = parent("permit_cases", "case_id")
        inspector = parent("inspectors", "inspector_id")
        dept = _dept(case) or _dept(inspector)
        return Scope(entity, dept=dept, owner=_owner(inspector))
    if entity == "inspection_amendments":
        inspection = parent("inspections", "inspection_id")
        return Scope("inspections", dept=_dept(inspection), owner=_owner(inspection))
    if entity == "verifications":
        badge = parent("badges", "badge_id")
        return Scope(entity, dept=_dept(badge))
    if entity == "ratings":
        inspector = parent("inspectors", "inspector_id")
        dept = text(data, "department_id") or _dept(inspector)
        return Scope(entity, dept=dept)
    if entity == "complaints":
        return Scope(entity, lookup=_upper(text(data, "folio", 128)))
    if entity == "attachments":
        return Scope(entity, lookup=text(data, "sha256"))
    if entity == "attachment_links":
        linked_entity = text(data, "entity")
        if linked_entity not in LINKABLE:
            # Unknown targets are visible to the roles that see everything, nobody else.
            return Scope(entity, lookup=text(data, "sha256"))
        target = parent(linked_entity, "entity_id")
        return Scope(
            linked_entity,
            dept=_dept(target),
            owner=_owner(target),
            lookup=text(data, "sha256"),
        )
    if entity == "form_templates":
        return Scope(entity, lookup=template_key(data))
    return Scope(entity)  # businesses


def template_key(data: Mapping[str, Any]) -> str | None:
    """A form template's ``code@version``, unique among templates (push.py enforces it)."""
    code, version = text(data, "code"), data.get("version")
    if code is None or not isinstance(version, int) or isinstance(version, bool):
        return None
    return f"{code}@{version}"


def _dept(scope: Scope | None) -> str | None:
    return scope.dept if scope is not None else None


def _owner(scope: Scope | None) -> str | None:
    return scope.owner if scope is not None else None


def _upper(value: str | None) -> str | None:
    return value.upper() if value is not None else None
