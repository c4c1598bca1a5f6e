"""Complaints: desk intake, confidentiality at the core, investigation workflow and follow-up."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from complaints_world import World, make_world

from desktop.core import complaints, inspectors
from desktop.core.complaints import Evidence, FollowupLocked
from desktop.errors import InvalidInput, NotAllowed
from desktop.store.attachments import attachment_path
from desktop.store.changes import verify_audit_chain

NOW = dt.datetime(2026, 6, 10, 17, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path / "data")
    yield w
    w.store.close()


def _count(world: World, table: str) -> int:
    return int(world.store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _file(world: World, **extra: object) -> complaints.ComplaintReceipt:
    fields: dict[str, object] = {
        "kind": "corrupcion",
        "description": "Me pidió 500 pesos para no clausurar.",
        "inspector_id": world.beto,
        "business_id": world.tienda,
        "anonymous": False,
        "contact_name": "Lucía Pat",
        "contact_phone": "998 123 4567",
        "contact_email": "lucia@correo.mx",
    }
    fields.update(extra)
    return complaints.file_complaint(world.store, world.clerk, **fields)  # type: ignore[arg-type]


def test_a_clerk_files_a_desk_complaint_with_evidence_and_gets_a_receipt(world: World) -> None:
    photo = b"\xff\xd8\xff" + b"foto" * 100
    receipt = _file(
        world,
        source="telefono",
        occurred_at=dt.date(2026, 6, 1),
        location="Col. Centro",
        evidence=[Evidence("foto.jpg", photo, "image/jpeg"), Evidence("acta.pdf", b"%PDF-1", "")],
    )
    assert receipt.folio.startswith("DEN-") and len(receipt.followup_code) == 14
    row = world.store.db.execute(
        "SELECT source, inspector_id, business_id, occurred_at, followup_code_hash, status "
        "FROM complaints WHERE id = ?",
        [receipt.complaint_id],
    ).fetchone()
    assert row[:4] == ("telefono", world.beto, world.tienda, "2026-06-01")
    assert receipt.followup_code.replace("-", "") not in row[4]  # only the hash is stored
    assert row[5] == "recibida"
    links = world.store.db.execute(
        "SELECT sha256, kind FROM attachment_links WHERE entity = 'complaints' AND entity_id = ?",
        [receipt.complaint_id],
    ).fetchall()
    assert sorted(k for _, k in links) == ["document", "photo"]
    for sha, _ in links:
        assert attachment_path(world.store.attachments_dir, sha).exists()
    # The clerk who typed it cannot read it afterwards.
    with pytest.raises(NotAllowed):
        complaints.open_complaint(world.store, world.clerk, receipt.complaint_id)


def test_bad_intake_is_refused_and_writes_nothing(world: World) -> None:
    before = _count(world, "change_log")
    bad_inputs: list[dict[str, object]] = [
        {"kind": "soborno"},
        {"description": "  "},
        {"source": "quiosco"},  # the kiosk has its own use-case, tied to a scan
        {"inspector_id": "no-existe"},
        {"business_id": "no-existe"},
        {"contact_phone": "", "contact_email": ""},
        {"evidence": [Evidence("vacía.jpg", b"")]},
    ]
    for bad in bad_inputs:
        with pytest.raises(InvalidInput):
            _file(world, **bad)
    assert _count(world, "change_log") == before
    assert _count(world, "complaints") == _count(world, "attachment_links") == 0


@pytest.mark.parametrize("role", ["clerk", "supervisor", "inspector_user"])
def test_other_roles_cannot_list_open_change_or_export_complaints(
    world: World, role: str, tmp_path: Path
) -> None:
    from desktop.core.complaint_exports import export_complaints

    receipt = _file(world)
    user = getattr(world, role)
    cid = receipt.complaint_id
    calls = [
        lambda: complaints.list_complaints(world.store, user),
        lambda: complaints.open_complaint(world.store, user, cid),
        lambda: complaints.assign(world.store, user, cid, world.investigator.id),
        lambda: complaints.transition(world.store, user, cid, "en_investigacion"),
        lambda: complaints.add_note(world.store, user, cid, "nota"),
        lambda: complaints.set_public_response(world.store, user, cid, "respuesta"),
        lambda: export_complaints(world.store, user, tmp_path / "d.csv"),
    ]
    before = _count(world, "audit_events")
    for call in calls:
        with pytest.raises(NotAllowed):
            call()
    assert not (tmp_path / "d.csv").exists()
    assert _count(world, "audit_events") == before
    # What every role may know: counts, nothing else.
    assert complaints.count_by_status(world.store)["recibida"] == 1


def test_the_inspector_named_never_sees_the_complaint_even_as_a_comptroller(
    world: World,
) -> None:
    # The second comptroller is also on the inspector registry (a transfer from the field).
    himself = inspectors.add_inspector(
        world.store, world.admin, full_name="Contralor Antes Inspector",
        department_id=world.department, position="Inspector",
        valid_from=dt.date(2025, 1, 1), valid_until=dt.date(2030, 1, 1),
        user_id=world.other_comptroller.id,
    )  # fmt: skip
    about_him = _file(world, inspector_id=himself)
    other = _file(world)
    listed = {s.id for s in complaints.list_complaints(world.store, world.other_comptroller)}
    assert listed == {other.complaint_id}
    him, cid = world.other_comptroller, about_him.complaint_id
    for call in (
        lambda: complaints.open_complaint(world.store, him, cid),
        lambda: complaints.add_note(world.store, him, cid, "x"),
    ):
        with pytest.raises(NotAllowed):
            call()
    with pytest.raises(InvalidInput):  # nor can it be assigned to him
        complaints.assign(
            world.store, world.admin, about_him.complaint_id, world.other_comptroller.id
        )
    assert about_him.complaint_id in {
        s.id for s in complaints.list_complaints(world.store, world.investigator)
    }


def test_only_the_assigned_investigator_sees_contact_data_and_opening_is_audited(
    world: World,
) -> None:
    cid = _file(world).complaint_id
    complaints.assign(world.store, world.admin, cid, world.investigator.id)
    mine = complaints.open_complaint(world.store, world.investigator, cid)
    theirs = complaints.open_complaint(world.store, world.other_comptroller, cid)
    admins = complaints.open_complaint(world.store, world.admin, cid)
    assert mine.contact_visible
    assert (mine.contact_name, mine.contact_phone, mine.contact_email) == (
        "Lucía Pat",
        "998 123 4567",
        "lucia@correo.mx",
    )
    for view in (theirs, admins):
        assert not view.contact_visible
        assert {view.contact_name, view.contact_phone, view.contact_email} == {complaints.REDACTED}
        assert view.description == mine.description
    opened = world.store.db.execute(
        "SELECT user_id, details FROM audit_events WHERE action = 'complaints.open' ORDER BY seq"
    ).fetchall()
    assert [u for u, _ in opened] == [
        world.investigator.id,
        world.other_comptroller.id,
        world.admin.id,
    ]
    assert json.loads(opened[2][1])["role"] == "admin"
    assert "Lucía" not in " ".join(d for _, d in opened)
    assert verify_audit_chain(world.store.db).ok


def test_investigation_workflow_with_deadline_notes_response_and_history(world: World) -> None:
    cid = _file(world).complaint_id
    store, boss = world.store, world.investigator
    assert complaints.allowed_targets("recibida") == ("en_investigacion",)
    with pytest.raises(InvalidInput):  # nobody assigned yet
        complaints.transition(store, boss, cid, "en_investigacion")
    with pytest.raises(InvalidInput):  # only Contraloría staff investigate
        complaints.assign(store, world.admin, cid, world.clerk.id)
    complaints.assign(store, world.admin, cid, boss.id)
    with pytest.raises(InvalidInput):  # a skipped step
        complaints.transition(store, boss, cid, "procedente", "pruebas")
    complaints.transition(store, boss, cid, "en_investigacion")
    complaints.add_note(store, boss, cid, "Se citó al inspector.")
    complaints.set_public_response(store, boss, cid, "Su denuncia fue atendida.")
    with pytest.raises(InvalidInput):  # closing owes a reason
        complaints.transition(store, boss, cid, "procedente", " ")
    complaints.transition(store, boss, cid, "procedente", "Testigos confirman el soborno.")
    with pytest.raises(InvalidInput):  # final
        complaints.transition(store, boss, cid, "turnada", "otra")

    detail = complaints.open_complaint(store, boss, cid)
    assert detail.summary.status == "procedente"
    assert [(h.from_status, h.to_status) for h in detail.history] == [
        ("recibida", "en_investigacion"),
        ("en_investigacion", "procedente"),
    ]
    assert detail.history[1].reason == "Testigos confirman el soborno."
    assert [n.body for n in detail.notes] == ["Se citó al inspector."]
    assert detail.public_response == "Su denuncia fue atendida."
    # A corruption complaint gets 30 business days from reception.
    received = dt.date.fromisoformat(
        store.db.execute("SELECT substr(created_at, 1, 10) FROM complaints").fetchone()[0]
    )
    assert (
        detail.summary.due_date
        == complaints.due_date_for(store, "corrupcion", received).isoformat()
    )
    assert dt.date.fromisoformat(detail.summary.due_date) >= received + dt.timedelta(days=40)
    actions = [
        r[0]
        for r in store.db.execute(
            "SELECT action FROM audit_events WHERE entity_id = ? ORDER BY seq", [cid]
        )
    ]
    assert actions.count("complaints.transition") == 2
    assert "complaints.assign" in actions and "complaints.public_response" in actions
    assert verify_audit_chain(store.db).ok


def test_folio_and_code_show_only_status_and_public_response(world: World) -> None:
    receipt = _file(world)
    complaints.assign(world.store, world.admin, receipt.complaint_id, world.investigator.id)
    complaints.set_public_response(
        world.store, world.investigator, receipt.complaint_id, "En revisión por la Contraloría."
    )
    seen = complaints.followup(
        world.store, receipt.folio.lower(), receipt.followup_code.replace("-", " "), now=NOW
    )
    assert seen is not None
    assert (seen.folio, seen.status, seen.public_response) == (
        receipt.folio,
        "recibida",
        "En revisión por la Contraloría.",
    )
    assert set(vars(seen)) == {"folio", "status", "public_response", "updated_at"}
    assert complaints.followup(world.store, receipt.folio, "AAAA-BBBB-CCCC", now=NOW) is None
    assert complaints.followup(world.store, "DEN-2026-XXXX-0001", receipt.followup_code) is None


def test_repeated_wrong_codes_lock_the_folio_for_a_growing_window(world: World) -> None:
    receipt = _file(world)
    folio, code, wrong = receipt.folio, receipt.followup_code, "ZZZZ-ZZZZ-ZZZZ"
    t = NOW
    for _ in range(complaints.FREE_FAILURES - 1):  # a typo or two costs nothing
        assert complaints.followup(world.store, folio, wrong, now=t) is None
    assert complaints.followup(world.store, folio, wrong, now=t) is None  # third: locks 30 s
    with pytest.raises(FollowupLocked) as locked:  # even the right code must wait
        complaints.followup(world.store, folio, code, now=t + dt.timedelta(seconds=10))
    assert locked.value.retry_after == dt.timedelta(seconds=20)
    t += dt.timedelta(seconds=31)
    assert complaints.followup(world.store, folio, wrong, now=t) is None  # fourth: locks 60 s
    with pytest.raises(FollowupLocked):
        complaints.followup(world.store, folio, code, now=t + dt.timedelta(seconds=59))
    # The counter is in the database: a restart (a new store) does not reset it.
    world.store.close()
    from desktop.store import open_store

    world.store = open_store(world.store.data_dir)
    with pytest.raises(FollowupLocked):
        complaints.followup(world.store, folio, code, now=t + dt.timedelta(seconds=59))
    t += dt.timedelta(seconds=61)
    seen = complaints.followup(world.store, folio, code, now=t)
    assert seen is not None and seen.status == "recibida"
    # A correct code resets the counter.
    assert complaints.followup(world.store, folio, wrong, now=t) is None
    assert complaints.followup(world.store, folio, code, now=t) is not None
    assert complaints.lock_window(10_000) == complaints.MAX_LOCK
