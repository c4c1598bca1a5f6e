"""Backlog triage reads: the new CaseQuery filters, documents, notes, saved filters, detail."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest

from desktop.core import deadlines, documents, notes, permits, saved_filters, users
from desktop.core.case_detail import case_detail
from desktop.core.documents import RequiredDocument
from desktop.core.ids import utc_now, uuid7
from desktop.errors import InvalidInput
from desktop.store import Actor, Store
from desktop.store import cases as store_cases
from desktop.store.cases import UNASSIGNED, CaseQuery, case_rowids, case_triage_rows

TODAY = dt.date(2026, 11, 25)
_folios = itertools.count(1)


def new_case(
    store: Store,
    actor: Actor,
    *,
    days_old: int = 10,
    colonia: str = "Centro",
    scian: str = "461110",
    risk: str = "bajo",
    name: str = "Negocio",
    procedure_type: str = "anuencia_bajo_riesgo",
    assignee_id: str | None = None,
) -> str:
    business = permits.create_business(
        store, actor, name=name, colonia=colonia, scian_code=scian, risk_level=risk
    )
    return permits.create_case(
        store,
        actor,
        folio=f"PC-{next(_folios):05d}",
        business_id=business,
        received_date=TODAY - dt.timedelta(days=days_old),
        procedure_type=procedure_type,
        assignee_id=assignee_id,
    )


def ids_for(store: Store, query: CaseQuery) -> set[str]:
    rowids = case_rowids(store.db, dataclasses.replace(query, today=TODAY))
    if not rowids:
        return set()
    marks = ",".join("?" * len(rowids))
    return {
        r[0]
        for r in store.db.execute(f"SELECT id FROM permit_cases WHERE rowid IN ({marks})", rowids)
    }


@pytest.fixture
def inspector(store: Store, actor: Actor) -> users.User:
    return users.create_user(
        store,
        actor,
        username="lpech",
        display_name="Luis Enrique Pech",
        password="contraseña-segura",
        role="inspector",
    )


def test_the_stopped_clock_statuses_agree_between_store_and_core() -> None:
    assert set(store_cases.CLOCK_STOPPED_STATUSES) == deadlines.CLOCK_STOPPED


def test_the_default_query_still_lists_everything_oldest_first(store: Store, actor: Actor) -> None:
    new_ids = [new_case(store, actor, days_old=d) for d in (5, 50, 20)]
    rowids = case_rowids(store.db, CaseQuery())
    assert len(rowids) == 3
    ordered = [
        store.db.execute("SELECT id FROM permit_cases WHERE rowid = ?", [r]).fetchone()[0]
        for r in rowids
    ]
    assert ordered == [new_ids[1], new_ids[2], new_ids[0]]


def test_age_buckets_split_at_15_30_and_90_days(store: Store, actor: Actor) -> None:
    by_age = {d: new_case(store, actor, days_old=d) for d in (0, 15, 16, 30, 31, 90, 91, 400)}
    expected = {"0-15": (0, 15), "16-30": (16, 30), "31-90": (31, 90), "90+": (91, 400)}
    for bucket, ages in expected.items():
        assert ids_for(store, CaseQuery(age=bucket)) == {by_age[a] for a in ages}, bucket
    with pytest.raises(ValueError):
        case_rowids(store.db, CaseQuery(age="1-2"))


def test_business_filters_colonia_scian_prefix_and_risk(store: Store, actor: Actor) -> None:
    tacos = new_case(store, actor, colonia="SM 23", scian="722514", risk="medio", name="Tacos")
    fonda = new_case(store, actor, colonia="Centro", scian="722511", risk="bajo", name="Fonda")
    shop = new_case(store, actor, colonia="Centro", scian="461110", risk="alto", name="Tienda")
    assert ids_for(store, CaseQuery(colonia="Centro")) == {fonda, shop}
    assert store_cases.colonias(store.db) == [("Centro", 2), ("SM 23", 1)]
    assert [code for code, _, _ in store_cases.scian_activities(store.db)] == [
        "461110",
        "722511",
        "722514",
    ]
    assert ids_for(store, CaseQuery(scian="7225")) == {tacos, fonda}
    assert ids_for(store, CaseQuery(scian="722514")) == {tacos}
    assert ids_for(store, CaseQuery(scian="72251")) == {tacos, fonda}
    assert ids_for(store, CaseQuery(scian="4612")) == set()
    assert ids_for(store, CaseQuery(risk="alto")) == {shop}
    assert ids_for(store, CaseQuery(colonia="Centro", scian="72")) == {fonda}
    both = case_rowids(store.db, CaseQuery(colonia="Centro", sort="business", today=TODAY))
    names = [
        store.db.execute(
            "SELECT b.name FROM permit_cases c JOIN businesses b ON b.id = c.business_id "
            "WHERE c.rowid = ?",
            [r],
        ).fetchone()[0]
        for r in both
    ]
    assert names == ["Fonda", "Tienda"]


def test_assignee_procedure_type_status_and_search_combine(
    store: Store, actor: Actor, inspector: users.User
) -> None:
    mine = new_case(store, actor, assignee_id=inspector.id, name="Farmacia San Judas")
    other = new_case(store, actor, name="Farmacia del Ahorro")
    renewal = new_case(store, actor, procedure_type="revalidacion_anuencia", name="Papelería")
    assert ids_for(store, CaseQuery(assignee=inspector.id)) == {mine}
    assert ids_for(store, CaseQuery(assignee=UNASSIGNED)) == {other, renewal}
    assert ids_for(store, CaseQuery(procedure_type="revalidacion_anuencia")) == {renewal}
    assert ids_for(store, CaseQuery(search="farm", assignee=UNASSIGNED)) == {other}
    permits.change_status(store, actor, other, "en_revision")
    assert ids_for(store, CaseQuery(search="farm", status="en_revision")) == {other}


def test_overdue_means_past_due_with_the_clock_running(store: Store, actor: Actor) -> None:
    late = new_case(store, actor, days_old=60)
    issued = new_case(store, actor, days_old=60)
    for step in ("en_revision", "inspeccion_programada", "inspeccionado", "aprobado", "emitido"):
        permits.change_status(store, actor, issued, step)
    new_case(store, actor, days_old=2)
    assert ids_for(store, CaseQuery(overdue=True)) == {late}
    rowid = store.db.execute("SELECT rowid FROM permit_cases WHERE id = ?", [late]).fetchone()[0]
    triage = case_triage_rows(store.db, [rowid], today=TODAY)[rowid]
    assert triage["overdue"] is True and triage["missing_documents"] == 8
    assert triage["risk_level"] == "bajo" and triage["due_date"] < TODAY.isoformat()


def test_the_document_checklist_drives_the_missing_documents_filter(
    store: Store, actor: Actor
) -> None:
    case_id = new_case(store, actor)
    done = new_case(store, actor)
    checklist = documents.case_documents(store.db, case_id)
    mandatory = [d.code for d in checklist if d.mandatory]
    assert len(mandatory) == 8 and {"poliza_seguro", "carta_gas"} <= {d.code for d in checklist}
    assert ids_for(store, CaseQuery(missing_documents=True)) == {case_id, done}

    changed = documents.set_case_documents(store, actor, done, dict.fromkeys(mandatory, True))
    assert changed == 8
    assert ids_for(store, CaseQuery(missing_documents=True)) == {case_id}
    documents.set_document_received(store, actor, done, "croquis", False)
    assert ids_for(store, CaseQuery(missing_documents=True)) == {case_id, done}
    documents.set_document_received(store, actor, done, "croquis", True)
    # An optional document does not count.
    documents.set_document_received(store, actor, done, "poliza_seguro", False)
    assert ids_for(store, CaseQuery(missing_documents=True)) == {case_id}
    states = {d.code: d for d in documents.case_documents(store.db, done)}
    assert states["croquis"].received and states["croquis"].checked_by == "Administradora"
    with pytest.raises(InvalidInput):
        documents.set_document_received(store, actor, done, "acta_de_nacimiento")


def test_changing_a_checklist_recounts_existing_cases(store: Store, actor: Actor) -> None:
    case_id = new_case(store, actor, procedure_type="revalidacion_anuencia")

    def missing() -> int:
        row = store.db.execute(
            "SELECT missing_documents FROM permit_cases WHERE id = ?", [case_id]
        ).fetchone()
        return int(row[0])

    assert missing() == 4
    documents.set_required_documents(
        store,
        actor,
        "revalidacion_anuencia",
        [
            RequiredDocument("solicitud", "Solicitud firmada"),
            RequiredDocument("pago_derechos", "Comprobante de pago de derechos"),
            RequiredDocument("fotos", "Fotografías", mandatory=False, note="si cambió el local"),
        ],
    )
    assert missing() == 2
    codes = [d.code for d in documents.required_documents(store.db, "revalidacion_anuencia")]
    assert codes == ["solicitud", "pago_derechos", "fotos"]
    with pytest.raises(InvalidInput):
        documents.set_required_documents(
            store, actor, "revalidacion_anuencia", [RequiredDocument("a", "A")] * 2
        )


def test_notes_keep_who_and_when(store: Store, actor: Actor) -> None:
    case_id = new_case(store, actor)
    notes.add_note(store, actor, case_id, "  El titular llamó; trae el croquis el lunes.  ")
    (note,) = notes.case_notes(store.db, case_id)
    assert note.text == "El titular llamó; trae el croquis el lunes."
    assert note.author == "Administradora" and note.at.endswith("Z")
    for bad in ("", "   ", "x" * 4001):
        with pytest.raises(InvalidInput):
            notes.add_note(store, actor, case_id, bad)
    with pytest.raises(InvalidInput):
        notes.add_note(store, actor, "no-existe", "hola")


def test_saved_filters_round_trip_per_user(
    store: Store, actor: Actor, inspector: users.User
) -> None:
    query = CaseQuery(
        search="tacos",
        status="en_revision",
        sort="colonia",
        descending=True,
        age="31-90",
        colonia="SM 23",
        scian="7225",
        risk="medio",
        assignee=UNASSIGNED,
        missing_documents=True,
        overdue=True,
        procedure_type="anuencia_bajo_riesgo",
        today=TODAY,
    )
    first = saved_filters.save_filter(store, actor, "Vencidos  SM 23", query)
    again = saved_filters.save_filter(store, actor, "Vencidos SM 23", CaseQuery(overdue=True))
    assert again == first  # same name (spaces folded): replaced
    saved_filters.save_filter(store, actor, "Todo", query)
    theirs = store.actor(inspector.id)
    saved_filters.save_filter(store, theirs, "Mis casos", CaseQuery(assignee=inspector.id))
    mine = saved_filters.saved_filters(store.db, actor.user_id)
    assert [f.name for f in mine] == ["Todo", "Vencidos SM 23"]
    assert mine[0].query == dataclasses.replace(query, today=None)
    assert mine[1].query == CaseQuery(overdue=True)
    assert [f.name for f in saved_filters.saved_filters(store.db, inspector.id)] == ["Mis casos"]
    with pytest.raises(InvalidInput):
        saved_filters.delete_filter(store, theirs, first)  # not theirs
    saved_filters.delete_filter(store, actor, first)
    assert [f.name for f in saved_filters.saved_filters(store.db, actor.user_id)] == ["Todo"]


def test_a_saved_filter_from_a_newer_version_still_opens() -> None:
    text = '{"status": "recibido", "zona": "norte", "overdue": true}'
    assert saved_filters.query_from_json(text) == CaseQuery(status="recibido", overdue=True)
    for bad in ("[]", '{"overdue": "sí"}', '{"age": "1-2"}', "{"):
        with pytest.raises(InvalidInput):
            saved_filters.query_from_json(bad)


def test_case_detail_gathers_business_documents_history_notes_inspections_attachments(
    store: Store, actor: Actor, inspector: users.User
) -> None:
    case_id = new_case(store, actor, days_old=30, name="Tacos El Güero", colonia="SM 23")
    permits.change_status(store, actor, case_id, "en_revision")
    permits.change_status(store, actor, case_id, "requiere_documentos", "Falta croquis")
    documents.set_document_received(store, actor, case_id, "solicitud")
    notes.add_note(store, actor, case_id, "Llamar al titular")
    now = utc_now()
    with store.write() as db:  # an inspection and a photo, as their own use-cases will write
        inspection_id = uuid7()
        db.execute(
            "INSERT INTO inspections (id, case_id, status, started_at, created_at, updated_at, "
            "scheduled_for) VALUES (?, ?, 'borrador', ?, ?, ?, '2026-11-30')",
            [inspection_id, case_id, now, now, now],
        )
        db.execute(
            "INSERT INTO attachments (sha256, size, mime, original_name, created_at) "
            "VALUES (?, 12, 'image/jpeg', 'fachada.jpg', ?)",
            ["ab" * 32, now],
        )
        db.execute(
            "INSERT INTO attachment_links (id, sha256, entity, entity_id, kind, created_at) "
            "VALUES (?, ?, 'inspections', ?, 'photo', ?)",
            [uuid7(), "ab" * 32, inspection_id, now],
        )
    detail = case_detail(store.db, case_id, today=TODAY)
    assert detail.business["name"] == "Tacos El Güero" and detail.business["colonia"] == "SM 23"
    assert detail.status == "requiere_documentos"
    assert detail.procedure_name == "Anuencia de Protección Civil — bajo riesgo"
    assert detail.term_days == 15 and detail.deadline.days_elapsed == 30
    assert detail.deadline.overdue and detail.deadline.business_days_left is not None
    assert detail.deadline.business_days_left < 0
    assert [(h.from_status, h.to_status, h.reason, h.user) for h in detail.history] == [
        (None, "recibido", "", "Administradora"),
        ("recibido", "en_revision", "", "Administradora"),
        ("en_revision", "requiere_documentos", "Falta croquis", "Administradora"),
    ]
    assert detail.missing_documents == 7
    assert [d.code for d in detail.documents if d.received] == ["solicitud"]
    assert [n.text for n in detail.notes] == ["Llamar al titular"]
    assert [(i.id, i.scheduled_for) for i in detail.inspections] == [(inspection_id, "2026-11-30")]
    assert [(a.original_name, a.kind) for a in detail.attachments] == [("fachada.jpg", "photo")]
    assert detail.allowed_targets == ("en_revision", "inspeccion_programada", "cancelado")
    assert case_detail(store.db, detail.rowid, today=TODAY).id == case_id
    with pytest.raises(InvalidInput):
        case_detail(store.db, "no-existe")


def test_case_detail_reads_through_a_read_only_connection(store: Store, actor: Actor) -> None:
    case_id = new_case(store, actor)
    reader = store.reader()
    try:
        assert case_detail(reader, case_id).id == case_id
    finally:
        reader.close()
