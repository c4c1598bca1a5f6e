"""The role matrix: every role against every endpoint and every kind of record (issue 7, item 4).

The expectations below are written out from the issue and DESIGN.md §6 — not read from the
server's policy table — so a change to the table that breaks a rule fails here:

* a kiosk pushes verifications, ratings and complaints, reads the registry, nothing else;
* an inspector writes only inspections (their photos, and corrections to them once closed) of
  their own, moves the case assigned to them when an inspection of it closes (its status and
  history, nothing else of it), and pulls only the files assigned to them;
* complaints and ratings reach the Contraloría and administrators only;
* department staff (supervisor, clerk) see and write their own department's files;
* the registry (departments, inspectors, badges) and shared catalogues are visible to all staff.

Decisions recorded here (beyond the issue's words): the Contraloría reads every department's
files and inspections read-only, for oversight and its dashboard; supervisors see the
verifications of their department's inspectors; a correction to a closed inspection (an
amendment) is written by whoever may write that inspection and seen by whoever sees it; every
role that writes inspections (admin, supervisor, clerk, inspector) also publishes form templates,
since a laptop registers the form an inspection was captured on.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import server_helpers as h
from server_helpers import ServerProcess

ROLES = ("admin", "supervisor", "clerk", "inspector", "comptroller", "kiosk")
STAFF = frozenset(ROLES) - {"kiosk"}


def _closed(inspection: dict[str, Any]) -> dict[str, Any]:
    """``inspection`` closed (an acta), which only an amendment may correct."""
    return {**inspection, "status": "cerrada", "result": "cumple", "closed_at": h.now_iso()}


def _amendment(inspection_id: str) -> dict[str, Any]:
    """A correction to a closed inspection, shaped like the desktop's row."""
    return {
        "id": h.new_id(),
        "inspection_id": inspection_id,
        "field": "aforo",
        "old_value": "12",
        "new_value": "15",
        "reason": "Se contó mal el aforo.",
        "user_id": None,
        "device_id": h.DEVICE,
        "at": h.now_iso(),
    }


@dataclass
class World:
    """Departments, accounts of every role (department A) and one record of every kind."""

    server: ServerProcess
    dept_a: str
    dept_b: str
    tokens: dict[str, str] = field(default_factory=dict)
    account: dict[str, str] = field(default_factory=dict)
    rec: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (entity, id)
    photo_sha: str = ""

    def api(self, role: str) -> h.Api:
        return self.server.api(self.tokens[role])


