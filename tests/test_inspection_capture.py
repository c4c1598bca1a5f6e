"""Inspection capture: answers saved as entered survive SIGKILL; closing locks; amendments."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from inspection_samples import fill

from desktop.core import forms, inspection_capture, permits
from desktop.errors import InvalidInput
from desktop.store import Actor, Store, open_store
from desktop.store.attachments import attachment_path
from desktop.store.changes import verify_audit_chain
from desktop.store.maintenance import check_store

ROOT = Path(__file__).resolve().parents[1]
PC_FORM = ROOT / "resources" / "forms" / "pc_bajo_riesgo.xlsx"


def _case(store: Store, actor: Actor, folio: str = "PC-2025-001") -> str:
    business = permits.create_business(store, actor, name="Papelería El Lápiz")
    return permits.create_case(
        store, actor, folio=folio, business_id=business, received_date=dt.date(2025, 2, 3)
    )


@pytest.fixture
def pc_form() -> forms.Form:
    return forms.load_xlsform(PC_FORM)


def _fill(store: Store, actor: Actor, insp: str) -> None:
    fill(store, actor, insp)


def test_answers_saved_one_by_one_survive_reopening(
    tmp_path: Path, store: Store, actor: Actor, pc_form: forms.Form
) -> None:
    case = _case(store, actor)
    insp = inspection_capture.start_inspection(store, actor, case, pc_form)
    stored = inspection_capture.save_answer(store, actor, insp, "ubicacion", "20.6736, -103.344")
    assert stored == "20.6736 -103.344"
    inspection_capture.save_answer(store, actor, insp, "aforo", "12")
    inspection_capture.save_answer(store, actor, insp, "inflamables_tipos", "solventes gas_lp")
    inspection_capture.save_answer(store, actor, insp, "atiende_nombre", "Laura")
    inspection_capture.save_answer(store, actor, insp, "atiende_nombre", "")  # clears it
    store.close()

    reopened = open_store(tmp_path / "data")
    try:
        got = inspection_capture.load_inspection(reopened, insp)
        assert got.answers == {
            "ubicacion": "20.6736 -103.344",
            "aforo": 12,
            "inflamables_tipos": ["gas_lp", "solventes"],
        }
        assert got.status == "borrador" and got.case_id == case
        # one change-log row per saved answer (plus the inspection and its template)
        (saves,) = reopened.db.execute(
            "SELECT count(*) FROM audit_events WHERE action = 'inspections.answer' "
            "AND entity_id = ?",
            [insp],
        ).fetchone()
        assert saves == 5
        assert verify_audit_chain(reopened.db).ok
    finally:
        reopened.close()


def test_a_refused_answer_writes_nothing(store: Store, actor: Actor, pc_form: forms.Form) -> None:
    insp = inspection_capture.start_inspection(store, actor, _case(store, actor), pc_form)
    before = store.db.execute("SELECT count(*) FROM change_log").fetchone()[0]
    for field, value in (("aforo", "doce"), ("ext_presentes", "quizá"), ("no_existe", "x"),
                         ("intro", "texto"), ("ubicacion", "100 200"),
                         ("firma_atiende", "c" * 64), ("ext_foto", "no es hash")):  # fmt: skip
        with pytest.raises(InvalidInput):
            inspection_capture.save_answer(store, actor, insp, field, value)
    assert inspection_capture.load_inspection(store, insp).answers == {}
    assert store.db.execute("SELECT count(*) FROM change_log").fetchone()[0] == before


def test_a_photo_is_stored_linked_and_answered_in_one_step(
    tmp_path: Path, store: Store, actor: Actor, pc_form: forms.Form
) -> None:
    insp = inspection_capture.start_inspection(store, actor, _case(store, actor), pc_form)
    photo = b"\x89PNG fake but real bytes on disk"
    sha = inspection_capture.save_attachment_answer(
        store, actor, insp, "ext_foto", photo, mime="image/png", original_name="ext.png"
    )
    assert attachment_path(store.attachments_dir, sha).read_bytes() == photo
    assert inspection_capture.load_inspection(store, insp).answers == {"ext_foto": sha}
    links = store.db.execute(
        "SELECT kind FROM attachment_links WHERE entity = 'inspections' AND entity_id = ?", [insp]
    ).fetchall()
    assert links == [("photo",)]
    with pytest.raises(InvalidInput, match="no photo"):
        inspection_capture.save_attachment_answer(store, actor, insp, "aforo", photo, mime="x")
    assert store.db.execute("SELECT count(*) FROM attachment_links").fetchone()[0] == 1


def _save_suggested_findings(store: Store, actor: Actor, insp: str) -> None:
    inspection = inspection_capture.load_inspection(store, insp)
    suggested = inspection_capture.suggest_findings(store, inspection, today=dt.date(2026, 11, 13))
    inspection_capture.save_findings(store, actor, insp, list(suggested))


def test_failed_items_get_drafted_findings_with_a_business_day_deadline(
    store: Store, actor: Actor, pc_form: forms.Form
) -> None:
    insp = inspection_capture.start_inspection(store, actor, _case(store, actor), pc_form)
    _fill(store, actor, insp)
    inspection_capture.save_answer(store, actor, insp, "botiquin", "no")
    inspection = inspection_capture.load_inspection(store, insp)
    # Friday 13 Nov 2026 + 10 business days, Monday 16 Nov being a rest day: Monday 30 Nov.
    drafted = inspection_capture.suggest_findings(store, inspection, today=dt.date(2026, 11, 13))
    assert [(f.field, f.deadline) for f in drafted] == [
        ("ext_vigentes", "2026-11-30"),
        ("botiquin", "2026-11-30"),
    ]
    assert drafted[0].description == (
        "Corregir el punto «La carga está vigente (etiqueta con fecha)»."
    )
    own = inspection_capture.Finding("", "  Retirar  cajas del pasillo  ", "2026-12-01")
    stored = inspection_capture.save_findings(store, actor, insp, [*drafted, own])
    assert stored[-1].description == "Retirar cajas del pasillo"
    reopened = inspection_capture.load_inspection(store, insp)
    assert reopened.findings == stored
    assert inspection_capture.missing_findings(reopened) == ()
    # Suggesting again drafts nothing new for items that already have a finding.
    assert inspection_capture.suggest_findings(store, reopened) == stored


@pytest.mark.parametrize(
    ("finding", "message"),
    [
        (inspection_capture.Finding("", "   ", "2026-12-01"), "say what must be corrected"),
        (inspection_capture.Finding("", "Algo", "1 de diciembre"), "is not a date"),
        (inspection_capture.Finding("no_such_field", "Algo", "2026-12-01"), "no_such_field"),
    ],
)
def test_a_bad_finding_is_refused_and_nothing_is_written(
    store: Store,
    actor: Actor,
    pc_form: forms.Form,
    finding: inspection_capture.Finding,
    message: str,
) -> None:
    insp = inspection_capture.start_inspection(store, actor, _case(store, actor), pc_form)
    good = inspection_capture.Finding("", "Retirar cajas", "2026-12-01")
    inspection_capture.save_findings(store, actor, insp, [good])
    with pytest.raises(InvalidInput, match=message):
        inspection_capture.save_findings(store, actor, insp, [good, finding])
    assert inspection_capture.load_inspection(store, insp).findings == (good,)


@pytest.mark.parametrize(
    ("result", "decision"),
    [
        ("cumple_con_observaciones", "con_observaciones"),
        ("no_cumple", "rechazado"),
    ],
)
def test_closing_moves_a_scheduled_case_to_inspected_and_then_to_the_decision(
    store: Store, actor: Actor, pc_form: forms.Form, result: str, decision: str
) -> None:
    case = _case(store, actor)
    permits.change_status(store, actor, case, "en_revision")
    permits.change_status(store, actor, case, "inspeccion_programada")
    insp = inspection_capture.start_inspection(store, actor, case, pc_form)
    _fill(store, actor, insp)
    _save_suggested_findings(store, actor, insp)
    closed = inspection_capture.close_inspection(store, actor, insp, result=result)
    assert closed.case_status == decision
    history = store.db.execute(
        "SELECT from_status, to_status, reason FROM case_status_history WHERE case_id = ? "
        "ORDER BY rowid",
        [case],
    ).fetchall()
    assert [(h[0], h[1]) for h in history[-2:]] == [
        ("inspeccion_programada", "inspeccionado"),
        ("inspeccionado", decision),
    ]
    assert "vigente" in history[-1][2] and "30/11/2026" in history[-1][2]
    assert permits.get_case(store, case).status == decision


def test_closing_leaves_a_case_that_was_not_waiting_for_the_visit_where_it_is(
    store: Store, actor: Actor, pc_form: forms.Form
) -> None:
    case = _case(store, actor)  # still "recibido"
    insp = inspection_capture.start_inspection(store, actor, case, pc_form)
    _fill(store, actor, insp)
    _save_suggested_findings(store, actor, insp)
    closed = inspection_capture.close_inspection(store, actor, insp)
    assert (closed.result, closed.case_status) == ("no_cumple", "recibido")


def test_start_refuses_an_unknown_case(store: Store, actor: Actor, pc_form: forms.Form) -> None:
    with pytest.raises(InvalidInput, match="No case"):
        inspection_capture.start_inspection(store, actor, "no-such-case", pc_form)
    assert store.db.execute("SELECT count(*) FROM form_templates").fetchone()[0] == 0


def test_closing_validates_then_locks_and_an_amendment_is_accepted(
    store: Store, actor: Actor, pc_form: forms.Form
) -> None:
    insp = inspection_capture.start_inspection(store, actor, _case(store, actor), pc_form)
    inspection_capture.save_answer(store, actor, insp, "aforo", 12)
    with pytest.raises(InvalidInput) as caught:
        inspection_capture.close_inspection(store, actor, insp)
    assert "fecha_visita" in caught.value.en and "firma_atiende" in caught.value.en
    assert not inspection_capture.load_inspection(store, insp).is_closed

    _fill(store, actor, insp)
    with pytest.raises(InvalidInput) as caught:
        inspection_capture.close_inspection(store, actor, insp)
    assert "finding" in caught.value.en and "¿La carga está vigente" in caught.value.es
    _save_suggested_findings(store, actor, insp)
    outcome = inspection_capture.close_inspection(store, actor, insp)
    assert outcome.failed_items == ("ext_vigentes",)
    closed = inspection_capture.load_inspection(store, insp)
    assert closed.is_closed and closed.result == "no_cumple" and closed.closed_at

    with pytest.raises(InvalidInput, match="closed"):
        inspection_capture.save_answer(store, actor, insp, "ext_vigentes", "si")
    with pytest.raises(InvalidInput, match="closed"):
        inspection_capture.close_inspection(store, actor, insp)
    with pytest.raises(InvalidInput, match="reason"):
        inspection_capture.amend(store, actor, insp, "ext_vigentes", "si", "  ")

    amendment = inspection_capture.amend(
        store, actor, insp, "ext_vigentes", "si", "La etiqueta estaba al reverso del extintor."
    )
    after = inspection_capture.load_inspection(store, insp)
    assert after.answers == closed.answers  # the closed answers never change
    assert after.answers["ext_vigentes"] == "no"
    assert inspection_capture.effective_answers(after)["ext_vigentes"] == "si"
    (a,) = after.amendments
    assert (a.id, a.field, a.old_value, a.new_value, a.user_id) == (
        amendment,
        "ext_vigentes",
        "no",
        "si",
        actor.user_id,
    )
    audited = store.db.execute(
        "SELECT count(*) FROM audit_events "
        "WHERE entity = 'inspection_amendments' AND entity_id = ?",
        [amendment],
    ).fetchone()[0]
    assert audited == 1
    assert verify_audit_chain(store.db).ok


def test_an_open_inspection_is_edited_not_amended(
    store: Store, actor: Actor, pc_form: forms.Form
) -> None:
    insp = inspection_capture.start_inspection(store, actor, _case(store, actor), pc_form)
    with pytest.raises(InvalidInput, match="still open"):
        inspection_capture.amend(store, actor, insp, "aforo", 3, "corrección")


def test_an_explicit_result_and_an_unknown_one(
    store: Store, actor: Actor, pc_form: forms.Form
) -> None:
    insp = inspection_capture.start_inspection(store, actor, _case(store, actor), pc_form)
    _fill(store, actor, insp)
    _save_suggested_findings(store, actor, insp)
    with pytest.raises(InvalidInput):
        inspection_capture.close_inspection(store, actor, insp, result="aprobado")
    with pytest.raises(InvalidInput, match="items that failed"):  # ext_vigentes failed
        inspection_capture.close_inspection(store, actor, insp, result="cumple")
    assert not inspection_capture.load_inspection(store, insp).is_closed
    inspection_capture.close_inspection(store, actor, insp, result="cumple_con_observaciones")
    assert inspection_capture.load_inspection(store, insp).result == "cumple_con_observaciones"


FIELDS = 12
CHILD = f"""
import itertools, json, sys
from desktop.core import forms, inspection_capture
from desktop.store import open_store

