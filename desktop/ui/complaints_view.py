"""The Denuncias screen: the Contraloría's list with pattern flags, and one complaint's detail.

Everything it shows comes from :mod:`desktop.core.complaints`, which enforces who may read:
this screen hides nothing the core would give and shows nothing the core refuses. A user who may
not read complaints sees aggregate counts only. Selecting a complaint opens it (an audited read);
contact data appears only for its assigned investigator. Assignment, transitions (with reason),
internal notes and the public response run as use-cases on the database worker; the list
refreshes itself when ``runner.changed`` names complaints. The desk intake ends with the receipt
(folio and code, shown once); the follow-up dialog answers folio + code with status and response.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import complaints, day_plan
from desktop.core.complaints import ComplaintDetail, ComplaintSummary
from desktop.core.kiosk_intake import ComplaintReceipt
from desktop.core.users import User
from desktop.store import Store
from desktop.ui import labels, messages, tables
from desktop.ui.complaint_dialogs import (
    FollowupDialog,
    IntakeDialog,
    ReceiptDialog,
    kind_labels,
    source_labels,
    status_labels,
    with_evidence_read,
)
from desktop.ui.registry_view import ReasonDialog
from desktop.ui.tasks import TaskRunner

CHANGES = {"complaints"}
COLUMNS = 8
FLAG_COLOR = QColor("#8a1c3b")


def _qdate(text: str | None) -> QDate | None:
    if not text:
        return None
    return labels.qdate(dt.date.fromisoformat(text[:10]))


class ComplaintsView(QWidget):
    """List, filters, detail and actions of the Denuncias section.

    Signals:
        loaded(): the list (or the counts) has been (re)read.
        detail_shown(str): a complaint's detail is on screen (its id).
        receipt_shown(str): a desk complaint was filed and its receipt is shown (its folio).
    """

    loaded = Signal()
    detail_shown = Signal(str)
    receipt_shown = Signal(str)

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
        self.can_read = complaints.can_read(user)
        self.summaries: list[ComplaintSummary] = []
        self.detail: ComplaintDetail | None = None
        self.dialog: Any = None
        self.inspectors: list[tuple[str, str]] = []
        self.businesses: list[tuple[str, str]] = []
        self.investigators: list[tuple[str, str]] = []

        self.heading = QLabel(self.tr("Denuncias"))
        self.heading.setObjectName("sectionHeading")
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("Todos los estados"), None)
        for code, label in status_labels().items():
            self.status_filter.addItem(label, code)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(self.tr("Todos los tipos"), None)
        for code, label in kind_labels().items():
            self.kind_filter.addItem(label, code)
        self.flagged_only = QCheckBox(self.tr("Sólo con señales"))
        for combo in (self.status_filter, self.kind_filter):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.flagged_only.toggled.connect(lambda _on: self.refresh())
        self.new_button = QPushButton(self.tr("Nueva denuncia…"))
        self.new_button.setShortcut("Ctrl+N")
        self.new_button.clicked.connect(self.open_intake)
        self.followup_button = QPushButton(self.tr("Consultar folio…"))
        self.followup_button.clicked.connect(self.open_followup)
        bar = QHBoxLayout()
        bar.addWidget(self.status_filter)
        bar.addWidget(self.kind_filter)
        bar.addWidget(self.flagged_only)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.followup_button)
        self.message = QLabel("")
        self.message.setObjectName("errorText")
        self.message.setWordWrap(True)

        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Señales"),
                self.tr("Folio"),
                self.tr("Recibida"),
                self.tr("Tipo"),
                self.tr("Estado"),
                self.tr("Inspector"),
                self.tr("Establecimiento"),
                self.tr("Vence"),
            ]
        )
        tables.read_only(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.detail_panel = self._build_detail()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([800, 430])
        self.splitter = splitter
        self.counts = QLabel("")
        self.counts.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.counts)
        layout.addWidget(splitter, 1)
        if not self.can_read:
            # Aggregate counts only: the core refuses everything else to this role.
            for widget in (self.status_filter, self.kind_filter, self.flagged_only, splitter):
                widget.hide()
        runner.changed.connect(self._records_changed)
        self._load_choices()
        self.refresh()

    # -- detail panel -------------------------------------------------------------------------

    def _build_detail(self) -> QWidget:
        inner = QWidget()
        inner.setObjectName("complaintDetail")
        self.detail_title = QLabel(self.tr("Seleccione una denuncia"))
        self.detail_title.setObjectName("sectionHeading")
        self.detail_title.setWordWrap(True)
        self.detail_flags = QLabel("")
        self.detail_flags.setWordWrap(True)
        self.detail_flags.setStyleSheet(f"color: {FLAG_COLOR.name()}; font-weight: bold;")
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label in (
            ("status", self.tr("Estado:")),
            ("kind", self.tr("Tipo:")),
            ("source", self.tr("Recibida por:")),
            ("dates", self.tr("Recibida / hechos:")),
            ("location", self.tr("Lugar:")),
            ("inspector", self.tr("Inspector:")),
            ("business", self.tr("Establecimiento:")),
            ("verification", self.tr("Verificación:")),
            ("investigator", self.tr("Investiga:")),
            ("due", self.tr("Fecha límite:")),
            ("evidence", self.tr("Evidencia:")),
        ):
            value = QLabel("")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(label, value)
        self.description = QLabel("")
        self.description.setWordWrap(True)
        self.contact_box = QGroupBox(self.tr("Contacto de quien denuncia"))
        self.contact = QLabel("")
        self.contact.setWordWrap(True)
        QVBoxLayout(self.contact_box).addWidget(self.contact)
        self.history = QLabel("")
        self.history.setWordWrap(True)
        self.notes = QLabel("")
        self.notes.setWordWrap(True)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(self.tr("Nota interna (no la ve quien denuncia)"))
        self.note_edit.setMaximumHeight(60)
        self.note_button = QPushButton(self.tr("Agregar nota"))
        self.note_button.clicked.connect(self.add_note)
        self.response_edit = QPlainTextEdit()
        self.response_edit.setPlaceholderText(self.tr("Lo que verá quien denuncia con su folio"))
        self.response_edit.setMaximumHeight(70)
        self.response_button = QPushButton(self.tr("Guardar respuesta pública"))
        self.response_button.clicked.connect(self.save_response)
        self.assign_combo = QComboBox()
        self.assign_button = QPushButton(self.tr("Asignar"))
        self.assign_button.clicked.connect(self.assign_selected)
        assign_row = QHBoxLayout()
        assign_row.addWidget(QLabel(self.tr("Asignar a:")))
        assign_row.addWidget(self.assign_combo, 1)
        assign_row.addWidget(self.assign_button)
        self.transition_row = QHBoxLayout()
        self.transition_buttons: dict[str, QPushButton] = {}
        for target, text in (
            (complaints.EN_INVESTIGACION, self.tr("Iniciar investigación…")),
            (complaints.PROCEDENTE, self.tr("Procedente…")),
            (complaints.IMPROCEDENTE, self.tr("Improcedente…")),
            (complaints.TURNADA, self.tr("Turnar…")),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, t=target: self.change_status(t))
            self.transition_buttons[target] = button
            self.transition_row.addWidget(button)
        self.transition_row.addStretch(1)

        layout = QVBoxLayout(inner)
        layout.addWidget(self.detail_title)
        layout.addWidget(self.detail_flags)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("<b>Qué ocurrió</b>")))
        layout.addWidget(self.description)
        layout.addWidget(self.contact_box)
        layout.addLayout(assign_row)
        layout.addLayout(self.transition_row)
        layout.addWidget(QLabel(self.tr("<b>Historial</b>")))
        layout.addWidget(self.history)
        layout.addWidget(QLabel(self.tr("<b>Notas internas</b>")))
        layout.addWidget(self.notes)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.note_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(QLabel(self.tr("<b>Respuesta pública</b>")))
        layout.addWidget(self.response_edit)
        layout.addWidget(self.response_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setMinimumWidth(400)
        self._set_detail_enabled(False)
        return scroll

    def _set_detail_enabled(self, on: bool) -> None:
        for widget in (self.note_edit, self.note_button, self.response_edit,
                       self.response_button, self.assign_combo, self.assign_button):  # fmt: skip
            widget.setEnabled(on)
        status = self.detail.summary.status if (on and self.detail) else None
        allowed = complaints.allowed_targets(status) if status else ()
        for target, button in self.transition_buttons.items():
            button.setVisible(target in allowed)

    # -- loading ------------------------------------------------------------------------------

    def _load_choices(self) -> None:
        store, user = self._store, self._user

        def load() -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
            db = store.db
            people = day_plan.plan_inspectors(db)
            places = [
                (str(r[0]), str(r[1]))
                for r in db.execute("SELECT id, name FROM businesses ORDER BY name")
            ]
            staff = complaints.investigators(store, user) if complaints.can_read(user) else []
            return people, places, staff

        def show(result: tuple[Any, Any, Any]) -> None:
            self.inspectors, self.businesses, self.investigators = result
            self.assign_combo.clear()
            for user_id, name in self.investigators:
                self.assign_combo.addItem(name, user_id)

        self._runner.run_db(load, show)

    def refresh(self) -> None:
        """Reread the list (or, for roles that may not read, the counts)."""
        store, user = self._store, self._user
        if not self.can_read:
            self._runner.run_db(lambda: complaints.count_by_status(store), self._show_counts)
            return
        status = self.status_filter.currentData()
        kind = self.kind_filter.currentData()
        flagged = self.flagged_only.isChecked()
        self._runner.run_db(
            lambda: complaints.list_complaints(
                store, user, status=status, kind=kind, flagged_only=flagged
            ),
            self._show_list,
        )

    def _records_changed(self, kinds: set[str]) -> None:
        if kinds & CHANGES:
            self.refresh()

    def _show_counts(self, counts: dict[str, int]) -> None:
        names = status_labels()
        parts = [f"{names.get(k, k)}: {n}" for k, n in counts.items()]
        self.counts.setText(
            self.tr(
                "Las denuncias sólo las consulta la Contraloría. Totales por estado: %1"
            ).replace("%1", " · ".join(parts))
        )
        self.loaded.emit()

    def flag_texts(self) -> dict[str, str]:
        """Short labels of the pattern flags, for the list."""
        return {
            complaints.FLAG_INSPECTOR_REPEAT: self.tr("Inspector (3+)"),
            complaints.FLAG_BUSINESS_REPEAT: self.tr("Negocio (2+)"),
            complaints.FLAG_SAME_INSPECTOR_BUSINESS: self.tr("Visitas (3+)"),
            complaints.FLAG_AFTER_BAD_VERIFICATION: self.tr("Credencial"),
        }

    def flag_descriptions(self) -> dict[str, str]:
        return {
            complaints.FLAG_INSPECTOR_REPEAT: self.tr(
                "El inspector tiene 3 o más denuncias en 90 días."
            ),
            complaints.FLAG_BUSINESS_REPEAT: self.tr(
                "El establecimiento tiene 2 o más denuncias en 90 días."
            ),
            complaints.FLAG_SAME_INSPECTOR_BUSINESS: self.tr(
                "El mismo inspector visitó el establecimiento 3 o más veces en 180 días."
            ),
            complaints.FLAG_AFTER_BAD_VERIFICATION: self.tr(
                "La denuncia siguió a una verificación cuya credencial no resultó válida."
            ),
        }

    def _date_text(self, text: str | None) -> str:
        day = _qdate(text)
        return labels.short_date(self._locale, day) if day else ""

    def _show_list(self, summaries: list[ComplaintSummary]) -> None:
        selected = self.selected_id()
        self.summaries = summaries
        kinds, statuses = kind_labels(), status_labels()
        short, long = self.flag_texts(), self.flag_descriptions()
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.table.blockSignals(True)
        self.table.setRowCount(len(summaries))
        for row, s in enumerate(summaries):
            cells = (
                " · ".join(short[f] for f in s.flags),
                s.folio,
                self._date_text(s.created_at),
                kinds.get(s.kind, s.kind),
                statuses.get(s.status, s.status),
                s.inspector_name,
                s.business_name,
                self._date_text(s.due_date),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                if column == 0 and s.flags:
                    item.setIcon(warning)
                    item.setForeground(QBrush(FLAG_COLOR))
                    item.setToolTip("\n".join(long[f] for f in s.flags))
                self.table.setItem(row, column, item)
            if s.id == selected:
                self.table.selectRow(row)
        self.table.blockSignals(False)
        self.counts.setText(
            self.tr("%1 denuncias, %2 con señales")
            .replace("%1", str(len(summaries)))
            .replace("%2", str(sum(1 for s in summaries if s.flags)))
        )
        self.loaded.emit()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.summaries):
            return None
        return self.summaries[rows[0].row()].id

    def _selection_changed(self) -> None:
        complaint_id = self.selected_id()
        shown = self.detail.summary.id if self.detail else None
        if complaint_id is not None and complaint_id != shown:
            self.open_complaint(complaint_id)

    def select_folio(self, folio: str) -> None:
        """Select (and so open) the complaint with ``folio`` if it is listed."""
        for row, s in enumerate(self.summaries):
            if s.folio == folio:
                self.table.selectRow(row)
                return

    def open_complaint(self, complaint_id: str) -> None:
        """Open one complaint (an audited read) and show it."""
        store, user = self._store, self._user
        self._runner.run_db(
            lambda: complaints.open_complaint(store, user, complaint_id),
            self._show_detail,
            self._failed,
        )

    def _show_detail(self, detail: ComplaintDetail) -> None:
        self.detail = detail
        self.message.setText("")
        s = detail.summary
        kinds, statuses, sources = kind_labels(), status_labels(), source_labels()
        self.detail_title.setText(self.tr("Denuncia %1").replace("%1", s.folio))
        descriptions = self.flag_descriptions()
        self.detail_flags.setText("\n".join("⚠ " + descriptions[f] for f in detail.flags))
        verdict = detail.verification_verdict
        values = {
            "status": statuses.get(s.status, s.status),
            "kind": kinds.get(s.kind, s.kind),
            "source": sources.get(s.source, s.source),
            "dates": " / ".join(
                t for t in (self._date_text(s.created_at), self._date_text(detail.occurred_at)) if t
            ),
            "location": detail.location,
            "inspector": s.inspector_name or self.tr("(no se menciona)"),
            "business": s.business_name or self.tr("(no se menciona)"),
            "verification": (
                self.tr("Credencial válida")
                if verdict == "valid"
                else self.tr("Credencial NO válida")
                if verdict
                else self.tr("(sin escaneo)")
            ),
            "investigator": detail.investigator_name or self.tr("(sin asignar)"),
            "due": self._date_text(s.due_date) or self.tr("(al asignar)"),
            "evidence": ", ".join(name for _sha, name, _mime in detail.attachments)
            or self.tr("(ninguna)"),
        }
        for key, text in values.items():
            self.fields[key].setText(text)
        self.description.setText(detail.description)
        if detail.anonymous:
            self.contact.setText(self.tr("Denuncia anónima."))
        else:
            lines = [detail.contact_name, detail.contact_phone, detail.contact_email]
            text = "\n".join(v for v in lines if v)
            if not detail.contact_visible:
                text += "\n" + self.tr("Sólo quien investiga esta denuncia ve el contacto.")
            self.contact.setText(text)
        self.history.setText(
            "\n".join(
                f"{self._date_text(h.at)} · {h.author}: "
                f"{statuses.get(h.from_status or '', h.from_status or '')} → "
                f"{statuses.get(h.to_status, h.to_status)}" + (f" — {h.reason}" if h.reason else "")
                for h in detail.history
            )
            or self.tr("Recibida; sin cambios de estado.")
        )
        self.notes.setText(
            "\n".join(f"{self._date_text(n.at)} · {n.author}: {n.body}" for n in detail.notes)
            or self.tr("(sin notas)")
        )
        self.response_edit.setPlainText(detail.public_response)
        index = self.assign_combo.findData(s.investigator_id)
        if index >= 0:
            self.assign_combo.setCurrentIndex(index)
        self._set_detail_enabled(True)
        self.detail_shown.emit(s.id)

    # -- actions ------------------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        messages.failure_handler(self.message.setText, self._lang)(error)

    def _write(self, op: Callable[[], object], after: Callable[[], None] | None = None) -> None:
        complaint_id = self.detail.summary.id if self.detail else None

        def done(_result: object) -> None:
            self.message.setText("")
            if after is not None:
                after()
            if complaint_id is not None:
                self.open_complaint(complaint_id)

        self._runner.run_db(op, done, self._failed, changes=CHANGES)

    def assign_selected(self) -> None:
        if self.detail is None:
            return
        store, user, cid = self._store, self._user, self.detail.summary.id
        investigator = self.assign_combo.currentData()
        self._write(lambda: complaints.assign(store, user, cid, investigator))

    def change_status(self, target: str) -> ReasonDialog | None:
        """Ask the reason, then move the open complaint to ``target``."""
        if self.detail is None:
            return None
        store, user, cid = self._store, self._user, self.detail.summary.id
        title = status_labels().get(target, target)
        prompt = self.tr("Motivo (queda en el historial y en la bitácora):")
        dialog = ReasonDialog(title, prompt, self)

        def submit(reason: str) -> None:
            failed = messages.failure_handler(dialog.show_error, self._lang)

            def done(_r: object) -> None:
                dialog.accept()
                self.open_complaint(cid)

            self._runner.run_db(
                lambda: complaints.transition(store, user, cid, target, reason),
                done,
                failed,
                changes=CHANGES,
            )

        dialog.submitted.connect(submit)
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_note(self) -> None:
        if self.detail is None:
            return
        store, user, cid = self._store, self._user, self.detail.summary.id
        body = self.note_edit.toPlainText()
        self._write(lambda: complaints.add_note(store, user, cid, body), self.note_edit.clear)

    def save_response(self) -> None:
        if self.detail is None:
            return
        store, user, cid = self._store, self._user, self.detail.summary.id
        text = self.response_edit.toPlainText()
        self._write(lambda: complaints.set_public_response(store, user, cid, text))

    def open_intake(self) -> IntakeDialog:
        """The desk intake form; on success the receipt replaces it."""
        dialog = IntakeDialog(self.inspectors, self.businesses, self)
        store, user = self._store, self._user

        def submit(fields: dict[str, Any]) -> None:
            failed = messages.failure_handler(dialog.show_error, self._lang)

            def done(receipt: ComplaintReceipt) -> None:
                dialog.accept()
                self.show_receipt(receipt.folio, receipt.followup_code)

            self._runner.run_db(
                lambda: complaints.file_complaint(store, user, **with_evidence_read(fields)),
                done,
                failed,
                changes=CHANGES | {"attachments", "attachment_links"},
            )

        dialog.submitted.connect(submit)
        self.dialog = dialog
        dialog.open()
        return dialog

    def show_receipt(self, folio: str, code: str) -> ReceiptDialog:
        dialog = ReceiptDialog(folio, code, self)
        self.dialog = dialog
        dialog.open()
        self.receipt_shown.emit(folio)
        return dialog

    def open_followup(self) -> FollowupDialog:
        """Folio + code → status and public response (wrong codes are slowed down)."""
        dialog = FollowupDialog(self)
        store = self._store

        def ask(folio: str, code: str) -> None:
            failed = messages.failure_handler(dialog.show_error, self._lang)

            self._runner.run_db(
                lambda: complaints.followup(store, folio, code), dialog.show_result, failed
            )

        dialog.requested.connect(ask)
        self.dialog = dialog
        dialog.open()
        return dialog
