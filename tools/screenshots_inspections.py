"""Screenshots of field inspections (issue 6), on the demo folder tools/screenshots.py builds.

* ``inspections-day-plan.png`` — the real main window, signed in as the demo inspector, on
  "Mis inspecciones": overdue visits, today's and the coming week's, and what is not yet sent;
* ``inspection-form.png`` — the capture screen of one of today's visits, half filled, with the
  validation message an out-of-range "aforo" gets;
* ``inspection-signature.png`` — the signature pad with a signature drawn on it;
* ``acta.png`` — page 1 of the acta of that visit once completed (photo, both signatures,
  finding) and closed, rasterised with pdftoppm at 110 dpi.

Everything goes through the real screens and use-cases; the inspector's clicks and strokes are
simulated with QTest.
"""

from __future__ import annotations

import math
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QEvent, QLocale, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core import inspection_capture, roles, users
from desktop.print.acta import write_acta
from desktop.store import Store
from desktop.ui.inspection_form import InspectionForm
from desktop.ui.inspections_view import InspectionsView
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import TaskRunner

INSPECTOR = ("inspector", "demo1234")
# Typed into the form before the screenshot: the first part of the checklist, one bad value.
TYPED = (("atiende_nombre", "Laura Gómez Canché"), ("aforo", "5000"), ("superficie_m2", "86.5"))
# Completed through the use-cases afterwards, so the acta has every answer.
REST = {
    "fecha_visita": "2026-11-25",
    "ubicacion": "21.16321 -86.82517",
    "aforo": 24,
    "ext_presentes": "si",
    "ext_cantidad": 2,
    "ext_cargados": "si",
    "ext_vigentes": "no",
    "salidas_libres": "si",
    "salidas_senaladas": "si",
    "ruta_evacuacion": "no",
    "botiquin": "si",
    "detectores_humo": "si",
    "numeros_emergencia": "si",
    "electrica_sin_cables": "si",
    "usa_gas": "si",
    "gas_instalacion": "si",
    "gas_cilindros": "si",
    "inflamables_tipos": ["ninguno"],
    "plan_interno": "na",
    "observaciones": "Se explicó al encargado cómo verificar la fecha de carga de los extintores.",
}


def _scene_photo() -> bytes:
    """A stand-in photo of the extinguishers: a wall, two red cylinders and their labels."""
    img = np.full((900, 1200, 3), (196, 214, 226), np.uint8)
    cv2.rectangle(img, (0, 700), (1200, 900), (120, 130, 140), -1)
    for x in (380, 720):
        cv2.rectangle(img, (x, 300), (x + 120, 690), (30, 30, 200), -1)
        cv2.rectangle(img, (x + 35, 240), (x + 85, 300), (40, 40, 40), -1)
        cv2.rectangle(img, (x + 20, 420), (x + 100, 520), (235, 235, 235), -1)
    cv2.putText(img, "EXTINTOR", (330, 200), cv2.FONT_HERSHEY_SIMPLEX, 2.4, (20, 20, 160), 6)
    ok, data = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 85])
    assert ok
    return bytes(data.tobytes())


def _type(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key, accents included (QTest.keyClicks only types ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def _draw(widget: QWidget, points: list[tuple[int, int]]) -> None:
    QTest.mousePress(
        widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[0])
    )
    for x, y in points[1:]:
        QTest.mouseMove(widget, QPoint(x, y))
    QTest.mouseRelease(
        widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[-1])
    )


def _sign(widget: QWidget) -> None:
    """A cursive-looking signature in three strokes."""
    _draw(widget, [(90 + i * 7, 170 + int(45 * math.sin(i / 2.6))) for i in range(55)])
    _draw(widget, [(480 + i * 5, 150 + int(35 * math.cos(i / 1.8))) for i in range(50)])
    _draw(widget, [(120 + i * 12, 235 + int(4 * math.sin(i))) for i in range(55)])


def shoot_inspections(
    store: Store,
    runner: TaskRunner,
    out: Path,
    *,
    size: tuple[int, int],
    locale: QLocale,
    wait_until: Callable[[Callable[[], bool], str], None],
    save: Callable[[QWidget, Path], None],
) -> None:
    """Write the four inspection screenshots into ``out``."""
    user = users.authenticate(store, *INSPECTOR)
    reader = store.reader()
    window = MainWindow(store, runner, reader, user, lang="es", locale=locale)
    window.resize(*size)
    window.show()
    window.show_section(roles.INSPECTIONS)
    view = window.pages[roles.INSPECTIONS]
    assert isinstance(view, InspectionsView)
    wait_until(lambda: bool(view.entries) and runner.pending == 0, "the day plan")
    save(window, out / "inspections-day-plan.png")

    # Today's first visit that was not begun: the inspector opens it from the plan.
    visit = next(e for e in view.entries if e.status == "borrador" and not e.answered)
    view.table.selectRow(view.row_of(visit.inspection_id))
    view.open_selected()
    form = view.form
    assert isinstance(form, InspectionForm)
    wait_until(lambda: form.inspection is not None and runner.pending == 0, "the form")
    QTest.mouseClick(form.rows["ext_presentes"].radios["si"], Qt.MouseButton.LeftButton)
    for field, text in TYPED:
        line = form.rows[field].line
        assert line is not None
        line.setFocus()
        _type(line, text)
        QTest.keyClick(line, Qt.Key.Key_Tab)
    form.flush()  # what leaving the field does on a real display
    wait_until(lambda: runner.pending == 0, "the answers to be saved")
    form.scroll_area.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    save(window, out / "inspection-form.png")

    pad_dialog = form.open_signature_pad("firma_atiende")
    QTest.qWaitForWindowExposed(pad_dialog, 5000)
    _sign(pad_dialog.pad)
    save(pad_dialog, out / "inspection-signature.png")
    pad_dialog.try_accept()
    wait_until(lambda: runner.pending == 0, "the signature to be saved")

    # Complete and close it through the use-cases, then print its acta.
    actor = store.actor(user.id)
    inspection_id = visit.inspection_id
    for field, value in REST.items():
        inspection_capture.save_answer(store, actor, inspection_id, field, value)
    inspection_capture.save_attachment_answer(
        store, actor, inspection_id, "ext_foto", _scene_photo(), mime="image/jpeg"
    )
    sign_dialog = form.open_signature_pad("firma_inspector")
    QTest.qWaitForWindowExposed(sign_dialog, 5000)
    _sign(sign_dialog.pad)
    sign_dialog.try_accept()
    wait_until(lambda: runner.pending == 0, "the inspector's signature to be saved")
    inspection = inspection_capture.load_inspection(store, inspection_id)
    findings = list(inspection_capture.suggest_findings(store, inspection))
    findings[0] = inspection_capture.Finding(
        findings[0].field,
        "Recargar los dos extintores (la carga venció en agosto) y colocar la etiqueta vigente.",
        findings[0].deadline,
    )
    inspection_capture.save_findings(store, actor, inspection_id, findings)
    inspection_capture.close_inspection(
        store, actor, inspection_id, result="cumple_con_observaciones"
    )
    with tempfile.TemporaryDirectory(prefix="verifica-acta-") as tmp:
        pdf = write_acta(store, inspection_id, Path(tmp) / "acta.pdf")
        subprocess.run(
            ["pdftoppm", "-r", "110", "-png", "-f", "1", "-l", "1", "-singlefile",
             str(pdf), str(out / "acta")],
            check=True, timeout=120,
        )  # fmt: skip
    print(f"wrote {out / 'acta.png'}")
    view.back_to_plan()
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    reader.close()
