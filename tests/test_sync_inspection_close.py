"""Closing an inspection offline syncs whole: the acta, its case's move and its form template.

An inspector's laptop captures and closes an inspection on the shipped form; closing moves the
case assigned to them (``inspeccion_programada`` → ``inspeccionado`` → the decision) and the
inspection points at the form template the laptop registered itself. The server must take all
of it from an inspector — and no more: not another inspector's case, not other fields of their
own case, not a status move closing does not make, not a move no closed acta of the case backs
(or one its result does not lead to), not a status-history entry in someone else's name or for a
move the same push does not make, not a second template under a published code and version.
Real data folders, the app's use-cases, the real ``sync_service`` and a real ``verifica-server``,
once on SQLite and once on PostgreSQL like ``tests/test_sync_amendments.py`` (the PostgreSQL
variant needs ``VERIFICA_TEST_PG_URL``). The role matrix is in
``tests/server/test_server_roles.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sync_helpers import ServerProcess  # puts tests/server/ on the path

# isort: split
import server_helpers as h
from inspection_samples import fill
from laptops import Laptop, module_server, open_laptops

from desktop.core import forms, inspection_capture, permits, sync_service, workflow
from desktop.core.form_library import shipped_form
from desktop.store.sync_state import SyncRefused

pytestmark = pytest.mark.usefixtures("memory_keyring")  # never the real OS keyring


@dataclass
class Office:
    """A department on the server: a case scheduled for each of two inspectors, a supervisor."""

    server: ServerProcess
    dept: str
    case_id: str  # scheduled, assigned to "inspector"
    other_case_id: str  # scheduled, assigned to "inspector2"
    inspector_id: str  # the registry entry of the "inspector" account
    usernames: dict[str, str]  # role -> user name
    accounts: dict[str, str]  # role -> account id (the user id a device records)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """One real server per database for this module; tests keep apart by their own records.

    No form template is published up front: the laptops bring the shipped one themselves.
    """
    yield from module_server(request, tmp_path_factory, "inspection_close")


@pytest.fixture
def office(server: ServerProcess) -> Office:
    admin = server.admin()
    dept = h.department()
    assert admin.statuses([h.change("departments", dept)]) == ["accepted"]
    usernames: dict[str, str] = {}
    accounts: dict[str, str] = {}
    for role in ("inspector", "inspector2", "supervisor"):
        accounts[role], usernames[role] = admin.create_user(role.rstrip("2"), dept["id"])
    biz = h.business()
    scheduled = {"status": workflow.INSPECCION_PROGRAMADA}
    case = h.case(dept["id"], biz["id"], assignee_id=accounts["inspector"], **scheduled)
    other = h.case(dept["id"], biz["id"], assignee_id=accounts["inspector2"], **scheduled)
    registry = h.inspector(dept["id"], accounts["inspector"])
    setup = [
        h.change("businesses", biz),
        h.change("permit_cases", case),
        h.change("permit_cases", other),
        h.change("inspectors", registry),
        h.change("inspectors", h.inspector(dept["id"], accounts["inspector2"])),
    ]
    assert set(admin.statuses(setup)) == {"accepted"}
    return Office(server, dept["id"], case["id"], other["id"], registry["id"], usernames, accounts)


@pytest.fixture
def laptop(office: Office, tmp_path: Path) -> Iterator[Callable[..., Laptop]]:
    yield from open_laptops(office.server, office.usernames, tmp_path)


def _api_for(office: Office, role: str, lt: Laptop | None = None) -> h.Api:
    device = lt.store.device_id if lt is not None else None
    token, _ = office.server.login(office.usernames[role], h.PASSWORD, device_id=device)
    return office.server.api(token)


def _server_record(office: Office, entity: str, entity_id: str) -> dict[str, Any] | None:
    items, _ = office.server.admin().pull_all()
    found = [i for i in items if (i["entity"], i["entity_id"]) == (entity, entity_id)]
    return found[-1] if found else None


def test_an_inspection_closed_offline_moves_its_case_on_the_server_and_the_supervisors_laptop(
    office: Office, laptop: Callable[[str], Laptop]
) -> None:
    field_laptop = laptop("inspector")
    field_laptop.sync()  # the scheduled case, the registry; no template yet
    assert permits.get_case(field_laptop.store, office.case_id).status == (
        workflow.INSPECCION_PROGRAMADA
    )
    # As the app does: the signed-in inspector, whose local user id is their account's.
    account = field_laptop.store.get_setting(sync_service.SETTING_ACCOUNT)
    assert account == office.accounts["inspector"]
    actor = field_laptop.store.actor(account)
    form = shipped_form()
    insp = inspection_capture.start_inspection(
        field_laptop.store, actor, office.case_id, form, inspector_id=office.inspector_id
    )
    fill(field_laptop.store, actor, insp)  # the extinguishers are out of date
    inspection = inspection_capture.load_inspection(field_laptop.store, insp)
    suggested = inspection_capture.suggest_findings(
        field_laptop.store, inspection, today=dt.date(2026, 11, 13)
    )
    inspection_capture.save_findings(field_laptop.store, actor, insp, list(suggested))
    closed = inspection_capture.close_inspection(field_laptop.store, actor, insp)
    assert (closed.result, closed.case_status) == ("no_cumple", workflow.RECHAZADO)

    report = field_laptop.sync()

    assert report.refused == 0 and report.pending == 0, report.text("en")
    (unsent,) = field_laptop.store.db.execute(
        "SELECT count(*) FROM change_log WHERE synced_at IS NULL"
    ).fetchone()
    assert unsent == 0
    case_on_server = _server_record(office, "permit_cases", office.case_id)
    assert case_on_server is not None
    assert case_on_server["data"]["status"] == workflow.RECHAZADO
    assert case_on_server["version"] == 3  # scheduled (1), inspected (2), decided (3)

    office_laptop = laptop("supervisor")
    office_laptop.sync()
    seen = inspection_capture.load_inspection(office_laptop.store, insp)
    assert seen.is_closed and seen.result == "no_cumple"
    assert [f.field for f in seen.findings] == ["ext_vigentes"]
    assert permits.get_case(office_laptop.store, office.case_id).status == workflow.RECHAZADO
    moves = office_laptop.store.db.execute(
        "SELECT from_status, to_status FROM case_status_history WHERE case_id = ? ORDER BY at, id",
        [office.case_id],
    ).fetchall()
    assert [tuple(m) for m in moves] == [
        (workflow.INSPECCION_PROGRAMADA, workflow.INSPECCIONADO),
        (workflow.INSPECCIONADO, workflow.RECHAZADO),
    ]
    (refusals,) = field_laptop.store.db.execute(
        "SELECT count(*) FROM sync_outcomes WHERE status = 'refused'"
    ).fetchone()
    assert refusals == 0
    template = office_laptop.store.db.execute(
        "SELECT id, code, version FROM form_templates WHERE id = ?", [seen.template_id]
    ).fetchone()
    definition = forms.to_definition(form)
    assert tuple(template) == (inspection_capture.template_id(definition), form.code, form.version)


def test_an_inspector_moves_only_their_own_case_and_only_as_closing_an_inspection_does(
    office: Office, laptop: Callable[[str], Laptop]
) -> None:
    api = _api_for(office, "inspector")
    now = h.now_iso()

    def move(case_id: str, to_status: str, **extra: Any) -> dict[str, Any]:
        data = {"status": to_status, "version": 2, "updated_at": now, **extra}
        change: dict[str, Any] = h.change(
            "permit_cases", data, "update", entity_id=case_id, base_version=1
        )
        return change

    history_other = h.history(office.other_case_id, workflow.INSPECCIONADO)
    history_other["from_status"] = workflow.INSPECCION_PROGRAMADA
    results = api.push(
        [
            move(office.other_case_id, workflow.INSPECCIONADO),  # another inspector's case
            h.change("case_status_history", history_other),
            move(office.case_id, workflow.APROBADO),  # skips the visit
            move(office.case_id, workflow.INSPECCIONADO, procedure_type="otro"),  # not just status
            move(office.case_id, workflow.INSPECCIONADO, due_date="2099-01-01"),
        ]
    )["results"]

    assert [r["status"] for r in results] == ["refused"] * 5, results
    assert "not your own" in results[0]["reason"]
    assert "not your own" in results[1]["reason"]
    assert "from inspeccion_programada to aprobado" in results[2]["reason"]
    assert "may not change procedure_type" in results[3]["reason"]
    assert "may not change due_date" in results[4]["reason"]
    for case_id in (office.case_id, office.other_case_id):
        stored = _server_record(office, "permit_cases", case_id)
        assert stored is not None and stored["version"] == 1
        assert stored["data"]["status"] == workflow.INSPECCION_PROGRAMADA
    # The move closing makes, with the whole row sent back unchanged otherwise (as a conflict
    # resolution does), is accepted.
    own = _server_record(office, "permit_cases", office.case_id)
    assert own is not None
    whole = {**own["data"], "status": workflow.INSPECCIONADO, "version": 2, "updated_at": now}
    history_own = _history(office, workflow.INSPECCION_PROGRAMADA, workflow.INSPECCIONADO)
    accepted = api.statuses(
        [
            h.change("inspections", _acta(office, "cumple")),
            h.change("case_status_history", history_own),
            h.change("permit_cases", whole, "update", entity_id=office.case_id, base_version=1),
        ]
    )
    assert accepted == ["accepted", "accepted", "accepted"]


def _acta(office: Office, result: str | None, **extra: Any) -> dict[str, Any]:
    """An inspection of the office's case by its inspector, closed with ``result``."""
    closed = {"status": "cerrada", "result": result, "closed_at": h.now_iso()}
    acta: dict[str, Any] = h.inspection(office.inspector_id, office.case_id, **closed | extra)
    return acta