@pytest.fixture(scope="module")
def world(server: ServerProcess) -> World:
    admin = server.admin()
    dept_a, dept_b, dept_con = h.department(), h.department(), h.department()
    admin.statuses([h.change("departments", d) for d in (dept_a, dept_b, dept_con)])
    w = World(server, dept_a["id"], dept_b["id"])
    w.tokens["admin"] = admin.token  # type: ignore[assignment]
    w.account["admin"] = server.api(admin.token).http.get("/auth/me").json()["account"]["id"]
    departments = {
        "supervisor": dept_a["id"],
        "clerk": dept_a["id"],
        "inspector": dept_a["id"],
        "inspector2": dept_a["id"],
        "comptroller": dept_con["id"],
        "kiosk": None,
    }
    for key, dept in departments.items():
        role = "inspector" if key == "inspector2" else key
        w.account[key], username = admin.create_user(role, dept)
        w.tokens[key] = server.login(username, h.PASSWORD)[0]

    photo = os.urandom(2000)
    w.photo_sha = hashlib.sha256(photo).hexdigest()
    assert (
        admin.http.put(
            f"/attachments/{w.photo_sha}", params={"total": 2000}, content=photo
        ).status_code
        == 201
    )
    biz = h.business()
    case_mine = h.case(dept_a["id"], biz["id"], assignee_id=w.account["inspector"])
    case_other = h.case(dept_a["id"], biz["id"], assignee_id=w.account["inspector2"])
    case_b = h.case(dept_b["id"], biz["id"])
    insp_a = h.inspector(dept_a["id"], w.account["inspector"], photo_sha256=w.photo_sha)
    insp_a2 = h.inspector(dept_a["id"], w.account["inspector2"])
    insp_b = h.inspector(dept_b["id"])
    badge_a, badge_b = (
        h.badge(insp_a["id"], h.badge_token()),
        h.badge(insp_b["id"], h.badge_token()),
    )
    inspection_mine = h.inspection(insp_a["id"], case_mine["id"])
    inspection_other = h.inspection(insp_a2["id"], case_other["id"])
    inspection_b = h.inspection(insp_b["id"], case_b["id"])
    acta_mine = _closed(h.inspection(insp_a["id"], case_mine["id"]))
    acta_other = _closed(h.inspection(insp_a2["id"], case_other["id"]))
    acta_b = _closed(h.inspection(insp_b["id"], case_b["id"]))
    complaint = h.complaint(insp_a["id"])
    meta = h.attachment(b"evidence")
    records: dict[str, tuple[str, dict[str, Any]]] = {
        "business": ("businesses", biz),
        "template": ("form_templates", h.form_template()),
        "case_mine": ("permit_cases", case_mine),
        "case_other": ("permit_cases", case_other),
        "case_b": ("permit_cases", case_b),
        "history_mine": ("case_status_history", h.history(case_mine["id"])),
        "history_b": ("case_status_history", h.history(case_b["id"])),
        "inspector_a": ("inspectors", insp_a),
        "inspector_a2": ("inspectors", insp_a2),
        "inspector_b": ("inspectors", insp_b),
        "badge_a": ("badges", badge_a),
        "badge_b": ("badges", badge_b),
        "inspection_mine": ("inspections", inspection_mine),
        "inspection_other": ("inspections", inspection_other),
        "inspection_b": ("inspections", inspection_b),
        "acta_mine": ("inspections", acta_mine),
        "acta_other": ("inspections", acta_other),
        "acta_b": ("inspections", acta_b),
        "amendment_mine": ("inspection_amendments", _amendment(acta_mine["id"])),
        "amendment_other": ("inspection_amendments", _amendment(acta_other["id"])),
        "amendment_b": ("inspection_amendments", _amendment(acta_b["id"])),
        "verification_a": ("verifications", h.verification(badge_a["id"])),
        "verification_b": ("verifications", h.verification(badge_b["id"])),
        "complaint": ("complaints", complaint),
        "rating": ("ratings", h.rating(insp_a["id"], dept_a["id"])),
        "attachment": ("attachments", {**meta, "id": meta["sha256"]}),
        "link_complaint": (
            "attachment_links",
            h.attachment_link(meta["sha256"], "complaints", complaint["id"]),
        ),
        "link_mine": (
            "attachment_links",
            h.attachment_link(meta["sha256"], "inspections", inspection_mine["id"]),
        ),
        "link_other": (
            "attachment_links",
            h.attachment_link(meta["sha256"], "inspections", inspection_other["id"]),
        ),
    }
    changes = [h.change(entity, row) for entity, row in records.values()]
    assert set(admin.statuses(changes)) == {"accepted"}
    w.rec = {name: (entity, row["id"]) for name, (entity, row) in records.items()}
    return w


# -- endpoints --------------------------------------------------------------------------------

ADMIN_ONLY = frozenset({"admin"})
EVERYONE = frozenset(ROLES)
ENDPOINTS: dict[str, frozenset[str]] = {
    "GET /auth/me": EVERYONE,
    "POST /auth/logout": EVERYONE,
    "POST /sync/push": EVERYONE,
    "GET /sync/pull": STAFF,
    "GET /registry": EVERYONE,
    "HEAD /attachments/{sha}": STAFF,
    "PUT /attachments/{sha}": STAFF,
    "GET /attachments/{photo}": EVERYONE,
    "GET /admin/users": ADMIN_ONLY,
    "POST /admin/users": ADMIN_ONLY,
    "GET /admin/devices": ADMIN_ONLY,
    "POST /admin/devices/{id}/revoke": ADMIN_ONLY,
}


