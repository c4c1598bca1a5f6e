"""Corrections to a closed inspection sync: an inspector's laptop → the server → a supervisor's.

Real data folders, the app's use-cases (``inspection_capture``), the real ``sync_service`` and a
real ``verifica-server``, once on SQLite and once on PostgreSQL like the server suite
(``tests/server/conftest.py``: the PostgreSQL variant needs ``VERIFICA_TEST_PG_URL``). The role
matrix for amendments is in ``tests/server/test_server_roles.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sync_helpers import ServerProcess  # puts tests/server on the path

# isort: split
import server_helpers as h
from inspection_samples import PASSING, fill
from laptops import Laptop, module_server, open_laptops

from desktop.core import forms, inspection_capture
from desktop.core.form_library import shipped_form

pytestmark = pytest.mark.usefixtures("memory_keyring")  # never the real OS keyring


@dataclass
class Office:
    """A department on the server: an inspector with a case assigned, and their supervisor."""

    server: ServerProcess
    dept: str
    case_id: str
    inspector_id: str  # the registry entry of the inspector account
    usernames: dict[str, str]  # role -> user name


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """One real server per database for this module; tests keep apart by their own records."""
    yield from module_server(request, tmp_path_factory, "amendments")


@pytest.fixture(scope="module")
def shipped_template(server: ServerProcess) -> str:
    """The shipped checklist, published once per server (its code and version are unique)."""
    form = shipped_form()
    definition = forms.to_definition(form)
    template = {
        "id": inspection_capture.template_id(definition),  # the id every laptop computes
        "code": form.code,
        "version": form.version,
        "title": form.title,
        "definition": definition,
        "created_at": h.now_iso(),
    }
    assert server.admin().statuses([h.change("form_templates", template)]) == ["accepted"]
    return str(template["id"])


@pytest.fixture
def office(server: ServerProcess, shipped_template: str) -> Office:
    admin = server.admin()
    dept = h.department()
    assert admin.statuses([h.change("departments", dept)]) == ["accepted"]
    usernames: dict[str, str] = {}
    accounts: dict[str, str] = {}
    for role in ("inspector", "inspector2", "supervisor", "kiosk"):
        accounts[role], usernames[role] = admin.create_user(
            role.rstrip("2"), None if role == "kiosk" else dept["id"]
        )
    biz = h.business()
    case = h.case(dept["id"], biz["id"], assignee_id=accounts["inspector"])
    registry = h.inspector(dept["id"], accounts["inspector"])
    setup = [
        h.change("businesses", biz),
        h.change("permit_cases", case),
        h.change("inspectors", registry),
    ]
    assert set(admin.statuses(setup)) == {"accepted"}
    return Office(server, dept["id"], case["id"], registry["id"], usernames)


@pytest.fixture
def laptop(office: Office, tmp_path: Path) -> Iterator[Callable[[str], Laptop]]:
    yield from open_laptops(office.server, office.usernames, tmp_path)


def _closed_and_amended(office: Office, lt: Laptop) -> tuple[str, str]:
    """On ``lt``: capture an inspection of the office's case, close it, correct ``aforo``."""
    actor = lt.store.actor(None)
    insp = inspection_capture.start_inspection(
        lt.store, actor, office.case_id, shipped_form(), inspector_id=office.inspector_id
    )
    fill(lt.store, actor, insp, PASSING)  # every item passes: closing needs no findings
    inspection_capture.close_inspection(lt.store, actor, insp)
    amendment = inspection_capture.amend(
        lt.store, actor, insp, "aforo", "15", "Se contaron mal las sillas del fondo."
    )
    return insp, amendment


def test_an_amendment_written_on_the_inspectors_laptop_reaches_the_supervisors(
    office: Office, laptop: Callable[[str], Laptop]
) -> None:
    field_laptop = laptop("inspector")
    field_laptop.sync()  # the assigned case, the registry and the form arrive
    insp, amendment = _closed_and_amended(office, field_laptop)

    report = field_laptop.sync()

    assert report.refused == 0 and report.pending == 0, report.text("en")
    (unsent,) = field_laptop.store.db.execute(
        "SELECT count(*) FROM change_log WHERE entity = 'inspection_amendments' "
        "AND synced_at IS NULL"
    ).fetchone()
    assert unsent == 0
    office_laptop = laptop("supervisor")
    office_laptop.sync()
    seen = inspection_capture.load_inspection(office_laptop.store, insp)
    assert seen.is_closed
    assert [(a.id, a.field, a.old_value, a.new_value) for a in seen.amendments] == [
        (amendment, "aforo", 12, 15)
    ]
    assert seen.amendments[0].reason == "Se contaron mal las sillas del fondo."
    assert seen.answers["aforo"] == 12  # the acta as closed stays as it was
    assert inspection_capture.effective_answers(seen)["aforo"] == 15
    # And the correction is the same record on both laptops.
    original = inspection_capture.load_inspection(field_laptop.store, insp)
    assert original.amendments == seen.amendments
    # An inspector who cannot see the inspection does not get its correction either.
    colleague = laptop("inspector2")
    colleague.sync()
    (held,) = colleague.store.db.execute(
        "SELECT count(*) FROM inspection_amendments WHERE id = ?", [amendment]
    ).fetchone()
    assert held == 0