def _move(case_id: str, to_status: str, version: int) -> dict[str, Any]:
    """The change closing an inspection makes to its case (as permits.change_status logs it)."""
    data = {"status": to_status, "version": version, "updated_at": h.now_iso()}
    change: dict[str, Any] = h.change(
        "permit_cases", data, "update", entity_id=case_id, base_version=version - 1
    )
    return change


def _history(
    office: Office, from_status: str, to_status: str, user_id: str | None = None
) -> dict[str, Any]:
    """A status-history row of the office's case, by the inspector unless ``user_id`` says."""
    row: dict[str, Any] = h.history(office.case_id, to_status)
    row.update(from_status=from_status, user_id=user_id or office.accounts["inspector"])
    row["reason"] = "Acta de inspección."
    return row


def _stored_status(office: Office) -> tuple[str, int]:
    stored = _server_record(office, "permit_cases", office.case_id)
    assert stored is not None
    return stored["data"]["status"], stored["version"]


def test_an_inspector_moves_a_case_only_as_far_as_its_closed_acta_says(
    office: Office,
) -> None:
    api = _api_for(office, "inspector")
    programada, inspeccionado = workflow.INSPECCION_PROGRAMADA, workflow.INSPECCIONADO

    # No acta at all, or only an open draft: not even the visit may be recorded.
    draft = h.inspection(office.inspector_id, office.case_id)  # borrador
    results = api.push([h.change("inspections", draft), _move(office.case_id, inspeccionado, 2)])
    assert [r["status"] for r in results["results"]] == ["accepted", "refused"], results
    assert "has no closed inspection" in results["results"][1]["reason"]
    assert _stored_status(office) == (programada, 1)

    # A case someone else marked inspected is not approved without an acta either.
    admin = office.server.admin()
    assert admin.statuses([_move(office.case_id, inspeccionado, 2)]) == ["accepted"]
    (no_acta,) = api.push([_move(office.case_id, workflow.APROBADO, 3)])["results"]
    assert no_acta["status"] == "refused"
    assert f"case {office.case_id} has no closed inspection" in no_acta["reason"]
    assert _stored_status(office) == (inspeccionado, 2)

    # The acta closed "no cumple": the case is rejected, never approved or observed.
    acta = _acta(office, "no_cumple")
    assert api.statuses([h.change("inspections", acta)]) == ["accepted"]
    for target in (workflow.APROBADO, workflow.CON_OBSERVACIONES):
        results = api.push(
            [
                h.change("case_status_history", _history(office, inspeccionado, target)),
                _move(office.case_id, target, 3),
            ]
        )["results"]
        assert [r["status"] for r in results] == ["refused", "refused"], results
        assert f"ended no_cumple, which does not lead to {target}" in results[1]["reason"]
        assert f"did not move from inspeccionado to {target}" in results[0]["reason"]
        assert _stored_status(office) == (inspeccionado, 2)
    rejected = api.statuses(
        [
            h.change("case_status_history", _history(office, inspeccionado, workflow.RECHAZADO)),
            _move(office.case_id, workflow.RECHAZADO, 3),
        ]
    )
    assert rejected == ["accepted", "accepted"]
    assert _stored_status(office) == (workflow.RECHAZADO, 3)