def _call(api: h.Api, endpoint: str, w: World) -> httpx.Response:
    sha = hashlib.sha256(os.urandom(8)).hexdigest()
    method, path = endpoint.split(" ")
    path = path.replace("{sha}", sha).replace("{photo}", w.photo_sha).replace("{id}", h.new_id())
    kwargs: dict[str, Any] = {}
    if endpoint == "POST /sync/push":
        kwargs["json"] = {"changes": [], "audit": []}
    elif endpoint == "PUT /attachments/{sha}":
        kwargs.update(params={"offset": 0, "total": 10}, content=b"12345")
    elif endpoint == "POST /admin/users":
        kwargs["json"] = {
            "username": f"u{h.new_id()[:8]}",
            "role": "clerk",
            "password": "password-123",
        }
    return api.http.request(method, path, **kwargs)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_call_exactly_its_endpoints(world: World, role: str) -> None:
    server = world.server
    admin = server.admin()
    for endpoint, allowed in ENDPOINTS.items():
        token = world.tokens[role]
        if endpoint == "POST /auth/logout":
            # Logging out revokes the token: use a fresh device of the same account.
            username = admin.http.get("/admin/users").json()
            name = next(u["username"] for u in username if u["id"] == world.account[role])
            token = server.login(name, h.ADMIN_PASSWORD if role == "admin" else h.PASSWORD)[0]
        response = _call(server.api(token), endpoint, world)
        if role in allowed:
            assert response.status_code not in (401, 403), (endpoint, response.text)
        else:
            assert response.status_code == 403, (endpoint, response.text)
            refused = server.log_events("request.refused")
            assert any(
                e["account"] == world.account[role] and e["role"] == role for e in refused
            ), endpoint


def test_every_endpoint_refuses_a_request_without_a_valid_token(world: World) -> None:
    for endpoint in ENDPOINTS:
        no_token = _call(h.Api(world.server.url, None), endpoint, world)
        forged = _call(h.Api(world.server.url, "forged-token"), endpoint, world)
        assert no_token.status_code == forged.status_code == 401, endpoint
        assert no_token.headers["WWW-Authenticate"] == "Bearer"


# -- pushing ----------------------------------------------------------------------------------


