"""The Inspecciones section (pytest-qt): the day plan per role, the sync marker, opening the
capture screen, and the way back into the open inspection after the app was killed — on screen
and, in a real SIGKILLed subprocess, in the data."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from plan_world import TODAY, PlanWorld, make_plan_world
from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot
from sync_helpers import Backend

from desktop.core import day_plan, form_library, inspection_capture, inspectors, sync_service, users
from desktop.store import open_store
from desktop.store.attachments import attachment_path
from desktop.store.maintenance import check_store
from desktop.ui.inspections_view import COL_DAY, COL_STATUS, COL_SYNC, InspectionsView
from desktop.ui.pages import PAGE_FACTORIES, PageContext
from desktop.ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[PlanWorld]:
    w = make_plan_world(tmp_path / "data")
    yield w
    w.store.close()


@pytest.fixture
def page(
    qtbot: QtBot, world: PlanWorld, runner: TaskRunner
) -> Iterator[Callable[[users.User], InspectionsView]]:
    readers = []

    def make(user: users.User) -> InspectionsView:
        reader = world.store.reader()
        readers.append(reader)
        ctx = PageContext(world.store, runner, reader, user, QLocale("es_MX"), "es")
        view = InspectionsView(ctx, today=lambda: TODAY)
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.loaded, timeout=5000):
            view.show()
        return view

    yield make
    for reader in readers:
        reader.close()


def _column(view: InspectionsView, column: int) -> list[str]:
    return [view.table.item(r, column).text() for r in range(view.table.rowCount())]


def _folios(view: InspectionsView) -> list[str]:
    return [e.folio for e in view.entries]


def test_the_inspector_sees_own_overdue_and_today_visits_and_not_another_s(
    page: Callable[[users.User], InspectionsView], world: PlanWorld
) -> None:
    view = page(world.ana)
    assert view.heading.text() == "Mis inspecciones"
    assert not view.inspector_filter.isVisible() and view.table.isColumnHidden(6)
    assert _folios(view) == ["PC-A-1", "PC-A-3", "PC-A-2", "PC-A-4"]
    assert _column(view, COL_DAY) == ["Vencida · 08/06/2026", "Hoy", "Hoy", "viernes 12/06/2026"]
    assert set(_column(view, COL_STATUS)) == {"Pendiente"}
    assert set(_column(view, COL_SYNC)) == {"Sin sincronizar"}  # never synced
    assert "4 visitas · 1 vencidas" in view.summary.text()
    assert view.empty.isHidden()


def test_an_inspector_with_nothing_planned_gets_the_empty_state(
    page: Callable[[users.User], InspectionsView], world: PlanWorld
) -> None:
    act = world.actor(world.admin)
    dora = users.create_user(
        world.store, act, username="dora", display_name="Dora Díaz", password="contraseña-segura",
        role="inspector",
    )  # fmt: skip
    dept = world.store.db.execute("SELECT id FROM departments").fetchone()[0]
    inspectors.add_inspector(
        world.store, world.admin, full_name="Dora Díaz", department_id=dept, position="Inspectora",
        valid_from=dt.date(2026, 1, 1), valid_until=dt.date(2027, 1, 1), user_id=dora.id,
    )  # fmt: skip
    view = page(dora)
    assert view.entries == [] and view.table.isHidden() and not view.empty.isHidden()
    assert view.empty.text() == "No tiene inspecciones programadas para hoy ni los próximos 7 días."


@pytest.mark.usefixtures("memory_keyring")
def test_a_captured_visit_shows_unsynced_while_the_rest_are_synced(
    qtbot: QtBot,
    page: Callable[[users.User], InspectionsView],
    world: PlanWorld,
    runner: TaskRunner,
) -> None:
    store = world.store
    sync_service.sync_now(store, Backend("memory").remote_for(store))
    view = page(world.ana)
    assert set(_column(view, COL_SYNC)) == {"Sincronizada"}
    insp, act = world.visits["PC-A-3"], world.actor(world.ana)

    def capture() -> None:  # as the capture screen does: on the database worker
        inspection_capture.open_for_capture(store, act, insp, form_library.current_form(store))
        inspection_capture.save_answer(store, act, insp, "atiende_nombre", "Rosa Canul")

    with qtbot.waitSignal(view.loaded, timeout=5000):  # refreshed by runner.changed alone
        runner.run_db(capture, changes={"inspections"})
    row = view.row_of(insp)
    assert view.table.item(row, COL_SYNC).text() == "Sin sincronizar"
    assert view.table.item(row, COL_STATUS).text() == "En captura (1 respuesta)"
    others = [r for r in range(view.table.rowCount()) if r != row]
    assert {view.table.item(r, COL_SYNC).text() for r in others} == {"Sincronizada"}


def test_enter_opens_the_capture_screen_and_a_restart_returns_to_it(
    qtbot: QtBot, page: Callable[[users.User], InspectionsView], world: PlanWorld
) -> None:
    from desktop.ui.inspection_form import InspectionForm

    store = world.store
    view = page(world.ana)
    insp = world.visits["PC-A-2"]
    view.table.setCurrentCell(view.row_of(insp), 1)
    view.table.setFocus()
    with qtbot.waitSignal(view.opened, timeout=5000) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [insp]
    assert isinstance(view.stack.currentWidget(), InspectionForm) and view.form_id == insp
    assert view.notice.isHidden()  # opened by hand: nothing to explain
    qtbot.waitUntil(lambda: day_plan.last_open(store.db, world.ana.id) == insp, timeout=5000)

    # The app is killed and started again: a new page on the same store opens the inspection.
    again = page(world.ana)
    qtbot.waitUntil(lambda: again.form_id == insp, timeout=5000)
    assert isinstance(again.stack.currentWidget(), InspectionForm)
    assert "Se reabrió la inspección en curso" in again.notice.text()
    assert not again.notice.isHidden()

    with qtbot.waitSignal(again.returned, timeout=5000):
        again.form.finished.emit()
    assert again.stack.currentIndex() == 0 and again.form is None and again.notice.isHidden()
    qtbot.waitUntil(lambda: day_plan.last_open(store.db, world.ana.id) is None, timeout=5000)
    assert store.get_setting(f"inspection.open.{world.ana.id}") is None
    third = page(world.ana)  # nothing left open: the plan, not a form
    assert third.form is None and third.stack.currentIndex() == 0


def test_back_while_a_save_waits_stores_it_and_its_late_answer_is_harmless(
    qtbot: QtBot,
    page: Callable[[users.User], InspectionsView],
    world: PlanWorld,
    runner: TaskRunner,
) -> None:
    view = page(world.ana)
    insp = world.visits["PC-A-2"]
    view.open_inspection(insp)
    form = view.form
    qtbot.waitUntil(lambda: form.inspection is not None, timeout=5000)
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=5000)
    deleted: list[bool] = []
    form.destroyed.connect(lambda *_a: deleted.append(True))
    edit = form.rows["atiende_nombre"].line
    gate = threading.Event()
    try:
        runner.run_db(gate.wait)  # the database worker is busy (a sync, a long write)
        qtbot.keyClicks(edit, "Rosa Canul")
        with qtbot.waitSignal(view.returned, timeout=5000):
            form.back_button.click()  # "Volver" while the answer waits for the worker
        qtbot.waitUntil(lambda: bool(deleted), timeout=5000)  # the screen is gone
    finally:
        gate.set()
    # Its save's callback arrives after the widgets were deleted: no error, and it is stored.
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
    answers = inspection_capture.load_inspection(world.store, insp).answers
    assert answers["atiende_nombre"] == "Rosa Canul"
    assert view.stack.currentIndex() == 0 and view.form is None


def test_double_click_opens_and_a_clerk_only_lists(
    qtbot: QtBot, page: Callable[[users.User], InspectionsView], world: PlanWorld
) -> None:
    view = page(world.ana)
    row = view.row_of(world.visits["PC-A-1"])
    view.table.setCurrentCell(row, 1)
    with qtbot.waitSignal(view.opened, timeout=5000):
        view.table.activated.emit(view.table.model().index(row, 1))  # what a double-click emits

    clerk = page(world.clerk)
    assert clerk.heading.text() == "Inspecciones programadas" and len(clerk.entries) == 6
    assert clerk.open_button.isHidden()
    clerk.table.setCurrentCell(0, 1)
    qtbot.keyClick(clerk.table, Qt.Key.Key_Return)
    assert clerk.form is None and clerk.stack.currentIndex() == 0


def test_a_supervisor_sees_everyone_s_plan_and_filters_by_inspector(
    qtbot: QtBot, page: Callable[[users.User], InspectionsView], world: PlanWorld
) -> None:
    view = page(world.supervisor)
    assert view.heading.text() == "Inspecciones programadas"
    assert view.inspector_filter.isVisible() and not view.table.isColumnHidden(6)
    assert view.inspector_filter.itemText(0) == "Todos"
    assert _folios(view) == ["PC-A-1", "PC-A-3", "PC-B-1", "PC-A-2", "PC-A-4", "PC-B-2"]
    assert set(_column(view, 6)) == {"Ana Pérez", "Beto Ruiz"}
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.inspector_filter.setCurrentIndex(view.inspector_filter.findData(world.beto_inspector))
    assert _folios(view) == ["PC-B-1", "PC-B-2"]
    view.table.setCurrentCell(0, 1)
    with qtbot.waitSignal(view.opened, timeout=5000):
        view.open_button.click()  # a supervisor may open (the form is read-only when closed)
    assert view.form_id == world.visits["PC-B-1"]


def test_the_inspections_section_is_built_by_its_page_factory(
    qtbot: QtBot, world: PlanWorld, runner: TaskRunner
) -> None:
    reader = world.store.reader()
    try:
        ctx = PageContext(world.store, runner, reader, world.ana, QLocale("es_MX"), "es")
        widget = PAGE_FACTORIES["inspections"](ctx)
        qtbot.addWidget(widget)
        assert isinstance(widget, InspectionsView)
    finally:
        reader.close()


# -- the real kill -9 -----------------------------------------------------------------------------

CHILD = """
import io, itertools, sys
from PIL import Image
from desktop.core import day_plan, form_library, inspection_capture
from desktop.store import open_store

