"""Who may do what: the server's authorisation matrix, as data (DESIGN.md §6, issue 7 item 4).

Three tables, read by the code that enforces them and by nothing else:

* :data:`ENDPOINTS` — which roles may call each authenticated endpoint at all.
* :data:`PUSH` — per entity and role: which operations, on which records (``ANY`` record, records
  of the account's own ``DEPT``, or the account's ``OWN`` records). No entry means refused.
* :data:`PULL` — per realm (see :mod:`sync.server.scope`) and role: which records a device pulls.

Narrower tables refine a push the matrix allows: :data:`UPDATABLE_FIELDS` (the only fields a
role may change on a record), :data:`STATUS_MOVES` (the only status moves a role may make) and
:data:`ACTA_BACKED_STATUSES` (statuses reached only with a fitting closed inspection of the
record); a role with status moves writes status history only as the record of its own moves
(:func:`history_refusal`).

In words: a kiosk pushes verifications, ratings and complaints and reads the registry, nothing
else; an inspector writes only inspections (and corrections to them) of their own, moves the
case assigned to them from the visit to its decision when an inspection closes (its status, and
the status-history row that goes with it — nothing else of the case; the decision is the one the
closed acta's result leads to), and pulls only what is
assigned to them; complaints and ratings reach the Contraloría (and administrators, whose reads
are audited); department staff see their department's files. Registry data (departments,
inspectors, badges) and shared catalogues (businesses, form templates, user names) are visible to
every staff role. Every role that writes inspections also publishes the form template an
inspection was captured on (templates are append-only and their id derives from their content,
so the same form from two laptops is one record).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_

# DECISION_BY_RESULT and CLOSED_INSPECTION are re-exported (the wire protocol defines them).
from sync.protocol import CLOSED_INSPECTION as CLOSED_INSPECTION
from sync.protocol import DECISION_BY_RESULT as DECISION_BY_RESULT
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
    "permit_cases": {
        "admin": _r("iud"),
        "supervisor": _r("iu", DEPT),
        "clerk": _r("iu", DEPT),
        # Closing an inspection offline moves the case it was for: see UPDATABLE_FIELDS and
        # STATUS_MOVES for how far.
        "inspector": _r("u", OWN),
    },
    "case_status_history": {
        "admin": _r("i"),
        "supervisor": _r("i", DEPT),
        "clerk": _r("i", DEPT),
        "inspector": _r("i", OWN),  # a history row takes its case's owner (scope.py)
    },
    # Whoever writes an inspection writes the template it points at (an inspection registers
    # the shipped form on the laptop that captures it). Append-only; push.py refuses a second
    # template under the same code and version.
    "form_templates": {role: _r("i") for role in ("admin", "supervisor", "clerk", "inspector")},
    "inspectors": {"admin": _r("iud"), "supervisor": _r("iu", DEPT)},
    "badges": {"admin": _r("iud"), "supervisor": _r("iu", DEPT)},
    "inspections": {
        "admin": _r("iu"),
        "supervisor": _r("iu", DEPT),
        "clerk": _r("iu", DEPT),
        "inspector": _r("iu", OWN),
    },
    # Corrections to a closed inspection: written by whoever may write the inspection, never
    # changed afterwards (insert only), checked against the inspection they correct.
    "inspection_amendments": {
        "admin": _r("i"),
        "supervisor": _r("i", DEPT),
        "clerk": _r("i", DEPT),
        "inspector": _r("i", OWN),
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

#: Per entity and role: the only fields whose value an update may change (no entry: any field).
#: Fields sent with their stored value are allowed, so a conflict resolution that re-sends the
#: whole row passes as long as only these differ.
UPDATABLE_FIELDS: Mapping[str, Mapping[str, frozenset[str]]] = {
    "permit_cases": {"inspector": frozenset({"status", "version", "updated_at"})},
}
#: Per entity and role: the only (from, to) status moves an update may make (no entry: any).
#: An inspector's are the ones closing an inspection makes (:data:`DECISION_BY_RESULT`): the
#: visit happened, then the result decides.
STATUS_MOVES: Mapping[str, Mapping[str, frozenset[tuple[str, str]]]] = {
    "permit_cases": {
        "inspector": frozenset(
            {("inspeccion_programada", "inspeccionado")}
            | {("inspeccionado", decision) for decision in DECISION_BY_RESULT.values()}
        )
    },
}

#: Per entity and role: the statuses a record reaches only on the strength of a closed
#: inspection of it, with the results of its latest closed inspection that allow each. The
#: visit (``inspeccionado``) needs a closed acta of the case, any result; a decision needs the
#: latest closed acta's result to lead to it.
ACTA_BACKED_STATUSES: Mapping[str, Mapping[str, Mapping[str, frozenset[str]]]] = {
    "permit_cases": {
        "inspector": {
            "inspeccionado": frozenset(DECISION_BY_RESULT),
            **{
                decision: frozenset(r for r, d in DECISION_BY_RESULT.items() if d == decision)
                for decision in DECISION_BY_RESULT.values()
            },
        }
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
    "inspections": _FILES,  # and their amendments, which take the inspection's realm (scope.py)
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


def update_refusal(
    who: Principal, entity: str, stored: Mapping[str, Any], sent: Mapping[str, Any]
) -> str | None:
    """Why ``who`` may not make this update to a stored record, or ``None`` when they may.

    Applies :data:`UPDATABLE_FIELDS` and :data:`STATUS_MOVES` after :func:`push_refusal` allowed
    the update; only the values that differ from the stored record count as changed.
    """
    changed = {k for k, v in sent.items() if stored.get(k) != v}
    allowed = UPDATABLE_FIELDS.get(entity, {}).get(who.role)
    if allowed is not None and changed - allowed:
        names = ", ".join(sorted(changed - allowed))
        return f"role {who.role} may not change {names} of {entity}"
    moves = STATUS_MOVES.get(entity, {}).get(who.role)
    if moves is not None and "status" in changed:
        move = (stored.get("status"), sent.get("status"))
        if move not in moves:
            return f"role {who.role} may not move {entity} from {move[0]} to {move[1]}"
    return None


def acta_results_needed(who: Principal, entity: str, to_status: Any) -> frozenset[str] | None:
    """The closed-inspection results that let ``who`` move a record to ``to_status``.

    ``None`` when the move needs no inspection (see :data:`ACTA_BACKED_STATUSES`).
    """
    return ACTA_BACKED_STATUSES.get(entity, {}).get(who.role, {}).get(to_status)


def acta_refusal(
    case_id: str, to_status: str, needed: frozenset[str], latest: Mapping[str, Any] | None
) -> str | None:
    """Why a case may not move to ``to_status`` given its ``latest`` closed inspection, if any."""
    if latest is None:
        return (
            f"case {case_id} has no closed inspection on the server: it moves to {to_status} "
            "only when an inspection of it is closed (send the acta first)"
        )
    result = latest.get("result")
    if result not in needed:
        return (
            f"the last closed inspection of case {case_id} ended {result}, which does not "
            f"lead to {to_status}"
        )
    return None


def history_checked(who: Principal) -> bool:
    """Whether ``who``'s case status-history rows must record a move they make (see
    :func:`history_refusal`): true for the roles whose case moves :data:`STATUS_MOVES` limits."""
    return STATUS_MOVES.get("permit_cases", {}).get(who.role) is not None


def history_refusal(who: Principal, data: Mapping[str, Any]) -> str | None:
    """Why ``who`` may not add this case status-history row, judged on the row alone.

    For a role :func:`history_checked`: the row names the pushing account as its author and
    records one of the role's :data:`STATUS_MOVES`. Whether the case made that move is the
    caller's to check (:mod:`sync.server.push` pairs the row with the batch's case updates).
    """
    if not history_checked(who):
        return None
    if data.get("user_id") != who.account_id:
        return "a status-history entry must name you as the person who moved the case"
    move = (data.get("from_status"), data.get("to_status"))
    if move not in STATUS_MOVES["permit_cases"][who.role]:
        return f"role {who.role} may not record a move of a case from {move[0]} to {move[1]}"
    return None


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