def _actions(w: World, role: str) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Records the administrator creates first, and one change of each kind for ``role``."""
    a, b = w.dept_a, w.dept_b
    me = w.account.get(role) if role == "inspector" else w.account["inspector"]
    biz = h.business()
    case_a, case_b, case_del = h.case(a, biz["id"]), h.case(b, biz["id"]), h.case(a, biz["id"])
    scheduled = {"status": "inspeccion_programada"}
    case_mine = h.case(a, biz["id"], assignee_id=me, **scheduled)
    case_theirs = h.case(a, biz["id"], assignee_id=w.account["inspector2"], **scheduled)
    insp_mine = h.inspector(a, me)  # the inspector's own registry entry
    insp_other = h.inspector(a, w.account["inspector2"])
    insp_b = h.inspector(b)
    badge = h.badge(insp_mine["id"], h.badge_token())
    draft = h.inspection(insp_mine["id"], None)
    # The inspector's own case has a closed acta: that is what lets them move it (policy.py).
    acta_mine = _closed(h.inspection(insp_mine["id"], case_mine["id"]))
    acta_other = _closed(h.inspection(insp_other["id"], None))
    acta_b = _closed(h.inspection(insp_b["id"], case_b["id"]))
    complaint = h.complaint()
    sha = hashlib.sha256(os.urandom(8)).hexdigest()
    setup = [
        h.change("businesses", biz),
        h.change("permit_cases", case_a),
        h.change("permit_cases", case_b),
        h.change("permit_cases", case_del),
        h.change("permit_cases", case_mine),
        h.change("permit_cases", case_theirs),
        h.change("inspectors", insp_mine),
        h.change("inspectors", insp_other),
        h.change("inspectors", insp_b),
        h.change("badges", badge),
        h.change("inspections", draft),
        h.change("inspections", acta_mine),
        h.change("inspections", acta_other),
        h.change("inspections", acta_b),
        h.change("complaints", complaint),
    ]
    update_case = {"status": "en_revision", "version": 2}
    inspected = {"status": "inspeccionado", "version": 2, "updated_at": h.now_iso()}
    acts = {
        "insert departments": h.change("departments", h.department()),
        "insert users": h.change("users", h.user_record(a)),
        "insert businesses": h.change("businesses", h.business()),
        "insert permit_cases, own department": h.change("permit_cases", h.case(a, biz["id"])),
        "insert permit_cases, other department": h.change("permit_cases", h.case(b, biz["id"])),
        "update permit_cases, own department": h.change(
            "permit_cases", update_case, "update", entity_id=case_a["id"]
        ),
        "update permit_cases, other department": h.change(
            "permit_cases", update_case, "update", entity_id=case_b["id"]
        ),
        "delete permit_cases, own department": h.change(
            "permit_cases", {}, "delete", entity_id=case_del["id"], base_version=1
        ),
        "update permit_cases status, own case, inspected": h.change(
            "permit_cases", inspected, "update", entity_id=case_mine["id"]
        ),
        "update permit_cases status, another inspector's case, inspected": h.change(
            "permit_cases", inspected, "update", entity_id=case_theirs["id"]
        ),
        "insert case_status_history, own case": h.change(
            "case_status_history",
            {
                **h.history(case_mine["id"], "inspeccionado"),
                "from_status": "inspeccion_programada",
                "user_id": me,
            },
        ),
        "insert case_status_history, another inspector's case": h.change(
            "case_status_history", h.history(case_theirs["id"], "inspeccionado")
        ),
        "insert case_status_history, own department": h.change(
            "case_status_history", h.history(case_a["id"])
        ),
        "insert case_status_history, other department": h.change(
            "case_status_history", h.history(case_b["id"])
        ),
        "insert form_templates": h.change("form_templates", h.form_template()),
        "insert inspectors, own department": h.change("inspectors", h.inspector(a)),
        "update inspectors, own department": h.change(
            "inspectors",
            {"status": "suspendido"},
            "update",
            entity_id=insp_other["id"],
            base_version=1,
        ),
        "insert badges, own department": h.change(
            "badges", h.badge(insp_other["id"], h.badge_token())
        ),
        "update badges, own department": h.change(
            "badges", {"revoked_at": h.now_iso()}, "update", entity_id=badge["id"], base_version=1
        ),
        "insert inspections, own": h.change("inspections", h.inspection(insp_mine["id"], None)),
        "insert inspections, another inspector's": h.change(
            "inspections", h.inspection(insp_other["id"], None)
        ),
        "insert inspections, other department": h.change(
            "inspections", h.inspection(insp_b["id"], case_b["id"])
        ),
        "update inspections, own draft": h.change(
            "inspections", {"findings": "Extintor vencido"}, "update", entity_id=draft["id"]
        ),
        "insert inspection_amendments, own inspection": h.change(
            "inspection_amendments", _amendment(acta_mine["id"])
        ),
        "insert inspection_amendments, another inspector's": h.change(
            "inspection_amendments", _amendment(acta_other["id"])
        ),
        "insert inspection_amendments, other department": h.change(
            "inspection_amendments", _amendment(acta_b["id"])
        ),
        "insert verifications": h.change("verifications", h.verification(badge["id"])),
        "insert ratings": h.change("ratings", h.rating(insp_mine["id"], a)),
        "insert complaints": h.change("complaints", h.complaint(insp_mine["id"])),
        "update complaints": h.change(
            "complaints", {"status": "en_investigacion"}, "update", entity_id=complaint["id"]
        ),
        "insert attachments": h.change("attachments", h.attachment(os.urandom(8)), entity_id=sha),
        "insert attachment_links, own inspection": h.change(
            "attachment_links", h.attachment_link(sha, "inspections", draft["id"])
        ),
        "insert attachment_links, complaint": h.change(
            "attachment_links", h.attachment_link(sha, "complaints", complaint["id"])
        ),
    }
    return setup, acts


DEPT_FILES = {
    "insert businesses",
    "insert permit_cases, own department",
    "update permit_cases, own department",
    "insert case_status_history, own department",
    "update permit_cases status, own case, inspected",
    "update permit_cases status, another inspector's case, inspected",
    "insert case_status_history, own case",
    "insert case_status_history, another inspector's case",
    "insert form_templates",
    "insert inspections, own",
    "insert inspections, another inspector's",
    "update inspections, own draft",
    "insert inspection_amendments, own inspection",
    "insert inspection_amendments, another inspector's",
    "insert attachments",
    "insert attachment_links, own inspection",
}
PUSH_ALLOWED: dict[str, set[str] | None] = {
    "admin": None,  # everything
    "supervisor": DEPT_FILES
    | {
        "insert inspectors, own department",
        "update inspectors, own department",
        "insert badges, own department",
        "update badges, own department",
        "insert verifications",
    },
    "clerk": set(DEPT_FILES),
    "inspector": {
        "update permit_cases status, own case, inspected",
        "insert case_status_history, own case",
        "insert form_templates",
        "insert inspections, own",
        "update inspections, own draft",
        "insert inspection_amendments, own inspection",
        "insert attachments",
        "insert attachment_links, own inspection",
    },
    "comptroller": {
        "insert complaints",
        "update complaints",
        "insert attachments",
        "insert attachment_links, own inspection",
        "insert attachment_links, complaint",
    },
    "kiosk": {"insert verifications", "insert ratings", "insert complaints"},
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_push_exactly_its_kinds_of_change(world: World, role: str) -> None:
    admin = world.server.admin()
    setup, actions = _actions(world, role)
    assert set(admin.statuses(setup)) == {"accepted"}

    changes = list(actions.values())
    results = world.api(role).push(changes)["results"]

    allowed = PUSH_ALLOWED[role]
    expected = {
        name: "accepted" if allowed is None or name in allowed else "refused" for name in actions
    }
    got = {name: r["status"] for name, r in zip(actions, results, strict=True)}
    assert got == expected
    logged = {e["change_id"] for e in world.server.log_events("push.refused")}
    refused = {c["id"] for c, r in zip(changes, results, strict=True) if r["status"] == "refused"}
    assert refused <= logged


# -- pulling ----------------------------------------------------------------------------------

FILES_A_MINE = {"admin", "supervisor", "clerk", "inspector", "comptroller"}
FILES_A_OTHER = {"admin", "supervisor", "clerk", "comptroller"}
FILES_B = {"admin", "comptroller"}
CONTRALORIA = {"admin", "comptroller"}
SEES: dict[str, set[str]] = {
    "business": set(STAFF),
    "template": set(STAFF),
    "inspector_a": set(STAFF),
    "inspector_a2": set(STAFF),
    "inspector_b": set(STAFF),
    "badge_a": set(STAFF),
    "badge_b": set(STAFF),
    "attachment": set(STAFF),
    "case_mine": FILES_A_MINE,
    "history_mine": FILES_A_MINE,
    "inspection_mine": FILES_A_MINE,
    "link_mine": FILES_A_MINE,
    "case_other": FILES_A_OTHER,
    "inspection_other": FILES_A_OTHER,
    "link_other": FILES_A_OTHER,
    "case_b": FILES_B,
    "history_b": FILES_B,
    "inspection_b": FILES_B,
    "acta_mine": FILES_A_MINE,
    "amendment_mine": FILES_A_MINE,
    "acta_other": FILES_A_OTHER,
    "amendment_other": FILES_A_OTHER,
    "acta_b": FILES_B,
    "amendment_b": FILES_B,
    "verification_a": {"admin", "comptroller", "supervisor"},
    "verification_b": CONTRALORIA,
    "complaint": CONTRALORIA,
    "rating": CONTRALORIA,
    "link_complaint": CONTRALORIA,
}


@pytest.mark.parametrize("role", sorted(STAFF))
def test_each_role_pulls_exactly_what_it_may_see(world: World, role: str) -> None:
    items, _ = world.api(role).pull_all(limit=1000)
    pulled = {(i["entity"], i["entity_id"]) for i in items}
    visible = {name for name, key in world.rec.items() if key in pulled}
    assert visible == {name for name, roles in SEES.items() if role in roles}


def test_a_kiosk_pulls_only_the_registry(world: World) -> None:
    kiosk = world.api("kiosk")
    assert kiosk.http.get("/sync/pull").status_code == 403
    registry = kiosk.http.get("/registry").json()
    inspectors = {i["id"]: i for i in registry["inspectors"]}
    assert world.rec["inspector_a"][1] in inspectors
    assert set(inspectors[world.rec["inspector_a"][1]]) == {
        "id",
        "full_name",
        "department_id",
        "position",
        "photo_sha256",
        "status",
        "status_at",
        "valid_from",
        "valid_until",
    }
    badges = {b["id"]: b for b in registry["badges"]}
    assert set(badges[world.rec["badge_a"][1]]) == {
        "id",
        "inspector_id",
        "token_hash",
        "issued_at",
        "expires_at",
        "revoked_at",
    }
    assert {"public_keys", "signature", "signature_alg", "key_id"} <= set(registry)


def test_an_administrators_read_of_complaints_is_audited(world: World) -> None:
    before = len(world.server.log_events("pull.sensitive_read"))
    world.api("admin").pull_all(limit=1000)
    after = world.server.log_events("pull.sensitive_read")
    assert len(after) > before
    assert after[-1]["account"] == world.account["admin"]
    assert after[-1]["realms"]["complaints"] >= 1