def test_the_last_closed_acta_decides_and_one_in_the_same_push_counts(office: Office) -> None:
    api = _api_for(office, "inspector")
    inspeccionado = workflow.INSPECCIONADO
    older = _acta(office, "no_cumple", closed_at="2026-01-05T10:00:00Z")
    newer = _acta(office, "cumple_con_observaciones", closed_at="2026-02-05T10:00:00Z")
    # The acta, the visit and the decision in one push, in the order a laptop logs them.
    results = api.push(
        [
            h.change("inspections", newer),
            h.change("inspections", older),
            h.change(
                "case_status_history",
                _history(office, workflow.INSPECCION_PROGRAMADA, inspeccionado),
            ),
            _move(office.case_id, inspeccionado, 2),
            h.change("case_status_history", _history(office, inspeccionado, workflow.RECHAZADO)),
            _move(office.case_id, workflow.RECHAZADO, 3),  # the older acta's result
            h.change(
                "case_status_history",
                _history(office, inspeccionado, workflow.CON_OBSERVACIONES),
            ),
            _move(office.case_id, workflow.CON_OBSERVACIONES, 3),
        ]
    )["results"]
    statuses = [r["status"] for r in results]
    assert statuses == ["accepted"] * 4 + ["refused"] * 2 + ["accepted"] * 2, results
    assert (
        "ended cumple_con_observaciones, which does not lead to rechazado" in (results[5]["reason"])
    )
    assert _stored_status(office) == (workflow.CON_OBSERVACIONES, 3)


