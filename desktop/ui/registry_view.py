"""The Padrón screen: the inspector registry, its changes and badge issuing.

Lists every inspector (name, department, position, status with its reason, validity). An
administrator or supervisor can add and edit inspectors, suspend, reactivate and retire them
(each asks for a reason) and issue a badge, which writes its card PDF. Every change runs through
the task runner as one use-case of ``desktop.core.inspectors`` / ``desktop.core.badges``, so it is
audited and synced; the screen refreshes itself when ``runner.changed`` names inspectors. Other
roles (the Contraloría) see the list only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import badges, inspectors
from desktop.core.inspectors import MANAGER_ROLES, Inspector
from desktop.core.users import User
from desktop.store import Store
from desktop.ui import labels, messages, tables
from desktop.ui.files import read_chosen_file
from desktop.ui.tasks import TaskRunner

CHANGES = {"inspectors", "badges"}
COLUMNS = 5


class InspectorDialog(QDialog):
    """Add or edit one inspector: name, department, position, validity and photo.

    Signals:
        submitted(dict): the fields for ``add_inspector`` / ``edit_inspector``, except that
            ``photo`` is the chosen file's path: :func:`with_photo_read` reads it.
    """

    submitted = Signal(dict)

    def __init__(
        self,
        departments: list[tuple[str, str]],
        inspector: Inspector | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Editar inspector") if inspector else self.tr("Agregar inspector")
        )
        self.photo: Path | None = None
        self.photo_name = ""
        self.full_name = QLineEdit(inspector.full_name if inspector else "")
        self.department = QComboBox()
        for department_id, name in departments:
            self.department.addItem(name, department_id)
        if inspector is not None:
            self.department.setCurrentIndex(self.department.findData(inspector.department_id))
        self.position = QLineEdit(inspector.position if inspector else "")
        today = dt.date.today()
        self.valid_from = QDateEdit(labels.qdate(inspector.valid_from if inspector else today))
        self.valid_until = QDateEdit(
            labels.qdate(inspector.valid_until if inspector else today.replace(year=today.year + 1))
        )
        for edit in (self.valid_from, self.valid_until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Motivo del cambio"))
        self.photo_button = QPushButton(self.tr("Elegir fotografía…"))
        self.photo_button.clicked.connect(self._choose_photo)
        self.error = QLabel("")
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Nombre completo:"), self.full_name)
        form.addRow(self.tr("Dependencia:"), self.department)
        form.addRow(self.tr("Cargo:"), self.position)
        form.addRow(self.tr("Vigente desde:"), self.valid_from)
        form.addRow(self.tr("Vigente hasta:"), self.valid_until)
        form.addRow(self.tr("Fotografía:"), self.photo_button)
        if inspector is not None:
            form.addRow(self.tr("Motivo:"), self.reason)
        else:
            self.reason.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def set_photo(self, path: Path) -> None:
        """Use the image at ``path`` as the inspector's photo (read when the form is saved)."""
        self.photo = path
        self.photo_name = path.name
        self.photo_button.setText(path.name)

    def _choose_photo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Fotografía del inspector"), "", self.tr("Imágenes (*.jpg *.jpeg *.png)")
        )
        if name:
            self.set_photo(Path(name))

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def _submit(self) -> None:
        fields: dict[str, Any] = {
            "full_name": self.full_name.text(),
            "department_id": self.department.currentData(),
            "position": self.position.text(),
            "valid_from": labels.pydate(self.valid_from.date()),
            "valid_until": labels.pydate(self.valid_until.date()),
        }
        if self.photo is not None:
            fields["photo"] = self.photo
            fields["photo_name"] = self.photo_name
        if not self.reason.isHidden():
            fields["reason"] = self.reason.text()
        self.submitted.emit(fields)


