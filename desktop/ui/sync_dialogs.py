"""Dialogs of the Sincronización screen: signing in to the server, and resolving a conflict.

:class:`SyncSignInDialog` asks for the server URL, user and password once; the controller turns
them into a device token kept in the OS keyring (the password is never stored).
:class:`ConflictDialog` shows both versions of a record side by side, highlights the fields
that differ and asks, per field, which version to keep (a pair of radio buttons per row).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.store.sync_state import BOOKKEEPING_FIELDS, LOCAL, REMOTE, Conflict

# A plain name lupdate recognises: translate("context", "source").
translate = QCoreApplication.translate

DIFFERS = QColor("#fff3cd")  # soft amber: readable with dark text, visible on any screen


def entity_label(entity: str) -> str:
    """A Spanish name for a synced table (lists and dialog titles)."""
    return {
        "departments": translate("sync", "Dependencia"),
        "users": translate("sync", "Usuario"),
        "businesses": translate("sync", "Establecimiento"),
        "form_templates": translate("sync", "Formato"),
        "inspectors": translate("sync", "Inspector"),
        "badges": translate("sync", "Credencial"),
        "permit_cases": translate("sync", "Expediente"),
        "case_status_history": translate("sync", "Historial de expediente"),
        "verifications": translate("sync", "Verificación"),
        "complaints": translate("sync", "Denuncia"),
        "inspections": translate("sync", "Inspección"),
        "ratings": translate("sync", "Calificación"),
        "attachments": translate("sync", "Adjunto"),
        "attachment_links": translate("sync", "Vínculo de adjunto"),
    }.get(entity, entity)


def shown_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class SyncSignInDialog(QDialog):
    """Server URL, user and password; accepted once the controller kept the device token."""

    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.setObjectName("syncSignInDialog")
        self.setWindowTitle(self.tr("Iniciar sesión en el servidor"))
        settings = controller.settings
        self.url_edit = QLineEdit(settings.server_url if settings else "")
        self.url_edit.setPlaceholderText("https://verifica.municipio.gob.mx")
        self.user_edit = QLineEdit(settings.username if settings else "")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        intro = QLabel(
            self.tr(
                "Este equipo se registra una sola vez en el servidor. La contraseña no se "
                "guarda: el servidor entrega una llave del equipo que se guarda en el llavero "
                "del sistema."
            )
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Servidor:"), self.url_edit)
        form.addRow(self.tr("Usuario:"), self.user_edit)
        form.addRow(self.tr("Contraseña:"), self.password_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Iniciar sesión"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def submit(self) -> None:
        url, user = self.url_edit.text().strip(), self.user_edit.text().strip()
        if not url.startswith(("http://", "https://")) or not user:
            self._show_error(self.tr("Escriba la dirección del servidor (https://…) y su usuario."))
            return
        self.ok_button.setEnabled(False)
        self.error_label.hide()
        self._controller.sign_in(url, user, self.password_edit.text(), self._done, self._failed)

    def _done(self) -> None:
        self.password_edit.clear()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        text = error.text(self._controller._lang) if hasattr(error, "text") else str(error)
        self._show_error(text)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


class ConflictDialog(QDialog):
    """Both versions of one record side by side; the person picks a version per differing field.

    ``choices()`` returns ``{field: "local" | "remote"}`` once every differing field has one;
    Guardar stays disabled until then, so nothing is dropped by default.
    """

    COLUMNS = 5  # field, this device, server, keep this device, keep server

    def __init__(self, conflict: Conflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setObjectName("conflictDialog")
        self.setWindowTitle(
            self.tr("Resolver conflicto: {what}").format(what=entity_label(conflict.entity))
        )
        self.groups: dict[str, QButtonGroup] = {}
        self.radios: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        intro = QLabel(
            self.tr(
                "Este registro se cambió en este equipo y en otro antes de sincronizar. Los "
                "campos resaltados son distintos: elija qué versión conservar en cada uno. La "
                "decisión se guarda como un cambio nuevo que se sincroniza."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Campo"),
                self.tr("Este equipo"),
                self.tr("Servidor"),
                self.tr("Usar este equipo"),
                self.tr("Usar servidor"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self._fill()

        self.all_local = QPushButton(self.tr("Todo de este equipo"))
        self.all_local.clicked.connect(lambda: self.choose_all(LOCAL))
        self.all_remote = QPushButton(self.tr("Todo del servidor"))
        self.all_remote.clicked.connect(lambda: self.choose_all(REMOTE))
        quick = QHBoxLayout()
        quick.addWidget(self.all_local)
        quick.addWidget(self.all_remote)
        quick.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Guardar resolución"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if conflict.remote_deleted or conflict.local_deleted:
            note = QLabel(
                self.tr("El servidor borró este registro; al guardar se acepta el borrado.")
                if conflict.remote_deleted
                else self.tr(
                    "Este equipo borró el registro y el servidor lo cambió; elija en la fila "
                    "«Registro» si se borra o se conserva la versión del servidor."
                )
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(quick)
        layout.addWidget(self.buttons)
        self.resize(860, 520)
        self._update_save()

    def _fill(self) -> None:
        c = self.conflict
        rows: list[tuple[str, str, str, bool]] = []
        if c.local_deleted and not c.remote_deleted:
            rows.append(("_record", self.tr("(borrado)"), self.tr("(existe)"), True))
        # Differing fields first: they are what the person has to decide.
        keys = sorted(
            (set(c.local) | set(c.remote)) - BOOKKEEPING_FIELDS,
            key=lambda k: (k not in c.differing, k),
        )
        choose = not c.remote_deleted and not c.local_deleted
        for key in keys:
            differs = key in c.differing
            rows.append(
                (
                    key,
                    shown_value(c.local.get(key)),
                    shown_value(c.remote.get(key)),
                    differs and choose,
                )
            )
        self.table.setRowCount(len(rows))
        for row, (key, local, remote, pick) in enumerate(rows):
            differs = key == "_record" or key in c.differing
            name = self.tr("Registro") if key == "_record" else key
            for column, text in enumerate((name, local, remote)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if differs:
                    item.setBackground(QBrush(DIFFERS))
                    font = item.font()
                    font.setBold(column == 0)
                    item.setFont(font)
                self.table.setItem(row, column, item)
            if pick:
                group = QButtonGroup(self)
                local_radio, remote_radio = QRadioButton(), QRadioButton()
                local_radio.setAccessibleName(self.tr("Usar este equipo: {f}").format(f=name))
                remote_radio.setAccessibleName(self.tr("Usar servidor: {f}").format(f=name))
                for column, radio in ((3, local_radio), (4, remote_radio)):
                    group.addButton(radio)
                    cell = QWidget()
                    box = QHBoxLayout(cell)
                    box.setContentsMargins(0, 0, 0, 0)
                    box.setAlignment(Qt.AlignmentFlag.AlignCenter)
                    box.addWidget(radio)
                    self.table.setCellWidget(row, column, cell)
                group.buttonToggled.connect(lambda _b, _on: self._update_save())
                self.groups[key] = group
                self.radios[key] = (local_radio, remote_radio)

    def choose(self, field: str, side: str) -> None:
        local_radio, remote_radio = self.radios[field]
        (local_radio if side == LOCAL else remote_radio).setChecked(True)

    def choose_all(self, side: str) -> None:
        for field in self.radios:
            self.choose(field, side)

    def choices(self) -> dict[str, str] | None:
        """Each differing field's choice, or None while one is missing."""
        out: dict[str, str] = {}
        for field, (local_radio, remote_radio) in self.radios.items():
            if local_radio.isChecked():
                out[field] = LOCAL
            elif remote_radio.isChecked():
                out[field] = REMOTE
            else:
                return None
        return out

    def _update_save(self) -> None:
        self.save_button.setEnabled(self.choices() is not None)
