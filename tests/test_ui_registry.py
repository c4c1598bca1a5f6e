"""The Padrón screen (pytest-qt): adding and suspending an inspector write audited changes, a
refused change is explained in its dialog and writes nothing, a badge card PDF is written, and
only managers get the actions."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from PIL import Image
from pytestqt.qtbot import QtBot

from desktop.core import inspectors, permits, signing, trust, users
from desktop.store import Store
from desktop.store.changes import verify_audit_chain
from desktop.ui.registry_view import RegistryView
from desktop.ui.tasks import TaskRunner


def _view(qtbot: QtBot, store: Store, user: users.User) -> tuple[RegistryView, TaskRunner]:
    runner = TaskRunner("es")
    view = RegistryView(store, runner, user)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.departments != [], timeout=5000)
    return view, runner


def _cell(view: RegistryView, row: int, column: int) -> str:
    item = view.table.item(row, column)
    return item.text() if item is not None else ""


def _changes(store: Store, user_id: str) -> list[tuple[str, str]]:
    rows = store.db.execute(
        "SELECT entity, op FROM change_log WHERE entity = 'inspectors' AND user_id = ? "
        "ORDER BY seq",
        [user_id],
    ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def test_adding_and_suspending_an_inspector_are_audited(
    qtbot: QtBot, store: Store, admin: users.User, tmp_path: Path
) -> None:
    permits.create_department(store, store.actor(admin.id), code="PC", name="Protección Civil")
    view, runner = _view(qtbot, store, admin)
    try:
        assert view.table.rowCount() == 0
        dialog = view.add_inspector()
        photo = tmp_path / "foto.jpg"
        buffer = io.BytesIO()
        Image.new("RGB", (60, 80), (190, 160, 130)).save(buffer, "JPEG")
        photo.write_bytes(buffer.getvalue())
        dialog.set_photo(photo)
        dialog.position.setText("Inspector de Protección Civil")
        dialog.buttons.accepted.emit()  # no name: refused in the dialog, nothing written
        qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=5000)
        assert dialog.isVisible()
        assert _changes(store, admin.id) == []

        dialog.full_name.setText("Ana Ñúñez Pérez")
        with qtbot.waitSignal(view.loaded, timeout=5000):
            dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=5000)
        assert not dialog.isVisible()
        assert _cell(view, 0, 0) == "Ana Ñúñez Pérez"
        assert _cell(view, 0, 1) == "Protección Civil"
        assert _cell(view, 0, 3) == "Activo"
        assert _changes(store, admin.id) == [("inspectors", "insert")]
        (person,) = inspectors.list_inspectors(store)
        assert person.photo_sha256

        view.table.selectRow(0)
        assert view.suspend_button.isEnabled() and not view.reactivate_button.isEnabled()
        reason_dialog = view.change_status("suspend")
        assert reason_dialog is not None
        reason_dialog.buttons.accepted.emit()  # no reason: refused
        qtbot.waitUntil(lambda: reason_dialog.error.text() != "", timeout=5000)
        assert _changes(store, admin.id) == [("inspectors", "insert")]
        reason_dialog.reason.setText("Denuncia en curso")
        with qtbot.waitSignal(view.loaded, timeout=5000):
            reason_dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: _cell(view, 0, 3).startswith("Suspendido"))
        assert _cell(view, 0, 3) == "Suspendido: Denuncia en curso"
        assert _changes(store, admin.id) == [("inspectors", "insert"), ("inspectors", "update")]
        assert inspectors.get_inspector(store, person.id).status == "suspendido"
        events = store.db.execute(
            "SELECT action FROM audit_events WHERE entity_id = ? ORDER BY seq", [person.id]
        ).fetchall()
        assert [e[0] for e in events][-1] == "inspectors.suspend"
        verify_audit_chain(store.db)
        view.table.selectRow(0)
        assert view.reactivate_button.isEnabled() and not view.badge_button.isEnabled()
    finally:
        runner.shutdown()


def test_issuing_a_badge_writes_its_card(
    qtbot: QtBot, store: Store, admin: users.User, tmp_path: Path
) -> None:
    department = permits.create_department(
        store, store.actor(admin.id), code="PC", name="Protección Civil"
    )
    trust.enrol_key(
        store, admin, signing.public_key_raw(signing.generate_private_key()), source="local"
    )
    today = dt.date.today()
    person = inspectors.add_inspector(
        store, admin, full_name="José Luis Pech Uc", department_id=department,
        position="Inspector", valid_from=today, valid_until=today + dt.timedelta(days=200),
    )  # fmt: skip
    view, runner = _view(qtbot, store, admin)
    try:
        card = tmp_path / "credencial.pdf"
        with qtbot.waitSignal(view.badge_written, timeout=10000) as written:
            view.issue_badge_to(person, card)
        assert written.args == [str(card)]
        assert card.read_bytes().startswith(b"%PDF")
        assert store.db.execute("SELECT count(*) FROM badges").fetchone()[0] == 1
    finally:
        runner.shutdown()


def test_the_comptroller_sees_the_registry_but_cannot_change_it(
    qtbot: QtBot, store: Store, admin: users.User
) -> None:
    permits.create_department(store, store.actor(admin.id), code="PC", name="Protección Civil")
    comptroller = users.create_user(
        store, store.actor(admin.id), username="contraloria", display_name="C",
        password="contraseña-segura", role="comptroller",
    )  # fmt: skip
    view, runner = _view(qtbot, store, comptroller)
    try:
        buttons = (view.add_button, view.edit_button, view.suspend_button,
                   view.reactivate_button, view.retire_button, view.badge_button)  # fmt: skip
        assert not any(b.isEnabled() for b in buttons)
        assert "Sólo un administrador" in view.note.text()
    finally:
        runner.shutdown()