def test_an_inspectors_status_history_records_only_their_own_move_made_in_the_same_push(
    office: Office,
) -> None:
    api = _api_for(office, "inspector")
    programada, inspeccionado = workflow.INSPECCION_PROGRAMADA, workflow.INSPECCIONADO
    assert api.statuses([h.change("inspections", _acta(office, "cumple"))]) == ["accepted"]
    supervisor = office.accounts["supervisor"]

    results = api.push(
        [
            # Written in a supervisor's name.
            h.change(
                "case_status_history", _history(office, programada, inspeccionado, supervisor)
            ),
            # Unnamed.
            h.change(
                "case_status_history",
                {**_history(office, programada, inspeccionado), "user_id": None},
            ),
            # A move no inspector makes.
            h.change("case_status_history", _history(office, "recibido", workflow.APROBADO)),
            # A move the case does not make in this push.
            h.change("case_status_history", _history(office, inspeccionado, workflow.APROBADO)),
            # The genuine one, and a second copy of it with another id: one move, one entry.
            h.change("case_status_history", _history(office, programada, inspeccionado)),
            h.change("case_status_history", _history(office, programada, inspeccionado)),
            _move(office.case_id, inspeccionado, 2),
        ]
    )["results"]

    statuses = [r["status"] for r in results]
    assert statuses == ["refused"] * 4 + ["accepted", "refused", "accepted"], results
    assert "must name you" in results[0]["reason"]
    assert "must name you" in results[1]["reason"]
    assert "may not record a move of a case from recibido to aprobado" in results[2]["reason"]
    assert "did not move from inspeccionado to aprobado in this push" in results[3]["reason"]
    assert "did not move from inspeccion_programada to inspeccionado" in results[5]["reason"]
    items, _ = office.server.admin().pull_all()
    history = [
        i["data"]
        for i in items
        if i["entity"] == "case_status_history" and i["data"]["case_id"] == office.case_id
    ]
    assert [(e["from_status"], e["to_status"], e["user_id"]) for e in history] == [
        (programada, inspeccionado, office.accounts["inspector"])
    ]