store = open_store(sys.argv[1])
actor = store.actor(None)
form = forms.from_definition(open(sys.argv[2], encoding="utf-8").read())
insp = inspection_capture.start_inspection(store, actor, sys.argv[3], form)
print("start", insp, flush=True)
for n in itertools.count():
    field = f"q{{n % {FIELDS}}}"
    inspection_capture.save_answer(store, actor, insp, field, n)
    print("ack", field, n, flush=True)  # acknowledged: the answer's transaction committed
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")
def test_sigkill_mid_form_twenty_times_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_store(data)
    actor = store.actor(None)
    case = _case(store, actor)
    form = forms.build_form(
        [(2 + i, {"type": "integer", "name": f"q{i}", "label": f"P{i}"}) for i in range(FIELDS)],
        [],
        [(2, {"form_id": "kill", "version": "1"})],
    )
    definition = tmp_path / "form.json"
    definition.write_text(forms.to_definition(form), encoding="utf-8")
    store.close()

    rng = random.Random(6)
    runs: dict[str, dict[str, int]] = {}
    last_ack: dict[str, int] = {}
    for _ in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data), str(definition), case],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        start = proc.stdout.readline().split()
        assert start[:1] == ["start"], proc.stderr.read() if proc.stderr else ""
        first = proc.stdout.readline()  # answers are being written
        assert first.startswith("ack"), proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        acked: dict[str, int] = {}
        n = -1
        for line in [first, *rest.splitlines()]:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "ack":  # a line cut by the kill is not an ack
                acked[parts[1]] = int(parts[2])
                n = max(n, int(parts[2]))
        runs[start[1]] = acked
        last_ack[start[1]] = n

    store = open_store(data)
    try:
        assert check_store(store).ok
        assert verify_audit_chain(store.db).ok
        for insp, acked in runs.items():
            saved = inspection_capture.load_inspection(store, insp).answers
            for field, value in acked.items():
                # the acknowledged answer is there, or the one answer in flight replaced it
                assert saved[field] in (value, last_ack[insp] + 1), (insp, field)
            # nothing beyond the answer in flight exists
            assert max(saved.values()) <= last_ack[insp] + 1
    finally:
        store.close()


def test_two_devices_register_the_same_form_under_the_same_id(
    tmp_path: Path, pc_form: forms.Form
) -> None:
    """Two laptops that start inspections offline on the shipped form write one template record
    (same id), so the server and a third device never see two templates with one code/version."""
    ids = []
    for name in ("a", "b"):
        device = open_store(tmp_path / name)
        try:
            ids.append(inspection_capture.register_template(device, device.actor(None), pc_form))
        finally:
            device.close()
    assert ids[0] == ids[1]
    changed = forms.from_definition(forms.to_definition(pc_form).replace("Botiquín", "Botiquin"))
    assert inspection_capture.template_id(forms.to_definition(changed)) != ids[0]