def with_photo_read(fields: dict[str, Any]) -> dict[str, Any]:
    """``InspectorDialog`` fields with the photo file read; runs on the database worker.

    Raises:
        InvalidInput: the photo file could not be read.
    """
    path = fields.get("photo")
    if path is None:
        return fields
    return {**fields, "photo": read_chosen_file(path)}


class ReasonDialog(QDialog):
    """Asks why an inspector is suspended, reactivated or retired.

    Signals:
        submitted(str): the reason typed.
    """

    submitted = Signal(str)

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.reason = QLineEdit()
        self.error = QLabel("")
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(lambda: self.submitted.emit(self.reason.text()))
        self.buttons.rejected.connect(self.reject)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)


class RegistryView(QWidget):
    """The inspector registry with its actions.

    Signals:
        loaded(): the list has been (re)read.
        badge_written(str): a card PDF was written (its path).
    """

    loaded = Signal()
    badge_written = Signal(str)

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        user: User,
        *,
        lang: str = "es",
        locale: QLocale | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._user = user
        self._lang = lang
        self._locale = locale or QLocale()
        self.inspectors: list[Inspector] = []
        self.departments: list[tuple[str, str]] = []
        self.dialog: QDialog | None = None
        self.can_manage = user.role in MANAGER_ROLES

        self.heading = QLabel(self.tr("Padrón de inspectores"))
        self.heading.setObjectName("sectionHeading")
        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Nombre"),
                self.tr("Dependencia"),
                self.tr("Cargo"),
                self.tr("Estado"),
                self.tr("Vigencia"),
            ]
        )
        tables.read_only(self.table, alternating=False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.add_button = QPushButton(self.tr("Agregar…"))
        self.edit_button = QPushButton(self.tr("Editar…"))
        self.suspend_button = QPushButton(self.tr("Suspender…"))
        self.reactivate_button = QPushButton(self.tr("Reactivar…"))
        self.retire_button = QPushButton(self.tr("Dar de baja…"))
        self.badge_button = QPushButton(self.tr("Emitir credencial…"))
        self.add_button.clicked.connect(self.add_inspector)
        self.edit_button.clicked.connect(self.edit_selected)
        self.suspend_button.clicked.connect(lambda: self.change_status("suspend"))
        self.reactivate_button.clicked.connect(lambda: self.change_status("reactivate"))
        self.retire_button.clicked.connect(lambda: self.change_status("retire"))
        self.badge_button.clicked.connect(self.issue_badge)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.suspend_button,
                       self.reactivate_button, self.retire_button, self.badge_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.note = QLabel(
            ""
            if self.can_manage
            else self.tr("Sólo un administrador o un supervisor puede modificar el padrón.")
        )
        self.note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        runner.changed.connect(self._records_changed)
        self._update_buttons()
        self.refresh()

    # -- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self._store

        def load() -> tuple[list[Inspector], list[tuple[str, str]]]:
            rows = store.db.execute("SELECT id, name FROM departments ORDER BY name").fetchall()
            return inspectors.list_inspectors(store), [(str(r[0]), str(r[1])) for r in rows]

        self._runner.run_db(load, self._show)

    def _records_changed(self, kinds: set[str]) -> None:
        if kinds & CHANGES:
            self.refresh()

    def status_text(self, inspector: Inspector) -> str:
        label = {
            "activo": self.tr("Activo"),
            "suspendido": self.tr("Suspendido"),
            "baja": self.tr("Baja"),
        }.get(inspector.status, inspector.status)
        if inspector.status != "activo" and inspector.status_reason:
            return f"{label}: {inspector.status_reason}"
        return label

    def _show(self, result: tuple[list[Inspector], list[tuple[str, str]]]) -> None:
        selected = self.selected()
        self.inspectors, self.departments = result
        self.table.setRowCount(len(self.inspectors))
        for row, person in enumerate(self.inspectors):
            start = labels.short_date(self._locale, labels.qdate(person.valid_from))
            end = labels.short_date(self._locale, labels.qdate(person.valid_until))
            validity = f"{start} - {end}"
            cells = (person.full_name, person.department_name, person.position,
                     self.status_text(person), validity)  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, person.id)
                self.table.setItem(row, column, item)
            if selected is not None and person.id == selected.id:
                self.table.selectRow(row)
        self._update_buttons()
        self.loaded.emit()

    def selected(self) -> Inspector | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.inspectors):
            return None
        return self.inspectors[rows[0].row()]

    def _update_buttons(self) -> None:
        person = self.selected()
        status = person.status if person else None
        self.add_button.setEnabled(self.can_manage)
        self.edit_button.setEnabled(self.can_manage and person is not None)
        self.suspend_button.setEnabled(self.can_manage and status == "activo")
        self.reactivate_button.setEnabled(self.can_manage and status == "suspendido")
        self.retire_button.setEnabled(self.can_manage and status in ("activo", "suspendido"))
        self.badge_button.setEnabled(self.can_manage and status == "activo")

    # -- actions ---------------------------------------------------------------------------

    def _run(
        self,
        op: Callable[[], object],
        dialog: InspectorDialog | ReasonDialog,
    ) -> None:
        failed = messages.failure_handler(dialog.show_error, self._lang)
        self._runner.run_db(op, lambda _result: dialog.accept(), failed, changes=CHANGES)

    def add_inspector(self) -> InspectorDialog:
        """Open the form for a new inspector (saved when the form is accepted)."""
        dialog = InspectorDialog(self.departments, parent=self)
        store, user = self._store, self._user
        dialog.submitted.connect(
            lambda fields: self._run(
                lambda: inspectors.add_inspector(store, user, **with_photo_read(fields)), dialog
            )
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    def edit_selected(self) -> InspectorDialog | None:
        person = self.selected()
        if person is None or not self.can_manage:
            return None
        dialog = InspectorDialog(self.departments, person, parent=self)
        store, user = self._store, self._user
        dialog.submitted.connect(
            lambda fields: self._run(
                lambda: inspectors.edit_inspector(
                    store, user, person.id, **with_photo_read(fields)
                ),
                dialog,
            )
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    def change_status(self, action: str) -> ReasonDialog | None:
        """Ask the reason, then suspend, reactivate or retire the selected inspector."""
        person = self.selected()
        if person is None:
            return None
        use_case, title = {
            "suspend": (inspectors.suspend_inspector, self.tr("Suspender inspector")),
            "reactivate": (inspectors.reactivate_inspector, self.tr("Reactivar inspector")),
            "retire": (inspectors.retire_inspector, self.tr("Dar de baja al inspector")),
        }[action]
        prompt = self.tr("¿Por qué? (queda en el registro de auditoría) — %1").replace(
            "%1", person.full_name
        )
        dialog = ReasonDialog(title, prompt, self)
        store, user = self._store, self._user
        dialog.submitted.connect(
            lambda reason: self._run(
                lambda: use_case(store, user, person.id, reason=reason), dialog
            )
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    def issue_badge(self) -> None:
        """Issue a new badge to the selected inspector and save its card PDF."""
        person = self.selected()
        if person is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Guardar credencial"),
            f"credencial-{person.full_name.replace(' ', '-').lower()}.pdf",
            self.tr("PDF (*.pdf)"),
        )
        if name:
            self.issue_badge_to(person.id, Path(name))

    def issue_badge_to(self, inspector_id: str, path: Path) -> None:
        """Issue a badge (revoking the previous one) and write its card PDF to ``path``."""
        from desktop.print.badge_card import card_for, render_badge_cards

        store, user = self._store, self._user

        def issue() -> Path:
            issued = badges.issue_badge(store, user, inspector_id)
            return render_badge_cards([card_for(store, issued)], path)

        self._runner.run_db(
            issue, lambda written: self.badge_written.emit(str(written)), changes=CHANGES
        )
