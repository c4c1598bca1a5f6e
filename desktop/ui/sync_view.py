"""The Sincronización screen: server status, and lists of pending, refused and conflicting changes.

The screen shows what the :class:`~desktop.ui.sync_controller.SyncController` knows (server,
user, state, last success, clock warning) and reads the lists on the database worker. Each
conflict opens a :class:`~desktop.ui.sync_dialogs.ConflictDialog`; the person's choice is saved
by ``sync_state.resolve_conflict`` as a new change that syncs like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.store import Store, sync_state
from desktop.store.db import Actor
from desktop.ui import labels
from desktop.ui import sync_controller as sc
from desktop.ui.sync_dialogs import ConflictDialog, SyncSignInDialog, entity_label

ConflictRole = int(Qt.ItemDataRole.UserRole) + 1


@dataclass(frozen=True)
class SyncLists:
    changes: list[sync_state.PendingChange]
    conflicts: list[sync_state.Conflict]


def read_lists(store: Store) -> SyncLists:
    """Runs on the database worker."""
    return SyncLists(sync_state.list_changes(store.db), sync_state.list_conflicts(store.db))


class SyncView(QWidget):
    """The Sincronización section."""

    def __init__(
        self,
        store: Store,
        runner: Any,
        controller: sc.SyncController,
        actor: Actor,
        *,
        locale: QLocale | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncView")
        self._store = store
        self._runner = runner
        self.controller = controller
        self._actor = actor
        self._locale = locale or QLocale()
        self.lists: SyncLists | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self.sign_in_dialog: SyncSignInDialog | None = None

        heading = QLabel(self.tr("Sincronización"))
        heading.setObjectName("sectionHeading")
        self.server_label = QLabel()
        self.user_label = QLabel()
        self.state_label = QLabel()
        self.state_label.setObjectName("syncStateLabel")
        self.last_label = QLabel()
        self.pending_label = QLabel()
        form = QFormLayout()
        form.addRow(self.tr("Servidor:"), self.server_label)
        form.addRow(self.tr("Sesión:"), self.user_label)
        form.addRow(self.tr("Estado:"), self.state_label)
        form.addRow(self.tr("Última sincronización correcta:"), self.last_label)
        form.addRow(self.tr("Cambios pendientes:"), self.pending_label)
        self.message_label = QLabel()
        self.message_label.setObjectName("syncMessage")
        self.message_label.setWordWrap(True)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("errorLabel")
        self.clock_label.setWordWrap(True)
        self.clock_label.hide()
        self.progress_label = QLabel()
        self.progress_label.setObjectName("syncProgress")

        self.sync_button = QPushButton(self.tr("Sincronizar ahora"))
        self.sync_button.setObjectName("primaryButton")
        self.sync_button.setToolTip(self.tr("Ctrl+Mayús+S"))
        self.sync_button.clicked.connect(controller.sync_now)
        self.cancel_button = QPushButton(self.tr("Cancelar"))
        self.cancel_button.clicked.connect(controller.cancel)
        self.sign_in_button = QPushButton(self.tr("Iniciar sesión en el servidor…"))
        self.sign_in_button.clicked.connect(self.open_sign_in)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.sign_in_button)
        buttons.addWidget(self.progress_label, 1)

        self.pending_list = self._tree(
            [self.tr("Registro"), self.tr("Operación"), self.tr("Fecha"), self.tr("Identificador")]
        )
        self.failed_list = self._tree(
            [
                self.tr("Registro"),
                self.tr("Operación"),
                self.tr("Fecha"),
                self.tr("Motivo del servidor"),
            ]
        )
        self.conflict_list = self._tree(
            [
                self.tr("Registro"),
                self.tr("Campos distintos"),
                self.tr("Detectado"),
                self.tr("Identificador"),
            ]
        )
        self.conflict_list.itemActivated.connect(lambda _item, _col: self.open_conflict())
        self.resolve_button = QPushButton(self.tr("Resolver conflicto…"))
        self.resolve_button.clicked.connect(self.open_conflict)
        conflicts_page = QWidget()
        conflicts_layout = QVBoxLayout(conflicts_page)
        conflicts_layout.setContentsMargins(0, 6, 0, 0)
        conflicts_layout.addWidget(self.conflict_list, 1)
        resolve_row = QHBoxLayout()
        resolve_row.addWidget(self.resolve_button)
        resolve_row.addStretch(1)
        conflicts_layout.addLayout(resolve_row)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.pending_list, "")
        self.tabs.addTab(self.failed_list, "")
        self.tabs.addTab(conflicts_page, "")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.clock_label)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)

        controller.state_changed.connect(lambda _s: self.show_status())
        controller.pending_changed.connect(lambda _n: self.show_status())
        controller.last_success_changed.connect(lambda _t: self.show_status())
        controller.message_changed.connect(lambda _t: self.show_status())
        controller.signed_in_changed.connect(self.show_status)
        controller.progress.connect(self.progress_label.setText)
        controller.finished.connect(lambda _ok: self.reload())
        runner.changed.connect(self._records_changed)
        self._set_counts(0, 0, 0)
        self.show_status()
        self.reload()

    def _tree(self, headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setHeaderLabels(headers)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setStretchLastSection(True)
        return tree

    # -- own API -------------------------------------------------------------------------

    def reload(self) -> None:
        store = self._store
        self._runner.run_db(lambda: read_lists(store), self._show_lists)

    def show_status(self) -> None:
        c = self.controller
        settings = c.settings
        self.server_label.setText(
            settings.server_url if settings and settings.server_url else self.tr("(ninguno)")
        )
        self.user_label.setText(
            settings.username if settings and settings.username else self.tr("sin sesión")
        )
        self.state_label.setText(sc.state_label(c.state))
        self.state_label.setProperty("syncState", c.state)
        self.state_label.style().unpolish(self.state_label)
        self.state_label.style().polish(self.state_label)
        self.last_label.setText(
            labels.iso_datetime(self._locale, c.last_success)
            if c.last_success
            else self.tr("nunca")
        )
        self.pending_label.setText(self._locale.toString(c.pending))
        message = c.message
        if not message and not c.signed_in and settings is not None:
            message = self.tr(
                "Este equipo no ha iniciado sesión en un servidor. Inicie sesión para enviar y "
                "recibir cambios."
            )
        self.message_label.setText(message)
        self.clock_label.setText(c.clock_warning or "")
        self.clock_label.setVisible(bool(c.clock_warning))
        self.sync_button.setEnabled(c.signed_in and not c.running and c.state != sc.REVOKED)
        self.cancel_button.setEnabled(c.running)
        self.sign_in_button.setVisible(not c.signed_in or c.state == sc.REVOKED)

    def open_sign_in(self) -> SyncSignInDialog:
        dialog = SyncSignInDialog(self.controller, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "sign_in_dialog", None))
        self.sign_in_dialog = dialog
        dialog.open()
        return dialog

    def open_conflict(self) -> ConflictDialog | None:
        item = self.conflict_list.currentItem()
        if item is None and self.conflict_list.topLevelItemCount():
            item = self.conflict_list.topLevelItem(0)
        if item is None or self.lists is None:
            return None
        conflict_id = item.data(0, ConflictRole)
        conflict = next((c for c in self.lists.conflicts if c.id == conflict_id), None)
        if conflict is None:
            return None
        dialog = ConflictDialog(conflict, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._resolve(dialog))
        dialog.finished.connect(lambda _r: setattr(self, "conflict_dialog", None))
        self.conflict_dialog = dialog
        dialog.open()
        return dialog

    # -- internals -----------------------------------------------------------------------

    def _resolve(self, dialog: ConflictDialog) -> None:
        choices = dialog.choices() or {}
        conflict = dialog.conflict
        store, actor = self._store, self._actor
        self._runner.run_db(
            lambda: sync_state.resolve_conflict(store, actor, conflict.id, choices),
            lambda _change: self.controller.refresh(),
            changes={"sync", conflict.entity},
        )

    def _set_counts(self, pending: int, failed: int, conflicts: int) -> None:
        self.tabs.setTabText(0, self.tr("Pendientes ({n})").format(n=pending))
        self.tabs.setTabText(1, self.tr("Rechazados ({n})").format(n=failed))
        self.tabs.setTabText(2, self.tr("Conflictos ({n})").format(n=conflicts))

    def _show_lists(self, lists: SyncLists) -> None:
        self.lists = lists
        ops = {
            "insert": self.tr("alta"),
            "update": self.tr("cambio"),
            "delete": self.tr("baja"),
        }
        pending = [c for c in lists.changes if c.status == "pending"]
        failed = [c for c in lists.changes if c.status == "refused"]
        self.pending_list.clear()
        self.pending_list.addTopLevelItems(
            [
                QTreeWidgetItem(
                    [
                        entity_label(c.entity),
                        ops.get(c.op, c.op),
                        labels.iso_datetime(self._locale, c.at),
                        c.entity_id,
                    ]
                )
                for c in pending
            ]
        )
        self.failed_list.clear()
        for c in failed:
            item = QTreeWidgetItem(
                [
                    entity_label(c.entity),
                    ops.get(c.op, c.op),
                    labels.iso_datetime(self._locale, c.at),
                    c.reason,
                ]
            )
            item.setToolTip(3, c.reason)
            self.failed_list.addTopLevelItem(item)
        self.conflict_list.clear()
        for conflict in lists.conflicts:
            item = QTreeWidgetItem(
                [
                    entity_label(conflict.entity),
                    ", ".join(conflict.differing),
                    labels.iso_datetime(self._locale, conflict.detected_at),
                    conflict.entity_id,
                ]
            )
            item.setData(0, ConflictRole, conflict.id)
            self.conflict_list.addTopLevelItem(item)
        first = self.conflict_list.topLevelItem(0)
        if first is not None and self.conflict_list.currentItem() is None:
            self.conflict_list.setCurrentItem(first)
        self.resolve_button.setEnabled(bool(lists.conflicts))
        self._set_counts(len(pending), len(failed), len(lists.conflicts))
        if lists.conflicts and not pending:
            self.tabs.setCurrentIndex(2)

    def _records_changed(self, kinds: set[str]) -> None:
        self.reload()


def unavailable_page() -> QWidget:
    """Shown when the window was opened without a sync controller (tools, some tests)."""
    page = QWidget()
    label = QLabel(
        QCoreApplication.translate("SyncView", "La sincronización no está disponible aquí.")
    )
    label.setObjectName("placeholderText")
    layout = QVBoxLayout(page)
    layout.setContentsMargins(20, 16, 20, 12)
    layout.addWidget(label)
    layout.addStretch(1)
    return page