def test_the_same_shipped_form_from_a_second_laptop_is_a_duplicate(
    office: Office, laptop: Callable[[str], Laptop]
) -> None:
    form = shipped_form()
    first = laptop("inspector")
    template = inspection_capture.register_template(first.store, first.store.actor(None), form)
    assert first.sync().refused == 0  # accepted, or a duplicate of an earlier test's
    second = laptop("inspector2")
    assert inspection_capture.register_template(
        second.store, second.store.actor(None), form
    ) == template  # fmt: skip
    change = second.change("form_templates", template)
    api = _api_for(office, "inspector2", second)
    before = office.server.admin().cursor()

    later = {**change, "id": h.new_id(), "data": {**change["data"], "created_at": h.now_iso()}}
    same = api.push([change, later])["results"]
    edited = api.push(
        [{**change, "id": h.new_id(), "data": {**change["data"], "title": "Otro título"}}]
    )["results"]

    assert [r["status"] for r in same] == ["duplicate", "duplicate"], same
    assert [r["status"] for r in edited] == ["refused"], edited
    assert office.server.admin().cursor() == before  # nothing new was stored
    report = second.sync()
    assert report.refused == 0 and report.pending == 0, report.text("en")
    stored = _server_record(office, "form_templates", template)
    assert stored is not None and stored["version"] == 1


def test_a_second_template_under_a_published_code_and_version_is_refused_with_a_reason(
    office: Office, laptop: Callable[..., Laptop]
) -> None:
    code = f"prueba_{uuid.uuid4().hex[:8]}"
    published = dataclasses.replace(shipped_form(), code=code, version=1)
    admin = office.server.admin()
    official = {
        "id": h.new_id(),  # not the content-derived id a laptop computes
        "code": code,
        "version": 1,
        "title": published.title,
        "definition": forms.to_definition(published),
        "created_at": h.now_iso(),
    }
    twin = {**official, "id": h.new_id()}
    # Two of them in one batch: the second is refused although neither was stored before.
    results = admin.push([h.change("form_templates", official), h.change("form_templates", twin)])
    assert [r["status"] for r in results["results"]] == ["accepted", "refused"]
    assert f"already published as {code} version 1" in results["results"][1]["reason"]

    # A laptop that registered its own template under that code and version (offline) is
    # refused on push, and its pull then stops cleanly instead of failing on UNIQUE(code,
    # version).
    lt = laptop("inspector", "clash")
    mine = inspection_capture.register_template(lt.store, lt.store.actor(None), published)
    assert mine != official["id"]
    with pytest.raises(SyncRefused) as refused:
        lt.sync()
    assert "clashes" in refused.value.en
    (status, why) = lt.store.db.execute(
        "SELECT o.status, o.reason FROM sync_outcomes o JOIN change_log c ON c.id = o.change_id "
        "WHERE c.entity = 'form_templates' AND c.entity_id = ?",
        [mine],
    ).fetchone()
    assert status == "refused" and f"already published as {code} version 1" in why
    items, _ = office.server.admin().pull_all()
    assert mine not in {i["entity_id"] for i in items}
    (local,) = lt.store.db.execute(
        "SELECT id FROM form_templates WHERE code = ? AND version = 1", [code]
    ).fetchone()
    assert local == mine  # nothing of the refused pull was written
