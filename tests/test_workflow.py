"""The permit workflow: every legal transition works, every illegal one is refused."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from desktop.core import permits, workflow
from desktop.errors import InvalidInput
from desktop.store import Store

# A path from recibido to each state, through legal transitions only.
PATH_TO = {
    "recibido": [],
    "en_revision": ["en_revision"],
    "requiere_documentos": ["en_revision", "requiere_documentos"],
    "inspeccion_programada": ["en_revision", "inspeccion_programada"],
    "inspeccionado": ["en_revision", "inspeccion_programada", "inspeccionado"],
    "con_observaciones": [
        "en_revision",
        "inspeccion_programada",
        "inspeccionado",
        "con_observaciones",
    ],
    "aprobado": ["en_revision", "inspeccion_programada", "inspeccionado", "aprobado"],
    "emitido": ["en_revision", "inspeccion_programada", "inspeccionado", "aprobado", "emitido"],
    "entregado": [
        "en_revision",
        "inspeccion_programada",
        "inspeccionado",
        "aprobado",
        "emitido",
        "entregado",
    ],
    "rechazado": ["en_revision", "inspeccion_programada", "inspeccionado", "rechazado"],
    "cancelado": ["cancelado"],
}


def test_the_paths_above_cover_every_status() -> None:
    assert set(PATH_TO) == set(workflow.STATUSES)


def test_the_design_workflow_is_exactly_the_allowed_set() -> None:
    expected_forward = {
        ("recibido", "en_revision"),
        ("en_revision", "requiere_documentos"),
        ("requiere_documentos", "en_revision"),
        ("en_revision", "inspeccion_programada"),
        ("requiere_documentos", "inspeccion_programada"),
        ("inspeccion_programada", "inspeccionado"),
        ("inspeccionado", "aprobado"),
        ("inspeccionado", "con_observaciones"),
        ("inspeccionado", "rechazado"),
        ("con_observaciones", "inspeccion_programada"),
        ("aprobado", "emitido"),
        ("emitido", "entregado"),
    }
    cancels = {(s, "cancelado") for s in workflow.STATUSES if s not in workflow.FINAL}
    assert workflow.TRANSITIONS == expected_forward | cancels
    assert workflow.FINAL == {"entregado", "rechazado", "cancelado"}


@pytest.mark.parametrize(("src", "dst"), sorted(workflow.TRANSITIONS))
def test_every_allowed_transition_is_recorded_with_who_when_and_why(
    store: Store, actor, src: str, dst: str
) -> None:
    case_id = _case_in(store, actor, src)
    reason = "Falta dictamen estructural" if dst in workflow.REASON_REQUIRED else None
    changed = permits.change_status(store, actor, case_id, dst, reason)
    assert changed.status == dst
    last = store.db.execute(
        "SELECT from_status, to_status, reason, user_id, device_id, at FROM case_status_history "
        "WHERE case_id = ? ORDER BY at DESC, rowid DESC LIMIT 1",
        [case_id],
    ).fetchone()
    assert last[:5] == (src, dst, reason or "", actor.user_id, store.device_id)
    assert last[5].endswith("Z")


ILLEGAL = sorted(
    (a, b)
    for a, b in itertools.product(workflow.STATUSES, repeat=2)
    if (a, b) not in workflow.TRANSITIONS
)


@pytest.mark.parametrize(("src", "dst"), ILLEGAL)
def test_every_illegal_transition_is_refused_and_nothing_changes(src: str, dst: str) -> None:
    with pytest.raises(InvalidInput):
        workflow.check_transition(src, dst, "motivo suficiente")


def test_an_illegal_transition_through_the_use_case_changes_nothing(store: Store, actor) -> None:
    case_id = _case_in(store, actor, "entregado")
    before = store.db.execute("SELECT count(*) FROM audit_events").fetchone()[0]
    with pytest.raises(InvalidInput, match="final"):
        permits.change_status(store, actor, case_id, "cancelado", "ya no")
    assert permits.get_case(store, case_id).status == "entregado"
    assert store.db.execute("SELECT count(*) FROM audit_events").fetchone()[0] == before


@pytest.mark.parametrize("dst", sorted(workflow.REASON_REQUIRED))
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_transitions_that_owe_a_reason_refuse_without_one(
    store: Store, actor, dst: str, reason: str | None
) -> None:
    src = next(s for s, d in sorted(workflow.TRANSITIONS) if d == dst)
    case_id = _case_in(store, actor, src)
    with pytest.raises(InvalidInput, match="reason"):
        permits.change_status(store, actor, case_id, dst, reason)
    assert permits.get_case(store, case_id).status == src


def test_unknown_statuses_are_refused() -> None:
    with pytest.raises(InvalidInput):
        workflow.check_transition("recibido", "aprobado_por_el_jefe", "x")


def test_allowed_targets_offers_cancel_everywhere_but_final_states() -> None:
    for status in workflow.STATUSES:
        targets = workflow.allowed_targets(status)
        assert ("cancelado" in targets) == (status not in workflow.FINAL)
    assert workflow.allowed_targets("entregado") == ()


_counter = itertools.count(1)


def _case_in(store: Store, actor, status: str) -> str:
    business = permits.create_business(store, actor, name="Taquería El Fogón")
    case_id = permits.create_case(
        store,
        actor,
        folio=f"PC-T-{next(_counter)}",
        business_id=business,
        received_date=dt.date(2025, 5, 5),
    )
    for step in PATH_TO[status]:
        reason = "motivo" if step in workflow.REASON_REQUIRED else None
        permits.change_status(store, actor, case_id, step, reason)
    return case_id
