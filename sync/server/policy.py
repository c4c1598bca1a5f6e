"""Who may do what: the server's authorisation matrix, as data (DESIGN.md §6, issue 7 item 4).

Three tables, read by the code that enforces them and by nothing else:

* :data:`ENDPOINTS` — which roles may call each authenticated endpoint at all.
* :data:`PUSH` — per entity and role: which operations, on which records (``ANY`` record, records
  of the account's own ``DEPT``, or the account's ``OWN`` records). No entry means refused.
* :data:`PULL` — per realm (see :mod:`sync.server.scope`) and role: which records a device pulls.

In words: a kiosk pushes verifications, ratings and complaints and reads the registry, nothing
else; an inspector writes only inspections of their own and pulls only what is assigned to them;
complaints and ratings reach the Contraloría (and administrators, whose reads are audited);
department staff see their department's files. Registry data (departments, inspectors, badges)
and shared catalogues (businesses, form templates, user names) are visible to every staff role.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, false, or_

from sync.server import models
from sync.server.scope import Scope

ROLES = ("admin", "supervisor", "clerk", "inspector", "comptroller", "kiosk")
STAFF = ("admin", "supervisor", "clerk", "inspector", "comptroller")
EVERYONE = ROLES

ANY = "any"
DEPT = "department"
OWN = "own"

# -- endpoints --------------------------------------------------------------------------------

ENDPOINTS: Mapping[str, tuple[str, ...]] = {
    "auth.me": EVERYONE,
    "auth.logout": EVERYONE,
    "sync.push": EVERYONE,  # what each role may push is decided per change, below
    "sync.pull": STAFF,  # a kiosk reads the registry instead
    "registry": EVERYONE,
    "attachments.head": STAFF,
    "attachments.upload": STAFF,
    "attachments.download": EVERYONE,  # and then per file, see may_download()
    "admin.users": ("admin",),
    "admin.devices": ("admin",),
    "admin.revoke": ("admin",),
}

# -- push -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    ops: frozenset[str]
    scope: str


def _r(ops: str, scope: str = ANY) -> Rule:
    names = {"i": "insert", "u": "update", "d": "delete"}
    return Rule(frozenset(names[c] for c in ops), scope)


PUSH: Mapping[str, Mapping[str, Rule]] = {
    "departments": {"admin": _r("iud")},
    "users": {"admin": _r("iud")},
    "businesses": {"admin": _r("iud"), "supervisor": _r("iu"), "clerk": _r("iu")},
    "permit_cases": {"admin": _r("iud"), "supervisor": _r("iu", DEPT), "clerk": _r("iu", DEPT)},
    "case_status_history": {
        "admin": _r("i"),
        "supervisor": _r("i", DEPT),
        "clerk": _r("i", DEPT),
    },
    "form_templates": {"admin": _r("i"), "supervisor": _r("i")},
    "inspectors": {"admin": _r("iud"), "supervisor": _r("iu", DEPT)},
    "badges": {"admin": _r("iud"), "supervisor": _r("iu", DEPT)},
    "inspections": {
        "admin": _r("iu"),
        "supervisor": _r("iu", DEPT),
        "clerk": _r("iu", DEPT),
        "inspector": _r("iu", OWN),
    },
    "verifications": {"kiosk": _r("i"), "admin": _r("i"), "supervisor": _r("i")},
    "ratings": {"kiosk": _r("i"), "admin": _r("i")},
    "complaints": {"kiosk": _r("i"), "comptroller": _r("iu"), "admin": _r("iu")},
    "attachments": {role: _r("i") for role in STAFF},
    "attachment_links": {
        "admin": _r("i"),
        "comptroller": _r("i"),
        "supervisor": _r("i", DEPT),
        "clerk": _r("i", DEPT),
        "inspector": _r("i", OWN),
    },
}

# -- pull -------------------------------------------------------------------------------------

_SHARED = {role: ANY for role in STAFF}
_FILES = {
    "admin": ANY,
    "comptroller": ANY,
    "supervisor": DEPT,
    "clerk": DEPT,
    "inspector": OWN,
}
PULL: Mapping[str, Mapping[str, str]] = {
    "departments": _SHARED,
    "users": _SHARED,
    "businesses": _SHARED,
    "form_templates": _SHARED,
    "inspectors": _SHARED,
    "badges": _SHARED,
    "attachments": _SHARED,
    "permit_cases": _FILES,
    "inspections": _FILES,
    "verifications": {"admin": ANY, "comptroller": ANY, "supervisor": DEPT},
    "complaints": {"admin": ANY, "comptroller": ANY},
    "ratings": {"admin": ANY, "comptroller": ANY},
    "attachment_links": {"admin": ANY},  # links to something unknown
}
#: Realms whose reads by an administrator are written to the server's audit log.
AUDITED_READS: Mapping[str, frozenset[str]] = {"admin": frozenset({"complaints", "ratings"})}


@dataclass(frozen=True)
class Principal:
    """Who is asking: an account, signed in on one enrolled device."""

    account_id: str
    username: str
    role: str
    department_id: str | None
    device_id: str | None = None  # the server's id of the enrolled device
    client_device_id: str | None = None  # the device's own id, as its changes carry it


#: The server itself, for records it writes (accounts created with ``verifica-server user add``).
SYSTEM = Principal(account_id="system", username="system", role="admin", department_id=None)


def may_call(role: str, endpoint: str) -> bool:
    return role in ENDPOINTS.get(endpoint, ())


def push_refusal(who: Principal, entity: str, op: str, old: Scope | None, new: Scope) -> str | None:
    """Why ``who`` may not apply this change, or ``None`` when they may."""
    rule = PUSH.get(entity, {}).get(who.role)
    if rule is None:
        return f"role {who.role} may not write {entity}"
    if op not in rule.ops:
        return f"role {who.role} may not {op} {entity}"
    scopes = [new] if old is None else [old, new]
    if rule.scope == DEPT:
        if who.department_id is None or any(s.dept != who.department_id for s in scopes):
            return f"{entity} {op}: the record does not belong to your department"
    elif rule.scope == OWN and any(s.owner != who.account_id for s in scopes):
        return f"{entity} {op}: the record is not your own"
    return None


def may_see(who: Principal, scope: Scope) -> bool:
    """Whether ``who`` may read a record with ``scope`` (the same rule as :func:`visible`)."""
    rule = PULL.get(scope.realm, {}).get(who.role)
    if rule == ANY:
        return True
    if rule == DEPT:
        return who.department_id is not None and scope.dept == who.department_id
    if rule == OWN:
        return scope.owner == who.account_id
    return False


def visible(who: Principal) -> ColumnElement[bool]:
    """SQL condition on ``records`` selecting what ``who`` may pull."""
    r = models.records.c
    by_rule: dict[str, list[str]] = {ANY: [], DEPT: [], OWN: []}
    for realm, roles in PULL.items():
        rule = roles.get(who.role)
        if rule is not None:
            by_rule[rule].append(realm)
    terms: list[ColumnElement[bool]] = []
    if by_rule[ANY]:
        terms.append(r.realm.in_(sorted(by_rule[ANY])))
    if by_rule[DEPT] and who.department_id is not None:
        terms.append(and_(r.realm.in_(sorted(by_rule[DEPT])), r.dept == who.department_id))
    if by_rule[OWN]:
        terms.append(and_(r.realm.in_(sorted(by_rule[OWN])), r.owner == who.account_id))
    return or_(*terms) if terms else false()
