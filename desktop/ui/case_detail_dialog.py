"""The case-detail dialog: business data, deadline, documents checklist, history, notes,
inspections and attachments, plus the workflow buttons the case's status allows.

Opened with Enter or a double click on the list. Everything is read in one
:func:`~desktop.core.case_detail.case_detail` call on the database worker; every change goes
through a core use-case on the same worker, and the dialog reloads itself when a write announces
the records it shows.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import documents, notes, workflow
from desktop.core.case_detail import CaseDetail, case_detail
from desktop.store import Actor, Store
from desktop.ui import labels, messages
from desktop.ui.case_widgets import ReasonPrompt, change_status, show_deadline
from desktop.ui.tasks import TaskRunner

# Writes after which the dialog reads the case again.
WATCHED = frozenset(
    {"permit_cases", "case_status_history", "case_documents", "case_notes", "inspections"}
)

RISK_NAMES = {"bajo": "Bajo", "medio": "Medio", "alto": "Alto"}


def _short(at: str) -> str:
    """An ISO timestamp as 'aaaa-mm-dd hh:mm' (UTC as stored)."""
    return at[:16].replace("T", " ")


class CaseDetailDialog(QDialog):
    """One expediente.

    Signals:
        loaded(object): the case was (re)read; carries the :class:`CaseDetail`.
        failed(str): a change was refused; carries the message shown.
    """

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        case_key: int | str,
        *,
        actor: Actor | None = None,
        lang: str = "es",
        locale: QLocale | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._key = case_key
        self._actor = actor
        self._lang = lang
        self._locale = locale or QLocale()
        self._today = today
        self.detail: CaseDetail | None = None
        self.setObjectName("caseDetailDialog")
        self.setWindowTitle(self.tr("Expediente"))
        self.resize(900, 640)

        self.title = QLabel()
        self.title.setObjectName("sectionHeading")
        self.status_label = QLabel()
        self.status_label.setObjectName("caseStatus")
        self.deadline_label = QLabel()
        self.deadline_label.setObjectName("deadlineLabel")
        self.deadline_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.transitions = QHBoxLayout()
        self.transitions.setSpacing(6)
        self.transition_buttons: dict[str, QPushButton] = {}
        self.reason_prompt = ReasonPrompt(self)
        self.reason_prompt.confirmed.connect(self.apply_transition)

        self.business_form = QFormLayout()
        business_page = QWidget()
        business_page.setLayout(self.business_form)

        self.documents_list = QListWidget()
        self.documents_list.setObjectName("documentsList")
        self.documents_list.itemChanged.connect(self._document_toggled)

        self.history_table = self._table(
            "historyTable",
            [self.tr("Fecha (UTC)"), self.tr("De"), self.tr("A"), self.tr("Quién"),
             self.tr("Motivo")],
        )  # fmt: skip
        self.notes_list = QListWidget()
        self.notes_list.setObjectName("notesList")
        self.notes_list.setWordWrap(True)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText(self.tr("Escriba una nota (Ctrl+Enter para agregarla)"))
        self.note_edit.setMaximumHeight(80)
        self.add_note_button = QPushButton(self.tr("Agregar nota"))
        self.add_note_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.add_note_button.clicked.connect(self.add_note)
        notes_page = QWidget()
        notes_layout = QVBoxLayout(notes_page)
        notes_layout.addWidget(self.notes_list, 1)
        notes_layout.addWidget(self.note_edit)
        notes_layout.addWidget(self.add_note_button, 0, Qt.AlignmentFlag.AlignRight)

        self.inspections_table = self._table(
            "inspectionsTable",
            [self.tr("Programada"), self.tr("Inspector"), self.tr("Estado"),
             self.tr("Resultado"), self.tr("Hallazgos")],
        )  # fmt: skip
        self.attachments_table = self._table(
            "attachmentsTable",
            [self.tr("Archivo"), self.tr("Tipo"), self.tr("Tamaño"), self.tr("Agregado")],
        )

        self.tabs = QTabWidget()
        self.tabs.addTab(business_page, self.tr("&Datos"))
        self.tabs.addTab(self.documents_list, self.tr("D&ocumentos"))
        self.tabs.addTab(self.history_table, self.tr("&Historial"))
        self.tabs.addTab(notes_page, self.tr("&Notas"))
        self.tabs.addTab(self.inspections_table, self.tr("&Inspecciones"))
        self.tabs.addTab(self.attachments_table, self.tr("Ad&juntos"))

        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.status_label)
        layout.addLayout(head)
        layout.addWidget(self.deadline_label)
        layout.addLayout(self.transitions)
        layout.addWidget(self.reason_prompt)
        layout.addWidget(self.error_label)
        layout.addWidget(self.tabs, 1)

        runner.changed.connect(self._records_changed)
        self.reload()

    @staticmethod
    def _table(name: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.setWordWrap(False)
        return table

    # -- own API -------------------------------------------------------------------------

    def reload(self) -> None:
        store, key, today = self._store, self._key, self._today
        self._runner.run_db(lambda: case_detail(store.db, key, today=today), self._show)

    def request_transition(self, target: str) -> None:
        """A workflow button: ask for the reason where one is owed, else apply at once."""
        if target in workflow.REASON_REQUIRED:
            self.reason_prompt.ask(target)
        else:
            self.apply_transition(target, "")

    def apply_transition(self, target: str, reason: str) -> None:
        if self.detail is None or self._actor is None:
            return
        self.error_label.hide()
        change_status(
            self._runner, self._store, self._actor, self.detail.id, target, reason,
            lambda _case: None, self._refused,
        )  # fmt: skip

    def set_document(self, code: str, received: bool) -> None:
        if self.detail is None or self._actor is None:
            return
        store, actor, case_id = self._store, self._actor, self.detail.id
        self._runner.run_db(
            lambda: documents.set_document_received(store, actor, case_id, code, received),
            None,
            self._refused,
            changes={"permit_cases", "case_documents"},
        )

    def add_note(self) -> None:
        text = self.note_edit.toPlainText()
        if self.detail is None or self._actor is None:
            return
        store, actor, case_id = self._store, self._actor, self.detail.id
        self._runner.run_db(
            lambda: notes.add_note(store, actor, case_id, text),
            lambda _id: self.note_edit.clear(),
            self._refused,
            changes={"case_notes"},
        )

    # -- internals -----------------------------------------------------------------------

    def _refused(self, error: BaseException) -> None:
        messages.failure_handler(self._refused_text, self._lang, self)(error)

    def _refused_text(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        self.failed.emit(text)

    def _records_changed(self, kinds: set[str]) -> None:
        if kinds & WATCHED:
            self.reload()

    def _show(self, detail: CaseDetail) -> None:
        self.detail = detail
        business = detail.business
        self.setWindowTitle(self.tr("Expediente {folio}").format(folio=detail.folio))
        self.title.setText(f"{detail.folio} — {business.get('name', '')}")
        self.status_label.setText(labels.status_label(detail.status))
        show_deadline(self.deadline_label, detail, self._locale)
        self._show_transitions(detail)
        self._show_business(detail)
        self._show_documents(detail)
        self._show_history(detail)
        self.notes_list.clear()
        for note in detail.notes:
            author = note.author or self.tr("Sistema")
            self.notes_list.addItem(f"{_short(note.at)} · {author}\n{note.text}")
        self._fill(
            self.inspections_table,
            [
                [i.scheduled_for or _short(i.started_at), i.inspector, i.status,
                 i.result or "", i.findings]
                for i in detail.inspections
            ],
        )  # fmt: skip
        self._fill(
            self.attachments_table,
            [
                [a.original_name or a.sha256[:12], a.kind, self._locale.formattedDataSize(a.size),
                 _short(a.created_at)]
                for a in detail.attachments
            ],
        )  # fmt: skip
        self.loaded.emit(detail)

    def _show_transitions(self, detail: CaseDetail) -> None:
        while self.transitions.count():
            item = self.transitions.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.transition_buttons = {}
        caption = QLabel(self.tr("Pasar a:"))
        self.transitions.addWidget(caption)
        if self._actor is None:
            caption.setText(self.tr("Solo lectura"))
        for number, target in enumerate(detail.allowed_targets, start=1):
            button = QPushButton(f"{labels.status_label(target)}  ({number})")
            button.setObjectName("transitionButton")
            button.setIcon(labels.status_icon(target))
            button.setShortcut(QKeySequence(f"Alt+{number}"))
            button.setToolTip(self.tr("Atajo: Alt+{n}").format(n=number))
            button.setEnabled(self._actor is not None)
            button.clicked.connect(lambda _c=False, t=target: self.request_transition(t))
            self.transitions.addWidget(button)
            self.transition_buttons[target] = button
        self.transitions.addStretch(1)

    def _show_business(self, detail: CaseDetail) -> None:
        while self.business_form.rowCount():
            self.business_form.removeRow(0)
        b = detail.business
        risk = b.get("risk_level") or ""
        rows = [
            (self.tr("Establecimiento"), b.get("name", "")),
            (self.tr("Titular"), b.get("owner_name", "")),
            (self.tr("Domicilio"), b.get("address", "")),
            (self.tr("Colonia"), b.get("colonia", "")),
            (self.tr("Giro (SCIAN)"),
             f"{b.get('scian_code', '')} · {b.get('scian_description', '')}".strip(" ·")),
            (self.tr("Nivel de riesgo"), RISK_NAMES.get(risk, risk)),
            (self.tr("Teléfono"), b.get("phone", "")),
            (self.tr("Trámite"), detail.procedure_name),
            (self.tr("Dependencia"), detail.department),
            (self.tr("Asignado a"), detail.assignee or self.tr("Sin asignar")),
        ]  # fmt: skip
        for caption, value in rows:
            label = QLabel(str(value or "—"))
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.business_form.addRow(caption + ":", label)

    def _show_documents(self, detail: CaseDetail) -> None:
        self.documents_list.blockSignals(True)
        self.documents_list.clear()
        for doc in detail.documents:
            suffix = "" if doc.mandatory else self.tr(" (opcional)")
            state = self.tr("recibido") if doc.received else self.tr("falta")
            item = QListWidgetItem(f"{doc.name}{suffix} — {state}")
            item.setData(Qt.ItemDataRole.UserRole, doc.code)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | (Qt.ItemFlag.ItemIsUserCheckable if self._actor else Qt.ItemFlag.NoItemFlags)
            )
            item.setCheckState(Qt.CheckState.Checked if doc.received else Qt.CheckState.Unchecked)
            self.documents_list.addItem(item)
        self.documents_list.blockSignals(False)
        missing = detail.missing_documents
        title = (
            self.tr("D&ocumentos ({n} faltan)").format(n=missing)
            if missing
            else self.tr("D&ocumentos")
        )
        self.tabs.setTabText(1, title)

    def _show_history(self, detail: CaseDetail) -> None:
        names = labels.status_labels()
        self._fill(
            self.history_table,
            [
                [_short(h.at), names.get(h.from_status or "", h.from_status or "—"),
                 names.get(h.to_status, h.to_status), h.user or self.tr("Sistema"), h.reason]
                for h in reversed(detail.history)
            ],
        )  # fmt: skip

    @staticmethod
    def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(str(value)))
        table.resizeColumnsToContents()

    def _document_toggled(self, item: QListWidgetItem) -> None:
        code = item.data(Qt.ItemDataRole.UserRole)
        self.set_document(code, item.checkState() == Qt.CheckState.Checked)
