"""The inspection capture screen: saved as typed, live relevance and messages, photos from the
camera source, signatures, findings, closing (which moves the case) and amendments."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from inspection_samples import COMPLETE
from plan_world import make_plan_world
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop.core import form_library, inspection_capture, permits, users, workflow
from desktop.core.photos import MAX_INPUT_BYTES, image_size
from desktop.store import DB_FILENAME, Actor, Store, open_store
from desktop.store.attachments import attachment_path
from desktop.ui.inspection_form import InspectionForm
from desktop.ui.pages import PageContext
from desktop.ui.signature_pad import SignatureDialog, SignaturePad
from desktop.ui.tasks import TaskRunner


def _png() -> bytes:
    image = np.full((60, 180, 3), 255, dtype=np.uint8)
    cv2.line(image, (10, 40), (170, 20), (30, 30, 30), 3)
    return bytes(cv2.imencode(".png", image)[1].tobytes())


@dataclasses.dataclass
class World:
    ctx: PageContext
    actor: Actor
    case_id: str
    inspection_id: str
    data_dir: Path


def _make_ctx(store: Store, user: users.User, runner: TaskRunner) -> PageContext:
    return PageContext(
        store=store,
        runner=runner,
        reader=store.reader(),
        user=user,
        locale=QLocale("es_MX"),
        lang="es",
    )


@pytest.fixture
def world(tmp_path: Path, store: Store, admin: users.User, actor: Actor) -> Iterator[World]:
    business = permits.create_business(
        store, actor, name="Papelería El Lápiz", address="Av. Juárez 120", colonia="Centro"
    )
    case_id = permits.create_case(
        store, actor, folio="PC-2025-014", business_id=business, received_date=dt.date(2025, 2, 3)
    )
    permits.change_status(store, actor, case_id, workflow.EN_REVISION)
    permits.change_status(store, actor, case_id, workflow.INSPECCION_PROGRAMADA)
    insp = inspection_capture.start_inspection(
        store, actor, case_id, form_library.shipped_form(), inspector_id=None
    )
    runner = TaskRunner("es")
    ctx = _make_ctx(store, admin, runner)
    yield World(ctx, actor, case_id, insp, tmp_path / "data")
    runner.shutdown()
    ctx.reader.close()


def _open(qtbot: QtBot, ctx: PageContext, inspection_id: str) -> InspectionForm:
    form = InspectionForm(ctx, inspection_id)
    qtbot.addWidget(form)
    assert form.stack.currentWidget() is form.loading  # "Cargando…" until the read returns
    with qtbot.waitSignal(form.loaded, timeout=10_000):
        form.resize(1000, 760)
        form.show()
    return form


def _settle(qtbot: QtBot, form: InspectionForm) -> None:
    """Wait until every typed answer and finding has been written."""
    qtbot.waitUntil(
        lambda: (
            not form._debounce.isActive()
            and not form._findings_timer.isActive()
            and not form._pending
            and form.ctx.runner.pending == 0
        ),
        timeout=10_000,
    )


def _answers(world: World) -> dict[str, object]:
    return inspection_capture.load_inspection(world.ctx.store, world.inspection_id).answers


def test_typing_saves_without_a_button_and_a_new_store_sees_it(qtbot: QtBot, world: World) -> None:
    form = _open(qtbot, world.ctx, world.inspection_id)
    assert "PC-2025-014" in form.title_label.text()
    assert "Papelería El Lápiz" in form.title_label.text()
    assert "Av. Juárez 120" in form.address_label.text()
    assert "versión 1" in form.form_label.text()
    assert form.status_label.text() == "Borrador"
    # The first unanswered question has the focus on opening.
    qtbot.waitUntil(lambda: form.rows["fecha_visita"].isAncestorOf(form.focusWidget()))
    name_edit = form.rows["atiende_nombre"].line
    assert name_edit is not None
    with qtbot.waitSignal(form.saved, timeout=5000) as saved:
        qtbot.keyClicks(name_edit, "Laura Gomez")  # no Enter, no focus change: the debounce saves
    assert saved.args == ["atiende_nombre"]
    assert form.saved_label.text().startswith("Guardado ✓")
    radio = form.rows["botiquin"].radios["si"]
    with qtbot.waitSignal(form.saved, timeout=5000):
        radio.click()
    _settle(qtbot, form)
    other = open_store(world.data_dir)
    try:
        got = inspection_capture.load_inspection(other, world.inspection_id).answers
    finally:
        other.close()
    assert got == {"atiende_nombre": "Laura Gomez", "botiquin": "si"}


def test_an_out_of_range_aforo_shows_its_message_and_keeps_the_stored_value(
    qtbot: QtBot, world: World
) -> None:
    inspection_capture.save_answer(world.ctx.store, world.actor, world.inspection_id, "aforo", 12)
    form = _open(qtbot, world.ctx, world.inspection_id)
    row = form.rows["aforo"]
    assert row.line is not None and row.line.text() == "12"
    row.line.setFocus()
    row.line.selectAll()
    with qtbot.waitSignal(form.failed, timeout=5000) as refused:
        qtbot.keyClicks(row.line, "5000")
        qtbot.keyClick(row.line, Qt.Key.Key_Return)
    constraint = form.inspection.form.field("aforo").constraint_message_es
    assert constraint and refused.args == [constraint]
    assert row.error.isVisible() and row.error.text() == constraint
    _settle(qtbot, form)
    assert _answers(world)["aforo"] == 12
    # Letters never get into a number field; coordinates that are not coordinates are refused.
    qtbot.keyClicks(row.line, "abc")
    assert row.line.text() == "5000"
    geo = form.rows["ubicacion"]
    assert geo.line is not None
    qtbot.keyClicks(geo.line, "no se")
    qtbot.keyClick(geo.line, Qt.Key.Key_Return)
    assert "Coordenadas no válidas" in geo.error.text()
    # A good value clears the message and is saved.
    geo.line.clear()
    qtbot.keyClicks(geo.line, "20.6736, -103.344")
    with qtbot.waitSignal(form.saved, timeout=5000):
        qtbot.keyClick(geo.line, Qt.Key.Key_Return)
    assert geo.error.isHidden()
    assert _answers(world)["ubicacion"] == "20.6736 -103.344"


def test_relevance_hides_and_shows_the_extinguisher_questions_at_once(
    qtbot: QtBot, world: World
) -> None:
    form = _open(qtbot, world.ctx, world.inspection_id)
    dependent = ("ext_cantidad", "ext_cargados", "ext_vigentes")
    form.rows["ext_presentes"].radios["no"].click()
    assert all(form.rows[name].isHidden() for name in dependent)
    form.rows["ext_presentes"].radios["si"].click()
    assert not any(form.rows[name].isHidden() for name in dependent)
    form.rows["ext_presentes"].radios["no"].click()
    assert all(form.rows[name].isHidden() for name in dependent)
    _settle(qtbot, form)
    assert _answers(world)["ext_presentes"] == "no"


def test_a_failed_item_gets_a_finding_with_a_deadline_and_edits_are_saved(
    qtbot: QtBot, world: World
) -> None:
    form = _open(qtbot, world.ctx, world.inspection_id)
    assert form.finding_rows == []
    form.rows["detectores_humo"].radios["no"].click()
    qtbot.waitUntil(lambda: len(form.finding_rows) == 1, timeout=5000)
    row = form.finding_rows[0]
    assert row.field == "detectores_humo"
    assert "Detectores de humo" in row.description.text()
    assert row.deadline.date() > row.deadline.date().currentDate()
    assert form.result_buttons["no_cumple"].isChecked()
    _settle(qtbot, form)
    stored = inspection_capture.load_inspection(world.ctx.store, world.inspection_id).findings
    assert [f.field for f in stored] == ["detectores_humo"]
    row.description.clear()
    qtbot.keyClicks(row.description, "Instalar dos detectores de humo en la bodega")
    row.deadline.setDate(row.deadline.date().addDays(5))
    _settle(qtbot, form)
    (finding,) = inspection_capture.load_inspection(world.ctx.store, world.inspection_id).findings
    assert finding.description == "Instalar dos detectores de humo en la bodega"
    assert finding.deadline == row.deadline.date().toString("yyyy-MM-dd")
    # The item passes again: its finding says so and can be removed.
    form.rows["detectores_humo"].radios["si"].click()
    assert row.stale.isVisibleTo(form) and row.remove_button.isVisibleTo(form)
    assert form.result_buttons["cumple"].isChecked()
    row.remove_button.click()
    _settle(qtbot, form)
    assert inspection_capture.load_inspection(world.ctx.store, world.inspection_id).findings == ()


def _drag(pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    QTest.mousePress(
        pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[0])
    )
    for x, y in points[1:]:
        QTest.mouseMove(pad, QPoint(x, y))
    QTest.mouseRelease(
        pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[-1])
    )


def test_the_signature_pad_refuses_an_empty_pad_and_draws_with_the_mouse(qtbot: QtBot) -> None:
    dialog = SignatureDialog("Firma de quien atiende", "Laura Gómez")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.name_label.text() == "Laura Gómez"
    dialog.accept_button.click()
    assert dialog.error.isVisible() and dialog.isVisible()  # refused, still open
    _drag(dialog.pad, [(60, 60), (120, 90), (200, 70), (300, 110)])
    assert not dialog.pad.is_empty() and dialog.pad.stroke_count() == 1
    dialog.clear_button.click()
    assert dialog.pad.is_empty()
    _drag(dialog.pad, [(60, 60), (120, 90), (200, 70), (300, 110)])
    with qtbot.waitSignal(dialog.signed) as signed:
        dialog.accept_button.click()
    png = signed.args[0]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert image.shape == (300, 900)
    assert image.max() == 255 and (image < 100).sum() > 100  # white paper, dark ink


def test_a_signature_from_the_form_is_stored_as_a_png_attachment(
    qtbot: QtBot, world: World
) -> None:
    inspection_capture.save_answer(
        world.ctx.store, world.actor, world.inspection_id, "atiende_nombre", "Laura Gómez"
    )
    form = _open(qtbot, world.ctx, world.inspection_id)
    form.rows["firma_atiende"].buttons["sign"].click()
    dialog = form.signature_dialog
    assert dialog is not None and dialog.name_label.text() == "Laura Gómez"
    qtbot.waitExposed(dialog)
    _drag(dialog.pad, [(80, 80), (160, 120), (260, 60)])
    with qtbot.waitSignal(form.saved, timeout=5000):
        dialog.accept_button.click()
    sha = _answers(world)["firma_atiende"]
    content = attachment_path(world.ctx.store.attachments_dir, str(sha)).read_bytes()
    assert content[:4] == b"\x89PNG"
    mime = world.ctx.store.db.execute(
        "SELECT mime FROM attachments WHERE sha256 = ?", [sha]
    ).fetchone()[0]
    assert mime == "image/png"
    qtbot.waitUntil(form.rows["firma_atiende"].has_thumbnail, timeout=5000)


def test_a_camera_photo_is_downscaled_stored_and_shown_after_reopening(
    qtbot: QtBot, world: World, admin: users.User, tmp_path: Path
) -> None:
    still = tmp_path / "camara.jpg"
    rng = np.random.default_rng(3)
    frame = rng.integers(0, 255, (2000, 3000, 3), dtype=np.uint8)
    assert cv2.imwrite(str(still), frame)
    ctx = dataclasses.replace(world.ctx, camera=str(still))  # the real ImageSource feeds it
    form = _open(qtbot, ctx, world.inspection_id)
    form.rows["salidas_libres"].radios["si"].click()
    form.rows["salidas_foto"].buttons["camera"].click()
    dialog = form.photo_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.camera_running, timeout=20_000)
    with qtbot.waitSignal(form.saved, timeout=20_000):
        dialog.take_button.click()
    assert dialog.worker is None and form.photo_dialog is None  # the camera thread stopped
    sha = _answers(world)["salidas_foto"]
    stored = attachment_path(world.ctx.store.attachments_dir, str(sha)).read_bytes()
    assert stored[:3] == b"\xff\xd8\xff"
    assert image_size(stored) == (1600, 1067)
    qtbot.waitUntil(form.rows["salidas_foto"].has_thumbnail, timeout=5000)
    # Taking another asks first: "No" keeps the photo.
    form.rows["salidas_foto"].buttons["camera"].click()
    assert form.confirm_box is not None
    form.confirm_box.button(QMessageBox.StandardButton.No).click()
    _settle(qtbot, form)
    form.close()

    # Kill-and-reopen at the widget level: a fresh store and screen show everything saved.
    world.ctx.runner.shutdown()
    world.ctx.reader.close()
    world.ctx.store.close()
    reopened = open_store(world.data_dir)
    runner = TaskRunner("es")
    try:
        again = _open(qtbot, _make_ctx(reopened, admin, runner), world.inspection_id)
        assert again.rows["salidas_libres"].radios["si"].isChecked()
        qtbot.waitUntil(again.rows["salidas_foto"].has_thumbnail, timeout=5000)
    finally:
        runner.shutdown()
        reopened.close()


def test_a_photo_file_goes_through_the_same_shrinking(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    photo = tmp_path / "foto.png"
    assert cv2.imwrite(str(photo), np.full((2400, 1800, 3), 180, dtype=np.uint8))
    form = _open(qtbot, world.ctx, world.inspection_id)
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.add_photo_file("salidas_foto", photo)
    sha = _answers(world)["salidas_foto"]
    stored = attachment_path(world.ctx.store.attachments_dir, str(sha)).read_bytes()
    assert image_size(stored) == (1200, 1600)
    garbage = tmp_path / "no-es-foto.jpg"
    garbage.write_bytes(b"esto no es una foto")
    with qtbot.waitSignal(form.failed, timeout=10_000) as refused:
        form.add_photo_file("salidas_foto", garbage)
    assert "no es una imagen" in refused.args[0]
    assert _answers(world)["salidas_foto"] == sha


def test_without_a_camera_the_dialog_says_so_and_offers_a_file(qtbot: QtBot, world: World) -> None:
    form = _open(qtbot, world.ctx, world.inspection_id)  # ctx.camera is None
    dialog = form.open_camera("salidas_foto")
    assert "No hay cámara" in dialog.status.text()
    assert not dialog.take_button.isEnabled() and dialog.file_button.isEnabled()
    dialog.reject()


def test_closing_with_missing_answers_says_what_is_missing_and_does_not_close(
    qtbot: QtBot, world: World
) -> None:
    form = _open(qtbot, world.ctx, world.inspection_id)
    form.rows["botiquin"].radios["si"].click()
    form.close_button.click()
    assert form.confirm_box is None  # nothing to confirm: it cannot be closed
    assert form.close_error.isVisible()
    assert "Faltan respuestas obligatorias" in form.close_error.text()
    assert "Fecha de la visita" in form.close_error.text()
    assert form.rows["fecha_visita"].error.text() == "Respuesta obligatoria"
    assert form.rows["fecha_visita"].isAncestorOf(form.focusWidget())
    _settle(qtbot, form)
    got = inspection_capture.load_inspection(world.ctx.store, world.inspection_id)
    assert got.status == "borrador"
    assert permits.get_case(world.ctx.store, world.case_id).status == (
        workflow.INSPECCION_PROGRAMADA
    )


def _fill_complete(world: World) -> None:
    store, actor, insp = world.ctx.store, world.actor, world.inspection_id
    for field, value in COMPLETE.items():
        inspection_capture.save_answer(store, actor, insp, field, value)
    for field in ("firma_inspector", "firma_atiende"):
        inspection_capture.save_attachment_answer(
            store, actor, insp, field, _png() + field.encode(), mime="image/png"
        )


def _close(qtbot: QtBot, form: InspectionForm) -> None:
    form.close_button.click()
    assert form.confirm_box is not None
    text = form.confirm_box.text()
    assert "No cumple" in text and "«Inspeccionado»" in text and "«Rechazado»" in text
    with qtbot.waitSignal(form.closed, timeout=10_000):
        form.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: form.inspection is not None and form.inspection.is_closed)


def test_closing_a_complete_acta_locks_it_moves_the_case_and_takes_an_amendment(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    _fill_complete(world)
    form = _open(qtbot, world.ctx, world.inspection_id)
    # ext_vigentes = no failed: its drafted finding is there and stored without any action.
    assert [r.field for r in form.finding_rows] == ["ext_vigentes"]
    assert form.result_buttons["no_cumple"].isChecked()
    _settle(qtbot, form)
    _close(qtbot, form)
    got = inspection_capture.load_inspection(world.ctx.store, world.inspection_id)
    assert got.status == "cerrada" and got.result == "no_cumple"
    assert permits.get_case(world.ctx.store, world.case_id).status == workflow.RECHAZADO

    # Read-only, with the banner and the amendment button.
    assert form.status_label.text() == "Cerrada"
    assert form.banner.isVisible() and "Acta cerrada el" in form.banner_label.text()
    aforo = form.rows["aforo"].line
    assert aforo is not None and aforo.isReadOnly()
    assert not form.rows["botiquin"].radios["si"].isEnabled()
    assert not form.close_button.isVisible()
    assert form.finding_rows[0].description.isReadOnly()

    dialog = form.open_amend_dialog()
    assert dialog is not None
    dialog.field.setCurrentIndex(dialog.field.findData("aforo"))
    assert dialog.current.text() == "12"
    dialog.value.setText("15")
    dialog.save_button.click()  # no reason: refused in the dialog
    assert dialog.error.isVisible()
    dialog.reason.setText("Se contó mal el aforo")
    with qtbot.waitSignal(form.loaded, timeout=10_000):
        dialog.save_button.click()
    got = inspection_capture.load_inspection(world.ctx.store, world.inspection_id)
    assert got.answers["aforo"] == 12  # the closed answer stays as it was
    (amendment,) = got.amendments
    assert (amendment.field, amendment.old_value, amendment.new_value) == ("aforo", 12, 15)
    assert form.rows["aforo"].line is not None and form.rows["aforo"].line.text() == "15"
    assert "Se contó mal el aforo" in form.amendments_label.text()

    # The acta PDF (engineer A's writer) through the same worker.
    pdf = tmp_path / "acta.pdf"
    with qtbot.waitSignal(form.saved, timeout=30_000):
        form.export_acta(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_back_saves_what_was_being_typed_and_says_so(qtbot: QtBot, world: World) -> None:
    form = _open(qtbot, world.ctx, world.inspection_id)
    edit = form.rows["atiende_nombre"].line
    assert edit is not None
    qtbot.keyClicks(edit, "Ana")
    with qtbot.waitSignal(form.finished):
        form.back_button.click()
    _settle(qtbot, form)
    assert _answers(world)["atiende_nombre"] == "Ana"


def test_ctrl_enter_jumps_to_the_next_unanswered_required_question(
    qtbot: QtBot, world: World
) -> None:
    form = _open(qtbot, world.ctx, world.inspection_id)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)  # shortcuts reach the active window only
    form.rows["aforo"].focus_widget.setFocus()  # type: ignore[union-attr]
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.rows["superficie_m2"].isAncestorOf(form.focusWidget())
    # From the multi-line observations too (Ctrl+Enter is not a line break there).
    observations = form.rows["observaciones"].text
    assert observations is not None
    observations.setFocus()
    qtbot.keyClick(observations, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert observations.toPlainText() == ""
    assert form.rows["firma_inspector"].isAncestorOf(form.focusWidget())


def test_dates_are_typed_as_dd_mm_aaaa_and_checkboxes_obey_their_constraint(
    qtbot: QtBot, world: World
) -> None:
    form = _open(qtbot, world.ctx, world.inspection_id)
    day = form.rows["fecha_visita"]
    assert day.line is not None
    qtbot.keyClicks(day.line, "31/02/2025")
    qtbot.keyClick(day.line, Qt.Key.Key_Return)
    assert "DD/MM/AAAA" in day.error.text()
    day.line.clear()
    qtbot.keyClicks(day.line, "4/3/2025")
    with qtbot.waitSignal(form.saved, timeout=5000):
        qtbot.keyClick(day.line, Qt.Key.Key_Return)
    assert day.error.isHidden()
    tipos = form.rows["inflamables_tipos"]
    tipos.checks["ninguno"].click()
    assert form.rows["inflamables_almacen"].isHidden()  # nothing stored: nothing to ask
    with qtbot.waitSignal(form.failed, timeout=5000):
        tipos.checks["gas_lp"].click()  # "ninguno" and gas at once breaks the constraint
    assert tipos.error.isVisible()
    with qtbot.waitSignal(form.saved, timeout=5000):
        tipos.checks["ninguno"].click()
    assert tipos.error.isHidden()
    assert not form.rows["inflamables_almacen"].isHidden()
    _settle(qtbot, form)
    answers = _answers(world)
    assert answers["fecha_visita"] == "2025-03-04"
    assert answers["inflamables_tipos"] == ["gas_lp"]


# -- what the review found --------------------------------------------------------------


def _changes(store: Store) -> int:
    return int(store.db.execute("SELECT COUNT(*) FROM change_log").fetchone()[0])


def test_a_save_the_locked_database_refused_stays_unsaved_until_enter_stores_it(
    qtbot: QtBot, world: World
) -> None:
    _fill_complete(world)
    form = _open(qtbot, world.ctx, world.inspection_id)
    _settle(qtbot, form)  # the drafted finding for ext_vigentes is stored
    store = world.ctx.store
    store.db.execute("PRAGMA busy_timeout = 50")  # fail in 50 ms instead of 5 s
    edit = form.rows["atiende_nombre"].line
    assert edit is not None
    locker = sqlite3.connect(str(world.data_dir / DB_FILENAME))
    try:
        locker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        edit.selectAll()
        qtbot.keyClicks(edit, "Rosa Canul")
        with qtbot.waitSignal(form.failed, timeout=10_000):
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert form.saved_label.text() == "No se guardó"
        assert "ocupada por otro programa" in form.rows["atiende_nombre"].error.text()
        # Closing is not offered while an answer is not stored.
        form.close_button.click()
        assert form.confirm_box is None
        assert "No se guardó: Nombre de quien atiende" in form.close_error.text()
        qtbot.waitUntil(lambda: world.ctx.runner.pending == 0, timeout=10_000)  # retry failed too
        assert form.saved_label.text() == "No se guardó"
        assert _answers(world)["atiende_nombre"] == "Laura Gómez"
    finally:
        locker.rollback()
        locker.close()
    # The lock is gone: Enter on the same text stores it and the error goes away.
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert saved.args == ["atiende_nombre"]
    _settle(qtbot, form)
    assert _answers(world)["atiende_nombre"] == "Rosa Canul"
    assert form.saved_label.text().startswith("Guardado ✓")
    assert form.rows["atiende_nombre"].error.text() == ""


def test_a_photo_added_just_before_the_app_quits_is_stored(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    photo = tmp_path / "foto.png"
    assert cv2.imwrite(str(photo), np.full((2400, 1800, 3), 180, dtype=np.uint8))
    form = _open(qtbot, world.ctx, world.inspection_id)
    form.add_photo_file("salidas_foto", photo)
    form.add_photo_frame("ext_foto", np.full((900, 1200, 3), 90, dtype=np.uint8))
    world.ctx.runner.shutdown()  # the window closes: no event was processed in between
    answers = _answers(world)
    for field, size in (("salidas_foto", (1200, 1600)), ("ext_foto", (1200, 900))):
        stored = attachment_path(world.ctx.store.attachments_dir, str(answers[field]))
        assert image_size(stored.read_bytes()) == size
        assert world.ctx.store.db.execute(
            "SELECT COUNT(*) FROM attachments WHERE sha256 = ?", [answers[field]]
        ).fetchone() == (1,)


def test_a_photo_file_over_the_size_limit_is_refused_before_reading_it(
    qtbot: QtBot, world: World, tmp_path: Path
) -> None:
    huge = tmp_path / "enorme.jpg"
    with huge.open("wb") as f:
        f.truncate(MAX_INPUT_BYTES + 1)  # sparse: nothing to read, only its size
    form = _open(qtbot, world.ctx, world.inspection_id)
    with qtbot.waitSignal(form.failed, timeout=10_000) as refused:
        form.add_photo_file("salidas_foto", huge)
    assert refused.args[0].startswith("La foto enorme.jpg pasa de 60 MB.")
    assert "salidas_foto" not in _answers(world)


def test_typing_left_when_the_runner_is_already_down_stays_pending(
    qtbot: QtBot, world: World
) -> None:
    form = _open(qtbot, world.ctx, world.inspection_id)
    edit = form.rows["atiende_nombre"].line
    assert edit is not None
    qtbot.keyClicks(edit, "Ana")  # within the debounce: not handed over yet
    world.ctx.runner.shutdown()
    form.hide()  # flush() meets the shut-down runner
    assert form._pending == {"atiende_nombre": "Ana"}
    assert "atiende_nombre" not in _answers(world)


def test_a_supervisor_sees_an_inspector_s_draft_read_only_and_writes_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    plan = make_plan_world(tmp_path / "plan")
    store = plan.store
    started, unstarted = plan.visits["PC-A-2"], plan.visits["PC-B-2"]
    ana = plan.actor(plan.ana)
    inspection_capture.open_for_capture(store, ana, started, form_library.current_form(store))
    inspection_capture.save_answer(store, ana, started, "atiende_nombre", "Rosa Canul")
    before = _changes(store)
    runner = TaskRunner("es")
    ctxs = [_make_ctx(store, user, runner) for user in (plan.supervisor, plan.admin, plan.ana)]
    try:
        for ctx in ctxs[:2]:  # supervisor and admin alike
            form = _open(qtbot, ctx, started)
            assert "Solo lectura: esta inspección es de Ana Pérez." in form.banner_label.text()
            assert form.banner.isVisible() and not form.amend_button.isVisible()
            assert form.rows["atiende_nombre"].line.text() == "Rosa Canul"
            for row in form.rows.values():
                for editor in row.editors:
                    if isinstance(editor, (QLineEdit, QPlainTextEdit)):
                        assert editor.isReadOnly(), row.field.name
                    else:
                        assert not editor.isEnabled(), row.field.name
            assert not form.close_button.isVisible() and not form.add_finding_button.isEnabled()
            assert not any(b.isEnabled() for b in form.result_buttons.values())
            form.rows["aforo"].edited.emit("aforo", "12", True)  # nothing gets through
            form.request_close()
            form.add_photo_frame("ext_foto", np.full((90, 120, 3), 90, dtype=np.uint8))
            _settle(qtbot, form)
            # A visit another inspector has not started is not started by opening it.
            waiting = InspectionForm(ctx, unstarted)
            qtbot.addWidget(waiting)
            with qtbot.waitSignal(waiting.loaded, timeout=10_000):
                waiting.show()
            assert "Aún no se ha iniciado la captura" in waiting.loading.text()
            assert "Beto Ruiz" in waiting.loading.text()
            qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
        assert _changes(store) == before
        assert store.db.execute(
            "SELECT template_id FROM inspections WHERE id = ?", [unstarted]
        ).fetchone() == (None,)
        assert inspection_capture.load_inspection(store, started).answers == {
            "atiende_nombre": "Rosa Canul"
        }
        own = _open(qtbot, ctxs[2], started)  # Ana captures her own
        assert not own.rows["aforo"].line.isReadOnly() and own.close_button.isVisible()
    finally:
        runner.shutdown()
        for ctx in ctxs:
            ctx.reader.close()
        store.close()