def test_the_same_amendment_pushed_twice_is_stored_once_and_never_changes(
    office: Office, laptop: Callable[[str], Laptop]
) -> None:
    field_laptop = laptop("inspector")
    field_laptop.sync()
    insp, amendment = _closed_and_amended(office, field_laptop)
    field_laptop.sync()
    token, _ = office.server.login(
        office.usernames["inspector"], h.PASSWORD, device_id=field_laptop.store.device_id
    )
    api = office.server.api(token)
    change = field_laptop.change("inspection_amendments", amendment)
    before = office.server.admin().cursor()

    replay = api.push([change, change])
    again = api.push([change])
    same_content = api.push([{**change, "id": h.new_id()}])
    edited = api.push(
        [{**change, "id": h.new_id(), "data": {**change["data"], "new_value": "900"}}]
    )
    update = api.push(
        [
            {
                **change,
                "id": h.new_id(),
                "op": "update",
                "data": {"new_value": "900"},
            }
        ]
    )
    delete = api.push([{**change, "id": h.new_id(), "op": "delete", "data": {}}])

    assert [r["status"] for r in replay["results"]] == ["duplicate", "duplicate"]
    assert [r["status"] for r in again["results"]] == ["duplicate"]
    assert [r["status"] for r in same_content["results"]] == ["duplicate"]
    for refused in (edited, update, delete):
        assert [r["status"] for r in refused["results"]] == ["refused"], refused
    assert office.server.admin().cursor() == before  # nothing new was stored
    items, _ = office.server.admin().pull_all()
    stored = [i for i in items if i["entity_id"] == amendment]
    assert [(i["entity_id"], i["version"]) for i in stored] == [(amendment, 1)]
    assert stored[0]["data"]["new_value"] == "15"
    assert stored[0]["data"]["inspection_id"] == insp


def test_only_the_inspections_own_inspector_may_send_its_amendment(
    office: Office, laptop: Callable[[str], Laptop]
) -> None:
    field_laptop = laptop("inspector")
    field_laptop.sync()
    _, amendment = _closed_and_amended(office, field_laptop)
    field_laptop.sync()
    change = field_laptop.change("inspection_amendments", amendment)
    forged = {**change["data"], "id": h.new_id(), "new_value": "1"}

    for role, why in (("inspector2", "not your own"), ("kiosk", "may not write")):
        token, _ = office.server.login(office.usernames[role], h.PASSWORD)
        result = office.server.api(token).push([h.change("inspection_amendments", forged)])
        assert [r["status"] for r in result["results"]] == ["refused"], (role, result)
        assert why in result["results"][0]["reason"]
    items, _ = office.server.admin().pull_all()
    assert forged["id"] not in {i["entity_id"] for i in items}


def test_an_amendment_needs_its_inspection_on_the_server_and_closed(office: Office) -> None:
    admin = office.server.admin()
    draft = h.inspection(office.inspector_id, office.case_id)
    assert admin.statuses([h.change("inspections", draft)]) == ["accepted"]

    def amendment(inspection_id: str) -> dict[str, Any]:
        change: dict[str, Any] = h.change(
            "inspection_amendments",
            {
                "id": h.new_id(),
                "inspection_id": inspection_id,
                "field": "aforo",
                "old_value": "12",
                "new_value": "15",
                "reason": "Corrección.",
                "user_id": None,
                "device_id": h.DEVICE,
                "at": h.now_iso(),
            },
        )
        return change

    results = admin.push([amendment(h.new_id()), amendment(draft["id"])])["results"]

    assert [r["status"] for r in results] == ["refused", "refused"]
    assert "no inspection" in results[0]["reason"]
    assert "closed" in results[1]["reason"]
    # The same batch may close the inspection first: then its amendment is accepted.
    closing = h.change(
        "inspections", {"status": "cerrada", "closed_at": h.now_iso()}, "update",
        entity_id=draft["id"],
    )  # fmt: skip
    assert admin.statuses([closing, amendment(draft["id"])]) == ["accepted", "accepted"]