store = open_store(sys.argv[1])
user_id, insp = sys.argv[2], sys.argv[3]
actor = store.actor(user_id)
inspection_capture.open_for_capture(store, actor, insp, form_library.current_form(store))
day_plan.remember_open(store, user_id, insp)
print("open", insp, flush=True)
inspection_capture.save_answer(store, actor, insp, "ext_presentes", "si")
print("ack ext_presentes si", flush=True)
buffer = io.BytesIO()
Image.new("RGB", (64, 48), (200, 40, 40)).save(buffer, "JPEG", quality=80)
sha = inspection_capture.save_attachment_answer(
    store, actor, insp, "ext_foto", buffer.getvalue(), mime="image/jpeg", original_name="ext.jpg"
)
print("photo", sha, flush=True)
fields = ("atiende_nombre", "observaciones", "superficie_m2")
for n in itertools.count(1):
    field = fields[n % 3]
    value = n + 0.5 if field == "superficie_m2" else f"valor {n}"
    inspection_capture.save_answer(store, actor, insp, field, value)
    print("ack", field, n, flush=True)  # acknowledged: its transaction committed
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")
def test_kill_9_while_capturing_reopens_the_same_inspection_with_every_acked_answer(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    world = make_plan_world(data)
    insp, user_id = world.visits["PC-A-3"], world.ana.id
    world.store.close()

    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data), user_id, insp],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    acked: dict[str, int] = {}
    photo = ""
    lines = []
    try:
        while len(acked) < 3 or min(acked.values()) < 5:  # a few answers of each field
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else ""
            lines.append(line.split())
            if lines[-1][0] == "photo":
                photo = lines[-1][1]
            elif lines[-1][0] == "ack" and lines[-1][2].isdigit():
                acked[lines[-1][1]] = int(lines[-1][2])
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert lines[0] == ["open", insp] and photo

    store = open_store(data)
    try:
        assert check_store(store).ok
        assert day_plan.last_open(store.db, user_id) == insp  # the app would reopen it
        answers = inspection_capture.load_inspection(store, insp).answers
        assert answers["ext_presentes"] == "si" and answers["ext_foto"] == photo
        for field, n in acked.items():
            stored = answers[field]
            got = int(stored - 0.5) if field == "superficie_m2" else int(stored.split()[1])
            # the acked value, or a later one whose ack line the kill cut off
            assert got >= n, (field, stored, n)
        content = attachment_path(store.attachments_dir, photo).read_bytes()
        assert hashlib.sha256(content).hexdigest() == photo
        assert Image.open(io.BytesIO(content)).format == "JPEG"
    finally:
        store.close()
